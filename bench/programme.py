"""Benchmark: server time of the weekly programme page with 80 sessions.

Uses the resident-list benchmark's homes (120 residents each, built once by bench/data.py) and
gives the first home, once, a week of 80 sessions in 5 rooms with facilitators and about six
invitations each, plus appointments so the clash check has work to do. Then requests the week's
programme as a signed-in, two-factor-verified care worker through Django's full request stack
and reports the median and 95th percentile.

    make bench-programme
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/commonroom_bench_pages make bench-programme

Options: --requests N (default 200).
"""

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SESSIONS = 80


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    from bench.harness import start_django, time_get

    start_django()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from bench.data import build_homes, verify_two_factor

    home, user = build_homes(5, 120)
    monday = _week_of_sessions(home)
    client = Client()
    client.force_login(user)
    verify_two_factor(client, user)
    url = reverse("activities:programme", args=[home.slug]) + f"?week={monday:%Y-%m-%d}"
    timing = time_get(client, url, args.requests)
    cards = timing.body.count("govuk-summary-card__title-wrapper")
    print(f"database: {connection.vendor}; sessions shown: {cards}; queries: {timing.queries}")
    print(timing.line("programme page", args.requests))


def _week_of_sessions(home):  # type: ignore[no-untyped-def]
    """Make (once) a busy week two weeks ahead and return its Monday."""
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from commonroom.activities.models import (
        Activity,
        Appointment,
        Category,
        Invitation,
        Room,
        Session,
    )
    from commonroom.homes.models import Membership
    from commonroom.homes.roles import STAFF_ROLES
    from commonroom.residents.models import Resident

    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=14)
    with scopes_disabled():
        if Session.objects.filter(home=home).exists():
            first = Session.objects.filter(home=home).order_by("starts_at").first()
            local = timezone.localtime(first.starts_at).date()
            return local - dt.timedelta(days=local.weekday())
        rng = random.Random(80)
        org = home.organisation
        rooms = [
            Room.objects.create(home=home, organisation=org, name=f"Room {n}", capacity=12)
            for n in range(5)
        ]
        activities = [
            Activity.objects.create(
                home=home, organisation=org, title=f"Activity {n}", category=category
            )
            for n, category in enumerate(Category.values)
        ]
        staff = list(Membership.objects.filter(home=home, role__in=STAFF_ROLES))
        residents = list(Resident.objects.filter(home=home))
        for n in range(SESSIONS):
            day = monday + dt.timedelta(days=n % 7)
            starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9 + n % 9)))
            session = Session.objects.create(
                home=home,
                organisation=org,
                activity=activities[n % len(activities)],
                room=rooms[n % len(rooms)],
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=1),
                capacity=10,
            )
            session.facilitators.set(rng.sample(staff, min(2, len(staff))))
            Invitation.objects.bulk_create(
                Invitation(
                    home=home, organisation=org, session=session, resident=r, status="invited"
                )
                for r in rng.sample(residents, 6)
            )
        for resident in rng.sample(residents, 20):
            starts = timezone.make_aware(dt.datetime.combine(monday, dt.time(10)))
            Appointment.objects.create(
                home=home,
                organisation=org,
                resident=resident,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                what="Hairdresser",
            )
    return monday


if __name__ == "__main__":
    main()

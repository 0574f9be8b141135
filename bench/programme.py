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
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SESSIONS = 80


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonroom.settings")
    if "DATABASE_URL" not in os.environ:
        bench_dir = ROOT / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{bench_dir / 'bench.sqlite3'}"
    os.environ["AXES_ENABLED"] = "0"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from bench.data import build_homes, verify_two_factor

    call_command("migrate", verbosity=0)
    home, user = build_homes(5, 120)
    monday = _week_of_sessions(home)
    client = Client()
    client.force_login(user)
    verify_two_factor(client, user)
    url = reverse("activities:programme", args=[home.slug]) + f"?week={monday:%Y-%m-%d}"

    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    cards = response.content.decode().count("govuk-summary-card__title-wrapper")

    for _ in range(10):
        client.get(url)
    timings = []
    for _ in range(args.requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"database: {connection.vendor}; sessions shown: {cards}; queries per page: {len(queries)}"
    )
    print(
        f"programme page server time over {args.requests} requests: "
        f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms"
    )


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

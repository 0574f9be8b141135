"""Realistic bulk data for benchmarks: homes full of residents with everything a record holds."""

import datetime as dt
import random

from django.db import transaction
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from commonroom.accounts.models import User
from commonroom.circle.models import Contact
from commonroom.homes.models import Home, Membership, Organisation
from commonroom.homes.roles import Role
from commonroom.residents.models import (
    AboutMeSection,
    AssistiveTechnology,
    ConsentRecord,
    Interest,
    PersonalPlan,
    Resident,
    ResidentInterest,
)

FIRST = ["Margaret", "Arthur", "Gwen", "Harjit", "Stanisław", "Mei", "Desmond", "Fatima", "Iain"]
LAST = ["Ellis", "Singh", "Jones", "Kaur", "Nowak", "Wong", "Campbell", "Begum", "MacLeod"]
LANGUAGES = ["English", "Welsh", "Punjabi", "Polish", "Cantonese", "Scottish Gaelic", "Urdu"]


def build_homes(homes: int, residents_per_home: int) -> tuple[Home, User]:
    """Create the benchmark homes once (reused on later runs); return the first home and a
    care worker of it."""
    with scopes_disabled():
        existing = Home.objects.filter(slug="bench-home-1").first()
        if existing is None:
            with transaction.atomic():
                organisation = Organisation.objects.create(name="Bench Care")
                for number in range(1, homes + 1):
                    _build_home(organisation, number, residents_per_home)
        home = Home.objects.get(slug="bench-home-1")
        membership = Membership.objects.get(home=home, role=Role.CARE_WORKER)
        return home, membership.user


def _build_home(organisation: Organisation, number: int, size: int) -> None:
    rng = random.Random(number)
    home = Home.objects.create(
        organisation=organisation,
        name=f"Bench Home {number}",
        slug=f"bench-home-{number}",
        nation=rng.choice(list(Home.Nation.values)),
    )
    worker = User.objects.create_user(f"carer{number}@bench.invalid", None, full_name="Bench Carer")
    Membership.objects.create(home=home, user=worker, role=Role.CARE_WORKER)
    today = dt.date.today()
    residents = Resident.objects.bulk_create(
        Resident(
            home=home,
            organisation=organisation,
            full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
            preferred_name=rng.choice(FIRST),
            date_of_birth=dt.date(1930 + rng.randrange(25), rng.randrange(1, 13), 1),
            room=str(i),
            admission_date=today - dt.timedelta(days=rng.randrange(5, 2000)),
            status_since=today - dt.timedelta(days=rng.randrange(1, 5)),
            first_language=rng.choice(LANGUAGES),
            preferred_language=rng.choice(LANGUAGES),
            hearing=rng.choice(["none", "some", "significant"]),
            memory=rng.choice(["none", "some", "significant"]),
        )
        for i in range(1, size + 1)
    )
    interests = list(Interest.objects.all()[:40]) or [
        Interest.objects.create(slug=f"bench-{i}", name=f"Interest {i}", category="other")
        for i in range(10)
    ]
    _bulk_related(home, organisation, residents, interests, rng, today)


def _bulk_related(home, organisation, residents, interests, rng, today) -> None:  # type: ignore[no-untyped-def]
    common = {"home": home, "organisation": organisation}
    Contact.objects.bulk_create(
        Contact(**common, resident=r, name=f"Relative {n}", relationship="child")
        for r in residents
        for n in range(rng.randrange(0, 6))
    )
    ResidentInterest.objects.bulk_create(
        ResidentInterest(**common, resident=r, interest=interest)
        for r in residents
        for interest in rng.sample(interests, min(4, len(interests)))
    )
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            **common,
            resident=r,
            purpose=purpose,
            decision="given",
            given_by="person",
            decided_on=today - dt.timedelta(days=30),
        )
        for r in residents
        for purpose in ("photos", "updates")
    )
    PersonalPlan.objects.bulk_create(
        PersonalPlan(
            **common, resident=r, next_review_on=today + dt.timedelta(rng.randrange(-60, 180))
        )
        for r in residents
    )
    AssistiveTechnology.objects.bulk_create(
        AssistiveTechnology(
            **common,
            resident=r,
            kind="hearing_aid",
            next_check_on=today + dt.timedelta(rng.randrange(-30, 90)),
        )
        for r in residents
    )
    AboutMeSection.objects.bulk_create(
        AboutMeSection(**common, resident=r, section=section, text="A few warm sentences. " * 20)
        for r in residents
        for section in AboutMeSection.Section.values
    )


def verify_two_factor(client: Client, user: User) -> None:
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "bench"}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

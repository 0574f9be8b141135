"""Small make_* helpers for tests: plain functions, sensible defaults, keyword overrides."""

import datetime as dt
import functools
import itertools
from typing import Any

from django.contrib.auth.hashers import make_password
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from commonroom.accounts.models import User
from commonroom.circle.models import Contact
from commonroom.homes.models import Home, Membership, Organisation
from commonroom.homes.roles import STAFF_ROLES
from commonroom.residents.models import ConsentRecord, Resident

_counter = itertools.count(1)

PASSWORD = "correct horse battery staple"


def make_organisation(**overrides: Any) -> Organisation:
    values: dict[str, Any] = {"name": f"Provider {next(_counter)}"}
    values.update(overrides)
    return Organisation.objects.create(**values)


def make_home(organisation: Organisation | None = None, **overrides: Any) -> Home:
    n = next(_counter)
    values: dict[str, Any] = {
        "organisation": organisation or make_organisation(),
        "name": f"Home {n}",
        "slug": f"home-{n}",
        "nation": Home.Nation.SCOTLAND,
    }
    values.update(overrides)
    return Home.objects.create(**values)


@functools.cache
def _password_hash() -> str:
    # Argon2 is slow on purpose; hash the shared test password once, not once per user.
    return make_password(PASSWORD)


def make_user(**overrides: Any) -> User:
    n = next(_counter)
    email = overrides.pop("email", f"person{n}@example.org")
    values: dict[str, Any] = {"full_name": f"Person {n}"}
    values.update(overrides)
    user = User.objects.create_user(email, None, **values)
    user.password = _password_hash()
    user.save(update_fields=["password"])
    return user


def make_member(home: Home, role: str, user: User | None = None) -> Membership:
    return Membership.objects.create(home=home, user=user or make_user(), role=role)


def make_resident(home: Home, **overrides: Any) -> Resident:
    n = next(_counter)
    values: dict[str, Any] = {
        "home": home,
        "full_name": f"Resident Number{n}",
        "preferred_name": f"Res{n}",
        "admission_date": dt.date(2024, 1, 10),
        "status_since": dt.date(2024, 1, 10),
        "room": str(n),
    }
    values.update(overrides)
    return Resident.objects.create(**values)


def make_contact(resident: Resident, **overrides: Any) -> Contact:
    n = next(_counter)
    values: dict[str, Any] = {
        "home": resident.home,
        "resident": resident,
        "name": f"Contact {n}",
        "relationship": Contact.Relationship.CHILD,
    }
    values.update(overrides)
    return Contact.objects.create(**values)


def give_consent(resident: Resident, purpose: str, **overrides: Any) -> ConsentRecord:
    values: dict[str, Any] = {
        "home": resident.home,
        "resident": resident,
        "purpose": purpose,
        "decision": ConsentRecord.Decision.GIVEN,
        "given_by": ConsentRecord.GivenBy.PERSON,
        "decided_on": dt.date(2024, 2, 1),
    }
    values.update(overrides)
    return ConsentRecord.objects.create(**values)


def verified_device(user: User) -> TOTPDevice:
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "test"}
    )
    return device


def client_for(user: User) -> Client:
    """A test client signed in as ``user``, past two-factor when the user is staff anywhere."""
    client = Client()
    client.force_login(user)
    if user.memberships.filter(role__in=STAFF_ROLES).exists():
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
        session.save()
    return client

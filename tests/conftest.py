"""Shared personas (house rule 10): every view is tested as each of them."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from commonroom.accounts.models import User
from commonroom.circle.models import Contact
from commonroom.homes.models import Home
from commonroom.homes.roles import Role
from commonroom.residents.models import ConsentRecord, Resident

from .factories import (
    client_for,
    give_consent,
    make_contact,
    make_home,
    make_member,
    make_organisation,
    make_resident,
    make_user,
)


@pytest.fixture(autouse=True)
def _no_scopes_in_test_code() -> Iterator[None]:
    """Test set-up may touch any home; views still run inside their own home's scope."""
    with scopes_disabled():
        yield


@dataclass
class World:
    home_a: Home
    home_b: Home
    resident_a: Resident
    """Lives in home A; has a family member with portal access and consent to updates."""
    resident_a2: Resident
    """Lives in home A; signs in themselves."""
    resident_b: Resident
    """Lives in home B."""
    family_contact: Contact
    manager_a: User
    senior_carer_a: User
    care_worker_a: User
    activity_lead_a: User
    volunteer_a: User
    visitor_a: User
    manager_b: User
    family_a: User
    resident_user: User

    def client(self, persona: str) -> Client:
        return client_for(getattr(self, persona))


PERSONAS = [
    "manager_a",
    "senior_carer_a",
    "care_worker_a",
    "activity_lead_a",
    "volunteer_a",
    "visitor_a",
    "manager_b",
    "family_a",
    "resident_user",
]


@pytest.fixture
def world(db: None) -> World:
    organisation = make_organisation(name="Kindly Care")
    home_a = make_home(organisation, name="Rowan House", slug="rowan-house")
    home_b = make_home(
        make_organisation(name="Other Provider"),
        name="Birch Court",
        slug="birch-court",
        nation=Home.Nation.ENGLAND,
    )
    resident_a = make_resident(home_a, full_name="Margaret Ellis", preferred_name="Peggy")
    resident_user = make_user(full_name="Arthur Singh", email="arthur@example.org")
    resident_a2 = make_resident(
        home_a, full_name="Arthur Singh", preferred_name="Arthur", user=resident_user
    )
    resident_b = make_resident(home_b, full_name="Brenda Jones", preferred_name="Bren")
    family_a = make_user(full_name="Susan Ellis", email="susan@example.org")
    family_contact = make_contact(
        resident_a,
        name="Susan Ellis",
        user=family_a,
        may_receive_updates=True,
        email="susan@example.org",
    )
    give_consent(resident_a, ConsentRecord.Purpose.UPDATES)
    people = {
        "manager_a": (home_a, Role.MANAGER),
        "senior_carer_a": (home_a, Role.SENIOR_CARER),
        "care_worker_a": (home_a, Role.CARE_WORKER),
        "activity_lead_a": (home_a, Role.ACTIVITY_LEAD),
        "volunteer_a": (home_a, Role.VOLUNTEER),
        "visitor_a": (home_a, Role.VISITOR),
        "manager_b": (home_b, Role.MANAGER),
    }
    users = {name: make_member(home, role).user for name, (home, role) in people.items()}
    make_member(home_a, Role.FAMILY, family_a)
    make_member(home_a, Role.RESIDENT, resident_user)
    return World(
        home_a=home_a,
        home_b=home_b,
        resident_a=resident_a,
        resident_a2=resident_a2,
        resident_b=resident_b,
        family_contact=family_contact,
        family_a=family_a,
        resident_user=resident_user,
        **users,
    )

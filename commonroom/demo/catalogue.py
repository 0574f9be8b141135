"""The demo organisation, its two homes, and the list of sign-ins printed for people trying it."""

from dataclasses import dataclass

from commonroom.homes.models import Home
from commonroom.homes.roles import STAFF_ROLES, Role

from . import birch, rowan
from .generated import ENGLAND, SCOTLAND, generate
from .specs import HomeSpec

ORGANISATION_NAME = "Heatherfield Care"

HOMES = (
    HomeSpec(
        name="Rowan House",
        slug="rowan-house",
        nation=Home.Nation.SCOTLAND,
        address="12 Kirk Brae\nPerth\nPH2 7AB",
        phone="01632 960 101",
        people=rowan.PEOPLE + generate(SCOTLAND, seed=2024, first_room=22),
        staff=rowan.STAFF,
        peers=rowan.PEERS,
    ),
    HomeSpec(
        name="Birch Court",
        slug="birch-court",
        nation=Home.Nation.ENGLAND,
        address="41 Church Road\nHandsworth\nBirmingham\nB21 9AA",
        phone="01632 960 202",
        people=birch.PEOPLE + generate(ENGLAND, seed=1956, first_room=14),
        staff=birch.STAFF,
        peers=birch.PEERS,
    ),
)


@dataclass(frozen=True)
class SignIn:
    email: str
    full_name: str
    role: str
    home: str

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


def sign_ins() -> list[SignIn]:
    """Every demo account a person can sign in with, in the order of the roles."""
    order = list(Role.values)
    found = []
    for home in HOMES:
        for staff in home.staff:
            if staff.can_sign_in:
                found.append(SignIn(staff.email, staff.full_name, staff.role, home.name))
        for person in home.people:
            if person.account:
                found.append(SignIn(person.account, person.full_name, Role.RESIDENT, home.name))
            for contact in person.contacts:
                if contact.account:
                    found.append(SignIn(contact.account, contact.name, Role.FAMILY, home.name))
    return sorted(found, key=lambda s: (s.home != HOMES[0].name, order.index(s.role)))

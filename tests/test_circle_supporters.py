"""The home's page of named supporters, updates and door codes."""

import datetime as dt

import pytest
from django.urls import reverse

from commonroom.circle.models import SupportRole
from commonroom.circle.services.supporters import supporters_overview
from commonroom.homes.models import Home
from commonroom.homes.roles import Role
from commonroom.residents.models import Resident

from .conftest import World
from .factories import client_for, make_contact, make_home, make_member, make_resident


def url(home: Home) -> str:
    return reverse("circle:supporters", args=[home.slug])


@pytest.mark.parametrize("persona", ["manager_a", "senior_carer_a", "care_worker_a"])
def test_staff_with_contact_details_see_it(world: World, persona: str) -> None:
    assert world.client(persona).get(url(world.home_a)).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("activity_lead_a", 403),
        ("volunteer_a", 403),
        ("visitor_a", 403),
        ("family_a", 403),
        ("resident_user", 403),
        ("manager_b", 404),
    ],
)
def test_others_are_refused(world: World, persona: str, status: int) -> None:
    assert world.client(persona).get(url(world.home_a)).status_code == status


def test_scotland_lists_residents_without_an_essential_care_supporter(world: World) -> None:
    make_contact(
        world.resident_a,
        name="Anne Ellis",
        support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER,
        phone="0131 496 0001",
        has_door_code=True,
    )
    make_contact(
        world.resident_a2,
        name="Former supporter",
        support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER,
        role_until=dt.date(2020, 1, 1),
    )
    make_resident(world.home_a, preferred_name="Gone", status=Resident.Status.MOVED_OUT)
    page = world.client("manager_a").get(url(world.home_a)).content.decode()
    assert "Anne&#x27;s Law" in page
    missing = page.split('id="without-supporter"')[1].split("</ul>")[0]
    assert "Arthur" in missing and "Peggy" not in missing
    assert "0131 496 0001" in page
    assert "Susan Ellis" in page  # may receive updates
    assert "Gone" not in page


def test_english_home_shows_care_supporters(db: None) -> None:
    home = make_home(nation=Home.Nation.ENGLAND)
    resident = make_resident(home, preferred_name="Ivy")
    make_contact(resident, name="Care Supporter Sam", support_role=SupportRole.CARE_SUPPORTER)
    make_resident(home, preferred_name="Noor")
    page = client_for(make_member(home, Role.MANAGER).user).get(url(home)).content.decode()
    assert "Care supporter" in page and "Care Supporter Sam" in page
    assert "Anne&#x27;s Law" not in page
    assert "no care supporter recorded" in page


def test_substitutes_are_listed(world: World) -> None:
    named = make_contact(
        world.resident_a, name="Anne Ellis", support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER
    )
    make_contact(world.resident_a, name="Rev. Okafor", substitute_for=named)
    page = world.client("manager_a").get(url(world.home_a)).content.decode()
    assert "Rev. Okafor (substitute for Anne Ellis)" in page


def test_constant_queries(world: World, django_assert_max_num_queries: object) -> None:
    client = world.client("manager_a")
    client.get(url(world.home_a))  # warm the session and the 2FA device look-ups
    with django_assert_max_num_queries(20) as few:  # type: ignore[operator]
        client.get(url(world.home_a))
    for _ in range(15):
        resident = make_resident(world.home_a)
        named = make_contact(resident, support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER)
        make_contact(resident, substitute_for=named, has_door_code=True)
    with django_assert_max_num_queries(len(few)):  # type: ignore[operator]
        response = client.get(url(world.home_a))
    assert response.content.decode().count("substitute for") == 15


def test_a_substitute_is_listed_once_as_a_substitute(world: World) -> None:
    supporter = make_contact(
        world.resident_a, name="Anne Ellis", support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER
    )
    substitute = make_contact(
        world.resident_a,
        name="Calum Ellis",
        support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER,
        substitute_for=supporter,
    )
    row = next(r for r in supporters_overview(world.home_a).rows if r.resident == world.resident_a)
    assert row.supporters == [supporter]
    assert row.substitutes == [substitute]

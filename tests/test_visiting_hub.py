"""The visiting hub: staff see the building, the day's reservations, restrictions with overdue
reviews in words and door codes due; family members and residents see whether visiting their
person is open, what a restriction means and whom to ask, and their own reservations."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from commonroom.visiting.models import (
    Reservation,
    Restriction,
    RestrictionResident,
    Space,
    Visit,
    Visitor,
)
from commonroom.visiting.services.spaces import ReservationInput, reserve, save_space

from .conftest import PERSONAS


def _url(world, name="index"):
    return reverse(f"visiting:{name}", args=[world.home_a.slug])


def restriction(home, *, scope=Restriction.Scope.HOME, review_in=7, residents=(), **extra):
    values = {
        "title": "Norovirus on the first floor",
        "scope": scope,
        "area_name": "First floor" if scope == Restriction.Scope.AREA else "",
        "level": Restriction.Level.PAUSED,
        "risk": "Spread of infection",
        "risk_assessment": "Two residents unwell",
        "precautions": "Wash your hands at the door",
        "alternatives_considered": "Visits in the garden",
        "consulted": "Residents and families, the health protection team",
        "contact_name": "Ailsa Grant, deputy manager",
        "contact_details": "01234 567890",
        "started_at": timezone.now() - dt.timedelta(days=3),
        "next_review_on": timezone.localdate() + dt.timedelta(days=review_in),
    }
    values.update(extra)
    made = Restriction.objects.create(home=home, organisation_id=home.organisation_id, **values)
    for resident in residents:
        RestrictionResident.objects.create(
            home=home, organisation_id=home.organisation_id, restriction=made, resident=resident
        )
    return made


@pytest.fixture
def busy(world):
    home = world.home_a
    space = save_space(
        home, None, actor=None, name="Café", kind="cafe", capacity=10, can_reserve=True
    )
    day = timezone.localdate() + dt.timedelta(days=1)
    for hour, resident in ((22, world.resident_a), (23, world.resident_a2)):
        reserve(
            home,
            ReservationInput(
                kind="space",
                resident=resident,
                day=day,
                space=space,
                start=dt.time(hour - 2),
                end=dt.time(hour - 1),
                guests=2,
                guest_names="Nain 👵🏽",
            ),
            actor=None,
        )
    for n in range(5):
        visitor = Visitor.objects.create(
            home=home, organisation_id=home.organisation_id, name=f"Visitor {n}"
        )
        visit = Visit.objects.create(
            home=home,
            organisation_id=home.organisation_id,
            visitor=visitor,
            signed_in_at=timezone.now() - dt.timedelta(minutes=30),
            signed_out_at=None if n < 2 else timezone.now(),
        )
        visit.residents.add(world.resident_a)
    restriction(home, review_in=-2, scope=Restriction.Scope.AREA, residents=[world.resident_a2])
    return space


@pytest.mark.parametrize("persona", PERSONAS)
def test_hub_per_persona_in_bounded_queries(world, busy, persona, django_assert_max_num_queries):
    client = world.client(persona)
    with django_assert_max_num_queries(14):
        response = client.get(_url(world))
    if persona == "manager_b":
        assert response.status_code == 404
        return
    assert response.status_code == 200
    page = response.content.decode()
    if persona in ("family_a", "resident_user"):
        assert "Reserve a space or join a meal" in page
        assert "You never need to reserve to visit" in page
        assert "In the building now" not in page
    else:
        assert "In the building now" in page
        assert "Review overdue" in page and "Norovirus on the first floor" in page
        assert "Visitors" in page or "Places to meet" in page
    if persona == "family_a":
        # Peggy is not on the first floor: visiting her is open; Arthur's name never shows.
        assert "Visiting Peggy (Margaret Ellis) is open" in page and "Arthur" not in page
    if persona == "resident_user":
        assert "Visits to Arthur Singh are paused" in page
        assert "Ailsa Grant, deputy manager" in page and "01234 567890" in page
        assert "essential care supporter" in page


def test_staff_hub_counts_the_building_and_flags_overdue_reviews(world, busy):
    page = world.client("manager_a").get(_url(world)).content.decode()
    assert "visitors signed in and not yet signed out" in page
    assert "Review overdue: it was due on" in page
    assert "All door codes are up to date" in page
    assert (
        "Door codes to change"
        not in world.client("care_worker_a").get(_url(world)).content.decode()
    )


def test_query_count_does_not_grow_with_more_reservations(
    world, busy, django_assert_max_num_queries
):
    client = world.client("manager_a")
    client.get(_url(world))
    for n in range(10):
        Reservation.objects.create(
            home=world.home_a,
            organisation_id=world.home_a.organisation_id,
            kind="meal",
            meal="lunch",
            resident=world.resident_a,
            starts_at=timezone.now() + dt.timedelta(minutes=n + 1),
            ends_at=timezone.now() + dt.timedelta(minutes=n + 30),
        )
    with django_assert_max_num_queries(14):
        assert client.get(_url(world)).status_code == 200
    family = world.client("family_a")
    with django_assert_max_num_queries(14):
        assert family.get(_url(world)).status_code == 200


def test_whole_home_restriction_reaches_every_family(world):
    restriction(world.home_a, level=Restriction.Level.PRECAUTIONS)
    page = world.client("family_a").get(_url(world)).content.decode()
    assert "Visiting Peggy (Margaret Ellis) is open, with some precautions" in page
    assert "Wash your hands at the door" in page


def test_lifted_restriction_no_longer_shows(world):
    restriction(world.home_a, lifted_at=timezone.now())
    page = world.client("family_a").get(_url(world)).content.decode()
    assert "Visiting Peggy (Margaret Ellis) is open" in page
    staff = world.client("manager_a").get(_url(world)).content.decode()
    assert "None. Visiting is open." in staff


def test_family_sees_only_their_own_upcoming_reservations(world, busy):
    page = world.client("family_a").get(_url(world)).content.decode()
    assert page.count("Cancel this reservation") == 0  # booked by nobody: the home's own
    assert "With Peggy (Margaret Ellis), 2 guests" in page and "With Arthur" not in page
    assert Space.objects.filter(home=world.home_a).count() == 1


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "manager_b"])
def test_every_link_the_hub_shows_opens_for_that_persona(world, busy, persona):
    """The hub offers only what the person may use: no link ends in "You cannot do this"."""
    client = world.client(persona)
    page = client.get(_url(world)).content.decode()
    prefix = f"/homes/{world.home_a.slug}/visiting/"
    links = set(re.findall(r'href="(' + re.escape(prefix) + r'[^"]*)"', page))
    assert links, "the hub links to its pages"
    for link in sorted(links):
        response = client.get(link)
        assert response.status_code == 200, (persona, link, response.status_code)

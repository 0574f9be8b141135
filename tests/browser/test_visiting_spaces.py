"""A family member on a phone opens Visiting, reserves the family room for Sunday tea and sees
it listed; anyone reads the home's visitor information on a phone without signing in."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from commonroom.homes.roles import Role
from commonroom.lib.dates import today
from commonroom.residents.models import ConsentRecord
from commonroom.visiting.models import Reservation
from commonroom.visiting.services.spaces import save_information, save_space

from ..factories import (
    PASSWORD,
    give_consent,
    make_contact,
    make_home,
    make_member,
    make_resident,
    make_user,
)
from .conftest import check_accessibility, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def home():  # type: ignore[no-untyped-def]
    with scopes_disabled():
        home = make_home(slug="heather-view", name="Heather View")
        family = make_user(email="susan@example.org", full_name="Susan Ellis")
        make_member(home, Role.FAMILY, family)
        peggy = make_resident(home, full_name="Margaret Ellis", preferred_name="Peggy")
        make_contact(peggy, name="Susan Ellis", user=family, may_receive_updates=True)
        give_consent(peggy, ConsentRecord.Purpose.UPDATES)
        make_resident(home, full_name="Joan Price", preferred_name="Joan")
        save_space(
            home,
            None,
            actor=None,
            name="Family room",
            kind="family_room",
            capacity=8,
            description="A private room with a sofa and a table for a meal together.",
            step_free=True,
            accessible_toilet_near=True,
            hearing_loop=True,
            can_reserve=True,
        )
        save_space(
            home,
            None,
            actor=None,
            name="Garden",
            kind="garden",
            capacity=20,
            description="Level paths, raised beds and benches in the sun.",
            step_free=True,
            outdoor=True,
        )
        save_information(
            home,
            actor=None,
            welcome="Visiting is open every day. Come when it suits you; no need to book.",
            getting_here="The 7 bus stops at the gate. Use the front door by the café.",
            parking="Eight spaces at the front, two of them wide.",
            meals="Join any meal; tell us the day before so the kitchen can lay a place.",
            pets="Dogs on leads are welcome, except in the dining room.",
            during_outbreak="Named care supporters still visit, whatever happens.",
            contact_name="Deputy manager",
            contact_details="01632 960 101",
            door_code_rotation_days=90,
        )
    return home


def test_family_reserves_a_space_on_a_phone(page: Page, home) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "susan@example.org", PASSWORD)
    page.goto(f"/homes/{home.slug}/")
    page.get_by_role("link", name="Visiting").first.click()
    expect(
        page.get_by_role("heading", name="Visiting Peggy (Margaret Ellis) is open")
    ).to_be_visible()
    check_accessibility(page)
    screenshot(page, "visiting-family-hub")

    page.get_by_role("button", name="Reserve a space or join a meal").click()
    expect(page.get_by_role("heading", name="Reserve a space", exact=True)).to_be_visible()
    sunday = today() + dt.timedelta(days=(6 - today().weekday()) or 7)
    page.get_by_label("Day").fill(sunday.isoformat())
    page.get_by_label("Space").select_option(label="Family room (suits 8)")
    page.get_by_label("From").fill("15:00")
    page.get_by_label("Until").fill("16:30")
    page.get_by_label("How many guests are coming?").fill("3")
    page.get_by_label("Who is coming").fill("Susan, Tom and little Isla")
    check_accessibility(page)
    screenshot(page, "visiting-reserve")
    page.get_by_role("button", name="Reserve the space").click()

    expect(page.get_by_text("Family room is reserved for you")).to_be_visible()
    expect(page.get_by_role("heading", name="Family room")).to_be_visible()
    expect(page.get_by_text("Susan, Tom and little Isla")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "visiting-family-reserved")
    with scopes_disabled():
        made = Reservation.objects.get()
    assert made.guests == 3 and made.resident.full_name == "Margaret Ellis"


def test_public_visitor_information_on_a_phone(page: Page, home) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/visit/{home.slug}/")
    expect(page.get_by_role("heading", name="Visiting is open")).to_be_visible()
    expect(page.get_by_text("The 7 bus stops at the gate.")).to_be_visible()
    expect(page.get_by_role("heading", name="Family room")).to_be_visible()
    assert "Margaret" not in page.content() and "Joan" not in page.content()
    check_accessibility(page)
    screenshot(page, "visiting-public-information")

"""A manager declares an outbreak on a phone, sees it listed with who it covers, then lifts it;
the families are told in writing each time. Accessible at every step."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from commonroom.circle.models import SupportRole
from commonroom.homes.roles import Role
from commonroom.lib.dates import today
from commonroom.visiting.models import Restriction, RestrictionNotice

from ..factories import (
    PASSWORD,
    make_contact,
    make_home,
    make_member,
    make_resident,
    make_user,
    verified_device,
)
from .conftest import check_accessibility, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def outbreak_home():  # type: ignore[no-untyped-def]
    with scopes_disabled():
        home = make_home(slug="thistle-lodge", name="Thistle Lodge")
        manager = make_user(email="morag@example.org", full_name="Morag Grant")
        make_member(home, Role.MANAGER, manager)
        key = bytes.fromhex(verified_device(manager).key)
        jean = make_resident(home, full_name="Jean Murray", preferred_name="Jean", room="4")
        make_resident(home, full_name="Hamish Reid", preferred_name="Hamish", room="7")
        make_contact(
            jean,
            name="Fiona Murray",
            email="fiona@example.org",
            support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER,
        )
    return home, manager, key


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_declare_and_lift_an_outbreak(page: Page, outbreak_home) -> None:  # type: ignore[no-untyped-def]
    home, manager, key = outbreak_home
    sign_in(page, manager.email, PASSWORD, key)

    page.goto(f"/homes/{home.slug}/visiting/restrictions/")
    check_accessibility(page)
    expect(page.get_by_text("No restrictions are in force")).to_be_visible()
    page.get_by_role("link", name="Declare a restriction").click()
    check_accessibility(page)

    page.get_by_label("What it is", exact=True).fill("Norovirus outbreak")
    page.get_by_label("The whole home", exact=True).check()
    page.get_by_label("Visits paused, except named care supporters").check()
    page.get_by_label("I confirm that pausing visits is essential").check()
    page.get_by_label("The risk", exact=True).fill("Six residents and three staff with sickness.")
    page.get_by_label("How the risk was assessed", exact=True).fill(
        "With the health protection team today."
    )
    page.get_by_label("Precautions visitors are asked to take").fill("Wash hands on arrival.")
    page.get_by_label("Less restrictive options considered", exact=True).fill(
        "Visits in the garden room only: not enough while cases are rising."
    )
    page.get_by_label("Who was consulted", exact=True).fill(
        "Residents' meeting and families by phone."
    )
    page.get_by_label("The residents affected were asked", exact=True).check()
    page.get_by_label("Their families were asked", exact=True).check()
    page.get_by_label("Named contact", exact=True).fill("Morag Grant")
    page.get_by_label("How to reach them", exact=True).fill("01234 567890")
    page.get_by_label("Next review", exact=True).fill((today() + dt.timedelta(days=3)).isoformat())
    screenshot(page, "visiting-outbreak-declare")
    page.get_by_role("button", name="Declare and send notices").click()
    page.wait_for_load_state()

    expect(page.get_by_role("heading", name="Norovirus outbreak")).to_be_visible()
    expect(page.get_by_text("Fiona Murray (Essential care supporter)")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "visiting-outbreak-restriction")
    with scopes_disabled():
        restriction = Restriction.objects.get(home=home)
        assert restriction.covered.count() == 2
        assert RestrictionNotice.objects.filter(restriction=restriction).count() == 1

    page.goto(f"/homes/{home.slug}/visiting/restrictions/")
    expect(page.get_by_role("link", name="Norovirus outbreak")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "visiting-outbreak-list")

    page.get_by_role("link", name="Norovirus outbreak").click()
    page.get_by_role("link", name="Lift it").click()
    check_accessibility(page)
    page.get_by_label("Why it is being lifted", exact=True).fill("No new cases for 48 hours.")
    page.get_by_role("button", name="Lift it and send notices").click()
    page.wait_for_load_state()
    expect(page.get_by_text("The restriction was lifted")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "visiting-outbreak-lifted")
    with scopes_disabled():
        restriction.refresh_from_db()
        assert not restriction.is_active
        events = set(restriction.notices.values_list("event", flat=True))
        assert events == {"started", "lifted"}

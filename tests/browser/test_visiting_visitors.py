"""A manager adds a visitor, prints their pass and gives them a door code; a carer records a
resident going out with family and coming back; the resident's visiting preferences. Each page is
checked with axe-core and photographed for docs/visiting-visitors.md."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from commonroom.circle.models import Contact
from commonroom.connections.models import Moment
from commonroom.homes.models import Home
from commonroom.homes.roles import Role
from commonroom.visiting.models import Outing, Visitor

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
def home():  # type: ignore[no-untyped-def]
    with scopes_disabled():
        place = make_home(slug="larch-lodge", name="Larch Lodge", nation=Home.Nation.SCOTLAND)
        manager = make_user(email="morag@example.org", full_name="Morag Reid")
        make_member(place, Role.MANAGER, manager)
        key = bytes.fromhex(verified_device(manager).key)
        peggy = make_resident(place, full_name="Margaret Ellis", preferred_name="Peggy")
        make_contact(
            peggy,
            name="Susan Ellis",
            relationship=Contact.Relationship.CHILD,
            relationship_detail="daughter",
        )
    return place, manager, key, peggy


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_visitor_pass_door_code_and_a_visit_out(page: Page, home) -> None:  # type: ignore[no-untyped-def]
    place, manager, key, peggy = home
    sign_in(page, manager.email, PASSWORD, key)
    page.goto(f"/homes/{place.slug}/visiting/visitors/")
    page.get_by_label("Name", exact=True).fill("Susan Ellis")
    page.get_by_role("button", name="Add visitor").click()
    page.get_by_label("In a resident's circle as").select_option(
        label="Susan Ellis — daughter of Peggy"
    )
    page.get_by_label("Peggy (Margaret Ellis)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The visitor's details were saved.")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "visiting-visitor-phone")

    page.get_by_role("link", name="Give a pass").click()
    page.get_by_role("button", name="Make the pass").click()
    expect(page.get_by_role("img", name="QR code for Susan Ellis's visitor pass")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "visiting-visitor-pass-phone")

    page.goto(f"/homes/{place.slug}/visiting/visitors/")
    page.get_by_role("link", name="Susan Ellis").click()
    page.get_by_role("link", name="Give a door code").click()
    page.get_by_role("button", name="Give a door code").click()
    expect(page.get_by_role("heading", name="The new door code")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "visiting-door-code-phone")
    with scopes_disabled():
        visitor = Visitor.objects.get(home=place)
        assert visitor.pass_digest and visitor.door_code_digest and visitor.usual_residents.count()

    page.goto(f"/homes/{place.slug}/visiting/out/")
    page.get_by_label("Who is going out").select_option(label="Peggy (Margaret Ellis)")
    page.get_by_label("With someone from their circle").select_option(
        label="Susan Ellis — daughter of Peggy"
    )
    page.get_by_label("Where").fill("Lunch at Susan's")
    page.get_by_role("button", name="Record going out").click()
    expect(page.get_by_text("is recorded as out")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "visiting-out-now-phone")
    page.get_by_role("button", name="Came back").click()
    expect(page.get_by_text("The visit out is in the connection log")).to_be_visible()
    with scopes_disabled():
        assert Outing.objects.get(home=place).moment_id is not None
        assert Moment.objects.filter(home=place).count() == 1

    page.goto(f"/homes/{place.slug}/visiting/residents/{peggy.code}/")
    expect(page.get_by_text("Anne's Law asks the home to record")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "visiting-preferences-phone")

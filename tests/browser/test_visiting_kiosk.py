"""On the door tablet: a returning visitor signs in by finding her name, another by scanning
the code on her pass (a scanner types it and presses Enter), and both sign out. Every page is
axe-clean; the screenshots illustrate docs/visiting-door.md."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from commonroom.homes.roles import Role
from commonroom.visiting.models import Visit, Visitor
from commonroom.visiting.services.credentials import issue_pass
from commonroom.visiting.services.kiosks import create_kiosk

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
def door():  # type: ignore[no-untyped-def]
    with scopes_disabled():
        home = make_home(slug="heather-view", name="Heather View")
        peggy = make_resident(home, full_name="Margaret Ellis", preferred_name="Peggy", room="12")
        joan = make_resident(home, full_name="Joan Price", preferred_name="Joan", room="3")
        susan_contact = make_contact(peggy, name="Susan Ellis")
        susan = Visitor.objects.create(home=home, name="Susan Mary Ellis", contact=susan_contact)
        susan.usual_residents.add(peggy)
        isla = Visitor.objects.create(home=home, name="Isla Price")
        isla.usual_residents.add(joan)
        pass_token = issue_pass(isla, actor=None)
        _kiosk, token = create_kiosk(home, name="Front door", actor=None)
    return token, pass_token


def _check(page: Page, name: str | None = None) -> None:
    check_accessibility(page)
    if name:
        screenshot(page, f"visiting-kiosk-{name}")


@pytest.mark.parametrize("page", ["tablet"], indirect=True)
def test_sign_in_by_name_and_by_pass_then_out(page: Page, door) -> None:  # type: ignore[no-untyped-def]
    token, pass_token = door
    page.goto(f"/kiosk/{token}/")
    expect(page.get_by_role("heading", name="Welcome")).to_be_visible()
    _check(page, "start")

    # Susan finds her name: only "Susan E." is shown.
    page.get_by_role("button", name="Signing in").click()
    page.get_by_label("Your name").fill("ellis")
    page.get_by_role("button", name="Find me").click()
    expect(page.get_by_role("button", name="Susan E.")).to_be_visible()
    expect(page.get_by_text("Mary")).to_have_count(0)
    _check(page, "find")
    page.get_by_role("button", name="Susan E.").click()
    expect(page.get_by_role("heading", name="Who are you visiting today?")).to_be_visible()
    expect(page.get_by_label("Peggy (12)")).to_be_checked()
    _check(page, "visiting")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("You are signed in at")).to_be_visible()
    _check(page, "signed-in")
    page.get_by_role("button", name="Done").click()

    # Isla scans her pass: the scanner types the code into the field and presses Enter.
    page.get_by_role("button", name="Signing in").click()
    field = page.get_by_label("Scan or type the code on your visitor pass")
    field.fill(pass_token)
    field.press("Enter")
    expect(page.get_by_label("Joan (3)")).to_be_checked()
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("You are signed in at")).to_be_visible()
    page.get_by_role("button", name="Done").click()
    with scopes_disabled():
        assert Visit.objects.filter(signed_out_at__isnull=True).count() == 2

    # Both sign out.
    for name, search in (("Susan E.", "sus"), ("Isla P.", "isla")):
        page.get_by_role("button", name="Signing out").click()
        page.get_by_label("Your name").fill(search)
        page.get_by_role("button", name="Find me").click()
        button = page.get_by_role("button", name=name)
        expect(button).to_be_visible()
        if name == "Susan E.":
            _check(page, "leaving")
        button.click()
        expect(page.get_by_text("You are signed out at")).to_be_visible()
        if name == "Susan E.":
            _check(page, "signed-out")
        page.get_by_role("button", name="Done").click()
    with scopes_disabled():
        assert not Visit.objects.filter(signed_out_at__isnull=True).exists()


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_staff_sign_someone_in_and_see_the_fire_list(page: Page, door) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        home = Visitor.objects.first().home  # type: ignore[union-attr]
        worker = make_user(email="kirsty@example.org", full_name="Kirsty Reid")
        make_member(home, Role.CARE_WORKER, worker)
        key = bytes.fromhex(verified_device(worker).key)
    sign_in(page, worker.email, PASSWORD, key)
    page.goto(f"/homes/{home.slug}/visiting/sign-in/")
    page.get_by_label("Find a returning visitor (at least 2 letters)").fill("ellis")
    page.get_by_role("button", name="Find").click()
    page.get_by_label("Susan Mary Ellis").check()
    page.get_by_label("Peggy (Margaret Ellis) (12)").check()
    _check(page, "staff-sign-in")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Who is in the building")).to_be_visible()
    expect(page.get_by_role("cell", name="Susan Mary Ellis", exact=True)).to_be_visible()
    _check(page, "fire-list")
    page.goto(f"/homes/{home.slug}/visiting/visits/")
    expect(page.get_by_text("Open visiting")).to_be_visible()
    _check(page, "visits")

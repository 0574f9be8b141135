"""Signing in for real: password, first-time two-factor set-up, errors and the Welsh switch."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from commonroom.accounts.models import User
from commonroom.homes.roles import Role

from ..factories import PASSWORD, make_home, make_member, make_user
from .conftest import check_accessibility, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def care_worker() -> User:
    home = make_home(name="Rowan House", slug="rowan-house")
    user = make_user(full_name="Aileen Stewart", email="aileen@example.org")
    make_member(home, Role.CARE_WORKER, user)
    return user


def test_staff_member_sets_up_two_factor_and_lands_on_their_home(
    page: Page, care_worker: User
) -> None:
    def check_and_capture(visited: Page, name: str) -> None:
        check_accessibility(visited)
        screenshot(visited, name)

    sign_in(page, care_worker.email, PASSWORD, on_each_page=check_and_capture)

    expect(page).to_have_url(re.compile(r"/homes/rowan-house/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rowan House")
    check_accessibility(page)
    screenshot(page, "home-dashboard")
    assert TOTPDevice.objects.filter(user=care_worker, confirmed=True).exists()


@pytest.mark.parametrize("page", ["phone", "desktop"], indirect=True)
def test_a_wrong_password_shows_a_clear_error(page: Page, care_worker: User) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(care_worker.email)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("password")
    expect(page).to_have_url(re.compile(r"/account/sign-in/"))
    check_accessibility(page)


def test_switching_to_welsh_in_the_footer(page: Page) -> None:
    page.goto("/account/sign-in/")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")

    page.get_by_role("button", name="Cymraeg").click()

    expect(page.locator("html")).to_have_attribute("lang", "cy")
    check_accessibility(page)

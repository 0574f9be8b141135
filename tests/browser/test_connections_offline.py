"""A care worker records moments on a phone whose connection drops: nothing is lost, nothing is
stored twice."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from commonroom.connections.models import Moment, MomentParticipant
from commonroom.homes.roles import Role

from ..factories import PASSWORD, make_home, make_member, make_resident, make_user, verified_device
from .conftest import check_accessibility, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def home_with_people():  # type: ignore[no-untyped-def]
    with scopes_disabled():
        home = make_home(slug="heather-view", name="Heather View")
        carer = make_user(email="sam@example.org", full_name="Sam Carer")
        make_member(home, Role.CARE_WORKER, carer)
        device = verified_device(carer)
        people = [
            make_resident(home, full_name=name, preferred_name=name.split()[0])
            for name in ("Arthur Bell", "Joan Price", "Mary Shaw", "Ravi Patel")
        ]
    return home, carer, bytes.fromhex(device.key), people


def choose(page: Page, *names: str) -> None:
    for name in names:
        page.get_by_role("checkbox", name=name).check()


def test_group_moment_offline_then_back_online(page: Page, home_with_people) -> None:  # type: ignore[no-untyped-def]
    home, carer, key, _people = home_with_people
    sign_in(page, carer.email, PASSWORD, key)
    page.goto(f"/homes/{home.slug}/connections/log/")
    check_accessibility(page)

    choose(page, "Arthur Bell", "Joan Price")
    page.get_by_role("radio", name="Shared meal").check()
    page.get_by_role("radio", name="Really enjoyed it").check()
    page.get_by_role("button", name="Save moment").click()
    expect(page.locator("#moment-queue-status")).to_contain_text("Saved: shared meal for 2 people")
    screenshot(page, "care-worker-record-moment")

    page.context.set_offline(True)
    page.wait_for_timeout(1100)  # the button ignores a second tap within a second (double taps)
    choose(page, "Mary Shaw", "Ravi Patel", "Joan Price")
    page.get_by_role("radio", name="Activity").check()
    page.get_by_role("button", name="Save moment").click()
    status = page.locator("#moment-queue-status")
    expect(status).to_contain_text("Kept on this device: 1 not sent yet")
    check_accessibility(page)
    screenshot(page, "care-worker-record-moment-offline")

    page.context.set_offline(False)
    expect(status).to_contain_text("Saved: activity for 3 people", timeout=20_000)
    with scopes_disabled():
        assert Moment.objects.filter(home=home).count() == 2
        assert MomentParticipant.objects.filter(home=home).count() == 5
        assert sorted(Moment.objects.values_list("kind", flat=True)) == ["activity", "meal"]
    page.reload()
    expect(page.locator("#moment-queue-status")).to_be_empty()
    with scopes_disabled():
        assert Moment.objects.filter(home=home).count() == 2

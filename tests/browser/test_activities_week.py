"""An activity lead plans next week, accepts the plan, then records a group's attendance on a
tablet: invitations are made only when accepted, and attendance reaches the connection log."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from commonroom.activities.models import Activity, Attendance, Category, Invitation, Room, Session
from commonroom.connections.models import Moment, MomentParticipant
from commonroom.homes.roles import Role
from commonroom.lib.dates import today

from ..factories import PASSWORD, make_home, make_member, make_resident, make_user, verified_device
from .conftest import check_accessibility, screenshot, sign_in

pytestmark = pytest.mark.browser

NAMES = ("Arthur Bell", "Joan Price", "Mary Shaw")


def _session(home, activity, room, starts):  # type: ignore[no-untyped-def]
    return Session.objects.create(
        home=home,
        organisation=home.organisation,
        activity=activity,
        room=room,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        capacity=8,
    )


def _next_monday() -> dt.date:
    return today() - dt.timedelta(days=today().weekday()) + dt.timedelta(days=7)


@pytest.fixture
def week():  # type: ignore[no-untyped-def]
    with scopes_disabled():
        home = make_home(slug="heather-view", name="Heather View")
        lead = make_user(email="alex@example.org", full_name="Alex Lead")
        make_member(home, Role.ACTIVITY_LEAD, lead)
        key = bytes.fromhex(verified_device(lead).key)
        people = [
            make_resident(home, full_name=name, preferred_name=name.split()[0]) for name in NAMES
        ]
        room = Room.objects.create(
            home=home, organisation=home.organisation, name="Garden room", capacity=10
        )
        activity = Activity.objects.create(
            home=home,
            organisation=home.organisation,
            title="Seated singalong",
            category=Category.MUSIC,
            seated=True,
            max_people=10,
        )
        monday = _next_monday()
        for offset in range(3):
            starts = timezone.make_aware(
                dt.datetime.combine(monday + dt.timedelta(days=offset), dt.time(14))
            )
            _session(home, activity, room, starts)
        earlier = timezone.localtime() - dt.timedelta(hours=2)
        past = _session(home, activity, room, earlier)
        for person in people:
            Invitation.objects.create(
                home=home,
                organisation=home.organisation,
                session=past,
                resident=person,
                status=Invitation.Status.INVITED,
            )
    return home, lead, key, past


@pytest.mark.parametrize("page", ["tablet"], indirect=True)
def test_plan_accept_and_record_attendance(page: Page, week) -> None:  # type: ignore[no-untyped-def]
    home, lead, key, past = week
    sign_in(page, lead.email, PASSWORD, key)

    page.goto(f"/homes/{home.slug}/planner/")
    check_accessibility(page)
    page.get_by_role("button", name="Plan this week").click()
    accept = page.get_by_role("button", name="Accept every open proposal")
    expect(accept).to_be_visible(timeout=30_000)
    check_accessibility(page)
    screenshot(page, "activity-lead-plan-review")
    with scopes_disabled():
        assert not Invitation.objects.exclude(session=past).exists()
    accept.click()
    page.wait_for_load_state()
    with scopes_disabled():
        planned = Invitation.objects.exclude(session=past)
        assert planned.count() >= len(NAMES)
        assert set(planned.values_list("status", flat=True)) == {Invitation.Status.INVITED}

    page.goto(f"/homes/{home.slug}/activities/programme/?week={_next_monday():%Y-%m-%d}")
    check_accessibility(page)
    screenshot(page, "activity-lead-programme")

    page.goto(f"/homes/{home.slug}/activities/sessions/{past.code}/attendance/")
    check_accessibility(page)
    cards = page.locator(".govuk-summary-card")
    for name, outcome, engagement in (
        ("Arthur Bell", "Attended", "Really enjoyed it"),
        ("Joan Price", "Attended", "Engaged"),
        ("Mary Shaw", "Declined", None),
    ):
        card = cards.filter(has_text=name)
        card.get_by_role("radio", name=outcome, exact=True).check()
        if engagement:
            card.get_by_role("radio", name=engagement).check()
    screenshot(page, "activity-lead-attendance")
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state()
    check_accessibility(page)
    with scopes_disabled():
        assert Attendance.objects.filter(session=past).count() == 3
        moment = Moment.objects.get(home=home)
        shares = dict(
            MomentParticipant.objects.filter(moment=moment).values_list(
                "resident__full_name", "engagement"
            )
        )
        assert shares == {"Arthur Bell": 4, "Joan Price": 3, "Mary Shaw": 0}

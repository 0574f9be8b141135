"""Loneliness measures in a real browser on a phone: record one, read the chart, set the bands;
every page axe-clean."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from commonroom.connections.models import Kind, LonelinessMeasure
from commonroom.connections.scales import DJG_SCALE
from commonroom.connections.services.measures import record_measure
from commonroom.connections.services.moments import MomentInput, record_moment
from commonroom.homes.roles import Role
from commonroom.lib.dates import today

from ..factories import PASSWORD, make_home, make_member, make_resident, verified_device
from .conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser

DJG_KEYS = [item.key for item in DJG_SCALE.items]


def test_record_a_measure_and_read_it_on_a_phone(page: Page) -> None:
    home = make_home(slug="rowan-house", name="Rowan House")
    manager = make_member(home, Role.MANAGER).user
    peggy = make_resident(home, full_name="Margaret Ellis", preferred_name="Peggy")
    for weeks, answers in [(20, "hardly_ever"), (10, "some_of_the_time")]:
        record_measure(
            home,
            peggy,
            "ucla3",
            {"companionship": answers, "left_out": answers, "isolated": "often"},
            answered_on=today() - dt.timedelta(weeks=weeks),
            respondent=LonelinessMeasure.Respondent.SELF,
            actor=manager,
        )
    sign_in(page, manager.email, PASSWORD, verified_device(manager).bin_key)
    page.goto(reverse("connections:measure_add", args=[home.slug, peggy.code, "ucla3"]))
    check_accessibility(page)
    page.get_by_role("button", name="Save the answers").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("The person themselves").check()
    for question in ["lack companionship", "left out", "isolated from others"]:
        group = page.get_by_role("group", name=question)
        group.get_by_label("Often", exact=True).check()
    page.get_by_role("button", name="Save the answers").click()
    expect(page.get_by_text("UCLA 3-item loneliness scale saved for Peggy.")).to_be_visible()
    chart = page.get_by_role("img", name="UCLA 3-item totals over time")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] <= 390  # type: ignore[index]
    check_accessibility(page)
    page.goto(reverse("connections:measure_bands", args=[home.slug]))
    check_accessibility(page)


def test_person_who_cannot_answer_on_a_phone(page: Page) -> None:
    home = make_home(slug="rowan-house", name="Rowan House")
    carer = make_member(home, Role.CARE_WORKER).user
    joan = make_resident(home, full_name="Joan Price", preferred_name="Joan", self_report="no")
    monday = today() - dt.timedelta(days=today().weekday())
    for weeks, engagement in [(1, 3), (2, 4), (2, 0), (5, 1), (8, 2), (12, 3)]:
        day = monday - dt.timedelta(weeks=weeks)
        moment = MomentInput(
            residents=[joan],
            kind=Kind.ACTIVITY,
            occurred_at=timezone.make_aware(dt.datetime.combine(day, dt.time(11))),
            everyone=engagement,
        )
        record_moment(home, moment, actor=carer)
    for weeks, answer in [(12, "no"), (4, "more_or_less")]:
        record_measure(
            home,
            joan,
            "djg6",
            {key: answer for key in DJG_KEYS},
            answered_on=today() - dt.timedelta(weeks=weeks),
            respondent=LonelinessMeasure.Respondent.PROXY,
            proxy_name="Alan Price, son",
            actor=carer,
        )
    record_measure(
        home,
        joan,
        "ons",
        {"lonely": "some_of_the_time"},
        answered_on=today() - dt.timedelta(weeks=3),
        respondent=LonelinessMeasure.Respondent.PROXY,
        proxy_name="Alan Price, son",
        actor=carer,
    )
    sign_in(page, carer.email, PASSWORD, verified_device(carer).bin_key)
    page.goto(reverse("connections:measures", args=[home.slug, joan.code]))
    expect(page.get_by_role("img", name="Average engagement by week")).to_be_visible()
    expect(page.get_by_role("img", name="De Jong Gierveld totals over time")).to_be_visible()
    check_accessibility(page)
    page.get_by_text("Show the weeks as a table").click()
    expect(page.locator("#engagement-table")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

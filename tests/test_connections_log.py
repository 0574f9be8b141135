"""Record a moment: the page, the JSON answers the offline queue reads, and who may use it."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from commonroom.connections.models import DailyConnection, Moment, MomentParticipant

from .conftest import PERSONAS
from .factories import make_contact

LOGGERS = {"manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "volunteer_a"}


def _url(world, name="connections:log", *args):
    return reverse(name, args=[world.home_a.slug, *args])


def _form(world, **overrides):
    earlier = timezone.localtime() - dt.timedelta(hours=1)
    data = {
        "residents": [str(world.resident_a.code), str(world.resident_a2.code)],
        "kind": "activity",
        "engagement": "3",
        "with_type": "",
        "minutes": "30",
        "domain": "",
        "day": earlier.date().isoformat(),
        "time": earlier.strftime("%H:%M"),
        "idempotency_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_page(world, persona, django_assert_max_num_queries):
    client = world.client(persona)
    with django_assert_max_num_queries(14):
        response = client.get(_url(world))
    if persona == "manager_b":
        assert response.status_code == 404
    elif persona in LOGGERS:
        assert response.status_code == 200
        assert world.resident_a.full_name in response.content.decode()
    else:
        assert response.status_code == 403


def test_group_moment_saved_once_and_redirects(world):
    client = world.client("care_worker_a")
    data = _form(world)
    response = client.post(_url(world), data)
    assert response.status_code == 302
    again = client.post(_url(world), data, follow=True)
    assert "already saved" in again.content.decode()
    assert Moment.objects.count() == 1
    assert MomentParticipant.objects.count() == 2


def test_offline_queue_gets_json(world):
    client = world.client("care_worker_a")
    data = _form(world)
    first = client.post(_url(world), data, headers={"accept": "application/json"})
    replay = client.post(_url(world), data, headers={"accept": "application/json"})
    assert first.status_code == 201
    assert first.json()["created"] is True
    assert replay.status_code == 200
    assert replay.json()["code"] == first.json()["code"]
    bad = client.post(_url(world), _form(world, kind=""), headers={"accept": "application/json"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "kind"


def test_missing_choices_rerender_with_errors(world):
    response = world.client("care_worker_a").post(_url(world), _form(world, residents=[], kind=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose at least one resident." in page
    assert "Choose what happened." in page
    assert Moment.objects.count() == 0


def test_resident_of_another_home_cannot_be_posted(world):
    response = world.client("care_worker_a").post(
        _url(world), _form(world, residents=[str(world.resident_b.code)])
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose only people who live here now and whom you may see." in page
    assert "not one of the available choices" not in page
    assert Moment.objects.count() == 0


def test_with_a_contact_and_per_person_engagement(world):
    daughter = make_contact(world.resident_a, name="Ann")
    data = _form(
        world,
        kind="visit",
        with_type="contact",
        with_code=str(daughter.code),
        **{f"engagement_{world.resident_a2.code}": "0"},
    )
    response = world.client("care_worker_a").post(_url(world), data)
    assert response.status_code == 302
    shares = dict(MomentParticipant.objects.values_list("resident_id", "engagement"))
    assert shares == {world.resident_a.pk: 3, world.resident_a2.pk: 0}
    assert DailyConnection.objects.get(resident=world.resident_a).visits == 1
    assert DailyConnection.objects.get(resident=world.resident_a2).declined == 1


def test_future_time_is_refused(world):
    later = timezone.localtime() + dt.timedelta(days=1)
    response = world.client("care_worker_a").post(
        _url(world), _form(world, day=later.date().isoformat())
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()


def test_preselected_resident_from_the_daily_list(world):
    response = world.client("care_worker_a").get(_url(world) + f"?resident={world.resident_a.code}")
    page = response.content.decode()
    assert f'value="{world.resident_a.code}" checked' in page


def test_take_back_own_moment(world):
    client = world.client("care_worker_a")
    client.post(_url(world), _form(world))
    moment = Moment.objects.get()
    other = world.client("activity_lead_a").post(_url(world, "connections:take_back", moment.code))
    assert other.status_code == 302
    assert Moment.objects.count() == 1
    client.post(_url(world, "connections:take_back", moment.code))
    assert Moment.objects.count() == 0


def test_take_back_in_another_home_is_404(world):
    world.client("care_worker_a").post(_url(world), _form(world))
    moment = Moment.objects.get()
    response = world.client("manager_b").post(
        reverse("connections:take_back", args=[world.home_b.slug, moment.code])
    )
    assert response.status_code == 404


def test_recent_list_is_what_you_recorded_since_yesterday(world):
    client = world.client("care_worker_a")
    for kind in ("meal", "letter", "phone"):
        client.post(_url(world), _form(world, kind=kind))
    world.client("activity_lead_a").post(_url(world), _form(world, kind="outing"))
    # Recorded the day before yesterday: kept in the log, gone from the list.
    old = Moment.objects.get(kind="letter")
    day_before = timezone.localdate() - dt.timedelta(days=2)
    Moment.objects.filter(pk=old.pk).update(
        created_at=timezone.make_aware(dt.datetime.combine(day_before, dt.time(23, 59)))
    )
    recent = client.get(_url(world)).context["recent"]
    assert sorted(m.kind for m in recent) == ["meal", "phone"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"day": "1999-12-31"}, "Give a date from 1 January 2000 onwards."),
        ({"with_type": "staff", "with_code": ""}, "Choose a member of staff in this home."),
    ],
)
def test_an_error_about_when_or_with_whom_opens_those_fields(world, overrides, message):
    """The rules name ``occurred_at`` and ``with_code``; the page shows the error beside the
    field it is about, in the section that holds it, opened."""
    response = world.client("care_worker_a").post(_url(world), _form(world, **overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count(message) == 2  # in the summary at the top and beside the field
    assert '<details class="govuk-details" open>' in page
    assert Moment.objects.count() == 0

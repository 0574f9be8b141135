"""Private calendar feeds: made and revoked by the right people, answered only with a live token,
and never naming anyone."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from commonroom.activities.models import Activity, CalendarFeed, Invitation, Room, Session
from commonroom.activities.services.feeds import create_feed
from commonroom.audit.models import AuditEntry
from commonroom.residents.models import ConsentRecord

from .conftest import PERSONAS
from .factories import give_consent, make_member

PLANNERS = {"manager_a", "senior_carer_a", "activity_lead_a"}


def _feeds_url(world):
    return reverse("activities:feeds", args=[world.home_a.slug])


def _sessions(world):
    """This week: a quiz Peggy is invited to, and bingo she is not."""
    room = Room.objects.create(home=world.home_a, name="Sun room", capacity=12)
    start = timezone.now().replace(microsecond=0) + dt.timedelta(hours=1)
    made = []
    for title in ("Quiz", "Bingo"):
        activity = Activity.objects.create(home=world.home_a, title=title, category="games")
        made.append(
            Session.objects.create(
                home=world.home_a,
                activity=activity,
                room=room,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=1),
                capacity=10,
                note="Peggy will bring her cards",
            )
        )
    Invitation.objects.create(
        home=world.home_a, session=made[0], resident=world.resident_a, status="invited"
    )
    Invitation.objects.create(
        home=world.home_a, session=made[1], resident=world.resident_a2, status="accepted"
    )
    return made


def _token(response):
    url = re.search(r'id="new-feed-url">([^<]+)<', response.content.decode()).group(1)
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def _ics(token):
    from django.test import Client

    return Client().get(reverse("calendar_feed", args=[token]))


def _events(response):
    calendar = Calendar.from_ical(response.content)
    return [event for event in calendar.walk("VEVENT")]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_feeds_page(world, persona):
    response = world.client(persona).get(_feeds_url(world))
    allowed = PLANNERS | {"family_a"}
    expected = 404 if persona == "manager_b" else 200 if persona in allowed else 403
    assert response.status_code == expected


def test_a_planner_makes_a_home_feed_shown_once(world, django_assert_max_num_queries):
    _sessions(world)
    client = world.client("activity_lead_a")
    response = client.post(_feeds_url(world), {"name": "Whole home"}, follow=True)
    token = _token(response)
    feed = CalendarFeed.objects.get()
    assert feed.token_hash != token and len(feed.token_hash) == 64
    assert token not in client.get(_feeds_url(world)).content.decode()
    assert AuditEntry.objects.filter(object_code=feed.code, action="create").exists()
    with django_assert_max_num_queries(10):
        answer = _ics(token)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/calendar")
    events = _events(answer)
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Bingo", "Quiz"]
    assert {str(e["LOCATION"]) for e in events} == {"Sun room"}
    assert all(e["DTSTART"].dt.tzinfo is not None for e in events)
    assert sorted(str(e["UID"]) for e in _events(_ics(token))) == sorted(
        str(e["UID"]) for e in events
    )
    body = answer.content.decode()
    for name in ("Peggy", "Margaret", "Arthur", str(world.activity_lead_a)):
        assert name not in body


def test_a_feed_of_many_sessions_stays_bounded(world, django_assert_max_num_queries):
    made = _sessions(world)
    for n in range(40):
        start = made[0].starts_at + dt.timedelta(days=n % 20, minutes=n)
        Session.objects.create(
            home=world.home_a,
            activity=made[0].activity,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            capacity=5,
        )
    _feed, token = create_feed(world.home_a, name="All", resident=None, actor=world.manager_a)
    with django_assert_max_num_queries(10):
        assert len(_events(_ics(token))) == 42


def test_a_resident_feed_shows_only_their_sessions(world):
    _sessions(world)
    response = world.client("manager_a").post(
        _feeds_url(world), {"name": "Peggy", "resident": str(world.resident_a.code)}, follow=True
    )
    events = _events(_ics(_token(response)))
    assert [str(e["SUMMARY"]) for e in events] == ["Quiz"]


def test_family_make_a_feed_for_their_own_person_only(world):
    _sessions(world)
    client = world.client("family_a")
    page = client.get(_feeds_url(world)).content.decode()
    assert "The whole programme" not in page and "Arthur" not in page
    whole = client.post(_feeds_url(world), {"name": "Everything"})
    assert whole.status_code == 400
    other = client.post(_feeds_url(world), {"name": "x", "resident": str(world.resident_a2.code)})
    assert other.status_code == 400
    made = client.post(
        _feeds_url(world), {"name": "Mum", "resident": str(world.resident_a.code)}, follow=True
    )
    token = _token(made)
    assert [str(e["SUMMARY"]) for e in _events(_ics(token))] == ["Quiz"]
    staff_feed, _ = create_feed(world.home_a, name="Staff", resident=None, actor=world.manager_a)
    listed = client.get(_feeds_url(world)).content.decode()
    assert "Mum" in listed and "Staff" not in listed
    revoke = reverse("activities:feed_revoke", args=[world.home_a.slug, staff_feed.code])
    assert client.post(revoke).status_code == 404


def test_withdrawn_consent_stops_a_resident_feed(world):
    _sessions(world)
    _feed, token = create_feed(
        world.home_a, name="Mum", resident=world.resident_a, actor=world.family_a
    )
    assert _ics(token).status_code == 200
    give_consent(
        world.resident_a,
        ConsentRecord.Purpose.UPDATES,
        decision=ConsentRecord.Decision.WITHDRAWN,
        decided_on=dt.date.today(),
    )
    assert _ics(token).status_code == 404
    refused = world.client("manager_a").post(
        _feeds_url(world), {"name": "Mum", "resident": str(world.resident_a.code)}
    )
    assert refused.status_code == 400
    assert "not agreed to share updates" in refused.content.decode()


def test_revoked_and_unknown_tokens_are_404(world):
    feed, token = create_feed(world.home_a, name="Home", resident=None, actor=world.manager_a)
    assert _ics(token).status_code == 200
    assert _ics("not-a-real-token").status_code == 404
    revoke = reverse("activities:feed_revoke", args=[world.home_a.slug, feed.code])
    assert world.client("care_worker_a").post(revoke).status_code == 403
    assert world.client("manager_b").post(revoke).status_code == 404
    assert world.client("senior_carer_a").post(revoke).status_code == 302
    assert _ics(token).status_code == 404
    assert feed.code not in [f.code for f in CalendarFeed.objects.filter(revoked_at=None)]


def test_another_homes_feed_cannot_be_revoked_from_here(world):
    feed, _token = create_feed(world.home_b, name="Birch", resident=None, actor=world.manager_b)
    make_member(world.home_b, "manager", world.manager_a)
    revoke = reverse("activities:feed_revoke", args=[world.home_a.slug, feed.code])
    assert world.client("manager_a").post(revoke).status_code == 404

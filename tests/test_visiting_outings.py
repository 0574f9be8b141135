"""Visits out of the home: recording leaving and coming back, one connection-log moment per visit
out however often "came back" is posted, late returns said in words, roles, other homes, query
counts and hostile names."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commonroom.audit.models import AuditEntry
from commonroom.connections.models import Domain, Kind, Moment, WithType
from commonroom.visiting.models import Outing
from commonroom.visiting.services.outings import (
    OutingError,
    OutingInput,
    is_overdue,
    out_now,
    record_leaving,
    record_return,
)

from .conftest import PERSONAS
from .factories import make_contact, make_resident

RECORDERS = {
    "manager_a",
    "senior_carer_a",
    "care_worker_a",
    "activity_lead_a",
    "volunteer_a",
}
VIEWERS = RECORDERS | {"visitor_a"}
HOSTILE = [
    "Nain 👵🏽 and Taid 🎉",
    "مريم وأحمد",
    "שרה",
    "Bea " + "x" * 196,
    "<script>alert('x')</script><b>bold</b>",
]


def _url(world, name="outings", *args):
    return reverse(f"visiting:{name}", args=[world.home_a.slug, *args])


def _leave(world, resident=None, hours_ago=2, back_in=None, **values):
    now = timezone.now()
    data = OutingInput(
        resident=resident or world.resident_a,
        left_at=now - dt.timedelta(hours=hours_ago),
        expected_back_at=now + dt.timedelta(hours=back_in) if back_in is not None else None,
        **values,
    )
    return record_leaving(world.home_a, data, actor=world.care_worker_a)


# --- Services ------------------------------------------------------------------------------


def test_leaving_is_recorded_and_audited_with_the_resident(world):
    outing = _leave(world, with_contact=world.family_contact, destination="The seaside")
    entry = AuditEntry.objects.get(object_code=outing.code)
    assert entry.resident_code == world.resident_a.code and entry.action == "create"
    assert list(out_now(world.home_a)) == [outing]


def test_coming_back_writes_one_family_moment_even_when_posted_twice(world):
    outing = _leave(world, with_contact=world.family_contact, hours_ago=3)
    back, new = record_return(outing, actor=world.care_worker_a)
    again, new_again = record_return(outing, actor=world.care_worker_a)
    assert new and not new_again
    moment = Moment.objects.get(home=world.home_a)
    assert back.moment == moment and again.moment == moment
    assert moment.kind == Kind.OUTING and moment.domain == Domain.FAMILY
    assert moment.with_type == WithType.CONTACT and moment.with_contact == world.family_contact
    assert 175 <= moment.minutes <= 185
    assert moment.idempotency_key == f"outing:{outing.code}"


def test_without_a_circle_contact_it_is_wider_community(world):
    outing = _leave(world, with_name="The walking group", hours_ago=1)
    back, _ = record_return(outing, actor=None)
    assert back.moment.domain == Domain.COMMUNITY and back.moment.with_name == "The walking group"


def test_an_overnight_stay_is_capped_at_a_day_of_minutes(world):
    outing = _leave(world, hours_ago=30, overnight=True)
    back, _ = record_return(outing, actor=None)
    assert back.moment.minutes == 24 * 60


def test_one_visit_out_at_a_time(world):
    _leave(world)
    with pytest.raises(OutingError) as refused:
        _leave(world)
    assert "already recorded as out" in refused.value.message


def test_rules_for_leaving(world):
    other = make_contact(world.resident_a2, name="Not Peggy's")
    with pytest.raises(OutingError):
        _leave(world, with_contact=other)
    with pytest.raises(OutingError):
        _leave(world, resident=world.resident_b)
    with pytest.raises(OutingError):
        _leave(world, hours_ago=-2)
    with pytest.raises(OutingError):
        _leave(world, hours_ago=1, back_in=-2)
    with pytest.raises(OutingError):
        _leave(world, destination="x" * 201)


def test_coming_back_before_leaving_is_refused(world):
    outing = _leave(world, hours_ago=1)
    with pytest.raises(OutingError):
        record_return(outing, actor=None, returned_at=outing.left_at - dt.timedelta(minutes=5))
    assert not Moment.objects.exists()


def test_late_returns_are_overdue(world):
    late = _leave(world, hours_ago=4, back_in=-1)
    on_time = _leave(world, resident=world.resident_a2, hours_ago=1, back_in=2)
    assert is_overdue(late) and not is_overdue(on_time)


# --- Pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_visits_out(world, persona):
    status = world.client(persona).get(_url(world)).status_code
    if persona in VIEWERS:
        assert status == 200
    elif persona == "manager_b":
        assert status == 404
    else:
        assert status == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_records_visits_out(world, persona):
    outing = _leave(world)
    response = world.client(persona).post(_url(world, "outing_back", outing.code))
    outing.refresh_from_db()
    if persona in RECORDERS:
        assert response.status_code == 302 and outing.returned_at is not None
    else:
        assert response.status_code in (403, 404) and outing.returned_at is None
    if persona == "manager_b":
        assert response.status_code == 404


def test_the_inspector_sees_but_cannot_record(world):
    client = world.client("visitor_a")
    page = client.get(_url(world)).content.decode()
    assert "Record going out" not in page
    response = client.post(_url(world), {"resident": str(world.resident_a.code)})
    assert response.status_code == 403


def test_another_homes_visit_out_is_not_found(world):
    stranger = make_resident(world.home_b)
    outing = record_leaving(
        world.home_b,
        OutingInput(resident=stranger, left_at=timezone.now() - dt.timedelta(hours=1)),
        actor=None,
    )
    response = world.client("manager_a").post(_url(world, "outing_back", outing.code))
    assert response.status_code == 404


def test_recording_leaving_and_coming_back_through_the_page(world):
    client = world.client("care_worker_a")
    response = client.post(
        _url(world),
        {
            "resident": str(world.resident_a.code),
            "with_contact": str(world.family_contact.code),
            "destination": "Lunch at Susan's",
            "back_day": (timezone.localdate() + dt.timedelta(days=1)).isoformat(),
            "back_time": "12:00",
            "overnight": "",
        },
    )
    assert response.status_code == 302
    outing = Outing.objects.get(home=world.home_a)
    assert outing.with_contact == world.family_contact
    page = client.get(_url(world)).content.decode()
    assert "Lunch at Susan" in page and "Came back" in page
    assert "must not be discouraged" in page or "right to visits out" in page
    for _ in range(2):
        assert client.post(_url(world, "outing_back", outing.code)).status_code == 302
    assert Moment.objects.filter(home=world.home_a).count() == 1
    outing.refresh_from_db()
    assert outing.moment is not None and outing.returned_at is not None


def test_bad_input_is_a_400(world):
    client = world.client("care_worker_a")
    assert client.post(_url(world), {"resident": ""}).status_code == 400
    assert client.post(_url(world), {"resident": str(world.resident_b.code)}).status_code == 400
    outing = _leave(world)
    response = client.post(_url(world, "outing_back", outing.code), {"time": "nonsense"})
    assert response.status_code == 400


def test_an_overdue_return_is_said_in_words(world):
    _leave(world, hours_ago=4, back_in=-1)
    page = world.client("care_worker_a").get(_url(world)).content.decode()
    assert "Later than expected: due back" in page and "hour" in page


def test_the_page_says_going_out_is_a_right_per_nation(world):
    page = (
        world.client("manager_b")
        .get(reverse("visiting:outings", args=[world.home_b.slug]))
        .content.decode()
    )
    assert "Regulation 9A" in page and "must not be discouraged" in page
    page = world.client("manager_a").get(_url(world)).content.decode()
    assert "Anne&#x27;s Law" in page or "Anne's Law" in page


def test_the_list_can_focus_on_one_person(world):
    _leave(world, destination="Peggy's trip")
    _leave(world, resident=world.resident_a2, destination="Arthur's trip")
    client = world.client("manager_a")
    page = client.get(_url(world), {"resident": str(world.resident_a2.code)}).content.decode()
    assert "Arthur&#x27;s trip" in page and "Peggy&#x27;s trip" not in page
    assert client.get(_url(world), {"resident": "not-a-code"}).status_code == 200


def _page_queries(world, client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(_url(world)).status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_for_3_and_30_visits_out(world):
    client = world.client("manager_a")
    people = [make_resident(world.home_a) for _ in range(60)]
    for person in people[:3]:
        contact = make_contact(person)
        record_return(_leave(world, resident=person, with_contact=contact), actor=None)
        _leave(world, resident=person, hours_ago=1, with_contact=contact)
    few = _page_queries(world, client)
    for person in people[3:30]:
        contact = make_contact(person)
        record_return(_leave(world, resident=person, with_contact=contact), actor=None)
        _leave(world, resident=person, hours_ago=1, with_contact=contact)
    assert _page_queries(world, client) == few
    assert few <= 14


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_safe(world, name):
    client = world.client("care_worker_a")
    response = client.post(
        _url(world),
        {"resident": str(world.resident_a.code), "with_name": name, "destination": name},
    )
    assert response.status_code == 302
    outing = Outing.objects.get(home=world.home_a)
    client.post(_url(world, "outing_back", outing.code))
    page = client.get(_url(world)).content.decode()
    assert "<script>alert" not in page
    assert Moment.objects.get(home=world.home_a).with_name == " ".join(name.split())

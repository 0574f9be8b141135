"""Spaces and reservations through the API: the same permissions and rules as the pages."""

import datetime as dt

import pytest
from django.utils import timezone

from commonroom.visiting.models import Reservation
from commonroom.visiting.services.spaces import save_space

from .api_support import PERSONAS_A, api_client, call

RESERVERS = {"manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "family_a"}
RESERVERS |= {"resident_user"}
VIEWERS = {"manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "volunteer_a"}
VIEWERS |= {"visitor_a"}


def _url(world, *parts, home=None):
    return "/".join([f"/api/v1/homes/{(home or world.home_a).slug}", *map(str, parts)])


@pytest.fixture
def room(world):
    save_space(world.home_a, None, actor=None, name="Attic", kind="other", capacity=2)
    return save_space(
        world.home_a,
        None,
        actor=None,
        name="Family room",
        kind="family_room",
        capacity=6,
        can_reserve=True,
        hearing_loop=True,
    )


@pytest.fixture
def tomorrow():
    return timezone.localdate() + dt.timedelta(days=1)


def _body(world, room, day, **overrides):
    body = {
        "kind": "space",
        "resident": str(world.resident_a.code),
        "date": day.isoformat(),
        "space": str(room.code),
        "start": "14:00",
        "end": "15:00",
        "guests": 2,
        "guest_names": "مريم 👵🏽",
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize("persona", PERSONAS_A)
def test_list_spaces(world, room, persona):
    response = api_client(getattr(world, persona)).get(_url(world, "spaces"))
    assert response.status_code == 200
    names = [s["name"] for s in response.json()]
    assert "Family room" in names
    found = next(s for s in response.json() if s["name"] == "Family room")
    assert found["hearing_loop"] and found["in_use"] and found["can_reserve"]


def test_other_home_is_not_found(world, room):
    assert api_client(world.manager_b).get(_url(world, "spaces")).status_code == 404
    assert api_client(world.manager_b).get(_url(world, "reservations")).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS_A)
def test_reserve_per_persona(world, room, tomorrow, persona):
    client = api_client(getattr(world, persona))
    body = _body(world, room, tomorrow)
    if persona == "resident_user":
        body["resident"] = str(world.resident_a2.code)
    response = call(client, "POST", _url(world, "reservations"), body)
    if persona not in RESERVERS:
        assert response.status_code == 403
        return
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["space_name"] == "Family room" and made["guest_names"] == "مريم 👵🏽"
    listed = client.get(_url(world, "reservations") + f"?date={tomorrow.isoformat()}")
    assert [r["code"] for r in listed.json()] == [made["code"]]
    assert call(client, "DELETE", _url(world, "reservations", made["code"])).status_code == 204
    assert Reservation.objects.get(code=made["code"]).cancelled_at is not None


def test_family_only_for_their_own_person(world, room, tomorrow):
    client = api_client(world.family_a)
    body = _body(world, room, tomorrow, resident=str(world.resident_a2.code))
    response = call(client, "POST", _url(world, "reservations"), body)
    assert response.status_code == 422
    staff = call(api_client(world.care_worker_a), "POST", _url(world, "reservations"), body).json()
    # The family member sees only their person's reservations and cannot cancel Arthur's.
    assert client.get(_url(world, "reservations") + f"?date={tomorrow}").json() == []
    assert call(client, "DELETE", _url(world, "reservations", staff["code"])).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start": "15:00", "end": "14:00"}, "end"),
        ({"guests": 6}, "guests"),
        ({"date": "2020-01-01"}, "date"),
        ({"space": None}, "space"),
        ({"resident": "00000000-0000-0000-0000-000000000000"}, "resident"),
        ({"guest_names": "x" * 301}, "guest_names"),
    ],
)
def test_refusals_are_422_with_words(world, room, tomorrow, overrides, field):
    client = api_client(world.family_a)
    response = call(
        client, "POST", _url(world, "reservations"), _body(world, room, tomorrow, **overrides)
    )
    assert response.status_code == 422
    assert field in str(response.json())


def test_overlap_is_refused(world, room, tomorrow):
    client = api_client(world.manager_a)
    assert (
        call(client, "POST", _url(world, "reservations"), _body(world, room, tomorrow)).status_code
        == 201
    )
    again = _body(world, room, tomorrow, resident=str(world.resident_a2.code), start="14:30")
    response = call(client, "POST", _url(world, "reservations"), again)
    assert response.status_code == 422 and "already reserved" in response.content.decode()


def test_join_a_meal(world, tomorrow):
    client = api_client(world.family_a)
    body = {
        "kind": "meal",
        "resident": str(world.resident_a.code),
        "date": tomorrow.isoformat(),
        "meal": "lunch",
        "guests": 3,
        "dietary_needs": "Halal",
    }
    response = call(client, "POST", _url(world, "reservations"), body)
    assert response.status_code == 201
    assert response.json()["meal"] == "lunch" and response.json()["space"] is None


def test_another_homes_space_is_not_found(world, tomorrow):
    other = save_space(world.home_b, None, actor=None, name="Porch", kind="other", capacity=4)
    client = api_client(world.manager_a)
    response = call(client, "POST", _url(world, "reservations"), _body(world, other, tomorrow))
    assert response.status_code == 422 and "space" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS_A)
def test_list_reservations_per_persona(world, room, tomorrow, persona):
    call(
        api_client(world.manager_a),
        "POST",
        _url(world, "reservations"),
        _body(world, room, tomorrow),
    )
    response = api_client(getattr(world, persona)).get(
        _url(world, "reservations") + f"?date={tomorrow}"
    )
    assert response.status_code == 200
    count = len(response.json())
    if persona in VIEWERS or persona == "family_a":
        assert count == 1
    else:
        assert count == 0

"""Moments through the API: the page's rules, stored once, never for people one may not see."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from commonroom.audit.models import AuditEntry
from commonroom.connections.models import DailyConnection, Moment

from .api_support import PERSONAS_A, api_client, call
from .factories import make_contact, make_member, make_resident

LOGGERS = {"manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "volunteer_a"}
READERS = {"manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "visitor_a"}


def _url(world, *parts):
    return "/".join([f"/api/v1/homes/{world.home_a.slug}/moments", *map(str, parts)])


def _body(world, **overrides):
    body = {
        "residents": [str(world.resident_a.code), str(world.resident_a2.code)],
        "kind": "meal",
        "occurred_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
        "minutes": 40,
        "engagement": 3,
        "idempotency_key": str(uuid.uuid4()),
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize("persona", PERSONAS_A)
def test_who_may_record(world, persona, django_assert_max_num_queries):
    client = api_client(getattr(world, persona))
    with django_assert_max_num_queries(16):
        response = call(client, "POST", _url(world), _body(world))
    if persona in LOGGERS:
        assert response.status_code == 201, response.json()
        assert {r["resident"] for r in response.json()["residents"]} == {
            str(world.resident_a.code),
            str(world.resident_a2.code),
        }
        assert response.json()["domain"] == "peers"
    else:
        assert response.status_code == 403
        assert Moment.objects.count() == 0


def test_replay_with_the_same_key_is_stored_once(world):
    client = api_client(world.care_worker_a)
    body = _body(world)
    first = call(client, "POST", _url(world), body)
    again = call(client, "POST", _url(world), body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["code"] == first.json()["code"]
    assert again.json()["created"] is False
    assert Moment.objects.count() == 1
    assert DailyConnection.objects.get(resident=world.resident_a).moments == 1


def test_other_homes_are_404(world):
    response = call(api_client(world.manager_b), "POST", _url(world), _body(world))
    assert response.status_code == 404


def test_residents_of_another_home_are_refused(world):
    body = _body(world, residents=[str(world.resident_b.code)])
    response = call(api_client(world.care_worker_a), "POST", _url(world), body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "residents"
    assert Moment.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "party"}, "kind"),
        ({"minutes": 0}, "minutes"),
        ({"engagement": 7}, "engagement"),
        ({"residents": []}, "residents"),
        ({"occurred_at": "2999-01-01T10:00:00+00:00"}, "occurred_at"),
        ({"with_type": "contact"}, "with_code"),
        ({"occurred_at": "0001-01-01T00:00:00Z"}, "occurred_at"),
        ({"occurred_at": "1999-12-31T23:00:00+00:00"}, "occurred_at"),
        ({"idempotency_key": "k\x00"}, "idempotency_key"),
        ({"with_type": "group", "with_name": "  "}, "with_name"),
        ({"note": "x" * 501}, "note"),
        ({"note": "bad\x00"}, "note"),
    ],
)
def test_bad_input_is_a_clear_422(world, change, field):
    response = call(api_client(world.care_worker_a), "POST", _url(world), _body(world, **change))
    assert response.status_code == 422
    assert field in str(response.json()["detail"])
    assert Moment.objects.count() == 0


def test_visit_with_a_contact_is_family(world):
    daughter = make_contact(world.resident_a, name="Ann")
    body = _body(
        world,
        residents=[str(world.resident_a.code)],
        kind="visit",
        with_type="contact",
        with_code=str(daughter.code),
    )
    response = call(api_client(world.care_worker_a), "POST", _url(world), body)
    assert response.status_code == 201
    assert response.json()["domain"] == "family"
    assert DailyConnection.objects.get(resident=world.resident_a).visits == 1


def test_staff_member_named_by_membership_code(world):
    carer = make_member(world.home_a, "care_worker")
    body = _body(world, kind="one_to_one", with_type="staff", with_code=str(carer.code))
    response = call(api_client(world.manager_a), "POST", _url(world), body)
    assert response.status_code == 201
    assert Moment.objects.get().with_member == carer


@pytest.mark.parametrize("role", ["manager", "care_worker", "family"])
def test_a_volunteer_must_be_one(world, role):
    """Only a volunteer of this home may be named as the volunteer a moment was with."""
    member = make_member(world.home_a, role)
    body = _body(world, kind="activity", with_type="volunteer", with_code=str(member.code))
    response = call(api_client(world.care_worker_a), "POST", _url(world), body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "with_code"
    volunteer = make_member(world.home_a, "volunteer")
    body = _body(world, kind="activity", with_type="volunteer", with_code=str(volunteer.code))
    response = call(api_client(world.care_worker_a), "POST", _url(world), body)
    assert response.status_code == 201
    assert Moment.objects.get().with_member == volunteer


def test_a_fellow_resident_is_not_one_of_the_residents(world):
    body = _body(
        world,
        residents=[str(world.resident_a.code)],
        kind="one_to_one",
        with_type="resident",
        with_code=str(world.resident_a.code),
    )
    response = call(api_client(world.care_worker_a), "POST", _url(world), body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "with_code"


@pytest.mark.parametrize("persona", PERSONAS_A)
def test_who_may_list(world, persona):
    call(api_client(world.care_worker_a), "POST", _url(world), _body(world))
    response = api_client(getattr(world, persona)).get(_url(world))
    if persona in READERS:
        assert response.status_code == 200
        (moment,) = response.json()
        assert moment["kind"] == "meal"
        assert len(moment["residents"]) == 2
    else:
        assert response.status_code == 403


def test_list_filters_by_resident_and_bounds_queries(world, django_assert_max_num_queries):
    client = api_client(world.care_worker_a)
    for _ in range(5):
        call(client, "POST", _url(world), _body(world))
    call(client, "POST", _url(world), _body(world, residents=[str(world.resident_a2.code)]))
    with django_assert_max_num_queries(8):
        response = client.get(_url(world) + f"?resident={world.resident_a2.code}")
    assert len(response.json()) == 6
    assert len(client.get(_url(world) + f"?resident={world.resident_a.code}").json()) == 5


def test_recorder_may_take_back_own_moment_and_rollups_follow(world):
    client = api_client(world.care_worker_a)
    code = call(client, "POST", _url(world), _body(world)).json()["code"]
    other = api_client(world.activity_lead_a)
    assert call(other, "DELETE", _url(world, code)).status_code == 403
    assert call(client, "DELETE", _url(world, code)).status_code == 204
    assert Moment.objects.count() == 0
    assert DailyConnection.objects.get(resident=world.resident_a).moments == 0
    assert AuditEntry.objects.filter(action="delete", object_code=code).count() == 2


def test_manager_may_take_back_anyones_moment(world):
    code = call(api_client(world.care_worker_a), "POST", _url(world), _body(world)).json()["code"]
    assert call(api_client(world.manager_a), "DELETE", _url(world, code)).status_code == 204


# Several moments in one call: what a phone sends when it comes back online.


def _batch_url(world):
    return _url(world, "batch")


@pytest.mark.parametrize("persona", PERSONAS_A)
def test_who_may_record_a_batch(world, persona):
    bodies = [_body(world), _body(world, residents=[str(world.resident_a.code)], kind="phone")]
    response = call(
        api_client(getattr(world, persona)), "POST", _batch_url(world), {"moments": bodies}
    )
    if persona in LOGGERS:
        assert response.status_code == 200, response.json()
        answer = response.json()
        assert (answer["stored"], answer["already_stored"], answer["refused"]) == (2, 0, 0)
        assert [r["status"] for r in answer["results"]] == [201, 201]
        assert answer["results"][1]["moment"]["kind"] == "phone"
        assert Moment.objects.count() == 2
        assert DailyConnection.objects.get(resident=world.resident_a).moments == 2
        assert AuditEntry.objects.filter(action="create").count() == 3
    else:
        assert response.status_code == 403
        assert Moment.objects.count() == 0


def test_a_batch_for_another_home_is_404(world):
    response = call(
        api_client(world.manager_b), "POST", _batch_url(world), {"moments": [_body(world)]}
    )
    assert response.status_code == 404
    assert Moment.objects.count() == 0


def test_each_moment_of_a_batch_is_judged_on_its_own(world):
    bodies = [
        _body(world),
        _body(world, residents=[str(world.resident_b.code)]),
        _body(world, with_type="staff", with_code=str(uuid.uuid4())),
        _body(world, occurred_at="2999-01-01T10:00:00+00:00"),
        _body(world, kind="letter"),
        _body(world, occurred_at="0001-01-01T00:00:00Z"),
    ]
    response = call(api_client(world.care_worker_a), "POST", _batch_url(world), {"moments": bodies})
    assert response.status_code == 200
    answer = response.json()
    assert [r["status"] for r in answer["results"]] == [201, 422, 422, 422, 201, 422]
    assert (answer["stored"], answer["refused"]) == (2, 4)
    assert answer["results"][5]["errors"][0]["loc"][-1] == "occurred_at"
    assert answer["results"][1]["errors"][0]["loc"] == [
        "body",
        "payload",
        "moments",
        1,
        "residents",
    ]
    assert answer["results"][2]["errors"][0]["loc"][-1] == "with_code"
    assert answer["results"][3]["errors"][0]["loc"][-1] == "occurred_at"
    assert answer["results"][1]["moment"] is None
    assert Moment.objects.count() == 2


def test_sending_a_batch_again_stores_nothing_twice(world):
    client = api_client(world.care_worker_a)
    body = {"moments": [_body(world), _body(world, kind="letter")]}
    first = call(client, "POST", _batch_url(world), body).json()
    again = call(client, "POST", _batch_url(world), body).json()
    assert (again["stored"], again["already_stored"]) == (0, 2)
    assert [r["status"] for r in again["results"]] == [200, 200]
    assert [r["moment"]["code"] for r in again["results"]] == [
        r["moment"]["code"] for r in first["results"]
    ]
    assert [r["moment"]["created"] for r in again["results"]] == [False, False]
    assert {s["resident"] for s in again["results"][0]["moment"]["residents"]} == {
        str(world.resident_a.code),
        str(world.resident_a2.code),
    }
    assert Moment.objects.count() == 2
    assert DailyConnection.objects.get(resident=world.resident_a).moments == 2


@pytest.mark.parametrize(
    "body",
    [
        {"moments": []},
        {"moments": "lots"},
        {"entries": [{}]},
        {"moments": [{"kind": "party"}]},
        {"moments": [{"note": "bad\x00"}]},
    ],
)
def test_a_batch_that_is_not_well_formed_is_refused_whole(world, body):
    if body.get("moments") and isinstance(body["moments"], list):
        body = {"moments": [_body(world), _body(world, **body["moments"][0])]}
    response = call(api_client(world.care_worker_a), "POST", _batch_url(world), body)
    assert response.status_code == 422
    assert "detail" in response.json()
    assert Moment.objects.count() == 0


def test_a_batch_has_a_limit_of_100(world):
    body = {"moments": [_body(world) for _ in range(101)]}
    response = call(api_client(world.care_worker_a), "POST", _batch_url(world), body)
    assert response.status_code == 422
    assert Moment.objects.count() == 0


def test_a_batch_costs_the_same_queries_whatever_its_size(world, django_assert_max_num_queries):
    daughter = make_contact(world.resident_a, name="Ann")
    carer = make_member(world.home_a, "care_worker")
    fellow = make_resident(world.home_a)
    client = api_client(world.care_worker_a)

    def bodies(count):
        return [
            _body(world, kind="visit", with_type="contact", with_code=str(daughter.code))
            if n % 3 == 0
            else _body(world, kind="one_to_one", with_type="staff", with_code=str(carer.code))
            if n % 3 == 1
            else _body(world, with_type="resident", with_code=str(fellow.code))
            for n in range(count)
        ]

    # SQLite takes at most 999 values a statement, so there the bigger inserts go in parts.
    for count in (1, 60):
        with django_assert_max_num_queries(15 if count == 1 else 20):
            response = call(client, "POST", _batch_url(world), {"moments": bodies(count)})
        assert response.json()["stored"] == count
    again = {"moments": bodies(30)}
    assert call(client, "POST", _batch_url(world), again).json()["stored"] == 30
    with django_assert_max_num_queries(16):
        response = call(client, "POST", _batch_url(world), again)
    assert response.json()["already_stored"] == 30


def test_list_is_newest_first(world):
    client = api_client(world.care_worker_a)
    now = timezone.localtime().replace(microsecond=0)
    times = [now - dt.timedelta(days=3), now - dt.timedelta(minutes=5), now - dt.timedelta(days=1)]
    for when in times:
        call(client, "POST", _url(world), _body(world, occurred_at=when.isoformat()))
    listed = [dt.datetime.fromisoformat(m["occurred_at"]) for m in client.get(_url(world)).json()]
    assert listed == sorted(times, reverse=True)

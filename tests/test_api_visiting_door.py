"""Visits through the API: the same permissions, rules and connection log as the door pages."""

import datetime as dt

import pytest
from django.utils import timezone

from commonroom.connections.models import Moment
from commonroom.lib.dates import today
from commonroom.visiting.models import Restriction, Visit, Visitor

from .api_support import PERSONAS_A, api_client, call

SIGNERS = {"manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "volunteer_a"}
VIEWERS = SIGNERS | {"visitor_a"}


def _url(world, *parts, home=None):
    return "/".join([f"/api/v1/homes/{(home or world.home_a).slug}", *map(str, parts)])


def _pause(world):
    return Restriction.objects.create(
        home=world.home_a,
        title="Flu",
        scope=Restriction.Scope.HOME,
        level=Restriction.Level.PAUSED,
        risk="r",
        risk_assessment="a",
        alternatives_considered="c",
        consulted="x",
        contact_name="Jo Manager",
        contact_details="01234",
        started_at=timezone.now(),
        next_review_on=today() + dt.timedelta(days=2),
    )


@pytest.mark.parametrize("persona", PERSONAS_A)
def test_sign_in_by_persona(world, persona):
    client = api_client(getattr(world, persona))
    body = {"name": "Tom Jones", "residents": [str(world.resident_a.code)], "party_size": 2}
    response = call(client, "POST", _url(world, "visits"), body)
    if persona not in SIGNERS:
        assert response.status_code == 403
        return
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["admitted"] == [str(world.resident_a.code)] and data["refused"] == []
    assert data["visit"]["party_size"] == 2 and data["visit"]["admission"] == "open"
    visit = Visit.objects.get()
    assert Moment.objects.get().idempotency_key == f"visit:{visit.code}"
    again = call(
        client,
        "POST",
        _url(world, "visits"),
        {"visitor": data["visit"]["visitor"], "residents": [str(world.resident_a.code)]},
    )
    assert again.status_code == 200 and again.json()["already_in"] is True
    assert Visit.objects.count() == 1


@pytest.mark.parametrize("persona", PERSONAS_A)
def test_lists_by_persona(world, persona):
    person = Visitor.objects.create(home=world.home_a, name="Susan Ellis")
    call(
        api_client(world.manager_a),
        "POST",
        _url(world, "visits"),
        {"visitor": str(person.code), "residents": [str(world.resident_a.code)]},
    )
    client = api_client(getattr(world, persona))
    for path in ("visits", "visits/in-building"):
        response = client.get(_url(world, path))
        if persona in VIEWERS:
            assert response.status_code == 200
            assert response.json()[0]["visitor_name"] == "Susan Ellis"
        else:
            assert response.status_code == 403
    found = client.get(_url(world, "visitors"), {"q": "sus"})
    if persona in SIGNERS:
        assert [v["name"] for v in found.json()] == ["Susan Ellis"]
        assert found.json()[0]["usual_residents"] == [str(world.resident_a.code)]
    else:
        assert found.status_code == 403


def test_other_home_and_bad_input(world):
    client = api_client(world.manager_a)
    assert client.get(_url(world, "visits", home=world.home_b)).status_code == 404
    other = call(
        client,
        "POST",
        _url(world, "visits"),
        {"name": "X Y", "residents": [str(world.resident_b.code)]},
    )
    assert other.status_code == 422
    nobody = call(
        client, "POST", _url(world, "visits"), {"residents": [str(world.resident_a.code)]}
    )
    assert nobody.status_code == 422
    long = call(
        client,
        "POST",
        _url(world, "visits"),
        {"name": "W" * 250, "residents": [str(world.resident_a.code)]},
    )
    assert long.status_code == 422
    nul = call(
        client,
        "POST",
        _url(world, "visits"),
        {"name": "A\x00B", "residents": [str(world.resident_a.code)]},
    )
    assert nul.status_code == 422
    assert client.get(_url(world, "visits"), {"date": "nope"}).status_code == 422
    assert not Visit.objects.exists()


def test_paused_answers_409_and_an_exception_admits(world):
    _pause(world)
    client = api_client(world.senior_carer_a)
    body = {"name": "Joe Bloggs", "residents": [str(world.resident_a.code)]}
    refused = call(client, "POST", _url(world, "visits"), body)
    assert refused.status_code == 409 and "Jo Manager" in refused.json()["detail"]
    no_reason = call(
        client, "POST", _url(world, "visits"), {**body, "admission_override": "end_of_life"}
    )
    assert no_reason.status_code == 422
    ok = call(
        client,
        "POST",
        _url(world, "visits"),
        {**body, "admission_override": "end_of_life", "exception_reason": "Family called in."},
    )
    assert ok.status_code == 201 and ok.json()["visit"]["admission"] == "end_of_life"


def test_sign_out_is_replay_safe(world):
    client = api_client(world.care_worker_a)
    made = call(
        client,
        "POST",
        _url(world, "visits"),
        {"name": "Tom", "residents": [str(world.resident_a.code)]},
    ).json()
    code = made["visit"]["code"]
    first = call(client, "POST", _url(world, "visits", code, "sign-out"))
    assert first.status_code == 200 and first.json()["signed_out_at"]
    second = call(client, "POST", _url(world, "visits", code, "sign-out"))
    assert second.json()["signed_out_at"] == first.json()["signed_out_at"]
    assert Moment.objects.count() == 1 and Moment.objects.get().minutes == 1
    assert client.get(_url(world, "visits/in-building")).json() == []
    other = call(
        api_client(world.manager_b),
        "POST",
        _url(world, "visits", code, "sign-out", home=world.home_b),
    )
    assert other.status_code == 404
    viewer = call(api_client(world.visitor_a), "POST", _url(world, "visits", code, "sign-out"))
    assert viewer.status_code == 403

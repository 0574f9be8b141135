"""Visiting restrictions through the API: the page's rules and the nation's test, by persona."""

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from commonroom.lib.dates import today
from commonroom.visiting.models import Restriction, RestrictionNotice
from commonroom.visiting.services import restrictions as services

from .api_support import PERSONAS_A, api_client, call
from .test_visiting_outbreak import data

READERS = {"manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "visitor_a"}


def _url(world: Any, *parts: object, home: Any = None) -> str:
    base = f"/api/v1/homes/{(home or world.home_a).slug}/restrictions"
    return "/".join([base, *map(str, parts)])


def _body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Flu outbreak",
        "scope": "home",
        "level": "paused",
        "confirmed": True,
        "risk": "Flu in the home.",
        "risk_assessment": "With the health protection team.",
        "precautions": "Masks.",
        "alternatives_considered": "Garden visits only.",
        "consulted": "Residents and families.",
        "residents_consulted": True,
        "families_consulted": True,
        "contact_name": "Jo Manager",
        "contact_details": "01234 567890",
        "next_review_on": (today() + dt.timedelta(days=5)).isoformat(),
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize("persona", PERSONAS_A)
def test_who_may_list_and_read(world: Any, persona: str) -> None:
    restriction = services.declare(world.home_a, data(), actor=world.manager_a)
    client = api_client(getattr(world, persona))
    listed = call(client, "GET", _url(world))
    detail = call(client, "GET", _url(world, restriction.code))
    if persona in READERS:
        assert listed.status_code == 200
        assert [r["code"] for r in listed.json()] == [str(restriction.code)]
        assert detail.status_code == 200
        assert {c["name"] for c in detail.json()["covered"]} == {
            "Peggy (Margaret Ellis)",
            "Arthur Singh",
        }
        assert detail.json()["notices"][0]["event"] == "started"
    else:
        assert (listed.status_code, detail.status_code) == (403, 403)


def test_active_filter_and_other_homes(world: Any) -> None:
    live = services.declare(world.home_a, data(title="Live"), actor=world.manager_a)
    gone = services.declare(world.home_a, data(title="Gone"), actor=world.manager_a)
    services.lift(gone, reason="Over", actor=world.manager_a)
    client = api_client(world.manager_a)
    assert [r["code"] for r in call(client, "GET", _url(world) + "?active=true").json()] == [
        str(live.code)
    ]
    assert [r["code"] for r in call(client, "GET", _url(world) + "?active=false").json()] == [
        str(gone.code)
    ]
    theirs = services.declare(world.home_b, data(), actor=world.manager_b)
    assert call(client, "GET", _url(world, theirs.code)).status_code == 404
    assert call(client, "GET", _url(world, home=world.home_b)).status_code == 404
    lifted = call(client, "POST", _url(world, theirs.code, "lift"), {"reason": "x"})
    assert lifted.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS_A)
def test_only_managers_declare(
    world: Any, persona: str, django_capture_on_commit_callbacks: Any
) -> None:
    client = api_client(getattr(world, persona))
    with django_capture_on_commit_callbacks(execute=True):
        response = call(client, "POST", _url(world), _body())
    if persona == "manager_a":
        assert response.status_code == 201, response.json()
        assert response.json()["level"] == "paused"
        assert response.json()["warnings"] == []
        assert len(mail.outbox) == 1
    else:
        assert response.status_code == 403
        assert not Restriction.objects.exists()


def test_declare_checks_the_nations_test_and_fields(world: Any) -> None:
    client = api_client(world.manager_a)
    response = call(client, "POST", _url(world), _body(confirmed=False))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "confirmed"
    past = (today() - dt.timedelta(days=1)).isoformat()
    response = call(client, "POST", _url(world), _body(next_review_on=past))
    assert response.status_code == 422
    response = call(client, "POST", _url(world), _body(risk=""))
    assert response.status_code == 422
    response = call(
        client,
        "POST",
        _url(world),
        _body(scope="residents", residents=[str(world.resident_b.code)]),
    )
    assert response.status_code == 422
    response = call(client, "POST", _url(world), _body(title="bad\x00"))
    assert response.status_code == 422
    far = (today() + dt.timedelta(days=30)).isoformat()
    response = call(
        client, "POST", _url(world), _body(next_review_on=far, title="🦠 مرحبا <b>x</b>")
    )
    assert response.status_code == 201
    assert response.json()["warnings"]
    assert response.json()["title"] == "🦠 مرحبا <b>x</b>"


def test_named_residents_and_lift(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    client = api_client(world.manager_a)
    response = call(
        client,
        "POST",
        _url(world),
        _body(
            scope="residents",
            residents=[str(world.resident_a.code)],
            level="precautions",
            confirmed=False,
        ),
    )
    assert response.status_code == 201
    code = response.json()["code"]
    assert [c["resident"] for c in response.json()["covered"]] == [str(world.resident_a.code)]
    with django_capture_on_commit_callbacks(execute=True):
        lifted = call(client, "POST", _url(world, code, "lift"), {"reason": "All clear."})
    assert lifted.status_code == 200
    assert lifted.json()["lifted_at"] and lifted.json()["lifted_reason"] == "All clear."
    assert RestrictionNotice.objects.filter(event="lifted").count() == 1
    again = call(client, "POST", _url(world, code, "lift"), {"reason": "Again"})
    assert again.status_code == 422
    blank = services.declare(world.home_a, data(), actor=world.manager_a)
    assert call(client, "POST", _url(world, blank.code, "lift"), {"reason": " "}).status_code == 422

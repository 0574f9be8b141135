"""Suggestions: residents speak for themselves, staff for anyone or the residents' meeting,
planners answer, and the public board never names anyone."""

import pytest
from django.urls import reverse

from commonroom.activities.models import Suggestion
from commonroom.activities.services.suggestions import (
    SuggestionError,
    board,
    make_suggestion,
    respond,
)
from commonroom.audit.models import AuditEntry

from .api_support import PERSONAS_A, api_client, call
from .conftest import PERSONAS

SUGGESTERS = {"manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "resident_user"}
PLANNERS = {"manager_a", "senior_carer_a", "activity_lead_a"}


def _url(world, name, *args):
    return reverse(f"activities:{name}", args=[world.home_a.slug, *args])


@pytest.fixture
def said(world):
    cricket = make_suggestion(
        world.home_a, "I'd like to go to the cricket", resident=world.resident_a, actor=None
    )
    respond(
        cricket,
        status=Suggestion.Status.DONE,
        response="Six of us went to the county match.",
        public=True,
        actor=world.manager_a,
    )
    private = make_suggestion(
        world.home_a, "Visit my old street", resident=world.resident_a2, actor=None, public=False
    )
    respond(private, status="planned", response="Booked", public=False, actor=world.manager_a)
    make_suggestion(world.home_a, "More fish on Fridays", resident=None, actor=None)
    return cricket


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_suggestions(world, said, persona, django_assert_max_num_queries):
    client = world.client(persona)
    with django_assert_max_num_queries(14):
        response = client.get(_url(world, "suggestions"))
    if persona == "manager_b":
        assert response.status_code == 404
    elif persona in SUGGESTERS:
        assert response.status_code == 200
        page = response.content.decode()
        if persona == "resident_user":
            assert "Visit my old street" in page and "Six of us went" not in page
            assert world.resident_a.full_name not in page
            assert "residents&#x27; meeting" not in page
        else:
            assert "cricket" in page and world.resident_a.full_name in page
    else:
        assert response.status_code == 403


def test_a_resident_suggests_for_themselves_only(world):
    client = world.client("resident_user")
    mine = {"text": "Bingo on Sundays", "resident": str(world.resident_a2.code), "public": "on"}
    assert client.post(_url(world, "suggestions"), mine).status_code == 302
    saved = Suggestion.objects.get()
    assert (saved.resident, saved.recorded_by) == (world.resident_a2, world.resident_user)
    entry = AuditEntry.objects.get(object_type="suggestion")
    assert (entry.action, entry.resident_code) == ("create", world.resident_a2.code)
    for who in (str(world.resident_a.code), "meeting"):
        response = client.post(_url(world, "suggestions"), {**mine, "resident": who})
        assert response.status_code == 400
    assert Suggestion.objects.count() == 1


def test_staff_record_for_the_residents_meeting(world):
    client = world.client("care_worker_a")
    data = {"text": "A trip to the seaside", "resident": "meeting"}
    assert client.post(_url(world, "suggestions"), data).status_code == 302
    saved = Suggestion.objects.get()
    assert saved.resident is None and saved.public is False
    response = client.post(_url(world, "suggestions"), {"text": " ", "resident": "meeting"})
    assert response.status_code == 400
    assert "Write the suggestion." in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_answer(world, said, persona):
    url = _url(world, "suggestion_respond", said.code)
    data = {"status": "considering", "response": "", "public": "on"}
    response = world.client(persona).post(url, data)
    if persona == "manager_b":
        assert response.status_code == 404
    elif persona in PLANNERS:
        assert response.status_code == 302
        said.refresh_from_db()
        assert said.status == Suggestion.Status.CONSIDERING
    else:
        assert response.status_code == 403


def test_an_answer_needs_words_when_done(world, said):
    client = world.client("activity_lead_a")
    url = _url(world, "suggestion_respond", said.code)
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "not_possible", "response": "", "public": "on"})
    assert response.status_code == 400
    assert "Say what was done, or why it is not possible." in response.content.decode()
    response = client.post(url, {"status": "done", "response": "We went twice.", "public": "on"})
    assert response.status_code == 302
    entry = (
        AuditEntry.objects.filter(object_type="suggestion", action="update").order_by("-id").first()
    )
    assert entry is not None and entry.fields == ["response"]
    assert entry.resident_code == world.resident_a.code


def test_service_refuses_another_homes_resident(world):
    with pytest.raises(SuggestionError):
        make_suggestion(world.home_a, "Darts", resident=world.resident_b, actor=None)
    with pytest.raises(SuggestionError):
        make_suggestion(world.home_a, "x" * 2001, resident=None, actor=None)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_board_shows_no_names(world, said, persona, django_assert_max_num_queries):
    client = world.client(persona)
    with django_assert_max_num_queries(12):
        response = client.get(_url(world, "suggestion_board"))
    if persona == "manager_b":
        assert response.status_code == 404
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert "the cricket" in page and "Six of us went" in page
    assert "Visit my old street" not in page
    assert "More fish" not in page
    for resident in (world.resident_a, world.resident_a2):
        assert resident.full_name not in page and resident.preferred_name not in page


def test_board_query(world, said):
    assert list(board(world.home_a)) == [said]
    assert list(board(world.home_b)) == []


@pytest.mark.parametrize("persona", PERSONAS_A)
def test_api_board(world, said, persona):
    url = f"/api/v1/homes/{world.home_a.slug}/suggestions/board"
    response = call(api_client(getattr(world, persona)), "GET", url)
    assert response.status_code == 200
    assert response.json()[0]["said"] == "I'd like to go to the cricket"
    assert len(response.json()) == 1
    assert "resident" not in response.json()[0]
    assert call(api_client(world.manager_b), "GET", url).status_code == 404

"""About me through the API: everyone who may see the person reads it; staff who may change
profiles, and the resident themself, write it."""

import pytest

from commonroom.audit.models import AuditEntry
from commonroom.residents.models import AboutMeSection

from .api_support import PERSONAS_A, api_client, call, residents_url

SECTIONS = [choice.value for choice in AboutMeSection.Section]


def _url(world, resident, section=None):
    parts = [resident.code, "about-me"] + ([section] if section else [])
    return residents_url(world.home_a, *parts)


@pytest.mark.parametrize("persona", PERSONAS_A)
def test_read_returns_all_seven_sections_in_order_and_is_audited(world, persona):
    user = getattr(world, persona)
    resident = world.resident_a2 if persona == "resident_user" else world.resident_a
    AboutMeSection.objects.create(
        home=world.home_a, resident=resident, section="people", text="My sister Nora"
    )
    response = api_client(user).get(_url(world, resident))
    assert response.status_code == 200
    body = response.json()
    assert [section["section"] for section in body] == SECTIONS
    people = body[1]
    assert people["text"] == "My sister Nora"
    assert people["title"] == "People who are important to me"
    assert body[0]["text"] == "" and body[0]["updated_at"] is None
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEW, actor=user)
    assert entry.fields == ["about_me"]


def test_read_outside_the_circle_is_404(world):
    assert api_client(world.manager_b).get(_url(world, world.resident_a)).status_code == 404
    assert api_client(world.resident_user).get(_url(world, world.resident_a)).status_code == 404
    assert api_client(world.family_a).get(_url(world, world.resident_a2)).status_code == 404


@pytest.mark.parametrize(
    "persona", ["manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a"]
)
def test_staff_who_edit_profiles_write_a_section(world, persona):
    user = getattr(world, persona)
    body = {"text": "Born in Leith; worked at the docks.", "supported_by": "Daughter Sue"}
    response = call(api_client(user), "put", _url(world, world.resident_a, "most_important"), body)
    assert response.status_code == 200, response.content
    assert response.json()["updated_by"] == str(user)
    section = AboutMeSection.objects.get(resident=world.resident_a, section="most_important")
    assert (section.text, section.supported_by, section.updated_by) == (
        body["text"],
        "Daughter Sue",
        user,
    )
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, actor=user)
    assert entry.fields == ["supported_by", "text"]
    assert entry.resident_code == world.resident_a.code
    again = {"text": "Born in Leith.", "supported_by": "Daughter Sue"}
    call(api_client(user), "put", _url(world, world.resident_a, "most_important"), again)
    assert AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, actor=user).fields == ["text"]


def test_resident_writes_their_own_about_me_only(world):
    client = api_client(world.resident_user)
    own = call(client, "put", _url(world, world.resident_a2, "wellness"), {"text": "Walks"})
    assert own.status_code == 200
    other = call(client, "put", _url(world, world.resident_a, "wellness"), {"text": "x"})
    assert other.status_code == 404


@pytest.mark.parametrize("persona", ["volunteer_a", "visitor_a", "family_a"])
def test_write_refused_without_edit_profile(world, persona):
    client = api_client(getattr(world, persona))
    response = call(client, "put", _url(world, world.resident_a, "wellness"), {"text": "x"})
    assert response.status_code == 403
    assert not AboutMeSection.objects.filter(resident=world.resident_a).exists()


def test_write_by_other_home_is_404(world):
    client = api_client(world.manager_b)
    response = call(client, "put", _url(world, world.resident_a, "wellness"), {"text": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("section", "body", "status"),
    [
        ("not_a_section", {"text": "x"}, 422),
        ("wellness", {"text": 12}, 422),
        ("wellness", {"text": "x" * 10_001}, 422),
        ("wellness", {"supported_by": "y" * 201}, 422),
        ("wellness", {"text": "nul\x00"}, 422),
    ],
)
def test_bad_input_is_refused(world, section, body, status):
    client = api_client(world.manager_a)
    assert call(client, "put", _url(world, world.resident_a, section), body).status_code == status
    assert not AboutMeSection.objects.exists()

"""Contacts and key workers through the API, with the circle pages' rules."""

import datetime as dt
import uuid

import pytest

from commonroom.audit.models import AuditEntry
from commonroom.circle.models import Contact, KeyWorkerAssignment
from commonroom.homes.roles import Role

from .api_support import PERSONAS_A, api_client, call, residents_url
from .factories import make_contact, make_member

DETAIL_KEYS = {"phone", "email", "address", "may_receive_updates", "has_door_code"}
SEES_DETAILS = {"manager_a", "senior_carer_a", "care_worker_a"}
EDITORS = ["manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a"]


def _contacts(world, *parts):
    return residents_url(world.home_a, world.resident_a.code, "contacts", *parts)


def _key_workers(world, *parts):
    return residents_url(world.home_a, world.resident_a.code, "key-workers", *parts)


@pytest.mark.parametrize("persona", [p for p in PERSONAS_A if p != "resident_user"])
def test_contact_details_only_for_roles_that_may_see_them(
    world, persona, django_assert_max_num_queries
):
    user = getattr(world, persona)
    client = api_client(user)
    with django_assert_max_num_queries(12):
        response = client.get(_contacts(world))
    assert response.status_code == 200
    (contact,) = response.json()
    assert contact["name"] == "Susan Ellis"
    assert contact["has_account"] is True
    assert (contact.keys() >= DETAIL_KEYS) is (persona in SEES_DETAILS)
    assert not (DETAIL_KEYS & contact.keys()) or persona in SEES_DETAILS
    assert AuditEntry.objects.get(action="view", actor=user).fields == ["contacts"]


def test_contacts_outside_the_circle_are_404(world):
    assert api_client(world.manager_b).get(_contacts(world)).status_code == 404
    assert api_client(world.resident_user).get(_contacts(world)).status_code == 404


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_add_a_contact_with_the_nations_support_role(world, persona):
    user = getattr(world, persona)
    body = {
        "name": "Nora Ellis",
        "relationship": "sibling",
        "support_role": "essential_care_supporter",
        "preferred_method": "phone",
        "preferred_frequency": "weekly",
    }
    response = call(api_client(user), "post", _contacts(world), body)
    assert response.status_code == 201, response.content
    assert response.json()["support_role_label"] == "Essential care supporter"
    contact = Contact.objects.get(code=response.json()["code"])
    assert contact.home == world.home_a and contact.resident == world.resident_a
    entry = AuditEntry.objects.get(action="create", actor=user)
    assert entry.resident_code == world.resident_a.code
    assert "name" in entry.fields


def test_support_role_of_another_nation_is_422(world):
    body = {"name": "Nora", "relationship": "sibling", "support_role": "care_supporter"}
    response = call(api_client(world.manager_a), "post", _contacts(world), body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "support_role"
    assert not Contact.objects.filter(name="Nora").exists()


def test_substitute_must_be_in_the_same_circle(world):
    supporter = make_contact(world.resident_a, support_role="essential_care_supporter")
    stranger = make_contact(world.resident_a2, support_role="essential_care_supporter")
    client = api_client(world.manager_a)
    base = {"name": "Sub", "relationship": "friend"}
    bad = call(client, "post", _contacts(world), {**base, "substitute_for": str(stranger.code)})
    assert bad.status_code == 422
    good = call(client, "post", _contacts(world), {**base, "substitute_for": str(supporter.code)})
    assert good.status_code == 201
    assert good.json()["substitute_for"] == str(supporter.code)


def test_activity_lead_cannot_write_contact_details(world):
    body = {"name": "Tom", "relationship": "friend", "phone": "0123"}
    response = call(api_client(world.activity_lead_a), "post", _contacts(world), body)
    assert response.status_code == 403
    assert not Contact.objects.filter(name="Tom").exists()


@pytest.mark.parametrize("persona", ["volunteer_a", "visitor_a", "family_a"])
def test_contact_writes_refused_without_edit_profile(world, persona):
    client = api_client(getattr(world, persona))
    body = {"name": "Tom", "relationship": "friend"}
    assert call(client, "post", _contacts(world), body).status_code == 403
    code = world.family_contact.code
    assert call(client, "patch", _contacts(world, code), {"name": "X"}).status_code == 403
    assert call(client, "delete", _contacts(world, code)).status_code == 403
    assert Contact.objects.filter(code=code, name="Susan Ellis").exists()


def test_contact_writes_from_other_home_are_404(world):
    client = api_client(world.manager_b)
    code = world.family_contact.code
    assert (
        call(client, "post", _contacts(world), {"name": "T", "relationship": "friend"}).status_code
        == 404
    )
    assert call(client, "patch", _contacts(world, code), {"name": "X"}).status_code == 404
    assert call(client, "delete", _contacts(world, code)).status_code == 404


def test_patch_and_delete_a_contact(world):
    client = api_client(world.care_worker_a)
    code = world.family_contact.code
    response = call(
        client, "patch", _contacts(world, code), {"phone": "07700 900123", "name": "Sue Ellis"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "07700 900123"
    assert AuditEntry.objects.get(action="update").fields == ["name", "phone"]
    assert call(client, "patch", _contacts(world, uuid.uuid4()), {"name": "X"}).status_code == 404
    assert call(client, "delete", _contacts(world, code)).status_code == 204
    assert not Contact.objects.filter(code=code).exists()
    assert AuditEntry.objects.filter(action="delete", resident_code=world.resident_a.code).exists()


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-email"},
        {"relationship": "cousin"},
        {"role_from": "2025-05-01", "role_until": "2025-01-01"},
        {"name": None},
        {"name": "n" * 201},
        {"may_receive_updates": "perhaps"},
        {"substitute_for": "not-a-code"},
        {"substitute_for": str(uuid.uuid4())},
    ],
)
def test_bad_contact_input_is_422(world, body):
    code = world.family_contact.code
    response = call(api_client(world.manager_a), "patch", _contacts(world, code), body)
    assert response.status_code == 422, response.content
    world.family_contact.refresh_from_db()
    assert world.family_contact.name == "Susan Ellis"


def test_key_worker_history_for_roles_that_see_care_details(world):
    staff = world.care_worker_a.memberships.get()
    KeyWorkerAssignment.objects.create(
        home=world.home_a, resident=world.resident_a, staff=staff, started_on=dt.date(2024, 2, 1)
    )
    for persona in [*EDITORS, "visitor_a"]:
        response = api_client(getattr(world, persona)).get(_key_workers(world))
        assert response.status_code == 200
        assert response.json()[0]["staff"] == str(staff.code)
        assert response.json()[0]["is_current"] is True
    for persona in ("volunteer_a", "family_a"):
        assert api_client(getattr(world, persona)).get(_key_workers(world)).status_code == 403
    assert api_client(world.manager_b).get(_key_workers(world)).status_code == 404
    assert api_client(world.resident_user).get(_key_workers(world)).status_code == 404


@pytest.mark.parametrize("persona", ["manager_a", "senior_carer_a"])
def test_assigning_ends_the_previous_key_worker_the_day_before(world, persona):
    user = getattr(world, persona)
    first = world.care_worker_a.memberships.get()
    previous = KeyWorkerAssignment.objects.create(
        home=world.home_a, resident=world.resident_a, staff=first, started_on=dt.date(2024, 2, 1)
    )
    second = world.senior_carer_a.memberships.get()
    body = {"staff": str(second.code), "started_on": "2025-04-01"}
    response = call(api_client(user), "post", _key_workers(world), body)
    assert response.status_code == 201, response.content
    assert response.json()["name"] == str(world.senior_carer_a)
    previous.refresh_from_db()
    assert previous.ended_on == dt.date(2025, 3, 31)
    assert AuditEntry.objects.filter(actor=user, action="create").exists()
    assert AuditEntry.objects.get(actor=user, action="update").fields == ["ended_on"]


def test_assign_refused_for_non_staff_and_wrong_roles(world):
    family_membership = world.family_a.memberships.get()
    other_home_staff = world.manager_b.memberships.get()
    client = api_client(world.manager_a)
    for staff in (family_membership, other_home_staff):
        body = {"staff": str(staff.code), "started_on": "2025-04-01"}
        response = call(client, "post", _key_workers(world), body)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"][-1] == "staff"
    body = {"staff": str(world.care_worker_a.memberships.get().code), "started_on": "2025-04-01"}
    for persona in ("care_worker_a", "activity_lead_a", "volunteer_a", "visitor_a", "family_a"):
        client = api_client(getattr(world, persona))
        assert call(client, "post", _key_workers(world), body).status_code == 403
    assert call(api_client(world.manager_b), "post", _key_workers(world), body).status_code == 404
    assert not KeyWorkerAssignment.objects.exists()


def test_end_a_key_worker(world):
    staff = make_member(world.home_a, Role.CARE_WORKER)
    assignment = KeyWorkerAssignment.objects.create(
        home=world.home_a, resident=world.resident_a, staff=staff, started_on=dt.date(2024, 2, 1)
    )
    url = _key_workers(world, assignment.code, "end")
    client = api_client(world.senior_carer_a)
    too_early = call(client, "post", url, {"ended_on": "2024-01-01"})
    assert too_early.status_code == 422
    for persona in ("care_worker_a", "volunteer_a"):
        client_without = api_client(getattr(world, persona))
        assert call(client_without, "post", url, {"ended_on": "2025-01-01"}).status_code == 403
    assert (
        call(api_client(world.manager_b), "post", url, {"ended_on": "2025-01-01"}).status_code
        == 404
    )
    response = call(client, "post", url, {"ended_on": "2025-01-01"})
    assert response.status_code == 200
    assert response.json()["ended_on"] == "2025-01-01"
    assert AuditEntry.objects.get(action="update").fields == ["ended_on"]
    assert (
        call(
            client, "post", _key_workers(world, uuid.uuid4(), "end"), {"ended_on": "2025-01-01"}
        ).status_code
        == 404
    )

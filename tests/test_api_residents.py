"""The residents API by persona: who sees whom, which fields, who may admit and change."""

import datetime as dt

import pytest
from django.test import Client

from commonroom.audit.models import AuditEntry
from commonroom.residents.models import PersonalPlan, Resident, StatusChange

from .api_support import api_client, call, residents_url
from .factories import make_resident


def _audited(world, action: str, resident_code, user) -> bool:
    return AuditEntry.objects.filter(
        home=world.home_a, action=action, resident_code=resident_code, actor=user
    ).exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("manager_a", {"Peggy", "Arthur"}),
        ("senior_carer_a", {"Peggy", "Arthur"}),
        ("care_worker_a", {"Peggy", "Arthur"}),
        ("activity_lead_a", {"Peggy", "Arthur"}),
        ("volunteer_a", {"Peggy", "Arthur"}),
        ("visitor_a", {"Peggy", "Arthur"}),
        ("family_a", {"Peggy"}),
        ("resident_user", {"Arthur"}),
    ],
)
def test_list_shows_whom_each_role_may_see(world, persona, expected):
    response = api_client(getattr(world, persona)).get(residents_url(world.home_a))
    assert response.status_code == 200
    assert {person["preferred_name"] for person in response.json()} == expected


def test_list_leaves_out_former_residents_unless_asked(world, django_assert_max_num_queries):
    make_resident(world.home_a, preferred_name="Gone", status=Resident.Status.MOVED_OUT)
    client = api_client(world.manager_a)
    with django_assert_max_num_queries(6):
        names = {p["preferred_name"] for p in client.get(residents_url(world.home_a)).json()}
    assert "Gone" not in names
    response = client.get(residents_url(world.home_a) + "?include_former=true")
    assert "Gone" in {p["preferred_name"] for p in response.json()}


def test_other_home_answers_404_and_no_token_401(world):
    assert api_client(world.manager_b).get(residents_url(world.home_a)).status_code == 404
    assert (
        api_client(world.manager_b).get("/api/v1/homes/no-such-home/residents").status_code == 404
    )
    response = api_client(world.manager_b).get(residents_url(world.home_b))
    assert [p["preferred_name"] for p in response.json()] == ["Bren"]
    anonymous = Client().get(residents_url(world.home_a))
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Bearer"


GUIDANCE_KEYS = {"pronouns", "how_to_communicate", "preferred_language", "sight", "memory"}
CARE_KEYS = {"date_of_birth", "full_name", "room", "mobility", "consents", "plan", "faith"}


@pytest.mark.parametrize(
    ("persona", "guidance", "care"),
    [
        ("manager_a", True, True),
        ("senior_carer_a", True, True),
        ("care_worker_a", True, True),
        ("activity_lead_a", True, True),
        ("visitor_a", True, True),
        ("volunteer_a", True, False),
        ("family_a", False, False),
        ("resident_user", True, True),
    ],
)
def test_detail_shows_the_parts_each_role_sees_on_the_record_page(world, persona, guidance, care):
    user = getattr(world, persona)
    resident = world.resident_a2 if persona == "resident_user" else world.resident_a
    resident.date_of_birth = dt.date(1938, 5, 1)
    resident.save()
    response = api_client(user).get(residents_url(world.home_a, resident.code))
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == str(resident.code)
    assert body["preferred_name"] == resident.preferred_name
    assert (body.keys() >= GUIDANCE_KEYS) is guidance
    assert bool(GUIDANCE_KEYS & body.keys()) is guidance
    assert (body.keys() >= CARE_KEYS) is care
    assert bool(CARE_KEYS & body.keys()) is care
    if care:
        assert body["date_of_birth"] == "1938-05-01"
    assert _audited(world, AuditEntry.Action.VIEW, resident.code, user)


def test_detail_of_someone_not_in_your_circle_is_404(world):
    assert (
        api_client(world.resident_user)
        .get(residents_url(world.home_a, world.resident_a.code))
        .status_code
        == 404
    )
    assert (
        api_client(world.family_a)
        .get(residents_url(world.home_a, world.resident_a2.code))
        .status_code
        == 404
    )
    assert (
        api_client(world.manager_b)
        .get(residents_url(world.home_a, world.resident_a.code))
        .status_code
        == 404
    )
    assert (
        api_client(world.manager_a)
        .get(residents_url(world.home_a, world.resident_b.code))
        .status_code
        == 404
    )
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()


def test_detail_lists_consent_in_force_and_plan(world):
    response = api_client(world.care_worker_a).get(
        residents_url(world.home_a, world.resident_a.code)
    )
    assert response.json()["consents"] == [
        {
            "purpose": "updates",
            "decision": "given",
            "given_by": "person",
            "representative_name": "",
            "decided_on": "2024-02-01",
        }
    ]
    assert response.json()["plan"] is None


NEW_PERSON = {
    "full_name": "Eileen Murphy",
    "preferred_name": "Eileen",
    "admission_date": "2025-03-01",
    "date_of_birth": "1941-07-14",
    "room": "12",
    "first_language": "Irish",
    "other_languages": ["English"],
}


@pytest.mark.parametrize("persona", ["manager_a", "senior_carer_a"])
def test_admitting_a_resident_creates_status_plan_and_audit(world, persona):
    user = getattr(world, persona)
    response = call(api_client(user), "post", residents_url(world.home_a), NEW_PERSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "living_here"
    assert body["status_since"] == "2025-03-01"
    assert body["other_languages"] == ["English"]
    resident = Resident.objects.get(code=body["code"])
    assert resident.home == world.home_a
    assert StatusChange.objects.get(resident=resident).started_on == dt.date(2025, 3, 1)
    plan = PersonalPlan.objects.get(resident=resident)
    assert plan.review_every_months == world.home_a.plan_review_months
    assert body["plan"]["next_review_on"] == plan.next_review_on.isoformat()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, resident_code=resident.code)
    assert entry.actor == user
    assert "full_name" in entry.fields
    assert "Eileen" not in str(entry.fields)


@pytest.mark.parametrize(
    "persona",
    ["care_worker_a", "activity_lead_a", "volunteer_a", "visitor_a", "family_a", "resident_user"],
)
def test_admitting_needs_manage_residents(world, persona):
    response = call(
        api_client(getattr(world, persona)), "post", residents_url(world.home_a), NEW_PERSON
    )
    assert response.status_code == 403
    assert not Resident.objects.filter(full_name="Eileen Murphy").exists()


def test_admitting_in_another_home_is_404(world):
    response = call(api_client(world.manager_b), "post", residents_url(world.home_a), NEW_PERSON)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**NEW_PERSON, "full_name": ""}, "full_name"),
        ({**NEW_PERSON, "full_name": "x" * 201}, "full_name"),
        ({**NEW_PERSON, "full_name": "Eileen\x00"}, "full_name"),
        ({**NEW_PERSON, "admission_date": "1 March"}, "admission_date"),
        ({**NEW_PERSON, "admission_date": 20250301}, "admission_date"),
        ({**NEW_PERSON, "date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({**NEW_PERSON, "date_of_birth": "2030-01-01", "admission_date": "2020-01-01"}, None),
        ({**NEW_PERSON, "mobility": "flying"}, "mobility"),
        ({**NEW_PERSON, "other_languages": "English"}, "other_languages"),
        ({**NEW_PERSON, "faith_practice": "x" * 20_000}, "faith_practice"),
        ({"preferred_name": "Eileen"}, "full_name"),
    ],
)
def test_bad_input_is_422_with_the_field_named(world, body, field):
    response = call(api_client(world.manager_a), "post", residents_url(world.home_a), body)
    assert response.status_code == 422
    problems = response.json()["detail"]
    assert problems and all(problem["msg"] for problem in problems)
    if field:
        assert field in {str(problem["loc"][-1]) for problem in problems}
    assert "input" not in problems[0]
    assert not Resident.objects.filter(preferred_name="Eileen").exists()


def test_malformed_json_and_wrong_body_types_are_4xx(world):
    client = api_client(world.manager_a)
    response = call(client, "post", residents_url(world.home_a), raw="{not json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert call(client, "post", residents_url(world.home_a), ["a", "list"]).status_code == 422
    assert call(client, "post", residents_url(world.home_a), raw="\xff\xfe").status_code == 400
    assert client.get(residents_url(world.home_a, "not-a-code")).status_code == 422


@pytest.mark.parametrize(
    "persona", ["manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a"]
)
def test_patch_changes_only_what_is_sent_and_audits_field_names(world, persona):
    user = getattr(world, persona)
    url = residents_url(world.home_a, world.resident_a.code)
    response = call(api_client(user), "patch", url, {"room": "7B", "faith": "Quaker"})
    assert response.status_code == 200, response.content
    world.resident_a.refresh_from_db()
    assert (world.resident_a.room, world.resident_a.faith) == ("7B", "Quaker")
    assert world.resident_a.full_name == "Margaret Ellis"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, actor=user)
    assert entry.fields == ["faith", "room"]
    assert entry.resident_code == world.resident_a.code


@pytest.mark.parametrize("persona", ["volunteer_a", "visitor_a", "family_a"])
def test_patch_refused_for_roles_that_cannot_edit(world, persona):
    url = residents_url(world.home_a, world.resident_a.code)
    response = call(api_client(getattr(world, persona)), "patch", url, {"room": "9"})
    assert response.status_code == 403
    world.resident_a.refresh_from_db()
    assert world.resident_a.room != "9"


def test_patch_by_other_home_or_other_resident_is_404(world):
    url = residents_url(world.home_a, world.resident_a.code)
    assert call(api_client(world.manager_b), "patch", url, {"room": "9"}).status_code == 404
    assert call(api_client(world.resident_user), "patch", url, {"room": "9"}).status_code == 404


def test_patch_refuses_null_for_required_fields(world):
    url = residents_url(world.home_a, world.resident_a.code)
    response = call(api_client(world.manager_a), "patch", url, {"full_name": None})
    assert response.status_code == 422
    response = call(api_client(world.manager_a), "patch", url, {"date_of_birth": None})
    assert response.status_code == 200


def test_staff_token_made_without_two_factor_is_refused(world):
    client = api_client(world.care_worker_a, two_factor_verified=False)
    response = client.get(residents_url(world.home_a))
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]
    family = api_client(world.family_a, two_factor_verified=False)
    assert family.get(residents_url(world.home_a)).status_code == 200


def test_removed_member_loses_access(world):
    client = api_client(world.care_worker_a)
    world.care_worker_a.memberships.update(ended_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    assert client.get(residents_url(world.home_a)).status_code == 404

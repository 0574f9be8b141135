"""The resident list and admitting a resident."""

import datetime as dt

import pytest
from django.urls import reverse

from commonroom.audit.models import AuditEntry
from commonroom.homes.roles import Perm
from commonroom.lib.dates import today
from commonroom.residents.models import (
    AssistiveTechnology,
    ConsentRecord,
    PersonalPlan,
    Resident,
    RiskDecision,
    StatusChange,
)

from .conftest import PERSONAS, World
from .factories import give_consent, make_resident
from .residents_helpers import expected_status, image_upload, media  # noqa: F401


def list_url(world: World) -> str:
    return reverse("residents:list", args=[world.home_a.slug])


STAFF_VIEWERS = ["manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "visitor_a"]


@pytest.mark.parametrize("persona", [*STAFF_VIEWERS, "volunteer_a"])
def test_staff_and_volunteers_see_everyone_current(world: World, persona: str) -> None:
    make_resident(world.home_a, preferred_name="Gone", status=Resident.Status.MOVED_OUT)
    make_resident(world.home_a, preferred_name="Away", status=Resident.Status.IN_HOSPITAL)
    page = world.client(persona).get(list_url(world)).content.decode()
    assert "Peggy" in page and "Arthur" in page and "Away" in page
    assert "Gone" not in page
    assert "Bren" not in page


def test_include_moved_out_and_died(world: World) -> None:
    make_resident(world.home_a, preferred_name="Gone", status=Resident.Status.MOVED_OUT)
    make_resident(world.home_a, preferred_name="Late", status=Resident.Status.DIED)
    page = world.client("care_worker_a").get(list_url(world), {"everyone": "1"}).content.decode()
    assert "Gone" in page and "Late" in page and "Peggy" in page


def test_search_by_name_and_room(world: World) -> None:
    make_resident(world.home_a, preferred_name="Gwen", full_name="Gwen Jones", room="14")
    client = world.client("care_worker_a")
    page = client.get(list_url(world), {"q": "ellis"}).content.decode()
    assert "Peggy" in page and "Gwen" not in page
    page = client.get(list_url(world), {"q": "14"}).content.decode()
    assert "Gwen" in page and "Peggy" not in page
    page = client.get(list_url(world), {"q": "nobody at all"}).content.decode()
    assert "No one matches that search." in page


def test_other_home_manager_gets_404(world: World) -> None:
    assert world.client("manager_b").get(list_url(world)).status_code == 404


def test_signed_out_is_sent_to_sign_in(world: World) -> None:
    from django.test import Client

    assert Client().get(list_url(world)).status_code == 302


def test_family_goes_straight_to_their_person(world: World) -> None:
    response = world.client("family_a").get(list_url(world))
    assert response.status_code == 302
    assert str(world.resident_a.code) in response["Location"]


def test_family_without_consent_sees_nobody(world: World) -> None:
    give_consent(
        world.resident_a,
        ConsentRecord.Purpose.UPDATES,
        decision=ConsentRecord.Decision.WITHDRAWN,
        decided_on=dt.date(2024, 3, 1),
    )
    response = world.client("family_a").get(list_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Peggy" not in page and "Arthur" not in page


def test_resident_goes_to_own_record(world: World) -> None:
    response = world.client("resident_user").get(list_url(world))
    assert response.status_code == 302
    assert str(world.resident_a2.code) in response["Location"]


def test_flags_and_needs_shown_to_staff(world: World) -> None:
    newcomer = make_resident(
        world.home_a,
        preferred_name="Newby",
        admission_date=today() - dt.timedelta(days=22),
        status_since=today() - dt.timedelta(days=22),
        hearing="some",
        date_of_birth=dt.date(1940, 1, 1),
    )
    PersonalPlan.objects.create(
        home=world.home_a, resident=newcomer, next_review_on=today() - dt.timedelta(days=1)
    )
    AssistiveTechnology.objects.create(
        home=world.home_a,
        resident=newcomer,
        kind=AssistiveTechnology.Kind.HEARING_AID,
        next_check_on=today() - dt.timedelta(days=3),
    )
    RiskDecision.objects.create(
        home=world.home_a,
        resident=newcomer,
        choice="Walk to the shop alone",
        risk="Falls",
        support="Pendant alarm",
        agreed_by="Newby, manager",
        decided_on=today() - dt.timedelta(days=20),
        review_on=today() - dt.timedelta(days=2),
    )
    page = world.client("care_worker_a").get(list_url(world)).content.decode()
    assert "New: 3 weeks" in page
    assert "Plan review overdue" in page
    assert "Assistive technology check overdue" in page
    assert "Risk decision review overdue" in page
    assert "Hearing" in page
    assert str(newcomer.age()) in page
    volunteer_page = world.client("volunteer_a").get(list_url(world)).content.decode()
    assert "Plan review overdue" not in volunteer_page
    assert "Hearing" in volunteer_page


@pytest.mark.usefixtures("media")
def test_thumbnail_only_with_photo_consent(world: World) -> None:
    peggy = world.resident_a
    peggy.photo.save("p.png", image_upload())
    photo_url = reverse("residents:photo", args=[world.home_a.slug, peggy.code])
    client = world.client("care_worker_a")
    assert photo_url not in client.get(list_url(world)).content.decode()
    give_consent(peggy, ConsentRecord.Purpose.PHOTOS)
    assert photo_url in client.get(list_url(world)).content.decode()


def test_list_query_count_is_constant(world: World, django_assert_max_num_queries) -> None:
    for n in range(30):
        resident = make_resident(world.home_a, preferred_name=f"Person{n}", photo=f"x{n}.png")
        give_consent(resident, ConsentRecord.Purpose.PHOTOS)
        PersonalPlan.objects.create(
            home=world.home_a, resident=resident, next_review_on=today() - dt.timedelta(days=n)
        )
        AssistiveTechnology.objects.create(
            home=world.home_a, resident=resident, kind="glasses", next_check_on=today()
        )
    client = world.client("care_worker_a")
    with django_assert_max_num_queries(12):
        response = client.get(list_url(world))
    assert response.status_code == 200
    assert response.content.decode().count("Plan review overdue") == 29


# Admitting a resident


def add_url(world: World) -> str:
    return reverse("residents:add", args=[world.home_a.slug])


ADMIT = {
    "full_name": "Harjit Kaur",
    "preferred_name": "Harjit",
    "pronouns": "she/her",
    "date_of_birth": "1938-05-02",
    "room": "21",
    "admission_date": "2025-01-15",
    "first_language": "Punjabi",
    "preferred_language": "Punjabi",
    "other_languages": "English, Hindi; english",
    "culture": "Sikh Punjabi",
    "faith": "Sikh",
}


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "manager_b"])
def test_add_page_by_role(world: World, persona: str) -> None:
    response = world.client(persona).get(add_url(world))
    expected = (
        403 if persona == "resident_user" else expected_status(persona, Perm.MANAGE_RESIDENTS)
    )
    assert response.status_code == expected


def test_add_page_other_home_404(world: World) -> None:
    assert world.client("manager_b").get(add_url(world)).status_code == 404


def test_admit_resident(world: World) -> None:
    world.home_a.plan_review_months = 3
    world.home_a.save()
    response = world.client("senior_carer_a").post(add_url(world), ADMIT)
    assert response.status_code == 302
    harjit = Resident.objects.get(full_name="Harjit Kaur")
    assert response["Location"].endswith(f"/residents/{harjit.code}/")
    assert harjit.other_languages == ["English", "Hindi"]
    assert harjit.status == Resident.Status.LIVING_HERE
    assert harjit.status_since == dt.date(2025, 1, 15)
    change = StatusChange.objects.get(resident=harjit)
    assert change.status == Resident.Status.LIVING_HERE
    assert change.recorded_by == world.senior_carer_a
    assert harjit.plan.next_review_on == dt.date(2025, 4, 15)
    assert harjit.plan.review_every_months == 3
    entry = AuditEntry.objects.get(resident_code=harjit.code, action=AuditEntry.Action.CREATE)
    assert "full_name" in entry.fields and "date_of_birth" in entry.fields
    assert "Harjit" not in str(entry.fields)


def test_admit_bad_input_is_400_with_messages(world: World) -> None:
    future = (today() + dt.timedelta(days=5)).isoformat()
    response = world.client("manager_a").post(
        add_url(world), {**ADMIT, "full_name": "", "admission_date": future}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The date they moved in cannot be in the future." in page
    assert not Resident.objects.filter(preferred_name="Harjit").exists()


def test_admit_refused_for_care_worker(world: World) -> None:
    response = world.client("care_worker_a").post(add_url(world), ADMIT)
    assert response.status_code == 403
    assert not Resident.objects.filter(preferred_name="Harjit").exists()

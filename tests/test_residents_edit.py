"""Changing a resident's record: every edit page by persona, good and bad input, the audit."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from commonroom.audit.models import AuditEntry
from commonroom.homes.roles import Perm
from commonroom.lib.dates import today
from commonroom.residents.models import (
    AboutMeSection,
    AssistiveTechnology,
    ConsentRecord,
    Interest,
    PersonalPlan,
    PlanOutcome,
    PlanReview,
    Resident,
    ResidentInterest,
    RiskDecision,
    StatusChange,
)

from .conftest import PERSONAS, World
from .factories import give_consent
from .residents_helpers import (  # noqa: F401
    expected_status,
    image_upload,
    last_audit,
    media,
    url,
)


def make_device(world: World) -> AssistiveTechnology:
    return AssistiveTechnology.objects.create(
        home=world.home_a, resident=world.resident_a, kind="hearing_aid"
    )


def make_plan(world: World) -> PersonalPlan:
    return PersonalPlan.objects.create(
        home=world.home_a, resident=world.resident_a, next_review_on=dt.date(2024, 7, 10)
    )


def make_outcome(world: World) -> PlanOutcome:
    return PlanOutcome.objects.create(
        home=world.home_a, plan=make_plan(world), outcome="Go to the bandstand"
    )


def make_risk(world: World, **overrides: Any) -> RiskDecision:
    values: dict[str, Any] = {
        "home": world.home_a,
        "resident": world.resident_a,
        "choice": "Walk to the paper shop alone",
        "risk": "Falls",
        "support": "Pendant alarm",
        "agreed_by": "Peggy, Sue",
        "decided_on": dt.date(2024, 5, 1),
        "review_on": dt.date(2024, 11, 1),
    }
    values.update(overrides)
    return RiskDecision.objects.create(**values)


def make_interest(world: World) -> ResidentInterest:
    return ResidentInterest.objects.create(
        home=world.home_a, resident=world.resident_a, detail="Brass bands"
    )


PAGES = [
    ("edit", ["profile"], Perm.EDIT_PROFILE, None),
    ("edit", ["communication"], Perm.EDIT_PROFILE, None),
    ("edit", ["languages"], Perm.EDIT_PROFILE, None),
    ("edit", ["technology"], Perm.EDIT_PROFILE, None),
    ("edit", ["ambitions"], Perm.EDIT_PROFILE, None),
    ("status", [], Perm.MANAGE_RESIDENTS, None),
    ("photo_edit", [], Perm.EDIT_PROFILE, None),
    ("about_me_edit", ["most_important"], Perm.EDIT_PROFILE, None),
    ("interest_add", [], Perm.EDIT_PROFILE, None),
    ("technology_add", [], Perm.EDIT_PROFILE, None),
    ("technology_edit", [], Perm.EDIT_PROFILE, make_device),
    ("consent_add", [], Perm.MANAGE_RESIDENTS, None),
    ("plan_edit", [], Perm.MANAGE_RESIDENTS, None),
    ("outcome_add", [], Perm.MANAGE_RESIDENTS, None),
    ("outcome_edit", [], Perm.MANAGE_RESIDENTS, make_outcome),
    ("review_add", [], Perm.MANAGE_RESIDENTS, None),
    ("risk_add", [], Perm.MANAGE_RESIDENTS, None),
    ("risk_edit", [], Perm.MANAGE_RESIDENTS, make_risk),
]


@pytest.mark.parametrize(("name", "args", "perm", "make"), PAGES)
def test_edit_pages_by_persona(world: World, name: str, args: list, perm: Perm, make) -> None:
    if make is not None:
        args = [make(world).code]
    address = url(world, name, None, *args)
    for persona in PERSONAS:
        response = world.client(persona).get(address)
        assert response.status_code == expected_status(persona, perm), persona


POSTS = [
    ("photo_remove", Perm.EDIT_PROFILE, None),
    ("interest_remove", Perm.EDIT_PROFILE, make_interest),
    ("technology_remove", Perm.EDIT_PROFILE, make_device),
    ("risk_end", Perm.MANAGE_RESIDENTS, make_risk),
]


@pytest.mark.parametrize(("name", "perm", "make"), POSTS)
def test_post_only_actions_refused_for_wrong_people(world: World, name: str, perm: Perm, make):
    args = [make(world).code] if make else []
    address = url(world, name, None, *args)
    for persona in PERSONAS:
        status = expected_status(persona, perm, ok=302)
        if status == 302:
            assert world.client(persona).get(address).status_code == 405
            continue
        assert world.client(persona).post(address).status_code == status, persona


def test_unknown_part_or_section_is_404(world: World) -> None:
    client = world.client("manager_a")
    assert client.get(url(world, "edit", None, "secrets")).status_code == 404
    assert client.get(url(world, "about_me_edit", None, "secrets")).status_code == 404


# Profile parts


def test_profile_change_is_saved_and_audited(world: World) -> None:
    response = world.client("care_worker_a").post(
        url(world, "edit", None, "profile"),
        {
            "full_name": "Margaret Ellis",
            "preferred_name": "Peg",
            "pronouns": "she/her",
            "date_of_birth": "1936-04-02",
            "room": "7",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#profile")
    peggy = Resident.objects.get(pk=world.resident_a.pk)
    assert (peggy.preferred_name, peggy.room) == ("Peg", "7")
    entry = last_audit(peggy, AuditEntry.Action.UPDATE)
    assert set(entry.fields) == {"preferred_name", "pronouns", "date_of_birth", "room"}
    assert entry.actor == world.care_worker_a


def test_profile_bad_input_is_400(world: World) -> None:
    future = (today() + dt.timedelta(days=1)).isoformat()
    response = world.client("manager_a").post(
        url(world, "edit", None, "profile"),
        {"full_name": "", "preferred_name": "Peggy", "date_of_birth": future},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The date of birth cannot be in the future." in page
    assert "Back to Peggy (Margaret Ellis)" in page
    assert Resident.objects.get(pk=world.resident_a.pk).full_name == "Margaret Ellis"


def test_communication_change(world: World) -> None:
    response = world.client("activity_lead_a").post(
        url(world, "edit", None, "communication"),
        {
            "sight": "none",
            "hearing": "significant",
            "speech": "none",
            "memory": "some",
            "has_dementia": "on",
            "self_report": "with_support",
            "how_to_communicate": "Face her and speak clearly.",
            "mobility": "wheelchair",
            "mobility_notes": "",
        },
    )
    assert response.status_code == 302
    peggy = Resident.objects.get(pk=world.resident_a.pk)
    assert peggy.hearing == "significant" and peggy.has_dementia
    assert peggy.self_report == "with_support"
    assert set(last_audit(peggy, "update").fields) == {
        "hearing",
        "memory",
        "has_dementia",
        "self_report",
        "how_to_communicate",
        "mobility",
    }


def test_communication_bad_choice_is_400(world: World) -> None:
    response = world.client("manager_a").post(
        url(world, "edit", None, "communication"), {"sight": "x-ray", "mobility": "flying"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_languages_are_a_list(world: World) -> None:
    response = world.client("manager_a").post(
        url(world, "edit", None, "languages"),
        {
            "first_language": "Welsh",
            "preferred_language": "Welsh",
            "other_languages": "English,  French ; english",
            "culture": "Welsh chapel-goer",
            "faith": "Christian",
            "faith_practice": "Chapel on Sundays",
        },
    )
    assert response.status_code == 302
    peggy = Resident.objects.get(pk=world.resident_a.pk)
    assert peggy.other_languages == ["English", "French"]
    assert "other_languages" in last_audit(peggy, "update").fields
    page = world.client("manager_a").get(url(world, "edit", None, "languages")).content.decode()
    assert 'value="English, French"' in page


def test_technology_wishes_and_ambitions(world: World) -> None:
    client = world.client("care_worker_a")
    response = client.post(
        url(world, "edit", None, "technology"),
        {"video_calls": "with_support", "devices": "Own tablet"},
    )
    assert response.status_code == 302
    response = client.post(
        url(world, "edit", None, "ambitions"),
        {"ambitions": "See Niagara Falls", "getting_out": "The park on Sundays"},
    )
    assert response.status_code == 302
    peggy = Resident.objects.get(pk=world.resident_a.pk)
    assert peggy.video_calls == "with_support" and peggy.getting_out == "The park on Sundays"
    assert set(last_audit(peggy, "update").fields) == {"ambitions", "getting_out"}
    bad = client.post(url(world, "edit", None, "technology"), {"video_calls": "sometimes"})
    assert bad.status_code == 400


# Status


def test_status_change(world: World) -> None:
    day = today() - dt.timedelta(days=2)
    response = world.client("senior_carer_a").post(
        url(world, "status"),
        {"status": "in_hospital", "started_on": day.isoformat(), "note": "Royal Infirmary"},
    )
    assert response.status_code == 302
    peggy = Resident.objects.get(pk=world.resident_a.pk)
    assert (peggy.status, peggy.status_since) == ("in_hospital", day)
    change = StatusChange.objects.get(resident=peggy)
    assert change.note == "Royal Infirmary" and change.recorded_by == world.senior_carer_a
    assert set(last_audit(peggy, "update").fields) == {"status", "status_since"}


@pytest.mark.parametrize(
    ("status", "day", "message"),
    [
        ("in_hospital", "2023-12-31", "The date cannot be before they moved in."),
        ("in_hospital", "2999-01-01", "The date cannot be in the future."),
        ("living_here", "2024-05-01", "Choose a status different from the current one."),
        ("on_holiday", "2024-05-01", "Select a valid choice"),
    ],
)
def test_status_bad_input(world: World, status: str, day: str, message: str) -> None:
    response = world.client("manager_a").post(
        url(world, "status"), {"status": status, "started_on": day}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StatusChange.objects.filter(resident=world.resident_a).exists()


# Photo


@pytest.mark.usefixtures("media")
def test_photo_upload_replace_and_remove(world: World, django_capture_on_commit_callbacks) -> None:
    client = world.client("care_worker_a")
    response = client.post(
        url(world, "photo_edit"),
        {"photo": image_upload("Peggy Ellis.jpg", "JPEG"), "photo_description": "Peggy smiling"},
    )
    assert response.status_code == 302
    peggy = Resident.objects.get(pk=world.resident_a.pk)
    assert peggy.photo.name.endswith(".jpg") and "Peggy" not in peggy.photo.name
    assert set(last_audit(peggy, "update").fields) == {"photo", "photo_description"}
    first = Path(peggy.photo.path)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url(world, "photo_edit"), {"photo": image_upload(), "photo_description": "Peggy"}
        )
    peggy.refresh_from_db()
    assert peggy.photo.name.endswith(".png") and not first.exists()
    second = Path(peggy.photo.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world, "photo_remove"))
    assert response.status_code == 302
    peggy.refresh_from_db()
    assert not peggy.photo and not second.exists()
    assert last_audit(peggy, "delete").fields == ["photo", "photo_description"]


@pytest.mark.usefixtures("media")
def test_photo_must_be_an_image(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("evil.png", b"<script>alert(1)</script>", content_type="image/png")
    response = world.client("manager_a").post(
        url(world, "photo_edit"), {"photo": fake, "photo_description": "x"}
    )
    assert response.status_code == 400
    assert "Choose a picture in JPG, PNG, WEBP or GIF format." in response.content.decode()


@pytest.mark.usefixtures("media")
def test_photo_size_limit(world: World, settings) -> None:
    settings.COMMONROOM_MAX_PHOTO_BYTES = 100
    response = world.client("manager_a").post(
        url(world, "photo_edit"),
        {"photo": image_upload(size=200), "photo_description": "Peggy"},
    )
    assert response.status_code == 400
    assert "The picture is too big. Choose one smaller than 100" in response.content.decode()


@pytest.mark.usefixtures("media")
def test_photo_needs_description(world: World) -> None:
    response = world.client("manager_a").post(url(world, "photo_edit"), {"photo": image_upload()})
    assert response.status_code == 400
    assert not Resident.objects.get(pk=world.resident_a.pk).photo


# About me


@pytest.mark.usefixtures("media")
def test_about_me_written_by_staff_then_changed(world: World) -> None:
    client = world.client("care_worker_a")
    address = url(world, "about_me_edit", None, "people")
    response = client.post(
        address,
        {
            "text": "Susan, my daughter.",
            "supported_by": "Susan",
            "picture": image_upload(),
            "picture_description": "Peggy with Susan",
        },
    )
    assert response.status_code == 302
    section = AboutMeSection.objects.get(resident=world.resident_a, section="people")
    assert section.updated_by == world.care_worker_a and section.picture
    entry = last_audit(world.resident_a, "create")
    assert set(entry.fields) >= {"text", "supported_by", "picture", "picture_description"}
    response = client.post(address, {"text": "Susan and Tibbles.", "remove_picture": "on"})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.text == "Susan and Tibbles." and not section.picture
    assert AboutMeSection.objects.filter(resident=world.resident_a).count() == 1
    assert "text" in last_audit(world.resident_a, "update").fields


@pytest.mark.usefixtures("media")
def test_about_me_picture_needs_description(world: World) -> None:
    response = world.client("manager_a").post(
        url(world, "about_me_edit", None, "people"), {"text": "Hi", "picture": image_upload()}
    )
    assert response.status_code == 400
    assert "Describe the picture for people who cannot see it." in response.content.decode()
    empty = world.client("manager_a").post(url(world, "about_me_edit", None, "people"), {})
    assert empty.status_code == 400
    assert "Write something, or add a picture." in empty.content.decode()


def test_resident_writes_own_about_me(world: World) -> None:
    arthur = world.resident_a2
    client = world.client("resident_user")
    response = client.post(
        url(world, "about_me_edit", arthur, "most_important"), {"text": "Chess and my garden."}
    )
    assert response.status_code == 302
    section = AboutMeSection.objects.get(resident=arthur)
    assert section.updated_by == world.resident_user
    assert last_audit(arthur, "create").actor == world.resident_user
    assert client.get(url(world, "about_me_edit", None, "people")).status_code == 404
    assert client.get(url(world, "edit", arthur, "profile")).status_code == 403


# Interests


def test_interest_page_groups_the_taxonomy(world: World) -> None:
    page = world.client("manager_a").get(url(world, "interest_add")).content.decode()
    assert '<optgroup label="Music, singing and dancing">' in page
    assert "Brass bands" in page and "Bollywood films" in page
    assert Interest.objects.count() >= 60
    assert len(set(Interest.objects.values_list("category", flat=True))) >= 12


def test_interest_add_from_taxonomy_or_own_words_and_remove(world: World) -> None:
    client = world.client("activity_lead_a")
    response = client.post(url(world, "interest_add"), {"interest": "dominoes", "when": "past"})
    assert response.status_code == 302
    response = client.post(url(world, "interest_add"), {"detail": "Morris dancing", "when": "try"})
    assert response.status_code == 302
    items = ResidentInterest.objects.filter(resident=world.resident_a)
    assert {(str(i), i.when) for i in items} == {("Dominoes", "past"), ("Morris dancing", "try")}
    assert set(last_audit(world.resident_a, "create").fields) == {"detail", "when"}
    item = items.get(detail="Morris dancing")
    response = client.post(url(world, "interest_remove", None, item.code))
    assert response.status_code == 302
    assert not ResidentInterest.objects.filter(pk=item.pk).exists()
    assert last_audit(world.resident_a, "delete").object_code == item.code


def test_interest_needs_something(world: World) -> None:
    client = world.client("manager_a")
    response = client.post(url(world, "interest_add"), {"when": "present"})
    assert response.status_code == 400
    assert "Choose an interest from the list or write one in." in response.content.decode()
    bad = client.post(url(world, "interest_add"), {"interest": "alchemy", "when": "present"})
    assert bad.status_code == 400


def test_interest_of_another_resident_cannot_be_removed(world: World) -> None:
    other = ResidentInterest.objects.create(
        home=world.home_a, resident=world.resident_a2, detail="Chess"
    )
    response = world.client("manager_a").post(url(world, "interest_remove", None, other.code))
    assert response.status_code == 404
    assert ResidentInterest.objects.filter(pk=other.pk).exists()


# Assistive technology


def test_assistive_technology_add_change_remove(world: World) -> None:
    client = world.client("care_worker_a")
    response = client.post(
        url(world, "technology_add"),
        {
            "kind": "hearing_aid",
            "description": "Left ear",
            "last_checked_on": "2024-05-01",
            "next_check_on": "2024-08-01",
        },
    )
    assert response.status_code == 302
    device = AssistiveTechnology.objects.get(resident=world.resident_a)
    assert device.check_overdue
    assert "next_check_on" in last_audit(world.resident_a, "create").fields
    page = client.get(url(world, "detail")).content.decode()
    assert "Assistive technology check overdue" in page
    next_check = (today() + dt.timedelta(days=90)).isoformat()
    response = client.post(
        url(world, "technology_edit", None, device.code),
        {"kind": "hearing_aid", "description": "Left ear", "next_check_on": next_check},
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert not device.check_overdue
    assert set(last_audit(world.resident_a, "update").fields) == {
        "last_checked_on",
        "next_check_on",
    }
    response = client.post(url(world, "technology_remove", None, device.code))
    assert response.status_code == 302
    assert not AssistiveTechnology.objects.filter(pk=device.pk).exists()


def test_assistive_technology_dates_checked(world: World) -> None:
    response = world.client("manager_a").post(
        url(world, "technology_add"),
        {"kind": "glasses", "last_checked_on": "2024-05-01", "next_check_on": "2024-04-01"},
    )
    assert response.status_code == 400
    assert "The next check must be after the last check." in response.content.decode()


# Consent


def test_consent_by_person_then_withdrawn(world: World) -> None:
    client = world.client("senior_carer_a")
    response = client.post(
        url(world, "consent_add"),
        {
            "purpose": "photos",
            "decision": "given",
            "given_by": "person",
            "decided_on": "2024-03-01",
        },
    )
    assert response.status_code == 302
    peggy = Resident.objects.get(pk=world.resident_a.pk)
    assert peggy.has_consent(ConsentRecord.Purpose.PHOTOS)
    consent = peggy.consent_for(ConsentRecord.Purpose.PHOTOS)
    assert consent is not None and consent.recorded_by == world.senior_carer_a
    assert "decision" in last_audit(peggy, "create").fields
    client.post(
        url(world, "consent_add"),
        {
            "purpose": "photos",
            "decision": "withdrawn",
            "given_by": "person",
            "decided_on": "2024-04-01",
        },
    )
    assert not peggy.has_consent(ConsentRecord.Purpose.PHOTOS)
    assert ConsentRecord.objects.filter(resident=peggy, purpose="photos").count() == 2


def test_consent_by_representative_needs_a_name(world: World) -> None:
    data = {
        "purpose": "group_photos",
        "decision": "given",
        "given_by": "representative",
        "decided_on": "2024-03-01",
    }
    client = world.client("manager_a")
    response = client.post(url(world, "consent_add"), data)
    assert response.status_code == 400
    assert "Give the name of the representative who made this decision." in (
        response.content.decode()
    )
    response = client.post(
        url(world, "consent_add"),
        {**data, "representative_name": "David Ellis", "representative_authority": "LPA"},
    )
    assert response.status_code == 302
    assert world.resident_a.has_consent(ConsentRecord.Purpose.GROUP_PHOTOS)
    page = client.get(url(world, "detail")).content.decode()
    assert "By David Ellis (representative)" in page


def test_consent_date_not_in_future(world: World) -> None:
    response = world.client("manager_a").post(
        url(world, "consent_add"),
        {"purpose": "photos", "decision": "given", "given_by": "person", "decided_on": "2999-1-1"},
    )
    assert response.status_code == 400


# Personal plan


def test_outcomes_added_and_changed(world: World) -> None:
    client = world.client("senior_carer_a")
    response = client.post(
        url(world, "outcome_add"),
        {"outcome": "Hear the brass band in the park", "agreed_with_person": "on"},
    )
    assert response.status_code == 400
    response = client.post(
        url(world, "outcome_add"),
        {
            "outcome": "Hear the brass band in the park",
            "support": "Staff go with her on Sundays",
            "agreed_with_person": "on",
            "status": "working_on",
        },
    )
    assert response.status_code == 302
    outcome = PlanOutcome.objects.get(plan__resident=world.resident_a)
    assert outcome.plan.review_every_months == world.home_a.plan_review_months
    assert "outcome" in last_audit(world.resident_a, "create").fields
    response = client.post(
        url(world, "outcome_edit", None, outcome.code),
        {"outcome": outcome.outcome, "support": outcome.support, "status": "achieved"},
    )
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.status == "achieved" and not outcome.agreed_with_person
    assert set(last_audit(world.resident_a, "update").fields) == {"status", "agreed_with_person"}


def test_review_schedules_the_next_and_clears_overdue(world: World) -> None:
    plan = make_plan(world)
    client = world.client("manager_a")
    assert "Plan review overdue" in client.get(url(world, "detail")).content.decode()
    reviewed = today() - dt.timedelta(days=1)
    response = client.post(
        url(world, "review_add"),
        {
            "reviewed_on": reviewed.isoformat(),
            "participants": "Peggy, Susan, key worker Amir",
            "person_took_part": "on",
            "summary": "Keep going to the park.",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.next_review_on == plan.schedule_after(reviewed)
    review = PlanReview.objects.get(plan=plan)
    assert review.recorded_by == world.manager_a
    assert "participants" in last_audit(world.resident_a, "create").fields
    assert "Plan review overdue" not in client.get(url(world, "detail")).content.decode()


def test_review_date_checked(world: World) -> None:
    response = world.client("manager_a").post(
        url(world, "review_add"), {"reviewed_on": "2023-01-01", "participants": "Peggy"}
    )
    assert response.status_code == 400
    assert "The review date cannot be before they moved in." in response.content.decode()


def test_review_interval_change(world: World) -> None:
    plan = make_plan(world)
    PlanReview.objects.create(
        home=world.home_a, plan=plan, reviewed_on=dt.date(2024, 3, 1), participants="Peggy"
    )
    client = world.client("manager_a")
    response = client.post(url(world, "plan_edit"), {"review_every_months": "3"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.review_every_months, plan.next_review_on) == (3, dt.date(2024, 6, 1))
    assert set(last_audit(world.resident_a, "update").fields) == {
        "review_every_months",
        "next_review_on",
    }
    bad = client.post(url(world, "plan_edit"), {"review_every_months": "60"})
    assert bad.status_code == 400
    assert "between 1 and 24" in bad.content.decode()


# Positive-risk decisions


RISK = {
    "choice": "Walk to the paper shop alone",
    "risk": "Falls on the kerb",
    "support": "Pendant alarm; staff check she is back in 30 minutes",
    "agreed_by": "Peggy, Susan, manager",
    "decided_on": "2024-05-01",
    "review_on": "2024-11-01",
}


def test_risk_decision_add_change_end(world: World) -> None:
    client = world.client("senior_carer_a")
    response = client.post(url(world, "risk_add"), RISK)
    assert response.status_code == 302
    decision = RiskDecision.objects.get(resident=world.resident_a)
    assert "choice" in last_audit(world.resident_a, "create").fields
    assert "Risk decision review overdue" in client.get(url(world, "detail")).content.decode()
    later = (today() + dt.timedelta(days=30)).isoformat()
    response = client.post(
        url(world, "risk_edit", None, decision.code), {**RISK, "review_on": later}
    )
    assert response.status_code == 302
    assert last_audit(world.resident_a, "update").fields == ["review_on"]
    response = client.post(url(world, "risk_end", None, decision.code))
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.ended_on == today()
    assert last_audit(world.resident_a, "update").fields == ["ended_on"]
    assert client.post(url(world, "risk_end", None, decision.code)).status_code == 404


def test_risk_review_must_follow_decision(world: World) -> None:
    response = world.client("manager_a").post(
        url(world, "risk_add"), {**RISK, "review_on": "2024-04-01"}
    )
    assert response.status_code == 400
    assert "The review date must be after the date agreed." in response.content.decode()
    assert not RiskDecision.objects.exists()


def test_consent_given_makes_photo_visible_on_record(world: World) -> None:
    give_consent(world.resident_a, ConsentRecord.Purpose.PHOTOS)
    page = world.client("manager_a").get(url(world, "detail")).content.decode()
    assert "No photo" in page

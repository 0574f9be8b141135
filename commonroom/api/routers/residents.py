"""Residents: the list, one person's record, admitting someone and changing their profile."""

from typing import Any
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router, Status

from commonroom.audit.services import Action, record
from commonroom.homes.access import HomeRequest, check
from commonroom.homes.roles import Perm
from commonroom.lib.dates import today
from commonroom.residents.access import get_resident_for_user, record_access, residents_for
from commonroom.residents.models import ConsentRecord, PersonalPlan, Resident
from commonroom.residents.services.records import save_part
from commonroom.residents.services.residents import admit_resident

from ..errors import field_error
from ..schemas import (
    ERRORS,
    ConsentOut,
    PlanOut,
    ResidentCreate,
    ResidentDetail,
    ResidentProfileFields,
    ResidentSummary,
)
from ..tenancy import home_scope
from ..validation import full_clean

router = Router(tags=["Residents"])

FORMER = (Resident.Status.MOVED_OUT, Resident.Status.DIED)
GUIDANCE_FIELDS = (
    "pronouns",
    "how_to_communicate",
    "preferred_language",
    "sight",
    "hearing",
    "speech",
    "memory",
)
CARE_FIELDS = (
    "full_name",
    "display_name",
    "room",
    "status",
    "status_since",
    "admission_date",
    "date_of_birth",
    "first_language",
    "other_languages",
    "culture",
    "faith",
    "faith_practice",
    "has_dementia",
    "mobility",
    "mobility_notes",
    "video_calls",
    "devices",
    "ambitions",
    "getting_out",
    "updated_at",
)


@router.get(
    "/homes/{home_slug}/residents",
    response={200: list[ResidentSummary], **ERRORS},
    summary="List residents",
)
def list_residents(
    request: HttpRequest, home_slug: str, include_former: bool = False
) -> list[ResidentSummary]:
    """The people you may see in this home: everyone for staff, volunteers and visitors; only
    yourself for a resident; only the person you are family of (with their consent to share
    updates) for a family member. People who moved out or died only with
    ``include_former=true``."""
    with home_scope(request, home_slug) as home_request:
        residents = residents_for(home_request)
        if not include_former:
            residents = residents.exclude(status__in=FORMER)
        return [_summary(resident) for resident in residents]


@router.get(
    "/homes/{home_slug}/residents/{code}",
    response={200: ResidentDetail, **ERRORS},
    exclude_unset=True,
    summary="One resident's record",
)
def get_resident(request: HttpRequest, home_slug: str, code: UUID) -> ResidentDetail:
    """The parts of the record the reader may see, as on the record page: guidance on
    communicating for staff, volunteers and visitors (and the person themself); date of birth,
    the rest of the profile, consents and the plan only with care details (staff, visitors and
    the person). Every read is written to the audit trail."""
    with home_scope(request, home_slug) as home_request:
        resident = get_resident_for_user(home_request, code)
        with transaction.atomic():
            record(
                home_request.user,
                Action.VIEW,
                resident,
                home=home_request.home,
                resident_code=resident.code,
            )
        return _detail(home_request, resident)


@router.post(
    "/homes/{home_slug}/residents",
    response={201: ResidentDetail, **ERRORS},
    exclude_unset=True,
    summary="Admit a resident",
)
def create_resident(
    request: HttpRequest, home_slug: str, payload: ResidentCreate
) -> Status[ResidentDetail]:
    """Record someone moving in: they are living here from ``admission_date`` and get a personal
    plan with the home's review interval."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.MANAGE_RESIDENTS)
        values = payload.model_dump(exclude_unset=True)
        _validate(
            Resident(
                home=home_request.home,
                status=Resident.Status.LIVING_HERE,
                status_since=payload.admission_date,
                **values,
            )
        )
        resident = admit_resident(home_request.home, values, actor=home_request.user)
        return Status(201, _detail(home_request, resident))


@router.patch(
    "/homes/{home_slug}/residents/{code}",
    response={200: ResidentDetail, **ERRORS},
    exclude_unset=True,
    summary="Change a resident's profile",
)
def update_resident(
    request: HttpRequest, home_slug: str, code: UUID, payload: ResidentProfileFields
) -> ResidentDetail:
    """Send only the fields to change."""
    with home_scope(request, home_slug) as home_request:
        resident = get_resident_for_user(home_request, code, perm=Perm.EDIT_PROFILE)
        values = payload.model_dump(exclude_unset=True)
        changed = [name for name, value in values.items() if getattr(resident, name) != value]
        for name, value in values.items():
            setattr(resident, name, value)
        _validate(resident)
        save_part(home_request.home, resident, resident, actor=home_request.user, fields=changed)
        return _detail(home_request, resident)


def _validate(resident: Resident) -> None:
    if resident.date_of_birth and resident.date_of_birth > today():
        raise field_error("date_of_birth", gettext("The date of birth must be in the past."))
    if resident.date_of_birth and resident.admission_date < resident.date_of_birth:
        raise field_error(
            "admission_date", gettext("The date they moved in must be after their birth.")
        )
    full_clean(resident, exclude=["organisation"])


def _summary(resident: Resident) -> ResidentSummary:
    return ResidentSummary(
        code=resident.code,
        preferred_name=resident.preferred_name,
        display_name=resident.display_name,
        room=resident.room,
        status=Resident.Status(resident.status),
        status_label=resident.get_status_display(),
    )


def _detail(request: HomeRequest, resident: Resident) -> ResidentDetail:
    access = record_access(request, resident)
    values: dict[str, Any] = {"code": resident.code, "preferred_name": resident.preferred_name}
    if access.guidance:
        values.update({name: getattr(resident, name) for name in GUIDANCE_FIELDS})
    if access.care_details:
        values.update({name: getattr(resident, name) for name in CARE_FIELDS})
        values["status_label"] = resident.get_status_display()
        values["age"] = resident.age()
        values["consents"] = _consents(resident)
        plan = PersonalPlan.objects.filter(resident=resident).first()
        values["plan"] = (
            PlanOut(
                review_every_months=plan.review_every_months,
                next_review_on=plan.next_review_on,
                review_overdue=plan.review_overdue,
            )
            if plan
            else None
        )
    return ResidentDetail(**values)


def _consents(resident: Resident) -> list[ConsentOut]:
    """The decision in force for each purpose (the latest one)."""
    latest: dict[str, ConsentRecord] = {}
    for consent in ConsentRecord.objects.filter(resident=resident).order_by(
        "purpose", "-decided_on", "-id"
    ):
        latest.setdefault(consent.purpose, consent)
    return [
        ConsentOut(
            purpose=ConsentRecord.Purpose(consent.purpose),
            decision=ConsentRecord.Decision(consent.decision),
            given_by=ConsentRecord.GivenBy(consent.given_by),
            representative_name=consent.representative_name,
            decided_on=consent.decided_on,
        )
        for consent in latest.values()
    ]

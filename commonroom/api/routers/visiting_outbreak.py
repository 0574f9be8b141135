"""Visiting restrictions through the API: list and read them, declare one (with the same checks
and the nation's test as the page), and lift one. Notices go out as they do from the page."""

import datetime as dt
from typing import Annotated
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator, StringConstraints

from commonroom.homes.access import HomeRequest, check
from commonroom.homes.roles import Perm
from commonroom.residents.models import Resident
from commonroom.visiting.models import Restriction, RestrictionNotice, RestrictionReview
from commonroom.visiting.services import notices as notice_services
from commonroom.visiting.services import restrictions as services
from commonroom.visiting.services.restrictions import RestrictionError, RestrictionInput

from ..errors import field_error
from ..schemas import ERRORS, _printable
from ..tenancy import home_scope

router = Router(tags=["visiting"])

Line200 = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_printable)
]
Line100 = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=100), AfterValidator(_printable)
]
LongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=services.MAX_TEXT),
    AfterValidator(_printable),
]


class SupporterOut(Schema):
    name: str
    role: str
    role_label: str
    substitute_of: str


class CoveredOut(Schema):
    resident: UUID
    name: str
    supporters: list[SupporterOut]
    no_supporter_reason: str


class ReviewOut(Schema):
    reviewed_on: dt.date
    outcome: RestrictionReview.Outcome
    notes: str
    next_review_on: dt.date | None


class NoticeOut(Schema):
    code: UUID
    event: RestrictionNotice.Event
    written_at: dt.datetime
    subject: str
    sent: int
    waiting: int
    failed: int


class RestrictionOut(Schema):
    code: UUID
    title: str
    scope: Restriction.Scope
    area_name: str
    level: Restriction.Level
    started_at: dt.datetime
    next_review_on: dt.date
    review_overdue: bool
    lifted_at: dt.datetime | None
    contact_name: str
    contact_details: str


class RestrictionDetail(RestrictionOut):
    risk: str
    risk_assessment: str
    precautions: str
    alternatives_considered: str
    consulted: str
    residents_consulted: bool
    families_consulted: bool
    lifted_reason: str
    covered: list[CoveredOut]
    reviews: list[ReviewOut]
    notices: list[NoticeOut]


class RestrictionIn(Schema):
    title: Line200
    scope: Restriction.Scope
    area_name: Line100 = ""
    residents: list[UUID] = Field(
        default_factory=list,
        max_length=1000,
        description="For a floor or unit, or named residents. Empty for the whole home.",
    )
    level: Restriction.Level
    confirmed: bool = Field(
        False,
        description="Pausing visits needs the manager to confirm the nation's test is met "
        "(Scotland: essential to prevent a serious risk to life, health or wellbeing; England: "
        "exceptional circumstances; Wales and Northern Ireland: necessary and proportionate).",
    )
    risk: LongText
    risk_assessment: LongText
    precautions: LongText = ""
    alternatives_considered: LongText
    consulted: LongText
    residents_consulted: bool = False
    families_consulted: bool = False
    contact_name: Line200
    contact_details: Line200
    next_review_on: dt.date
    started_at: dt.datetime | None = Field(None, description="Now when left out.")


class DeclaredOut(RestrictionDetail):
    warnings: list[str]


class LiftIn(Schema):
    reason: LongText


class RestrictionFilter(Schema):
    active: bool | None = Field(None, description="true: in force only; false: lifted only.")


@router.get(
    "/homes/{home_slug}/restrictions",
    response={200: list[RestrictionOut], **ERRORS},
    summary="List visiting restrictions",
)
def list_restrictions(
    request: HttpRequest, home_slug: str, filters: Query[RestrictionFilter]
) -> list[RestrictionOut]:
    """Newest first, for roles that see restrictions (care staff and inspectors)."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.VIEW_RESTRICTIONS)
        rows = Restriction.objects.filter(home=home_request.home).order_by("-started_at")
        if filters.active is not None:
            rows = rows.filter(lifted_at__isnull=filters.active)
        return [_summary(r) for r in rows[:500]]


@router.get(
    "/homes/{home_slug}/restrictions/{code}",
    response={200: RestrictionDetail, **ERRORS},
    summary="Read a visiting restriction",
)
def get_restriction(request: HttpRequest, home_slug: str, code: UUID) -> RestrictionDetail:
    """Everything recorded, who it covers with their named care supporters, reviews, notices."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.VIEW_RESTRICTIONS)
        return _detail(home_request, _find(home_request, code))


@router.post(
    "/homes/{home_slug}/restrictions",
    response={201: DeclaredOut, **ERRORS},
    summary="Declare a visiting restriction",
)
def declare_restriction(
    request: HttpRequest, home_slug: str, payload: RestrictionIn
) -> Status[DeclaredOut]:
    """Managers only. Written notices go to the families and recent visitors it covers."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.MANAGE_RESTRICTIONS)
        data = _input(home_request, payload)
        try:
            warnings = services.validate(home_request.home, data)
            restriction = services.declare(home_request.home, data, actor=home_request.user)
        except RestrictionError as error:
            raise field_error(error.field, error.message) from error
        detail = _detail(home_request, restriction)
        return Status(201, DeclaredOut(**detail.dict(), warnings=warnings))


@router.post(
    "/homes/{home_slug}/restrictions/{code}/lift",
    response={200: RestrictionDetail, **ERRORS},
    summary="Lift a visiting restriction",
)
def lift_restriction(
    request: HttpRequest, home_slug: str, code: UUID, payload: LiftIn
) -> RestrictionDetail:
    """Managers only. Everyone it covered gets a written notice that it has ended."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.MANAGE_RESTRICTIONS)
        restriction = _find(home_request, code)
        try:
            services.lift(restriction, reason=payload.reason, actor=home_request.user)
        except RestrictionError as error:
            raise field_error(error.field, error.message) from error
        return _detail(home_request, restriction)


def _find(request: HomeRequest, code: UUID) -> Restriction:
    restriction = (
        Restriction.objects.filter(home=request.home, code=code).select_related("home").first()
    )
    if restriction is None:
        raise Http404("No such restriction.")
    return restriction


def _input(request: HomeRequest, payload: RestrictionIn) -> RestrictionInput:
    codes = set(payload.residents)
    residents = list(Resident.objects.filter(home=request.home, code__in=codes))
    if len(residents) != len(codes):
        raise field_error("residents", gettext("Choose residents of this home."))
    started = payload.started_at
    if started is not None and timezone.is_naive(started):
        started = timezone.make_aware(started)
    return RestrictionInput(
        title=payload.title,
        scope=payload.scope,
        area_name=payload.area_name,
        residents=residents,
        level=payload.level,
        risk=payload.risk,
        risk_assessment=payload.risk_assessment,
        precautions=payload.precautions,
        alternatives_considered=payload.alternatives_considered,
        consulted=payload.consulted,
        residents_consulted=payload.residents_consulted,
        families_consulted=payload.families_consulted,
        contact_name=payload.contact_name,
        contact_details=payload.contact_details,
        next_review_on=payload.next_review_on,
        started_at=started,
        confirmed=payload.confirmed,
    )


def _summary(r: Restriction) -> RestrictionOut:
    return RestrictionOut(
        code=r.code,
        title=r.title,
        scope=Restriction.Scope(r.scope),
        area_name=r.area_name,
        level=Restriction.Level(r.level),
        started_at=timezone.localtime(r.started_at),
        next_review_on=r.next_review_on,
        review_overdue=services.is_overdue(r),
        lifted_at=timezone.localtime(r.lifted_at) if r.lifted_at else None,
        contact_name=r.contact_name,
        contact_details=r.contact_details,
    )


def _detail(request: HomeRequest, r: Restriction) -> RestrictionDetail:
    page = services.load_page(request.home, r, scotland=False)
    notices = []
    for notice in page.notices:
        counts = notice_services.counts(notice)
        notices.append(
            NoticeOut(
                code=notice.code,
                event=RestrictionNotice.Event(notice.event),
                written_at=timezone.localtime(notice.created_at),
                subject=notice.subject,
                sent=counts.sent,
                waiting=counts.waiting,
                failed=counts.failed,
            )
        )
    return RestrictionDetail(
        **_summary(r).dict(),
        risk=r.risk,
        risk_assessment=r.risk_assessment,
        precautions=r.precautions,
        alternatives_considered=r.alternatives_considered,
        consulted=r.consulted,
        residents_consulted=r.residents_consulted,
        families_consulted=r.families_consulted,
        lifted_reason=r.lifted_reason,
        covered=[
            CoveredOut(
                resident=row.resident.code,
                name=row.resident.display_name,
                supporters=[SupporterOut(**_supporter(s)) for s in row.supporters],
                no_supporter_reason=row.no_supporter_reason,
            )
            for row in page.covered
        ],
        reviews=[
            ReviewOut(
                reviewed_on=review.reviewed_on,
                outcome=RestrictionReview.Outcome(review.outcome),
                notes=review.notes,
                next_review_on=review.next_review_on,
            )
            for review in page.reviews
        ],
        notices=notices,
    )


def _supporter(s: dict[str, str]) -> dict[str, str]:
    return {key: str(s.get(key, "")) for key in ("name", "role", "role_label", "substitute_of")}

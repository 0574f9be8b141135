"""Visiting API: the door. Visits of a day, signing a visitor in (with the same admission rule
as the door tablet, and the exceptions staff may record) and out, who is in the building, and
finding a returning visitor."""

import datetime as dt
from typing import Annotated
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator, StringConstraints

from commonroom.connections.models import Moment
from commonroom.homes.access import check
from commonroom.homes.roles import Perm
from commonroom.residents.models import Resident
from commonroom.visiting.models import Admission, Visit, Visitor
from commonroom.visiting.services import door as services

from ..errors import field_error
from ..schemas import ERRORS, Message, _printable
from ..tenancy import home_scope

router = Router(tags=["visiting"])

Name = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_printable)
]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=40), AfterValidator(_printable)
]
Reason = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=2000), AfterValidator(_printable)
]
Search = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]


class ResidentRef(Schema):
    code: UUID
    name: str
    room: str


class VisitOut(Schema):
    code: UUID
    visitor: UUID
    visitor_name: str
    party_size: int
    residents: list[ResidentRef]
    signed_in_at: dt.datetime
    signed_out_at: dt.datetime | None
    minutes: int = Field(description="How long so far, or in all once signed out.")
    admission: Admission
    exception_reason: str


class RefusedOut(Schema):
    resident: UUID
    reason: str


class SignInIn(Schema):
    visitor: UUID | None = Field(None, description="A returning visitor's code.")
    name: Name = Field("", description="A new visitor's name, when there is no code.")
    phone: Phone = ""
    residents: list[UUID] = Field(..., min_length=1, max_length=services.MAX_RESIDENTS)
    party_size: int = Field(1, ge=1, le=services.MAX_PARTY)
    admission_override: Admission | None = Field(
        None,
        description="Staff admitting under an exception: other_exception, end_of_life or "
        "serious_harm, with exception_reason.",
    )
    exception_reason: Reason = ""


class SignInOut(Schema):
    visit: VisitOut | None
    admitted: list[UUID]
    refused: list[RefusedOut]
    precautions: list[str]
    already_in: bool


class VisitorOut(Schema):
    code: UUID
    name: str
    last_visit_at: dt.datetime | None
    usual_residents: list[UUID]


class DayFilter(Schema):
    date: dt.date | None = Field(None, description="The day; today when left out.")


class VisitorFilter(Schema):
    q: Search = Field("", description="At least 2 letters of the name.")


def _visit(visit: Visit, now: dt.datetime) -> VisitOut:
    return VisitOut(
        code=visit.code,
        visitor=visit.visitor.code,
        visitor_name=visit.visitor.name,
        party_size=visit.party_size,
        residents=[
            ResidentRef(code=r.code, name=r.preferred_name or r.full_name, room=r.room)
            for r in visit.residents.all()
        ],
        signed_in_at=visit.signed_in_at,
        signed_out_at=visit.signed_out_at,
        minutes=services.duration_minutes(visit, now),
        admission=Admission(visit.admission),
        exception_reason=visit.exception_reason,
    )


@router.get(
    "/homes/{home_slug}/visits",
    response={200: list[VisitOut], **ERRORS},
    summary="List the visits of a day",
)
def list_visits(request: HttpRequest, home_slug: str, filters: Query[DayFilter]) -> list[VisitOut]:
    """Visits that began on the day, earliest first, with how each visitor was admitted."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.VIEW_VISITS)
        day = filters.date or timezone.localdate()
        now = timezone.now()
        return [_visit(v, now) for v in services.visits_on(home_request.home, day)]


@router.get(
    "/homes/{home_slug}/visits/in-building",
    response={200: list[VisitOut], **ERRORS},
    summary="Who is in the building now",
)
def visits_in_building(request: HttpRequest, home_slug: str) -> list[VisitOut]:
    """Everyone signed in and not yet out, longest in first: the fire list."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.VIEW_VISITS)
        now = timezone.now()
        return [_visit(v, now) for v in services.in_building(home_request.home)]


@router.post(
    "/homes/{home_slug}/visits",
    response={201: SignInOut, 200: SignInOut, 409: Message, **ERRORS},
    summary="Sign a visitor in",
)
def create_visit(
    request: HttpRequest, home_slug: str, payload: SignInIn
) -> Status[SignInOut] | Status[Message]:
    """Each resident is checked with the door's admission rule. Residents it refuses are left
    out (with the reason) unless an exception is given with a reason. 409 when nobody could be
    visited; 200 with the open visit when the visitor is already in the building."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.SIGN_IN_VISITORS)
        home = home_request.home
        people = {
            r.code: r
            for r in Resident.objects.filter(home=home, code__in=payload.residents).current()
        }
        if len(people) != len(set(payload.residents)):
            raise field_error("residents", gettext("Choose residents who live in this home."))
        if payload.visitor is not None:
            visitor = services.active_visitors(home).filter(code=payload.visitor).first()
            if visitor is None:
                raise field_error("visitor", gettext("Choose a visitor of this home."))
        elif payload.name:
            visitor = None
        else:
            raise field_error("name", gettext("Give the visitor's code or a new visitor's name."))
        try:
            if visitor is None:
                visitor = services.new_visitor(
                    home, name=payload.name, phone=payload.phone, actor=home_request.user
                )
            result = services.sign_in(
                home,
                visitor,
                [people[code] for code in dict.fromkeys(payload.residents)],
                actor=home_request.user,
                admission_override=payload.admission_override or None,
                exception_reason=payload.exception_reason,
                party_size=payload.party_size,
                source=Moment.Source.API,
            )
        except services.DoorError as error:
            raise field_error(error.field, error.message) from error
        if result.visit is None:
            reasons = " ".join(f"{r.resident.code}: {r.reason}" for r in result.refused)
            return Status(
                409,
                Message(
                    detail=gettext("Nobody could be visited. %(reasons)s") % {"reasons": reasons}
                ),
            )
        visit = services.in_building(home).filter(pk=result.visit.pk).first() or result.visit
        body = SignInOut(
            visit=_visit(visit, timezone.now()),
            admitted=[r.code for r in result.admitted],
            refused=[RefusedOut(resident=r.resident.code, reason=r.reason) for r in result.refused],
            precautions=list(result.precautions),
            already_in=result.already_in,
        )
        return Status(200 if result.already_in else 201, body)


@router.post(
    "/homes/{home_slug}/visits/{code}/sign-out",
    response={200: VisitOut, **ERRORS},
    summary="Sign a visitor out",
)
def sign_out_visit(request: HttpRequest, home_slug: str, code: UUID) -> VisitOut:
    """Signing out twice changes nothing and answers the visit as it stands."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.SIGN_IN_VISITORS)
        home = home_request.home
        visit = Visit.objects.filter(home=home, code=code).select_related("visitor").first()
        if visit is None:
            raise Http404("No such visit.")
        services.sign_out(visit, actor=home_request.user)
        fresh = (
            Visit.objects.filter(pk=visit.pk)
            .select_related("visitor")
            .prefetch_related("residents")
            .get()
        )
        return _visit(fresh, timezone.now())


@router.get(
    "/homes/{home_slug}/visitors",
    response={200: list[VisitorOut], **ERRORS},
    summary="Find returning visitors",
)
def list_visitors(
    request: HttpRequest, home_slug: str, filters: Query[VisitorFilter]
) -> list[VisitorOut]:
    """Visitors whose name contains the text (at least 2 letters), at most 20."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.SIGN_IN_VISITORS)
        found = services.find_visitors(home_request.home, filters.q, limit=20)
        usual: dict[int, list[UUID]] = {v.pk: [] for v in found}
        through = Visitor.usual_residents.through.objects.filter(
            visitor_id__in=list(usual)
        ).values_list("visitor_id", "resident__code")
        for visitor_id, resident_code in through:
            usual[visitor_id].append(resident_code)
        return [
            VisitorOut(
                code=v.code, name=v.name, last_visit_at=v.last_visit_at, usual_residents=usual[v.pk]
            )
            for v in found
        ]

"""Invitations, attendance and the "you said, we did" board: the pages' rules, as JSON."""

import datetime as dt
from typing import Annotated
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status
from pydantic import AfterValidator, StringConstraints

from commonroom.activities.models import Attendance, Invitation, Session, SessionGuest, Suggestion
from commonroom.activities.services.attendance import (
    AttendanceError,
    AttendanceRow,
    GuestInput,
    invite,
    record_attendance,
    stored_engagement,
)
from commonroom.activities.services.suggestions import board
from commonroom.circle.models import Contact
from commonroom.connections.models import Engagement
from commonroom.homes.access import HomeRequest, check
from commonroom.homes.roles import Perm
from commonroom.residents.access import residents_for
from commonroom.residents.models import Resident

from ..errors import field_error
from ..schemas import ERRORS, _printable
from ..tenancy import home_scope

router = Router(tags=["Activities"])

GuestName = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_printable)
]
BOARD_LIMIT = 200


class InvitationOut(Schema):
    code: UUID
    resident: UUID
    name: str
    status: Invitation.Status


class InviteIn(Schema):
    residents: list[UUID] = Field(..., min_length=1, max_length=200)


class RowIn(Schema):
    resident: UUID
    outcome: Attendance.Outcome = Field(
        description='"not_invited" is someone who came without an invitation.'
    )
    engagement: Engagement | None = Field(
        None, description="1 low, 2 calm, 3 engaged, 4 joyful; needed when they took part."
    )


class GuestIn(Schema):
    kind: SessionGuest.Kind
    contact: UUID | None = Field(None, description="A family guest's contact code.")
    name: GuestName = ""
    count: int = Field(1, ge=1, le=100)


class AttendanceIn(Schema):
    rows: list[RowIn] = Field(..., min_length=1, max_length=200)
    guests: list[GuestIn] = Field(default_factory=list, max_length=20)


class RowOut(Schema):
    resident: UUID
    outcome: Attendance.Outcome
    engagement: int | None


class AttendanceOut(Schema):
    moment: UUID | None = Field(description="The connection-log entry, if anyone took part.")
    rows: list[RowOut]


class BoardItem(Schema):
    said: str
    status: Suggestion.Status
    did: str
    updated_at: dt.datetime


def _session(request: HomeRequest, code: UUID) -> Session:
    session = Session.objects.filter(home=request.home, code=code).select_related("activity")
    found = session.first()
    if found is None:
        raise Http404("No such session.")
    return found


@router.get(
    "/homes/{home_slug}/sessions/{code}/invitations",
    response={200: list[InvitationOut], **ERRORS},
    summary="List a session's invitations",
)
def list_invitations(request: HttpRequest, home_slug: str, code: UUID) -> list[InvitationOut]:
    """Everyone invited, for staff; only their own person for residents and family."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.VIEW_PROGRAMME)
        session = _session(home_request, code)
        rows = Invitation.objects.filter(session=session).select_related("resident")
        if not home_request.membership.can(Perm.VIEW_ALL_RESIDENTS):
            rows = rows.filter(resident__in=residents_for(home_request))
        return [_invitation(i) for i in rows.order_by("resident__preferred_name")]


@router.post(
    "/homes/{home_slug}/sessions/{code}/invitations",
    response={201: list[InvitationOut], **ERRORS},
    summary="Invite residents to a session",
)
def create_invitations(
    request: HttpRequest, home_slug: str, code: UUID, payload: InviteIn
) -> Status[list[InvitationOut]]:
    """Residents already invited keep their invitation; a planner's proposal becomes one."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.PLAN_ACTIVITIES)
        session = _session(home_request, code)
        residents = _residents(home_request, payload.residents, "residents")
        try:
            made = invite(session, residents.values(), actor=home_request.user)
        except AttendanceError as error:
            raise field_error(error.field, error.message) from error
        return Status(201, [_invitation(i) for i in made])


@router.post(
    "/homes/{home_slug}/sessions/{code}/attendance",
    response={200: AttendanceOut, **ERRORS},
    summary="Record a session's attendance",
)
def create_attendance(
    request: HttpRequest, home_slug: str, code: UUID, payload: AttendanceIn
) -> AttendanceOut:
    """Everyone at once; replaces what was recorded before, and the session's one moment in
    the connection log with it."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.RECORD_ATTENDANCE)
        session = _session(home_request, code)
        people = _residents(home_request, [row.resident for row in payload.rows], "rows")
        rows = [AttendanceRow(people[r.resident], r.outcome, r.engagement) for r in payload.rows]
        guests = _guests(home_request, payload.guests)
        try:
            moment = record_attendance(session, rows, guests, actor=home_request.user)
        except AttendanceError as error:
            raise field_error(_api_field(error.field), error.message) from error
        return AttendanceOut(
            moment=moment.code if moment else None,
            rows=[_row(row) for row in rows],
        )


@router.get(
    "/homes/{home_slug}/suggestions/board",
    response={200: list[BoardItem], **ERRORS},
    summary='The "you said, we did" board',
)
def suggestion_board(request: HttpRequest, home_slug: str) -> list[BoardItem]:
    """Public suggestions that have been taken up, newest change first. Never names anyone."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.VIEW_PROGRAMME)
        return [
            BoardItem(
                said=s.text,
                status=Suggestion.Status(s.status),
                did=s.response,
                updated_at=s.updated_at,
            )
            for s in board(home_request.home)[:BOARD_LIMIT]
        ]


def _residents(request: HomeRequest, codes: list[UUID], field: str) -> dict[UUID, Resident]:
    found = {r.code: r for r in residents_for(request).filter(code__in=codes)}
    if len(found) != len(set(codes)):
        raise field_error(field, gettext("Choose residents who live in this home."))
    return found


def _guests(request: HomeRequest, guests: list[GuestIn]) -> list[GuestInput]:
    codes = [g.contact for g in guests if g.contact]
    contacts = {c.code: c for c in Contact.objects.filter(home=request.home, code__in=codes)}
    if len(contacts) != len(set(codes)):
        raise field_error("guests", gettext("Choose someone from the circle of a resident here."))
    return [
        GuestInput(
            kind=g.kind,
            contact=contacts.get(g.contact) if g.contact else None,
            name=g.name,
            count=g.count,
        )
        for g in guests
    ]


def _api_field(field: str | None) -> str | None:
    if field and field.startswith(("outcome_", "engagement_")):
        return "rows"
    return field


def _invitation(invitation: Invitation) -> InvitationOut:
    return InvitationOut(
        code=invitation.code,
        resident=invitation.resident.code,
        name=invitation.resident.display_name,
        status=Invitation.Status(invitation.status),
    )


def _row(row: AttendanceRow) -> RowOut:
    return RowOut(
        resident=row.resident.code,
        outcome=Attendance.Outcome(row.outcome),
        engagement=stored_engagement(row),
    )

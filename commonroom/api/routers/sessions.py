"""The weekly programme: read a week's sessions, add a one-off session."""

import datetime as dt
from typing import Annotated, cast
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator, StringConstraints

from commonroom.activities.models import Activity, Category, Room, Session
from commonroom.activities.programme_forms import facilitator_choices
from commonroom.activities.services.programme import (
    ProgrammeError,
    SessionInput,
    add_session,
    monday_of,
    sessions_for_week,
)
from commonroom.homes.access import HomeRequest, check
from commonroom.homes.roles import Perm

from ..errors import field_error
from ..schemas import ERRORS, _printable
from ..tenancy import home_scope

router = Router(tags=["Programme"])

Line = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=300), AfterValidator(_printable)
]


class SessionOut(Schema):
    code: UUID
    activity: UUID
    title: str
    category: Category
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: str | None = Field(description="The room's or place's name.")
    capacity: int
    facilitators: list[str] = Field(description="Names of the staff or volunteers running it.")
    partner_name: str
    note: str
    cancelled: bool
    repeating: bool


class WeekFilter(Schema):
    week: dt.date | None = Field(None, description="Any day of the week wanted; today if left out.")


class SessionIn(Schema):
    activity: UUID
    starts_at: dt.datetime = Field(description="Without a zone, UK time.")
    minutes: int = Field(60, ge=5, le=720)
    room: UUID | None = None
    capacity: int | None = Field(None, ge=1, le=500)
    facilitators: list[UUID] = Field(
        default_factory=list, max_length=20, description="Membership codes."
    )
    partner_name: Line = ""
    note: Line = ""


@router.get(
    "/homes/{home_slug}/sessions",
    response={200: list[SessionOut], **ERRORS},
    summary="List a week's sessions",
)
def list_sessions(
    request: HttpRequest, home_slug: str, filters: Query[WeekFilter]
) -> list[SessionOut]:
    """Monday to Sunday of the week containing ``week``, repeating sessions included. No
    resident is named, so everyone who may see the programme may call it."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.VIEW_PROGRAMME)
        monday = monday_of(filters.week or timezone.localdate())
        return [_out(s) for s in sessions_for_week(home_request.home, monday)]


@router.post(
    "/homes/{home_slug}/sessions",
    response={201: SessionOut, **ERRORS},
    summary="Add a one-off session",
)
def create_session(request: HttpRequest, home_slug: str, payload: SessionIn) -> Status[SessionOut]:
    """A one-off session of an activity in this home's catalogue."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.PLAN_ACTIVITIES)
        try:
            session = add_session(
                home_request.home, _input(home_request, payload), actor=home_request.user
            )
        except ProgrammeError as error:
            raise field_error(error.field, error.message) from error
        # No rule was given, so the service made a one-off session.
        return Status(201, _out(cast(Session, session)))


def _input(request: HomeRequest, payload: SessionIn) -> SessionInput:
    home = request.home
    activity = Activity.objects.filter(home=home, code=payload.activity, retired=False).first()
    if activity is None:
        raise field_error("activity", _("No such activity in this home's catalogue."))
    room = None
    if payload.room is not None:
        room = Room.objects.filter(home=home, code=payload.room).first()
        if room is None:
            raise field_error("room", _("No such room in this home."))
    people = list(facilitator_choices(home).filter(code__in=payload.facilitators))
    if len(people) != len(set(payload.facilitators)):
        raise field_error("facilitators", _("Choose staff or volunteers of this home."))
    starts_at = payload.starts_at
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    return SessionInput(
        activity=activity,
        starts_at=starts_at,
        minutes=payload.minutes,
        room=room,
        capacity=payload.capacity,
        facilitators=people,
        partner_name=payload.partner_name,
        note=payload.note,
    )


def _out(session: Session) -> SessionOut:
    return SessionOut(
        code=session.code,
        activity=session.activity.code,
        title=session.activity.title,
        category=Category(session.activity.category),
        starts_at=timezone.localtime(session.starts_at),
        ends_at=timezone.localtime(session.ends_at),
        room=session.room.name if session.room else None,
        capacity=session.capacity,
        facilitators=[str(m.user) for m in session.facilitators.all()],
        partner_name=session.partner_name,
        note=session.note,
        cancelled=session.cancelled,
        repeating=session.series_id is not None,
    )

"""The connection log: record meaningful moments, list them, take back a mistake."""

import datetime as dt
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator, StringConstraints

from commonroom.connections.models import (
    Domain,
    Engagement,
    Kind,
    Moment,
    MomentParticipant,
    WithType,
)
from commonroom.connections.services.moments import MomentError, delete_moment, record_moment
from commonroom.connections.services.resolve import MomentCodes, may_delete, resolve
from commonroom.homes.access import HomeRequest, check
from commonroom.homes.roles import Perm
from commonroom.residents.access import residents_for

from ..errors import field_error
from ..schemas import ERRORS, _printable
from ..tenancy import home_scope

router = Router(tags=["Connection log"])

Key = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]
Note = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_printable)
]
GroupName = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_printable)
]


class MomentIn(Schema):
    residents: list[UUID] = Field(..., min_length=1, max_length=200)
    kind: Kind
    occurred_at: dt.datetime = Field(description="When it happened; without a zone, UK time.")
    domain: Domain | None = Field(None, description="Worked out from `with_type` when left out.")
    minutes: int | None = Field(None, ge=1, le=1440)
    with_type: WithType = WithType.NOBODY
    with_code: UUID | None = Field(
        None, description="The contact's, fellow resident's or membership's code."
    )
    with_name: GroupName = Field("", description="A community group's or volunteer's name.")
    note: Note = ""
    engagement: Engagement | None = Field(None, description="How everyone seemed (0 = declined).")
    engagement_by_resident: dict[UUID, Engagement | None] = Field(
        default_factory=dict, description="How each person seemed, where it differed."
    )
    idempotency_key: Key = Field(
        "", description="Send the same key again to retry safely: the moment is stored once."
    )


class ShareOut(Schema):
    resident: UUID
    engagement: int | None = Field(description="0 declined, 1 low, 2 calm, 3 engaged, 4 joyful.")


class MomentOut(Schema):
    code: UUID
    created: bool = Field(description="False when the idempotency key was seen before.")
    kind: Kind
    domain: Domain
    occurred_at: dt.datetime
    minutes: int | None
    with_type: WithType
    with_name: str
    note: str
    residents: list[ShareOut]


class MomentFilter(Schema):
    resident: UUID | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int = Field(100, ge=1, le=500)


@router.post(
    "/homes/{home_slug}/moments",
    response={201: MomentOut, 200: MomentOut, **ERRORS},
    summary="Record a meaningful moment",
)
def create_moment(request: HttpRequest, home_slug: str, payload: MomentIn) -> Status[MomentOut]:
    """One moment for one or several residents (a group moment is one entry). Answers 201 when
    stored, 200 with the first moment when the idempotency key was already used."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.LOG_MOMENTS)
        try:
            data = resolve(home_request, _codes(payload))
            moment, created = record_moment(
                home_request.home, data, actor=home_request.user, source=Moment.Source.API
            )
        except MomentError as error:
            raise field_error(error.field, error.message) from error
        shares = [
            ShareOut(resident=r.code, engagement=data.engagement.get(r.pk, data.everyone))
            for r in data.residents
        ]
        if not created:
            shares = _shares(moment)
        return Status(201 if created else 200, _out(moment, created, shares))


def _codes(payload: MomentIn) -> MomentCodes:
    return MomentCodes(
        residents=payload.residents,
        kind=payload.kind,
        occurred_at=payload.occurred_at,
        domain=payload.domain or "",
        minutes=payload.minutes,
        with_type=payload.with_type,
        with_code=payload.with_code,
        with_name=payload.with_name,
        note=payload.note,
        everyone=payload.engagement,
        engagement=payload.engagement_by_resident,
        idempotency_key=payload.idempotency_key,
    )


@router.get(
    "/homes/{home_slug}/moments",
    response={200: list[MomentOut], **ERRORS},
    summary="List moments",
)
def list_moments(
    request: HttpRequest, home_slug: str, filters: Query[MomentFilter]
) -> list[MomentOut]:
    """Newest first, for roles that see the connection log. Filter by resident and dates."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.VIEW_CONNECTIONS)
        moments = _visible(home_request, filters)
        return [_out(m, True, [_share(p) for p in getattr(m, "shares", [])]) for m in moments]


def _visible(request: HomeRequest, filters: MomentFilter) -> list[Moment]:
    shares = MomentParticipant.objects.select_related("resident").only(
        "moment_id", "engagement", "resident__code"
    )
    moments = Moment.objects.filter(home=request.home)
    if filters.resident:
        resident = residents_for(request).filter(code=filters.resident).first()
        if resident is None:
            raise Http404("No such resident.")
        moments = moments.filter(participants__resident=resident)
    if filters.since:
        moments = moments.filter(day__gte=filters.since)
    if filters.until:
        moments = moments.filter(day__lte=filters.until)
    return list(
        moments.order_by("-occurred_at").prefetch_related(
            Prefetch("participants", queryset=shares, to_attr="shares")
        )[: filters.limit]
    )


@router.delete(
    "/homes/{home_slug}/moments/{code}",
    response={204: None, **ERRORS},
    summary="Take back a moment recorded by mistake",
)
def remove_moment(request: HttpRequest, home_slug: str, code: UUID) -> Status[None]:
    """The person who recorded it, the same day; managers and senior carers at any time."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.LOG_MOMENTS)
        moment = Moment.objects.filter(home=home_request.home, code=code).first()
        if moment is None:
            raise Http404("No such moment.")
        if not may_delete(home_request, moment):
            raise PermissionDenied(
                gettext("Only the person who recorded it, on the same day, or a manager can.")
            )
        delete_moment(moment, actor=home_request.user)
        return Status(204, None)


def _shares(moment: Moment) -> list[ShareOut]:
    rows = MomentParticipant.objects.filter(moment=moment).select_related("resident")
    return [_share(p) for p in rows]


def _share(participant: MomentParticipant) -> ShareOut:
    return ShareOut(resident=participant.resident.code, engagement=participant.engagement)


def _out(moment: Moment, created: bool, shares: list[ShareOut]) -> MomentOut:
    return MomentOut(
        code=moment.code,
        created=created,
        kind=Kind(moment.kind),
        domain=Domain(moment.domain),
        occurred_at=timezone.localtime(moment.occurred_at),
        minutes=moment.minutes,
        with_type=WithType(moment.with_type),
        with_name=moment.with_name,
        note=moment.note,
        residents=shares,
    )

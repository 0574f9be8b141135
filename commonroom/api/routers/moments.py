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
from pydantic import AfterValidator, BaseModel, StringConstraints

from commonroom.connections.models import (
    Domain,
    Engagement,
    Kind,
    Moment,
    MomentParticipant,
    WithType,
)
from commonroom.connections.services.moments import (
    MAX_BATCH,
    MomentError,
    MomentInput,
    Recorded,
    delete_moment,
    record_moment,
    record_moments,
)
from commonroom.connections.services.resolve import MomentCodes, may_delete, resolve, resolve_many
from commonroom.homes.access import HomeRequest, check
from commonroom.homes.roles import Perm
from commonroom.residents.access import residents_for

from ..errors import field_error
from ..schemas import ERRORS, _printable
from ..tenancy import home_scope

router = Router(tags=["Connection log"])

Key = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=80), AfterValidator(_printable)
]
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


# The answers are plain pydantic models, built here from what was just stored. Ninja's Schema
# would check every one of them again through a getter made for ORM objects before sending it:
# for a batch of 50 moments that is some 300 models, a tenth of the call's time.


class ShareOut(BaseModel):
    resident: UUID
    engagement: int | None = Field(description="0 declined, 1 low, 2 calm, 3 engaged, 4 joyful.")


class MomentOut(BaseModel):
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


class MomentBatchIn(Schema):
    moments: list[MomentIn] = Field(..., min_length=1, max_length=MAX_BATCH)


class BatchProblem(BaseModel):
    type: str
    loc: list[str | int]
    msg: str


class BatchItemOut(BaseModel):
    status: int = Field(
        description="201 stored now, 200 stored before with this key, 422 not stored (see errors)."
    )
    moment: MomentOut | None = None
    errors: list[BatchProblem] = Field(default_factory=list)


class MomentBatchOut(BaseModel):
    stored: int = Field(description="Moments stored by this call.")
    already_stored: int = Field(description="Moments whose key had been seen before.")
    refused: int = Field(description="Moments not stored; each says why in its errors.")
    results: list[BatchItemOut] = Field(description="One per moment sent, in the same order.")


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
        shares = _given_shares(data) if created else _shares_of([moment]).get(moment.pk, [])
        return Status(201 if created else 200, _out(moment, created, shares))


@router.post(
    "/homes/{home_slug}/moments/batch",
    response={200: MomentBatchOut, **ERRORS},
    summary="Record several moments at once",
)
def create_moments(request: HttpRequest, home_slug: str, payload: MomentBatchIn) -> MomentBatchOut:
    """Up to 100 moments in one call, for a device sending what it kept while offline or a
    system passing on its records. Each moment is judged on its own by the same rules as one
    sent alone: those that can stand are stored, together, and each answer says what became of
    its moment. Send a key with each moment; sending the batch again stores nothing twice. A
    body that does not match the schema is refused whole (422)."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.LOG_MOMENTS)
        batch = resolve_many(home_request, [_codes(each) for each in payload.moments])
        answers = record_moments(
            home_request.home, batch, actor=home_request.user, source=Moment.Source.API
        )
        replayed = _shares_of(
            [a.moment for a in answers if isinstance(a, Recorded) and not a.created]
        )
        results = []
        for place, (data, answer) in enumerate(zip(batch, answers, strict=True)):
            if isinstance(answer, MomentError):
                loc: list[str | int] = ["body", "payload", "moments", place]
                problem = BatchProblem(
                    type="value_error",
                    loc=loc + ([answer.field] if answer.field else []),
                    msg=answer.message,
                )
                results.append(BatchItemOut(status=422, errors=[problem]))
                continue
            if answer.created and not isinstance(data, MomentError):
                shares = _given_shares(data)
            else:
                shares = replayed.get(answer.moment.pk, [])
            results.append(
                BatchItemOut(
                    status=201 if answer.created else 200,
                    moment=_out(answer.moment, answer.created, shares),
                )
            )
        return MomentBatchOut(
            stored=sum(r.status == 201 for r in results),
            already_stored=sum(r.status == 200 for r in results),
            refused=sum(r.status == 422 for r in results),
            results=results,
        )


def _given_shares(data: MomentInput) -> list[ShareOut]:
    """The shares of a moment stored now, as it was given (no need to read them back)."""
    return [
        ShareOut(resident=r.code, engagement=data.engagement.get(r.pk, data.everyone))
        for r in data.residents
    ]


def _shares_of(moments: list[Moment]) -> dict[int, list[ShareOut]]:
    """The shares of moments stored before, read back in one query."""
    shares: dict[int, list[ShareOut]] = {}
    if not moments:
        return shares
    rows = MomentParticipant.objects.filter(moment__in=moments).select_related("resident")
    for participant in rows.order_by("pk"):
        shares.setdefault(participant.moment_id, []).append(_share(participant))
    return shares


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
    # Newest first. The day leads so that the (home, day) index gives the order and only the
    # last few days are read and sorted (1.7 ms instead of 390 ms for a home with 3 years of
    # history); the day follows the time, so the order is the same as by time alone.
    return list(
        moments.order_by("-day", "-occurred_at").prefetch_related(
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

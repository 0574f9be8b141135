"""Who needs connection today: the same ranked list as the page, with the same permission."""

import datetime as dt
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

from commonroom.connections import rules
from commonroom.connections.services.today import (
    Entry,
    record_list_viewed,
    who_needs_connection,
)
from commonroom.homes.access import check
from commonroom.homes.roles import Perm

from ..schemas import ERRORS
from ..tenancy import home_scope

router = Router(tags=["Connections"])


class TodayReasonOut(Schema):
    code: str
    """The rule, for example ``no_visitor``; see the rules page for the list."""
    name: str
    text: str
    weight: int
    numbers: dict[str, bool | int | float | str | None]
    understood: bool
    """Staff have marked this reason as understood; it does not count towards ``score``."""
    understood_note: str | None = None
    review_on: dt.date | None = None


class TodayPersonOut(Schema):
    code: UUID
    name: str
    room: str
    score: int
    days_since_any_contact: int | None
    reasons: list[TodayReasonOut]


class TodayOut(Schema):
    day: dt.date
    shift_known: bool
    """Someone has said they are on shift today (otherwise languages are checked against all
    the staff)."""
    people: list[TodayPersonOut]


@router.get(
    "/homes/{home_slug}/connections/today",
    response={200: TodayOut, **ERRORS},
    summary="Who needs connection today",
)
def connections_today(request: HttpRequest, home_slug: str) -> TodayOut:
    """The people living in the home now with any reason to need connection, most in need
    first: ``score`` is the sum of the weights of the reasons not marked as understood; people
    all of whose reasons are understood come last. For the roles that see the page."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.VIEW_CONNECTIONS)
        listing = who_needs_connection(home_request.home)
        record_list_viewed(home_request.home, listing.entries, actor=home_request.user)
        return TodayOut(
            day=listing.day,
            shift_known=listing.shift_known,
            people=[_person(entry) for entry in listing.entries],
        )


def _person(entry: Entry) -> TodayPersonOut:
    return TodayPersonOut(
        code=entry.resident.code,
        name=entry.resident.display_name,
        room=entry.resident.room,
        score=entry.score,
        days_since_any_contact=entry.flagged.person.days_since_any,
        reasons=[_reason(shown) for shown in entry.reasons],
    )


def _reason(shown: rules.Shown) -> TodayReasonOut:
    reason, understood = shown.reason, shown.understood
    return TodayReasonOut(
        code=reason.code,
        name=str(rules.RULES_BY_CODE[reason.code].name),
        text=reason.text,
        weight=reason.weight,
        numbers=reason.numbers,
        understood=understood is not None,
        understood_note=understood.note if understood else None,
        review_on=understood.review_on if understood else None,
    )

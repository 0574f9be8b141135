"""Visiting API: the home's places to meet and the optional reservations of a space or a place at
a meal. Same permissions and services as the pages: family members and residents reserve only
for their own person and see only their person's reservations; staff for anyone."""

import datetime as dt
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator, StringConstraints

from commonroom.homes.access import check
from commonroom.homes.roles import Perm
from commonroom.residents.access import residents_for
from commonroom.visiting.models import Reservation, Space
from commonroom.visiting.services import spaces as services
from commonroom.visiting.services.spaces import ReservationInput, SpaceError
from commonroom.visiting.views.spaces import speaks_for_all

from ..errors import field_error
from ..schemas import ERRORS, _printable
from ..tenancy import home_scope

router = Router(tags=["visiting"])

Line = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=300), AfterValidator(_printable)
]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=2000), AfterValidator(_printable)
]


class SpaceOut(Schema):
    code: UUID
    name: str
    kind: Space.Kind
    description: str
    capacity: int = Field(description="How many people it suits, the resident included.")
    step_free: bool
    accessible_toilet_near: bool
    hearing_loop: bool
    quiet: bool
    outdoor: bool
    can_reserve: bool
    in_use: bool


class ReservationOut(Schema):
    code: UUID
    kind: Reservation.Kind
    resident: UUID
    resident_name: str
    space: UUID | None
    space_name: str | None
    meal: str = Field(description="breakfast, lunch, tea or dinner for a meal; empty otherwise.")
    starts_at: dt.datetime
    ends_at: dt.datetime
    guests: int
    guest_names: str
    dietary_needs: str
    note: str


class DayFilter(Schema):
    date: dt.date | None = Field(None, description="The day wanted; today if left out.")


class ReservationIn(Schema):
    kind: Reservation.Kind = Reservation.Kind.SPACE
    resident: UUID
    date: dt.date = Field(description="The day of the visit.")
    space: UUID | None = Field(None, description="For a space: the space's code.")
    start: dt.time | None = Field(None, description="For a space: from (UK time).")
    end: dt.time | None = Field(None, description="For a space: until (UK time).")
    meal: Reservation.Meal | None = Field(None, description="For a meal: which one.")
    guests: int = Field(1, ge=1, le=services.MAX_GUESTS)
    guest_names: Line = ""
    dietary_needs: Line = ""
    note: Text = ""


@router.get(
    "/homes/{home_slug}/spaces",
    response={200: list[SpaceOut], **ERRORS},
    summary="List the places to meet",
)
def list_spaces(request: HttpRequest, home_slug: str) -> list[SpaceOut]:
    """The home's places to meet other than bedrooms, with their accessibility. Those out of use
    are listed only for people who manage visiting."""
    with home_scope(request, home_slug) as home_request:
        can = home_request.membership.can
        if not (can(Perm.VIEW_VISITS) or can(Perm.RESERVE_SPACES)):
            raise PermissionDenied
        manage = can(Perm.MANAGE_VISITING)
        return [
            _space_out(s) for s in services.spaces(home_request.home, include_out_of_use=manage)
        ]


@router.get(
    "/homes/{home_slug}/reservations",
    response={200: list[ReservationOut], **ERRORS},
    summary="List a day's reservations",
)
def list_reservations(
    request: HttpRequest, home_slug: str, filters: Query[DayFilter]
) -> list[ReservationOut]:
    """The home's reservations (not cancelled) starting on ``date``, by time. Staff who see
    visits get the whole home's; family members and residents their own person's."""
    with home_scope(request, home_slug) as home_request:
        can = home_request.membership.can
        if not (can(Perm.VIEW_VISITS) or can(Perm.RESERVE_SPACES)):
            raise PermissionDenied
        listed = services.reservations_on(home_request.home, filters.date or timezone.localdate())
        if not can(Perm.VIEW_VISITS):
            mine = set(residents_for(home_request).values_list("pk", flat=True))
            listed = [r for r in listed if r.resident_id in mine]
        return [_reservation_out(r) for r in listed]


@router.post(
    "/homes/{home_slug}/reservations",
    response={201: ReservationOut, **ERRORS},
    summary="Reserve a space or join a meal",
)
def create_reservation(
    request: HttpRequest, home_slug: str, payload: ReservationIn
) -> Status[ReservationOut]:
    """Optional, never needed to visit. Refused (422, in words) for a time in the past, an end
    before the start, a space out of use or not reservable, a space already reserved at an
    overlapping time, or more people than the space suits."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.RESERVE_SPACES)
        home = home_request.home
        resident = residents_for(home_request).current().filter(code=payload.resident).first()
        if resident is None:
            raise field_error("resident", _("Choose a resident you may reserve for."))
        space = None
        if payload.space is not None:
            space = Space.objects.filter(home=home, code=payload.space).first()
            if space is None:
                raise field_error("space", _("No such space in this home."))
        data = ReservationInput(
            kind=payload.kind,
            resident=resident,
            day=payload.date,
            space=space,
            start=payload.start,
            end=payload.end,
            meal=payload.meal or "",
            guests=payload.guests,
            guest_names=payload.guest_names,
            dietary_needs=payload.dietary_needs,
            note=payload.note,
        )
        try:
            reservation = services.reserve(home, data, actor=home_request.user)
        except SpaceError as error:
            raise field_error(_api_field(error.field), error.message) from error
        return Status(201, _reservation_out(reservation))


@router.delete(
    "/homes/{home_slug}/reservations/{code}",
    response={204: None, **ERRORS},
    summary="Cancel a reservation",
)
def cancel_reservation(request: HttpRequest, home_slug: str, code: UUID) -> Status[None]:
    """Your own reservation (a resident: any of theirs); staff any."""
    with home_scope(request, home_slug) as home_request:
        check(home_request, Perm.RESERVE_SPACES)
        reservation = (
            Reservation.objects.filter(
                home=home_request.home, code=code, resident__in=residents_for(home_request)
            )
            .select_related("resident", "space")
            .first()
        )
        if reservation is None:
            raise Http404("No such reservation.")
        staff = speaks_for_all(home_request)
        if not services.may_cancel(reservation, user=home_request.user, speaks_for_all=staff):
            raise PermissionDenied(_("You may not cancel this reservation."))
        services.cancel(reservation, actor=home_request.user)
        return Status(204, None)


def _api_field(field: str | None) -> str | None:
    return {"day": "date"}.get(field or "", field)


def _space_out(space: Space) -> SpaceOut:
    return SpaceOut(
        code=space.code,
        name=space.name,
        kind=Space.Kind(space.kind),
        description=space.description,
        capacity=space.capacity,
        step_free=space.step_free,
        accessible_toilet_near=space.accessible_toilet_near,
        hearing_loop=space.hearing_loop,
        quiet=space.quiet,
        outdoor=space.outdoor,
        can_reserve=space.can_reserve,
        in_use=space.active,
    )


def _reservation_out(reservation: Reservation) -> ReservationOut:
    space = reservation.space
    return ReservationOut(
        code=reservation.code,
        kind=Reservation.Kind(reservation.kind),
        resident=reservation.resident.code,
        resident_name=reservation.resident.display_name,
        space=space.code if space else None,
        space_name=space.name if space else None,
        meal=reservation.meal,
        starts_at=timezone.localtime(reservation.starts_at),
        ends_at=timezone.localtime(reservation.ends_at),
        guests=reservation.guests,
        guest_names=reservation.guest_names,
        dietary_needs=reservation.dietary_needs,
        note=reservation.note,
    )

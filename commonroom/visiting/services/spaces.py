"""Places to meet other than the bedroom, optional reservations of a space or a place at a meal,
and the home's visitor information. A reservation is never needed to visit: it only keeps a room
free or tells the kitchen to lay more places.

Rules for a reservation: not in the past, ends after it starts (on the same day), a space that is
in use and that families may reserve, not already reserved at an overlapping time, and no more
people (the guests and the resident) than the space suits. Who may reserve for whom is the
caller's check (family and residents for their own person, staff for anyone)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from commonroom.audit.services import Action, record
from commonroom.homes.models import Home
from commonroom.residents.models import Resident

from ..models import Reservation, Space, VisitorInformation

MAX_NAME = 100
MAX_SHORT = 300
MAX_TEXT = 2000
MAX_INFO_TEXT = 5000
MAX_CONTACT = 200
MAX_GUESTS = 20
MAX_CAPACITY = 200
MAX_DAYS_AHEAD = 366
MAX_HOURS = 12

# When each meal is served (local time). The kitchen needs to know who is coming, not more.
MEAL_TIMES: dict[str, tuple[dt.time, dt.time]] = {
    Reservation.Meal.BREAKFAST: (dt.time(8, 0), dt.time(9, 30)),
    Reservation.Meal.LUNCH: (dt.time(12, 30), dt.time(13, 30)),
    Reservation.Meal.TEA: (dt.time(15, 0), dt.time(16, 0)),
    Reservation.Meal.DINNER: (dt.time(17, 30), dt.time(18, 30)),
}

SPACE_FIELDS = (
    "name",
    "kind",
    "description",
    "capacity",
    "step_free",
    "accessible_toilet_near",
    "hearing_loop",
    "quiet",
    "outdoor",
    "can_reserve",
)
INFO_FIELDS = (
    "welcome",
    "getting_here",
    "parking",
    "meals",
    "pets",
    "during_outbreak",
    "contact_name",
    "contact_details",
    "door_code_rotation_days",
)


class SpaceError(ValueError):
    """A refusal in words, naming the field it is about (None: the whole form)."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# --- Spaces ---------------------------------------------------------------------------------


def spaces(home: Home, *, include_out_of_use: bool = False) -> QuerySet[Space]:
    listed = Space.objects.filter(home=home)
    if not include_out_of_use:
        listed = listed.filter(active=True)
    return listed.order_by("name")


def save_space(home: Home, space: Space | None, *, actor: Any, **values: Any) -> Space:
    """Add a space (``space`` None) or change one. ``values`` are the fields in SPACE_FIELDS."""
    name = str(values.get("name", "")).strip()
    if not name:
        raise SpaceError("name", _("Give the space a name."))
    if len(name) > MAX_NAME:
        raise SpaceError("name", _("Keep the name under 100 characters."))
    if values.get("kind") not in Space.Kind.values:
        raise SpaceError("kind", _("Choose what kind of space it is."))
    capacity = values.get("capacity")
    if not isinstance(capacity, int) or not 1 <= capacity <= MAX_CAPACITY:
        raise SpaceError("capacity", _("Say how many people it suits, from 1 to 200."))
    description = str(values.get("description", "")).strip()
    if len(description) > MAX_TEXT:
        raise SpaceError("description", _("Keep it under 2,000 characters."))
    clash = Space.objects.filter(home=home, name__iexact=name)
    if space is not None:
        if space.home_id != home.pk:
            raise SpaceError(None, _("That space is not in this home."))
        clash = clash.exclude(pk=space.pk)
    if clash.exists():
        raise SpaceError("name", _("There is already a space with that name."))
    cleaned = {
        **{key: bool(values.get(key)) for key in SPACE_FIELDS if key not in _NON_FLAGS},
        "name": name,
        "kind": values["kind"],
        "description": description,
        "capacity": capacity,
    }
    with transaction.atomic():
        if space is None:
            space = Space.objects.create(home=home, organisation_id=home.organisation_id, **cleaned)
            record(actor, Action.CREATE, space, home=home, fields=list(cleaned))
            return space
        changed = [key for key, value in cleaned.items() if getattr(space, key) != value]
        if changed:
            for key in changed:
                setattr(space, key, cleaned[key])
            space.save(update_fields=[*changed, "updated_at"])
            record(actor, Action.UPDATE, space, home=home, fields=changed)
    return space


_NON_FLAGS = frozenset({"name", "kind", "description", "capacity"})


def set_space_in_use(space: Space, in_use: bool, *, actor: Any) -> Space:
    """Take a space out of use (its future reservations stay, for staff to sort out) or back."""
    if space.active == in_use:
        return space
    with transaction.atomic():
        space.active = in_use
        space.save(update_fields=["active", "updated_at"])
        record(actor, Action.UPDATE, space, home=space.home, fields=["active"])
    return space


# --- Reservations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReservationInput:
    """What someone asks for: a space for a time, or places at a meal on a day."""

    kind: str
    resident: Resident
    day: dt.date
    space: Space | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    meal: str = ""
    guests: int = 1
    guest_names: str = ""
    dietary_needs: str = ""
    note: str = ""


def reserve(home: Home, data: ReservationInput, *, actor: Any) -> Reservation:
    """Reserve a space or a place at a meal for ``data.resident`` and their guests."""
    if data.resident.home_id != home.pk:
        raise SpaceError("resident", _("Choose a resident of this home."))
    if data.kind not in Reservation.Kind.values:
        raise SpaceError("kind", _("Choose a space or a meal."))
    guest_names = _short(data.guest_names, "guest_names")
    dietary_needs = _short(data.dietary_needs, "dietary_needs")
    note = data.note.strip()
    if len(note) > MAX_TEXT:
        raise SpaceError("note", _("Keep the note under 2,000 characters."))
    if not 1 <= data.guests <= MAX_GUESTS:
        raise SpaceError("guests", _("Say how many guests are coming, from 1 to 20."))
    if data.kind == Reservation.Kind.MEAL:
        if data.meal not in MEAL_TIMES:
            raise SpaceError("meal", _("Choose which meal."))
        start, end = MEAL_TIMES[data.meal]
    else:
        if data.start is None:
            raise SpaceError("start", _("Say what time you would like it from."))
        if data.end is None:
            raise SpaceError("end", _("Say what time you would like it until."))
        start, end = data.start, data.end
    starts_at = _aware(data.day, start)
    ends_at = _aware(data.day, end)
    now = timezone.now()
    if starts_at < now:
        raise SpaceError("day", _("That time has passed. Choose a time from now on."))
    if data.day > timezone.localdate() + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise SpaceError("day", _("Choose a day within the next year."))
    if ends_at <= starts_at:
        raise SpaceError("end", _("The end time must be after the start time."))
    if ends_at - starts_at > dt.timedelta(hours=MAX_HOURS):
        raise SpaceError("end", _("Reserve a space for 12 hours at most."))
    with transaction.atomic():
        space = None
        if data.kind == Reservation.Kind.SPACE:
            space = _check_space(home, data.space, starts_at, ends_at, data.guests)
        reservation = Reservation.objects.create(
            home=home,
            organisation_id=home.organisation_id,
            kind=data.kind,
            resident=data.resident,
            space=space,
            meal=data.meal if data.kind == Reservation.Kind.MEAL else "",
            starts_at=starts_at,
            ends_at=ends_at,
            guests=data.guests,
            guest_names=guest_names,
            dietary_needs=dietary_needs,
            note=note,
            booked_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            actor,
            Action.CREATE,
            reservation,
            home=home,
            resident_code=data.resident.code,
            fields=["kind", "space", "meal", "starts_at", "ends_at", "guests"],
        )
    return reservation


def _check_space(
    home: Home, chosen: Space | None, starts_at: dt.datetime, ends_at: dt.datetime, guests: int
) -> Space:
    if chosen is None:
        raise SpaceError("space", _("Choose a space."))
    # Lock the space so two people cannot reserve the same time at once.
    space = Space.objects.select_for_update().filter(home=home, pk=chosen.pk).first()
    if space is None:
        raise SpaceError("space", _("Choose a space in this home."))
    if not space.active:
        raise SpaceError("space", _("%(space)s is out of use just now.") % {"space": space.name})
    if not space.can_reserve:
        raise SpaceError(
            "space",
            _("%(space)s cannot be reserved: just come and use it.") % {"space": space.name},
        )
    if guests + 1 > space.capacity:
        raise SpaceError(
            "guests",
            _("%(space)s suits %(count)s people, including the resident. Choose a bigger space.")
            % {"space": space.name, "count": space.capacity},
        )
    clash = (
        Reservation.objects.filter(
            home=home,
            space=space,
            cancelled_at__isnull=True,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        raise SpaceError(
            "start",
            _(
                "%(space)s is already reserved from %(start)s to %(end)s. "
                "Choose another time or another space."
            )
            % {
                "space": space.name,
                "start": _clock(clash.starts_at),
                "end": _clock(clash.ends_at),
            },
        )
    return space


def cancel(reservation: Reservation, *, actor: Any) -> Reservation:
    """Cancel a reservation. Who may cancel which is the caller's check."""
    if reservation.cancelled_at is not None:
        raise SpaceError(None, _("That reservation was already cancelled."))
    with transaction.atomic():
        reservation.cancelled_at = timezone.now()
        reservation.save(update_fields=["cancelled_at", "updated_at"])
        record(
            actor,
            Action.UPDATE,
            reservation,
            home=reservation.home,
            resident_code=reservation.resident.code,
            fields=["cancelled_at"],
        )
    return reservation


def may_cancel(reservation: Reservation, *, user: Any, speaks_for_all: bool) -> bool:
    """Staff may cancel any reservation; others only their own (or, for a resident, theirs)."""
    if reservation.cancelled_at is not None or reservation.ends_at < timezone.now():
        return False
    if speaks_for_all:
        return True
    return reservation.booked_by_id == user.pk or reservation.resident.user_id == user.pk


def reservations_on(home: Home, day: dt.date) -> list[Reservation]:
    """The home's reservations starting on ``day`` (not cancelled), by time."""
    start = _aware(day, dt.time.min)
    return list(
        Reservation.objects.filter(
            home=home,
            cancelled_at__isnull=True,
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(days=1),
        )
        .select_related("space", "resident")
        .order_by("starts_at", "pk")
    )


def upcoming(home: Home, residents: Iterable[Resident], *, limit: int = 20) -> list[Reservation]:
    """Reservations not yet over for these residents, soonest first."""
    return list(
        Reservation.objects.filter(
            home=home,
            resident__in=list(residents),
            cancelled_at__isnull=True,
            ends_at__gte=timezone.now(),
        )
        .select_related("space", "resident")
        .order_by("starts_at", "pk")[:limit]
    )


# --- Visitor information --------------------------------------------------------------------


def information(home: Home) -> VisitorInformation | None:
    return VisitorInformation.objects.filter(home=home).first()


def save_information(home: Home, *, actor: Any, **values: Any) -> VisitorInformation:
    """Write the home's visitor information (made on the first save)."""
    cleaned: dict[str, Any] = {}
    for key in INFO_FIELDS:
        if key == "door_code_rotation_days":
            days = values.get(key)
            if not isinstance(days, int) or not 7 <= days <= 365:
                raise SpaceError(key, _("Choose between 7 and 365 days."))
            cleaned[key] = days
            continue
        text = str(values.get(key, "")).strip()
        limit = MAX_CONTACT if key in ("contact_name", "contact_details") else MAX_INFO_TEXT
        if len(text) > limit:
            raise SpaceError(key, _("Keep it under %(count)s characters.") % {"count": limit})
        cleaned[key] = text
    with transaction.atomic():
        info, created = VisitorInformation.objects.select_for_update().get_or_create(
            home=home, defaults=cleaned
        )
        if created:
            record(actor, Action.CREATE, info, home=home, fields=list(cleaned))
            return info
        changed = [key for key, value in cleaned.items() if getattr(info, key) != value]
        if changed:
            for key in changed:
                setattr(info, key, cleaned[key])
            info.save(update_fields=[*changed, "updated_at"])
            record(actor, Action.UPDATE, info, home=home, fields=changed)
    return info


# --- Helpers --------------------------------------------------------------------------------


def _short(value: str, field: str) -> str:
    value = value.strip()
    if len(value) > MAX_SHORT:
        raise SpaceError(field, _("Keep it under 300 characters."))
    return value


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _clock(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")

"""Residents' visits out of the home: an afternoon with family, an overnight stay. Recording one
is for safety and for the connection log, never a permission: residents must not be discouraged
from going out (Regulation 9A in England; Anne's Law protects visits out in Scotland)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from commonroom.audit.services import Action, record
from commonroom.circle.models import Contact
from commonroom.connections.models import Domain, Kind, WithType
from commonroom.connections.services.moments import MomentError, MomentInput, record_moment
from commonroom.homes.models import Home
from commonroom.residents.models import Resident

from ..models import Outing

MAX_TEXT = 200
MAX_NOTE = 2000
MAX_MOMENT_MINUTES = 24 * 60
CLOCK_SKEW = dt.timedelta(minutes=10)
RECENT_DAYS = 14
RECENT_LIMIT = 50


class OutingError(ValueError):
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class OutingInput:
    resident: Resident
    left_at: dt.datetime
    with_contact: Contact | None = None
    with_name: str = ""
    destination: str = ""
    expected_back_at: dt.datetime | None = None
    overnight: bool = False
    note: str = ""


def idempotency_key(outing: Outing) -> str:
    return f"outing:{outing.code}"


def is_overdue(outing: Outing, now: dt.datetime | None = None) -> bool:
    expected = outing.expected_back_at
    return (
        outing.returned_at is None and expected is not None and expected < (now or timezone.now())
    )


def record_leaving(home: Home, data: OutingInput, *, actor: Any) -> Outing:
    """Record that a resident has gone out. One visit out at a time per person."""
    _check(home, data)
    with transaction.atomic():
        if Outing.objects.filter(
            home=home, resident=data.resident, returned_at__isnull=True
        ).exists():
            raise OutingError(
                "resident", _("%(name)s is already recorded as out.") % {"name": data.resident}
            )
        outing = Outing.objects.create(
            home=home,
            organisation_id=home.organisation_id,
            resident=data.resident,
            with_contact=data.with_contact,
            with_name=" ".join(data.with_name.split()),
            destination=data.destination.strip(),
            left_at=data.left_at,
            expected_back_at=data.expected_back_at,
            overnight=data.overnight,
            note=data.note.strip(),
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        fields = ["resident", "with", "destination", "left_at", "expected_back_at", "overnight"]
        record(
            actor, Action.CREATE, outing, home=home, resident_code=data.resident.code, fields=fields
        )
    return outing


def _check(home: Home, data: OutingInput) -> None:
    if data.resident.home_id != home.pk or not data.resident.is_current:
        raise OutingError("resident", _("Choose a resident of this home."))
    contact = data.with_contact
    if contact is not None and contact.resident_id != data.resident.pk:
        raise OutingError(
            "with_contact", _("Choose someone from this resident's own circle, or write a name.")
        )
    for field, value, limit in (
        ("with_name", data.with_name, MAX_TEXT),
        ("destination", data.destination, MAX_TEXT),
        ("note", data.note, MAX_NOTE),
    ):
        if len(value.strip()) > limit or "\x00" in value:
            raise OutingError(field, _("Use at most %(count)s characters.") % {"count": limit})
    if data.left_at > timezone.now() + CLOCK_SKEW:
        raise OutingError("left_at", _("The time they left cannot be in the future."))
    if data.expected_back_at is not None and data.expected_back_at <= data.left_at:
        raise OutingError("expected_back_at", _("Expected back must be after they left."))


def record_return(
    outing: Outing, *, actor: Any, returned_at: dt.datetime | None = None
) -> tuple[Outing, bool]:
    """Record that the resident came back, and write the connection log once (an outing
    moment with its length). Returns the outing and whether this call recorded the return:
    a second "came back" changes nothing."""
    when = returned_at or timezone.now()
    with transaction.atomic():
        locked = (
            Outing.objects.select_for_update(of=("self",))
            .select_related("resident", "with_contact", "home")
            .get(pk=outing.pk)
        )
        if locked.returned_at is not None:
            return locked, False
        if when < locked.left_at:
            raise OutingError("returned_at", _("They cannot come back before they left."))
        if when > timezone.now() + CLOCK_SKEW:
            raise OutingError("returned_at", _("The time they came back cannot be in the future."))
        locked.returned_at = when
        locked.moment = _write_moment(locked, when, actor)
        locked.save(update_fields=["returned_at", "moment", "updated_at"])
        record(
            actor,
            Action.UPDATE,
            locked,
            home=locked.home,
            resident_code=locked.resident.code,
            fields=["returned_at"],
        )
    return locked, True


def _write_moment(outing: Outing, back: dt.datetime, actor: Any) -> Any:
    contact = outing.with_contact if outing.with_contact_id else None
    minutes = round((back - outing.left_at).total_seconds() / 60)
    data = MomentInput(
        residents=[outing.resident],
        kind=Kind.OUTING,
        occurred_at=outing.left_at,
        domain=Domain.FAMILY if contact else Domain.COMMUNITY,
        minutes=min(max(minutes, 1), MAX_MOMENT_MINUTES),
        with_type=WithType.CONTACT if contact else WithType.NOBODY,
        with_contact=contact,
        with_name="" if contact else outing.with_name,
        note=outing.destination,
        idempotency_key=idempotency_key(outing),
    )
    try:
        moment, _new = record_moment(outing.home, data, actor=actor)
    except MomentError as error:
        raise OutingError(None, error.message) from error
    return moment


def out_now(home: Home, *, resident: Resident | None = None) -> QuerySet[Outing]:
    """Who is out of the home now, soonest expected back first (no time given last)."""
    listed = Outing.objects.filter(home=home, returned_at__isnull=True)
    if resident is not None:
        listed = listed.filter(resident=resident)
    return listed.select_related("resident", "with_contact").order_by("expected_back_at", "left_at")


def recent(
    home: Home,
    *,
    resident: Resident | None = None,
    days: int = RECENT_DAYS,
    limit: int = RECENT_LIMIT,
) -> list[Outing]:
    """Visits out that ended in the last ``days`` days, newest first."""
    since = timezone.now() - dt.timedelta(days=days)
    listed = Outing.objects.filter(home=home, returned_at__isnull=False, returned_at__gte=since)
    if resident is not None:
        listed = listed.filter(resident=resident)
    return list(listed.select_related("resident", "with_contact").order_by("-returned_at")[:limit])

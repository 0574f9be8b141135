"""Visiting exceptions: residents whose visits go on whatever a restriction says, because they
are near the end of life (or, in Scotland, likely to deteriorate significantly) or because
stopping visits would cause them serious harm."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from commonroom.audit.services import Action, record
from commonroom.homes.models import Home
from commonroom.lib.dates import today
from commonroom.residents.models import Resident

from ..models import VisitingException
from .restrictions import MAX_TEXT, RestrictionError


def active_exceptions(home: Home, on: dt.date | None = None) -> QuerySet[VisitingException]:
    """The exceptions in force on ``on`` (today by default); ``ends_on`` is the last day."""
    day = on or today()
    return VisitingException.objects.filter(home=home, starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )


def record_exception(
    home: Home,
    resident: Resident,
    *,
    kind: str,
    reason: str,
    starts_on: dt.date,
    ends_on: dt.date | None,
    actor: Any,
) -> VisitingException:
    """Record that this resident's visits must go on, and why."""
    if resident.home_id != home.pk:
        raise RestrictionError("resident", _("Choose a resident of this home."))
    if kind not in VisitingException.Kind.values:
        raise RestrictionError("kind", _("Choose the kind of exception."))
    reason = (reason or "").strip()
    if not reason:
        raise RestrictionError("reason", _("Say why visits must go on."))
    if len(reason) > MAX_TEXT or "\x00" in reason:
        raise RestrictionError(
            "reason", _("Keep it under %(count)s characters.") % {"count": MAX_TEXT}
        )
    if ends_on is not None and ends_on < starts_on:
        raise RestrictionError("ends_on", _("The end cannot be before the start."))
    with transaction.atomic():
        exception = VisitingException.objects.create(
            home=home,
            organisation_id=home.organisation_id,
            resident=resident,
            kind=kind,
            reason=reason,
            starts_on=starts_on,
            ends_on=ends_on,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            actor,
            Action.CREATE,
            exception,
            home=home,
            resident_code=resident.code,
            fields=["kind", "reason", "starts_on", "ends_on"],
        )
    return exception


def end_exception(
    exception: VisitingException, *, actor: Any, on: dt.date | None = None
) -> VisitingException | None:
    """Stop an exception from today (or ``on``): its last day becomes the day before. One that
    has not had a day in force yet (it starts today or later) was a mistake and is removed;
    answers None then."""
    day = on or today()
    if exception.ends_on is not None and exception.ends_on < day:
        raise RestrictionError(None, _("This exception has already ended."))
    code = exception.resident.code
    with transaction.atomic():
        if exception.starts_on >= day:
            record(actor, Action.DELETE, exception, home=exception.home, resident_code=code)
            exception.delete()
            return None
        exception.ends_on = day - dt.timedelta(days=1)
        exception.save(update_fields=["ends_on", "updated_at"])
        record(
            actor,
            Action.UPDATE,
            exception,
            home=exception.home,
            resident_code=code,
            fields=["ends_on"],
        )
    return exception

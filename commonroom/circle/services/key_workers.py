"""Key workers over time: one current key worker per person, with the history kept."""

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from commonroom.accounts.models import User
from commonroom.audit.services import Action, record
from commonroom.homes.models import Home, Membership
from commonroom.homes.roles import STAFF_ROLES
from commonroom.lib.dates import today
from commonroom.residents.models import Resident

from ..models import KeyWorkerAssignment
from .continuity import Continuity, Stint, continuity
from .errors import CircleError


def staff_of(home: Home) -> QuerySet[Membership]:
    """The people who can be a key worker: current staff members of ``home``."""
    return (
        Membership.objects.active()
        .filter(home=home, role__in=STAFF_ROLES)
        .select_related("user")
        .order_by("user__full_name")
    )


def history_of(resident: Resident) -> QuerySet[KeyWorkerAssignment]:
    return KeyWorkerAssignment.objects.filter(resident=resident).select_related("staff__user")


def continuity_of(assignments: list[KeyWorkerAssignment], on: dt.date | None = None) -> Continuity:
    stints = [Stint(a.staff_id, a.started_on, a.ended_on) for a in assignments]
    return continuity(stints, on or today())


def assign_key_worker(
    home: Home, resident: Resident, staff: Membership, *, started_on: dt.date, actor: User
) -> KeyWorkerAssignment:
    """Make ``staff`` the key worker from ``started_on``. The current key worker's time ends the
    day before, in the same transaction."""
    if not staff_of(home).filter(pk=staff.pk).exists():
        raise CircleError(_("Choose a current member of staff in this home."))
    with transaction.atomic():
        assignments = list(
            KeyWorkerAssignment.objects.select_for_update().filter(resident=resident)
        )
        current = next((a for a in assignments if a.ended_on is None), None)
        _check_new_start(assignments, current, staff, started_on)
        if current is not None:
            current.ended_on = started_on - dt.timedelta(days=1)
            current.save(update_fields=["ended_on", "updated_at"])
            record(
                actor,
                Action.UPDATE,
                current,
                home=home,
                resident_code=resident.code,
                fields=["ended_on"],
            )
        assignment = KeyWorkerAssignment.objects.create(
            home=home, resident=resident, staff=staff, started_on=started_on
        )
        record(
            actor,
            Action.CREATE,
            assignment,
            home=home,
            resident_code=resident.code,
            fields=["staff", "started_on"],
        )
    return assignment


def _check_new_start(
    assignments: list[KeyWorkerAssignment],
    current: KeyWorkerAssignment | None,
    staff: Membership,
    started_on: dt.date,
) -> None:
    if current is not None and current.staff_id == staff.pk:
        raise CircleError(_("%(name)s is already the key worker.") % {"name": staff.user})
    if current is not None and started_on <= current.started_on:
        raise CircleError(
            _("The new key worker must start after %(date)s, when the current one started.")
            % {"date": date_format(current.started_on)}
        )
    if any(a.ended_on is not None and a.ended_on >= started_on for a in assignments):
        raise CircleError(_("That date falls within an earlier key worker's time."))


def end_key_worker(assignment: KeyWorkerAssignment, *, ended_on: dt.date, actor: User) -> None:
    """End a key-worker assignment on ``ended_on`` (not before it started)."""
    if assignment.ended_on is not None:
        raise CircleError(_("This has already ended."))
    if ended_on < assignment.started_on:
        raise CircleError(_("It cannot end before it started."))
    with transaction.atomic():
        assignment.ended_on = ended_on
        assignment.save(update_fields=["ended_on", "updated_at"])
        record(
            actor,
            Action.UPDATE,
            assignment,
            home=assignment.home,
            resident_code=assignment.resident.code,
            fields=["ended_on"],
        )

"""Admitting many residents at once, by the same rules as ``residents.services.residents.
admit_resident`` but in a few bulk inserts, so that a 500-row import stays a handful of queries.

Each person gets what admitting one by hand gives them: a "living here" status from the date
they moved in, and a personal plan due one review interval later. A file may also say that
someone is now in hospital, on leave, moved out or died; that becomes a second status change.
"""

from typing import Any

from commonroom.audit.services import Action, record_many
from commonroom.audit.services import AuditItem as Item
from commonroom.homes.models import Home
from commonroom.residents.models import PersonalPlan, Resident, StatusChange

from ..columns import RESIDENT_FIELDS

BATCH = 500


def admit_all(home: Home, residents: list[Resident], *, actor: Any) -> None:
    """Save ``residents`` (new, validated, of ``home``) with their status history and plans,
    and one IMPORT audit entry for each object created. Call inside a transaction."""
    Resident.objects.bulk_create(residents, batch_size=BATCH)
    changes = [change for person in residents for change in _status_changes(person, actor)]
    StatusChange.objects.bulk_create(changes, batch_size=BATCH)
    plans = [PersonalPlan.first_for(person, home) for person in residents]
    PersonalPlan.objects.bulk_create(plans, batch_size=BATCH)
    items: list[Item] = [(person, person.code, _filled(person)) for person in residents]
    items += [(change, change.resident.code, ["status", "started_on"]) for change in changes]
    items += [
        (plan, plan.resident.code, ["review_every_months", "next_review_on"]) for plan in plans
    ]
    record_many(actor, Action.IMPORT, items, home=home)


def _status_changes(person: Resident, actor: Any) -> list[StatusChange]:
    moved_in = StatusChange.moved_in(person, recorded_by=actor)
    if person.status == Resident.Status.LIVING_HERE:
        return [moved_in]
    later = StatusChange(
        home_id=person.home_id,
        organisation_id=person.organisation_id,
        resident=person,
        status=person.status,
        started_on=person.status_since,
        recorded_by=actor,
    )
    return [moved_in, later]


def _filled(person: Resident) -> list[str]:
    """Names of the fields the file gave a value (never the values themselves)."""
    return [name for name in RESIDENT_FIELDS if getattr(person, name) not in ("", None, [])]

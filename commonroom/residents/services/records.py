"""Saving and removing parts of a resident's record, each audited in the same transaction."""

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from commonroom.accounts.models import User
from commonroom.audit.services import Action, record
from commonroom.homes.models import Home

from ..models import Resident


def save_part(
    home: Home,
    resident: Resident,
    part: models.Model,
    *,
    actor: User,
    fields: Iterable[str],
) -> None:
    """Save a new or changed part of ``resident``'s record (or the resident row itself) and
    write its audit entry. A new part is attached to the resident's home."""
    created = part.pk is None
    if created:
        part.home = home  # type: ignore[attr-defined]
        part.organisation_id = home.organisation_id  # type: ignore[attr-defined]
        if hasattr(part, "resident_id"):
            part.resident = resident  # type: ignore[attr-defined]
    with transaction.atomic():
        part.save()
        record(
            actor,
            Action.CREATE if created else Action.UPDATE,
            part,
            home=home,
            resident_code=resident.code,
            fields=fields,
        )


def remove_part(home: Home, resident: Resident, part: models.Model, *, actor: User) -> None:
    """Delete a part of the record (an interest, a device) and audit it."""
    with transaction.atomic():
        record(actor, Action.DELETE, part, home=home, resident_code=resident.code)
        part.delete()


def fields_of(data: dict[str, Any]) -> list[str]:
    return [name for name, value in data.items() if value not in (None, "", [], False)]

"""Writing the audit trail. Call inside the same transaction as the change it describes."""

import functools
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import models
from django.utils import translation

from commonroom.homes.models import Home

from .models import AuditEntry

Action = AuditEntry.Action


def record(
    actor: Any,
    action: str,
    obj: models.Model,
    *,
    home: Home,
    resident_code: UUID | None = None,
    fields: Iterable[str] = (),
) -> AuditEntry:
    """Write one audit entry: ``actor`` did ``action`` to ``obj``, touching ``fields``."""
    # Saved directly (not through the scoped manager) so that it also works from places
    # outside a home scope, such as accepting an invitation.
    entry = _entry(actor, action, obj, home, resident_code, fields)
    entry.save()
    return entry


AuditItem = tuple[models.Model, UUID | None, Iterable[str]]


def record_many(actor: Any, action: str, items: Iterable[AuditItem], *, home: Home) -> int:
    """Write one audit entry per ``(object, resident_code, fields)`` in a few bulk inserts — the
    same entries ``record`` writes one by one — for imports and exports of hundreds of people.
    Call inside the change's transaction. Returns how many entries were written."""
    entries = [_entry(actor, action, obj, home, code, fields) for obj, code, fields in items]
    AuditEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def _entry(
    actor: Any,
    action: str,
    obj: models.Model,
    home: Home,
    resident_code: UUID | None,
    fields: Iterable[str],
) -> AuditEntry:
    return AuditEntry(
        home=home,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if actor is not None else "system",
        action=action,
        object_type=_type_name(type(obj)),
        object_code=getattr(obj, "code", None),
        object_label=str(obj)[:200],
        resident_code=resident_code,
        fields=sorted(set(fields)),
    )


@functools.cache
def _type_name(model: type[models.Model]) -> str:
    # One language in storage, whoever made the change; the trail translates it when shown.
    with translation.override(settings.LANGUAGE_CODE):
        return str(model._meta.verbose_name)


def changed_fields(form: Any) -> list[str]:
    """The names of the fields a bound, valid ModelForm changed."""
    return list(form.changed_data)


def trail_for_resident(home: Home, resident_code: UUID) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(home=home, resident_code=resident_code).select_related("actor")

"""Audit entries for many objects at once, for imports and exports of hundreds of people."""

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import models
from django.utils import translation

from commonroom.audit.models import AuditEntry
from commonroom.homes.models import Home

Item = tuple[models.Model, UUID | None, Iterable[str]]


def record_many(actor: Any, action: str, items: Iterable[Item], *, home: Home) -> int:
    """Write one audit entry per ``(object, resident_code, fields)`` in a few bulk inserts, the
    same entries ``audit.services.record`` writes one by one. Call inside the change's
    transaction. Returns how many entries were written."""
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    actor_name = str(actor) if actor is not None else "system"
    type_names: dict[type[models.Model], str] = {}
    entries = []
    for obj, resident_code, fields in items:
        model = type(obj)
        if model not in type_names:
            # Stored in one language, as record() does; the trail translates when shown.
            with translation.override(settings.LANGUAGE_CODE):
                type_names[model] = str(model._meta.verbose_name)
        entries.append(
            AuditEntry(
                home=home,
                actor_id=actor_id,
                actor_name=actor_name,
                action=action,
                object_type=type_names[model],
                object_code=getattr(obj, "code", None),
                object_label=str(obj)[:200],
                resident_code=resident_code,
                fields=sorted(set(fields)),
            )
        )
    AuditEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)

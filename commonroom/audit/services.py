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
    entry = _entry(actor, action, obj, home, resident_code, fields, _label(obj))
    entry.save()
    return entry


AuditItem = tuple[models.Model, UUID | None, Iterable[str]]


def record_many(actor: Any, action: str, items: Iterable[AuditItem], *, home: Home) -> int:
    """Write one audit entry per ``(object, resident_code, fields)`` in a few bulk inserts — the
    same entries ``record`` writes one by one — for imports and exports of hundreds of people.
    Call inside the change's transaction. Returns how many entries were written."""
    labels: dict[int, str] = {}  # an object named for several people is labelled once

    def label(obj: models.Model) -> str:
        if id(obj) not in labels:
            labels[id(obj)] = _label(obj)
        return labels[id(obj)]

    entries = [
        _entry(actor, action, obj, home, code, fields, label(obj)) for obj, code, fields in items
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def _entry(
    actor: Any,
    action: str,
    obj: models.Model,
    home: Home,
    resident_code: UUID | None,
    fields: Iterable[str],
    label: str,
) -> AuditEntry:
    return AuditEntry(
        home=home,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if actor is not None else "system",
        action=action,
        object_type=_type_name(type(obj)),
        object_code=getattr(obj, "code", None),
        object_label=label,
        resident_code=resident_code,
        fields=sorted(set(fields)),
    )


def _label(obj: models.Model) -> str:
    return str(obj)[:200]


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

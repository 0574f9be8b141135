"""Taking a copy of a home's people: the same columns the import reads, so it re-imports."""

from collections.abc import Iterator
from typing import Any

from django.db import transaction

from commonroom.audit.services import Action, record_many
from commonroom.audit.services import AuditItem as Item
from commonroom.circle.models import Contact
from commonroom.homes.models import Home
from commonroom.lib.dates import today
from commonroom.residents.models import Resident

from ..columns import (
    CONTACT_COLUMNS,
    CONTACT_FIELDS,
    RESIDENT_COLUMNS,
    RESIDENT_FIELDS,
    Kind,
    to_cell,
)


def filename(home: Home, kind: str) -> str:
    """For example ``rowan-house-residents-2026-11-22.csv``."""
    return f"{home.slug}-{kind}-{today().isoformat()}.csv"


def export(home: Home, kind: str, *, actor: Any) -> Iterator[list[str]]:
    """The header and one row per person, as cells. Reads and audits (one EXPORT entry per
    person or contact) at once, inside the home's scope; only the formatting is left lazy, for
    streaming."""
    if kind == Kind.RESIDENTS:
        people = list(Resident.objects.filter(home=home).order_by("full_name", "id"))
        with transaction.atomic():
            record_many(actor, Action.EXPORT, _items(people, RESIDENT_FIELDS), home=home)
        return _resident_rows(people)
    contacts = list(
        Contact.objects.filter(home=home)
        .select_related("resident")
        .order_by("resident__full_name", "resident_id", "name", "id")
    )
    with transaction.atomic():
        record_many(actor, Action.EXPORT, _items(contacts, CONTACT_FIELDS), home=home)
    return _contact_rows(contacts)


def _items(objects: list[Resident] | list[Contact], fields: list[str]) -> Iterator[Item]:
    for obj in objects:
        code = obj.code if isinstance(obj, Resident) else obj.resident.code
        yield obj, code, fields


def _resident_rows(people: list[Resident]) -> Iterator[list[str]]:
    yield RESIDENT_COLUMNS
    for person in people:
        yield [to_cell(person.code), *(to_cell(getattr(person, f)) for f in RESIDENT_FIELDS)]


def _contact_rows(contacts: list[Contact]) -> Iterator[list[str]]:
    yield CONTACT_COLUMNS
    for contact in contacts:
        yield [
            to_cell(contact.resident.code),
            to_cell(contact.resident.full_name),
            *(to_cell(getattr(contact, f)) for f in CONTACT_FIELDS),
        ]

"""The columns of the CSV files, shared by import and export so that an export re-imports."""

import datetime as dt
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .csvfile import FORMULA_STARTS, PEOPLE, Limits


class Kind(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    CONTACTS = "contacts", _("Contacts (the people in each resident's circle)")
    MOMENTS = "moments", _("Connection log (past moments)")


PEOPLE_KINDS = [(value, label) for value, label in Kind.choices if value != Kind.MOMENTS]


RESIDENT_FIELDS = [
    "full_name",
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "room",
    "admission_date",
    "status",
    "status_since",
    "first_language",
    "preferred_language",
    "other_languages",
    "culture",
    "faith",
    "sight",
    "hearing",
    "speech",
    "memory",
    "has_dementia",
    "how_to_communicate",
    "mobility",
    "video_calls",
    "devices",
    "ambitions",
    "getting_out",
]
RESIDENT_COLUMNS = ["reference", *RESIDENT_FIELDS]
RESIDENT_REQUIRED = ["full_name", "preferred_name", "admission_date"]

CONTACT_FIELDS = [
    "name",
    "relationship",
    "relationship_detail",
    "phone",
    "email",
    "address",
    "preferred_method",
    "preferred_frequency",
    "support_role",
    "may_receive_updates",
    "has_door_code",
    "is_representative",
    "contact_notes",
]
RESIDENT_LINK_COLUMNS = ["resident_reference", "resident_name"]
# The model calls it contact_notes; people filling in a spreadsheet just write "notes".
CONTACT_COLUMN_FOR_FIELD = {"contact_notes": "notes"}
CONTACT_COLUMNS = [
    *RESIDENT_LINK_COLUMNS,
    *(CONTACT_COLUMN_FOR_FIELD.get(name, name) for name in CONTACT_FIELDS),
]
CONTACT_REQUIRED = ["name", "relationship"]

# One row per resident's share in a moment: a group moment is several rows with one group id.
MOMENT_COLUMNS = [
    *RESIDENT_LINK_COLUMNS,
    "resident_date_of_birth",
    "date_time",
    "what_happened",
    "connection",
    "minutes",
    "with_type",
    "with_whom",
    "how_they_seemed",
    "note",
    "group",
    "idempotency_key",
]
MOMENT_REQUIRED = ["date_time", "what_happened"]

COLUMNS: dict[str, list[str]] = {
    Kind.RESIDENTS: RESIDENT_COLUMNS,
    Kind.CONTACTS: CONTACT_COLUMNS,
    Kind.MOMENTS: MOMENT_COLUMNS,
}
REQUIRED: dict[str, list[str]] = {
    Kind.RESIDENTS: RESIDENT_REQUIRED,
    Kind.CONTACTS: CONTACT_REQUIRED,
    Kind.MOMENTS: MOMENT_REQUIRED,
}
# Files that say which resident each row is about, by reference or by name.
LINKED_TO_RESIDENT = frozenset({Kind.CONTACTS, Kind.MOMENTS})
LIMITS: dict[str, Limits] = {
    Kind.RESIDENTS: PEOPLE,
    Kind.CONTACTS: PEOPLE,
    Kind.MOMENTS: Limits(
        max_bytes=20 * 1024 * 1024,
        max_rows=100_000,
        no_rows=_("The file has a header row but no moments in it."),
    ),
}


def column_for(kind: str, field_name: str) -> str:
    """The CSV column that carries a form field (they differ only for contact notes)."""
    if kind == Kind.CONTACTS:
        return CONTACT_COLUMN_FOR_FIELD.get(field_name, field_name)
    return field_name


def field_for(kind: str, column: str) -> str:
    if kind == Kind.CONTACTS:
        return {v: k for k, v in CONTACT_COLUMN_FOR_FIELD.items()}.get(column, column)
    return column


def to_cell(value: Any) -> str:
    """One exported cell: dates as YYYY-MM-DD, yes/no, lists split by semicolons, and a quote
    in front of anything a spreadsheet would run as a formula."""
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, list):
        text = "; ".join(str(item) for item in value)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text

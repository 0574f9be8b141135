"""Bringing people, and past moments of the connection log, in from a CSV file: a dry run that
lists every problem with its row and column, then an all-or-nothing import of exactly the bytes
that were checked."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commonroom.audit.services import Action, record_many
from commonroom.circle.models import Contact
from commonroom.homes.models import Home
from commonroom.residents.models import Resident

from ..columns import (
    COLUMNS,
    LIMITS,
    LINKED_TO_RESIDENT,
    REQUIRED,
    RESIDENT_LINK_COLUMNS,
    Kind,
    column_for,
    field_for,
)
from ..csvfile import Problem, Row, Table, name_key, read_csv
from ..forms import ContactRowForm, ResidentRowForm
from ..models import PendingImport
from ..moment_rows import PlannedMoment
from . import history
from .admitting import admit_all

BATCH = 500


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message says why in plain words."""


@dataclass
class Check:
    """The result of a dry run: what would be created, and everything in the way."""

    kind: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    residents: list[Resident] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    moments: list[PlannedMoment] = field(default_factory=list)
    skipped: int = 0
    skipped_rows: list[int] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and not self.problems

    @property
    def to_create(self) -> int:
        return len(self.residents) + len(self.contacts) + len(self.moments)


def open_table(kind: str, data: bytes) -> Table:
    """Read ``data`` and check that the columns the kind needs are there."""
    table = read_csv(data, LIMITS[kind])
    if table.error:
        return table
    missing = [name for name in REQUIRED[kind] if name not in table.columns]
    if kind in LINKED_TO_RESIDENT and not set(RESIDENT_LINK_COLUMNS) & set(table.columns):
        missing.insert(0, _("resident_reference or resident_name"))
    if missing:
        table.error = ngettext(
            "The file has no %(columns)s column. Check the first row names the columns.",
            "The file has no %(columns)s columns. Check the first row names the columns.",
            len(missing),
        ) % {"columns": ", ".join(missing)}
    return table


def check_file(home: Home, kind: str, data: bytes) -> Check:
    """The dry run: read and validate every row as the forms would. Writes nothing."""
    table = open_table(kind, data)
    if table.error:
        return Check(kind=kind, error=table.error)
    check = Check(kind=kind, rows=len(table.rows), warnings=_column_warnings(kind, table))
    if kind == Kind.RESIDENTS:
        _check_residents(home, table, check)
    elif kind == Kind.CONTACTS:
        _check_contacts(home, table, check)
    else:
        _check_moments(home, table, check)
    return check


def stage(home: Home, kind: str, data: bytes, filename: str, *, actor: Any) -> PendingImport:
    """Keep an uploaded file for its dry run and import. Raises ``UnreadableFile``."""
    table = open_table(kind, data)
    if table.error:
        raise UnreadableFile(table.error)
    now = timezone.now()
    PendingImport.objects.filter(home=home, expires_at__lte=now).delete()
    PendingImport.objects.filter(home=home, uploaded_by=actor).delete()
    pending = PendingImport(
        home=home,
        organisation_id=home.organisation_id,
        kind=kind,
        filename=filename[:255],
        content=data,
        sha256=PendingImport.digest(data),
        uploaded_by=actor,
        expires_at=now + PendingImport.KEEP_FOR,
    )
    pending.save()
    return pending


def check_pending(pending: PendingImport) -> Check:
    if not pending.is_intact:
        return Check(kind=pending.kind, error=_changed_message())
    return check_file(pending.home, pending.kind, pending.data)


def confirm(pending: PendingImport, *, actor: Any) -> Check:
    """Check the kept file again and import all of it, or nothing if anything is wrong."""
    home = pending.home
    with transaction.atomic():
        locked = PendingImport.objects.select_for_update().filter(pk=pending.pk).first()
        if locked is None:
            return Check(kind=pending.kind, error=_("This file has already been imported."))
        check = check_pending(locked)
        if not check.ok:
            return check
        if check.kind == Kind.RESIDENTS:
            admit_all(home, check.residents, actor=actor)
        elif check.kind == Kind.CONTACTS:
            _add_contacts(home, check.contacts, actor=actor)
        elif not _add_moments(home, check, actor=actor):
            return check
        locked.delete()
    return check


def _changed_message() -> str:
    return _("The file changed after it was checked. Upload it again.")


def _column_warnings(kind: str, table: Table) -> list[Problem]:
    known = COLUMNS[kind]
    warnings = [
        Problem(1, name, name, _("We do not know this column, so it will be ignored."))
        for name in table.columns
        if name not in known
    ]
    if table.unnamed_with_data:
        warnings.append(
            Problem(
                1, "", "", _("Some cells are under a column with no name. They will be ignored.")
            )
        )
    return warnings


def _form_data(kind: str, row: Row) -> dict[str, str]:
    return {field_for(kind, name): row.values.get(name, "") for name in COLUMNS[kind]}


def _form_problems(kind: str, row: Row, form: forms.BaseForm) -> list[Problem]:
    problems: list[Problem] = []
    for name, messages in form.errors.items():
        column = "" if name == NON_FIELD_ERRORS else column_for(kind, name)
        value = row.values.get(column, "")
        problems.extend(Problem(row.number, column, value, str(m)) for m in messages)
    return problems


def _extra_cells_problem(row: Row) -> list[Problem]:
    if not row.extra:
        return []
    message = _(
        "This row has more cells than the header has columns. Put text that contains the "
        "delimiter inside double quotes."
    )
    return [Problem(row.number, "", ", ".join(row.extra)[:200], message)]


def _check_residents(home: Home, table: Table, check: Check) -> None:
    known = Resident.objects.filter(home=home).values_list("code", "full_name", "date_of_birth")
    codes = set()
    existing = set()
    for code, full_name, born in known:
        codes.add(str(code))
        existing.add((name_key(full_name), born))
    seen: dict[tuple[str, Any], int] = {}
    references: dict[str, int] = {}
    for row in table.rows:
        form = ResidentRowForm(
            _form_data(Kind.RESIDENTS, row),
            instance=Resident(home=home, organisation_id=home.organisation_id),
        )
        problems = _form_problems(Kind.RESIDENTS, row, form) + _extra_cells_problem(row)
        problems += _repeated_reference(row, references)
        if problems:
            check.problems += problems
            continue
        resident = form.instance
        key = (name_key(resident.full_name), resident.date_of_birth)
        if key in seen:
            check.problems.append(_repeat_problem(row, "full_name", resident.full_name, seen[key]))
        elif key in existing or row.values.get("reference", "").casefold() in codes:
            check.skipped += 1
            check.warnings.append(_already_here(row, "full_name", resident.full_name))
        else:
            check.residents.append(resident)
        seen.setdefault(key, row.number)


def _repeated_reference(row: Row, references: dict[str, int]) -> list[Problem]:
    reference = row.values.get("reference", "")
    if not reference:
        return []
    first = references.setdefault(reference.casefold(), row.number)
    if first == row.number:
        return []
    message = _("Row %(row)s has the same reference.") % {"row": first}
    return [Problem(row.number, "reference", reference, message)]


def _repeat_problem(row: Row, column: str, value: str, first: int) -> Problem:
    if column == "full_name":
        message = _("Row %(row)s has the same full name and date of birth.")
    else:
        message = _("Row %(row)s has the same contact for the same person.")
    return Problem(row.number, column, value, message % {"row": first})


def _already_here(row: Row, column: str, value: str) -> Problem:
    return Problem(
        row.number, column, value, _("Already in Common Room, so this row will be skipped.")
    )


class _People:
    """The home's residents, found by Common Room reference or by full name."""

    def __init__(self, residents: Iterable[Resident]) -> None:
        self.by_code: dict[str, Resident] = {}
        self.by_name: dict[str, list[Resident]] = defaultdict(list)
        for resident in residents:
            self.by_code[str(resident.code)] = resident
            self.by_name[name_key(resident.full_name)].append(resident)

    def find(self, row: Row) -> tuple[Resident | None, list[Problem]]:
        reference = row.values.get("resident_reference", "")
        name = row.values.get("resident_name", "")
        if reference.casefold() in self.by_code:
            return self.by_code[reference.casefold()], []
        if name:
            return self._by_name(row, name)
        if reference:
            message = _(
                "No one here has this reference. Use the reference from the residents "
                "export, or give the resident's full name in resident_name."
            )
            return None, [Problem(row.number, "resident_reference", reference, message)]
        message = _("Give resident_reference or resident_name, so we know whose contact this is.")
        return None, [Problem(row.number, "resident_name", "", message)]

    def _by_name(self, row: Row, name: str) -> tuple[Resident | None, list[Problem]]:
        matches = self.by_name.get(name_key(name), [])
        if len(matches) == 1:
            return matches[0], []
        if matches:
            message = _(
                "More than one person here has this full name. Use resident_reference "
                "instead (it is in the residents export)."
            )
        else:
            message = _("No one here has this full name. Check it against Common Room.")
        return None, [Problem(row.number, "resident_name", name, message)]


def _check_contacts(home: Home, table: Table, check: Check) -> None:
    people = _People(Resident.objects.filter(home=home).only("id", "code", "full_name"))
    existing = {
        (resident_id, name_key(name))
        for resident_id, name in Contact.objects.filter(home=home).values_list(
            "resident_id", "name"
        )
    }
    seen: dict[tuple[int, str], int] = {}
    for row in table.rows:
        resident, problems = people.find(row)
        contact = Contact(home=home, organisation_id=home.organisation_id, resident=resident)
        form = ContactRowForm(_form_data(Kind.CONTACTS, row), instance=contact)
        problems += _form_problems(Kind.CONTACTS, row, form) + _extra_cells_problem(row)
        if problems or resident is None:
            check.problems += problems
            continue
        key = (resident.pk, name_key(contact.name))
        if key in seen:
            check.problems.append(_repeat_problem(row, "name", contact.name, seen[key]))
        elif key in existing:
            check.skipped += 1
            check.warnings.append(_already_here(row, "name", contact.name))
        else:
            check.contacts.append(contact)
        seen.setdefault(key, row.number)


def _check_moments(home: Home, table: Table, check: Check) -> None:
    reading = history.read_table(home, table)
    check.moments = reading.moments
    check.skipped_rows = reading.skipped_rows
    check.skipped = len(reading.skipped_rows)
    for row in table.rows:
        check.problems += _extra_cells_problem(row)
    check.problems += reading.problems
    check.problems.sort(key=lambda problem: problem.row)


def _add_moments(home: Home, check: Check, *, actor: Any) -> bool:
    """Write the checked moments; False (with the reason on ``check``) when someone recorded one
    of them, under the same key, after the check."""
    try:
        with transaction.atomic():
            history.write(home, check.moments, actor=actor)
    except IntegrityError:
        check.error = _(
            "Some of these moments were recorded while you were importing. Check the file again."
        )
        return False
    return True


def _add_contacts(home: Home, contacts: list[Contact], *, actor: Any) -> None:
    Contact.objects.bulk_create(contacts, batch_size=BATCH)
    record_many(
        actor,
        Action.IMPORT,
        ((c, c.resident.code, _imported_fields(c, ContactRowForm)) for c in contacts),
        home=home,
    )


def _imported_fields(obj: Any, form_class: type[forms.ModelForm]) -> list[str]:
    """The fields that carry a value (names only: the trail never copies the data)."""
    return [name for name in form_class._meta.fields or () if getattr(obj, name) not in ("", None)]

"""Reading past moments of the connection log from CSV rows. No queries here: the service hands
in the home's people as plain values and gets back the moments to write, or every problem with
its row and column.

Each row is one resident's share in a moment. Rows with the same ``group``, time and kind are
one group moment, so they must agree on everything but the resident and how they seemed."""

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commonroom.connections.models.moments import Kind, WithType
from commonroom.connections.services.moments import (
    CLOCK_SKEW,
    EARLIEST,
    MAX_GROUP,
    TOO_EARLY,
    domain_for,
)
from commonroom.homes.roles import STAFF_ROLES, Role

from .csvfile import Problem, Row, name_key
from .matching import Directory, Person, Vocabulary, parse_date, parse_date_time

MAX_KEY = 80
MAX_NAME = 200
MAX_NOTE = 500
MAX_MINUTES = 24 * 60
DERIVED_PREFIX = "csv:"
# The columns a group's rows must agree on, with the part of a line each one fills.
GROUP_COLUMNS = {
    "connection": "domain",
    "minutes": "minutes",
    "with_type": "with_type",
    "with_whom": "with_key",
    "note": "note",
    "idempotency_key": "key",
}


@dataclass
class Line:
    """One row, read: a resident's share in a moment."""

    row: int
    resident: Person
    resident_column: str
    """The column that named the resident, for problems about them."""
    when: dt.datetime
    kind: str
    domain: str
    minutes: int | None
    with_type: str
    with_whom: str
    engagement: int | None
    note: str
    group: str
    key: str
    with_resident_id: int | None = None
    with_member_id: int | None = None

    @property
    def with_key(self) -> str:
        return name_key(self.with_whom)


@dataclass
class PlannedMoment:
    """A moment ready to write, and the rows it came from."""

    rows: list[int]
    occurred_at: dt.datetime
    kind: str
    domain: str
    minutes: int | None
    with_type: str
    note: str
    key: str
    shares: list[tuple[Person, int | None]]
    with_contact_id: int | None = None
    with_resident_id: int | None = None
    with_member_id: int | None = None
    with_name: str = ""
    derived_key: bool = False


@dataclass
class Reading:
    moments: list[PlannedMoment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    """Rows whose moment is already in Common Room."""

    def skip(self, keys: set[str]) -> None:
        """Leave out the moments whose key is among ``keys`` (already stored)."""
        kept = []
        for moment in self.moments:
            if moment.key in keys:
                self.skipped_rows += moment.rows
            else:
                kept.append(moment)
        self.moments = kept
        self.skipped_rows.sort()


@dataclass
class Reader:
    """Reads a file's rows against one home's people, at one moment in time."""

    directory: Directory
    words: Vocabulary
    now: dt.datetime
    zone: dt.tzinfo
    stored: set[str] = field(default_factory=set)
    """Keys the home already holds: rows carrying one are skipped unread."""

    def read(self, rows: Iterable[Row]) -> Reading:
        reading = Reading()
        lines = []
        for row in rows:
            if row.values.get("idempotency_key", "") in self.stored:
                reading.skipped_rows.append(row.number)
                continue
            line, problems = self.line(row)
            reading.problems += problems
            if line is not None:
                lines.append(line)
        for group in _groups(lines):
            moment, problems = self.plan(group)
            reading.problems += problems
            if moment is not None:
                reading.moments.append(moment)
        reading.problems += _repeated_keys(reading.moments)
        return reading

    def line(self, row: Row) -> tuple[Line | None, list[Problem]]:
        """One row read and checked on its own: its line, or every problem in it."""
        cells = _Cells(row)
        resident = self._resident(cells)
        when = self._when(cells)
        kind = cells.choice("what_happened", self.words.kinds, required=_WHAT)
        domain = cells.choice("connection", self.words.domains)
        minutes = _minutes(cells)
        with_type = cells.choice("with_type", self.words.with_types)
        engagement = cells.choice("how_they_seemed", self.words.engagement, message=_SEEMED)
        note = cells.text("note", MAX_NOTE)
        key = cells.text("idempotency_key", MAX_KEY)
        with_ids = self._with(cells, with_type)
        if cells.problems or resident is None or when is None or kind is None:
            return None, cells.problems
        line = Line(
            row=row.number,
            resident=resident,
            resident_column=_resident_column(cells, resident),
            when=when,
            kind=kind,
            domain=domain or domain_for(with_type or "", kind),
            minutes=minutes,
            with_type=with_type or "",
            with_whom=cells.get("with_whom"),
            engagement=engagement,
            note=note,
            group=cells.get("group"),
            key=key,
        )
        line.with_resident_id, line.with_member_id = with_ids
        return line, []

    def _resident(self, cells: "_Cells") -> Person | None:
        reference, name = cells.get("resident_reference"), cells.get("resident_name")
        person = self.directory.by_code.get(reference.casefold()) if reference else None
        if person is not None:
            return person
        if not name:
            if reference:
                cells.problem("resident_reference", _NO_REFERENCE)
            else:
                cells.problem("resident_name", _WHOSE)
            return None
        return self._resident_by_name(cells, name)

    def _resident_by_name(self, cells: "_Cells", name: str) -> Person | None:
        matches = self.directory.by_name.get(name_key(name), [])
        born_text = cells.get("resident_date_of_birth")
        if born_text:
            born = parse_date(born_text)
            if born is None:
                cells.problem("resident_date_of_birth", _BAD_DATE)
                return None
            matches = [person for person in matches if person.born == born]
            if not matches:
                cells.problem("resident_name", _NO_NAME_AND_BIRTH)
                return None
        if len(matches) == 1:
            return matches[0]
        cells.problem("resident_name", _SHARED_NAME if matches else _NO_NAME)
        return None

    def _when(self, cells: "_Cells") -> dt.datetime | None:
        text = cells.get("date_time")
        if not text:
            cells.problem("date_time", _WHEN)
            return None
        when = parse_date_time(text, self.zone)
        if when is None:
            cells.problem("date_time", _BAD_DATE_TIME)
        elif when > self.now + CLOCK_SKEW:
            cells.problem("date_time", _FUTURE)
            return None
        elif when < EARLIEST:
            cells.problem("date_time", TOO_EARLY)
            return None
        return when

    def _with(self, cells: "_Cells", kind: str | None) -> tuple[int | None, int | None]:
        """Check with_whom against with_type: the fellow resident's or member's id it names."""
        text = cells.get("with_whom")
        if kind is None and cells.get("with_type"):
            return None, None
        if not kind:
            if text:
                cells.problem("with_whom", _NO_WITH_TYPE)
            return None, None
        if not text:
            cells.problem("with_whom", _WITH_NEEDED[kind])
        elif len(text) > MAX_NAME:
            cells.problem("with_whom", _too_long(MAX_NAME))
        elif kind == WithType.RESIDENT:
            other, message = self.directory.resident(text)
            if message:
                cells.problem("with_whom", message)
            return (other.id if other else None), None
        elif kind in (WithType.STAFF, WithType.VOLUNTEER):
            return None, self._member(cells, kind, text)
        return None, None

    def _member(self, cells: "_Cells", kind: str, text: str) -> int | None:
        if kind == WithType.VOLUNTEER:
            # A volunteer may be a member of the home (found by email) or just a name.
            if "@" not in text:
                return None
            member = self.directory.member(text, roles={Role.VOLUNTEER})
            if member is None:
                cells.problem("with_whom", _NOT_VOLUNTEER)
            return member.id if member else None
        member = self.directory.member(text, roles=STAFF_ROLES)
        if member is None:
            cells.problem("with_whom", _NOT_STAFF)
        return member.id if member else None

    def plan(self, lines: list[Line]) -> tuple[PlannedMoment | None, list[Problem]]:
        """The moment a group of lines (or one line on its own) makes, or why it cannot."""
        first = lines[0]
        problems = _disagreements(lines) + _repeated_residents(lines)
        if len(lines) > MAX_GROUP:
            message = _("A group moment can include at most %(count)s residents.")
            problems.append(
                Problem(first.row, "group", first.group, message % {"count": MAX_GROUP})
            )
        contact_id, problem = self._contact(lines)
        if problem:
            problems.append(problem)
        if problems:
            return None, problems
        moment = PlannedMoment(
            rows=[line.row for line in lines],
            occurred_at=first.when,
            kind=first.kind,
            domain=first.domain,
            minutes=first.minutes,
            with_type=first.with_type,
            note=first.note,
            key=first.key,
            shares=[(line.resident, line.engagement) for line in lines],
            with_contact_id=contact_id,
            with_resident_id=first.with_resident_id,
            with_member_id=first.with_member_id,
            with_name=_with_name(first),
        )
        if not moment.key:
            moment.key, moment.derived_key = derived_key(moment), True
        return moment, []

    def _contact(self, lines: list[Line]) -> tuple[int | None, Problem | None]:
        """The one person from the circle of the moment's residents that it was with."""
        first = lines[0]
        if first.with_type != WithType.CONTACT:
            return None, None
        found = self.directory.contacts_named([line.resident.id for line in lines], first.with_whom)
        if len(found) == 1:
            return found.pop(), None
        if found:
            message = _(
                "More than one person in the circle has this name, so we cannot tell who is "
                "meant. Give them different names in Common Room first."
            )
        elif len(lines) == 1:
            message = _(
                "No one in this resident's circle has this name. Check it against Common Room."
            )
        else:
            message = _(
                "No one in the circle of any resident in this group has this name. Check it "
                "against Common Room."
            )
        return None, Problem(first.row, "with_whom", first.with_whom, message)


class _Cells:
    """One row's cells, with the problems found in them."""

    def __init__(self, row: Row) -> None:
        self.row = row
        self.problems: list[Problem] = []

    def get(self, column: str) -> str:
        return self.row.values.get(column, "")

    def problem(self, column: str, message: str | Promise) -> None:
        self.problems.append(Problem(self.row.number, column, self.get(column), str(message)))

    def text(self, column: str, limit: int) -> str:
        value = self.get(column)
        if len(value) > limit:
            self.problem(column, _too_long(limit))
        return value

    def choice(
        self,
        column: str,
        names: dict[str, Any],
        *,
        required: str | Promise = "",
        message: str | Promise = "",
    ) -> Any:
        value = self.get(column)
        if not value:
            if required:
                self.problem(column, required)
            return None
        found = names.get(name_key(value))
        if found is None:
            self.problem(column, message or _unknown_choice(value, names))
        return found


def _resident_column(cells: _Cells, resident: Person) -> str:
    reference = cells.get("resident_reference").casefold()
    return "resident_reference" if reference == str(resident.code) else "resident_name"


def _unknown_choice(value: str, names: dict[str, Any]) -> str:
    values = ", ".join(dict.fromkeys(str(stored) for stored in names.values() if stored != ""))
    return _("“%(value)s” is not one of the choices. Use one of: %(choices)s.") % {
        "value": value,
        "choices": values,
    }


def _too_long(limit: int) -> str:
    return _("Keep this to %(count)s characters or fewer.") % {"count": limit}


def _minutes(cells: _Cells) -> int | None:
    text = cells.get("minutes")
    if not text:
        return None
    if text.isdigit() and 0 < int(text) <= MAX_MINUTES:
        return int(text)
    cells.problem("minutes", _("Give a length in whole minutes, from 1 to 1440 (24 hours)."))
    return None


def _groups(lines: list[Line]) -> list[list[Line]]:
    """Lines in file order, those with the same group id, time and kind together."""
    groups: dict[Any, list[Line]] = {}
    for line in lines:
        key = (line.group, line.when, line.kind) if line.group else line.row
        groups.setdefault(key, []).append(line)
    return list(groups.values())


def _disagreements(lines: list[Line]) -> list[Problem]:
    first = lines[0]
    message = _(
        "Row %(row)s, in the same group, says something different. The rows of one group "
        "moment differ only in the resident and how they seemed."
    ) % {"row": first.row}
    return [
        Problem(line.row, column, _cell(line, column), message)
        for line in lines[1:]
        for column, part in GROUP_COLUMNS.items()
        if getattr(line, part) != getattr(first, part)
    ]


def _cell(line: Line, column: str) -> str:
    value = line.with_whom if column == "with_whom" else getattr(line, GROUP_COLUMNS[column])
    return "" if value is None else str(value)


def _repeated_residents(lines: list[Line]) -> list[Problem]:
    seen: dict[int, int] = {}
    problems = []
    for line in lines:
        first = seen.setdefault(line.resident.id, line.row)
        if first != line.row:
            message = _("This resident is already in this group moment, in row %(row)s.")
            problems.append(
                Problem(
                    line.row,
                    line.resident_column,
                    # What that cell says: the reference, or the name.
                    str(line.resident.code)
                    if line.resident_column == "resident_reference"
                    else line.resident.full_name,
                    message % {"row": first},
                )
            )
    return problems


def _repeated_keys(moments: list[PlannedMoment]) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for moment in moments:
        first = seen.setdefault(moment.key, moment.rows[0])
        if first == moment.rows[0]:
            continue
        if moment.derived_key:
            message = _(
                "Row %(row)s records the same moment: the same resident, time, what happened "
                "and with whom. Remove one of them."
            )
            problems.append(Problem(moment.rows[0], "", "", message % {"row": first}))
        else:
            message = _(
                "Row %(row)s has the same idempotency key. Rows share a key only when they "
                "are one group moment."
            )
            problems.append(
                Problem(moment.rows[0], "idempotency_key", moment.key, message % {"row": first})
            )
    return problems


def _with_name(line: Line) -> str:
    if line.with_type == WithType.GROUP:
        return line.with_whom
    if line.with_type == WithType.VOLUNTEER and line.with_member_id is None:
        return line.with_whom
    return ""


def derived_key(moment: PlannedMoment) -> str:
    """A key for a moment the file gave none, made from what makes it that moment (who, when,
    what and with whom), so importing the same file twice still records it once."""
    parts = [
        moment.occurred_at.astimezone(dt.UTC).isoformat(),
        moment.kind,
        moment.with_type,
        str(moment.with_contact_id or moment.with_resident_id or moment.with_member_id or ""),
        name_key(moment.with_name),
        *sorted(str(person.code) for person, _engagement in moment.shares),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return DERIVED_PREFIX + digest[: MAX_KEY - len(DERIVED_PREFIX)]


def row_ranges(rows: Sequence[int]) -> str:
    """``[2, 3, 4, 7]`` as ``2-4, 7``: thousands of skipped rows in a line a person can read."""
    spans: list[list[int]] = []
    for number in sorted(rows):
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


@dataclass
class Summary:
    moments: int
    shares: int
    residents: int
    first_day: dt.date | None
    last_day: dt.date | None
    by_kind: list[tuple[str, int, int]]
    """What happened (its label), with how many moments and residents' shares."""


def summarise(moments: Sequence[PlannedMoment]) -> Summary:
    """What an import will add, in the few numbers a manager checks before saying yes."""
    labels = dict(Kind.choices)
    counts: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for moment in moments:
        many, shares = counts[moment.kind]
        counts[moment.kind] = (many + 1, shares + len(moment.shares))
    days = [timezone.localdate(moment.occurred_at) for moment in moments]
    return Summary(
        moments=len(moments),
        shares=sum(len(moment.shares) for moment in moments),
        residents=len({person.id for moment in moments for person, _e in moment.shares}),
        first_day=min(days, default=None),
        last_day=max(days, default=None),
        by_kind=[(str(labels[kind]), *counts[kind]) for kind in Kind.values if kind in counts],
    )


# Lazy, so that each is translated into the reader's language when a row is checked.
_WHAT = gettext_lazy("Say what happened.")
_WHEN = gettext_lazy("Give the date and time it happened.")
_FUTURE = gettext_lazy("This is in the future. Give when it happened.")
_BAD_DATE = gettext_lazy("Enter a date as YYYY-MM-DD or DD/MM/YYYY, for example 2024-03-31.")
_BAD_DATE_TIME = gettext_lazy(
    "Enter a date and time as YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM, for example 2024-03-31 14:30."
)
_SEEMED = gettext_lazy(
    "Give how they seemed as a number from 0 (declined) to 4 (really enjoyed it), or in words "
    "from the list."
)
_NO_REFERENCE = gettext_lazy(
    "No one here has this reference. Use the reference from the residents export, or give "
    "the resident's full name in resident_name."
)
_WHOSE = gettext_lazy("Give resident_reference or resident_name, so we know whose moment this is.")
_NO_NAME = gettext_lazy("No one here has this full name. Check it against Common Room.")
_NO_NAME_AND_BIRTH = gettext_lazy(
    "No one here has this full name and date of birth. Check them against Common Room."
)
_SHARED_NAME = gettext_lazy(
    "More than one person here has this full name. Add resident_date_of_birth, or use "
    "resident_reference instead (it is in the residents export)."
)
_NO_WITH_TYPE = gettext_lazy(
    "Say who this is in with_type (contact, resident, staff, volunteer or group), or leave "
    "with_whom empty."
)
_NOT_STAFF = gettext_lazy("No member of staff here has this email address.")
_NOT_VOLUNTEER = gettext_lazy("No volunteer here has this email address.")
_WITH_NEEDED: dict[str, Promise] = {
    WithType.CONTACT: gettext_lazy("Give the name of the person from the resident's circle."),
    WithType.RESIDENT: gettext_lazy("Give the full name of the fellow resident."),
    WithType.STAFF: gettext_lazy("Give the email address of the member of staff."),
    WithType.VOLUNTEER: gettext_lazy("Give the volunteer's name or email address."),
    WithType.GROUP: gettext_lazy("Give the name of the community group."),
}

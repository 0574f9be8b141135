"""Finding a home's residents, the people in their circles and its members by the names a
spreadsheet uses, and reading its dates and choices. No queries: the service hands the people in
as plain values."""

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commonroom.connections.models.moments import Domain, Engagement, Kind, WithType

from .csvfile import DATE_FORMATS, name_key

UK_DATE_TIMES = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"]
# Labels are accepted in both of the product's languages, whatever the reader's language is.
LABEL_LANGUAGES = ("en", "cy")


@dataclass(frozen=True)
class Person:
    id: int
    code: uuid.UUID
    full_name: str
    born: dt.date | None


@dataclass(frozen=True)
class Member:
    id: int
    email: str
    role: str
    active: bool


class Directory:
    """The home's residents, the people in their circles, and its members, found by the names
    and addresses a spreadsheet uses."""

    def __init__(
        self,
        residents: Iterable[Person],
        contacts: Iterable[tuple[int, int, str]],
        members: Iterable[Member],
    ) -> None:
        self.by_code: dict[str, Person] = {}
        self.by_name: dict[str, list[Person]] = defaultdict(list)
        for person in residents:
            self.by_code[str(person.code)] = person
            self.by_name[name_key(person.full_name)].append(person)
        self.contacts: dict[tuple[int, str], list[int]] = defaultdict(list)
        for contact_id, resident_id, name in contacts:
            self.contacts[(resident_id, name_key(name))].append(contact_id)
        self.members: dict[str, list[Member]] = defaultdict(list)
        # Active memberships first, so a person who came back is found by their current one.
        for member in sorted(members, key=lambda m: not m.active):
            self.members[member.email.casefold()].append(member)

    def resident(self, text: str) -> tuple[Person | None, str]:
        """A resident by reference or full name, or why none could be chosen."""
        person = self.by_code.get(text.casefold())
        if person is not None:
            return person, ""
        matches = self.by_name.get(name_key(text), [])
        if len(matches) == 1:
            return matches[0], ""
        if matches:
            return None, _(
                "More than one person here has this full name. Use their reference instead "
                "(it is in the residents export)."
            )
        return None, _("No one here has this full name. Check it against Common Room.")

    def contacts_named(self, resident_ids: Iterable[int], name: str) -> set[int]:
        key = name_key(name)
        return {c for rid in resident_ids for c in self.contacts.get((rid, key), [])}

    def member(self, email: str, *, roles: Iterable[str]) -> Member | None:
        """The member with this email address in one of ``roles``, the current one first."""
        found = self.members.get(email.strip().casefold(), [])
        return next((m for m in found if m.role in roles), None)


@dataclass(frozen=True)
class Vocabulary:
    """The names a spreadsheet may use for each choice: the stored value, or its label in
    English or Welsh, in any letter case."""

    kinds: dict[str, str]
    domains: dict[str, str]
    with_types: dict[str, str]
    engagement: dict[str, int]


def vocabulary() -> Vocabulary:
    return Vocabulary(
        kinds=_names(Kind.choices),
        domains=_names(Domain.choices),
        with_types=_names(WithType.choices),
        engagement=_names(Engagement.choices),
    )


def _names(choices: Sequence[tuple[Any, Any]]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for language in (*LABEL_LANGUAGES, translation.get_language() or "en"):
        with translation.override(language):
            for stored, label in choices:
                table.setdefault(name_key(str(label)), stored)
    table.update((name_key(str(stored)), stored) for stored, _label in choices)
    return table


def parse_date(text: str) -> dt.date | None:
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_date_time(text: str, zone: dt.tzinfo) -> dt.datetime | None:
    """ISO 8601 (``2024-03-31 14:30``, with ``T``, seconds or an offset) or the UK's
    ``31/03/2024 14:30``. A time without an offset is the home's local time."""
    when = _iso(text) or _uk(text)
    if when is None or when.tzinfo is not None:
        return when
    return timezone.make_aware(when, zone)


def _iso(text: str) -> dt.datetime | None:
    # A date alone is not enough: fromisoformat would read it as midnight.
    if len(text) <= len("2024-03-31"):
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def _uk(text: str) -> dt.datetime | None:
    for pattern in UK_DATE_TIMES:
        try:
            return dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def normal_code(key: str) -> uuid.UUID | None:
    """The moment code a key holds, when it is one (exports write the code of a moment that was
    recorded without a key)."""
    try:
        return uuid.UUID(key)
    except ValueError:
        return None

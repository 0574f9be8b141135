"""Peers, buddies, seating and volunteers: who might enjoy each other's company, and why.

Plain data in, suggestions with their reasons out. No Django here, so the rules are tested on
small hand-built homes, and a tension between two people is a hard rule everywhere: they are
never introduced, never made buddies and never seated at the same table."""

import itertools
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass


class Kind:
    """What a reason is about; pages turn each kind into words."""

    INTEREST = "interest"
    LANGUAGE = "language"
    ERA = "era"
    FAITH = "faith"
    CULTURE = "culture"
    PLACE = "place"
    WORK = "work"
    FRIENDS = "friends"
    QUIET = "quiet"
    NEWCOMER = "newcomer"


# How much each kind of common ground counts. A shared language other than English matters most:
# it may be the only language in which someone can chat freely.
WEIGHTS: Mapping[str, int] = {
    Kind.INTEREST: 3,
    Kind.LANGUAGE: 4,
    Kind.FAITH: 2,
    Kind.CULTURE: 2,
    Kind.PLACE: 2,
    Kind.WORK: 2,
    Kind.ERA: 1,
    Kind.NEWCOMER: 1,
}
FRIENDS_WEIGHT = 8
QUIET_WEIGHT = 20
"""A person with hearing needs at a quieter table outweighs any pairing."""

# Nearly everyone speaks English and many people record no faith: neither is common ground.
COMMON_LANGUAGES = frozenset({"english"})
NO_FAITH = frozenset({"none", "no religion", "not religious", "no faith", "prefer not to say"})

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS = ("morning", "afternoon", "evening")
SLOTS = tuple(f"{day}_{part}" for day in DAYS for part in PARTS)
"""A volunteer's availability: weekday and part of day, such as "thu_afternoon"."""


@dataclass(frozen=True)
class Reason:
    """One thing people share (``detail`` says what), as data."""

    kind: str
    detail: str = ""


@dataclass(frozen=True)
class Person:
    """A resident, as much as matching needs to know."""

    id: int
    name: str
    interests: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    faith: str = ""
    culture: str = ""
    era: int | None = None
    """The decade they were born in, such as 1940."""
    places: frozenset[str] = frozenset()
    work: frozenset[str] = frozenset()
    hearing: bool = False
    sight: bool = False
    newcomer: bool = False


@dataclass(frozen=True)
class Volunteer:
    id: int
    name: str
    languages: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Introduction:
    """Two residents who might get on, best first by ``score``. For a buddy, ``first`` is the
    newcomer and ``second`` the settled resident."""

    first: Person
    second: Person
    score: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class VolunteerMatch:
    volunteer: Volunteer
    resident: Person
    score: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class TableReason:
    """Why these people (one or two) sit at this table."""

    people: tuple[Person, ...]
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Table:
    number: int
    quiet: bool
    people: tuple[Person, ...]
    reasons: tuple[TableReason, ...]


Pair = frozenset[int]


def pair(one: int, other: int) -> Pair:
    return frozenset((one, other))


def _shared(mine: Iterable[str], theirs: Iterable[str], skip: Collection[str] = ()) -> list[str]:
    """What both have, compared without case, in the first person's words."""
    their_keys = {item.strip().casefold() for item in theirs}
    found = {
        item.strip().casefold(): item.strip()
        for item in mine
        if item.strip() and item.strip().casefold() in their_keys
    }
    return [found[key] for key in sorted(found) if key not in skip]


def _same(mine: str, theirs: str, skip: Collection[str] = ()) -> bool:
    key = mine.strip().casefold()
    return bool(key) and key == theirs.strip().casefold() and key not in skip


def common_ground(one: Person, other: Person) -> tuple[Reason, ...]:
    """Everything two residents share: interests, languages (other than English), faith,
    culture, places lived, work, and the decade they were born in."""
    reasons = [Reason(Kind.INTEREST, item) for item in _shared(one.interests, other.interests)]
    reasons += [
        Reason(Kind.LANGUAGE, item)
        for item in _shared(one.languages, other.languages, COMMON_LANGUAGES)
    ]
    if _same(one.faith, other.faith, NO_FAITH):
        reasons.append(Reason(Kind.FAITH, one.faith.strip()))
    if _same(one.culture, other.culture):
        reasons.append(Reason(Kind.CULTURE, one.culture.strip()))
    reasons += [Reason(Kind.PLACE, item) for item in _shared(one.places, other.places)]
    reasons += [Reason(Kind.WORK, item) for item in _shared(one.work, other.work)]
    if one.era is not None and one.era == other.era:
        reasons.append(Reason(Kind.ERA, str(one.era)))
    return tuple(reasons)


def score(reasons: Iterable[Reason]) -> int:
    return sum(WEIGHTS.get(reason.kind, 0) for reason in reasons)


def introductions(
    people: Sequence[Person],
    friends: Collection[Pair],
    tensions: Collection[Pair],
    limit: int = 20,
    per_person: int = 2,
) -> list[Introduction]:
    """Pairs of residents with things in common who are not yet friends (or buddies), never
    across a tension; best first, each person in at most ``per_person`` suggestions so that a
    few sociable people do not fill the list."""
    candidates = []
    for one, other in itertools.combinations(sorted(people, key=lambda p: p.id), 2):
        key = pair(one.id, other.id)
        if key in friends or key in tensions:
            continue
        reasons = common_ground(one, other)
        if reasons:
            candidates.append(Introduction(one, other, score(reasons), reasons))
    candidates.sort(key=lambda i: (-i.score, i.first.name, i.second.name, i.first.id, i.second.id))
    chosen: list[Introduction] = []
    count: dict[int, int] = {}
    for candidate in candidates:
        ids = (candidate.first.id, candidate.second.id)
        if len(chosen) >= limit:
            break
        if all(count.get(person, 0) < per_person for person in ids):
            chosen.append(candidate)
            for person in ids:
                count[person] = count.get(person, 0) + 1
    return chosen


def buddy_for(
    newcomer: Person,
    people: Sequence[Person],
    tensions: Collection[Pair],
    taken: Collection[int] = (),
) -> Introduction | None:
    """The settled resident with most in common with ``newcomer``: not a newcomer themselves,
    not in tension with them, and not already buddy to another newcomer (``taken``). None when
    nobody has anything in common yet (record more about the person first)."""
    best: Introduction | None = None
    for person in sorted(people, key=lambda p: (p.name, p.id)):
        if person.id == newcomer.id or person.newcomer or person.id in taken:
            continue
        if pair(person.id, newcomer.id) in tensions:
            continue
        reasons = common_ground(newcomer, person)
        if reasons and (best is None or score(reasons) > best.score):
            best = Introduction(newcomer, person, score(reasons), reasons)
    return best


def buddies(
    newcomers: Sequence[Person],
    people: Sequence[Person],
    tensions: Collection[Pair],
    taken: Collection[int] = (),
) -> dict[int, Introduction | None]:
    """A buddy for each newcomer (earliest id first), no settled resident proposed twice."""
    busy = set(taken)
    proposed: dict[int, Introduction | None] = {}
    for newcomer in sorted(newcomers, key=lambda p: p.id):
        found = buddy_for(newcomer, people, tensions, busy)
        proposed[newcomer.id] = found
        if found is not None:
            busy.add(found.second.id)
    return proposed


def volunteer_matches(
    volunteers: Sequence[Volunteer], people: Sequence[Person], per_volunteer: int = 5
) -> dict[int, list[VolunteerMatch]]:
    """For each volunteer who can come at some time, the residents who share a language (other
    than English) or interests with them, best first. Newcomers count a little extra: a friendly
    visitor helps someone settle."""
    matches: dict[int, list[VolunteerMatch]] = {}
    for volunteer in sorted(volunteers, key=lambda v: v.id):
        found = []
        if volunteer.availability:
            for person in people:
                reasons = _volunteer_reasons(volunteer, person)
                if reasons and any(r.kind != Kind.NEWCOMER for r in reasons):
                    found.append(VolunteerMatch(volunteer, person, score(reasons), reasons))
        found.sort(key=lambda m: (-m.score, m.resident.name, m.resident.id))
        matches[volunteer.id] = found[:per_volunteer]
    return matches


def _volunteer_reasons(volunteer: Volunteer, person: Person) -> tuple[Reason, ...]:
    reasons = [
        Reason(Kind.LANGUAGE, item)
        for item in _shared(volunteer.languages, person.languages, COMMON_LANGUAGES)
    ]
    reasons += [
        Reason(Kind.INTEREST, item) for item in _shared(volunteer.interests, person.interests)
    ]
    if person.newcomer:
        reasons.append(Reason(Kind.NEWCOMER))
    return tuple(reasons)


# --- seating ----------------------------------------------------------------------------------


@dataclass
class _Layout:
    """Tables being filled: people's ids per table, and what each pair is worth together."""

    tables: list[list[int]]
    size: int
    quiet: int
    people: Mapping[int, Person]
    worth: Mapping[Pair, int]
    tensions: Collection[Pair]

    def gain(self, person: int, table: int, without: int | None = None) -> int:
        """What ``person`` adds at ``table`` (leaving out ``without``, who would swap out)."""
        total = sum(
            self.worth.get(pair(person, other), 0)
            for other in self.tables[table]
            if other not in (person, without)
        )
        if self.people[person].hearing and table < self.quiet:
            total += QUIET_WEIGHT
        return total

    def fits(self, person: int, table: int, without: int | None = None) -> bool:
        return not any(
            pair(person, other) in self.tensions
            for other in self.tables[table]
            if other not in (person, without)
        )


def seating(
    people: Sequence[Person],
    table_size: int,
    friends: Collection[Pair],
    tensions: Collection[Pair],
    quiet_tables: int = 0,
) -> list[Table]:
    """Everyone at a table of at most ``table_size``: friends and people with common ground
    together, people with hearing needs at the first ``quiet_tables`` tables (the quieter ones)
    where there is room, and two people in tension never at the same table. A greedy start
    improved by moves and swaps; the same input always gives the same tables."""
    if table_size < 2:
        raise ValueError("A table seats at least two people.")
    by_id = {person.id: person for person in people}
    worth = {
        pair(one.id, other.id): _pair_worth(one, other, friends)
        for one, other in itertools.combinations(people, 2)
    }
    count = max(math.ceil(len(people) / table_size), 1)
    layout = _Layout([[] for _ in range(count)], table_size, quiet_tables, by_id, worth, tensions)
    for person in _seating_order(people, tensions):
        _place(layout, person.id)
    while _improve(layout):
        pass
    return _tables(layout, friends)


def _pair_worth(one: Person, other: Person, friends: Collection[Pair]) -> int:
    together = FRIENDS_WEIGHT if pair(one.id, other.id) in friends else 0
    return together + score(common_ground(one, other))


def _seating_order(people: Sequence[Person], tensions: Collection[Pair]) -> list[Person]:
    # Hearing needs first, so they take the quiet seats; then the hardest to place.
    degree = {person.id: sum(person.id in key for key in tensions) for person in people}
    return sorted(people, key=lambda p: (not p.hearing, -degree[p.id], p.id))


def _place(layout: _Layout, person: int) -> None:
    open_tables = [
        table
        for table in range(len(layout.tables))
        if len(layout.tables[table]) < layout.size and layout.fits(person, table)
    ]
    if not open_tables:
        layout.tables.append([person])
        return
    # Ties go to the emptier table, so that people with nothing in common spread out evenly.
    best = max(
        open_tables,
        key=lambda t: (layout.gain(person, t), -len(layout.tables[t]), -t),
    )
    layout.tables[best].append(person)


def _improve(layout: _Layout) -> bool:
    """One pass of moves and swaps that each strictly raise the total; False when none did."""
    improved = False
    where = {person: t for t, members in enumerate(layout.tables) for person in members}
    for person in sorted(where):
        improved |= _try_move(layout, person, where)
    for one, other in itertools.combinations(sorted(where), 2):
        if where[one] != where[other]:
            improved |= _try_swap(layout, one, other, where)
    return improved


def _try_move(layout: _Layout, person: int, where: dict[int, int]) -> bool:
    home = where[person]
    # Nobody is left to eat alone by a move.
    if len(layout.tables[home]) <= 2:
        return False
    here = layout.gain(person, home)
    for table in range(len(layout.tables)):
        if table == home or len(layout.tables[table]) >= layout.size:
            continue
        if layout.fits(person, table) and layout.gain(person, table) > here:
            layout.tables[home].remove(person)
            layout.tables[table].append(person)
            where[person] = table
            return True
    return False


def _try_swap(layout: _Layout, one: int, other: int, where: dict[int, int]) -> bool:
    first, second = where[one], where[other]
    if not (layout.fits(one, second, other) and layout.fits(other, first, one)):
        return False
    before = layout.gain(one, first) + layout.gain(other, second)
    after = layout.gain(one, second, other) + layout.gain(other, first, one)
    if after <= before:
        return False
    layout.tables[first].remove(one)
    layout.tables[second].remove(other)
    layout.tables[first].append(other)
    layout.tables[second].append(one)
    where[one], where[other] = second, first
    return True


def _tables(layout: _Layout, friends: Collection[Pair]) -> list[Table]:
    tables: list[Table] = []
    for index, members in enumerate(layout.tables):
        if not members:
            continue
        seated = sorted((layout.people[m] for m in members), key=lambda p: (p.name, p.id))
        quiet = index < layout.quiet
        reasons = _table_reasons(seated, friends, quiet)
        tables.append(Table(len(tables) + 1, quiet, tuple(seated), reasons))
    return tables


def _table_reasons(
    seated: Sequence[Person], friends: Collection[Pair], quiet: bool
) -> tuple[TableReason, ...]:
    found = []
    for one, other in itertools.combinations(seated, 2):
        reasons = common_ground(one, other)
        if pair(one.id, other.id) in friends:
            reasons = (Reason(Kind.FRIENDS), *reasons)
        if reasons:
            worth = _pair_worth(one, other, friends)
            found.append((worth, TableReason((one, other), reasons)))
    found.sort(key=lambda item: (-item[0], *(p.name for p in item[1].people)))
    quiet_for = [
        TableReason((person,), (Reason(Kind.QUIET),))
        for person in seated
        if quiet and person.hearing
    ]
    return (*quiet_for, *(reason for _, reason in found))

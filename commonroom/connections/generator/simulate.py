"""Simulated days in a care home: who did what, with whom, and how they seemed.

Pure: plain plans in, plain rows out, no database. Every draw comes from one seeded generator per
home, so the same plan and seed give the same history on any database. The values written are
the stable values of ``Kind``, ``Domain`` and ``WithType``; ``tests/test_connections_generator``
checks that each row's domain is the one ``record_moment`` would have chosen."""

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import NamedTuple

BUSY_HOME_SHARES = 15.0
"""A busy home records about 15 shares a day per resident (a group moment counts once for each
person in it); ``per_day`` scales every rate below from this."""

# Expected shares per resident per day at BUSY_HOME_SHARES, by kind of moment. Measured on the
# generated history, the rates below add up to about 15 for an ordinary resident.
MEAL_CHANCE = {"breakfast": 0.35, "lunch": 0.9, "tea": 0.8}
MEAL_TIMES = {"breakfast": 8 * 60 + 45, "lunch": 12 * 60 + 30, "tea": 17 * 60 + 15}
GROUP_SHARES = 8.2
STAFF_SHARES = 2.5
CHAT_CHANCE = 0.6
FRIENDS_TOGETHER_CHANCE = 0.45
VOLUNTEER_CHANCE = 0.2
TABLE_SIZE = 5

SESSION_TIMES = (10 * 60 + 30, 11 * 60, 14 * 60, 14 * 60 + 30, 15 * 60 + 30, 19 * 60)


class MomentRow(NamedTuple):
    """One moment and everyone's share in it, ready for a writer to number and store."""

    day: dt.date
    minute: int
    """Minutes after local midnight."""
    kind: str
    domain: str
    minutes: int
    with_type: str
    with_contact: int | None
    with_resident: int | None
    with_member: int | None
    with_name: str
    recorded_by: int | None
    residents: tuple[int, ...]
    engagements: tuple[int | None, ...]


@dataclass(frozen=True)
class ContactPlan:
    """One person from a resident's circle and how often they are in touch (0: never)."""

    id: int
    visit_every: float = 0.0
    call_every: float = 0.0
    video_every: float = 0.0
    letter_every: float = 0.0
    weekday: int = 6
    """The day of the week they usually come (0 Monday)."""
    phase: int = 0
    """Where in their cycle they are: a fortnightly visitor comes in odd or even weeks, a
    monthly one every ``visit_every`` days counted from this offset."""
    until: dt.date | None = None
    """After this day they are not in touch at all (a story in the demo)."""


@dataclass(eq=False)
class ResidentPlan:
    id: int
    stays: tuple[tuple[dt.date, dt.date], ...]
    """The days the person is in the home, first and last inclusive, hospital stays left out."""
    sociability: float = 1.0
    """How likely, against others, to be in a group activity (0.1 quiet to 1.5 in everything)."""
    decline: float = 0.1
    """The chance of declining a group activity when offered."""
    low_mood: float = 0.06
    table: int = 0
    friends: tuple[int, ...] = ()
    contacts: tuple[ContactPlan, ...] = ()
    declines_groups_from: dt.date | None = None
    """From this day on, the person keeps to their room: meals there, every group activity
    offered declined (a story in the demo)."""

    def withdrawn(self, day: dt.date) -> bool:
        return self.declines_groups_from is not None and day >= self.declines_groups_from


@dataclass(frozen=True)
class StaffPlan:
    membership: int
    user: int | None
    start: dt.date
    end: dt.date | None = None


@dataclass
class HomePlan:
    residents: list[ResidentPlan]
    carers: list[StaffPlan]
    activity_staff: list[StaffPlan] = field(default_factory=list)
    volunteers: list[StaffPlan] = field(default_factory=list)
    groups: tuple[str, ...] = ("Parish church", "Primary school choir", "Walking group")


def simulate(
    plan: HomePlan, start: dt.date, end: dt.date, *, per_day: float, seed: str
) -> Iterator[MomentRow]:
    """Every moment of ``plan``'s home from ``start`` to ``end`` inclusive, day by day."""
    rng = random.Random(seed)  # noqa: S311 (seeded on purpose: the same days every time)
    scale = per_day / BUSY_HOME_SHARES
    arrivals, leavings = _movements(plan.residents)
    present: dict[int, ResidentPlan] = {}
    day = start
    while day <= end:
        for resident in arrivals.get(day, ()):
            present[resident.id] = resident
        if present:
            yield from _Day(plan, rng, day, list(present.values()), scale).moments()
        for resident in leavings.get(day, ()):
            present.pop(resident.id, None)
        day += dt.timedelta(days=1)


def _movements(
    residents: Sequence[ResidentPlan],
) -> tuple[dict[dt.date, list[ResidentPlan]], dict[dt.date, list[ResidentPlan]]]:
    arrivals: dict[dt.date, list[ResidentPlan]] = {}
    leavings: dict[dt.date, list[ResidentPlan]] = {}
    for resident in residents:
        for first, last in resident.stays:
            arrivals.setdefault(first, []).append(resident)
            leavings.setdefault(last, []).append(resident)
    return arrivals, leavings


class _Day:
    """One day in the home; ``moments`` yields what happened in it."""

    def __init__(
        self,
        plan: HomePlan,
        rng: random.Random,
        day: dt.date,
        present: list[ResidentPlan],
        scale: float,
    ) -> None:
        self.plan, self.rng, self.day, self.present, self.scale = plan, rng, day, present, scale
        on_duty = [s for s in plan.carers if s.start <= day and (s.end is None or s.end >= day)]
        if on_duty:
            on_duty = rng.sample(on_duty, max(1, len(on_duty) // 3))
        self.on_duty = on_duty
        self.users = [s.user for s in on_duty] or [None]
        self.volunteers = _active(plan.volunteers, day)
        self.leads = _active(plan.activity_staff, day)

    def moments(self) -> Iterator[MomentRow]:
        yield from self.meals()
        yield from self.groups()
        yield from self.friends()
        yield from self.one_to_ones()
        yield from self.family()

    def row(
        self,
        minute: int,
        kind: str,
        domain: str,
        minutes: int,
        people: Sequence[ResidentPlan],
        engagements: Sequence[int | None],
        *,
        with_type: str = "",
        contact: int | None = None,
        resident: int | None = None,
        member: int | None = None,
        name: str = "",
    ) -> MomentRow:
        return MomentRow(
            self.day,
            minute,
            kind,
            domain,
            minutes,
            with_type,
            contact,
            resident,
            member,
            name,
            self.rng.choice(self.users),
            tuple(r.id for r in people),
            tuple(engagements),
        )

    def mood(self, resident: ResidentPlan, group: bool = False) -> int | None:
        """How a person seemed: declined, low, calm, engaged, joyful, or not noted."""
        u = self.rng.random()
        if group:
            if resident.withdrawn(self.day) or u < resident.decline:
                return 0
            u = self.rng.random()
        if u < 0.08:
            return None
        if u < 0.08 + resident.low_mood:
            return 1
        return 2 if u < 0.35 else 3 if u < 0.8 else 4

    def meals(self) -> Iterator[MomentRow]:
        rng, chance = self.rng, self.scale
        for meal, base in MEAL_CHANCE.items():
            tables: dict[int, list[ResidentPlan]] = {}
            for resident in self.present:
                if rng.random() < base * chance and not resident.withdrawn(self.day):
                    tables.setdefault(resident.table, []).append(resident)
            for people in tables.values():
                yield self.row(
                    MEAL_TIMES[meal] + rng.randrange(15),
                    "meal",
                    "peers",
                    rng.randrange(25, 60),
                    people,
                    [self.mood(r) for r in people],
                )

    def groups(self) -> Iterator[MomentRow]:
        rng = self.rng
        target = GROUP_SHARES * self.scale * len(self.present)
        weights = list(accumulate(r.sociability for r in self.present))
        offered = 0
        for kind, name in self._programme():
            if offered >= target and kind == "activity":
                break
            size = min(rng.randint(3, 12), len(self.present))
            # Weighted draws repeat people; draw twice as many and keep the first distinct ones.
            drawn = rng.choices(self.present, cum_weights=weights, k=2 * size)
            chosen = list(dict.fromkeys(drawn))[:size]
            if len(chosen) < 2:
                continue
            offered += len(chosen)
            yield self._session(kind, name, chosen)

    def _programme(self) -> Iterator[tuple[str, str]]:
        """The day's sessions: the weekly fixtures first, then activities until enough are on."""
        weekday, groups = self.day.weekday(), self.plan.groups
        if weekday == 6:
            yield "faith", groups[0]
        if weekday in (2, 4):
            yield "outing", groups[2 % len(groups)]
        if weekday == 1:
            yield "community", groups[1 % len(groups)]
        if weekday == 3:
            yield "virtual", ""
        while True:
            yield "activity", ""

    def _session(self, kind: str, name: str, people: list[ResidentPlan]) -> MomentRow:
        rng = self.rng
        minute = rng.choice(SESSION_TIMES) + rng.randrange(20)
        engagements = [self.mood(r, group=True) for r in people]
        if name:
            return self.row(
                minute, kind, "community", 90, people, engagements, with_type="group", name=name
            )
        if kind == "virtual":
            return self.row(minute, kind, "community", 45, people, engagements)
        u = rng.random()
        if u < 0.15 and self.volunteers:
            volunteer = rng.choice(self.volunteers)
            return self.row(
                minute,
                kind,
                "community",
                60,
                people,
                engagements,
                with_type="volunteer",
                member=volunteer.membership,
            )
        if u < 0.25 and self.leads:
            lead = rng.choice(self.leads)
            return self.row(
                minute, kind, "staff", 45, people, engagements, with_type="staff",
                member=lead.membership,
            )  # fmt: skip
        return self.row(minute, kind, "peers", rng.randrange(30, 90), people, engagements)

    def friends(self) -> Iterator[MomentRow]:
        """Friends who spend time together (a small shared moment) or a chat between two."""
        rng, scale, day = self.rng, self.scale, self.day
        by_id = {r.id: r for r in self.present}
        for resident in self.present:
            here = [f for f in resident.friends if f in by_id and not by_id[f].withdrawn(day)]
            if not here or resident.withdrawn(day):
                continue
            if rng.random() < CHAT_CHANCE * scale:
                friend = rng.choice(here)
                yield self.row(
                    rng.randrange(9 * 60, 20 * 60),
                    "one_to_one",
                    "peers",
                    rng.randrange(10, 40),
                    [resident],
                    [self.mood(resident)],
                    with_type="resident",
                    resident=friend,
                )
            for friend in here:
                if friend > resident.id and rng.random() < FRIENDS_TOGETHER_CHANCE * scale:
                    people = [resident, by_id[friend]]
                    yield self.row(
                        rng.randrange(10 * 60, 19 * 60),
                        "activity",
                        "peers",
                        rng.randrange(20, 60),
                        people,
                        [self.mood(r) for r in people],
                    )

    def one_to_ones(self) -> Iterator[MomentRow]:
        rng = self.rng
        for resident in self.present:
            expected = STAFF_SHARES * self.scale * (0.7 + 0.3 * min(resident.sociability, 1.5))
            count = int(expected) + (rng.random() < expected % 1)
            for _ in range(count if self.on_duty else 0):
                carer = rng.choice(self.on_duty)
                yield self.row(
                    rng.randrange(7 * 60, 21 * 60),
                    "one_to_one",
                    "staff",
                    rng.randrange(10, 35),
                    [resident],
                    [self.mood(resident)],
                    with_type="staff",
                    member=carer.membership,
                )
            if self.volunteers and rng.random() < VOLUNTEER_CHANCE * self.scale:
                volunteer = rng.choice(self.volunteers)
                yield self.row(
                    rng.randrange(10 * 60, 16 * 60),
                    "one_to_one",
                    "community",
                    rng.randrange(20, 60),
                    [resident],
                    [self.mood(resident)],
                    with_type="volunteer",
                    member=volunteer.membership,
                )

    def family(self) -> Iterator[MomentRow]:
        for resident in self.present:
            for contact in resident.contacts:
                if contact.until is not None and self.day > contact.until:
                    continue
                for kind, minute, minutes in self._contact_moments(contact):
                    yield self.row(
                        minute,
                        kind,
                        "family",
                        minutes,
                        [resident],
                        [self.mood(resident)],
                        with_type="contact",
                        contact=contact.id,
                    )

    def _contact_moments(self, contact: ContactPlan) -> Iterator[tuple[str, int, int]]:
        rng = self.rng
        if _comes_today(contact, self.day, rng):
            yield "visit", rng.randrange(10 * 60, 19 * 60), rng.randrange(30, 120)
        if contact.call_every and rng.random() < 1 / contact.call_every:
            yield "phone", rng.randrange(9 * 60, 20 * 60), rng.randrange(5, 30)
        if contact.video_every and rng.random() < 1 / contact.video_every:
            yield "video", rng.randrange(9 * 60, 20 * 60), rng.randrange(10, 40)
        if contact.letter_every and rng.random() < 1 / contact.letter_every:
            yield "letter", 11 * 60, 15


def _comes_today(contact: ContactPlan, day: dt.date, rng: random.Random) -> bool:
    """Visitors keep a rhythm: most days, on their usual weekday(s), or now and then."""
    every = contact.visit_every
    if not every:
        return False
    weekday = day.weekday()
    if every <= 1.5:
        return rng.random() < 0.8
    if every <= 4:
        return weekday in (contact.weekday, (contact.weekday + 3) % 7) and rng.random() < 0.9
    if every <= 8:
        return weekday == contact.weekday and rng.random() < 0.9
    if every <= 16:
        week = day.isocalendar().week
        return weekday == contact.weekday and (week + contact.phase) % 2 == 0 and rng.random() < 0.9
    return (day.toordinal() + contact.phase) % round(every) == 0


def _active(staff: Sequence[StaffPlan], day: dt.date) -> list[StaffPlan]:
    return [s for s in staff if s.start <= day and (s.end is None or s.end >= day)]

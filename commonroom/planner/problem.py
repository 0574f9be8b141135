"""The weekly planner's input and output as plain data: no Django, so the solver and its tests
work on hand-built weeks and the benchmark on generated ones."""

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Interval:
    start: dt.datetime
    end: dt.datetime

    def overlaps(self, other: "Interval") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Needs:
    """What a session must offer for this person to take part at all."""

    seated: bool = False
    bedside_only: bool = False
    dementia: bool = False
    hearing: bool = False
    sight: bool = False


@dataclass(frozen=True)
class PlanResident:
    id: int
    name: str
    share: int
    """Sessions still to offer this week: the agreed weekly share less those already offered."""
    priority: int = 0
    """0 for most people; more for people on the early-warning list or with few visitors."""
    priority_reasons: tuple[str, ...] = ()
    """Why they come first: "early_warning", "few_visitors"."""
    interests: frozenset[str] = frozenset()
    needs: Needs = Needs()
    languages: frozenset[str] = frozenset({"english"})
    """Lower-case names of the languages they speak."""
    preferred_language: str = "english"
    busy: tuple[Interval, ...] = ()
    friends: frozenset[int] = frozenset()
    tensions: frozenset[int] = frozenset()
    buddy: int | None = None
    """The buddy of a newcomer, to be placed with them."""
    had_this_week: int = 0
    """Group sessions already offered or attended this week, before this plan."""


@dataclass(frozen=True)
class PlanSession:
    id: int
    title: str
    interval: Interval
    category: str
    capacity: int
    """Places still free."""
    seated: bool = False
    bedside: bool = False
    dementia_friendly: bool = False
    hearing_friendly: bool = False
    sight_friendly: bool = False
    language: str = "english"
    language_needed: bool = False
    """Talk matters here (a reading group, a service), so only people who speak ``language``
    can take part; elsewhere (music, gardening) anyone can, though their own is better."""
    interests: frozenset[str] = frozenset()
    staff_needed: int = 0
    staff_available: int = 0
    volunteers_needed: int = 0
    volunteers_available: int = 0

    @property
    def staffed(self) -> bool:
        return (
            self.staff_available >= self.staff_needed
            and self.volunteers_available >= self.volunteers_needed
        )


@dataclass(frozen=True)
class Week:
    monday: dt.date
    residents: tuple[PlanResident, ...]
    sessions: tuple[PlanSession, ...]


@dataclass(frozen=True)
class Reason:
    """Why one invitation is proposed, as data the service words in the reader's language.

    ``code`` is one of "interest" (``detail`` names it), "friend" and "buddy" (``detail`` names
    who else is going), "language" (``detail``), "had_this_week" (``count`` sessions so far),
    "early_warning", "few_visitors"."""

    code: str
    detail: str = ""
    count: int = 0


@dataclass(frozen=True)
class Assignment:
    resident: int
    session: int
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Shortfall:
    """A promise the plan could not keep: ``resident`` is offered ``offered`` of ``share``.
    ``why`` names what ruled out the other sessions, most common first: a need ("hearing",
    "sight", "dementia", "seated", "bedside"), "language", "busy", "staffing", or "full" (the
    sessions that suited were full, clashed or held someone to keep apart from)."""

    resident: int
    share: int
    offered: int
    why: tuple[str, ...] = ()

    @property
    def missing(self) -> int:
        return self.share - self.offered


@dataclass(frozen=True)
class UnstaffedSession:
    session: int
    staff_missing: int
    volunteers_missing: int


@dataclass(frozen=True)
class Plan:
    assignments: tuple[Assignment, ...]
    objective: float
    bound: float
    seconds: float
    status: str
    """"optimal", "feasible", "unknown" (no plan found in time) or "heuristic" (greedy)."""
    shortfalls: tuple[Shortfall, ...] = ()
    unstaffed: tuple[UnstaffedSession, ...] = field(default=())

    @property
    def gap(self) -> float | None:
        """Proven optimality gap: 0.01 means the plan is within 1 % of the best possible. None
        when nothing is proven (no plan found, or a heuristic's plan)."""
        if self.status == "optimal":
            return 0.0
        if self.status != "feasible":
            return None
        scale = max(abs(self.objective), abs(self.bound), 1.0)
        return abs(self.bound - self.objective) / scale

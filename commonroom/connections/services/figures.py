"""What the timeline, the home's weekly figures and the network picture show, read from the
roll-ups only (never from the log itself), in a fixed number of queries whatever the size of
the home or the length of its history."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Sum

from commonroom.circle.models import Contact
from commonroom.homes.models import Home, Membership
from commonroom.residents.models import Resident

from .. import baselines
from ..models import ConnectionEdge, ConnectionSummary, DailyConnection, WeeklyConnection
from ..network_layout import Link
from .rollups import monday_of

DOMAINS = ("family", "peers", "staff", "community")
WEEK = dt.timedelta(days=7)
FAMILY_WINDOW_WEEKS = 4
"""28 days: four whole weeks, so "no family contact in 28 days" is read from weekly rows."""
TREND_GAP = 4
"""The latest week is compared with the week four weeks before it."""
LEFT = (Resident.Status.MOVED_OUT, Resident.Status.DIED)


@dataclass(frozen=True)
class Tally:
    """One person's week or day: contacts per domain, declines and how they seemed."""

    start: dt.date
    family: int = 0
    peers: int = 0
    staff: int = 0
    community: int = 0
    declined: int = 0
    engagement_sum: int = 0
    engagement_count: int = 0

    @property
    def total(self) -> int:
        return self.family + self.peers + self.staff + self.community

    @property
    def by_domain(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in DOMAINS}

    @property
    def average_engagement(self) -> float | None:
        return self.engagement_sum / self.engagement_count if self.engagement_count else None


TALLY_FIELDS = (*DOMAINS, "declined", "engagement_sum", "engagement_count")


@dataclass(frozen=True)
class Timeline:
    weeks: list[Tally]
    """Oldest first, ending with this week so far; weeks with nothing recorded are zeros."""
    days: list[Tally]
    """The last 28 days, ending today."""
    summary: ConnectionSummary | None

    @property
    def recent_declined(self) -> int:
        return sum(day.declined for day in self.days)

    @property
    def recent_engagement(self) -> float | None:
        count = sum(day.engagement_count for day in self.days)
        return sum(day.engagement_sum for day in self.days) / count if count else None


def person_timeline(resident: Resident, *, weeks: int, today: dt.date) -> Timeline:
    """A resident's contacts week by week over ``weeks`` weeks and day by day over 28 days,
    with the last day of each kind of contact. Three queries."""
    this_week = monday_of(today)
    first_week = this_week - (weeks - 1) * WEEK
    first_day = today - dt.timedelta(days=27)
    weekly = WeeklyConnection.objects.filter(
        home_id=resident.home_id, resident=resident, week__gte=first_week
    ).values_list("week", *TALLY_FIELDS)
    daily = DailyConnection.objects.filter(
        home_id=resident.home_id, resident=resident, day__gte=first_day, day__lte=today
    ).values_list("day", *TALLY_FIELDS)
    summary = ConnectionSummary.objects.filter(home_id=resident.home_id, resident=resident).first()
    return Timeline(
        weeks=_filled(weekly, first_week, weeks, WEEK),
        days=_filled(daily, first_day, 28, dt.timedelta(days=1)),
        summary=summary,
    )


def _filled(rows: Iterable[tuple], first: dt.date, count: int, step: dt.timedelta) -> list[Tally]:
    found = {row[0]: Tally(*row) for row in rows}
    starts = [first + i * step for i in range(count)]
    return [found.get(start, Tally(start)) for start in starts]


@dataclass(frozen=True)
class Stay:
    """When a resident lived in the home: from ``admitted`` to ``left`` (None: still here)."""

    resident_id: int
    admitted: dt.date
    left: dt.date | None

    @property
    def first_full_week(self) -> dt.date:
        """The first Monday-to-Sunday week lived here from its start."""
        monday = monday_of(self.admitted)
        return monday if monday == self.admitted else monday + WEEK


@dataclass(frozen=True)
class WeekFigures:
    week: dt.date
    residents: int
    contacts: int
    below_usual: int
    no_family: int

    @property
    def contacts_per_person(self) -> float | None:
        return self.contacts / self.residents if self.residents else None

    @property
    def below_usual_share(self) -> float | None:
        return 100 * self.below_usual / self.residents if self.residents else None

    @property
    def no_family_share(self) -> float | None:
        return 100 * self.no_family / self.residents if self.residents else None


def home_figures(home: Home, *, weeks: int, today: dt.date) -> list[WeekFigures]:
    """The home's figures for each of the last ``weeks`` complete weeks (Monday to Sunday),
    oldest first, for the residents living here that week. Two queries."""
    last = monday_of(today) - WEEK
    mondays = [last - i * WEEK for i in reversed(range(weeks))]
    since = mondays[0] - baselines.BASELINE_WEEKS * WEEK
    stays = [
        Stay(pk, admitted, status_since if status in LEFT else None)
        for pk, admitted, status, status_since in Resident.objects.filter(
            home=home, admission_date__lte=last + dt.timedelta(days=6)
        )
        .exclude(status__in=LEFT, status_since__lt=mondays[0])
        .values_list("pk", "admission_date", "status", "status_since")
    ]
    rows = WeeklyConnection.objects.filter(home=home, week__gte=since, week__lte=last).values_list(
        "resident_id", "week", "moments", "family"
    )
    return figures_from(stays, rows, mondays)


def figures_from(
    stays: Sequence[Stay], rows: Iterable[tuple[int, dt.date, int, int]], mondays: Sequence[dt.date]
) -> list[WeekFigures]:
    """The weekly figures from plain weekly counts (resident id, Monday, moments, family).
    Each person's weeks are laid out as a list, from ``BASELINE_WEEKS`` before the first Monday
    to the last, so that a 120-resident home takes milliseconds, not a dictionary walk."""
    if not mondays:
        return []
    first = mondays[0] - baselines.BASELINE_WEEKS * WEEK
    length = baselines.BASELINE_WEEKS + len(mondays)
    people = {stay.resident_id: _Weeks(stay, first, length) for stay in stays}
    indexes = {first + i * WEEK: i for i in range(length)}
    for resident_id, week, count, with_family in rows:
        person = people.get(resident_id)
        index = indexes.get(week)
        if person is not None and index is not None:
            person.moments[index] = count
            person.family[index] = with_family
    return [
        _week(people.values(), monday, baselines.BASELINE_WEEKS + offset)
        for offset, monday in enumerate(mondays)
    ]


class _Weeks:
    """One person's weekly counts as lists, and the weeks that count towards their usual."""

    def __init__(self, stay: Stay, first: dt.date, length: int) -> None:
        self.stay = stay
        self.moments = [0] * length
        self.family = [0] * length
        self.settled = max(0, (stay.first_full_week - first).days // 7)
        # Living here in a week: moved in by its end, and not gone before it started.
        self.arrived = (monday_of(stay.admitted) - first).days // 7
        self.left = (monday_of(stay.left) - first).days // 7 if stay.left else length

    def lived_in(self, index: int) -> bool:
        return self.arrived <= index <= self.left

    def below_usual(self, index: int) -> bool:
        """By the same rule as the early warning: the usual comes from the complete weeks
        lived here before this one."""
        history = self.moments[max(self.settled, index - baselines.BASELINE_WEEKS) : index]
        usual = baselines.usual_per_week(history)
        return baselines.is_below_usual(self.moments[index], usual)

    def no_family(self, index: int) -> bool:
        return not any(self.family[max(0, index - FAMILY_WINDOW_WEEKS + 1) : index + 1])


def _week(people: Iterable[_Weeks], monday: dt.date, index: int) -> WeekFigures:
    here = [person for person in people if person.lived_in(index)]
    return WeekFigures(
        week=monday,
        residents=len(here),
        contacts=sum(person.moments[index] for person in here),
        below_usual=sum(person.below_usual(index) for person in here),
        no_family=sum(person.no_family(index) for person in here),
    )


def compared(figures: Sequence[WeekFigures], attribute: str) -> tuple[float | None, float | None]:
    """The latest value of ``attribute`` and the value ``TREND_GAP`` weeks before it."""
    if not figures:
        return None, None
    latest = getattr(figures[-1], attribute)
    earlier = getattr(figures[-1 - TREND_GAP], attribute) if len(figures) > TREND_GAP else None
    return latest, earlier


@dataclass(frozen=True)
class Network:
    residents: dict[str, str]
    links: list[Link]
    labels: dict[str, str]


def home_network(home: Home, residents: Iterable[Resident], *, since: dt.date) -> Network:
    """Who connected with whom since ``since``, from the monthly edges (a month that began
    before ``since`` counts when its last contact fell on or after it). Three queries after
    the residents."""
    names = {f"r:{r.pk}": r.display_name for r in residents}
    rows = (
        ConnectionEdge.objects.filter(
            home=home, month__gte=since.replace(day=1), last_day__gte=since
        )
        .values_list("resident_id", "party", "domain")
        .annotate(total=Sum("moments"))
        .order_by()
    )
    links = [
        Link(key, party, domain, total)
        for resident_id, party, domain, total in rows
        if total > 0 and (key := f"r:{resident_id}") in names
    ]
    return Network(names, links, _labels(home, links, names))


def _labels(home: Home, links: Sequence[Link], names: Mapping[str, str]) -> dict[str, str]:
    """Names for every counterpart: contacts with their relationship, staff by name, groups as
    written, and residents who have since left."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for link in links:
        prefix, _, rest = link.party.partition(":")
        if prefix in ("c", "m", "r") and rest.isdigit() and link.party not in names:
            wanted[prefix].add(int(rest))
    groups = {link.party for link in links if link.party.startswith("g:")}
    labels = {party: party[2:] for party in groups}
    for pk, name, relationship in Contact.objects.filter(home=home, pk__in=wanted["c"]).values_list(
        "pk", "name", "relationship"
    ):
        labels[f"c:{pk}"] = f"{name} ({Contact.Relationship(relationship).label})"
    for pk, name in Membership.objects.filter(home=home, pk__in=wanted["m"]).values_list(
        "pk", "user__full_name"
    ):
        labels[f"m:{pk}"] = name
    former = Resident.objects.filter(home=home, pk__in=wanted["r"])
    for resident in former.only("full_name", "preferred_name"):
        labels[f"r:{resident.pk}"] = resident.display_name
    return labels

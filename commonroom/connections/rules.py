"""The isolation early warning: plain rules over plain facts about each person. No database here.

``services.today`` loads the facts from the roll-ups; each rule reads one ``Person`` (and the
home's level) and returns a ``Reason`` with its numbers, or None. A manager can switch a rule off
and tune its threshold and weight; the defaults, and why they were chosen, are written beside each
rule in ``RULES`` and shown on the settings page.

"Own usual as well as the home's": a person is only said to have less contact than usual when
the drop is real for them *and* leaves them with little contact by the home's standard, and the
"no contact" and "no visitor" rules wait longer for people whose own rhythm is slower. So a
private person who is content with little company is not nagged about, and the quiet person who
has stopped seeing anyone is still found."""

import datetime as dt
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .baselines import BASELINE_WEEKS, BELOW_RATIO, is_below_usual, usual_per_week

RHYTHM_FACTOR = 1.5
"""A gap counts as long once it is half as long again as the person's usual gap: a visit a few
days late is ordinary, a missed one is not."""
MIN_RATED = 3
"""Fewer moments than this with a recorded mood is too few to call a pattern."""
ASSUMED_LANGUAGES = frozenset({"english", "saesneg"})
"""Every member of staff in a UK home speaks English, and few think to list it."""

Numbers = dict[str, bool | int | float | str | None]


@dataclass(frozen=True)
class FriendDeath:
    name: str
    died_on: dt.date


@dataclass(frozen=True)
class LonelyMeasure:
    """A loneliness measure that read as lonely under the home's bands."""

    answered_on: dt.date
    result: str
    """In plain words, for example "UCLA 3-item loneliness scale: 7"."""


@dataclass(frozen=True)
class Recent:
    """The last seven days, today included (a rolling week, so Monday does not wipe the slate)."""

    moments: int = 0
    group_offered: int = 0
    group_declined: int = 0
    low_mood: int = 0
    rated: int = 0
    """Moments with a mood recorded (not declined), the denominator for ``low_mood``."""


@dataclass(frozen=True)
class Person:
    """What the rules know about one resident. Days are counted back from ``HomeLevel.today``;
    None means never recorded."""

    key: int
    name: str
    days_here: int
    days_known: int
    """Days the log has covered this person: since they moved in, or since the home's first
    recorded moment if that is later. "Never" is judged over this span, not over all time."""
    days_since_visit: int | None = None
    days_since_family: int | None = None
    days_since_any: int | None = None
    weekly_moments: tuple[int, ...] = ()
    """Complete weeks (Monday to Sunday) before this one, oldest first, since they moved in."""
    weekly_visits: tuple[int, ...] = ()
    recent: Recent = field(default_factory=Recent)
    days_since_hospital: int | None = None
    friends_died: tuple[FriendDeath, ...] = ()
    preferred_language: str = ""
    language_spoken: bool = True
    """Someone on today's shift (or on the staff, when nobody has said who is on shift) speaks
    the preferred language."""
    has_circle: bool = False
    lonely_measure: LonelyMeasure | None = None


@dataclass(frozen=True)
class HomeLevel:
    today: dt.date
    usual_per_week: float | None
    """The home's usual: the median of its people's own usual levels (``home_usual``)."""
    shift_known: bool = False
    """Someone has said they are on shift today."""


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    weight: int
    numbers: Numbers


@dataclass(frozen=True)
class RuleConfig:
    """A rule as the home uses it: the defaults, or the manager's tuning."""

    enabled: bool
    threshold: int | None
    weight: int


Check = Callable[[Person, HomeLevel, RuleConfig], Reason | None]


@dataclass(frozen=True)
class Rule:
    code: str
    name: Any
    threshold: int | None
    unit: Any
    weight: int
    why: Any
    check: Check
    minimum: int = 1
    maximum: int = 365

    @property
    def default(self) -> RuleConfig:
        return RuleConfig(True, self.threshold, self.weight)


def _reason(
    code: str, config: RuleConfig, text: str, **numbers: bool | float | str | None
) -> Reason:
    return Reason(code, text, config.weight, {**numbers, "threshold": config.threshold})


def _threshold(config: RuleConfig) -> int:
    return config.threshold or 0


# --- the person's own rhythm ---------------------------------------------------------------


def visits_per_week(weeks: Sequence[int]) -> float | None:
    """A person's usual visiting rhythm over the baseline window, read from the weeks between
    their first and last visit in it, so neither the silence being judged nor the time before
    the first visit lowers it. Visits at least weekly: visits over those weeks. Sparser ones:
    the gaps between visits over the weeks they span (three monthly visits are two gaps in
    eight weeks: once every four weeks). None with visits in fewer than two different weeks.
    Not ``usual_per_week``'s median, because the median week of a monthly visitor has none."""
    recent = list(weeks)[-BASELINE_WEEKS:]
    visited = [index for index, count in enumerate(recent) if count]
    if len(visited) < 2:
        return None
    visits = sum(recent)
    span = visited[-1] - visited[0]
    if visits >= span + 1:
        return visits / (span + 1)
    return (visits - 1) / span


def own_wait(floor: int, per_week: float | None) -> int:
    """Days to wait before a gap counts: the floor, or half as long again as the person's usual
    gap if that is longer."""
    if not per_week:
        return floor
    return max(floor, round(RHYTHM_FACTOR * 7 / per_week))


def home_usual(people: Iterable[Person]) -> float | None:
    """The home's usual moments a week: the median of each person's own usual (people with too
    little history to have one are left out)."""
    owns = [u for u in (usual_per_week(p.weekly_moments) for p in people) if u is not None]
    return float(statistics.median(owns)) if owns else None


def rhythm_words(per_week: float) -> str:
    if per_week >= 1.5:
        return gettext("usually about %(count)d a week") % {"count": round(per_week)}
    if per_week >= 0.75:
        return gettext("usually about once a week")
    if per_week >= 0.375:
        return gettext("usually about once a fortnight")
    return gettext("usually about once every %(count)d weeks") % {"count": round(1 / per_week)}


def speaks(language: str, spoken: Iterable[str]) -> bool:
    """Whether ``language`` is among ``spoken`` (case and spacing ignored; English always)."""
    wanted = " ".join(language.split()).casefold()
    if not wanted or wanted in ASSUMED_LANGUAGES:
        return True
    return any(" ".join(str(s).split()).casefold() == wanted for s in spoken)


# --- the rules ------------------------------------------------------------------------------


def no_visitor(person: Person, level: HomeLevel, config: RuleConfig) -> Reason | None:
    """No in-person visit from family or friends for at least the threshold (the floor, in
    days) *and* for at least half as long again as the person's own usual gap between visits
    (``visits_per_week``). So someone visited twice a week is flagged at the floor, someone
    visited monthly only after six weeks. With fewer than two visits in the baseline window
    there is no rhythm to wait for, and the floor alone applies: a person nobody visits any more
    stays on the list until staff mark the reason as understood. Never visited counts from
    ``days_known``."""
    days = person.days_since_visit
    days = person.days_known if days is None else days
    per_week = visits_per_week(person.weekly_visits)
    wait = own_wait(_threshold(config), per_week)
    if days < wait:
        return None
    if per_week:
        text = ngettext(
            "No visitor for %(count)d day (%(usual)s)",
            "No visitor for %(count)d days (%(usual)s)",
            days,
        ) % {"count": days, "usual": rhythm_words(per_week)}
    else:
        text = ngettext("No visitor for %(count)d day", "No visitor for %(count)d days", days) % {
            "count": days
        }
    return _reason(
        "no_visitor", config, text, days=days, usual_visits_per_week=per_week, waited_for=wait
    )


def below_usual(person: Person, level: HomeLevel, config: RuleConfig) -> Reason | None:
    """Fewer moments in the last seven days than the threshold (a percentage) of the person's
    own usual week (``baselines.usual_per_week``) *and* of the home's usual week. Below their own
    usual means a real change for them; below the home's means they are now getting little by
    any standard. So a private person whose usual is low is never flagged for being themselves,
    and a sociable person having a quieter week is not flagged either. A newcomer without
    enough weeks for a usual of their own is judged against the home's alone. Someone back from
    hospital within the seven days spent part of them away, so their week cannot be compared
    with a usual one; "back from hospital" is the reason that speaks for them."""
    if person.days_since_hospital is not None and person.days_since_hospital < 7:
        return None
    ratio = _threshold(config) / 100
    count = person.recent.moments
    own = usual_per_week(person.weekly_moments)
    if not is_below_usual(count, level.usual_per_week, ratio):
        return None
    if own is None:
        text = gettext(
            "Fewer moments than most people here in the last 7 days: %(count)d (about %(usual)d "
            "a week is usual here)"
        ) % {"count": count, "usual": round(level.usual_per_week or 0)}
        return _reason("below_usual", config, text, moments=count, home_usual=level.usual_per_week)
    if not is_below_usual(count, own, ratio):
        return None
    text = gettext(
        "Fewer moments than usual in the last 7 days: %(count)d (usually about %(usual)d a week)"
    ) % {"count": count, "usual": round(own)}
    return _reason(
        "below_usual",
        config,
        text,
        moments=count,
        own_usual=own,
        home_usual=level.usual_per_week,
    )


def declined_groups(person: Person, level: HomeLevel, config: RuleConfig) -> Reason | None:
    """Every group moment offered in the last seven days declined, with at least the threshold
    offered."""
    recent = person.recent
    offered = recent.group_offered
    if offered < _threshold(config) or offered == 0 or recent.group_declined < offered:
        return None
    text = gettext("Declined every group activity in the last 7 days (%(count)d offered)") % {
        "count": offered
    }
    return _reason("declined_groups", config, text, offered=offered, declined=offered)


def new_here(person: Person, level: HomeLevel, config: RuleConfig) -> Reason | None:
    """In the first weeks after moving in (day 0 up to, not including, the threshold in weeks)."""
    days = person.days_here
    if not 0 <= days < _threshold(config) * 7:
        return None
    if days == 0:
        text = gettext("New here: moved in today")
    elif days < 14:
        text = ngettext("New here: %(count)d day", "New here: %(count)d days", days) % {
            "count": days
        }
    else:
        weeks = days // 7
        text = ngettext("New here: %(count)d week", "New here: %(count)d weeks", weeks) % {
            "count": weeks
        }
    return _reason("new_here", config, text, days=days, weeks=days // 7)


def back_from_hospital(person: Person, level: HomeLevel, config: RuleConfig) -> Reason | None:
    """Back from a hospital stay within the threshold (days 0 up to, not including, it)."""
    days = person.days_since_hospital
    if days is None or not 0 <= days < _threshold(config):
        return None
    if days == 0:
        text = gettext("Back from hospital today")
    elif days == 1:
        text = gettext("Back from hospital yesterday")
    else:
        text = ngettext(
            "Back from hospital %(count)d day ago", "Back from hospital %(count)d days ago", days
        ) % {"count": days}
    return _reason("back_from_hospital", config, text, days=days)


def _when(day: dt.date, today: dt.date) -> str:
    days = (today - day).days
    if days < 7:
        return date_format(day, "l")
    return date_format(day, "j F")


def friend_died(person: Person, level: HomeLevel, config: RuleConfig) -> Reason | None:
    """A friend or buddy in the home died within the threshold (days 0 up to, not including,
    it). The most recent death is named; several are listed."""
    window = _threshold(config)
    deaths = sorted(
        (d for d in person.friends_died if 0 <= (level.today - d.died_on).days < window),
        key=lambda d: (d.died_on, d.name),
        reverse=True,
    )
    if not deaths:
        return None
    latest = deaths[0]
    days = (level.today - latest.died_on).days
    if len(deaths) > 1:
        names = get_text_list([d.name for d in deaths], gettext("and"))
        text = gettext("Their friends %(names)s died in the last %(days)d days") % {
            "names": names,
            "days": window,
        }
    elif days == 0:
        text = gettext("Their friend %(name)s died today") % {"name": latest.name}
    elif days == 1:
        text = gettext("Their friend %(name)s died yesterday") % {"name": latest.name}
    else:
        text = gettext("Their friend %(name)s died on %(day)s") % {
            "name": latest.name,
            "day": _when(latest.died_on, level.today),
        }
    return _reason(
        "friend_died", config, text, days=days, friends=len(deaths), died_on=str(latest.died_on)
    )


def language(person: Person, level: HomeLevel, config: RuleConfig) -> Reason | None:
    """A preferred language (other than English) that nobody on today's shift speaks; when
    nobody has said they are on shift, nobody on the staff at all, and the reason says so."""
    if person.language_spoken or not person.preferred_language.strip():
        return None
    name = person.preferred_language.strip()
    if level.shift_known:
        text = gettext("Preferred language %(language)s; nobody on today's shift speaks it")
    else:
        text = gettext(
            "Preferred language %(language)s; none of the staff speaks it (nobody has said "
            "they are on shift today)"
        )
    return _reason(
        "language", config, text % {"language": name}, language=name, shift=level.shift_known
    )


def no_family_ever(person: Person, level: HomeLevel, config: RuleConfig) -> Reason | None:
    """No contact with family or friends ever recorded, once the person has been here, and
    the log has covered them, for at least the threshold in days."""
    wait = _threshold(config)
    if person.days_since_family is not None or min(person.days_here, person.days_known) < wait:
        return None
    if person.has_circle:
        text = gettext("No family or friends contact recorded ever")
    else:
        text = gettext(
            "No family or friends contact recorded ever, and nobody is listed in their circle"
        )
    return _reason("no_family_ever", config, text, days=person.days_known)


def no_contact(person: Person, level: HomeLevel, config: RuleConfig) -> Reason | None:
    """No meaningful moment of any kind for at least the threshold in days *and* for at least
    half as long again as the person's own usual gap between moments (from their usual week);
    someone whose usual is a moment a week is flagged after about ten days, not three."""
    days = person.days_since_any
    days = person.days_known if days is None else days
    wait = own_wait(_threshold(config), usual_per_week(person.weekly_moments))
    if days < wait:
        return None
    text = ngettext(
        "No contact of any kind recorded for %(count)d day",
        "No contact of any kind recorded for %(count)d days",
        days,
    ) % {"count": days}
    return _reason("no_contact", config, text, days=days, waited_for=wait)


def low_mood(person: Person, level: HomeLevel, config: RuleConfig) -> Reason | None:
    """Seemed low or upset in more than the threshold (a percentage) of the last seven days'
    moments with a mood recorded, out of at least ``MIN_RATED``."""
    recent = person.recent
    if recent.rated < MIN_RATED or recent.low_mood * 100 <= _threshold(config) * recent.rated:
        return None
    text = gettext("Seemed low or upset in %(low)d of %(rated)d moments in the last 7 days") % {
        "low": recent.low_mood,
        "rated": recent.rated,
    }
    return _reason("low_mood", config, text, low=recent.low_mood, rated=recent.rated)


def lonely_measure(person: Person, level: HomeLevel, config: RuleConfig) -> Reason | None:
    """The latest loneliness measure read as lonely under the home's bands and was answered
    within the threshold (days 0 up to, not including, it)."""
    measure = person.lonely_measure
    if measure is None:
        return None
    days = (level.today - measure.answered_on).days
    if not 0 <= days < _threshold(config):
        return None
    text = gettext("A loneliness measure on %(date)s read as lonely (%(result)s)") % {
        "date": date_format(measure.answered_on, "j F Y"),
        "result": measure.result,
    }
    return _reason("lonely_measure", config, text, days=days, result=measure.result)


RULES: tuple[Rule, ...] = (
    Rule(
        "no_contact",
        _("No contact of any kind"),
        3,
        _("days"),
        4,
        _(
            "Staff see everyone every day, so three days without one meaningful moment recorded "
            "means someone is slipping out of sight (or moments are going unrecorded, which "
            "needs putting right too). People whose own usual is slower are given longer."
        ),
        no_contact,
        maximum=90,
    ),
    Rule(
        "no_visitor",
        _("No visitor for a while"),
        10,
        _("days"),
        3,
        _(
            "Ten days is longer than the gap for anyone visited every week. Each person is also "
            "judged against their own rhythm (half as long again as their usual gap), so "
            "someone visited monthly is not flagged at ten days."
        ),
        no_visitor,
        maximum=180,
    ),
    Rule(
        "friend_died",
        _("A friend in the home died"),
        28,
        _("days"),
        3,
        _(
            "Grief for a friend is easily missed in a care home. Four weeks covers the funeral "
            "and the first weeks after."
        ),
        friend_died,
        maximum=180,
    ),
    Rule(
        "back_from_hospital",
        _("Back from hospital"),
        14,
        _("days"),
        3,
        _(
            "A hospital stay breaks routines and friendships; the first fortnight back is when "
            "people most often withdraw."
        ),
        back_from_hospital,
        maximum=90,
    ),
    Rule(
        "no_family_ever",
        _("No family or friends contact recorded"),
        14,
        _("days after moving in"),
        3,
        _(
            "In the first fortnight family may still be making arrangements. After that, no "
            "contact at all may mean someone has nobody, and the home can help: a befriender, "
            "finding old friends, a faith or community group."
        ),
        no_family_ever,
    ),
    Rule(
        "lonely_measure",
        _("Said they feel lonely"),
        90,
        _("days since the measure"),
        3,
        _(
            "A loneliness measure tells how a person feels, which no count of contacts can. "
            "Measures are usually repeated every three months."
        ),
        lonely_measure,
    ),
    Rule(
        "below_usual",
        _("Less contact than usual"),
        round(BELOW_RATIO * 100),
        _("per cent of their usual week"),
        2,
        _(
            "Below half of one's usual is a real change, not the ordinary ups and downs of a "
            "week; the home's figures use the same line. A person is flagged only when they "
            "are also below half of the home's usual, so a private person is not nagged about. "
            "A week partly spent in hospital is not compared."
        ),
        below_usual,
        maximum=100,
    ),
    Rule(
        "declined_groups",
        _("Declined every group activity"),
        2,
        _("group activities offered, at least"),
        2,
        _(
            "Saying no once is a choice. Declining everything offered, at least twice in a "
            "week, can be a sign of low mood, pain or not feeling welcome."
        ),
        declined_groups,
        maximum=50,
    ),
    Rule(
        "low_mood",
        _("Seemed low most of the time"),
        50,
        _("per cent of moments, more than"),
        2,
        _(
            "More than half of a week's moments rated as low or upset, out of at least three, "
            "is a pattern rather than a bad day."
        ),
        low_mood,
        maximum=99,
    ),
    Rule(
        "language",
        _("Nobody on shift speaks their language"),
        None,
        None,
        2,
        _(
            "A person who cannot talk in their own language with anyone around them is cut off "
            "even in company. English is taken as spoken by every member of staff."
        ),
        language,
    ),
    Rule(
        "new_here",
        _("New here"),
        8,
        _("weeks"),
        2,
        _(
            "The first two months are when people most need help to settle in and make "
            "friends; the resident record marks newcomers for the same eight weeks."
        ),
        new_here,
        maximum=52,
    ),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
MAX_WEIGHT = 20


def defaults() -> dict[str, RuleConfig]:
    return {rule.code: rule.default for rule in RULES}


def reasons_for(
    person: Person, level: HomeLevel, configs: Mapping[str, RuleConfig]
) -> list[Reason]:
    """Every reason the home's rules in use give for ``person``, heaviest first."""
    found = []
    for rule in RULES:
        config = configs.get(rule.code) or rule.default
        if config.enabled:
            reason = rule.check(person, level, config)
            if reason is not None:
                found.append(reason)
    return sorted(found, key=lambda r: -r.weight)


# --- the ranked list ------------------------------------------------------------------------


@dataclass(frozen=True)
class Understood:
    """Staff have marked one reason for one person as understood, until ``review_on``."""

    note: str
    review_on: dt.date
    by: str = ""


@dataclass(frozen=True)
class Shown:
    reason: Reason
    understood: Understood | None = None


@dataclass
class Flagged:
    person: Person
    reasons: list[Shown]
    score: int
    """The sum of the weights of the reasons not marked as understood."""

    @property
    def needs(self) -> bool:
        return self.score > 0


def rank(
    people: Iterable[Person],
    level: HomeLevel,
    configs: Mapping[str, RuleConfig],
    understood: Mapping[tuple[int, str], Understood],
) -> list[Flagged]:
    """Everyone with at least one reason, in order of need: the sum of the weights of their
    reasons not marked as understood, then the longest since any contact (never first), then
    name. ``understood`` maps (person key, rule code) to the acknowledgement in force."""
    flagged = []
    for person in people:
        reasons = reasons_for(person, level, configs)
        if reasons:
            shown = [Shown(r, understood.get((person.key, r.code))) for r in reasons]
            score = sum(s.reason.weight for s in shown if s.understood is None)
            flagged.append(Flagged(person, shown, score))
    return sorted(flagged, key=_need)


def _need(item: Flagged) -> tuple[int, float, str]:
    quiet = item.person.days_since_any
    return (-item.score, -(float("inf") if quiet is None else quiet), item.person.name)

"""The three loneliness instruments as plain data, scored exactly as their authors define.

No database inside: items, answer options, scoring and bands work on plain values, so the
published worked examples can be tested directly. Sources and scoring rules:
``shared/domain/standards.md`` §6.1 to 6.3.

Item and answer keys are stable: they are what a measure stores, so a stored measure can always
be rescored. Instrument keys match ``models.Instrument``."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise as Text
else:
    Text = str

ONS = "ons"
UCLA3 = "ucla3"
DJG6 = "djg6"

SOCIAL = "social"
EMOTIONAL = "emotional"


class ScaleError(ValueError):
    """Answers that do not belong to the instrument: an unknown item or answer key."""


@dataclass(frozen=True)
class Option:
    key: str
    label: Text


@dataclass(frozen=True)
class Item:
    key: str
    text: Text
    points: Mapping[str, int] = field(default_factory=dict)
    """Points for each answer key; empty for a question the authors do not score."""
    subscale: str = ""


@dataclass(frozen=True)
class Scale:
    key: str
    items: tuple[Item, ...]
    options: tuple[Option, ...]
    """In the order the published version offers them."""
    lowest: int | None = None
    highest: int | None = None
    """The published range of the total; None for the ONS question, which has no score."""

    @property
    def scored(self) -> bool:
        return self.lowest is not None

    @property
    def has_subscales(self) -> bool:
        return any(item.subscale for item in self.items)

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise ScaleError(f"{self.key} has no item {key!r}")

    def option(self, key: str) -> Option:
        for option in self.options:
            if option.key == key:
                return option
        raise ScaleError(f"{self.key} has no answer {key!r}")


# The ONS direct question (ONS 2018 national indicators). The ONS defines no score; the answer
# itself is read against the home's list of lonely answers.
ONS_SCALE = Scale(
    key=ONS,
    items=(Item("lonely", _("How often do you feel lonely?")),),
    options=(
        Option("often", _("Often/always")),
        Option("some_of_the_time", _("Some of the time")),
        Option("occasionally", _("Occasionally")),
        Option("hardly_ever", _("Hardly ever")),
        # "Never" alone is already translated for other pages ("last used: never"), where Welsh
        # needs a different word from the one for how often.
        Option("never", pgettext_lazy("how often", "Never")),
    ),
)
ONS_FROM_LEAST_LONELY = ("never", "hardly_ever", "occasionally", "some_of_the_time", "often")
"""The ONS answers in order, for drawing them over time; the ONS itself gives them no numbers."""

_UCLA_POINTS = {"hardly_ever": 1, "some_of_the_time": 2, "often": 3}

# UCLA 3-item Loneliness Scale (Hughes et al. 2004): each item 1 to 3, total 3 to 9.
UCLA_SCALE = Scale(
    key=UCLA3,
    items=(
        Item(
            "companionship", _("How often do you feel that you lack companionship?"), _UCLA_POINTS
        ),
        Item("left_out", _("How often do you feel left out?"), _UCLA_POINTS),
        Item("isolated", _("How often do you feel isolated from others?"), _UCLA_POINTS),
    ),
    options=(
        Option("hardly_ever", _("Hardly ever or never")),
        Option("some_of_the_time", _("Some of the time")),
        Option("often", _("Often")),
    ),
    lowest=3,
    highest=9,
)

# The neutral "more or less" counts as a lonely answer on every item: that is the authors' rule
# for the 3-point version, not a choice of ours.
_LONELY_IF_YES = {"yes": 1, "more_or_less": 1, "no": 0}
_LONELY_IF_NO = {"yes": 0, "more_or_less": 1, "no": 1}

# De Jong Gierveld 6-item Loneliness Scale (De Jong Gierveld & Van Tilburg 2006).
DJG_SCALE = Scale(
    key=DJG6,
    items=(
        Item(
            "emptiness", _("I experience a general sense of emptiness"), _LONELY_IF_YES, EMOTIONAL
        ),
        Item(
            "rely_on",
            _("There are plenty of people I can rely on when I have problems"),
            _LONELY_IF_NO,
            SOCIAL,
        ),
        Item("trust", _("There are many people I can trust completely"), _LONELY_IF_NO, SOCIAL),
        Item("miss_people", _("I miss having people around me"), _LONELY_IF_YES, EMOTIONAL),
        Item("close_to", _("There are enough people I feel close to"), _LONELY_IF_NO, SOCIAL),
        Item("rejected", _("I often feel rejected"), _LONELY_IF_YES, EMOTIONAL),
    ),
    options=(
        Option("yes", _("Yes")),
        Option("more_or_less", _("More or less")),
        Option("no", _("No")),
    ),
    lowest=0,
    highest=6,
)

SCALES: dict[str, Scale] = {scale.key: scale for scale in (ONS_SCALE, UCLA_SCALE, DJG_SCALE)}


def scale_for(key: str) -> Scale:
    try:
        return SCALES[key]
    except KeyError:
        raise ScaleError(f"No instrument {key!r}") from None


@dataclass(frozen=True)
class Scores:
    total: int | None = None
    social: int | None = None
    emotional: int | None = None


Answers = Mapping[str, str | None]


def clean_answers(scale: Scale, answers: Answers) -> dict[str, str | None]:
    """Every item of ``scale`` with its answer key, or None where it was not answered.
    Raises ``ScaleError`` for an item or answer key the instrument does not have."""
    for key in answers:
        scale.item(key)
    cleaned: dict[str, str | None] = {}
    for item in scale.items:
        answer = answers.get(item.key) or None
        if answer is not None:
            scale.option(answer)
        cleaned[item.key] = answer
    return cleaned


def is_complete(scale: Scale, answers: Answers) -> bool:
    return all(answers.get(item.key) for item in scale.items)


def score(scale: Scale, answers: Answers) -> Scores:
    """The total (and the social and emotional subscales, for De Jong Gierveld) by the published
    rules, which score complete sets only: all None when any answer is missing, and for the ONS
    question, which has no score."""
    cleaned = clean_answers(scale, answers)
    if not scale.scored or not is_complete(scale, cleaned):
        return Scores()
    points = {item.key: item.points[cleaned[item.key] or ""] for item in scale.items}
    total = sum(points.values())
    if not scale.has_subscales:
        return Scores(total=total)
    return Scores(
        total=total,
        social=_subtotal(scale, points, SOCIAL),
        emotional=_subtotal(scale, points, EMOTIONAL),
    )


def _subtotal(scale: Scale, points: Mapping[str, int], subscale: str) -> int:
    return sum(points[item.key] for item in scale.items if item.subscale == subscale)


@dataclass(frozen=True)
class Band:
    """How a score reads against the home's cut-offs. ``level`` orders the bands (0 is not
    lonely), so the early warning can compare readings across instruments."""

    key: str
    label: Text
    level: int

    @property
    def lonely(self) -> bool:
        return self.level > 0


NOT_LONELY = Band("not_lonely", _("Not lonely"), 0)
LONELY = Band("lonely", _("Lonely"), 1)
MODERATELY_LONELY = Band("moderate", _("Moderately lonely"), 1)
SEVERELY_LONELY = Band("severe", _("Severely lonely"), 2)


@dataclass(frozen=True)
class Cutoffs:
    """A home's cut-offs (the values of its ``ScaleBands``), as plain values. The defaults are
    the commonest published ones; see ``ScaleBands`` and the bands page for the reasons."""

    ucla_lonely_from: int = 6
    djg_moderate_from: int = 2
    djg_severe_from: int = 5
    ons_lonely_answers: tuple[str, ...] = ("often",)


DEFAULT_CUTOFFS = Cutoffs()


def ucla_band(total: int | None, lonely_from: int) -> Band | None:
    if total is None:
        return None
    return LONELY if total >= lonely_from else NOT_LONELY


def djg_band(total: int | None, moderate_from: int, severe_from: int) -> Band | None:
    if total is None:
        return None
    if total >= severe_from:
        return SEVERELY_LONELY
    return MODERATELY_LONELY if total >= moderate_from else NOT_LONELY


def ons_band(answer: str | None, lonely_answers: Sequence[str]) -> Band | None:
    if not answer:
        return None
    return LONELY if answer in lonely_answers else NOT_LONELY


def band_for(scale: Scale, answers: Answers, cutoffs: Cutoffs) -> Band | None:
    """How a set of answers reads against the home's cut-offs; None when it cannot be read
    (a missing answer)."""
    if scale.key == ONS:
        return ons_band(clean_answers(scale, answers)["lonely"], cutoffs.ons_lonely_answers)
    total = score(scale, answers).total
    if scale.key == UCLA3:
        return ucla_band(total, cutoffs.ucla_lonely_from)
    return djg_band(total, cutoffs.djg_moderate_from, cutoffs.djg_severe_from)


def cutoff_problems(cutoffs: Cutoffs) -> dict[str, Text]:
    """What is wrong with a home's cut-offs, by field name; empty when they can stand."""
    problems: dict[str, Text] = {}
    if not _within(cutoffs.ucla_lonely_from, UCLA_SCALE):
        problems["ucla_lonely_from"] = _("Enter a UCLA-3 total from 3 to 9.")
    for name in ("djg_moderate_from", "djg_severe_from"):
        if not _within(getattr(cutoffs, name), DJG_SCALE):
            problems[name] = _("Enter a De Jong Gierveld total from 0 to 6.")
    djg_in_range = not {"djg_moderate_from", "djg_severe_from"} & problems.keys()
    if djg_in_range and cutoffs.djg_moderate_from >= cutoffs.djg_severe_from:
        problems["djg_severe_from"] = _(
            "The severe cut-off must be higher than the moderate cut-off."
        )
    unknown = set(cutoffs.ons_lonely_answers) - set(ONS_FROM_LEAST_LONELY)
    if unknown or not cutoffs.ons_lonely_answers:
        problems["ons_lonely_answers"] = _("Choose at least one answer to read as lonely.")
    return problems


def _within(value: int, scale: Scale) -> bool:
    return (
        scale.lowest is not None
        and scale.highest is not None
        and (scale.lowest <= value <= scale.highest)
    )

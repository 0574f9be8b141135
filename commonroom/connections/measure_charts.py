"""Scores over time as line charts: the layout as plain numbers, drawn by an inline SVG template.

No database inside. Measures are taken at irregular times, so the x axis is real time, not one
slot per value. Points that read as lonely are squares and the others circles, so the chart does
not rely on colour; each cut-off is a dashed line with its words above it.

The box is ``WIDTH`` units wide and shown at the column's width: on a 375 px phone about 345 px,
so text of ``FONT`` units still reads at 12.7 px or more."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from . import scales

WIDTH = 380
FONT = 14
CHAR_WIDTH = 0.56 * FONT
"""An average character of the page's sans-serif font, to leave room for the value labels."""
GAP = 6
TOP = 24
"""Room above the highest gridline for the value over a point at the top."""
PLOT_HEIGHT = 170
EDGE_ROOM = 10
"""Keeps the first and last markers clear of the plot's edges."""
MARKER = 5
"""Half the size of a point's marker."""
VALUE_LABELS_UP_TO = 12
"""More points than this and the value above each would overlap; the table still has them."""


@dataclass(frozen=True)
class Tick:
    y: float
    label: str

    @property
    def text_y(self) -> float:
        return round(self.y + FONT * 0.35, 1)

    @property
    def above_y(self) -> float:
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class Sample:
    """One value to draw; ``value`` None leaves a gap in the line."""

    day: dt.date
    value: float | None
    label: str = ""
    lonely: bool = False


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    day: dt.date
    label: str
    lonely: bool

    @property
    def box(self) -> tuple[float, float]:
        """The top-left corner of a square marker centred on the point."""
        return round(self.x - MARKER, 1), round(self.y - MARKER, 1)

    @property
    def label_y(self) -> float:
        return round(self.y - MARKER - 4, 1)


@dataclass(frozen=True)
class LegendItem:
    x: float
    lonely: bool
    label: str

    @property
    def text_x(self) -> float:
        return round(self.x + 2 * MARKER + GAP, 1)

    @property
    def box_x(self) -> float:
        return round(self.x, 1)

    @property
    def centre_x(self) -> float:
        return round(self.x + MARKER, 1)


@dataclass(frozen=True)
class Chart:
    ticks: list[Tick]
    cuts: list[Tick]
    points: list[Point]
    path: str
    first: dt.date | None
    last: dt.date | None
    show_values: bool
    left: float
    legend: list[LegendItem] = field(default_factory=list)
    right: float = WIDTH - 4
    top: float = TOP
    bottom: float = TOP + PLOT_HEIGHT
    width: int = WIDTH
    font: int = FONT

    @property
    def label_x(self) -> float:
        return round(self.left - GAP, 1)

    @property
    def middle_x(self) -> float:
        return round((self.left + self.right) / 2, 1)

    @property
    def date_y(self) -> float:
        return self.bottom + GAP + FONT

    @property
    def legend_y(self) -> float:
        return self.date_y + GAP + FONT + 4

    @property
    def legend_marker_y(self) -> float:
        return round(self.legend_y - FONT * 0.35 - MARKER, 1)

    @property
    def legend_centre_y(self) -> float:
        return round(self.legend_y - FONT * 0.35, 1)

    @property
    def height(self) -> float:
        return self.legend_y + GAP if self.legend else self.date_y + GAP

    @property
    def single(self) -> bool:
        return self.first is not None and self.first == self.last


def line_chart(
    samples: Sequence[Sample],
    *,
    lowest: float,
    highest: float,
    ticks: Sequence[tuple[float, str]],
    cuts: Sequence[tuple[float, str]] = (),
) -> Chart:
    """Lay out ``samples`` (oldest first) against real time, on a value axis from ``lowest`` to
    ``highest``, with labelled gridlines at ``ticks`` and dashed lines at ``cuts``."""
    left = max((len(label) for _value, label in ticks), default=0) * CHAR_WIDTH + 2 * GAP
    days = [sample.day for sample in samples]
    first, last = (min(days), max(days)) if days else (None, None)
    bottom = TOP + PLOT_HEIGHT
    right = WIDTH - 4

    def y_of(value: float) -> float:
        share = (value - lowest) / (highest - lowest) if highest > lowest else 0.5
        return round(bottom - share * PLOT_HEIGHT, 1)

    def x_of(day: dt.date) -> float:
        if first is None or last is None or first == last:
            return round((left + right) / 2, 1)
        share = (day - first).days / (last - first).days
        return round(left + EDGE_ROOM + share * (right - left - 2 * EDGE_ROOM), 1)

    points = [
        Point(x_of(s.day), y_of(s.value), s.day, s.label, s.lonely)
        for s in samples
        if s.value is not None
    ]
    return Chart(
        ticks=[Tick(y_of(value), label) for value, label in ticks],
        cuts=[Tick(y_of(value), label) for value, label in cuts],
        points=points,
        path=_path(samples, points),
        first=first,
        last=last,
        show_values=len(points) <= VALUE_LABELS_UP_TO,
        left=round(left, 1),
    )


def _path(samples: Sequence[Sample], points: Sequence[Point]) -> str:
    """SVG path data through the points, broken where a value is missing."""
    parts: list[str] = []
    remaining = iter(points)
    joined = False
    for sample in samples:
        if sample.value is None:
            joined = False
            continue
        point = next(remaining)
        parts.append(f"{'L' if joined else 'M'}{point.x} {point.y}")
        joined = True
    return " ".join(parts)


def scale_chart(scale: scales.Scale, samples: Sequence[Sample], cutoffs: scales.Cutoffs) -> Chart:
    """The chart of one instrument's measures, with the home's cut-offs drawn."""
    if scale.key == scales.ONS:
        return _ons_chart(samples, cutoffs)
    low, high = scale.lowest or 0, scale.highest or 0
    ticks = [(float(value), str(value)) for value in range(low, high + 1)]
    chart = line_chart(samples, lowest=low, highest=high, ticks=ticks, cuts=_cuts(scale, cutoffs))
    return _with_legend(chart)


def _with_legend(chart: Chart) -> Chart:
    calm = _("Not lonely")
    calm_width = 2 * MARKER + GAP + len(calm) * CHAR_WIDTH + 3 * GAP
    items = [
        LegendItem(chart.left, False, calm),
        LegendItem(chart.left + calm_width, True, _("Read as lonely")),
    ]
    return replace(chart, legend=items)


def _cuts(scale: scales.Scale, cutoffs: scales.Cutoffs) -> list[tuple[float, str]]:
    # Half-way below the first lonely total, so that the line runs between the two bands.
    if scale.key == scales.UCLA3:
        lonely = cutoffs.ucla_lonely_from
        return [(lonely - 0.5, _("Lonely from %(total)s") % {"total": lonely})]
    moderate, severe = cutoffs.djg_moderate_from, cutoffs.djg_severe_from
    return [
        (moderate - 0.5, _("Moderately lonely from %(total)s") % {"total": moderate}),
        (severe - 0.5, _("Severely lonely from %(total)s") % {"total": severe}),
    ]


def _ons_chart(samples: Sequence[Sample], cutoffs: scales.Cutoffs) -> Chart:
    order = scales.ONS_FROM_LEAST_LONELY
    labels = {option.key: str(option.label) for option in scales.ONS_SCALE.options}
    ticks = [(float(rank), labels[key]) for rank, key in enumerate(order)]
    lonely = sorted(order.index(key) for key in cutoffs.ons_lonely_answers if key in order)
    cuts: list[tuple[float, str]] = []
    # One line can only split the answers when the lonely ones are the top ones, as they are
    # unless a home has chosen something unusual; the square markers still show each reading.
    if lonely and lonely[0] > 0 and lonely == list(range(lonely[0], len(order))):
        cuts.append((lonely[0] - 0.5, _("Lonely above this line")))
    chart = line_chart(samples, lowest=0, highest=len(order) - 1, ticks=ticks, cuts=cuts)
    return _with_legend(chart)


def ons_rank(answer: str | None) -> int | None:
    """Where an ONS answer sits on the chart, from 0 (never) to 4 (often or always)."""
    if answer not in scales.ONS_FROM_LEAST_LONELY:
        return None
    return scales.ONS_FROM_LEAST_LONELY.index(answer)

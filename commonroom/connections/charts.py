"""The geometry of the connection charts: scales, ticks, stacked bars, lines and legends.

Plain numbers and strings in, plain shapes out; the templates draw them as inline SVG. No
database inside; the caller passes the words a chart shows, except the change over four weeks
(``trend_words``).

Charts are drawn in a box ``WIDTH`` units wide, shown at the page's width (at most
``max-width`` of ``.cr-chart``). On a 375 px phone the box is about 345 px wide, so text of
``FONT`` units still reads at 12.7 px or more."""

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

WIDTH = 380
FONT = 14
CHAR_WIDTH = 0.6 * FONT
"""An average character of the page's sans-serif font, to keep labels from overlapping."""
PLOT_HEIGHT = 170
TOP_PAD = 10
TICK_GAP = 6
SWATCH = 14
LEGEND_ROW = 22
MAX_X_LABELS = 6

PATTERNS = {
    "family": "solid",
    "peers": "stripes",
    "staff": "dots",
    "community": "checks",
    "declined": "lines",
}
"""Each series has its own fill pattern as well as its own colour, so that the bars can be told
apart without colour (and in print)."""
COLOURS = {
    "family": "#d4351c",
    "peers": "#1d70b8",
    "staff": "#00703c",
    "community": "#4c2c92",
    "declined": "#505a5f",
    "line": "#0b0c0c",
}
"""GOV.UK palette colours, each with at least 3:1 contrast against white (WCAG 1.4.11)."""


@dataclass(frozen=True)
class Series:
    key: str
    label: str

    @property
    def pattern(self) -> str:
        return PATTERNS.get(self.key, "solid")

    @property
    def colour(self) -> str:
        return COLOURS.get(self.key, COLOURS["line"])


@dataclass(frozen=True)
class Column:
    """One bar: ``values`` stacked above the line, ``below`` drawn under it (declined)."""

    label: str
    title: str
    values: Mapping[str, int]
    below: int = 0


@dataclass(frozen=True)
class Tick:
    at: float
    label: str
    anchor: str = "middle"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    series: Series
    title: str


@dataclass(frozen=True)
class LegendItem:
    x: float
    y: float
    series: Series

    @property
    def text_x(self) -> float:
        return self.x + SWATCH + 6

    @property
    def text_y(self) -> float:
        return self.y + SWATCH - 2


@dataclass(frozen=True)
class Plot:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def tick_end(self) -> float:
        return self.bottom + 4


@dataclass(frozen=True)
class Scale:
    """A linear map from ``low``..``high`` onto the plot's ``bottom``..``top``."""

    low: float
    high: float
    top: float
    bottom: float

    def y(self, value: float) -> float:
        span = self.high - self.low or 1
        return round(self.bottom - (value - self.low) / span * (self.bottom - self.top), 2)


@dataclass
class BarChart:
    ident: str
    title: str
    description: str
    width: int
    height: float
    plot: Plot
    zero: float
    rects: list[Rect]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    legend: list[LegendItem]
    series: list[Series]
    below: Series | None = None


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    title: str


@dataclass
class LineChart:
    ident: str
    title: str
    description: str
    width: int
    height: float
    plot: Plot
    paths: list[str]
    points: list[Point]
    y_ticks: list[Tick]
    x_ticks: list[Tick]


def nice_step(largest: float, most_ticks: int = 5, *, whole: bool = True) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that covers ``largest`` in
    ``most_ticks`` steps or fewer; never below 1 for counts (``whole``), since half a contact
    means nothing."""
    if largest <= 0:
        return 1.0
    raw = largest / most_ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if step >= raw and (not whole or step == int(step)):
            return max(step, 1.0) if whole else step
    return 10 * power


def nice_top(largest: float, *, whole: bool = True) -> tuple[float, float]:
    """The top of the scale (a whole number of steps at or above ``largest``) and the step."""
    step = nice_step(largest, whole=whole)
    return max(step, math.ceil(largest / step - 1e-9) * step), step


def ticks_between(low: float, high: float, step: float, fmt: Callable[[float], str]) -> list[Tick]:
    count = round((high - low) / step)
    return [Tick(low + i * step, fmt(low + i * step), "end") for i in range(count + 1)]


def text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def x_label_every(count: int) -> int:
    """Label every n-th column so that the labels never run into each other."""
    return max(1, math.ceil(count / MAX_X_LABELS))


def x_ticks(centres: Sequence[float], labels: Sequence[str]) -> list[Tick]:
    """Ticks under the columns, counted back from the latest so that it is always labelled; a
    label that would run off either side of the chart is lined up with its tick instead."""
    every = x_label_every(len(centres))
    last = len(centres) - 1
    return [
        Tick(round(centres[i], 2), labels[i], _anchor(centres[i], labels[i]))
        for i in range(len(centres))
        if (last - i) % every == 0
    ]


def _last_label_room(labels: Sequence[str]) -> float:
    """Room on the right for half of the latest column's label, which is always shown."""
    return max(8.0, text_width(labels[-1]) / 2) if labels else 8.0


def _anchor(centre: float, label: str) -> str:
    half = text_width(label) / 2
    if centre + half > WIDTH:
        return "end"
    return "start" if centre - half < 0 else "middle"


def legend(series: Sequence[Series], *, width: float = WIDTH) -> tuple[list[LegendItem], float]:
    """Swatches with their words, flowed into rows across the chart; returns the items and the
    height they take."""
    items: list[LegendItem] = []
    x, y = 0.0, 0.0
    for one in series:
        needed = SWATCH + 6 + text_width(one.label) + 16
        if x and x + needed > width:
            x, y = 0.0, y + LEGEND_ROW
        items.append(LegendItem(round(x, 2), y, one))
        x += needed
    return items, (y + LEGEND_ROW if series else 0.0)


def plain(value: float) -> str:
    return f"{value:g}"


def stacked_bars(
    ident: str,
    columns: Sequence[Column],
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    below: Series | None = None,
) -> BarChart:
    """Bars of ``series`` stacked per column, with the ``below`` count (if any) hanging under
    the zero line on the same scale."""
    items, legend_height = legend([*series, *([below] if below else [])])
    top_value, step = nice_top(max((sum(c.values.values()) for c in columns), default=0))
    low_value = _below_room(columns, step) if below else 0
    labels_room = max(text_width(plain(v)) for v in (top_value, -low_value)) + TICK_GAP
    top = legend_height + TOP_PAD
    right = WIDTH - _last_label_room([c.label for c in columns])
    plot = Plot(labels_room, top, right, top + PLOT_HEIGHT)
    scale = Scale(-low_value, top_value, plot.top, plot.bottom)
    slot = (plot.right - plot.left) / max(len(columns), 1)
    rects: list[Rect] = []
    for index, column in enumerate(columns):
        x = plot.left + index * slot + slot * 0.15
        rects.extend(_stack(column, series, scale, x, slot * 0.7))
        if below and column.below:
            height = scale.y(-column.below) - scale.y(0)
            rects.append(_rect(x, scale.y(0), slot * 0.7, height, below, column, column.below))
    centres = [plot.left + (i + 0.5) * slot for i in range(len(columns))]
    return BarChart(
        ident=ident,
        title=title,
        description=description,
        width=WIDTH,
        height=plot.bottom + FONT + 2 * TICK_GAP,
        plot=plot,
        zero=scale.y(0),
        rects=rects,
        y_ticks=[
            Tick(scale.y(t.at), t.label.lstrip("-"), t.anchor)
            for t in ticks_between(-low_value, top_value, step, plain)
        ],
        x_ticks=x_ticks(centres, [c.label for c in columns]),
        legend=items,
        series=list(series),
        below=below,
    )


def _below_room(columns: Sequence[Column], step: float) -> float:
    most = max((c.below for c in columns), default=0)
    return math.ceil(most / step) * step if most else 0


def _stack(
    column: Column, series: Sequence[Series], scale: Scale, x: float, width: float
) -> list[Rect]:
    rects = []
    base = 0
    for one in series:
        value = column.values.get(one.key, 0)
        if value:
            top = scale.y(base + value)
            rects.append(_rect(x, top, width, scale.y(base) - top, one, column, value))
            base += value
    return rects


def _rect(
    x: float, y: float, width: float, height: float, series: Series, column: Column, value: int
) -> Rect:
    title = f"{column.title}: {series.label} {value}"
    return Rect(round(x, 2), round(y, 2), round(width, 2), round(height, 2), series, title)


@dataclass(frozen=True)
class Value:
    """One point of a line: ``value`` None leaves a gap."""

    label: str
    title: str
    value: float | None


def line_chart(
    ident: str,
    values: Sequence[Value],
    *,
    title: str,
    description: str,
    fmt: Callable[[float], str] = plain,
    low: float = 0,
    high: float | None = None,
    ticks: Sequence[tuple[float, str]] = (),
    tick_fmt: Callable[[float], str] | None = None,
) -> LineChart:
    """A line through ``values`` from ``low`` to ``high`` (or a nice top above the largest
    value), with a round marker on every point so that a single week still shows. ``ticks``
    replaces the automatic value ticks with words (for example for the engagement scale);
    ``tick_fmt`` writes the automatic ones when they need fewer decimals than the values."""
    known = [v.value for v in values if v.value is not None]
    if high is None:
        span, step = nice_top(max(known, default=0) - low, whole=False)
        high = low + span
    else:
        step = nice_step(high - low, whole=False)
    y_labels = ticks_between(low, high, step, tick_fmt or fmt)
    if ticks:
        y_labels = [Tick(at, label, "end") for at, label in ticks]
    room = max((text_width(t.label) for t in y_labels), default=0) + TICK_GAP
    right = WIDTH - _last_label_room([v.label for v in values])
    plot = Plot(room, TOP_PAD, right, TOP_PAD + PLOT_HEIGHT)
    scale = Scale(low, high, plot.top, plot.bottom)
    slot = (plot.right - plot.left) / max(len(values), 1)
    centres = [plot.left + (i + 0.5) * slot for i in range(len(values))]
    points = [
        Point(round(centres[i], 2), scale.y(v.value), v.value, f"{v.title}: {fmt(v.value)}")
        for i, v in enumerate(values)
        if v.value is not None
    ]
    return LineChart(
        ident=ident,
        title=title,
        description=description,
        width=WIDTH,
        height=plot.bottom + FONT + 2 * TICK_GAP,
        plot=plot,
        paths=_paths(values, centres, scale),
        points=points,
        y_ticks=[Tick(scale.y(t.at), t.label, "end") for t in y_labels],
        x_ticks=x_ticks(centres, [v.label for v in values]),
    )


def _paths(values: Sequence[Value], centres: Sequence[float], scale: Scale) -> list[str]:
    """SVG path data, one run per stretch of known values, so that a gap shows as a gap."""
    runs: list[list[str]] = [[]]
    for centre, one in zip(centres, values, strict=True):
        if one.value is None:
            runs.append([])
            continue
        command = "L" if runs[-1] else "M"
        runs[-1].append(f"{command}{centre:.2f} {scale.y(one.value):.2f}")
    return [" ".join(run) for run in runs if len(run) > 1]


def percent(value: float) -> str:
    return f"{value:.0f}%"


def one_decimal(value: float) -> str:
    return f"{value:.1f}"


def trend_words(latest: float | None, earlier: float | None, fmt: Callable[[float], str]) -> str:
    """The change against four weeks before, in words ("up from 31% four weeks ago"), compared
    as shown so that 31.2% against 30.8% reads as the same."""
    if latest is None or earlier is None:
        return _("no figure for four weeks before")
    was, now = fmt(earlier), fmt(latest)
    if was == now:
        return _("the same as four weeks ago")
    if latest > earlier:
        return _("up from %(value)s four weeks ago") % {"value": was}
    return _("down from %(value)s four weeks ago") % {"value": was}

"""The chart geometry and the network layout: pure functions, tested with plain data."""

import math

import pytest

from commonroom.connections import charts, network_layout
from commonroom.connections.charts import Column, Series, Value
from commonroom.connections.network_layout import Link

SERIES = [Series("family", "Family"), Series("peers", "Peers"), Series("staff", "Staff")]
DECLINED = Series("declined", "Declined")


def test_text_stays_readable_on_a_phone() -> None:
    # A 375 px screen leaves 345 px for the chart: 12 px text at the least.
    assert charts.FONT * 345 / charts.WIDTH >= 12


@pytest.mark.parametrize(
    ("largest", "top", "step"),
    [(0, 1, 1), (3, 3, 1), (7, 8, 2), (10, 10, 2), (12, 15, 5), (46, 50, 10), (230, 250, 50)],
)
def test_scales_end_on_a_round_number(largest: int, top: float, step: float) -> None:
    assert charts.nice_top(largest) == (top, step)


def test_fractional_scales_for_averages() -> None:
    assert charts.nice_top(4.3, whole=False) == (5, 1)
    assert charts.nice_top(0.42, whole=False) == (0.5, 0.1)


def _column(label: str, below: int = 0, **values: int) -> Column:
    return Column(label, f"Week of {label}", values, below)


def test_bars_stack_in_series_order_with_heights_in_proportion() -> None:
    chart = charts.stacked_bars(
        "t",
        [_column("1 Jan", family=2, peers=1), _column("8 Jan", staff=4)],
        SERIES,
        title="T",
        description="D",
    )
    first = [r for r in chart.rects if r.title.startswith("Week of 1 Jan")]
    family, peers = first
    assert family.series.key == "family" and peers.series.key == "peers"
    # Family sits on the line, peers on top of family.
    assert family.y + family.height == pytest.approx(chart.zero)
    assert peers.y + peers.height == pytest.approx(family.y)
    assert family.height == pytest.approx(2 * peers.height)
    (staff,) = [r for r in chart.rects if r.series.key == "staff"]
    assert staff.height == pytest.approx(4 * peers.height)
    assert staff.y == pytest.approx(chart.plot.top)  # 4 is the top of the scale
    assert [t.label for t in chart.y_ticks] == ["0", "1", "2", "3", "4"]
    assert family.title == "Week of 1 Jan: Family 2"


def test_declined_hang_below_the_line_on_the_same_scale() -> None:
    chart = charts.stacked_bars(
        "t",
        [_column("1 Jan", below=2, family=4), _column("8 Jan")],
        SERIES,
        title="T",
        description="D",
        below=DECLINED,
    )
    (declined,) = [r for r in chart.rects if r.series.key == "declined"]
    (family,) = [r for r in chart.rects if r.series.key == "family"]
    assert declined.y == pytest.approx(chart.zero)
    assert declined.height == pytest.approx(family.height / 2, abs=0.02)
    assert chart.zero < chart.plot.bottom
    # Counts below the line are labelled as counts, not as negative numbers.
    assert all(not t.label.startswith("-") for t in chart.y_ticks)
    assert "Declined" in [item.series.label for item in chart.legend]


def test_empty_weeks_draw_nothing_but_keep_their_place() -> None:
    chart = charts.stacked_bars(
        "t", [_column(str(i)) for i in range(4)], SERIES, title="T", description="D"
    )
    assert chart.rects == []
    assert len(chart.x_ticks) == 4


@pytest.mark.parametrize("count", [4, 26, 28, 52])
def test_dates_under_the_bars_never_crowd_and_the_latest_is_labelled(count: int) -> None:
    chart = charts.stacked_bars(
        "t", [_column(f"d{i}", family=1) for i in range(count)], SERIES, title="T", description="D"
    )
    assert len(chart.x_ticks) <= charts.MAX_X_LABELS
    assert chart.x_ticks[-1].label == f"d{count - 1}"
    gaps = [b.at - a.at for a, b in zip(chart.x_ticks, chart.x_ticks[1:], strict=False)]
    assert all(gap >= 6 * charts.CHAR_WIDTH for gap in gaps)
    assert all(r.x + r.width <= chart.width for r in chart.rects)


def test_legend_flows_into_rows_within_the_width() -> None:
    many = [Series(f"s{i}", "A rather long series name") for i in range(4)]
    items, height = charts.legend(many)
    assert height > charts.LEGEND_ROW
    for item in items:
        assert item.text_x + charts.text_width(item.series.label) <= charts.WIDTH


def test_each_series_has_its_own_pattern_as_well_as_colour() -> None:
    keys = ["family", "peers", "staff", "community", "declined"]
    assert len({charts.PATTERNS[k] for k in keys}) == len(keys)
    assert len({charts.COLOURS[k] for k in keys}) == len(keys)


def test_a_line_breaks_where_there_is_no_value() -> None:
    values = [Value(str(i), f"w{i}", v) for i, v in enumerate([1.0, 2.0, None, 3.0, 4.0, None])]
    chart = charts.line_chart("l", values, title="T", description="D", low=1, high=4)
    assert len(chart.paths) == 2
    assert all(p.startswith("M") for p in chart.paths)
    assert len(chart.points) == 4
    assert chart.points[0].y == pytest.approx(chart.plot.bottom)
    assert chart.points[-1].y == pytest.approx(chart.plot.top)


def test_shares_use_the_whole_scale_to_a_hundred() -> None:
    values = [Value("a", "A", 25.0), Value("b", "B", 50.0)]
    chart = charts.line_chart("p", values, title="T", description="D", fmt=charts.percent, high=100)
    assert [t.label for t in chart.y_ticks] == ["0%", "20%", "40%", "60%", "80%", "100%"]
    middle = (chart.plot.top + chart.plot.bottom) / 2
    assert chart.points[1].y == pytest.approx(middle)
    assert chart.points[0].title == "A: 25%"


def test_word_ticks_replace_numbers() -> None:
    values = [Value("a", "A", 2.5)]
    chart = charts.line_chart(
        "e", values, title="T", description="D", low=1, high=4, ticks=[(1, "low"), (4, "joyful")]
    )
    assert [t.label for t in chart.y_ticks] == ["low", "joyful"]
    assert chart.plot.left >= charts.text_width("joyful")


def test_a_single_value_still_shows_as_a_point() -> None:
    chart = charts.line_chart("s", [Value("a", "A", 3.0)], title="T", description="D")
    assert chart.paths == []
    assert len(chart.points) == 1


@pytest.mark.parametrize(
    ("latest", "earlier", "words"),
    [
        (40.0, 31.0, "up from 31% four weeks ago"),
        (20.0, 31.0, "down from 31% four weeks ago"),
        (31.2, 30.8, "the same as four weeks ago"),
        (31.0, None, "no figure for four weeks before"),
    ],
)
def test_change_in_words(latest: float, earlier: float | None, words: str) -> None:
    assert charts.trend_words(latest, earlier, charts.percent) == words


# The network picture.


def _home(count: int, *, links_per: int = 3) -> tuple[dict[str, str], list[Link]]:
    residents = {f"r:{i}": f"Resident number {i}" for i in range(count)}
    links = []
    for i in range(count):
        for j in range(i % (links_per + 1)):
            links.append(Link(f"r:{i}", f"m:{j}", "staff"))
        links.append(Link(f"r:{i}", f"c:{i}", "family"))
    return residents, links


def _distance(node: network_layout.Node, picture: network_layout.Picture) -> float:
    return math.hypot(node.x - picture.centre_x, node.y - picture.centre_y)


def test_fewest_connections_are_on_the_outer_ring_and_marked() -> None:
    residents = {"r:1": "Ann", "r:2": "Bob", "r:3": "Cy", "r:4": "Di"}
    links = [
        Link("r:1", "r:2", "peers"),
        Link("r:2", "r:1", "peers"),
        Link("r:1", "m:7", "staff"),
        Link("r:2", "m:7", "staff"),
        Link("r:3", "m:7", "staff"),
        Link("r:1", "c:5", "family"),
        Link("r:2", "g:knit", "community"),
        Link("r:3", "g:knit", "community"),
    ]
    picture = network_layout.layout(residents, links, {"m:7": "Sam Carer", "g:knit": "Knit"})
    nodes = {n.key: n for n in picture.nodes}
    assert [s.key for s in picture.on_edge] == ["r:4"]
    assert nodes["r:4"].on_edge
    assert _distance(nodes["r:4"], picture) == pytest.approx(picture.edge_ring, abs=0.05)
    for key in ("r:1", "r:2", "r:3"):
        assert _distance(nodes[key], picture) == pytest.approx(picture.inner_ring, abs=0.05)
    assert picture.edge_ring > picture.inner_ring
    # Staff and groups sit in the middle; a daughter sits just inside her mother.
    assert nodes["m:7"].hub and nodes["g:knit"].hub
    assert _distance(nodes["m:7"], picture) < picture.inner_ring
    assert math.hypot(nodes["c:5"].x - nodes["r:1"].x, nodes["c:5"].y - nodes["r:1"].y) < 20
    assert not nodes["c:5"].labelled


def test_standings_count_distinct_connections_per_domain_fewest_first() -> None:
    residents = {"r:1": "Ann", "r:2": "Bob", "r:3": "Cy"}
    links = [
        Link("r:1", "c:1", "family", 5),
        Link("r:1", "c:2", "family"),
        Link("r:1", "m:1", "staff", 3),
        Link("r:2", "r:1", "peers"),  # recorded from one end only
        Link("r:3", "m:1", "staff"),
    ]
    rows = network_layout.standings(residents, links)
    assert [r.key for r in rows] == ["r:2", "r:3", "r:1"]
    ann = rows[-1]
    assert ann.by_domain == {"family": 2, "peers": 1, "staff": 1, "community": 0}
    assert ann.total == 4


@pytest.mark.parametrize(
    ("degrees", "limit"), [([], 1), ([0, 0], 1), ([2, 2, 3], 1), ([10, 10, 4], 4), ([6, 7], 3)]
)
def test_on_the_edge_is_one_or_fewer_or_under_half_the_median(
    degrees: list[int], limit: int
) -> None:
    assert network_layout.on_edge_threshold(degrees) == limit


def test_a_link_between_two_residents_is_drawn_once_per_domain() -> None:
    residents = {"r:1": "Ann", "r:2": "Bob"}
    links = [
        Link("r:1", "r:2", "peers"),
        Link("r:2", "r:1", "peers"),
        Link("r:1", "r:2", "community"),
    ]
    lines = network_layout.layout(residents, links, {}).lines
    assert sorted(line.domain for line in lines) == ["community", "peers"]
    peers, community = sorted(lines, key=lambda line: line.domain != "peers")
    # Side by side, not on top of each other.
    assert (peers.x1, peers.y1) != (community.x1, community.y1)
    assert peers.dashes != community.dashes


def test_every_domain_differs_by_dashes_not_only_colour() -> None:
    assert len({dashes for _colour, dashes in network_layout.STYLES.values()}) == 4


def test_the_same_home_always_gives_the_same_picture() -> None:
    residents, links = _home(30)
    first = network_layout.layout(residents, links, {})
    again = network_layout.layout(dict(reversed(residents.items())), list(reversed(links)), {})
    assert [(n.key, n.x, n.y) for n in first.nodes] == [(n.key, n.x, n.y) for n in again.nodes]
    assert first.lines == again.lines


def test_a_big_home_stays_readable() -> None:
    residents, links = _home(120)
    picture = network_layout.layout(residents, links, {f"m:{j}": f"Staff {j}" for j in range(3)})
    people = [n for n in picture.nodes if n.kind == "resident"]
    assert len(people) == 120
    for ring in {round(_distance(n, picture), 1) for n in people}:
        on_ring = [n for n in people if round(_distance(n, picture), 1) == ring]
        if len(on_ring) > 1:
            nearest = min(
                math.hypot(a.x - b.x, a.y - b.y) for a in on_ring for b in on_ring if a is not b
            )
            assert nearest >= network_layout.FONT + 4
    for node in people:
        room = network_layout.label_length([node.label], network_layout.EDGE_MARK_CHARS)
        end_x = node.label_x + math.cos(node.angle) * room
        end_y = node.label_y + math.sin(node.angle) * room
        assert 0 <= end_x <= picture.width and 0 <= end_y <= picture.height
    assert all(0 <= n.x <= picture.width and 0 <= n.y <= picture.height for n in picture.nodes)


def test_labels_are_never_upside_down() -> None:
    residents, links = _home(12)
    for node in network_layout.layout(residents, links, {}).nodes:
        assert -90 <= node.label_rotation <= 90 + 1e-6 or node.label_rotation >= 270 - 1e-6
        assert node.label_anchor == ("end" if math.cos(node.angle) < -1e-9 else "start")


def test_long_names_are_shortened_in_the_picture_only() -> None:
    long = "Margaret Elizabeth Montgomery-Smythe"
    picture = network_layout.layout({"r:1": long}, [], {})
    (node,) = picture.nodes
    assert node.short_label.endswith("…") and len(node.short_label) == network_layout.LABEL_CHARS
    assert picture.standings[0].label == long


def test_an_empty_home_has_an_empty_picture() -> None:
    picture = network_layout.layout({}, [], {})
    assert picture.nodes == [] and picture.lines == [] and picture.standings == []


def test_a_busy_home_draws_only_the_strongest_ties_but_counts_them_all() -> None:
    residents = {"r:1": "Ann", "r:2": "Bob"}
    links = [Link("r:1", f"m:{i}", "staff", moments=i) for i in range(1, 6)]
    links += [Link("r:1", f"c:{i}", "family") for i in range(5)]
    links += [Link("r:2", "r:1", "peers", 2)]
    picture = network_layout.layout(residents, links, {})
    staff = sorted(line.b for line in picture.lines if line.domain == "staff")
    assert staff == ["r:1", "r:1", "r:1"]
    assert sorted(line.a for line in picture.lines if line.domain == "staff") == [
        "m:3",
        "m:4",
        "m:5",
    ]
    assert sum(line.domain == "family" for line in picture.lines) == 5
    assert sum(line.domain == "peers" for line in picture.lines) == 1
    ann = next(s for s in picture.standings if s.key == "r:1")
    assert ann.by_domain["staff"] == 5 and ann.total == 11
    assert "m:1" not in {node.key for node in picture.nodes}

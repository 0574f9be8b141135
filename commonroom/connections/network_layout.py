"""Where everyone sits in the picture of the home's network: a target diagram.

Plain data in, positions out; no database inside, and the same input always gives the same
picture. From the middle outwards:

- the hubs: staff members, groups, and anyone else several residents connect with;
- the ring of residents, most connected first (clockwise from the top);
- the outer ring: residents with the fewest connections, "on the edge".

Someone only one resident connects with (a daughter, a friend) is drawn as a small dot just
inside that resident, so that family shows without crowding the middle. Labels run outwards
along the radius, which lets a ring hold a readable label every ``RESIDENT_SPACING`` units."""

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

DOMAINS = ("family", "peers", "staff", "community")
FONT = 13
CHAR_WIDTH = 0.56 * FONT
LABEL_CHARS = 24
"""Longer names are shortened in the picture (with an ellipsis); the table has them whole."""
EDGE_MARK_CHARS = 16
"""Room for the words "on the edge" after a name on the outer ring."""
RESIDENT_SPACING = 22
HUB_SPACING = 18
HUB_LEAST = 60
"""Hubs nearer the middle than this crowd each other's labels where all the lines meet."""
NODE_RADIUS = 7
SATELLITE_LATERAL = 6.0
SATELLITE_ROW = 10
SATELLITE_FIRST = 16
SATELLITES_PER_ROW = 3
GAP = 24
MARGIN = 16
EDGE_AT_MOST = 1
"""Nobody, or just one person, is always few connections, whatever the rest of the home has."""
EDGE_RATIO = 0.5
"""Fewer than half the home's median: clearly fewer than most, not just a little below."""
PARALLEL_OFFSET = 3.0
TIES_SHOWN = 3
"""In a busy home everyone meets nearly everyone; drawing every tie would be a solid disc.
Each resident's three strongest ties of each kind keep the picture readable; the table beside
it counts them all."""

STYLES = {
    "family": ("#d4351c", ""),
    "peers": ("#1d70b8", "8 4"),
    "staff": ("#00703c", "2 3"),
    "community": ("#4c2c92", "10 3 2 3"),
}
"""Each domain's line colour and dash pattern: the pattern tells them apart without colour."""


@dataclass(frozen=True)
class Link:
    """``resident`` (key ``r:<id>``) connected with ``party`` through ``domain``."""

    resident: str
    party: str
    domain: str
    moments: int = 1


@dataclass
class Node:
    key: str
    kind: str
    """resident, contact, staff, group or fellow (a resident no longer living here)."""
    label: str
    x: float = 0.0
    y: float = 0.0
    angle: float = 0.0
    degree: int = 0
    on_edge: bool = False
    hub: bool = False

    @property
    def short_label(self) -> str:
        return shorten(self.label)

    @property
    def label_x(self) -> float:
        return round(self.x + math.cos(self.angle) * (NODE_RADIUS + 5), 2)

    @property
    def label_y(self) -> float:
        return round(self.y + math.sin(self.angle) * (NODE_RADIUS + 5), 2)

    @property
    def label_rotation(self) -> float:
        """Degrees to turn the label along the radius, never upside down."""
        degrees = math.degrees(self.angle)
        return round(degrees + 180 if self.flipped else degrees, 2)

    @property
    def label_anchor(self) -> str:
        return "end" if self.flipped else "start"

    @property
    def flipped(self) -> bool:
        return math.cos(self.angle) < -1e-9

    @property
    def labelled(self) -> bool:
        return self.kind == "resident" or self.hub

    @property
    def outline(self) -> str:
        """SVG path data for the shapes that are not circles: a square for staff, a diamond
        for a group, so that the kinds differ in shape as well as colour."""
        if self.kind == "staff":
            return f"M{self.x - 5:.2f} {self.y - 5:.2f}h10v10h-10Z"
        if self.kind == "group":
            return f"M{self.x:.2f} {self.y - 7:.2f}l7 7l-7 7l-7 -7Z"
        return ""


@dataclass(frozen=True)
class Line:
    a: str
    b: str
    domain: str
    x1: float
    y1: float
    x2: float
    y2: float
    moments: int

    @property
    def colour(self) -> str:
        return STYLES[self.domain][0]

    @property
    def dashes(self) -> str:
        return STYLES[self.domain][1]


@dataclass
class Standing:
    """One resident's distinct connections per domain, for the table beside the picture."""

    key: str
    label: str
    by_domain: dict[str, int]
    total: int
    on_edge: bool


@dataclass
class Picture:
    width: float
    height: float
    centre_x: float
    centre_y: float
    nodes: list[Node]
    lines: list[Line]
    standings: list[Standing]
    inner_ring: float
    edge_ring: float
    satellites: dict[str, list[str]] = field(default_factory=dict)

    @property
    def on_edge(self) -> list[Standing]:
        return [s for s in self.standings if s.on_edge]


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def label_length(labels: Iterable[str], extra: int = 0) -> float:
    return max((len(shorten(t)) + extra for t in labels), default=0) * CHAR_WIDTH


def kind_of(party: str, residents: Mapping[str, str]) -> str:
    prefix = party.split(":", 1)[0]
    if prefix == "r":
        return "resident" if party in residents else "fellow"
    return {"c": "contact", "m": "staff", "g": "group"}.get(prefix, "contact")


def connections(residents: Mapping[str, str], links: Sequence[Link]) -> dict[str, dict[str, set]]:
    """Each resident's distinct counterparts per domain, counting a link between two residents
    from both ends (the log records both, but a rebuilt or imported history may not)."""
    found: dict[str, dict[str, set]] = {key: defaultdict(set) for key in residents}
    for link in links:
        if link.resident in found and link.party != link.resident:
            found[link.resident][link.domain].add(link.party)
            if link.party in found:
                found[link.party][link.domain].add(link.resident)
    return found


def on_edge_threshold(degrees: Sequence[int]) -> float:
    """The number of distinct connections at or below which a resident is "on the edge"."""
    median = statistics.median(degrees) if degrees else 0
    below_half = math.ceil(median * EDGE_RATIO) - 1
    return max(EDGE_AT_MOST, below_half)


def standings(residents: Mapping[str, str], links: Sequence[Link]) -> list[Standing]:
    """Everyone's connections per domain, fewest first, with who is on the edge."""
    found = connections(residents, links)
    totals = {key: len(set().union(*by.values())) for key, by in found.items()}
    limit = on_edge_threshold(list(totals.values()))
    rows = [
        Standing(
            key=key,
            label=residents[key],
            by_domain={d: len(found[key].get(d, ())) for d in DOMAINS},
            total=totals[key],
            on_edge=totals[key] <= limit,
        )
        for key in residents
    ]
    return sorted(rows, key=lambda s: (s.total, s.label.casefold(), s.key))


def layout(
    residents: Mapping[str, str], links: Sequence[Link], labels: Mapping[str, str]
) -> Picture:
    """Place ``residents`` (key → name) and the counterparts of their strongest ties in
    ``links`` (names from ``labels``, key → name), and draw the lines between them. The
    standings count every link."""
    table = standings(residents, links)
    drawn = strongest(residents, links)
    nodes = _nodes(residents, drawn, labels, table)
    users = _users(residents, drawn)
    hubs = sorted(
        (n for n in nodes.values() if n.kind != "resident" and _is_hub(n, users)),
        key=lambda n: (_KIND_ORDER[n.kind], -len(users[n.key]), n.label.casefold(), n.key),
    )
    for hub in hubs:
        hub.hub = True
        hub.degree = len(users[hub.key])
    satellites = _satellites(nodes, users)
    inner, edge = _place(nodes, table, hubs, satellites)
    width, height, centre_x, centre_y = _fit(nodes.values())
    return Picture(
        width=width,
        height=height,
        centre_x=centre_x,
        centre_y=centre_y,
        nodes=_drawing_order(nodes.values()),
        lines=_lines(drawn, nodes),
        standings=table,
        inner_ring=inner,
        edge_ring=edge,
        satellites=satellites,
    )


def strongest(residents: Mapping[str, str], links: Sequence[Link]) -> list[Link]:
    """The links the picture draws: every family tie (a few small dots each), and each
    resident's ``TIES_SHOWN`` strongest ties (most moments) of every other kind. A tie between
    two residents is drawn when either of them keeps it."""
    weight: dict[tuple[str, str, str], int] = defaultdict(int)
    for link in links:
        if link.resident in residents and link.party != link.resident:
            ends = [(link.resident, link.party)]
            if link.party in residents:
                ends.append((link.party, link.resident))
            for one, other in ends:
                key = (one, other, link.domain)
                weight[key] = max(weight[key], link.moments)
    ties: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for (one, other, domain), moments in weight.items():
        ties[(one, domain)].append((-moments, other))
    kept: set[tuple[str, str, str]] = set()
    for (one, domain), found in ties.items():
        chosen = found if domain == "family" else sorted(found)[:TIES_SHOWN]
        kept.update((one, other, domain) for _moments, other in chosen)
    return [
        Link(one, other, domain, weight[(one, other, domain)])
        for one, other, domain in sorted(kept)
    ]


_KIND_ORDER = {"staff": 0, "group": 1, "contact": 2, "fellow": 3, "resident": 4}


def _nodes(
    residents: Mapping[str, str],
    links: Sequence[Link],
    labels: Mapping[str, str],
    table: Sequence[Standing],
) -> dict[str, Node]:
    nodes = {
        s.key: Node(s.key, "resident", s.label, degree=s.total, on_edge=s.on_edge) for s in table
    }
    for link in links:
        if link.resident in residents and link.party not in nodes:
            label = labels.get(link.party, link.party.split(":", 1)[-1])
            nodes[link.party] = Node(link.party, kind_of(link.party, residents), label)
    return nodes


def _users(residents: Mapping[str, str], links: Sequence[Link]) -> dict[str, set[str]]:
    """The residents each counterpart connects with."""
    users: dict[str, set[str]] = defaultdict(set)
    for link in links:
        if link.resident in residents:
            users[link.party].add(link.resident)
    return users


def _is_hub(node: Node, users: Mapping[str, set[str]]) -> bool:
    return node.kind in ("staff", "group") or len(users[node.key]) > 1


def _satellites(nodes: Mapping[str, Node], users: Mapping[str, set[str]]) -> dict[str, list[str]]:
    """The counterparts only one resident connects with, by that resident."""
    found: dict[str, list[str]] = defaultdict(list)
    for node in nodes.values():
        if node.kind != "resident" and not node.hub:
            (owner,) = users[node.key]
            found[owner].append(node.key)
            node.degree = 1
    return {owner: sorted(keys, key=lambda k: (nodes[k].label, k)) for owner, keys in found.items()}


def _place(
    nodes: Mapping[str, Node],
    table: Sequence[Standing],
    hubs: Sequence[Node],
    satellites: Mapping[str, list[str]],
) -> tuple[float, float]:
    """Set every node's position around the middle (0, 0); returns the radii of the two
    residents' rings. Each ring starts beyond the labels of the one inside it and the dots of
    its own residents' family."""
    hub_radius = _ring_radius(len(hubs), HUB_SPACING, HUB_LEAST) if len(hubs) > 1 else 0.0
    depth = _satellite_depth(max((len(v) for v in satellites.values()), default=0))
    inner_people = [nodes[s.key] for s in reversed(table) if not s.on_edge]
    edge_people = [nodes[s.key] for s in table if s.on_edge]
    first = _reach(hub_radius, hubs) + depth + GAP
    inner = max(first, _ring_radius(len(inner_people), RESIDENT_SPACING, 60))
    start = _reach(inner, inner_people) + depth + GAP if inner_people else first
    edge = max(start, _ring_radius(len(edge_people), RESIDENT_SPACING, 60))
    _ring(hubs, hub_radius, 0.0)
    _ring(inner_people, inner, 0.0)
    _ring(edge_people, edge, 0.5)
    for owner, keys in satellites.items():
        _place_satellites(nodes[owner], [nodes[k] for k in keys])
    return round(inner, 2), round(edge, 2)


def _fit(nodes: Iterable[Node]) -> tuple[float, float, float, float]:
    """Move everything so that the picture, labels included, starts at ``MARGIN`` from the top
    left; returns its width and height and where the middle ended up."""
    placed = list(nodes)
    xs: list[float] = [0.0]
    ys: list[float] = [0.0]
    for node in placed:
        reach = NODE_RADIUS + 5 + (_label_room(node) if node.labelled else 0)
        for along in (0.0, reach):
            for side in (-FONT / 2 - 2, FONT / 2 + 2):
                xs.append(node.x + math.cos(node.angle) * along - math.sin(node.angle) * side)
                ys.append(node.y + math.sin(node.angle) * along + math.cos(node.angle) * side)
    dx, dy = MARGIN - min(xs), MARGIN - min(ys)
    for node in placed:
        node.x, node.y = round(node.x + dx, 2), round(node.y + dy, 2)
    return (
        round(max(xs) - min(xs) + 2 * MARGIN, 2),
        round(max(ys) - min(ys) + 2 * MARGIN, 2),
        round(dx, 2),
        round(dy, 2),
    )


def _label_room(node: Node) -> float:
    extra = EDGE_MARK_CHARS if node.on_edge else 0
    return (len(node.short_label) + extra) * CHAR_WIDTH


def _reach(radius: float, people: Sequence[Node]) -> float:
    """How far from the middle the labels of a ring go."""
    return radius + NODE_RADIUS + 5 + label_length(n.label for n in people) if people else 0.0


def _ring_radius(count: int, spacing: float, least: float) -> float:
    return max(least, count * spacing / (2 * math.pi))


def _satellite_depth(most: int) -> float:
    if not most:
        return 0.0
    rows = math.ceil(most / SATELLITES_PER_ROW)
    return SATELLITE_FIRST + SATELLITE_ROW * (rows - 1) + 4


def _ring(people: Sequence[Node], radius: float, shift: float) -> None:
    """Spread ``people`` evenly round a circle, clockwise from the top; ``shift`` (in steps)
    keeps the outer ring from lining up with the inner one. A ring of radius 0 is a single
    node in the middle, labelled to its right."""
    for index, node in enumerate(people):
        node.angle = -math.pi / 2 + 2 * math.pi * (index + shift) / len(people) if radius else 0.0
        node.x = radius * math.cos(node.angle)
        node.y = radius * math.sin(node.angle)


def _place_satellites(owner: Node, satellites: Sequence[Node]) -> None:
    """Rows of dots just inside their resident, no wider than the space between neighbours."""
    inward = (-math.cos(owner.angle), -math.sin(owner.angle))
    across = (-math.sin(owner.angle), math.cos(owner.angle))
    for index, node in enumerate(satellites):
        row, place = divmod(index, SATELLITES_PER_ROW)
        in_row = min(SATELLITES_PER_ROW, len(satellites) - row * SATELLITES_PER_ROW)
        lateral = (place - (in_row - 1) / 2) * SATELLITE_LATERAL
        depth = SATELLITE_FIRST + SATELLITE_ROW * row
        node.x = owner.x + inward[0] * depth + across[0] * lateral
        node.y = owner.y + inward[1] * depth + across[1] * lateral
        node.angle = owner.angle


def _lines(links: Sequence[Link], nodes: Mapping[str, Node]) -> list[Line]:
    """One line per pair and domain (a link between two residents once, not from both ends);
    a pair joined through several domains gets parallel lines side by side."""
    moments: dict[tuple[str, str, str], int] = defaultdict(int)
    for link in links:
        if link.resident in nodes and link.party in nodes and link.party != link.resident:
            a, b = sorted((link.resident, link.party))
            moments[(a, b, link.domain)] = max(moments[(a, b, link.domain)], link.moments)
    by_pair: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a, b, domain in sorted(moments):
        by_pair[(a, b)].append(domain)
    lines = []
    for (a, b), domains in by_pair.items():
        for index, domain in enumerate(domains):
            offset = (index - (len(domains) - 1) / 2) * PARALLEL_OFFSET
            lines.append(_line(nodes[a], nodes[b], domain, offset, moments[(a, b, domain)]))
    return lines


def _line(a: Node, b: Node, domain: str, offset: float, moments: int) -> Line:
    length = math.hypot(b.x - a.x, b.y - a.y) or 1.0
    dx, dy = -(b.y - a.y) / length * offset, (b.x - a.x) / length * offset
    return Line(
        a.key,
        b.key,
        domain,
        round(a.x + dx, 2),
        round(a.y + dy, 2),
        round(b.x + dx, 2),
        round(b.y + dy, 2),
        moments,
    )


def _drawing_order(nodes: Iterable[Node]) -> list[Node]:
    """Small dots first, then hubs, then residents, so that labels sit on top."""
    return sorted(nodes, key=lambda n: (n.kind == "resident", n.hub, n.key))

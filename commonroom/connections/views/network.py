"""The picture of the home's network: who connects with whom, and who is on the edge."""

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from commonroom.homes.access import HomeRequest, require
from commonroom.homes.roles import Perm
from commonroom.lib.dates import today
from commonroom.residents.access import residents_for

from .. import network_layout
from ..models import Domain
from ..services.figures import DOMAINS, home_network
from .figures import pick

DAY_CHOICES = (90, 30, 365)
"""90 days first: the default, long enough to include a monthly visitor."""


@require(Perm.VIEW_CONNECTIONS)
@require_GET
def network(request: HomeRequest) -> HttpResponse:
    days = pick(request, "days", DAY_CHOICES)
    residents = list(residents_for(request).current())
    since = today() - dt.timedelta(days=days - 1)
    data = home_network(request.home, residents, since=since)
    picture = network_layout.layout(data.residents, data.links, data.labels)
    codes = {f"r:{r.pk}": r.code for r in residents}
    context = {
        "days": days,
        "choices": [(choice, _period(choice)) for choice in sorted(DAY_CHOICES)],
        "period": _period(days),
        "picture": picture,
        "drawing": _drawing(picture),
        "description": _description(picture, days),
        "domains": _key(),
        "rows": [
            (s, codes.get(s.key), [s.by_domain[d] for d in DOMAINS]) for s in picture.standings
        ],
        "on_edge_count": len(picture.on_edge),
        "ties_shown": network_layout.TIES_SHOWN,
    }
    return render(request, "connections/network.html", context)


def _drawing(picture: network_layout.Picture) -> SafeString:
    """The lines and people of the picture as SVG elements. Written here rather than in the
    template: a busy home has a thousand lines, and a template loop takes half a second."""
    # Numbers and the fixed colours and dashes of ``STYLES`` only: nothing to escape, and
    # format_html would take a third of the page's time here.
    lines = SafeString(
        "".join(
            f'<line x1="{line.x1}" y1="{line.y1}" x2="{line.x2}" y2="{line.y2}" '
            f'stroke="{line.colour}" stroke-width="1.5" stroke-opacity="0.8" '
            f'stroke-dasharray="{line.dashes or "none"}"/>'
            for line in picture.lines
        )
    )
    on_edge = _("on the edge")
    nodes = format_html_join(
        "",
        "<g><title>{}</title>{}{}</g>",
        ((_title(n, on_edge), _shape(n), _label(n, on_edge)) for n in picture.nodes),
    )
    return format_html("{}{}", lines, nodes)


def _title(node: network_layout.Node, on_edge: str) -> str:
    if node.kind != "resident":
        return node.label
    count = ngettext("%(count)s connection", "%(count)s connections", node.degree) % {
        "count": node.degree
    }
    return f"{node.label}: {count}" + (f", {on_edge}" if node.on_edge else "")


_CIRCLES = {
    "edge": ("9", "#ffdd00", 'stroke="#0b0c0c" stroke-width="3"'),
    "resident": ("7", "#ffffff", 'stroke="#0b0c0c" stroke-width="2"'),
    "fellow": ("5", "#ffffff", 'stroke="#505a5f" stroke-width="2" stroke-dasharray="2 2"'),
    "contact": ("3.5", "#d4351c", ""),
}
"""Each kind of person's circle: radius, fill and outline (the key on the page says which)."""


def _shape(node: network_layout.Node) -> SafeString:
    if node.outline:
        fill = "#0b0c0c" if node.kind == "staff" else "#4c2c92"
        return format_html('<path d="{}" fill="{}"/>', node.outline, fill)
    kind = "edge" if node.on_edge else node.kind
    radius, fill, outline = _CIRCLES.get(kind, _CIRCLES["contact"])
    return format_html(
        '<circle cx="{}" cy="{}" r="{}" fill="{}" {}/>',
        node.x,
        node.y,
        radius,
        fill,
        SafeString(outline),
    )


def _label(node: network_layout.Node, on_edge: str) -> SafeString:
    if not node.labelled:
        return SafeString("")
    mark = format_html(' <tspan font-weight="bold">({})</tspan>', on_edge) if node.on_edge else ""
    return format_html(
        '<text x="{x}" y="{y}" transform="rotate({turn} {x} {y})" text-anchor="{anchor}" '
        'dominant-baseline="central" fill="#0b0c0c" stroke="#ffffff" stroke-width="3" '
        'paint-order="stroke">{text}{mark}</text>',
        x=node.label_x,
        y=node.label_y,
        turn=node.label_rotation,
        anchor=node.label_anchor,
        text=node.short_label,
        mark=mark,
    )


def _key() -> list[tuple[str, str, str, str]]:
    """Each domain's name, line colour and dashes, and the dashes in words."""
    words = {
        "family": _("solid line"),
        "peers": _("long dashes"),
        "staff": _("dots"),
        "community": _("dashes and dots"),
    }
    return [(str(Domain(key).label), *network_layout.STYLES[key], words[key]) for key in DOMAINS]


def _period(days: int) -> str:
    if days == 365:
        return _("the last year")
    return _("the last %(days)s days") % {"days": days}


def _description(picture: network_layout.Picture, days: int) -> str:
    residents = sum(1 for node in picture.nodes if node.kind == "resident")
    others = len(picture.nodes) - residents
    text = ngettext(
        "%(residents)s resident and the %(others)s people and groups they connected with in "
        "%(period)s.",
        "%(residents)s residents and the %(others)s people and groups they connected with in "
        "%(period)s.",
        residents,
    ) % {"residents": residents, "others": others, "period": _period(days)}
    edge = [s.label for s in picture.on_edge]
    if edge:
        text += " " + _("On the edge, with the fewest connections: %(names)s.") % {
            "names": ", ".join(edge)
        }
    return text + " " + _("The table below the picture lists everyone's connections.")


urlpatterns = [path("network/", network, name="network")]

"""Look rather than read: a resident's timeline of contacts and the home's weekly figures."""

import datetime as dt
from collections.abc import Callable, Sequence
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from commonroom.audit.services import Action, record
from commonroom.homes.access import HomeRequest, require
from commonroom.homes.roles import Perm
from commonroom.lib.dates import today
from commonroom.residents.access import get_resident_for_user

from .. import baselines, charts
from ..models import Domain, Engagement
from ..services import figures
from ..services.figures import DOMAINS, Tally, WeekFigures

WEEK_CHOICES = (26, 52)
FIGURE_WEEKS = 26


def pick(request: HomeRequest, name: str, choices: Sequence[int]) -> int:
    """The query's ``name`` if it is one of ``choices``, else the first choice: these come from
    plain links, so anything else is an old or hand-typed address, not a mistake to report."""
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and int(value) in choices else choices[0]


def domain_series() -> list[charts.Series]:
    return [charts.Series(key, str(Domain(key).label)) for key in DOMAINS]


def short_day(day: dt.date) -> str:
    return date_format(day, "j M")


def long_day(day: dt.date) -> str:
    return date_format(day, "j F Y")


def week_of(monday: dt.date) -> str:
    return _("Week of %(day)s") % {"day": long_day(monday)}


@require_GET
def timeline(request: HomeRequest, resident: UUID) -> HttpResponse:
    person = get_resident_for_user(request, resident, perm=Perm.VIEW_CONNECTIONS)
    weeks = pick(request, "weeks", WEEK_CHOICES)
    data = figures.person_timeline(person, weeks=weeks, today=today())
    record(request.user, Action.VIEW, person, home=request.home, resident_code=person.code)
    context = {
        "resident": person,
        "timeline": data,
        "weeks": weeks,
        "other_weeks": next(w for w in WEEK_CHOICES if w != weeks),
        "weekly_chart": _tally_chart("weekly", data.weeks, week_of, weeks=True),
        "daily_chart": _tally_chart("daily", data.days, long_day, weeks=False),
        "engagement_chart": _engagement_chart(data.weeks),
        "week_rows": [(week_of(t.start), t) for t in reversed(data.weeks)],
        "day_rows": [(date_format(t.start, "l j F"), t) for t in reversed(data.days)],
        "last_seen": _last_seen(data),
        "recent_mood": _mood_words(data.recent_engagement),
    }
    return render(request, "connections/figures/timeline.html", context)


def _tally_chart(
    ident: str, tallies: Sequence[Tally], title_of: Callable[[dt.date], str], *, weeks: bool
) -> charts.BarChart:
    columns = [
        charts.Column(short_day(t.start), title_of(t.start), t.by_domain, t.declined)
        for t in tallies
    ]
    title, summary = _weekly_words() if weeks else _daily_words()
    return charts.stacked_bars(
        ident,
        columns,
        domain_series(),
        title=title,
        description=summary % _totals(tallies)
        + " "
        + _("The table below the chart has every figure."),
        below=charts.Series("declined", _("Declined (below the line)")),
    )


def _totals(tallies: Sequence[Tally]) -> dict[str, int]:
    return {
        "total": sum(t.total for t in tallies),
        "declined": sum(t.declined for t in tallies),
        **{key: sum(getattr(t, key) for t in tallies) for key in DOMAINS},
        "count": len(tallies),
    }


def _weekly_words() -> tuple[str, str]:
    return _("Contacts each week, by kind of connection"), _(
        "%(total)s contacts in the last %(count)s weeks: %(family)s with family and friends, "
        "%(peers)s with fellow residents, %(staff)s with staff and %(community)s with the "
        "wider community. %(declined)s declined, drawn below the line. The last bar is this "
        "week so far."
    )


def _daily_words() -> tuple[str, str]:
    return _("Contacts each day, the last 28 days"), _(
        "%(total)s contacts in the last 28 days: %(family)s with family and friends, "
        "%(peers)s with fellow residents, %(staff)s with staff and %(community)s with the "
        "wider community. %(declined)s declined, drawn below the line."
    )


def _engagement_ticks() -> list[tuple[float, str]]:
    return [(1, _("low")), (2, _("calm")), (3, _("engaged")), (4, _("joyful"))]


def _engagement_chart(weeks: Sequence[Tally]) -> charts.LineChart:
    values = [
        charts.Value(short_day(t.start), week_of(t.start), t.average_engagement) for t in weeks
    ]
    return charts.line_chart(
        "engagement",
        values,
        title=_("How they seemed each week, on average"),
        description=_(
            "The average of how they seemed in each week's contacts, from 1 (seemed low or "
            "upset) to 4 (really enjoyed it). Declined contacts are not in the average; weeks "
            "with nothing recorded are left as gaps. The table below the chart has every week."
        ),
        fmt=charts.one_decimal,
        low=1,
        high=4,
        ticks=_engagement_ticks(),
    )


def _mood_words(average: float | None) -> str:
    if average is None:
        return ""
    return str(Engagement(max(1, min(4, round(average)))).label)


def _last_seen(data: figures.Timeline) -> list[tuple[str, dt.date | None, int | None]]:
    """Each kind of contact with its last day and how many days ago that was."""
    names = {
        "last_moment": _("Any meaningful contact"),
        "last_family": _("Family and friends"),
        "last_visit": _("An in-person visit from family or friends"),
        "last_peers": _("Time with fellow residents"),
        "last_staff": _("Time with staff"),
        "last_community": _("The wider community"),
    }
    now = today()
    rows = []
    for name, label in names.items():
        day = getattr(data.summary, name) if data.summary else None
        rows.append((label, day, (now - day).days if day else None))
    return rows


@require(Perm.VIEW_CONNECTIONS)
@require_GET
def home_figures(request: HomeRequest) -> HttpResponse:
    weeks = figures.home_figures(request.home, weeks=FIGURE_WEEKS, today=today())
    context = {
        "figures": [
            _figure(weeks, "contacts_per_person", "contacts", _contacts_texts()),
            _figure(weeks, "below_usual_share", "below_usual", _below_texts()),
            _figure(weeks, "no_family_share", "no_family", _no_family_texts()),
        ],
        "latest_week": weeks[-1].week if weeks else None,
        "baseline_weeks": baselines.BASELINE_WEEKS,
        "least_weeks": baselines.MIN_WEEKS,
        "below_percent": round(baselines.BELOW_RATIO * 100),
    }
    return render(request, "connections/figures/home.html", context)


def _contacts_texts() -> dict[str, str]:
    return {
        "title": _("Meaningful contacts per person each week"),
        "header": _("Contacts per person"),
        "count": _("%(count)s contacts for %(residents)s residents"),
    }


def _below_texts() -> dict[str, str]:
    return {
        "title": _("Residents below their own usual level of contact"),
        "header": _("Share below their usual"),
        "count": _("%(count)s of %(residents)s residents"),
    }


def _no_family_texts() -> dict[str, str]:
    return {
        "title": _("Residents with no family or friends contact in the last 28 days"),
        "header": _("Share with no family or friends contact"),
        "count": _("%(count)s of %(residents)s residents"),
    }


def _figure(
    weeks: Sequence[WeekFigures], attribute: str, count: str, texts: dict[str, str]
) -> dict[str, object]:
    """One of the home's figures: its latest value, the change in words, a line and a table."""
    fmt = charts.one_decimal if count == "contacts" else charts.percent
    latest, earlier = figures.compared(weeks, attribute)
    values = [
        charts.Value(short_day(w.week), week_of(w.week), getattr(w, attribute)) for w in weeks
    ]
    change = charts.trend_words(latest, earlier, fmt)
    described = _("Week by week over the last %(weeks)s weeks. Latest: %(latest)s, %(change)s.")
    chart = charts.line_chart(
        count.replace("_", "-"),
        values,
        title=texts["title"],
        description=described
        % {"weeks": len(weeks), "latest": _shown(latest, fmt), "change": change}
        + " "
        + _("The table below the chart has every week."),
        fmt=fmt,
        high=None if count == "contacts" else 100,
        tick_fmt=charts.plain if count == "contacts" else None,
    )
    rows = [
        (
            week_of(w.week),
            _shown(getattr(w, attribute), fmt),
            texts["count"] % {"count": getattr(w, count), "residents": w.residents},
        )
        for w in reversed(weeks)
    ]
    return {**texts, "latest": _shown(latest, fmt), "change": change, "chart": chart, "rows": rows}


def _shown(value: float | None, fmt: Callable[[float], str]) -> str:
    return _("no residents") if value is None else fmt(value)


urlpatterns = [
    path("residents/<uuid:resident>/timeline/", timeline, name="timeline"),
    path("figures/", home_figures, name="figures"),
]

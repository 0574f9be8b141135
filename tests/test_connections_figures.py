"""The timeline, the home's figures and the network picture: who may see them, that their
numbers are right on small hand-built histories, and that they read only the roll-ups."""

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonroom.audit.models import AuditEntry
from commonroom.circle.models import PeerRelationship
from commonroom.connections.models import Domain, Engagement, Kind, WithType
from commonroom.connections.services.figures import Stay, figures_from
from commonroom.connections.services.moments import MomentInput, record_moment
from commonroom.connections.services.rollups import monday_of
from commonroom.homes.models import Home
from commonroom.homes.roles import Role
from commonroom.residents.models import Resident

from .conftest import World
from .factories import client_for, make_contact, make_home, make_member, make_resident

pytestmark = pytest.mark.django_db

ALLOWED = ["manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "visitor_a"]
WEEK = dt.timedelta(days=7)
LONG_AGO = dt.date(2020, 1, 6)


def at(day: dt.date, hour: int = 11) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def log(home: Home, people: list[Resident], day: dt.date, **extra: Any) -> None:
    extra.setdefault("kind", Kind.ONE_TO_ONE)
    record_moment(home, MomentInput(residents=people, occurred_at=at(day), **extra), actor=None)


def timeline_url(home: Home, resident: Resident) -> str:
    return reverse("connections:timeline", args=[home.slug, resident.code])


def page_url(home: Home, name: str) -> str:
    return reverse(f"connections:{name}", args=[home.slug])


def last_full_week() -> dt.date:
    return monday_of(timezone.localdate()) - WEEK


# Who may see them.


@pytest.mark.parametrize("persona", ALLOWED)
def test_roles_that_view_connections_see_all_three(world: World, persona: str) -> None:
    client = world.client(persona)
    for url in (
        timeline_url(world.home_a, world.resident_a),
        page_url(world.home_a, "figures"),
        page_url(world.home_a, "network"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'role="img"' in response.content


@pytest.mark.parametrize("persona", ["volunteer_a", "family_a", "resident_user"])
def test_other_roles_are_refused(world: World, persona: str) -> None:
    client = world.client(persona)
    assert client.get(page_url(world.home_a, "figures")).status_code == 403
    assert client.get(page_url(world.home_a, "network")).status_code == 403


def test_timeline_refuses_those_who_may_see_the_person_but_not_the_log(world: World) -> None:
    url = timeline_url(world.home_a, world.resident_a)
    assert world.client("volunteer_a").get(url).status_code == 403
    assert world.client("family_a").get(url).status_code == 403
    # A resident cannot even learn that someone else lives here.
    assert world.client("resident_user").get(url).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()


def test_another_home_is_404(world: World) -> None:
    client = world.client("manager_b")
    assert client.get(timeline_url(world.home_a, world.resident_a)).status_code == 404
    assert client.get(page_url(world.home_a, "figures")).status_code == 404
    assert client.get(page_url(world.home_a, "network")).status_code == 404
    # Nor can home A's resident be reached through home B's address.
    assert client.get(timeline_url(world.home_b, world.resident_a)).status_code == 404


def test_pages_only_answer_get(world: World) -> None:
    client = world.client("manager_a")
    assert client.post(page_url(world.home_a, "figures")).status_code == 405
    assert client.post(timeline_url(world.home_a, world.resident_a)).status_code == 405


# The timeline.


def test_timeline_is_audited_as_a_view_of_the_person(world: World) -> None:
    world.client("care_worker_a").get(timeline_url(world.home_a, world.resident_a))
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert entry.resident_code == world.resident_a.code
    assert entry.actor == world.care_worker_a


def test_timeline_counts_by_domain_with_declines_and_mood(world: World) -> None:
    home, peggy = world.home_a, world.resident_a
    today = timezone.localdate()
    day = today - dt.timedelta(days=1)
    log(
        home,
        [peggy],
        day,
        kind=Kind.VISIT,
        with_type=WithType.CONTACT,
        with_contact=world.family_contact,
        everyone=Engagement.JOYFUL,
    )
    log(home, [peggy, world.resident_a2], day, kind=Kind.MEAL, everyone=Engagement.CALM)
    log(home, [peggy], day, kind=Kind.ACTIVITY, everyone=Engagement.DECLINED)
    log(home, [peggy], today - dt.timedelta(days=40), kind=Kind.OUTING)
    response = world.client("manager_a").get(timeline_url(home, peggy))
    timeline = response.context["timeline"]
    assert len(timeline.weeks) == 26
    assert timeline.weeks[-1].start == monday_of(today)
    yesterday = timeline.days[-2]
    assert (yesterday.family, yesterday.peers, yesterday.declined) == (1, 1, 1)
    assert yesterday.average_engagement == 3.0  # joyful (4) and calm (2); declined not counted
    assert sum(week.community for week in timeline.weeks) == 1
    assert timeline.recent_declined == 1
    assert timeline.summary.last_visit == day
    assert response.context["recent_mood"] == "Engaged"
    content = response.content.decode()
    assert "Declined (below the line)" in content
    assert day.strftime("%-d %B %Y") in content  # last visit, from the summary


def test_timeline_switches_to_52_weeks_by_a_plain_link(world: World) -> None:
    client = world.client("manager_a")
    url = timeline_url(world.home_a, world.resident_a)
    response = client.get(url)
    assert 'href="?weeks=52#weeks"' in response.content.decode()
    longer = client.get(url, {"weeks": "52"})
    assert len(longer.context["timeline"].weeks) == 52
    assert len(longer.context["weekly_chart"].x_ticks) <= 6
    assert len(client.get(url, {"weeks": "13"}).context["timeline"].weeks) == 26


def test_timeline_query_count_is_fixed(
    world: World, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    for offset in range(1, 200, 3):
        log(world.home_a, [world.resident_a], timezone.localdate() - dt.timedelta(days=offset))
    client = world.client("manager_a")
    with django_assert_max_num_queries(12):
        client.get(timeline_url(world.home_a, world.resident_a), {"weeks": "52"})


# The home's figures.


@pytest.fixture
def small_home() -> tuple[Home, Client, list[Resident]]:
    home = make_home()
    client = client_for(make_member(home, Role.MANAGER).user)
    people = [make_resident(home, admission_date=LONG_AGO, status_since=LONG_AGO) for _ in range(4)]
    return home, client, people


def test_one_of_four_below_their_usual_is_25_percent(
    small_home: tuple[Home, Client, list[Resident]],
) -> None:
    home, client, people = small_home
    latest = last_full_week()
    # Twelve ordinary weeks of two contacts each: everyone's usual is 2 a week.
    for weeks_back in range(1, 13):
        for day in (latest - weeks_back * WEEK, latest - weeks_back * WEEK + dt.timedelta(2)):
            log(home, people, day)
    # The latest week: the first person has nothing; the last has a call from her son.
    for day in (latest, latest + dt.timedelta(days=2)):
        log(home, people[1:3], day)
    log(home, [people[3]], latest)
    son = make_contact(people[3])
    log(
        home,
        [people[3]],
        latest + dt.timedelta(days=3),
        with_type=WithType.CONTACT,
        with_contact=son,
    )
    # Someone who moved out long before and someone who came after the week are not counted.
    make_resident(home, admission_date=LONG_AGO, status="moved_out", status_since=LONG_AGO)
    make_resident(home, admission_date=timezone.localdate(), status_since=timezone.localdate())

    response = client.get(page_url(home, "figures"))
    contacts, below, no_family = response.context["figures"]
    assert below["latest"] == "25%"
    assert below["change"] == "up from 0% four weeks ago"
    assert no_family["latest"] == "75%"
    assert no_family["change"] == "down from 100% four weeks ago"
    assert contacts["latest"] == "1.5"
    assert contacts["change"] == "down from 2.0 four weeks ago"
    assert below["rows"][0][2] == "1 of 4 residents"
    assert len(below["chart"].points) == 26
    assert "25% in the latest week, up from 0% four weeks ago" in _text(response.content)


def _text(content: bytes) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", content.decode()).split())


def test_who_counts_in_a_week() -> None:
    monday = dt.date(2024, 6, 3)
    stays = [
        Stay(1, dt.date(2024, 6, 9), None),  # moved in on the Sunday: counted
        Stay(2, dt.date(2024, 6, 10), None),  # moved in the next Monday: not yet
        Stay(3, LONG_AGO, dt.date(2024, 6, 3)),  # left on the Monday: counted
        Stay(4, LONG_AGO, dt.date(2024, 6, 2)),  # left the Sunday before: not counted
    ]
    (week,) = figures_from(stays, [], [monday])
    assert week.residents == 2
    assert week.no_family == 2
    assert week.below_usual == 0


def test_a_newcomer_has_no_usual_yet() -> None:
    monday = dt.date(2024, 6, 3)
    newcomer = Stay(1, monday - 3 * WEEK, None)
    settled = Stay(2, LONG_AGO, None)
    rows = [(r, monday - i * WEEK, 4, 0) for r in (1, 2) for i in range(1, 4)]
    (week,) = figures_from([newcomer, settled], rows, [monday])
    # Three full weeks is not yet a pattern; the settled resident's last twelve weeks are
    # mostly empty, so their usual is nothing and a week of nothing is not below it.
    assert week.below_usual == 0
    rows += [(2, monday - i * WEEK, 4, 0) for i in range(4, 13)]
    (week,) = figures_from([newcomer, settled], rows, [monday])
    assert week.below_usual == 1


@pytest.mark.parametrize("residents", [5, 40])
def test_figures_take_the_same_queries_whatever_the_size(
    residents: int, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    home = make_home()
    client = client_for(make_member(home, Role.MANAGER).user)
    people = [
        make_resident(home, admission_date=LONG_AGO, status_since=LONG_AGO)
        for _ in range(residents)
    ]
    for weeks_back in range(0, 40, 3):
        log(home, people, last_full_week() - weeks_back * WEEK)
    with django_assert_max_num_queries(8):
        response = client.get(page_url(home, "figures"))
    assert response.status_code == 200


# The network picture.


def test_network_shows_who_connects_and_who_is_on_the_edge(world: World) -> None:
    home = world.home_a
    ann, bob = world.resident_a, world.resident_a2
    cy = make_resident(home, full_name="Cyril Edge", preferred_name="Cyril")
    carer = make_member(home, Role.CARE_WORKER)
    day = timezone.localdate() - dt.timedelta(days=5)
    log(
        home,
        [ann],
        day,
        kind=Kind.VISIT,
        with_type=WithType.CONTACT,
        with_contact=world.family_contact,
    )
    log(home, [ann, bob], day, kind=Kind.ACTIVITY, domain=Domain.PEERS)
    log(home, [ann], day, with_type=WithType.STAFF, with_member=carer)
    log(
        home, [bob], day, kind=Kind.COMMUNITY, with_type=WithType.GROUP, with_name="Knit and Natter"
    )
    # A tension between Cyril and Ann is never a line, nor a connection.
    first, second = sorted([ann, cy], key=lambda r: r.pk)
    PeerRelationship.objects.create(
        home=home,
        organisation=home.organisation,
        resident_a=first,
        resident_b=second,
        kind=PeerRelationship.Kind.TENSION,
    )
    response = world.client("activity_lead_a").get(page_url(home, "network"))
    rows = {standing.key: standing for standing, _code, _counts in response.context["rows"]}
    assert rows[f"r:{ann.pk}"].by_domain == {"family": 1, "peers": 1, "staff": 1, "community": 0}
    assert rows[f"r:{bob.pk}"].by_domain == {"family": 0, "peers": 1, "staff": 0, "community": 1}
    assert rows[f"r:{cy.pk}"].total == 0 and rows[f"r:{cy.pk}"].on_edge
    first_row = response.context["rows"][0][0]
    assert first_row.key == f"r:{cy.pk}"
    content = response.content.decode()
    assert "Knit and Natter" in content  # group names as written
    assert "Susan Ellis (Son or daughter)" in content
    assert "(on the edge)</tspan>" in content
    picture = response.context["picture"]
    lines = {(line.a, line.b) for line in picture.lines}
    assert not any(f"r:{cy.pk}" in pair for pair in lines)
    assert 'aria-labelledby="network-title network-desc"' in content


def test_network_period_is_chosen_by_plain_links(world: World) -> None:
    home = world.home_a
    log(
        home,
        [world.resident_a],
        timezone.localdate() - dt.timedelta(days=60),
        with_type=WithType.STAFF,
        with_member=make_member(home, Role.CARE_WORKER),
    )
    client = world.client("manager_a")
    week_ago = client.get(page_url(home, "network"), {"days": "30"})
    assert week_ago.context["days"] == 30
    assert not week_ago.context["picture"].lines
    default = client.get(page_url(home, "network"), {"days": "nonsense"})
    assert default.context["days"] == 90
    assert len(default.context["picture"].lines) == 1
    assert 'href="?days=365"' in default.content.decode()


@pytest.mark.parametrize("residents", [5, 40])
def test_network_takes_the_same_queries_whatever_the_size(
    residents: int, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    home = make_home()
    client = client_for(make_member(home, Role.MANAGER).user)
    carer = make_member(home, Role.CARE_WORKER)
    people = [make_resident(home) for _ in range(residents)]
    day = timezone.localdate() - dt.timedelta(days=3)
    for person in people:
        log(home, [person], day, with_type=WithType.CONTACT, with_contact=make_contact(person))
    log(home, people[:3], day, kind=Kind.ACTIVITY)
    log(home, people, day, with_type=WithType.STAFF, with_member=carer)
    log(home, people[:2], day, kind=Kind.COMMUNITY, with_type=WithType.GROUP, with_name="Choir")
    with django_assert_max_num_queries(10):
        response = client.get(page_url(home, "network"))
    assert len(response.context["rows"]) == residents


def test_no_inline_styles_on_any_page(world: World) -> None:
    client = world.client("manager_a")
    log(world.home_a, [world.resident_a], timezone.localdate() - dt.timedelta(days=1))
    for url in (
        timeline_url(world.home_a, world.resident_a),
        page_url(world.home_a, "figures"),
        page_url(world.home_a, "network"),
    ):
        content = client.get(url).content.decode()
        assert " style=" not in content
        for svg in re.findall(r"<svg[^>]*role=\"img\"[^>]*>", content):
            ids = re.search(r'aria-labelledby="([^"]+)"', svg)
            assert ids is not None
            for ident in ids.group(1).split():
                assert f'id="{ident}"' in content


def test_welsh_pages_render(world: World) -> None:
    client = world.client("manager_a")
    client.cookies["django_language"] = "cy"
    for url in (page_url(world.home_a, "figures"), page_url(world.home_a, "network")):
        assert client.get(url).status_code == 200


def test_an_empty_home_still_shows_its_pages() -> None:
    home = make_home()
    client = client_for(make_member(home, Role.MANAGER).user)
    figures = client.get(page_url(home, "figures"))
    assert figures.status_code == 200
    assert figures.context["figures"][0]["latest"] == "no residents"
    network = client.get(page_url(home, "network"))
    assert network.status_code == 200
    assert "Nobody lives here yet." in network.content.decode()

"""Relationships between residents: add, end, pair order, duplicates, tension visibility."""

import datetime as dt

import pytest
from django.urls import reverse

from commonroom.audit.models import AuditEntry
from commonroom.circle.models import PeerRelationship
from commonroom.circle.services import CircleError
from commonroom.circle.services.peers import add_peer
from commonroom.residents.models import Resident

from .conftest import World
from .factories import make_resident
from .test_circle_section import render_section


def add_url(world: World, resident: Resident | None = None) -> str:
    person = resident or world.resident_a
    return reverse("circle:peer_add", args=[world.home_a.slug, person.code])


def end_url(world: World, peer: PeerRelationship, resident: Resident | None = None) -> str:
    person = resident or world.resident_a
    return reverse("circle:peer_end", args=[world.home_a.slug, person.code, peer.code])


def tension(world: World) -> PeerRelationship:
    return add_peer(
        world.home_a,
        world.resident_a,
        world.resident_a2,
        kind=PeerRelationship.Kind.TENSION,
        since=None,
        notes="Argue over the television",
        actor=world.manager_a,
    )


@pytest.mark.parametrize("persona", ["manager_a", "care_worker_a", "activity_lead_a"])
def test_staff_add_a_friendship_stored_in_pair_order(world: World, persona: str) -> None:
    person = world.resident_a2
    response = world.client(persona).post(
        add_url(world, person),
        {"other": str(world.resident_a.code), "kind": "friend", "since": "2024-06-01"},
    )
    assert response.status_code == 302
    peer = PeerRelationship.objects.get()
    assert peer.resident_a_id < peer.resident_b_id
    assert {peer.resident_a, peer.resident_b} == {world.resident_a, world.resident_a2}
    entries = AuditEntry.objects.filter(object_code=peer.code, action=AuditEntry.Action.CREATE)
    assert {e.resident_code for e in entries} == {world.resident_a.code, world.resident_a2.code}


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("volunteer_a", 403),
        ("visitor_a", 403),
        ("family_a", 403),
        ("resident_user", 404),
        ("manager_b", 404),
    ],
)
def test_others_cannot_add_or_end(world: World, persona: str, status: int) -> None:
    client = world.client(persona)
    data = {"other": str(world.resident_a2.code), "kind": "friend"}
    assert client.get(add_url(world)).status_code == status
    assert client.post(add_url(world), data).status_code == status
    friends = add_peer(
        world.home_a,
        world.resident_a,
        world.resident_a2,
        kind="friend",
        since=None,
        notes="",
        actor=world.manager_a,
    )
    assert client.post(end_url(world, friends), {"ended_on": "2025-01-01"}).status_code == status
    friends.refresh_from_db()
    assert friends.ended_on is None


def test_self_relationship_is_refused(world: World) -> None:
    response = world.client("manager_a").post(
        add_url(world), {"other": str(world.resident_a.code), "kind": "friend"}
    )
    assert response.status_code == 400
    assert "Choose someone who lives in this home" in response.content.decode()
    with pytest.raises(CircleError, match="someone other than"):
        add_peer(
            world.home_a,
            world.resident_a,
            world.resident_a,
            kind="friend",
            since=None,
            notes="",
            actor=world.manager_a,
        )


def test_duplicate_is_refused_with_a_clear_error(world: World) -> None:
    client = world.client("manager_a")
    data = {"other": str(world.resident_a2.code), "kind": "buddy"}
    assert client.post(add_url(world), data).status_code == 302
    back = {"other": str(world.resident_a.code), "kind": "buddy"}
    response = client.post(add_url(world, world.resident_a2), back)
    assert response.status_code == 400
    assert "already recorded" in response.content.decode()
    assert PeerRelationship.objects.count() == 1


def test_resident_of_another_home_cannot_be_chosen(world: World) -> None:
    response = world.client("manager_a").post(
        add_url(world), {"other": str(world.resident_b.code), "kind": "friend"}
    )
    assert response.status_code == 400
    with pytest.raises(CircleError):
        add_peer(
            world.home_a,
            world.resident_a,
            world.resident_b,
            kind="friend",
            since=None,
            notes="",
            actor=world.manager_a,
        )


def test_future_since_is_refused(world: World) -> None:
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    response = world.client("manager_a").post(
        add_url(world), {"other": str(world.resident_a2.code), "kind": "friend", "since": future}
    )
    assert response.status_code == 400


def test_end_a_relationship_keeps_history_and_audits(world: World) -> None:
    peer = tension(world)
    client = world.client("senior_carer_a")
    assert client.get(end_url(world, peer)).status_code == 200
    response = client.post(end_url(world, peer, world.resident_a2), {"ended_on": "2025-03-01"})
    assert response.status_code == 302
    peer.refresh_from_db()
    assert peer.ended_on == dt.date(2025, 3, 1)
    updates = AuditEntry.objects.filter(object_code=peer.code, action=AuditEntry.Action.UPDATE)
    assert updates.count() == 2
    again = client.post(end_url(world, peer), {"ended_on": "2025-03-02"})
    assert again.status_code == 404


def test_end_before_since_is_400(world: World) -> None:
    peer = add_peer(
        world.home_a,
        world.resident_a,
        world.resident_a2,
        kind="friend",
        since=dt.date(2024, 5, 1),
        notes="",
        actor=world.manager_a,
    )
    response = world.client("manager_a").post(end_url(world, peer), {"ended_on": "2024-01-01"})
    assert response.status_code == 400
    assert "cannot end before it started" in response.content.decode()
    bad = world.client("manager_a").post(end_url(world, peer), {"ended_on": "soon"})
    assert bad.status_code == 400


def test_peer_of_someone_else_is_404(world: World) -> None:
    third = make_resident(world.home_a)
    peer = add_peer(
        world.home_a,
        world.resident_a2,
        third,
        kind="friend",
        since=None,
        notes="",
        actor=world.manager_a,
    )
    assert world.client("manager_a").get(end_url(world, peer)).status_code == 404


# Tensions: staff only -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["volunteer_a", "family_a", "resident_user"])
def test_tension_never_appears_for_volunteers_families_or_residents(
    world: World, persona: str
) -> None:
    peer = tension(world)
    for person in (world.resident_a, world.resident_a2):
        page = render_section(world, persona, person)
        assert "tension" not in page.lower()
        assert "Argue over the television" not in page
    assert world.client(persona).get(end_url(world, peer)).status_code in {403, 404}


@pytest.mark.parametrize("persona", ["manager_a", "care_worker_a", "activity_lead_a", "visitor_a"])
def test_tension_shown_to_those_who_may_see_it(world: World, persona: str) -> None:
    tension(world)
    page = render_section(world, persona, world.resident_a)
    assert "A tension to avoid" in page
    assert "Argue over the television" in page


def test_tension_not_offered_on_the_form_without_permission(world: World) -> None:
    from commonroom.circle.forms import PeerForm

    form = PeerForm(resident=world.resident_a, with_tensions=False)
    assert "tension" not in dict(form.fields["kind"].choices)  # type: ignore[attr-defined]
    staff_form = PeerForm(resident=world.resident_a, with_tensions=True)
    assert "tension" in dict(staff_form.fields["kind"].choices)  # type: ignore[attr-defined]


def test_friendship_hidden_from_family_so_other_residents_stay_private(world: World) -> None:
    add_peer(
        world.home_a,
        world.resident_a,
        world.resident_a2,
        kind="friend",
        since=None,
        notes="",
        actor=world.manager_a,
    )
    assert "Arthur" not in render_section(world, "family_a", world.resident_a)
    assert "Arthur" in render_section(world, "volunteer_a", world.resident_a)

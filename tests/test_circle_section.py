"""The circle section of the record page, rendered as each persona would see it."""

import datetime as dt

from django.template.loader import render_to_string

from commonroom.circle.models import KeyWorkerAssignment, SupportRole
from commonroom.circle.services import circle_for
from commonroom.circle.services.peers import add_peer
from commonroom.homes.models import Home, Membership
from commonroom.homes.roles import Perm, Role
from commonroom.residents.models import Resident

from .conftest import World
from .factories import make_contact, make_home, make_member, make_resident


def membership_of(world: World, persona: str) -> Membership:
    return Membership.objects.select_related("home").get(
        user=getattr(world, persona), home=world.home_a
    )


def render_for(membership: Membership, resident: Resident) -> str:
    """Render the include with what the context processor gives every page."""
    context = {
        "resident": resident,
        "home": membership.home,
        "membership": membership,
        "can": {perm.value: membership.can(perm) for perm in Perm},
    }
    return render_to_string("circle/_resident_circle.html", context)


def render_section(world: World, persona: str, resident: Resident) -> str:
    return render_for(membership_of(world, persona), resident)


def busy_circle(world: World) -> None:
    resident = world.resident_a
    named = make_contact(
        resident,
        name="Anne Ellis",
        support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER,
        phone="0131 496 0001",
        has_door_code=True,
        preferred_method="phone",
        preferred_frequency="daily",
    )
    make_contact(resident, name="Rev. Okafor", relationship="faith", substitute_for=named)
    make_contact(resident, name="Jean from choir", relationship="friend", may_receive_updates=True)
    for other in [make_resident(world.home_a) for _ in range(3)]:
        add_peer(
            world.home_a,
            resident,
            other,
            kind="friend",
            since=None,
            notes="",
            actor=world.manager_a,
        )
    staff = make_member(world.home_a, Role.CARE_WORKER)
    KeyWorkerAssignment.objects.create(
        home=world.home_a, resident=resident, staff=staff, started_on=dt.date(2024, 2, 1)
    )


def test_groups_contacts_and_shows_roles_and_how_they_keep_in_touch(world: World) -> None:
    busy_circle(world)
    page = render_section(world, "care_worker_a", world.resident_a)
    family, others = page.split("Friends and others")
    assert "Anne Ellis" in family and "Susan Ellis" in family
    assert "Jean from choir" in others and "Rev. Okafor" in others
    assert "Essential care supporter" in page
    assert "Substitute for Anne Ellis" in page
    assert "phone calls, most days" in page
    assert "0131 496 0001" in page
    assert "Has a door code" in page and "May receive updates" in page
    assert "/contacts/" in page  # edit links for editors


def test_details_and_flags_hidden_without_permission(world: World) -> None:
    busy_circle(world)
    for persona in ("activity_lead_a", "volunteer_a", "family_a"):
        page = render_section(world, persona, world.resident_a)
        assert "Anne Ellis" in page
        assert "0131 496 0001" not in page
        assert "Has a door code" not in page
    volunteer = render_section(world, "volunteer_a", world.resident_a)
    assert "/contacts/" not in volunteer
    assert "Key worker history" not in volunteer


def test_key_worker_and_continuity_shown(world: World) -> None:
    busy_circle(world)
    page = render_section(world, "senior_carer_a", world.resident_a)
    assert "since 1 February 2024" in page
    assert "1 key worker in the last 12 months" in page
    assert "Key worker history" in page


def test_missing_essential_care_supporter_is_flagged(world: World) -> None:
    page = render_section(world, "manager_a", world.resident_a2)
    assert "No essential care supporter is recorded" in page
    busy_circle(world)
    assert "No essential care supporter" not in render_section(world, "manager_a", world.resident_a)


def test_english_home_speaks_of_care_supporters(db: None) -> None:
    home: Home = make_home(nation=Home.Nation.ENGLAND)
    page = render_for(make_member(home, Role.MANAGER), make_resident(home))
    assert "No care supporter is recorded" in page


def test_circle_for_uses_three_queries_however_big(
    world: World, django_assert_num_queries: object
) -> None:
    busy_circle(world)
    membership = membership_of(world, "manager_a")
    resident = Resident.objects.select_related("home").get(pk=world.resident_a.pk)
    with django_assert_num_queries(3):  # type: ignore[operator]
        page = render_for(membership, resident)
    assert page.count('class="cr-card"') == 4
    circle = circle_for(resident, membership)
    assert len(circle.family) == 2 and len(circle.others) == 2 and len(circle.peers) == 3

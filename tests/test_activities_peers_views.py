"""The peers pages by persona and across homes: introductions and buddies recorded in the circle
with their audit, seating for a meal, volunteers' profiles, and query counts that stay flat."""

import datetime as dt

import pytest
from django.urls import reverse

from commonroom.activities.models import VolunteerProfile
from commonroom.audit.models import AuditEntry
from commonroom.circle.models import PeerRelationship
from commonroom.homes.models import Membership
from commonroom.homes.roles import Role
from commonroom.lib.dates import today
from commonroom.residents.models import Interest, Level, Resident, ResidentInterest

from .conftest import World
from .factories import make_member, make_resident

pytestmark = pytest.mark.django_db

PLANNERS = ["manager_a", "senior_carer_a", "activity_lead_a"]
REFUSED = ["care_worker_a", "volunteer_a", "visitor_a", "family_a", "resident_user"]


def likes(resident: Resident, slug: str) -> None:
    ResidentInterest.objects.create(
        home=resident.home, resident=resident, interest=Interest.objects.get(slug=slug)
    )


def gardeners(world: World) -> tuple[Resident, Resident]:
    likes(world.resident_a, "gardening")
    likes(world.resident_a2, "gardening")
    return world.resident_a, world.resident_a2


def newcomer(world: World, **fields: object) -> Resident:
    moved_in = today() - dt.timedelta(days=10)
    person = make_resident(
        world.home_a,
        full_name="Nia Evans",
        preferred_name="Nia",
        admission_date=moved_in,
        status_since=moved_in,
        **fields,
    )
    likes(person, "gardening")
    return person


def url(world: World, name: str, *args: object) -> str:
    return reverse(f"activities:{name}", args=[world.home_a.slug, *args])


def volunteer_membership(world: World) -> Membership:
    return Membership.objects.get(user=world.volunteer_a, home=world.home_a)


# --- introductions --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PLANNERS)
def test_planners_see_introductions_with_reasons(world: World, persona: str) -> None:
    gardeners(world)
    response = world.client(persona).get(url(world, "introductions"))
    assert response.status_code == 200
    assert "both love gardening" in response.content.decode()
    [card] = response.context["cards"]
    assert {card.first, card.second} == {world.resident_a, world.resident_a2}


@pytest.mark.parametrize("persona", REFUSED)
def test_other_roles_are_refused(world: World, persona: str) -> None:
    for name in ("introductions", "seating", "volunteers"):
        assert world.client(persona).get(url(world, name)).status_code == 403


def test_another_home_answers_404(world: World) -> None:
    client = world.client("manager_b")
    for name in ("introductions", "seating", "volunteers"):
        assert client.get(url(world, name)).status_code == 404
    code = volunteer_membership(world).code
    assert client.get(url(world, "volunteer_edit", code)).status_code == 404
    one, other = gardeners(world)
    data = {"first": one.code, "second": other.code}
    assert client.post(url(world, "introduce"), data).status_code == 404
    assert not PeerRelationship.objects.exists()


def test_a_tension_is_never_suggested_nor_shown(world: World) -> None:
    one, other = gardeners(world)
    first, second = sorted((one, other), key=lambda r: r.pk)
    PeerRelationship.objects.create(
        home=world.home_a, resident_a=first, resident_b=second, kind="tension", notes="Argue"
    )
    response = world.client("manager_a").get(url(world, "introductions"))
    page = response.content.decode()
    assert response.context["cards"] == []
    assert "tension" not in page.lower() and "Argue" not in page


def test_accepting_an_introduction_records_friends_with_audit(world: World) -> None:
    one, other = gardeners(world)
    response = world.client("activity_lead_a").post(
        url(world, "introduce"), {"first": one.code, "second": other.code}
    )
    assert response.status_code == 302
    friends = PeerRelationship.objects.get()
    assert friends.kind == PeerRelationship.Kind.FRIEND
    entries = AuditEntry.objects.filter(action="create", object_code=friends.code)
    assert {e.resident_code for e in entries} == {one.code, other.code}
    assert world.client("activity_lead_a").get(url(world, "introductions")).context["cards"] == []


def test_an_introduction_across_a_tension_is_refused(world: World) -> None:
    one, other = gardeners(world)
    first, second = sorted((one, other), key=lambda r: r.pk)
    PeerRelationship.objects.create(
        home=world.home_a, resident_a=first, resident_b=second, kind="tension"
    )
    response = world.client("manager_a").post(
        url(world, "introduce"), {"first": one.code, "second": other.code}
    )
    assert response.status_code == 400
    assert "no longer applies" in response.content.decode()
    assert PeerRelationship.objects.count() == 1


def test_bad_input_is_a_400_not_a_500(world: World) -> None:
    response = world.client("manager_a").post(url(world, "introduce"), {"first": "nonsense"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_a_newcomer_is_offered_a_buddy_and_can_be_given_one(world: World) -> None:
    new = newcomer(world)
    gardeners(world)
    client = world.client("senior_carer_a")
    page = client.get(url(world, "introductions"))
    [item] = page.context["newcomers"]
    assert item["resident"] == new and item["proposed"] is not None
    buddy = item["proposed"].second
    response = client.post(url(world, "make_buddies"), {"first": new.code, "second": buddy.code})
    assert response.status_code == 302
    assert PeerRelationship.objects.get().kind == PeerRelationship.Kind.BUDDY
    [item] = client.get(url(world, "introductions")).context["newcomers"]
    assert item["buddy"] == buddy and item["proposed"] is None
    # The buddy now has a newcomer: they are not proposed for another.
    second = newcomer(world)
    second_item = next(
        i
        for i in client.get(url(world, "introductions")).context["newcomers"]
        if i["resident"] == second
    )
    assert second_item["proposed"] is None or second_item["proposed"].second != buddy


def test_a_settled_resident_cannot_be_given_a_buddy(world: World) -> None:
    one, other = gardeners(world)
    response = world.client("manager_a").post(
        url(world, "make_buddies"), {"first": one.code, "second": other.code}
    )
    assert response.status_code == 400
    assert not PeerRelationship.objects.exists()


def test_showing_a_shared_faith_is_audited_as_a_read(world: World) -> None:
    Resident.objects.filter(pk__in=[world.resident_a.pk, world.resident_a2.pk]).update(
        faith="Methodist"
    )
    world.client("manager_a").get(url(world, "introductions"))
    viewed = AuditEntry.objects.filter(action="view")
    assert {e.resident_code for e in viewed} == {world.resident_a.code, world.resident_a2.code}
    assert all(e.fields == ["faith"] for e in viewed)


def test_introductions_cost_the_same_for_a_bigger_home(
    world: World, django_assert_max_num_queries: object
) -> None:
    for n in range(30):
        resident = make_resident(world.home_a, faith="Methodist" if n % 2 else "")
        likes(resident, "gardening" if n % 3 else "bingo")
        if n % 5 == 0:
            newcomer(world)
    client = world.client("manager_a")
    with django_assert_max_num_queries(16):  # type: ignore[operator]
        assert client.get(url(world, "introductions")).status_code == 200


# --- seating ---------------------------------------------------------------------------------


def test_seating_form_then_tables_with_tension_apart(world: World) -> None:
    one, other = gardeners(world)
    extra = [make_resident(world.home_a, hearing=Level.SOME) for _ in range(4)]
    first, second = sorted((one, other), key=lambda r: r.pk)
    PeerRelationship.objects.create(
        home=world.home_a, resident_a=first, resident_b=second, kind="tension"
    )
    client = world.client("activity_lead_a")
    blank = client.get(url(world, "seating"))
    assert blank.status_code == 200 and blank.context["tables"] == []
    eating = [one.code, other.code, *(r.code for r in extra)]
    response = client.get(
        url(world, "seating"), {"table_size": 3, "quiet_tables": 1, "residents": eating}
    )
    assert response.status_code == 200
    tables = response.context["tables"]
    assert sum(len(t["names"]) for t in tables) == 6
    assert not any(
        one.display_name in t["names"] and other.display_name in t["names"] for t in tables
    )
    assert tables[0]["quiet"] and "a quieter table, for their hearing" in response.content.decode()
    assert AuditEntry.objects.filter(action="view", fields=["hearing"]).exists()


def test_seating_with_bad_input_is_a_400(world: World) -> None:
    response = world.client("manager_a").get(
        url(world, "seating"), {"table_size": 1, "quiet_tables": 0, "residents": ["x"]}
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_seating_only_seats_this_homes_residents(world: World) -> None:
    response = world.client("manager_a").get(
        url(world, "seating"),
        {"table_size": 4, "quiet_tables": 0, "residents": [world.resident_b.code]},
    )
    assert response.status_code == 400


def test_seating_cost_is_bounded(world: World, django_assert_max_num_queries: object) -> None:
    people = [make_resident(world.home_a) for _ in range(30)]
    for person in people[::2]:
        likes(person, "bingo")
    query = {"table_size": 6, "quiet_tables": 1, "residents": [p.code for p in people]}
    client = world.client("manager_a")
    with django_assert_max_num_queries(16):  # type: ignore[operator]
        assert client.get(url(world, "seating"), query).status_code == 200


# --- volunteers ------------------------------------------------------------------------------


def test_planners_see_volunteers_and_their_matches(world: World) -> None:
    likes(world.resident_a, "gardening")
    Resident.objects.filter(pk=world.resident_a2.pk).update(other_languages=["Welsh"])
    profile = VolunteerProfile.objects.create(
        home=world.home_a,
        membership=volunteer_membership(world),
        languages=["Welsh"],
        availability=["mon_morning", "thu_afternoon"],
    )
    profile.interests.set([Interest.objects.get(slug="gardening")])
    for persona in PLANNERS:
        response = world.client(persona).get(url(world, "volunteers"))
        assert response.status_code == 200
        page = response.content.decode()
        assert "both speak Welsh" in page and "both love gardening" in page
        assert "Monday morning" in page


def test_a_volunteer_edits_their_own_profile_with_audit(world: World) -> None:
    client = world.client("volunteer_a")
    own = volunteer_membership(world)
    mine = url(world, "volunteer_edit", own.code)
    assert client.get(mine).status_code == 200
    gardening = Interest.objects.get(slug="gardening")
    response = client.post(
        mine,
        {
            "languages": "Welsh, Punjabi, Welsh",
            "interests": [gardening.pk],
            "availability": ["tue_evening", "mon_morning"],
            "notes": "Can drive",
        },
    )
    assert response.status_code == 302
    profile = VolunteerProfile.objects.get(membership=own)
    assert profile.languages == ["Welsh", "Punjabi"]
    assert profile.availability == ["mon_morning", "tue_evening"]
    assert list(profile.interests.all()) == [gardening]
    assert AuditEntry.objects.filter(action="create", object_code=profile.code).exists()
    page = client.get(mine).content.decode()
    assert 'value="mon_morning" checked' in page and 'value="mon_evening" checked' not in page
    assert "Welsh, Punjabi" in page and ">Monday morning</span>" in page


def test_a_volunteer_cannot_edit_another(world: World) -> None:
    other = make_member(world.home_a, Role.VOLUNTEER)
    client = world.client("volunteer_a")
    assert client.get(url(world, "volunteer_edit", other.code)).status_code == 403
    assert client.post(url(world, "volunteer_edit", other.code), {}).status_code == 403
    assert not VolunteerProfile.objects.exists()


def test_a_planner_edits_a_volunteer_profile(world: World) -> None:
    own = volunteer_membership(world)
    response = world.client("activity_lead_a").post(
        url(world, "volunteer_edit", own.code), {"languages": "", "availability": ["sun_evening"]}
    )
    assert response.status_code == 302
    assert VolunteerProfile.objects.get().availability == ["sun_evening"]


def test_a_bad_slot_is_a_400(world: World) -> None:
    own = volunteer_membership(world)
    response = world.client("manager_a").post(
        url(world, "volunteer_edit", own.code), {"availability": ["someday"]}
    )
    assert response.status_code == 400
    assert not VolunteerProfile.objects.exists()


def test_only_volunteers_have_a_profile_page(world: World) -> None:
    carer = Membership.objects.get(user=world.care_worker_a)
    client = world.client("manager_a")
    assert client.get(url(world, "volunteer_edit", carer.code)).status_code == 404


def test_volunteers_page_cost_is_bounded(
    world: World, django_assert_max_num_queries: object
) -> None:
    gardening = Interest.objects.get(slug="gardening")
    for _ in range(8):
        member = make_member(world.home_a, Role.VOLUNTEER)
        profile = VolunteerProfile.objects.create(
            home=world.home_a, membership=member, availability=["mon_morning"]
        )
        profile.interests.set([gardening])
    for _ in range(20):
        likes(make_resident(world.home_a), "gardening")
    client = world.client("manager_a")
    with django_assert_max_num_queries(16):  # type: ignore[operator]
        assert client.get(url(world, "volunteers")).status_code == 200

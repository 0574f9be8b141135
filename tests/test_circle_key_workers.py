"""Key workers over time and the staff-continuity figure."""

import datetime as dt

import pytest
from django.urls import reverse

from commonroom.audit.models import AuditEntry
from commonroom.circle.models import KeyWorkerAssignment
from commonroom.circle.services import CircleError
from commonroom.circle.services.continuity import Stint, continuity
from commonroom.circle.services.key_workers import assign_key_worker
from commonroom.homes.models import Membership
from commonroom.homes.roles import Role

from .conftest import World
from .factories import make_home, make_member

TODAY = dt.date(2025, 6, 30)


# The continuity figure (pure) -----------------------------------------------------------------


def test_nobody_ever() -> None:
    figure = continuity([], TODAY)
    assert figure.key_workers_last_year == 0
    assert figure.days_with_current is None


def test_one_long_standing_key_worker() -> None:
    figure = continuity([Stint(1, dt.date(2020, 1, 1))], TODAY)
    assert figure.key_workers_last_year == 1
    assert figure.days_with_current == (TODAY - dt.date(2020, 1, 1)).days


def test_counts_different_people_in_the_last_twelve_months() -> None:
    stints = [
        Stint(1, dt.date(2023, 1, 1), dt.date(2024, 6, 29)),  # ended just before the window
        Stint(2, dt.date(2024, 6, 30), dt.date(2024, 12, 31)),  # overlaps the window's first day
        Stint(3, dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        Stint(2, dt.date(2025, 4, 1)),
    ]
    figure = continuity(stints, TODAY)
    assert figure.key_workers_last_year == 2
    assert figure.days_with_current == (TODAY - dt.date(2025, 4, 1)).days


def test_back_to_back_stints_of_the_same_person_count_as_one_spell() -> None:
    stints = [Stint(5, dt.date(2025, 1, 1), dt.date(2025, 2, 28)), Stint(5, dt.date(2025, 3, 1))]
    assert continuity(stints, TODAY).days_with_current == (TODAY - dt.date(2025, 1, 1)).days


def test_gap_breaks_the_spell() -> None:
    stints = [Stint(5, dt.date(2025, 1, 1), dt.date(2025, 2, 1)), Stint(5, dt.date(2025, 3, 1))]
    assert continuity(stints, TODAY).days_with_current == (TODAY - dt.date(2025, 3, 1)).days


def test_ended_today_is_still_current_and_future_start_is_not() -> None:
    assert continuity([Stint(1, dt.date(2025, 6, 1), TODAY)], TODAY).days_with_current == 29
    future = continuity([Stint(1, dt.date(2025, 7, 1))], TODAY)
    assert future.days_with_current is None
    assert future.key_workers_last_year == 0


# Pages ----------------------------------------------------------------------------------------


def page_url(world: World) -> str:
    return reverse("circle:key_workers", args=[world.home_a.slug, world.resident_a.code])


def end_url(world: World, assignment: KeyWorkerAssignment) -> str:
    return reverse(
        "circle:key_worker_end", args=[world.home_a.slug, world.resident_a.code, assignment.code]
    )


def staff_membership(world: World, persona: str = "care_worker_a") -> Membership:
    return Membership.objects.get(user=getattr(world, persona), home=world.home_a)


def assign(
    world: World, started_on: dt.date, persona: str = "care_worker_a"
) -> KeyWorkerAssignment:
    return assign_key_worker(
        world.home_a,
        world.resident_a,
        staff_membership(world, persona),
        started_on=started_on,
        actor=world.manager_a,
    )


@pytest.mark.parametrize("persona", ["manager_a", "senior_carer_a"])
def test_managers_assign_a_key_worker(world: World, persona: str) -> None:
    staff = staff_membership(world)
    response = world.client(persona).post(
        page_url(world), {"staff": str(staff.code), "started_on": "2025-01-06"}
    )
    assert response.status_code == 302
    assignment = KeyWorkerAssignment.objects.get()
    assert assignment.staff == staff and assignment.ended_on is None
    entry = AuditEntry.objects.get(object_code=assignment.code)
    assert entry.resident_code == world.resident_a.code
    assert entry.action == AuditEntry.Action.CREATE


def test_new_key_worker_ends_the_previous_one_the_day_before(world: World) -> None:
    first = assign(world, dt.date(2024, 1, 1))
    second_staff = staff_membership(world, "activity_lead_a")
    response = world.client("manager_a").post(
        page_url(world), {"staff": str(second_staff.code), "started_on": "2025-02-01"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.ended_on == dt.date(2025, 1, 31)
    assert KeyWorkerAssignment.objects.filter(ended_on__isnull=True).get().staff == second_staff
    assert AuditEntry.objects.filter(object_code=first.code, fields=["ended_on"]).exists()


@pytest.mark.parametrize(
    ("persona", "get_status", "post_status"),
    [
        ("care_worker_a", 200, 403),
        ("activity_lead_a", 200, 403),
        ("visitor_a", 200, 403),
        ("volunteer_a", 403, 403),
        ("family_a", 403, 403),
        ("resident_user", 404, 404),
        ("manager_b", 404, 404),
    ],
)
def test_who_sees_and_who_changes(
    world: World, persona: str, get_status: int, post_status: int
) -> None:
    current = assign(world, dt.date(2024, 1, 1))
    client = world.client(persona)
    page = client.get(page_url(world))
    assert page.status_code == get_status
    if get_status == 200:
        assert "Assign a key worker" not in page.content.decode()
    data = {"staff": str(staff_membership(world, "manager_a").code), "started_on": "2025-01-01"}
    assert client.post(page_url(world), data).status_code == post_status
    assert client.post(end_url(world, current), {"ended_on": "2025-01-01"}).status_code in {
        post_status
    }
    assert KeyWorkerAssignment.objects.count() == 1


def test_history_and_continuity_on_the_page(world: World) -> None:
    assign(world, dt.date(2024, 1, 1), "activity_lead_a")
    assign(world, dt.date(2025, 1, 1))
    page = world.client("manager_a").get(page_url(world)).content.decode()
    assert "Different key workers in the last 12 months" in page
    assert "31 December 2024" in page
    assert world.care_worker_a.full_name in page and world.activity_lead_a.full_name in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"staff": "", "started_on": "2025-01-01"}, "This field is required"),
        ({"staff": "not-a-code", "started_on": "2025-01-01"}, "current member of staff"),
        ({"started_on": "2023-01-01"}, "must start after"),
        ({"started_on": "yesterday"}, "Enter a valid date"),
    ],
)
def test_bad_assignments_are_400_with_a_message(
    world: World, data: dict[str, str], message: str
) -> None:
    assign(world, dt.date(2024, 1, 1))
    data.setdefault("staff", str(staff_membership(world, "activity_lead_a").code))
    response = world.client("manager_a").post(page_url(world), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert KeyWorkerAssignment.objects.count() == 1


def test_volunteer_family_or_other_home_staff_cannot_be_key_workers(world: World) -> None:
    volunteer = Membership.objects.get(user=world.volunteer_a)
    other_home = make_member(make_home(), Role.CARE_WORKER)
    for membership in (volunteer, other_home):
        response = world.client("manager_a").post(
            page_url(world), {"staff": str(membership.code), "started_on": "2025-01-01"}
        )
        assert response.status_code == 400
        with pytest.raises(CircleError):
            assign_key_worker(
                world.home_a,
                world.resident_a,
                membership,
                started_on=dt.date(2025, 1, 1),
                actor=world.manager_a,
            )


def test_same_key_worker_again_is_refused(world: World) -> None:
    assign(world, dt.date(2024, 1, 1))
    with pytest.raises(CircleError, match="already the key worker"):
        assign(world, dt.date(2025, 1, 1))


def test_end_an_assignment(world: World) -> None:
    current = assign(world, dt.date(2024, 1, 1))
    client = world.client("senior_carer_a")
    assert client.get(end_url(world, current)).status_code == 200
    too_early = client.post(end_url(world, current), {"ended_on": "2023-12-31"})
    assert too_early.status_code == 400
    assert "cannot end before it started" in too_early.content.decode()
    assert client.post(end_url(world, current), {"ended_on": "2024-12-31"}).status_code == 302
    current.refresh_from_db()
    assert current.ended_on == dt.date(2024, 12, 31)
    assert AuditEntry.objects.filter(object_code=current.code, action="update").exists()
    assert client.post(end_url(world, current), {"ended_on": "2025-01-01"}).status_code == 400


def test_page_queries_are_bounded(world: World, django_assert_max_num_queries: object) -> None:
    for year in range(2015, 2025):
        staff = make_member(world.home_a, Role.CARE_WORKER)
        KeyWorkerAssignment.objects.create(
            home=world.home_a,
            resident=world.resident_a,
            staff=staff,
            started_on=dt.date(year, 1, 1),
            ended_on=dt.date(year, 12, 31),
        )
    client = world.client("manager_a")
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        response = client.get(page_url(world))
    assert response.status_code == 200
    assert response.content.decode().count('<tr class="govuk-table__row">') == 11

"""Who needs connection today: the list from real histories, the pages, the API, by persona and
across homes, with the audit trail and a query count that does not grow with the home."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from commonroom.audit.models import AuditEntry
from commonroom.circle.models import PeerRelationship
from commonroom.connections.models import (
    Engagement,
    Kind,
    Moment,
    OnShift,
    ReasonAcknowledgement,
    WarningRuleSetting,
)
from commonroom.connections.rules import RULES
from commonroom.connections.services.moments import MomentInput, delete_moment, record_moment
from commonroom.connections.services.today import (
    TodayError,
    acknowledge,
    mark_on_shift,
    who_needs_connection,
)
from commonroom.homes.models import Home, Membership
from commonroom.homes.roles import Role
from commonroom.lib.dates import add_months, today
from commonroom.residents.models import Resident
from commonroom.residents.services.residents import change_status

from .api_support import api_client
from .conftest import World
from .factories import make_member, make_resident, make_user

pytestmark = pytest.mark.django_db

VIEWERS = ["manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "visitor_a"]
RESPONDERS = ["manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a"]
REFUSED = ["volunteer_a", "family_a", "resident_user"]


def at(days_ago: int, hour: int = 11) -> dt.datetime:
    day = today() - dt.timedelta(days=days_ago)
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))), timezone.now())


def moment(home: Home, people: list[Resident], days_ago: int, **values: Any) -> None:
    values.setdefault("kind", Kind.ONE_TO_ONE)
    record_moment(
        home, MomentInput(residents=people, occurred_at=at(days_ago), **values), actor=None
    )


def twice_weekly_visits_until(home: Home, resident: Resident, last_days_ago: int) -> None:
    """Visits twice a week for twelve weeks, the last ``last_days_ago`` days ago."""
    for week in range(12):
        for offset in (0, 3):
            moment(home, [resident], last_days_ago + 7 * week + offset, kind=Kind.VISIT)


def url(world: World, name: str = "connections:today", *args: object) -> str:
    return reverse(name, args=[world.home_a.slug, *args])


def understood_url(world: World, rule: str = "no_visitor", resident: Any = None) -> str:
    code = (resident or world.resident_a).code
    return url(world, "connections:today_understood", code, rule)


def set_status(resident: Resident, status: str, days_ago: int) -> None:
    started_on = today() - dt.timedelta(days=days_ago)
    change_status(
        resident.home, resident, status=status, started_on=started_on, note="", actor=None
    )


def api_url(home: Home) -> str:
    return f"/api/v1/homes/{home.slug}/connections/today"


def reasons(home: Home, resident: Resident) -> dict[str, Any]:
    listing = who_needs_connection(home)
    entry = next((e for e in listing.entries if e.resident.pk == resident.pk), None)
    return {} if entry is None else {s.reason.code: s for s in entry.reasons}


@pytest.fixture
def quiet_peggy(world: World) -> Resident:
    """Peggy was visited twice a week until 24 days ago; Arthur still is, and is seen every
    day."""
    twice_weekly_visits_until(world.home_a, world.resident_a, 24)
    twice_weekly_visits_until(world.home_a, world.resident_a2, 1)
    for days_ago in range(0, 100):
        moment(world.home_a, [world.resident_a2], days_ago)
    return world.resident_a


# --- the list, from real histories --------------------------------------------------------------


def test_the_list_gives_plain_reasons_from_the_history(world: World, quiet_peggy: Resident) -> None:
    found = reasons(world.home_a, quiet_peggy)
    assert found["no_visitor"].reason.text == "No visitor for 24 days (usually about 2 a week)"
    assert "no_contact" in found
    assert reasons(world.home_a, world.resident_a2) == {}


def test_a_moment_taken_back_no_longer_stretches_the_history(world: World) -> None:
    """A visit typed years too early and then taken back must not leave the home's log
    "starting" on that day: "never" and "no visitor for N days" count from the real start."""
    peggy = world.resident_a
    peggy.admission_date = today() - dt.timedelta(days=3000)
    peggy.save()
    moment(world.home_a, [world.resident_a2], 40)
    before = reasons(world.home_a, peggy)
    record_moment(
        world.home_a,
        MomentInput(residents=[peggy], occurred_at=at(2900), kind=Kind.VISIT),
        actor=None,
    )
    mistake = Moment.objects.get(participants__resident=peggy)
    delete_moment(mistake, actor=None)
    after = reasons(world.home_a, peggy)
    assert {code: s.reason.text for code, s in after.items()} == {
        code: s.reason.text for code, s in before.items()
    }
    assert "40 days" in after["no_contact"].reason.text


@pytest.mark.parametrize("persona", VIEWERS)
def test_the_page_works_for_the_roles_that_see_connections(
    world: World, quiet_peggy: Resident, persona: str
) -> None:
    response = world.client(persona).get(url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "No visitor for 24 days (usually about 2 a week)" in page
    assert "Peggy" in page
    assert ("Mark as understood" in page) == (persona in RESPONDERS)
    assert ("I'm on shift today" in page) == (persona in RESPONDERS)
    log = reverse("connections:log", args=[world.home_a.slug])
    assert (f"{log}?resident={quiet_peggy.code}" in page) == (persona in RESPONDERS)


@pytest.mark.parametrize("persona", REFUSED)
def test_the_page_refuses_other_roles(world: World, persona: str) -> None:
    assert world.client(persona).get(url(world)).status_code == 403


def test_another_home_is_404_and_its_people_stay_out(world: World, quiet_peggy: Resident) -> None:
    assert world.client("manager_b").get(url(world)).status_code == 404
    twice_weekly_visits_until(world.home_b, world.resident_b, 30)
    page = world.client("manager_b").get(reverse("connections:today", args=["birch-court"]))
    assert "Bren" in page.content.decode()
    assert "Peggy" not in page.content.decode()
    assert "Bren" not in world.client("manager_a").get(url(world)).content.decode()


def test_reading_health_reasons_is_audited_per_person(world: World, quiet_peggy: Resident) -> None:
    world.client("care_worker_a").get(url(world))
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()
    set_status(quiet_peggy, "in_hospital", 5)
    set_status(quiet_peggy, "living_here", 1)
    world.client("care_worker_a").get(url(world))
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert (entry.actor, entry.resident_code) == (world.care_worker_a, quiet_peggy.code)
    assert entry.fields == ["back_from_hospital"]


def test_people_away_are_not_listed(world: World, quiet_peggy: Resident) -> None:
    Resident.objects.filter(pk=quiet_peggy.pk).update(status=Resident.Status.IN_HOSPITAL)
    listing = who_needs_connection(world.home_a)
    assert listing.entries == []
    assert listing.away == 1
    assert "Not listed: 1 person in hospital or on leave." in (
        world.client("manager_a").get(url(world)).content.decode()
    )


def test_back_from_hospital_and_a_friend_who_died(world: World) -> None:
    peggy, arthur = world.resident_a, world.resident_a2
    joan = make_resident(world.home_a, preferred_name="Joan", full_name="Joan Hill")
    set_status(peggy, "in_hospital", 9)
    set_status(peggy, "living_here", 2)
    first, second = sorted([arthur, joan], key=lambda r: r.pk)
    PeerRelationship.objects.create(
        home=world.home_a, resident_a=first, resident_b=second, kind="friend"
    )
    set_status(joan, "died", 0)
    assert reasons(world.home_a, peggy)["back_from_hospital"].reason.text == (
        "Back from hospital 2 days ago"
    )
    assert reasons(world.home_a, arthur)["friend_died"].reason.text == (
        "Their friend Joan died today"
    )
    # Back from leave is not back from hospital.
    set_status(arthur, "on_leave", 3)
    set_status(arthur, "living_here", 0)
    assert "back_from_hospital" not in reasons(world.home_a, arthur)


def test_declined_groups_and_low_mood_this_week(world: World) -> None:
    peggy, arthur = world.resident_a, world.resident_a2
    for days_ago in (1, 2):
        moment(
            world.home_a,
            [peggy, arthur],
            days_ago,
            kind=Kind.ACTIVITY,
            engagement={peggy.pk: Engagement.DECLINED},
            everyone=Engagement.LOW,
        )
    moment(world.home_a, [arthur], 0, everyone=Engagement.LOW)
    assert reasons(world.home_a, peggy)["declined_groups"].reason.text == (
        "Declined every group activity in the last 7 days (2 offered)"
    )
    assert reasons(world.home_a, arthur)["low_mood"].reason.text == (
        "Seemed low or upset in 3 of 3 moments in the last 7 days"
    )


def test_language_is_checked_against_todays_shift(world: World) -> None:
    peggy = world.resident_a
    Resident.objects.filter(pk=peggy.pk).update(preferred_language="Punjabi")
    world.manager_a.languages_spoken = ["Punjabi"]
    world.manager_a.save()
    assert "language" not in reasons(world.home_a, peggy)
    carer = Membership.objects.get(user=world.care_worker_a)
    mark_on_shift(world.home_a, carer, today(), actor=world.care_worker_a)
    assert reasons(world.home_a, peggy)["language"].reason.text == (
        "Preferred language Punjabi; nobody on today's shift speaks it"
    )
    manager = Membership.objects.get(user=world.manager_a)
    mark_on_shift(world.home_a, manager, today(), actor=world.manager_a)
    assert "language" not in reasons(world.home_a, peggy)
    OnShift.objects.all().delete()
    world.manager_a.languages_spoken = []
    world.manager_a.save()
    assert "nobody has said they are on shift today" in (
        reasons(world.home_a, peggy)["language"].reason.text
    )


# --- on shift ------------------------------------------------------------------------------------


def test_staff_say_they_are_on_shift_and_take_it_back(world: World) -> None:
    client = world.client("care_worker_a")
    response = client.post(url(world, "connections:today_shift"), {"on": "1"})
    assert response.status_code == 302
    shift = OnShift.objects.get()
    assert shift.day == today()
    assert AuditEntry.objects.filter(action="create", object_code=shift.code).exists()
    page = client.get(url(world)).content.decode()
    assert "I'm not on shift today" in page
    assert "1 member of staff has said they are on shift today." in page
    client.post(url(world, "connections:today_shift"), {"on": "0"})
    assert not OnShift.objects.exists()
    assert AuditEntry.objects.filter(action="delete", object_code=shift.code).exists()


@pytest.mark.parametrize("persona", ["visitor_a", *REFUSED])
def test_only_staff_can_be_on_shift(world: World, persona: str) -> None:
    response = world.client(persona).post(url(world, "connections:today_shift"), {"on": "1"})
    assert response.status_code == 403
    assert not OnShift.objects.exists()


def test_on_shift_is_post_only_and_of_this_home(world: World) -> None:
    assert (
        world.client("care_worker_a").get(url(world, "connections:today_shift")).status_code == 405
    )
    assert world.client("manager_b").post(url(world, "connections:today_shift")).status_code == 404
    outsider = Membership.objects.get(user=world.manager_b)
    with pytest.raises(TodayError):
        mark_on_shift(world.home_a, outsider, today(), actor=world.manager_b)


# --- marking a reason as understood --------------------------------------------------------------


@pytest.mark.parametrize("persona", RESPONDERS)
def test_a_reason_can_be_marked_as_understood(
    world: World, quiet_peggy: Resident, persona: str
) -> None:
    client = world.client(persona)
    form = client.get(understood_url(world))
    assert form.status_code == 200
    default = add_months(today(), 3).isoformat()
    assert f'value="{default}"' in form.content.decode()
    review_on = today() + dt.timedelta(days=30)
    response = client.post(
        understood_url(world), {"note": "Prefers her own company", "review_on": review_on}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#person-{quiet_peggy.code}")
    done = ReasonAcknowledgement.objects.get()
    assert (done.rule, done.review_on, done.recorded_by) == (
        "no_visitor",
        review_on,
        getattr(world, persona),
    )
    audit = AuditEntry.objects.get(action="create", object_code=done.code)
    assert audit.resident_code == quiet_peggy.code
    page = client.get(url(world)).content.decode()
    assert "Prefers her own company" in page
    assert "Understood" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"note": "", "review_on": "2099-01-01"}, "Say what is understood"),
        ({"note": "Fine", "review_on": ""}, "Give the date to look at this again."),
        ({"note": "Fine", "review_on": "soon"}, "Give the date as day, month and year"),
        ({"note": "Fine", "review_on": "2020-01-01"}, "The review date must be in the future."),
        ({"note": "Fine", "review_on": "TODAY"}, "The review date must be in the future."),
        ({"note": "Fine", "review_on": "2099-01-01"}, "Choose a review date within a year"),
        ({"note": "x" * 1001, "review_on": "2099-01-01"}, "1000 characters or fewer"),
    ],
)
def test_bad_input_to_understood_is_400_with_a_message(
    world: World, data: dict[str, str], message: str
) -> None:
    data = {**data, "review_on": data["review_on"].replace("TODAY", today().isoformat())}
    response = world.client("care_worker_a").post(understood_url(world), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not ReasonAcknowledgement.objects.exists()


def test_nothing_to_mark_as_understood_for_someone_who_has_left(world: World) -> None:
    set_status(world.resident_a, Resident.Status.MOVED_OUT, days_ago=3)
    data = {
        "note": "Prefers her own company",
        "review_on": (today() + dt.timedelta(days=30)).isoformat(),
    }
    response = world.client("care_worker_a").post(understood_url(world), data)
    assert response.status_code == 400
    assert "no longer lives here" in response.content.decode()
    assert not ReasonAcknowledgement.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    # Arthur cannot see Peggy at all; her daughter can, but not the early warning.
    [("visitor_a", 403), ("volunteer_a", 403), ("family_a", 403), ("resident_user", 404)],
)
def test_understood_refuses_other_roles(world: World, persona: str, status: int) -> None:
    client = world.client(persona)
    assert client.get(understood_url(world)).status_code == status
    response = client.post(understood_url(world), {"note": "x", "review_on": "2099-01-01"})
    assert response.status_code == status
    assert not ReasonAcknowledgement.objects.exists()


def test_understood_is_404_across_homes_and_for_unknown_reasons(world: World) -> None:
    client = world.client("care_worker_a")
    assert client.get(understood_url(world, "no_such_rule")).status_code == 404
    assert client.get(understood_url(world, resident=world.resident_b)).status_code == 404
    assert world.client("manager_b").get(understood_url(world)).status_code == 404


def test_an_understood_reason_counts_again_after_its_review_date(
    world: World, quiet_peggy: Resident
) -> None:
    review_on = today() + dt.timedelta(days=10)
    acknowledge(world.home_a, quiet_peggy, "no_visitor", "Family abroad", review_on, actor=None)

    def shown(day: dt.date) -> tuple[int, bool]:
        listing = who_needs_connection(world.home_a, on=day)
        entry = next(e for e in listing.entries if e.resident.pk == quiet_peggy.pk)
        reason = next(s for s in entry.reasons if s.reason.code == "no_visitor")
        return entry.score, reason.understood is not None

    others = sum(s.reason.weight for s in reasons(world.home_a, quiet_peggy).values())
    weight = reasons(world.home_a, quiet_peggy)["no_visitor"].reason.weight
    assert shown(today()) == (others - weight, True)
    assert shown(review_on)[1] is True
    assert shown(review_on + dt.timedelta(days=1))[1] is False


def test_a_new_acknowledgement_replaces_the_one_in_force(world: World) -> None:
    later = today() + dt.timedelta(days=20)
    first = acknowledge(world.home_a, world.resident_a, "no_visitor", "One", later, actor=None)
    acknowledge(world.home_a, world.resident_a, "no_visitor", "Two", later, actor=None)
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert ReasonAcknowledgement.objects.filter(withdrawn_at__isnull=True).get().note == "Two"


# --- the rules page ------------------------------------------------------------------------------


def test_the_rules_page_shows_defaults_and_their_reasons(world: World) -> None:
    page = world.client("manager_a").get(url(world, "connections:today_rules"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "No visitor for a while" in text
    assert "someone visited monthly is not flagged at ten days" in text
    assert "Default: 10" in text


@pytest.mark.parametrize("persona", ["senior_carer_a", "care_worker_a", "visitor_a", *REFUSED])
def test_the_rules_page_is_for_managers(world: World, persona: str) -> None:
    client = world.client(persona)
    assert client.get(url(world, "connections:today_rules")).status_code == 403
    assert client.post(url(world, "connections:today_rules"), {}).status_code == 403


def rules_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for rule in RULES:
        data[f"{rule.code}-enabled"] = "on"
        if rule.threshold is not None:
            data[f"{rule.code}-threshold"] = rule.threshold
        data[f"{rule.code}-weight"] = rule.weight
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_manager_tunes_and_switches_off_rules(world: World, quiet_peggy: Resident) -> None:
    client = world.client("manager_a")
    data = rules_data(**{"no_visitor-threshold": 30, "no_contact-enabled": None})
    response = client.post(url(world, "connections:today_rules"), data)
    assert response.status_code == 302
    stored = {s.rule: s for s in WarningRuleSetting.objects.all()}
    assert set(stored) == {"no_visitor", "no_contact"}
    assert stored["no_visitor"].threshold == 30
    assert stored["no_contact"].enabled is False
    audit = AuditEntry.objects.get(object_code=stored["no_visitor"].code)
    assert audit.fields == ["threshold"]
    assert reasons(world.home_a, quiet_peggy).keys().isdisjoint({"no_visitor", "no_contact"})
    again = client.post(url(world, "connections:today_rules"), data, follow=True)
    assert "Nothing was changed." in again.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"no_visitor-threshold": 0}, "No visitor for a while: give a whole number from 1 to 180."),
        ({"no_visitor-threshold": "ten"}, "No visitor for a while: give a whole number"),
        ({"no_visitor-threshold": None}, "No visitor for a while: give a whole number"),
        ({"new_here-weight": 21}, "New here: give a whole number from 1 to 20."),
        (
            {"low_mood-threshold": 100},
            "Seemed low most of the time: give a whole number from 1 to 99.",
        ),
    ],
)
def test_bad_rule_settings_are_400_with_a_message(
    world: World, changes: dict[str, Any], message: str
) -> None:
    response = world.client("manager_a").post(
        url(world, "connections:today_rules"), rules_data(**changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WarningRuleSetting.objects.exists()


# --- the API -------------------------------------------------------------------------------------


def test_the_api_returns_the_ranked_list(world: World, quiet_peggy: Resident) -> None:
    Resident.objects.filter(pk=quiet_peggy.pk).update(preferred_language="Punjabi")
    acknowledge(
        world.home_a, quiet_peggy, "no_contact", "Known", today() + dt.timedelta(days=5), actor=None
    )
    response = api_client(world.care_worker_a).get(api_url(world.home_a))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["day"] == today().isoformat()
    assert body["shift_known"] is False
    [person] = body["people"]
    assert person["code"] == str(quiet_peggy.code)
    found = {reason["code"]: reason for reason in person["reasons"]}
    assert found["no_visitor"]["text"] == "No visitor for 24 days (usually about 2 a week)"
    assert found["no_visitor"]["numbers"]["days"] == 24
    assert found["no_visitor"]["understood"] is False
    assert found["language"]["numbers"] == {
        "language": "Punjabi",
        "shift": False,
        "threshold": None,
    }
    assert found["no_contact"]["understood"] is True
    assert found["no_contact"]["understood_note"] == "Known"
    assert person["score"] == sum(r["weight"] for r in person["reasons"] if not r["understood"])


def test_the_api_has_the_pages_permissions(world: World) -> None:
    for persona in VIEWERS:
        assert api_client(getattr(world, persona)).get(api_url(world.home_a)).status_code == 200
    for persona in REFUSED:
        assert api_client(getattr(world, persona)).get(api_url(world.home_a)).status_code == 403
    assert api_client(world.manager_b).get(api_url(world.home_a)).status_code == 404
    unverified = api_client(world.care_worker_a, two_factor_verified=False)
    assert unverified.get(api_url(world.home_a)).status_code == 403


# --- speed ---------------------------------------------------------------------------------------


def busy_home(world: World, size: int) -> None:
    """``size`` residents with twelve weeks of history, each with something to say about them."""
    home = world.home_a
    people = [make_resident(home, preferred_language="Punjabi") for _ in range(size)]
    for week in range(13):
        moment(home, people, 3 + 7 * week, kind=Kind.ACTIVITY, everyone=Engagement.DECLINED)
        moment(home, people[: size // 2], 5 + 7 * week, kind=Kind.VISIT)
    for days_ago in (0, 1, 2):
        moment(home, people, days_ago, kind=Kind.MEAL, everyone=Engagement.LOW)
    review_on = today() + dt.timedelta(days=9)
    for person in people:
        acknowledge(home, person, "language", "Interpreter booked", review_on, actor=None)
    staff = make_member(home, Role.CARE_WORKER, make_user(languages_spoken=["Urdu"]))
    OnShift.objects.create(home=home, membership=staff, day=today())


@pytest.mark.parametrize("size", [5, 40])
def test_queries_do_not_grow_with_the_home(
    world: World, size: int, django_assert_max_num_queries: Any
) -> None:
    busy_home(world, size)
    with django_assert_max_num_queries(12):
        listing = who_needs_connection(world.home_a)
    assert len(listing.entries) >= size
    client = world.client("care_worker_a")
    with django_assert_max_num_queries(17):
        response = client.get(url(world))
    assert response.status_code == 200
    assert response.content.decode().count("Interpreter booked") == size
    assert AuditEntry.objects.filter(action="view").count() >= size
    api = api_client(world.care_worker_a)
    with django_assert_max_num_queries(16):
        assert api.get(api_url(world.home_a)).status_code == 200

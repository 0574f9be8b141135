"""Plan next week: who may, other homes, the run, review, accept and reject."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from commonroom.activities.models import Activity, ActivityPreference, Invitation, Session
from commonroom.audit.models import AuditEntry
from commonroom.circle.models import PeerRelationship
from commonroom.homes.models import Home
from commonroom.lib.dates import today
from commonroom.planner.models import PlanProposal, PlanRun
from commonroom.planner.services import plan_week
from commonroom.residents.models import Interest, Level, Resident, ResidentInterest

from .conftest import PERSONAS, World
from .factories import make_resident

PLANNERS = {"manager_a", "senior_carer_a", "activity_lead_a"}


def next_monday() -> dt.date:
    day = today()
    return day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=7)


def make_session(home: Home, day: int, hour: int, **activity: Any) -> Session:
    values: dict[str, Any] = {
        "home": home,
        "title": f"Activity {day}-{hour}",
        "category": "games",
        "seated": True,
        "dementia_friendly": True,
    }
    values.update(activity)
    interests = values.pop("interests", [])
    made = Activity.objects.create(**values)
    made.interests.set(interests)
    start = timezone.make_aware(
        dt.datetime.combine(next_monday() + dt.timedelta(days=day), dt.time(hour))
    )
    return Session.objects.create(
        home=home, activity=made, starts_at=start, ends_at=start + dt.timedelta(hours=1), capacity=8
    )


@pytest.fixture
def week(world: World) -> dict[str, Any]:
    bands, _ = Interest.objects.get_or_create(
        slug="brass-bands", defaults={"name": "Brass bands", "category": "music"}
    )
    home = world.home_a
    ResidentInterest.objects.create(home=home, resident=world.resident_a, interest=bands)
    quiz = make_session(home, 1, 10)
    band = make_session(home, 2, 14, title="Brass band afternoon", interests=[bands])
    ActivityPreference.objects.create(home=home, resident=world.resident_a, weekly_share=1)
    ActivityPreference.objects.create(home=home, resident=world.resident_a2, weekly_share=2)
    a, b = sorted([world.resident_a, world.resident_a2], key=lambda r: r.pk)
    PeerRelationship.objects.create(home=home, resident_a=a, resident_b=b, kind="friend")
    return {"quiz": quiz, "band": band}


def plan_url(world: World) -> str:
    return reverse("planner:plan", args=[world.home_a.slug])


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_planners_of_the_home_may_plan(world: World, persona: str) -> None:
    response = world.client(persona).get(plan_url(world))
    expected = 200 if persona in PLANNERS else 404 if persona == "manager_b" else 403
    assert response.status_code == expected


def test_planning_a_week_runs_and_shows_the_review(
    world: World, week: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client = world.client("activity_lead_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(plan_url(world), {"week": next_monday().isoformat()})
    run = PlanRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planner:run", args=[world.home_a.slug, run.code])
    assert run.status == PlanRun.Status.DONE and run.gap == 0.0
    proposals = {(p.resident_id, p.session_id) for p in PlanProposal.objects.all()}
    peggy, arthur = world.resident_a.pk, world.resident_a2.pk
    assert proposals == {
        (peggy, week["band"].pk),
        (arthur, week["band"].pk),
        (arthur, week["quiz"].pk),
    }
    page = client.get(response["Location"]).content.decode()
    assert "enjoys Brass bands" in page
    assert "Arthur, a friend, is going" in page
    assert not Invitation.objects.exists(), "nothing is sent without staff"


def test_a_past_week_or_a_bad_date_is_refused(world: World) -> None:
    client = world.client("manager_a")
    past = next_monday() - dt.timedelta(days=21)
    for value in [
        past.isoformat(),
        "not a date",
        (next_monday() + dt.timedelta(days=1)).isoformat(),
    ]:
        response = client.post(plan_url(world), {"week": value})
        assert response.status_code == 400
        assert "govuk-error-summary" in response.content.decode()
    assert not PlanRun.objects.exists()


def test_progress_answers_json_while_queued(world: World) -> None:
    run = PlanRun.objects.create(home=world.home_a, week=next_monday())
    url = reverse("planner:run", args=[world.home_a.slug, run.code])
    client = world.client("manager_a")
    assert client.get(url, HTTP_ACCEPT="application/json").json()["finished"] is False
    assert "plan-progress" in client.get(url).content.decode()


def test_another_homes_run_is_not_found(world: World) -> None:
    run = PlanRun.objects.create(home=world.home_b, week=next_monday())
    client = world.client("manager_a")
    assert client.get(reverse("planner:run", args=[world.home_a.slug, run.code])).status_code == 404
    accept = reverse("planner:accept", args=[world.home_a.slug, run.code])
    assert client.post(accept).status_code == 404


def test_accept_all_creates_invitations_in_one_go_and_audits(
    world: World, week: dict[str, Any]
) -> None:
    run = plan_week(world.home_a, next_monday(), actor=world.manager_a)
    url = reverse("planner:accept", args=[world.home_a.slug, run.code])
    response = world.client("senior_carer_a").post(url)
    assert response.status_code == 302
    invitations = Invitation.objects.all()
    assert invitations.count() == 3
    assert {i.status for i in invitations} == {Invitation.Status.INVITED}
    assert all(i.reasons for i in invitations)
    assert set(PlanProposal.objects.values_list("status", flat=True)) == {"accepted"}
    audited = AuditEntry.objects.filter(action="create", object_type="invitation")
    assert audited.count() == 3
    assert world.client("senior_carer_a").post(url).status_code == 302
    assert Invitation.objects.count() == 3


def test_accept_one_session_and_reject_one_proposal(world: World, week: dict[str, Any]) -> None:
    run = plan_week(world.home_a, next_monday(), actor=world.manager_a)
    client = world.client("manager_a")
    quiz = PlanProposal.objects.get(session=week["quiz"])
    reject = reverse("planner:reject", args=[world.home_a.slug, run.code, quiz.code])
    assert client.post(reject).status_code == 302
    quiz.refresh_from_db()
    assert quiz.status == PlanProposal.Status.REJECTED
    accept = reverse("planner:accept", args=[world.home_a.slug, run.code])
    client.post(accept, {"session": str(week["band"].code)})
    assert set(Invitation.objects.values_list("session_id", flat=True)) == {week["band"].pk}
    assert AuditEntry.objects.filter(action="update", object_type="proposed invitation").exists()


def test_wrong_roles_cannot_accept(world: World, week: dict[str, Any]) -> None:
    run = plan_week(world.home_a, next_monday(), actor=world.manager_a)
    url = reverse("planner:accept", args=[world.home_a.slug, run.code])
    for persona in ["care_worker_a", "volunteer_a", "family_a", "resident_user"]:
        assert world.client(persona).post(url).status_code == 403
    assert not Invitation.objects.exists()


def test_shortfalls_are_said_in_plain_words(world: World, week: dict[str, Any]) -> None:
    Resident.objects.filter(pk=world.resident_a2.pk).update(hearing=Level.SIGNIFICANT)
    run = plan_week(world.home_a, next_monday(), actor=world.manager_a)
    page = world.client("manager_a").get(reverse("planner:run", args=[world.home_a.slug, run.code]))
    assert (
        "Arthur: 0 of 2 sessions; nothing else suits their hearing needs" in page.content.decode()
    )


def test_review_page_queries_are_bounded(
    world: World, week: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    for n in range(12):
        make_resident(world.home_a)
        make_session(world.home_a, n % 7, 9 + n % 5)
    run = plan_week(world.home_a, next_monday(), actor=world.manager_a)
    assert PlanProposal.objects.count() > 20
    client = world.client("manager_a")
    url = reverse("planner:run", args=[world.home_a.slug, run.code])
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def test_planning_reads_the_home_in_bounded_queries(
    world: World, week: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    for n in range(10):
        make_resident(world.home_a)
        make_session(world.home_a, n % 7, 9 + n % 5)
    with django_assert_max_num_queries(40):
        plan_week(world.home_a, next_monday(), actor=world.manager_a)


def test_change_moves_a_proposal_to_another_session_of_the_week(
    world: World, week: dict[str, Any]
) -> None:
    run = plan_week(world.home_a, next_monday(), actor=world.manager_a)
    quiz = PlanProposal.objects.filter(session=week["quiz"]).first()
    assert quiz is not None
    PlanProposal.objects.filter(run=run, resident=quiz.resident, session=week["band"]).delete()
    extra = make_session(world.home_a, 3, 11, title="Garden walk")
    url = reverse("planner:move", args=[world.home_a.slug, run.code, quiz.code])
    response = world.client("activity_lead_a").post(url, {"session": str(extra.code)})
    assert response.status_code == 302
    quiz.refresh_from_db()
    assert quiz.session == extra
    assert quiz.reasons == [{"code": "moved_by_staff"}]
    assert AuditEntry.objects.filter(action="update", fields=["session"]).exists()
    page = world.client("activity_lead_a").get(response.url).content.decode()
    assert "moved here by staff" in page


def test_change_to_a_session_of_another_week_is_refused(world: World, week: dict[str, Any]) -> None:
    run = plan_week(world.home_a, next_monday(), actor=world.manager_a)
    quiz = PlanProposal.objects.filter(session=week["quiz"]).first()
    assert quiz is not None
    later = make_session(world.home_a, 9, 11, title="Next week's quiz")
    url = reverse("planner:move", args=[world.home_a.slug, run.code, quiz.code])
    response = world.client("manager_a").post(url, {"session": str(later.code)}, follow=True)
    assert "Choose another session of the same week." in response.content.decode()
    quiz.refresh_from_db()
    assert quiz.session == week["quiz"]
    other = world.client("manager_b").post(
        reverse("planner:move", args=[world.home_b.slug, run.code, quiz.code]),
        {"session": str(week["band"].code)},
    )
    assert other.status_code == 404
    refused = world.client("care_worker_a").post(url, {"session": str(week["band"].code)})
    assert refused.status_code == 403

"""Loneliness measures: storing them, reading them for the early warning, following the people
who cannot answer, and the three pages (a person's measures, recording one, the home's bands)."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonroom.audit.models import AuditEntry
from commonroom.connections.models import Engagement, Kind, LonelinessMeasure, ScaleBands
from commonroom.connections.scales import Cutoffs
from commonroom.connections.services.measures import (
    MeasureError,
    latest_lonely_measures,
    measures_for,
    observed_engagement,
    record_measure,
    save_cutoffs,
)
from commonroom.connections.services.moments import MomentInput, record_moment
from commonroom.homes.roles import Perm
from commonroom.lib.dates import today
from commonroom.residents.models import Resident
from commonroom.residents.services.residents import change_status

from .conftest import PERSONAS, World
from .factories import make_resident
from .residents_helpers import expected_status

pytestmark = pytest.mark.django_db

Respondent = LonelinessMeasure.Respondent
UCLA_LONELY = {"companionship": "often", "left_out": "often", "isolated": "some_of_the_time"}
UCLA_NOT_LONELY = {"companionship": "hardly_ever", "left_out": "hardly_ever", "isolated": "often"}
DJG_SOCIAL_1_EMOTIONAL_2 = {
    "emptiness": "yes",
    "rely_on": "yes",
    "trust": "more_or_less",
    "miss_people": "more_or_less",
    "close_to": "yes",
    "rejected": "no",
}
DJG_NOT_LONELY = {
    "emptiness": "no",
    "rely_on": "yes",
    "trust": "yes",
    "miss_people": "no",
    "close_to": "yes",
    "rejected": "no",
}


def ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)


def measure(world: World, resident: Resident, instrument: str, answers: dict[str, Any], **kw: Any):  # type: ignore[no-untyped-def]
    values: dict[str, Any] = {
        "answered_on": today(),
        "respondent": Respondent.SELF,
        "actor": world.care_worker_a,
    }
    values.update(kw)
    return record_measure(resident.home, resident, instrument, answers, **values)


def measures_url(world: World, resident: Resident | None = None) -> str:
    person = resident or world.resident_a
    return reverse("connections:measures", args=[person.home.slug, person.code])


def add_url(world: World, instrument: str = "ucla3", resident: Resident | None = None) -> str:
    person = resident or world.resident_a
    return reverse("connections:measure_add", args=[person.home.slug, person.code, instrument])


def bands_url(world: World) -> str:
    return reverse("connections:measure_bands", args=[world.home_a.slug])


# The service: raw answers, scores and the audit, in one go.


def test_record_stores_raw_answers_scores_and_audit(world: World) -> None:
    stored = measure(world, world.resident_a, "djg6", DJG_SOCIAL_1_EMOTIONAL_2)
    stored.refresh_from_db()
    assert stored.answers == DJG_SOCIAL_1_EMOTIONAL_2
    assert (stored.total, stored.social, stored.emotional) == (3, 1, 2)
    assert stored.recorded_by == world.care_worker_a
    entry = AuditEntry.objects.get(object_code=stored.code)
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.resident_code == world.resident_a.code
    assert "answers" in entry.fields


def test_missing_answer_is_stored_and_leaves_the_score_empty(world: World) -> None:
    stored = measure(world, world.resident_a, "ucla3", {"companionship": "often", "left_out": ""})
    stored.refresh_from_db()
    assert stored.answers == {"companionship": "often", "left_out": None, "isolated": None}
    assert stored.total is None and stored.social is None


def test_proxy_needs_a_name_and_others_keep_none(world: World) -> None:
    with pytest.raises(MeasureError) as problem:
        measure(world, world.resident_a, "ons", {"lonely": "often"}, respondent=Respondent.PROXY)
    assert problem.value.field == "proxy_name"
    stored = measure(world, world.resident_a, "ons", {"lonely": "often"}, proxy_name="Sue")
    assert stored.proxy_name == ""
    by_proxy = measure(
        world,
        world.resident_a,
        "ons",
        {"lonely": "never"},
        respondent=Respondent.PROXY,
        proxy_name=" Susan Ellis, daughter ",
    )
    assert by_proxy.proxy_name == "Susan Ellis, daughter"


@pytest.mark.parametrize(
    ("instrument", "answers", "extra", "field"),
    [
        ("ucla3", {"lonely": "often"}, {}, None),
        ("ucla3", {"left_out": "always"}, {}, None),
        ("lsns6", {}, {}, "instrument"),
        (
            "ons",
            {"lonely": "often"},
            {"answered_on": today() + dt.timedelta(days=1)},
            "answered_on",
        ),
        ("ons", {"lonely": "often"}, {"respondent": "neighbour"}, "respondent"),
        ("ucla3", {}, {}, None),
        ("ucla3", {"left_out": None, "isolated": None}, {}, None),
        ("ons", {"lonely": "often"}, {"answered_on": dt.date(1999, 12, 31)}, "answered_on"),
        ("ons", {"lonely": "often"}, {"notes": "x" * 2001}, "notes"),
    ],
)
def test_bad_input_is_refused(
    world: World, instrument: str, answers: dict[str, str], extra: dict[str, Any], field: str | None
) -> None:
    with pytest.raises(MeasureError) as problem:
        measure(world, world.resident_a, instrument, answers, **extra)
    assert problem.value.field == field
    assert not LonelinessMeasure.objects.exists()


def test_a_resident_of_another_home_is_refused(world: World) -> None:
    with pytest.raises(MeasureError):
        record_measure(
            world.home_a,
            world.resident_b,
            "ons",
            {"lonely": "often"},
            answered_on=today(),
            respondent=Respondent.SELF,
            actor=world.manager_a,
        )


def test_measures_for_lists_oldest_first(world: World) -> None:
    later = measure(world, world.resident_a, "ons", {"lonely": "often"}, answered_on=ago(1))
    earlier = measure(world, world.resident_a, "ons", {"lonely": "never"}, answered_on=ago(9))
    measure(world, world.resident_a2, "ons", {"lonely": "often"})
    assert list(measures_for(world.resident_a)) == [earlier, later]


# The early warning's summary, on small hand-built histories.


def test_latest_lonely_measures(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    home = world.home_a
    lonely_now, recovered, long_ago, unfinished, mixed, calm = (
        make_resident(home) for _ in range(6)
    )
    measure(world, lonely_now, "ucla3", UCLA_LONELY, answered_on=ago(30))
    measure(world, recovered, "ucla3", UCLA_LONELY, answered_on=ago(60))
    measure(world, recovered, "ucla3", UCLA_NOT_LONELY, answered_on=ago(10))
    measure(world, long_ago, "ucla3", UCLA_LONELY, answered_on=ago(200))
    measure(world, unfinished, "ucla3", UCLA_LONELY, answered_on=ago(40))
    measure(world, unfinished, "ucla3", {"left_out": "hardly_ever"}, answered_on=ago(5))
    measure(world, mixed, "ons", {"lonely": "often"}, answered_on=ago(20))
    measure(
        world,
        mixed,
        "djg6",
        {k: "more_or_less" for k in DJG_SOCIAL_1_EMOTIONAL_2},
        answered_on=ago(50),
    )
    measure(world, mixed, "djg6", DJG_NOT_LONELY, answered_on=ago(3))
    measure(world, calm, "ucla3", UCLA_NOT_LONELY, answered_on=ago(2))
    people = [lonely_now, recovered, long_ago, unfinished, mixed, calm]
    with django_assert_max_num_queries(2):
        found = latest_lonely_measures(home, people, None, ago(90))
    assert set(found) == {lonely_now.pk, unfinished.pk, mixed.pk}
    assert found[lonely_now.pk].answered_on == ago(30)
    assert str(found[lonely_now.pk].band_label) == "Lonely"
    assert str(found[lonely_now.pk].instrument_label) == "UCLA 3-item loneliness scale"
    assert found[unfinished.pk].answered_on == ago(40)
    assert found[mixed.pk].instrument == "ons"


def test_latest_lonely_measures_uses_the_bands_given(
    world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    person = world.resident_a
    measure(world, person, "ucla3", UCLA_NOT_LONELY, answered_on=ago(3))
    measure(world, person, "djg6", DJG_SOCIAL_1_EMOTIONAL_2, answered_on=ago(4))
    with django_assert_max_num_queries(1):
        strict = latest_lonely_measures(world.home_a, [person.pk], Cutoffs(), ago(30))
    assert strict[person.pk].instrument == "djg6"
    assert str(strict[person.pk].band_label) == "Moderately lonely"
    sooner = Cutoffs(ucla_lonely_from=4)
    assert (
        latest_lonely_measures(world.home_a, [person], sooner, ago(30))[person.pk].instrument
        == "ucla3"
    )
    ScaleBands.objects.create(home=world.home_a, djg_moderate_from=4, djg_severe_from=5)
    assert latest_lonely_measures(world.home_a, [person], None, ago(30)) == {}


def test_latest_lonely_measures_stays_in_its_home(world: World) -> None:
    measure(world, world.resident_b, "ons", {"lonely": "often"}, actor=world.manager_b)
    assert latest_lonely_measures(world.home_a, [world.resident_b.pk], None, ago(30)) == {}


# Observed engagement for people who cannot answer.


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(11)))


def log(world: World, resident: Resident, day: dt.date, engagement: int) -> None:
    data = MomentInput(
        residents=[resident], kind=Kind.ACTIVITY, occurred_at=at(day), everyone=engagement
    )
    record_moment(resident.home, data, actor=world.care_worker_a)


def test_observed_engagement_by_week(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    person = world.resident_a
    monday = today() - dt.timedelta(days=today().weekday())
    last_week = monday - dt.timedelta(weeks=1)
    for engagement in (Engagement.ENGAGED, Engagement.JOYFUL, Engagement.DECLINED):
        log(world, person, last_week, engagement)
    log(world, person, last_week - dt.timedelta(weeks=3), Engagement.LOW)
    log(world, person, monday - dt.timedelta(weeks=30), Engagement.JOYFUL)
    with django_assert_max_num_queries(1):
        seen = observed_engagement(world.home_a, person)
    assert len(seen.weeks) == 26
    assert seen.weeks[-1].week == monday
    week = seen.weeks[-2]
    assert (week.moments, week.declined, week.average) == (2, 1, 3.5)
    assert week.share_declined == pytest.approx(1 / 3)
    assert seen.weeks[-5].average == 1.0
    assert seen.weeks[-3].average is None and seen.weeks[-3].share_declined is None
    assert seen.average == pytest.approx((3 + 4 + 1) / 3)
    assert seen.share_declined == pytest.approx(1 / 4)


# The home's bands.


def test_save_cutoffs_is_audited_and_validated(world: World) -> None:
    save_cutoffs(world.home_a, Cutoffs(ucla_lonely_from=4), actor=world.manager_a)
    bands = ScaleBands.objects.get(home=world.home_a)
    assert bands.ucla_lonely_from == 4 and bands.ons_lonely_answers == ["often"]
    entry = AuditEntry.objects.filter(home=world.home_a, action=AuditEntry.Action.CREATE).get()
    assert entry.fields == ["ucla_lonely_from"]
    save_cutoffs(
        world.home_a, Cutoffs(ucla_lonely_from=4, djg_moderate_from=3), actor=world.manager_a
    )
    entry = AuditEntry.objects.filter(home=world.home_a, action=AuditEntry.Action.UPDATE).get()
    assert entry.fields == ["djg_moderate_from"]
    with pytest.raises(MeasureError) as problem:
        save_cutoffs(
            world.home_a, Cutoffs(djg_moderate_from=5, djg_severe_from=4), actor=world.manager_a
        )
    assert problem.value.field == "djg_severe_from"


# A person's measures page.

OTHERS = [p for p in PERSONAS if p != "manager_b"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_measures_page_by_persona(world: World, persona: str) -> None:
    measure(world, world.resident_a, "ucla3", UCLA_LONELY, answered_on=ago(20))
    response = world.client(persona).get(measures_url(world))
    assert response.status_code == expected_status(persona, Perm.VIEW_CARE_DETAILS)
    if response.status_code == 200:
        page = response.content.decode()
        assert "UCLA 3-item loneliness scale" in page
        assert 'role="img"' in page and "Lonely from 6" in page
        assert ("Record a measure" in page) is (persona != "visitor_a")


def test_a_resident_cannot_open_their_own_measures(world: World) -> None:
    response = world.client("resident_user").get(measures_url(world, world.resident_a2))
    assert response.status_code == 403


def test_measures_page_is_audited_as_a_view(world: World) -> None:
    world.client("care_worker_a").get(measures_url(world))
    entry = AuditEntry.objects.get(
        action=AuditEntry.Action.VIEW, resident_code=world.resident_a.code
    )
    assert entry.actor == world.care_worker_a
    assert entry.fields == ["loneliness_measures"]


def test_measures_page_shows_scores_who_answered_and_missing(world: World) -> None:
    measure(world, world.resident_a, "djg6", DJG_SOCIAL_1_EMOTIONAL_2, answered_on=ago(40))
    measure(
        world,
        world.resident_a,
        "djg6",
        {"emptiness": "yes", "trust": "no"},
        answered_on=ago(5),
        respondent=Respondent.PROXY,
        proxy_name="Susan Ellis, daughter",
    )
    page = world.client("senior_carer_a").get(measures_url(world)).content.decode()
    assert "social 1, emotional 2" in page
    assert "Moderately lonely" in page
    assert "No score: 4 questions not answered" in page
    assert "Susan Ellis, daughter" in page
    assert "Moderately lonely from 2" in page and "Severely lonely from 5" in page
    assert "There are many people I can trust completely" in page


def test_empty_page_says_so(world: World) -> None:
    page = world.client("manager_a").get(measures_url(world)).content.decode()
    assert "No loneliness measures have been recorded yet." in page
    assert reverse("connections:measure_bands", args=[world.home_a.slug]) in page


def test_person_who_cannot_answer_is_followed_through_engagement(world: World) -> None:
    person = world.resident_a
    person.self_report = Resident.SelfReport.NO
    person.save()
    log(world, person, today() - dt.timedelta(days=7), Engagement.ENGAGED)
    response = world.client("care_worker_a").get(measures_url(world))
    page = response.content.decode()
    assert (
        "followed through observed engagement" in page.replace("\n", " ")
        or "observed engagement" in page
    )
    assert 'id="observed-notice"' in page and 'id="engagement-table"' in page
    assert "Record a measure answered by a proxy" in page
    assert add_url(world, "ons") in page
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEW, resident_code=person.code)
    assert entry.fields == ["loneliness_measures", "observed_engagement"]


def test_someone_who_can_answer_sees_no_engagement_section(world: World) -> None:
    page = world.client("care_worker_a").get(measures_url(world)).content.decode()
    assert 'id="engagement-table"' not in page


def test_measures_page_query_count(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    person = world.resident_a
    person.self_report = Resident.SelfReport.NO
    person.save()
    for n in range(12):
        partial = [{"lonely": "often"}, {"left_out": "often"}, {"trust": "yes"}][n % 3]
        measure(world, person, ["ons", "ucla3", "djg6"][n % 3], partial, answered_on=ago(n * 10))
        measure(world, person, "ucla3", UCLA_LONELY, answered_on=ago(n * 7))
    client = world.client("manager_a")
    with django_assert_max_num_queries(10):
        response = client.get(measures_url(world))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Resident.Status.DIED, "This is after they died, on"),
        (Resident.Status.MOVED_OUT, "This is after they moved out, on"),
    ],
)
def test_no_measure_after_someone_has_left(world: World, status: str, message: str) -> None:
    person = world.resident_a
    change_status(
        person.home, person, status=status, started_on=ago(7), note="", actor=world.manager_a
    )
    with pytest.raises(MeasureError) as problem:
        measure(world, person, "ons", {"lonely": "often"}, answered_on=ago(2))
    assert problem.value.field == "answered_on"
    assert problem.value.message.startswith(message)
    earlier = measure(world, person, "ons", {"lonely": "often"}, answered_on=ago(8))
    assert earlier.pk is not None


# Recording a measure.


@pytest.mark.parametrize("persona", PERSONAS)
def test_add_page_by_persona(world: World, persona: str) -> None:
    response = world.client(persona).get(add_url(world, "djg6"))
    assert response.status_code == expected_status(persona, Perm.RESPOND_TO_WARNINGS)
    if response.status_code == 200:
        page = response.content.decode()
        assert "I experience a general sense of emptiness" in page
        assert page.count('type="radio"') == 6 * 3 + 3


def test_unknown_instrument_is_404(world: World) -> None:
    assert world.client("care_worker_a").get(add_url(world, "lsns6")).status_code == 404


def valid_post(**overrides: str) -> dict[str, str]:
    values = {
        "answered_on": ago(1).isoformat(),
        "respondent": Respondent.SELF,
        "item_companionship": "often",
        "item_left_out": "often",
        "item_isolated": "some_of_the_time",
        "notes": "Asked after lunch.",
    }
    values.update(overrides)
    return values


def test_recording_a_measure(world: World) -> None:
    client = world.client("activity_lead_a")
    response = client.post(add_url(world), valid_post(), follow=True)
    assert response.redirect_chain[-1][0] == measures_url(world)
    stored = LonelinessMeasure.objects.get()
    assert (
        stored.total == 8 and stored.answered_on == ago(1) and stored.notes == "Asked after lunch."
    )
    assert stored.recorded_by == world.activity_lead_a
    assert "UCLA 3-item loneliness scale saved for Peggy." in response.content.decode()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, object_code=stored.code
    ).exists()


def test_recording_with_missing_answers_says_why_there_is_no_score(world: World) -> None:
    client = world.client("care_worker_a")
    post = valid_post()
    del post["item_left_out"]
    response = client.post(add_url(world), post, follow=True)
    stored = LonelinessMeasure.objects.get()
    assert stored.total is None and stored.answers["left_out"] is None
    page = response.content.decode()
    assert "Not every question was answered, so there is no score" in page


def test_recording_for_a_person_who_cannot_answer_invites_a_proxy(world: World) -> None:
    person = world.resident_a
    person.self_report = Resident.SelfReport.NO
    person.save()
    page = world.client("care_worker_a").get(add_url(world, "ons")).content.decode()
    assert "cannot reliably answer questions about how they feel" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"answered_on": (today() + dt.timedelta(days=2)).isoformat()},
            "The date cannot be in the future.",
        ),
        ({"answered_on": "yesterday"}, "Enter a real date."),
        ({"respondent": ""}, "Choose who answered."),
        ({"respondent": "proxy", "proxy_name": " "}, "Give the name of the person who answered"),
        ({"item_left_out": "always"}, "Select a valid choice"),
    ],
)
def test_bad_measure_is_shown_again_with_400(
    world: World, overrides: dict[str, str], message: str
) -> None:
    response = world.client("care_worker_a").post(add_url(world), valid_post(**overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert not LonelinessMeasure.objects.exists()


def test_an_empty_post_is_a_400_not_a_500(world: World) -> None:
    response = world.client("care_worker_a").post(add_url(world), {})
    assert response.status_code == 400
    assert 'href="#id_respondent_0"' in response.content.decode()


def test_visitor_cannot_post_a_measure(world: World) -> None:
    assert world.client("visitor_a").post(add_url(world), valid_post()).status_code == 403
    assert not LonelinessMeasure.objects.exists()


def test_add_page_query_count(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = world.client("care_worker_a")
    with django_assert_max_num_queries(6):
        assert client.get(add_url(world, "djg6")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.post(add_url(world), valid_post()).status_code == 302


# The home's bands.


@pytest.mark.parametrize("persona", PERSONAS)
def test_bands_page_by_persona(world: World, persona: str) -> None:
    response = world.client(persona).get(bands_url(world))
    expected = 404 if persona == "manager_b" else 200 if persona == "manager_a" else 403
    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert "Statistics Netherlands" in page and "most studies use" in page
        assert page.count('type="checkbox"') == 5


@pytest.mark.parametrize("persona", [p for p in OTHERS if p != "manager_a"])
def test_only_the_manager_may_change_bands(world: World, persona: str) -> None:
    post = bands_post()
    assert world.client(persona).post(bands_url(world), post).status_code == 403
    assert not ScaleBands.objects.exists()


def bands_post(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "ucla_lonely_from": "5",
        "djg_moderate_from": "2",
        "djg_severe_from": "5",
        "ons_lonely_answers": ["often", "some_of_the_time"],
    }
    values.update(overrides)
    return values


def test_manager_sets_the_bands(world: World) -> None:
    response = world.client("manager_a").post(bands_url(world), bands_post(), follow=True)
    assert response.redirect_chain[-1][0] == bands_url(world)
    assert "The score bands were saved." in response.content.decode()
    bands = ScaleBands.objects.get(home=world.home_a)
    assert bands.ucla_lonely_from == 5
    assert bands.ons_lonely_answers == ["often", "some_of_the_time"]
    entry = AuditEntry.objects.get(home=world.home_a, action=AuditEntry.Action.CREATE)
    assert entry.actor == world.manager_a
    assert set(entry.fields) == {"ucla_lonely_from", "ons_lonely_answers"}
    page = world.client("manager_a").get(bands_url(world)).content.decode()
    assert 'value="some_of_the_time" checked' in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ucla_lonely_from": "2"}, "Enter a UCLA-3 total from 3 to 9."),
        ({"ucla_lonely_from": "10"}, "Enter a UCLA-3 total from 3 to 9."),
        ({"ucla_lonely_from": "six"}, "Enter a whole number."),
        ({"djg_severe_from": "7"}, "Enter a De Jong Gierveld total from 0 to 6."),
        ({"djg_moderate_from": "5", "djg_severe_from": "5"}, "The severe cut-off must be higher"),
        ({"ons_lonely_answers": []}, "Choose at least one answer to read as lonely."),
        ({"ons_lonely_answers": ["always"]}, "Select a valid choice"),
    ],
)
def test_bad_bands_are_shown_again_with_400(
    world: World, overrides: dict[str, Any], message: str
) -> None:
    response = world.client("manager_a").post(bands_url(world), bands_post(**overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert not ScaleBands.objects.exists()


def test_bands_change_how_the_page_reads_scores(world: World) -> None:
    measure(world, world.resident_a, "ucla3", UCLA_NOT_LONELY)
    client = world.client("manager_a")
    assert "Lonely from 6" in client.get(measures_url(world)).content.decode()
    client.post(bands_url(world), bands_post(ucla_lonely_from="4"))
    page = client.get(measures_url(world)).content.decode()
    assert "Lonely from 4" in page and "<strong>Lonely</strong>" in page


def test_bands_page_query_count(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = world.client("manager_a")
    with django_assert_max_num_queries(6):
        assert client.get(bands_url(world)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.post(bands_url(world), bands_post()).status_code == 302


def test_anonymous_is_sent_to_sign_in(world: World) -> None:
    assert Client().get(measures_url(world)).status_code == 302

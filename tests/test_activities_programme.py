"""The catalogue, rooms and the weekly programme: repeat rules, making occurrences once, clashes,
who may see and change what, and a bounded programme page."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from commonroom.activities.clashes import BusyTime, ClashKind, SessionFacts, clashes
from commonroom.activities.models import (
    Activity,
    Appointment,
    Category,
    Invitation,
    Room,
    Session,
    SessionSeries,
)
from commonroom.activities.recurrence import RecurrenceError, build_rule, occurrences, parse_rule
from commonroom.activities.services.programme import (
    SessionChange,
    SessionInput,
    add_session,
    change_session,
    sessions_for_week,
    week_programme,
)
from commonroom.audit.models import AuditEntry
from commonroom.homes.models import Membership
from commonroom.homes.roles import Role

from .api_support import PERSONAS_A, api_client, call
from .conftest import PERSONAS
from .factories import make_home, make_member, make_resident

LONDON = zoneinfo.ZoneInfo("Europe/London")
MONDAY = dt.date(2025, 3, 24)  # the clocks go forward on Sunday 30 March 2025
PLANNERS = {"manager_a", "senior_carer_a", "activity_lead_a"}


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def _url(world, name, *args, **query):
    url = reverse(f"activities:{name}", args=[world.home_a.slug, *args])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _activity(home, title="Singing", **extra):
    return Activity.objects.create(home=home, title=title, category=Category.MUSIC, **extra)


def _room(home, name="Lounge", capacity=10):
    return Room.objects.create(home=home, name=name, capacity=capacity)


def _session(home, activity, start, minutes=60, **extra):
    extra.setdefault("capacity", 8)
    return Session.objects.create(
        home=home,
        activity=activity,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=minutes),
        **extra,
    )


def _series(world, rule, start=None, **extra):
    data = SessionInput(
        activity=_activity(world.home_a),
        starts_at=start or _at(dt.date(2025, 3, 3), 10),
        minutes=60,
        rule=rule,
        **extra,
    )
    return add_session(world.home_a, data, actor=world.manager_a)


# Repeat rules -------------------------------------------------------------------------------


def test_friendly_choices_build_the_rule():
    assert build_rule(["TH", "MO"]) == "FREQ=WEEKLY;BYDAY=MO,TH"
    rule = build_rule(["WE"], every=2, until=dt.date(2025, 6, 30))
    assert rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;UNTIL=20250630T235959"
    with pytest.raises(RecurrenceError):
        build_rule([])


def test_weekly_and_fortnightly_occurrences():
    first = dt.datetime(2025, 3, 3, 10)
    weekly = occurrences(
        parse_rule("FREQ=WEEKLY;BYDAY=MO,TH", first), first, dt.datetime(2025, 3, 17)
    )
    assert [d.day for d in weekly] == [3, 6, 10, 13]
    fortnightly = parse_rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", first)
    assert [d.day for d in occurrences(fortnightly, first, dt.datetime(2025, 4, 1))] == [3, 17, 31]


def test_until_ends_the_series():
    first = dt.datetime(2025, 3, 3, 10)
    rule = parse_rule(build_rule(["MO"], until=dt.date(2025, 3, 17)), first)
    assert [d.day for d in occurrences(rule, first, dt.datetime(2025, 6, 1))] == [3, 10, 17]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("FREQ=SOMETIMES", "not a repeat rule"),
        ("BYDAY=MO", "not a repeat rule"),
        ("", "single RRULE"),
        ("DTSTART:20250101T100000\nRRULE:FREQ=DAILY", "single RRULE"),
        ("FREQ=HOURLY", "more than 500"),
        ("FREQ=DAILY;BYHOUR=9,11", "more than 500"),
        ("FREQ=WEEKLY;UNTIL=20200101T000000", "never happens"),
    ],
)
def test_unusable_rules_are_refused_with_a_reason(text, words):
    with pytest.raises(RecurrenceError, match=words):
        parse_rule(text, dt.datetime(2025, 3, 3, 10))


def test_a_daily_rule_is_allowed():
    rule = parse_rule("RRULE:FREQ=DAILY", dt.datetime(2025, 3, 3, 10))
    assert len(occurrences(rule, dt.datetime(2025, 3, 3), dt.datetime(2025, 3, 10))) == 7


# Making occurrences ----------------------------------------------------------------------------


def test_occurrences_are_made_once_and_keep_their_wall_clock_time(world):
    series = _series(world, "FREQ=WEEKLY;BYDAY=MO,SU")
    helper = make_member(world.home_a, Role.VOLUNTEER)
    series.facilitators.set([helper])
    first = sessions_for_week(world.home_a, MONDAY)
    again = sessions_for_week(world.home_a, MONDAY + dt.timedelta(days=3))
    assert [s.pk for s in first] == [s.pk for s in again]
    assert Session.objects.filter(series=series).count() == 2
    # Monday is still GMT, Sunday 30 March is BST: both at ten o'clock local time.
    assert [timezone.localtime(s.starts_at, LONDON).hour for s in first] == [10, 10]
    assert [list(s.facilitators.all()) for s in first] == [[helper], [helper]]


def test_a_series_does_not_run_before_it_starts_or_after_it_ends(world):
    _series(world, "FREQ=WEEKLY;BYDAY=MO", start=_at(MONDAY, 10), ends_on=MONDAY)
    assert sessions_for_week(world.home_a, MONDAY - dt.timedelta(days=7)) == []
    assert len(sessions_for_week(world.home_a, MONDAY)) == 1
    assert sessions_for_week(world.home_a, MONDAY + dt.timedelta(days=7)) == []


def test_a_moved_or_cancelled_occurrence_is_not_made_again(world):
    _series(world, "FREQ=WEEKLY;BYDAY=MO")
    session = sessions_for_week(world.home_a, MONDAY)[0]
    Invitation.objects.create(
        home=world.home_a, session=session, resident=world.resident_a, status="invited"
    )
    change = SessionChange(
        starts_at=_at(MONDAY + dt.timedelta(days=1), 14),
        minutes=45,
        room=None,
        capacity=6,
        facilitators=[],
        note="Moved for the fete",
        cancelled=False,
    )
    moved = change_session(session, change, actor=world.manager_a)
    week = sessions_for_week(world.home_a, MONDAY)
    assert len(week) == 2
    original = next(s for s in week if s.pk == session.pk)
    assert original.cancelled and not moved.cancelled
    assert Invitation.objects.get().session == moved
    assert timezone.localtime(moved.ends_at, LONDON).time() == dt.time(14, 45)


def test_a_series_with_too_many_sessions_is_refused(world):
    from commonroom.activities.services.programme import ProgrammeError

    with pytest.raises(ProgrammeError, match="more than 500"):
        _series(world, "FREQ=HOURLY")
    assert not SessionSeries.objects.exists()


# Clashes on hand-built weeks ---------------------------------------------------------------------


def _facts(key, hour, minute=0, minutes=60, **extra):
    start = dt.datetime(2025, 3, 24, hour, minute, tzinfo=LONDON)
    extra.setdefault("capacity", 8)
    return SessionFacts(
        key=key,
        title=f"Session {key}",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=minutes),
        **extra,
    )


def test_room_and_facilitator_double_booking_are_reported_on_both():
    one = _facts(1, 10, room="lounge", room_name="Lounge", facilitators={"sam": "Sam"})
    two = _facts(2, 10, 30, room="lounge", room_name="Lounge", facilitators={"sam": "Sam"})
    found = clashes([one, two])
    assert sorted((c.session, c.kind) for c in found) == [
        (1, ClashKind.FACILITATOR),
        (1, ClashKind.ROOM),
        (2, ClashKind.FACILITATOR),
        (2, ClashKind.ROOM),
    ]
    texts = [c.text for c in found]
    assert "Lounge is also booked for Session 2 at 10:30." in texts
    assert "Sam is also running Session 1 at 10:00." in texts


def test_back_to_back_and_cancelled_sessions_do_not_clash():
    one = _facts(1, 10, room="lounge", facilitators={"sam": "Sam"})
    two = _facts(2, 11, room="lounge", facilitators={"sam": "Sam"})
    cancelled = _facts(3, 10, room="lounge", cancelled=True)
    assert clashes([one, two, cancelled]) == []


def test_capacity_clashes():
    full = _facts(1, 10, capacity=1, invited={"a": "Peggy", "b": "Arthur"})
    small_room = _facts(2, 14, capacity=12, room="snug", room_name="Snug", room_capacity=4)
    kinds = {(c.session, c.kind) for c in clashes([full, small_room])}
    assert kinds == {(1, ClashKind.OVER_CAPACITY), (2, ClashKind.ROOM_TOO_SMALL)}


def test_residents_invited_twice_or_during_an_appointment():
    one = _facts(1, 10, invited={"peggy": "Peggy"})
    two = _facts(2, 10, 30, invited={"peggy": "Peggy", "arthur": "Arthur"})
    busy = [
        BusyTime("arthur", _facts(0, 11).starts_at, _facts(0, 12).starts_at, "the dentist"),
        BusyTime("peggy", _facts(0, 15).starts_at, _facts(0, 16).starts_at, "a visit"),
    ]
    texts = sorted((c.session, c.text) for c in clashes([one, two], busy))
    assert texts == [
        (1, "Peggy is also invited to Session 2 at 10:30."),
        (2, "Arthur has the dentist at 11:00."),
        (2, "Peggy is also invited to Session 1 at 10:00."),
    ]


# The programme page -----------------------------------------------------------------------------


def _clashing_week(world):
    room = _room(world.home_a)
    first = _session(world.home_a, _activity(world.home_a, "Baking"), _at(MONDAY, 10), room=room)
    _session(world.home_a, _activity(world.home_a, "Quiz"), _at(MONDAY, 10, 30), room=room)
    Invitation.objects.create(
        home=world.home_a, session=first, resident=world.resident_a, status="invited"
    )
    Appointment.objects.create(
        home=world.home_a,
        resident=world.resident_a,
        starts_at=_at(MONDAY, 10),
        ends_at=_at(MONDAY, 11),
        what="the chiropodist",
    )
    return first


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_in_the_home_sees_the_programme(world, persona):
    _clashing_week(world)
    response = world.client(persona).get(_url(world, "programme", week=MONDAY))
    if persona == "manager_b":
        assert response.status_code == 404
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "Baking" in html and "Lounge" in html and "7 of 8 places left" in html
    staff = persona not in {"family_a", "resident_user"}
    assert ("Peggy has the chiropodist at 10:00." in html) is staff
    assert ("Lounge is also booked for Quiz at 10:30." in html) is staff
    if not staff:
        for name in ("Peggy", "Margaret", "Arthur Singh"):
            assert name not in html.replace(str(world.resident_user), "")
    assert ("Add a session" in html) is (persona in PLANNERS)


def test_previous_and_next_week_links_and_a_bad_week(world):
    client = world.client("manager_a")
    html = client.get(_url(world, "programme", week="2025-03-26")).content.decode()
    assert "?week=2025-03-17" in html and "?week=2025-03-31" in html
    assert client.get(_url(world, "programme", week="not-a-date")).status_code == 200


def _busy_week(world, count):
    rooms = [_room(world.home_a, f"Room {n}") for n in range(5)]
    staff = [make_member(world.home_a, Role.ACTIVITY_LEAD) for _ in range(4)]
    activity = _activity(world.home_a)
    for n in range(count):
        session = _session(
            world.home_a,
            activity,
            _at(MONDAY + dt.timedelta(days=n % 7), 9 + n % 9),
            room=rooms[n % 5],
        )
        session.facilitators.set([staff[n % 4]])
        Invitation.objects.create(
            home=world.home_a, session=session, resident=world.resident_a, status="invited"
        )


@pytest.mark.parametrize("count", [10, 80])
def test_programme_page_queries_do_not_grow_with_sessions(
    world, count, django_assert_max_num_queries
):
    _busy_week(world, count)
    _series(world, "FREQ=WEEKLY;BYDAY=TU", start=_at(MONDAY, 15))
    client = world.client("manager_a")
    client.get(_url(world, "programme", week=MONDAY))  # the series' occurrence is made once
    with django_assert_max_num_queries(12):
        response = client.get(_url(world, "programme", week=MONDAY))
    assert response.content.decode().count("govuk-summary-card__title-wrapper") == count + 1


def test_week_programme_counts_places_left(world):
    first = _clashing_week(world)
    week = week_programme(world.home_a, MONDAY)
    row = next(r for _day, rows in week.days for r in rows if r.session.pk == first.pk)
    assert row.places_left == 7
    assert {c.kind for c in row.clashes} == {ClashKind.ROOM, ClashKind.APPOINTMENT}


# Adding and changing sessions --------------------------------------------------------------------


def _session_form(world, **overrides):
    activity = Activity.objects.filter(home=world.home_a).first() or _activity(world.home_a)
    data = {
        "activity": str(activity.code),
        "day": "2025-03-24",
        "time": "10:00",
        "minutes": "60",
        "repeat": "once",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_add_a_session(world, persona):
    client = world.client(persona)
    response = client.get(_url(world, "session_add"))
    expected = 404 if persona == "manager_b" else 200 if persona in PLANNERS else 403
    assert response.status_code == expected
    if persona in PLANNERS:
        posted = client.post(_url(world, "session_add"), _session_form(world))
        assert posted.status_code == 302
        assert posted["Location"].endswith("?week=2025-03-24")
        assert Session.objects.count() == 1


def test_friendly_repeat_form_builds_a_fortnightly_series(world):
    room = _room(world.home_a, capacity=6)
    data = _session_form(
        world,
        repeat="fortnightly",
        weekdays=["MO", "TH"],
        until="2025-06-30",
        room=str(room.code),
        facilitators=[str(Membership.objects.get(user=world.activity_lead_a).code)],
    )
    response = world.client("activity_lead_a").post(_url(world, "session_add"), data)
    assert response.status_code == 302
    series = SessionSeries.objects.get()
    assert series.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20250630T235959"
    assert series.ends_on == dt.date(2025, 6, 30) and series.capacity == 6
    assert len(sessions_for_week(world.home_a, MONDAY)) == 2
    assert sessions_for_week(world.home_a, MONDAY + dt.timedelta(days=7)) == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rrule": "FREQ=MINUTELY"}, "more than 500 sessions a year"),
        ({"rrule": "FREQ=NEVER"}, "not a repeat rule we can read"),
        ({"repeat": "weekly"}, "Choose at least one day of the week."),
        ({"repeat": "weekly", "weekdays": ["MO"], "until": "2025-01-01"}, "on or after"),
        ({"activity": "not-a-code"}, "Select a valid choice"),
        ({"time": ""}, "This field is required"),
    ],
)
def test_bad_session_input_is_explained(world, overrides, message):
    response = world.client("manager_a").post(
        _url(world, "session_add"), _session_form(world, **overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Session.objects.exists() and not SessionSeries.objects.exists()


def test_cancelling_one_session(world):
    session = _session(world.home_a, _activity(world.home_a), _at(MONDAY, 10))
    client = world.client("senior_carer_a")
    assert client.get(_url(world, "session_edit", session.code)).status_code == 200
    data = {"day": "2025-03-24", "time": "10:00", "minutes": "60", "capacity": "8"}
    response = client.post(_url(world, "session_edit", session.code), {**data, "cancelled": "on"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.cancelled
    html = client.get(_url(world, "programme", week=MONDAY)).content.decode()
    assert "Cancelled" in html
    assert (
        world.client("care_worker_a").get(_url(world, "session_edit", session.code)).status_code
        == 403
    )
    bad = client.post(_url(world, "session_edit", session.code), {**data, "capacity": ""})
    assert bad.status_code == 400


# Catalogue and rooms -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["catalogue", "activity_add", "rooms", "room_add"])
def test_catalogue_and_rooms_are_for_planners(world, persona, name):
    response = world.client(persona).get(_url(world, name))
    expected = 404 if persona == "manager_b" else 200 if persona in PLANNERS else 403
    assert response.status_code == expected


def test_adding_an_idea_is_audited_with_its_interests(world):
    from commonroom.residents.models import Interest

    interest = Interest.objects.order_by("slug").first()  # the taxonomy is seeded
    data = {
        "title": "Brass band afternoon",
        "category": "music",
        "seated": "on",
        "min_people": "2",
        "max_people": "20",
        "staff_needed": "1",
        "volunteers_needed": "0",
        "cost": "0",
        "interests": [interest.slug],
    }
    response = world.client("activity_lead_a").post(_url(world, "activity_add"), data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert list(activity.interests.all()) == [interest] and activity.seated
    assert AuditEntry.objects.filter(object_code=activity.code, action="create").exists()
    edit = world.client("manager_a").post(
        _url(world, "activity_edit", activity.code), {**data, "min_people": "30"}
    )
    assert edit.status_code == 400
    assert "cannot be fewer" in edit.content.decode()


def test_catalogue_filters(world):
    _activity(world.home_a, "Seated exercise", seated=True)
    _activity(world.home_a, "Walking group")
    client = world.client("manager_a")
    html = client.get(_url(world, "catalogue", seated=1)).content.decode()
    assert "Seated exercise" in html and "Walking group" not in html
    html = client.get(_url(world, "catalogue", category="arts")).content.decode()
    assert "Seated exercise" not in html


def test_shared_ideas_come_only_from_the_same_organisation(world, django_assert_max_num_queries):
    sister = make_home(world.home_a.organisation, name="Ash Lodge", slug="ash-lodge")
    shared = _activity(sister, "Tea dance", shared=True)
    _activity(sister, "Private idea")
    secret = _activity(world.home_b, "Other provider's idea", shared=True)
    client = world.client("manager_a")
    with django_assert_max_num_queries(14):
        html = client.get(_url(world, "catalogue")).content.decode()
    assert "Tea dance" in html and "Ash Lodge" in html
    assert "Private idea" not in html and "Other provider" not in html
    assert client.post(_url(world, "activity_copy", secret.code)).status_code == 404
    response = client.post(_url(world, "activity_copy", shared.code))
    copy = Activity.objects.get(home=world.home_a)
    assert response.status_code == 302 and copy.copied_from == shared and not copy.shared
    assert (
        world.client("care_worker_a").post(_url(world, "activity_copy", shared.code)).status_code
        == 403
    )


def test_rooms_add_edit_and_refuse_duplicates(world):
    client = world.client("manager_a")
    data = {"name": "Garden", "capacity": "15", "outdoor": "on"}
    assert client.post(_url(world, "room_add"), data).status_code == 302
    room = Room.objects.get()
    assert room.outdoor and AuditEntry.objects.filter(object_code=room.code).exists()
    duplicate = client.post(_url(world, "room_add"), {**data, "name": "garden"})
    assert duplicate.status_code == 400 and "already a room" in duplicate.content.decode()
    edit = client.post(_url(world, "room_edit", room.code), {**data, "capacity": "12"})
    assert edit.status_code == 302
    room.refresh_from_db()
    assert room.capacity == 12
    assert (
        world.client("manager_b")
        .get(reverse("activities:room_edit", args=[world.home_b.slug, room.code]))
        .status_code
        == 404
    )


# Appointments -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_manage_appointments(world, persona):
    response = world.client(persona).get(_url(world, "appointments", world.resident_a.code))
    expected = 404 if persona == "manager_b" else 200 if persona in PLANNERS else 403
    assert response.status_code == expected


def test_adding_and_removing_an_appointment(world):
    client = world.client("activity_lead_a")
    url = _url(world, "appointments", world.resident_a.code)
    data = {"what": "Hairdresser", "day": "2025-03-24", "time": "10:15", "minutes": "30"}
    assert client.post(url, data).status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.resident == world.resident_a
    assert timezone.localtime(appointment.ends_at, LONDON).time() == dt.time(10, 45)
    assert AuditEntry.objects.filter(resident_code=world.resident_a.code, action="create").exists()
    assert client.post(url, {**data, "what": ""}).status_code == 400
    other = make_resident(world.home_b)
    assert client.get(_url(world, "appointments", other.code)).status_code == 404
    remove = _url(world, "appointment_remove", world.resident_a.code, appointment.code)
    assert world.client("care_worker_a").post(remove).status_code == 403
    assert client.post(remove).status_code == 302
    assert not Appointment.objects.exists()


# API --------------------------------------------------------------------------------------------


def _api(world, home=None):
    return f"/api/v1/homes/{(home or world.home_a).slug}/sessions"


@pytest.mark.parametrize("persona", PERSONAS_A)
def test_api_lists_the_week_for_everyone_and_adds_for_planners(
    world, persona, django_assert_max_num_queries
):
    activity = _activity(world.home_a)
    _session(world.home_a, activity, _at(MONDAY, 10), room=_room(world.home_a))
    client = api_client(getattr(world, persona))
    with django_assert_max_num_queries(12):
        listed = client.get(_api(world), {"week": "2025-03-26"})
    assert listed.status_code == 200
    assert [(s["title"], s["room"]) for s in listed.json()] == [("Singing", "Lounge")]
    body = {"activity": str(activity.code), "starts_at": "2025-03-25T14:00:00", "minutes": 45}
    created = call(client, "POST", _api(world), body)
    if persona in PLANNERS:
        assert created.status_code == 201, created.json()
        assert created.json()["ends_at"].startswith("2025-03-25T14:45")
    else:
        assert created.status_code == 403


def test_api_refuses_other_homes_and_bad_codes(world):
    client = api_client(world.manager_b)
    assert client.get(_api(world)).status_code == 404
    own = api_client(world.manager_a)
    body = {"activity": str(_activity(world.home_b).code), "starts_at": "2025-03-25T14:00:00"}
    response = call(own, "POST", _api(world), body)
    assert response.status_code == 422
    assert "No such activity" in response.content.decode()

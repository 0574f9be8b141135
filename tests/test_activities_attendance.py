"""Invitations and attendance: recorded once for the group, written to the connection log once
(however often corrected), and never showing one family other residents' names."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from commonroom.activities.models import (
    Activity,
    Attendance,
    Category,
    Invitation,
    Room,
    Session,
    SessionGuest,
)
from commonroom.activities.services.attendance import (
    AttendanceError,
    AttendanceRow,
    GuestInput,
    invite,
    record_attendance,
    set_invitation_status,
)
from commonroom.audit.models import AuditEntry
from commonroom.connections.models import (
    DailyConnection,
    Domain,
    Kind,
    Moment,
    MomentParticipant,
    WithType,
)
from commonroom.homes.models import Home, Membership
from commonroom.homes.roles import Role

from .api_support import PERSONAS_A, api_client, call
from .conftest import PERSONAS
from .factories import make_contact, make_member, make_resident

PLANNERS = {"manager_a", "senior_carer_a", "activity_lead_a"}
RECORDERS = {"manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "volunteer_a"}
Outcome = Attendance.Outcome


def make_session(home: Home, *, category: str = Category.MUSIC, **overrides: Any) -> Session:
    """A session that started two hours ago, of a new activity in a new room."""
    room = Room.objects.create(home=home, name=f"Lounge {Room.objects.count()}", capacity=20)
    activity = Activity.objects.create(
        home=home,
        title=overrides.pop("title", "Singing for fun"),
        category=category,
        max_people=overrides.pop("max_people", 12),
    )
    starts = timezone.now() - dt.timedelta(hours=2)
    values: dict[str, Any] = {
        "home": home,
        "activity": activity,
        "room": room,
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(minutes=45),
        "capacity": 12,
    }
    values.update(overrides)
    return Session.objects.create(**values)


def _shares(moment: Moment) -> dict[int, int | None]:
    return dict(
        MomentParticipant.objects.filter(moment=moment).values_list("resident_id", "engagement")
    )


def _daily(resident, session) -> DailyConnection:
    return DailyConnection.objects.get(resident=resident, day=timezone.localdate(session.starts_at))


@pytest.fixture
def group(world):
    third = make_resident(world.home_a, full_name="Doris Price", preferred_name="Doris")
    session = make_session(world.home_a)
    invite(session, [world.resident_a, world.resident_a2, third], actor=world.activity_lead_a)
    return session, third


def test_attendance_writes_one_group_moment(world, group):
    session, third = group
    rows = [
        AttendanceRow(world.resident_a, Outcome.ATTENDED, 4),
        AttendanceRow(world.resident_a2, Outcome.DECLINED, 3),
        AttendanceRow(third, Outcome.UNWELL, 2),
    ]
    moment = record_attendance(session, rows, actor=world.care_worker_a)
    assert moment is not None and Moment.objects.count() == 1
    assert (moment.kind, moment.domain, moment.minutes) == (Kind.ACTIVITY, Domain.PEERS, 45)
    assert _shares(moment) == {world.resident_a.pk: 4, world.resident_a2.pk: 0}
    session.refresh_from_db()
    assert session.moment == moment
    stored = dict(Attendance.objects.values_list("resident_id", "engagement"))
    assert stored == {world.resident_a.pk: 4, world.resident_a2.pk: 0, third.pk: None}
    assert _daily(world.resident_a, session).moments == 1
    declined = _daily(world.resident_a2, session)
    assert (declined.moments, declined.group_offered, declined.group_declined) == (0, 1, 1)
    assert not DailyConnection.objects.filter(resident=third).exists()


def test_recording_again_replaces_the_moment(world, group):
    session, third = group
    first = [
        AttendanceRow(world.resident_a, Outcome.ATTENDED, 4),
        AttendanceRow(world.resident_a2, Outcome.DECLINED),
    ]
    record_attendance(session, first, actor=world.care_worker_a)
    again = [
        AttendanceRow(world.resident_a, Outcome.ATTENDED, 2),
        AttendanceRow(world.resident_a2, Outcome.ATTENDED, 3),
        AttendanceRow(third, Outcome.ASLEEP),
    ]
    moment = record_attendance(session, again, actor=world.care_worker_a)
    assert Moment.objects.count() == 1 and moment is not None
    assert _shares(moment) == {world.resident_a.pk: 2, world.resident_a2.pk: 3}
    peggy = _daily(world.resident_a, session)
    assert (peggy.moments, peggy.engagement_sum, peggy.engagement_count) == (1, 2, 1)
    arthur = _daily(world.resident_a2, session)
    assert (arthur.moments, arthur.declined, arthur.group_declined) == (1, 0, 0)
    assert Attendance.objects.count() == 3


def test_nobody_taking_part_leaves_the_log_empty(world, group):
    session, _third = group
    record_attendance(
        session, [AttendanceRow(world.resident_a, Outcome.ATTENDED, 3)], actor=world.manager_a
    )
    moment = record_attendance(
        session, [AttendanceRow(world.resident_a, Outcome.UNWELL)], actor=world.manager_a
    )
    assert moment is None and Moment.objects.count() == 0
    assert _daily(world.resident_a, session).moments == 0
    session.refresh_from_db()
    assert session.moment is None


@pytest.mark.parametrize(
    ("category", "kind"),
    [(Category.OUTINGS, Kind.OUTING), (Category.FAITH, Kind.FAITH), (Category.ARTS, Kind.ACTIVITY)],
)
def test_kind_follows_the_category(world, category, kind):
    session = make_session(world.home_a, category=category)
    rows = [AttendanceRow(world.resident_a, Outcome.NOT_INVITED, 3)]
    moment = record_attendance(session, rows, actor=world.manager_a)
    assert moment is not None and (moment.kind, moment.domain) == (kind, Domain.PEERS)


def test_one_to_one_is_a_moment_with_staff(world):
    session = make_session(world.home_a, category=Category.ONE_TO_ONE, max_people=1)
    lead = Membership.objects.get(user=world.activity_lead_a)
    session.facilitators.add(lead)
    rows = [AttendanceRow(world.resident_a, Outcome.ATTENDED, 4)]
    moment = record_attendance(session, rows, actor=world.activity_lead_a)
    assert moment is not None
    assert (moment.kind, moment.domain) == (Kind.ONE_TO_ONE, Domain.STAFF)
    assert (moment.with_type, moment.with_member) == (WithType.STAFF, lead)
    assert _daily(world.resident_a, session).staff == 1


def test_one_family_guest_makes_the_moment_with_them(world, group):
    session, _third = group
    rows = [
        AttendanceRow(world.resident_a, Outcome.ATTENDED, 4),
        AttendanceRow(world.resident_a2, Outcome.ATTENDED, 3),
    ]
    guests = [
        GuestInput(SessionGuest.Kind.FAMILY, contact=world.family_contact),
        GuestInput(SessionGuest.Kind.VOLUNTEER, name="Ann from church", count=2),
    ]
    moment = record_attendance(session, rows, guests, actor=world.manager_a)
    assert moment is not None
    assert (moment.with_type, moment.with_contact) == (WithType.CONTACT, world.family_contact)
    assert moment.domain == Domain.PEERS
    assert SessionGuest.objects.filter(session=session).count() == 2
    second = make_contact(world.resident_a2, name="Raj Singh")
    guests.append(GuestInput(SessionGuest.Kind.FAMILY, contact=second))
    moment = record_attendance(session, rows, guests, actor=world.manager_a)
    assert moment is not None and moment.with_type == WithType.NOBODY
    assert SessionGuest.objects.filter(session=session).count() == 3


@pytest.mark.parametrize(
    ("rows", "guests", "field"),
    [
        ([], [], "rows"),
        ([("a", Outcome.ATTENDED, None)], [], "engagement_"),
        ([("a", "dancing", 3)], [], "outcome_"),
        ([("b", Outcome.ATTENDED, 3)], [], "outcome_"),
        ([("a", Outcome.ATTENDED, 3)], [GuestInput(SessionGuest.Kind.COMMUNITY)], "guests"),
        ([("a", Outcome.ATTENDED, 3)], [GuestInput("cousin", name="x")], "guests"),
    ],
)
def test_attendance_that_cannot_stand(world, rows, guests, field):
    session = make_session(world.home_a)
    people = {"a": world.resident_a, "b": world.resident_b}
    given = [AttendanceRow(people[key], outcome, eng) for key, outcome, eng in rows]
    with pytest.raises(AttendanceError) as error:
        record_attendance(session, given, guests, actor=world.manager_a)
    assert (error.value.field or "").startswith(field)
    assert Moment.objects.count() == 0 and Attendance.objects.count() == 0


def test_a_session_in_the_future_or_cancelled_is_refused(world):
    later = timezone.now() + dt.timedelta(days=1)
    future = make_session(world.home_a, starts_at=later, ends_at=later + dt.timedelta(hours=1))
    cancelled = make_session(world.home_a, cancelled=True)
    for session in (future, cancelled):
        with pytest.raises(AttendanceError):
            record_attendance(
                session, [AttendanceRow(world.resident_a, Outcome.ATTENDED, 3)], actor=None
            )


def test_invitations_are_audited_and_respect_capacity(world):
    session = make_session(world.home_a, capacity=2)
    made = invite(session, [world.resident_a, world.resident_a2], actor=world.manager_a)
    assert {i.status for i in made} == {Invitation.Status.INVITED}
    entries = AuditEntry.objects.filter(object_type="invitation", action="create")
    assert {e.resident_code for e in entries} == {world.resident_a.code, world.resident_a2.code}
    extra = make_resident(world.home_a)
    with pytest.raises(AttendanceError, match="2 places"):
        invite(session, [extra], actor=world.manager_a)
    set_invitation_status(made[0], Invitation.Status.DECLINED, actor=world.manager_a)
    invite(session, [extra], actor=world.manager_a)
    assert AuditEntry.objects.filter(object_type="invitation", action="update").count() == 1
    with pytest.raises(AttendanceError):
        invite(session, [world.resident_b], actor=world.manager_a)


def test_attendance_is_audited_per_resident(world, group):
    session, _third = group
    rows = [AttendanceRow(world.resident_a, Outcome.ATTENDED, 3)]
    record_attendance(session, rows, actor=world.care_worker_a)
    entry = AuditEntry.objects.get(object_type="attendance")
    assert (entry.resident_code, entry.actor) == (world.resident_a.code, world.care_worker_a)
    assert entry.fields == ["engagement", "outcome"]
    assert AuditEntry.objects.filter(object_type="meaningful moment").exists()


# Pages


def _url(world, name, session, *args):
    return reverse(f"activities:{name}", args=[world.home_a.slug, session.code, *args])


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_session_page(world, group, persona, django_assert_max_num_queries):
    session, third = group
    client = world.client(persona)
    with django_assert_max_num_queries(14):
        response = client.get(_url(world, "session", session))
    if persona == "manager_b":
        assert response.status_code == 404
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert "Singing for fun" in page
    if persona in {"family_a", "resident_user"}:
        own = world.resident_a if persona == "family_a" else world.resident_a2
        other = world.resident_a2 if persona == "family_a" else world.resident_a
        assert own.full_name in page
        assert other.full_name not in page and third.full_name not in page
        assert "2 other people are invited" in page
    else:
        assert third.full_name in page
    assert (_url(world, "session_invite", session) in page) == (persona in PLANNERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_attendance_form(world, group, persona):
    session, _third = group
    response = world.client(persona).get(_url(world, "attendance", session))
    if persona == "manager_b":
        assert response.status_code == 404
    elif persona in RECORDERS:
        assert response.status_code == 200
        assert world.resident_a.full_name in response.content.decode()
    else:
        assert response.status_code == 403


def _form(session, rows: dict, **extra) -> dict:
    data = {"action": "save", "guest_slots": "2"}
    for resident, (outcome, engagement) in rows.items():
        data[f"outcome_{resident.code}"] = outcome
        if engagement is not None:
            data[f"engagement_{resident.code}"] = str(engagement)
    data.update(extra)
    return data


def test_the_form_saves_and_redirects(world, group):
    session, third = group
    data = _form(
        session,
        {
            world.resident_a: ("attended", 4),
            world.resident_a2: ("declined", None),
            third: ("asleep", None),
        },
        guest_kind_0="family",
        guest_contact_0=str(world.family_contact.code),
        guest_count_0="1",
    )
    response = world.client("volunteer_a").post(_url(world, "attendance", session), data)
    assert response.status_code == 302
    assert response["Location"] == _url(world, "session", session)
    moment = Moment.objects.get()
    assert _shares(moment) == {world.resident_a.pk: 4, world.resident_a2.pk: 0}
    assert moment.with_contact == world.family_contact
    page = world.client("volunteer_a").get(_url(world, "attendance", session)).content.decode()
    assert f'value="{world.family_contact.code}" selected' in page


def test_the_form_refuses_what_cannot_stand_with_400(world, group):
    session, third = group
    data = _form(session, {world.resident_a: ("attended", None), world.resident_a2: ("x", 3)})
    response = world.client("care_worker_a").post(_url(world, "attendance", session), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose how it went for Doris Price." in page
    assert Attendance.objects.count() == 0 and Moment.objects.count() == 0
    data = _form(
        session,
        {world.resident_a: ("attended", None), world.resident_a2: ("unwell", None)},
        **{f"outcome_{third.code}": "unwell"},
    )
    response = world.client("care_worker_a").post(_url(world, "attendance", session), data)
    assert response.status_code == 400
    assert "Choose how engaged Peggy (Margaret Ellis) was." in response.content.decode()


def test_someone_who_joined_can_be_added(world, group):
    session, _third = group
    walk_in = make_resident(world.home_a, full_name="Walter Briggs", preferred_name="Wally")
    client = world.client("care_worker_a")
    data = _form(session, {world.resident_a: ("attended", 3)}, action="add", add=str(walk_in.code))
    response = client.post(_url(world, "attendance", session), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Walter Briggs" in page
    assert f'name="joined" value="{walk_in.code}"' in page
    data = _form(
        session,
        {
            world.resident_a: ("attended", 3),
            world.resident_a2: ("declined", None),
            _third: ("unwell", None),
            walk_in: ("not_invited", 2),
        },
        joined=[str(walk_in.code)],
    )
    assert client.post(_url(world, "attendance", session), data).status_code == 302
    assert Attendance.objects.get(resident=walk_in).outcome == Outcome.NOT_INVITED
    assert walk_in.pk in _shares(Moment.objects.get())


def test_attendance_form_queries_are_bounded(world, django_assert_max_num_queries):
    session = make_session(world.home_a, capacity=25)
    people = [make_resident(world.home_a) for _ in range(20)]
    invite(session, people, actor=world.manager_a)
    for person in people[:5]:
        make_contact(person)
    client = world.client("care_worker_a")
    with django_assert_max_num_queries(16):
        assert client.get(_url(world, "attendance", session)).status_code == 200
    data = _form(session, {p: ("attended", 3) for p in people})
    with django_assert_max_num_queries(60):
        assert client.post(_url(world, "attendance", session), data).status_code == 302
    assert MomentParticipant.objects.count() == 20


def test_invite_from_the_page(world):
    session = make_session(world.home_a)
    url = _url(world, "session_invite", session)
    data = {"residents": [str(world.resident_a.code)]}
    assert world.client("care_worker_a").post(url, data).status_code == 403
    response = world.client("activity_lead_a").post(url, data)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.resident == world.resident_a
    response = world.client("activity_lead_a").post(url, {"residents": []})
    assert response.status_code == 400
    assert "Choose at least one resident to invite." in response.content.decode()
    status_url = _url(world, "invitation_status", session, invitation.code)
    assert world.client("manager_a").post(status_url, {"status": "nope"}).status_code == 400
    assert world.client("manager_a").post(status_url, {"status": "accepted"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED


def test_other_homes_sessions_are_404(world):
    theirs = make_session(world.home_b)
    url = reverse("activities:session", args=[world.home_a.slug, theirs.code])
    assert world.client("manager_a").get(url).status_code == 404
    url = reverse("activities:attendance", args=[world.home_a.slug, theirs.code])
    assert world.client("manager_a").get(url).status_code == 404


# API


def _api(world, session, *parts):
    return "/".join([f"/api/v1/homes/{world.home_a.slug}/sessions/{session.code}", *parts])


@pytest.mark.parametrize("persona", PERSONAS_A)
def test_api_lists_only_visible_invitations(world, group, persona):
    session, _third = group
    response = call(api_client(getattr(world, persona)), "GET", _api(world, session, "invitations"))
    assert response.status_code == 200
    names = {row["name"] for row in response.json()}
    if persona == "family_a":
        assert names == {world.resident_a.display_name}
    elif persona == "resident_user":
        assert names == {world.resident_a2.display_name}
    else:
        assert len(names) == 3


@pytest.mark.parametrize("persona", PERSONAS_A)
def test_api_invites_for_planners(world, persona):
    session = make_session(world.home_a)
    body = {"residents": [str(world.resident_a.code)]}
    response = call(
        api_client(getattr(world, persona)), "POST", _api(world, session, "invitations"), body
    )
    assert response.status_code == (201 if persona in PLANNERS else 403)


@pytest.mark.parametrize("persona", PERSONAS_A)
def test_api_records_attendance(world, group, persona):
    session, _third = group
    body = {
        "rows": [
            {"resident": str(world.resident_a.code), "outcome": "attended", "engagement": 3},
            {"resident": str(world.resident_a2.code), "outcome": "declined"},
        ],
        "guests": [{"kind": "community", "name": "Brass band", "count": 8}],
    }
    client = api_client(getattr(world, persona))
    response = call(client, "POST", _api(world, session, "attendance"), body)
    if persona not in RECORDERS:
        assert response.status_code == 403
        return
    assert response.status_code == 200, response.json()
    assert response.json()["moment"] == str(Moment.objects.get().code)
    assert [r["engagement"] for r in response.json()["rows"]] == [3, 0]
    again = call(client, "POST", _api(world, session, "attendance"), body)
    assert again.status_code == 200 and Moment.objects.count() == 1


def test_api_refuses_bad_attendance(world, group):
    session, _third = group
    client = api_client(world.care_worker_a)
    body = {"rows": [{"resident": str(world.resident_a.code), "outcome": "attended"}]}
    response = call(client, "POST", _api(world, session, "attendance"), body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "rows"
    body = {"rows": [{"resident": str(world.resident_b.code), "outcome": "asleep"}]}
    assert call(client, "POST", _api(world, session, "attendance"), body).status_code == 422
    other = api_client(world.manager_b)
    assert call(other, "GET", _api(world, session, "invitations")).status_code == 404
    assert Moment.objects.count() == 0


def test_volunteers_of_another_home_cannot_record(world, group):
    session, _third = group
    stranger = make_member(world.home_b, Role.VOLUNTEER).user
    body = {"rows": [{"resident": str(world.resident_a.code), "outcome": "asleep"}]}
    response = call(api_client(stranger), "POST", _api(world, session, "attendance"), body)
    assert response.status_code == 404

"""The weekly programme: rooms, one-off and repeating sessions, changing one occurrence, the
week as the programme page shows it (with clashes), and residents' appointments."""

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from commonroom.audit.services import Action, record
from commonroom.homes.models import Home, Membership
from commonroom.residents.models import Resident

from ..clashes import BusyTime, Clash, SessionFacts, clashes
from ..models import Activity, Appointment, Invitation, Room, Session, SessionSeries
from ..recurrence import RecurrenceError, occurrences, parse_rule


class ProgrammeError(ValueError):
    """Input the programme cannot accept, with the form field it belongs to."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def local_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the home's time zone."""
    return dt.datetime.combine(day, dt.time(), tzinfo=_zone())


# Rooms -----------------------------------------------------------------------------------------


def save_room(home: Home, room: Room, *, changed: Iterable[str], actor: object) -> Room:
    """Create or change a room of ``home``."""
    creating = room.pk is None
    room.home = home
    with transaction.atomic():
        room.save()
        record(actor, Action.CREATE if creating else Action.UPDATE, room, home=home, fields=changed)
    return room


# Sessions --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionInput:
    """A new session, one-off (``rule`` empty) or repeating."""

    activity: Activity
    starts_at: dt.datetime
    minutes: int
    room: Room | None = None
    capacity: int | None = None
    facilitators: Sequence[Membership] = ()
    partner_name: str = ""
    note: str = ""
    rule: str = ""
    ends_on: dt.date | None = None


def _capacity(data: SessionInput) -> int:
    if data.capacity:
        return data.capacity
    if data.room is not None:
        return min(data.room.capacity, data.activity.max_people)
    return data.activity.max_people


def add_session(home: Home, data: SessionInput, *, actor: object) -> Session | SessionSeries:
    """A one-off session, or a repeating series whose RRULE has been checked (ProgrammeError
    says why a rule is refused). A series' occurrences appear as the weeks are opened."""
    if data.minutes < 5 or data.minutes > 12 * 60:
        raise ProgrammeError("minutes", _("Choose a length between 5 minutes and 12 hours."))
    if data.rule:
        try:
            parse_rule(data.rule, timezone.localtime(data.starts_at, _zone()))
        except RecurrenceError as error:
            raise ProgrammeError("rrule", str(error)) from error
        return _add_series(home, data, actor=actor)
    return _add_one_off(home, data, actor=actor)


def _add_one_off(home: Home, data: SessionInput, *, actor: object) -> Session:
    with transaction.atomic():
        session = Session.objects.create(
            home=home,
            activity=data.activity,
            room=data.room,
            starts_at=data.starts_at,
            ends_at=data.starts_at + dt.timedelta(minutes=data.minutes),
            capacity=_capacity(data),
            partner_name=data.partner_name,
            note=data.note,
        )
        session.facilitators.set(data.facilitators)
        record(actor, Action.CREATE, session, home=home)
    return session


def _add_series(home: Home, data: SessionInput, *, actor: object) -> SessionSeries:
    with transaction.atomic():
        series = SessionSeries.objects.create(
            home=home,
            activity=data.activity,
            room=data.room,
            starts_at=data.starts_at,
            minutes=data.minutes,
            rrule=data.rule.strip().removeprefix("RRULE:"),
            ends_on=data.ends_on,
            capacity=_capacity(data),
            partner_name=data.partner_name,
        )
        series.facilitators.set(data.facilitators)
        record(actor, Action.CREATE, series, home=home)
    return series


@dataclass(frozen=True)
class SessionChange:
    """A change to one occurrence."""

    starts_at: dt.datetime
    minutes: int
    room: Room | None
    capacity: int
    facilitators: Sequence[Membership]
    note: str
    cancelled: bool


def change_session(session: Session, change: SessionChange, *, actor: object) -> Session:
    """Change or cancel one session. Moving an occurrence of a series keeps the original as a
    cancelled placeholder, so that opening its week again does not bring it back, and moves its
    invitations to the new time."""
    ends_at = change.starts_at + dt.timedelta(minutes=change.minutes)
    with transaction.atomic():
        if session.series_id is not None and change.starts_at != session.starts_at:
            session = _move_occurrence(session, change.starts_at, ends_at)
        session.starts_at, session.ends_at = change.starts_at, ends_at
        session.room, session.capacity = change.room, change.capacity
        session.note, session.cancelled = change.note, change.cancelled
        session.save()
        session.facilitators.set(change.facilitators)
        record(actor, Action.UPDATE, session, home=session.home)
    return session


def _move_occurrence(session: Session, starts_at: dt.datetime, ends_at: dt.datetime) -> Session:
    moved = Session.objects.create(
        home=session.home,
        activity=session.activity,
        room=session.room,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=session.capacity,
        partner_name=session.partner_name,
    )
    Invitation.objects.filter(home=session.home, session=session).update(session=moved)
    session.cancelled = True
    session.save(update_fields=["cancelled", "updated_at"])
    return moved


# Materialising series ----------------------------------------------------------------------------


def materialise(home: Home, start: dt.date, end: dt.date) -> int:
    """Make the Session rows of every series of ``home`` from ``start`` up to (not including)
    ``end``. Idempotent: an occurrence already made (or moved, or cancelled) is left alone.
    Returns how many were made."""
    begin, finish = local_start(start), local_start(end)
    series = list(
        SessionSeries.objects.filter(home=home, starts_at__lt=finish)
        .exclude(ends_on__lt=start)
        .select_related("activity")
    )
    if not series:
        return 0
    wanted = _wanted(series, begin, finish)
    made = set(
        Session.objects.filter(home=home, series__in=series, starts_at__gte=begin)
        .filter(starts_at__lt=finish)
        .values_list("series_id", "starts_at")
    )
    missing = [s for s in wanted if (s.series_id, s.starts_at) not in made]
    if missing:
        _create(home, missing)
    return len(missing)


def _wanted(series: list[SessionSeries], begin: dt.datetime, finish: dt.datetime) -> list[Session]:
    zone = _zone()
    local_begin, local_finish = begin.replace(tzinfo=None), finish.replace(tzinfo=None)
    wanted = []
    for one in series:
        first = timezone.localtime(one.starts_at, zone).replace(tzinfo=None)
        try:
            rule = parse_rule(one.rrule, first)
        except RecurrenceError:
            continue  # a rule saved before it was checked: show nothing rather than fail
        for naive in occurrences(rule, max(local_begin, first), local_finish):
            if one.ends_on is not None and naive.date() > one.ends_on:
                continue
            starts_at = naive.replace(tzinfo=zone)
            wanted.append(_occurrence(one, starts_at))
    return wanted


def _occurrence(series: SessionSeries, starts_at: dt.datetime) -> Session:
    return Session(
        home_id=series.home_id,
        organisation_id=series.organisation_id,
        activity_id=series.activity_id,
        series=series,
        room_id=series.room_id,
        starts_at=starts_at.astimezone(dt.UTC),
        ends_at=(starts_at + dt.timedelta(minutes=series.minutes)).astimezone(dt.UTC),
        capacity=series.capacity or series.activity.max_people,
        partner_name=series.partner_name,
    )


def _create(home: Home, missing: list[Session]) -> None:
    # ignore_conflicts: two people opening the same week at once must not fail on the
    # series+start constraint; the loser's rows are simply not made twice.
    Session.objects.bulk_create(missing, ignore_conflicts=True)
    keys = {(s.series_id, s.starts_at) for s in missing}
    series_ids = {s.series_id for s in missing}
    made = [
        s
        for s in Session.objects.filter(home=home, series_id__in=series_ids)
        .filter(starts_at__in={s.starts_at for s in missing})
        .only("pk", "series_id", "starts_at")
        if (s.series_id, s.starts_at) in keys
    ]
    through = SessionSeries.facilitators.through
    people: dict[int, list[int]] = defaultdict(list)
    for row in through.objects.filter(sessionseries_id__in=series_ids):
        people[row.sessionseries_id].append(row.membership_id)
    Session.facilitators.through.objects.bulk_create(
        [
            Session.facilitators.through(session_id=s.pk, membership_id=m)
            for s in made
            for m in people.get(s.series_id or 0, [])
        ],
        ignore_conflicts=True,
    )


def sessions_between(home: Home, start: dt.date, end: dt.date) -> list[Session]:
    """The sessions from ``start`` to ``end`` (excluded), series made first, each with its
    activity, room and facilitators loaded, in a fixed number of queries."""
    materialise(home, start, end)
    # Only what the programme shows: a week of 80 sessions must render in well under 100 ms.
    facilitators = Membership.objects.select_related("user").only(
        "code", "role", "user__full_name", "user__email"
    )
    return list(
        Session.objects.filter(home=home, starts_at__gte=local_start(start))
        .filter(starts_at__lt=local_start(end))
        .select_related("activity", "room")
        .defer("activity__description", "activity__partner", "activity__language")
        .prefetch_related(Prefetch("facilitators", queryset=facilitators))
        .order_by("starts_at", "activity__title")
    )


def sessions_for_week(home: Home, monday: dt.date) -> list[Session]:
    """The week's sessions (Monday to Sunday), made from their series where needed."""
    monday = monday_of(monday)
    return sessions_between(home, monday, monday + dt.timedelta(days=7))


# The week as the page shows it -------------------------------------------------------------------


@dataclass
class SessionRow:
    session: Session
    places_left: int
    clashes: list[Clash] = field(default_factory=list)


@dataclass
class Week:
    monday: dt.date
    days: list[tuple[dt.date, list[SessionRow]]]

    @property
    def previous(self) -> dt.date:
        return self.monday - dt.timedelta(days=7)

    @property
    def next(self) -> dt.date:
        return self.monday + dt.timedelta(days=7)

    @property
    def session_count(self) -> int:
        return sum(len(rows) for _day, rows in self.days)


def week_programme(home: Home, monday: dt.date) -> Week:
    """The week day by day, each session with its places left and its clashes in words."""
    monday = monday_of(monday)
    sessions = sessions_for_week(home, monday)
    invited = _invited(home, sessions)
    found = clashes([_facts(s, invited.get(s.pk, {})) for s in sessions], _busy(home, monday))
    by_session: dict[int, list[Clash]] = defaultdict(list)
    for clash in found:
        by_session[cast(int, clash.session)].append(clash)
    days: dict[dt.date, list[SessionRow]] = {monday + dt.timedelta(days=n): [] for n in range(7)}
    for session in sessions:
        places = max(session.capacity - len(invited.get(session.pk, {})), 0)
        row = SessionRow(session, places, by_session.get(session.pk, []))
        days[timezone.localtime(session.starts_at, _zone()).date()].append(row)
    return Week(monday, list(days.items()))


def _invited(home: Home, sessions: list[Session]) -> dict[int, dict[Hashable, str]]:
    rows = (
        Invitation.objects.filter(home=home, session__in=[s.pk for s in sessions])
        .exclude(status=Invitation.Status.DECLINED)
        .values_list("session_id", "resident_id", "resident__preferred_name", "resident__full_name")
    )
    invited: dict[int, dict[Hashable, str]] = defaultdict(dict)
    for session_id, resident_id, preferred, full in rows:
        invited[session_id][resident_id] = preferred or full
    return invited


def _facts(session: Session, invited: dict[Hashable, str]) -> SessionFacts:
    zone = _zone()
    return SessionFacts(
        key=session.pk,
        title=session.activity.title,
        starts_at=timezone.localtime(session.starts_at, zone),
        ends_at=timezone.localtime(session.ends_at, zone),
        capacity=session.capacity,
        room=session.room_id,
        room_name=session.room.name if session.room else "",
        room_capacity=session.room.capacity if session.room else None,
        facilitators={m.pk: str(m.user) for m in session.facilitators.all()},
        invited=dict(invited),
        cancelled=session.cancelled,
    )


def _busy(home: Home, monday: dt.date) -> list[BusyTime]:
    zone = _zone()
    rows = Appointment.objects.filter(
        home=home,
        starts_at__lt=local_start(monday + dt.timedelta(days=7)),
        ends_at__gt=local_start(monday),
    ).values_list("resident_id", "starts_at", "ends_at", "what")
    return [
        BusyTime(resident, timezone.localtime(start, zone), timezone.localtime(end, zone), what)
        for resident, start, end, what in rows
    ]


# Appointments ----------------------------------------------------------------------------------


def add_appointment(
    resident: Resident, *, starts_at: dt.datetime, minutes: int, what: str, actor: object
) -> Appointment:
    """Record a time ``resident`` is busy, so the programme can show clashes with it."""
    with transaction.atomic():
        appointment = Appointment.objects.create(
            home_id=resident.home_id,
            resident=resident,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=minutes),
            what=what,
        )
        record(
            actor,
            Action.CREATE,
            appointment,
            home=resident.home,
            resident_code=resident.code,
            fields=["starts_at", "ends_at", "what"],
        )
    return appointment


def remove_appointment(appointment: Appointment, *, resident: Resident, actor: object) -> None:
    """Take an appointment off a resident's calendar."""
    with transaction.atomic():
        record(actor, Action.DELETE, appointment, home=resident.home, resident_code=resident.code)
        appointment.delete()

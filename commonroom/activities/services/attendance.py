"""Invitations and attendance. Attendance is recorded once for the whole group and writes the
connection log: one group moment per session, replaced (never added to) when it is recorded
again, so the log and its roll-ups count a session once however often it is corrected.

Who the moment is "with": a group session is a moment among fellow residents (domain peers), a
one-to-one session a moment with staff. Family, volunteers and community members who joined
are kept as the session's guests. When exactly one family contact joined, and their resident
took part, the moment is also "with" that contact, which draws the line to them in the network
picture; its domain stays the session's, so the other residents' family counts are not touched.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonroom.audit.services import Action, record, record_many
from commonroom.circle.models import Contact
from commonroom.connections.models import Domain, Engagement, Kind, Moment, WithType
from commonroom.connections.services.moments import MomentInput, delete_moment, record_moment
from commonroom.homes.models import Membership
from commonroom.residents.models import Resident

from ..models import Activity, Attendance, Category, Invitation, Session, SessionGuest

Outcome = Attendance.Outcome
JOINED = frozenset({Outcome.ATTENDED, Outcome.NOT_INVITED})
"""Outcomes where the person took part ("not invited" is someone who came without an
invitation)."""
MAX_GUEST_COUNT = 100
STARTS_SOON = dt.timedelta(minutes=10)
KIND_FOR_CATEGORY = {
    Category.OUTINGS: Kind.OUTING,
    Category.FAITH: Kind.FAITH,
    Category.ONE_TO_ONE: Kind.ONE_TO_ONE,
}


class AttendanceError(ValueError):
    """Invitations or attendance that cannot be recorded as given; ``field`` names the input."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class AttendanceRow:
    resident: Resident
    outcome: str
    engagement: int | None = None


@dataclass(frozen=True)
class GuestInput:
    kind: str
    contact: Contact | None = None
    name: str = ""
    count: int = 1


def invite(session: Session, residents: Iterable[Resident], *, actor: Any) -> list[Invitation]:
    """Invite ``residents`` to ``session``. Anyone already invited keeps their invitation (a
    planner's proposal becomes an invitation). Returns the invitations made or confirmed."""
    people = _distinct(residents)
    _check_open(session)
    if not people:
        raise AttendanceError("residents", _("Choose at least one resident to invite."))
    if any(r.home_id != session.home_id or not r.is_current for r in people):
        raise AttendanceError("residents", _("Choose residents who live in this home."))
    with transaction.atomic():
        existing = {
            i.resident_id: i for i in Invitation.objects.filter(session=session).select_for_update()
        }
        _check_capacity(session, existing.values(), people)
        return [_invite_one(session, r, existing.get(r.pk), actor) for r in people]


def _distinct(residents: Iterable[Resident]) -> list[Resident]:
    seen: dict[int, Resident] = {}
    for resident in residents:
        seen.setdefault(resident.pk, resident)
    return list(seen.values())


def _check_open(session: Session) -> None:
    if session.cancelled:
        raise AttendanceError(None, _("This session has been cancelled."))


def _check_capacity(
    session: Session, existing: Iterable[Invitation], people: Sequence[Resident]
) -> None:
    taken = {i.resident_id for i in existing if i.status != Invitation.Status.DECLINED}
    wanted = taken | {r.pk for r in people}
    if len(wanted) > session.capacity:
        raise AttendanceError(
            "residents",
            _("This session has %(places)d places; choose fewer people.")
            % {"places": session.capacity},
        )


def _invite_one(
    session: Session, resident: Resident, invitation: Invitation | None, actor: Any
) -> Invitation:
    if invitation is None:
        invitation = Invitation.objects.create(
            home_id=session.home_id,
            organisation_id=session.organisation_id,
            session=session,
            resident=resident,
            status=Invitation.Status.INVITED,
            invited_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            actor,
            Action.CREATE,
            invitation,
            home=session.home,
            resident_code=resident.code,
            fields=("status",),
        )
    elif invitation.status == Invitation.Status.PROPOSED:
        _set_status(invitation, Invitation.Status.INVITED, resident, actor)
    return invitation


def set_invitation_status(invitation: Invitation, status: str, *, actor: Any) -> Invitation:
    """Record a resident's answer to an invitation (or send a planner's proposal)."""
    if status not in Invitation.Status.values:
        raise AttendanceError("status", _("Choose an answer from the list."))
    with transaction.atomic():
        if invitation.status != status:
            _set_status(invitation, status, invitation.resident, actor)
    return invitation


def _set_status(invitation: Invitation, status: str, resident: Resident, actor: Any) -> None:
    invitation.status = status
    invitation.save(update_fields=["status", "updated_at"])
    record(
        actor,
        Action.UPDATE,
        invitation,
        home=invitation.home,
        resident_code=resident.code,
        fields=("status",),
    )


def record_attendance(
    session: Session,
    rows: Sequence[AttendanceRow],
    guests: Sequence[GuestInput] = (),
    *,
    actor: Any,
) -> Moment | None:
    """Record how the session went for everyone at once, replacing anything recorded before,
    and write its one group moment to the connection log (None when nobody took part or
    declined). Raises ``AttendanceError`` for input that cannot stand."""
    validate_attendance(session, rows, guests)
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        _take_back_moment(locked, actor)
        _replace_rows(locked, rows, actor)
        _replace_guests(locked, guests)
        moment = _write_moment(locked, rows, guests, actor)
        locked.moment = moment
        locked.save(update_fields=["moment", "updated_at"])
    session.moment = moment
    return moment


def validate_attendance(
    session: Session, rows: Sequence[AttendanceRow], guests: Sequence[GuestInput]
) -> None:
    """Every rule attendance must meet, whichever door it came through."""
    _check_open(session)
    if session.starts_at > timezone.now() + STARTS_SOON:
        raise AttendanceError(None, _("Attendance can be recorded once the session has started."))
    if not rows:
        raise AttendanceError("rows", _("Record how it went for at least one resident."))
    if len({row.resident.pk for row in rows}) != len(rows):
        raise AttendanceError("rows", _("Each resident can be listed only once."))
    for row in rows:
        _validate_row(session, row)
    ids = {row.resident.pk for row in rows}
    for guest in guests:
        _validate_guest(guest, ids)


def _validate_row(session: Session, row: AttendanceRow) -> None:
    field = f"outcome_{row.resident.code}"
    name = {"name": row.resident.display_name}
    if row.resident.home_id != session.home_id:
        raise AttendanceError(field, _("Choose residents who live in this home."))
    if row.outcome not in Outcome.values:
        raise AttendanceError(field, _("Choose how it went for %(name)s.") % name)
    if row.engagement is not None and row.engagement not in Engagement.values:
        raise AttendanceError(f"engagement_{row.resident.code}", _("Choose from the list."))
    if row.outcome in JOINED and row.engagement in (None, Engagement.DECLINED):
        raise AttendanceError(
            f"engagement_{row.resident.code}", _("Choose how engaged %(name)s was.") % name
        )


def _validate_guest(guest: GuestInput, resident_ids: set[int]) -> None:
    if guest.kind not in SessionGuest.Kind.values:
        raise AttendanceError("guests", _("Choose who the guest was from the list."))
    if not 1 <= guest.count <= MAX_GUEST_COUNT:
        raise AttendanceError("guests", _("Give a number of guests between 1 and 100."))
    if guest.kind == SessionGuest.Kind.FAMILY:
        if guest.contact is None and not guest.name.strip():
            raise AttendanceError("guests", _("Choose the family member or friend who joined."))
        if guest.contact is not None and guest.contact.resident_id not in resident_ids:
            raise AttendanceError(
                "guests", _("Choose someone from the circle of a resident listed here.")
            )
    elif not guest.name.strip():
        raise AttendanceError("guests", _("Give the name of the volunteer or group."))


def idempotency_key(session: Session) -> str:
    return f"session:{session.code}"


def _take_back_moment(session: Session, actor: Any) -> None:
    stale = Moment.objects.filter(home_id=session.home_id, idempotency_key=idempotency_key(session))
    if session.moment_id:
        stale = stale | Moment.objects.filter(home_id=session.home_id, pk=session.moment_id)
    for moment in stale.distinct():
        delete_moment(moment, actor=actor)


def _replace_rows(session: Session, rows: Sequence[AttendanceRow], actor: Any) -> None:
    Attendance.objects.filter(session=session).delete()
    saved = Attendance.objects.bulk_create(
        Attendance(
            home_id=session.home_id,
            organisation_id=session.organisation_id,
            session=session,
            resident=row.resident,
            outcome=row.outcome,
            engagement=stored_engagement(row),
        )
        for row in rows
    )
    record_many(
        actor,
        Action.UPDATE,
        [(a, a.resident.code, ("outcome", "engagement")) for a in saved],
        home=session.home,
    )


def stored_engagement(row: AttendanceRow) -> int | None:
    """The engagement kept for a row: 0 for a decline, none unless they took part."""
    if row.outcome == Outcome.DECLINED:
        return Engagement.DECLINED
    return row.engagement if row.outcome in JOINED else None


def _replace_guests(session: Session, guests: Sequence[GuestInput]) -> None:
    SessionGuest.objects.filter(session=session).delete()
    SessionGuest.objects.bulk_create(
        SessionGuest(
            home_id=session.home_id,
            organisation_id=session.organisation_id,
            session=session,
            kind=guest.kind,
            contact=guest.contact,
            name=guest.name.strip(),
            count=guest.count,
        )
        for guest in guests
    )


def _write_moment(
    session: Session, rows: Sequence[AttendanceRow], guests: Sequence[GuestInput], actor: Any
) -> Moment | None:
    # Unwell and asleep are nobody's choice, so they stay out of the log; a decline goes in
    # with engagement 0 so the early warning sees a pattern of declining.
    shared = [row for row in rows if row.outcome in JOINED or row.outcome == Outcome.DECLINED]
    if not shared:
        return None
    activity: Activity = session.activity
    data = MomentInput(
        residents=[row.resident for row in shared],
        kind=KIND_FOR_CATEGORY.get(Category(activity.category), Kind.ACTIVITY),
        occurred_at=session.starts_at,
        domain=Domain.PEERS if _is_group(activity) else Domain.STAFF,
        minutes=_minutes(session),
        engagement={row.resident.pk: stored_engagement(row) for row in shared},
        idempotency_key=idempotency_key(session),
        **_with(session, activity, shared, guests),
    )
    moment, _created = record_moment(session.home, data, actor=actor)
    return moment


def _minutes(session: Session) -> int:
    length = (session.ends_at - session.starts_at).total_seconds() // 60
    return int(max(1, min(24 * 60, length)))


def _is_group(activity: Activity) -> bool:
    return activity.category != Category.ONE_TO_ONE and activity.is_group


def _with(
    session: Session,
    activity: Activity,
    shared: Sequence[AttendanceRow],
    guests: Sequence[GuestInput],
) -> dict[str, Any]:
    joined = {row.resident.pk for row in shared if row.outcome in JOINED}
    family = [g.contact for g in guests if g.kind == SessionGuest.Kind.FAMILY and g.contact]
    if len(family) == 1 and family[0].resident_id in joined:
        return {"with_type": WithType.CONTACT, "with_contact": family[0]}
    if not _is_group(activity):
        member = _staff_facilitator(session)
        if member is not None:
            return {"with_type": WithType.STAFF, "with_member": member}
    return {}


def _staff_facilitator(session: Session) -> Membership | None:
    return next((m for m in session.facilitators.all() if m.is_staff_role), None)

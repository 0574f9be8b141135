"""Private iCalendar feeds: the home's programme, or one resident's sessions for their family.

The secret is shown once and stored only as its SHA-256, so a leaked database does not leak
working addresses. A resident's feed answers only while the person's consent to share updates
holds, whoever made it."""

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from icalendar import Calendar, Event

from commonroom.audit.services import Action, record
from commonroom.homes.models import Home
from commonroom.residents.models import ConsentRecord, Resident

from ..models import Attendance, CalendarFeed, Invitation, Session
from .programme import monday_of, sessions_between

WEEKS_BEFORE = 1
WEEKS_AFTER = 8


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def shares_updates(resident: Resident) -> bool:
    """Whether the person's latest decision on sharing updates is "given"."""
    latest = (
        ConsentRecord.objects.filter(
            home_id=resident.home_id,
            resident=resident,
            purpose=ConsentRecord.Purpose.UPDATES,
        )
        .order_by("-decided_on", "-id")
        .first()
    )
    return latest is not None and latest.decision == ConsentRecord.Decision.GIVEN


def create_feed(
    home: Home, *, name: str, resident: Resident | None, actor: Any
) -> tuple[CalendarFeed, str]:
    """A new feed and its secret token (shown to the person once, never stored)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        feed = CalendarFeed.objects.create(
            home=home, resident=resident, name=name, token_hash=_hash(token), created_by=actor
        )
        record(
            actor,
            Action.CREATE,
            feed,
            home=home,
            resident_code=resident.code if resident else None,
        )
    return feed, token


def revoke_feed(feed: CalendarFeed, *, actor: Any) -> None:
    """Stop the feed at once; its address answers 404 from now on."""
    with transaction.atomic():
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at", "updated_at"])
        resident_code = feed.resident.code if feed.resident else None
        record(actor, Action.UPDATE, feed, home=feed.home, resident_code=resident_code)


def feeds_for(home: Home, *, user: Any, everyone: bool) -> QuerySet[CalendarFeed]:
    """Live feeds of ``home``: all of them for planners, one's own otherwise."""
    feeds = CalendarFeed.objects.filter(home=home, revoked_at__isnull=True)
    if not everyone:
        feeds = feeds.filter(created_by=user)
    return feeds.select_related("resident", "created_by")


def calendar_for_token(token: str) -> bytes | None:
    """The iCalendar text for the feed with ``token``, or None (unknown, revoked, or a resident
    feed whose consent no longer holds)."""
    with scopes_disabled():
        feed = (
            CalendarFeed.objects.filter(token_hash=_hash(token), revoked_at__isnull=True)
            .select_related("home", "resident")
            .first()
        )
    if feed is None:
        return None
    with scope(home=feed.home):
        if feed.resident is not None and not shares_updates(feed.resident):
            return None
        return _calendar(feed, _sessions(feed))


def _sessions(feed: CalendarFeed) -> list[Session]:
    monday = monday_of(timezone.localdate())
    start = monday - dt.timedelta(weeks=WEEKS_BEFORE)
    sessions = sessions_between(feed.home, start, monday + dt.timedelta(weeks=WEEKS_AFTER))
    if feed.resident is None:
        return sessions
    mine = _resident_session_ids(feed, sessions)
    return [s for s in sessions if s.pk in mine]


def _resident_session_ids(feed: CalendarFeed, sessions: list[Session]) -> set[int]:
    ids = [s.pk for s in sessions]
    invited = Invitation.objects.filter(
        home=feed.home, resident=feed.resident, session_id__in=ids
    ).filter(Q(status=Invitation.Status.INVITED) | Q(status=Invitation.Status.ACCEPTED))
    attended = Attendance.objects.filter(
        home=feed.home,
        resident=feed.resident,
        session_id__in=ids,
        outcome=Attendance.Outcome.ATTENDED,
    )
    return set(invited.values_list("session_id", flat=True)) | set(
        attended.values_list("session_id", flat=True)
    )


def _calendar(feed: CalendarFeed, sessions: list[Session]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Common Room//Programme//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{feed.home.name}: {feed.name}")
    for session in sessions:
        calendar.add_component(_event(session))
    return calendar.to_ical()


def _event(session: Session) -> Event:
    # Only the activity, the place and the time: a feed may be read by anyone the family
    # passes it to, so no one's name (resident or staff) goes in it.
    event = Event()
    event.add("uid", f"{session.code}@commonroom")
    event.add("dtstamp", session.updated_at.astimezone(dt.UTC))
    event.add("dtstart", session.starts_at.astimezone(dt.UTC))
    event.add("dtend", session.ends_at.astimezone(dt.UTC))
    event.add("summary", session.activity.title)
    if session.room is not None:
        event.add("location", session.room.name)
    if session.cancelled:
        event.add("status", "CANCELLED")
    return event

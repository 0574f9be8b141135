"""Clashes in a week's programme, worked out from plain data (no ORM) so that the rules can be
tested on hand-built weeks and reused by the planner.

A clash is anything that would stop a session going as planned: two sessions in one room at
once, a facilitator in two places, more people invited than there are places (or places than
the room holds), and a resident invited to a session that overlaps their appointment or another
session they are invited to."""

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import combinations

from django.utils.translation import gettext as _


class ClashKind(StrEnum):
    ROOM = "room"
    FACILITATOR = "facilitator"
    OVER_CAPACITY = "over_capacity"
    ROOM_TOO_SMALL = "room_too_small"
    APPOINTMENT = "appointment"
    DOUBLE_INVITED = "double_invited"


@dataclass(frozen=True)
class SessionFacts:
    """What the clash rules need to know about one session."""

    key: Hashable
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    room: Hashable | None = None
    room_name: str = ""
    room_capacity: int | None = None
    facilitators: dict[Hashable, str] = field(default_factory=dict)
    """Facilitator key → name."""
    invited: dict[Hashable, str] = field(default_factory=dict)
    """Resident key → name, for everyone invited who has not said no."""
    cancelled: bool = False


@dataclass(frozen=True)
class BusyTime:
    """A resident's appointment."""

    resident: Hashable
    starts_at: dt.datetime
    ends_at: dt.datetime
    what: str


@dataclass(frozen=True)
class Clash:
    kind: ClashKind
    session: Hashable
    text: str
    """In words, for the programme page (it may name residents: staff only)."""


def _overlap(
    a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime
) -> bool:
    return a_start < b_end and b_start < a_end


def clashes(sessions: Sequence[SessionFacts], busy: Iterable[BusyTime] = ()) -> list[Clash]:
    """Every clash in ``sessions`` (cancelled ones ignored), each reported on the session it
    affects; a clash between two sessions is reported on both."""
    live = [s for s in sessions if not s.cancelled]
    found: list[Clash] = []
    for first, second in combinations(sorted(live, key=lambda s: s.starts_at), 2):
        if _overlap(first.starts_at, first.ends_at, second.starts_at, second.ends_at):
            found += _pair_clashes(first, second) + _pair_clashes(second, first)
    for session in live:
        found += _capacity_clashes(session)
    found += _appointment_clashes(live, busy)
    return found


def _pair_clashes(session: SessionFacts, other: SessionFacts) -> list[Clash]:
    found = []
    when = f"{other.starts_at:%H:%M}"
    if session.room is not None and session.room == other.room:
        text = _("%(room)s is also booked for %(title)s at %(time)s.") % {
            "room": session.room_name,
            "title": other.title,
            "time": when,
        }
        found.append(Clash(ClashKind.ROOM, session.key, text))
    for person in sorted(session.facilitators.keys() & other.facilitators.keys(), key=str):
        text = _("%(name)s is also running %(title)s at %(time)s.") % {
            "name": session.facilitators[person],
            "title": other.title,
            "time": when,
        }
        found.append(Clash(ClashKind.FACILITATOR, session.key, text))
    for resident in sorted(session.invited.keys() & other.invited.keys(), key=str):
        text = _("%(name)s is also invited to %(title)s at %(time)s.") % {
            "name": session.invited[resident],
            "title": other.title,
            "time": when,
        }
        found.append(Clash(ClashKind.DOUBLE_INVITED, session.key, text))
    return found


def _capacity_clashes(session: SessionFacts) -> list[Clash]:
    found = []
    if len(session.invited) > session.capacity:
        text = _("%(invited)d people are invited but there are only %(places)d places.") % {
            "invited": len(session.invited),
            "places": session.capacity,
        }
        found.append(Clash(ClashKind.OVER_CAPACITY, session.key, text))
    if session.room_capacity is not None and session.capacity > session.room_capacity:
        text = _("%(room)s holds %(holds)d people but the session has %(places)d places.") % {
            "room": session.room_name,
            "holds": session.room_capacity,
            "places": session.capacity,
        }
        found.append(Clash(ClashKind.ROOM_TOO_SMALL, session.key, text))
    return found


def _appointment_clashes(sessions: Sequence[SessionFacts], busy: Iterable[BusyTime]) -> list[Clash]:
    by_resident: dict[Hashable, list[BusyTime]] = defaultdict(list)
    for appointment in busy:
        by_resident[appointment.resident].append(appointment)
    found = []
    for session in sessions:
        for resident, name in session.invited.items():
            for appointment in by_resident.get(resident, []):
                if _overlap(
                    session.starts_at, session.ends_at, appointment.starts_at, appointment.ends_at
                ):
                    text = _("%(name)s has %(what)s at %(time)s.") % {
                        "name": name,
                        "what": appointment.what,
                        "time": f"{appointment.starts_at:%H:%M}",
                    }
                    found.append(Clash(ClashKind.APPOINTMENT, session.key, text))
    return found

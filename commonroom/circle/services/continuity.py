"""Staff continuity for one person: pure functions over key-worker stints (no database)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from commonroom.lib.dates import add_months


@dataclass(frozen=True)
class Stint:
    """One spell of one staff member as someone's key worker (``ended_on`` None: still going)."""

    staff_id: int
    started_on: dt.date
    ended_on: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.started_on <= last and (self.ended_on is None or self.ended_on >= first)


@dataclass(frozen=True)
class Continuity:
    key_workers_last_year: int
    """How many different staff members were the key worker at some point in the last 12
    months (including today). 1 is ideal; more means the person had to get to know new people."""
    days_with_current: int | None
    """Days with today's key worker, counting back across back-to-back stints of the same
    person; None when nobody is the key worker today."""


def continuity(stints: Iterable[Stint], on: dt.date) -> Continuity:
    """The continuity figure for ``stints`` as it stands on day ``on``."""
    stints = sorted(stints, key=lambda stint: stint.started_on)
    year_ago = add_months(on, -12)
    different = {stint.staff_id for stint in stints if stint.overlaps(year_ago, on)}
    current = next((stint for stint in reversed(stints) if stint.covers(on)), None)
    if current is None:
        return Continuity(len(different), None)
    return Continuity(len(different), (on - _unbroken_start(stints, current)).days)


def _unbroken_start(stints: list[Stint], current: Stint) -> dt.date:
    """Walk back over earlier stints of the same person that ran straight into the next."""
    start = current.started_on
    for stint in reversed(stints):
        follows_on = stint.ended_on is not None and stint.ended_on >= start - dt.timedelta(days=1)
        if stint.staff_id == current.staff_id and stint.started_on < start and follows_on:
            start = stint.started_on
    return start

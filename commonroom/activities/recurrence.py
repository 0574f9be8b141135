"""Repeating sessions as iCalendar RRULEs, worked in the home's wall-clock time (no ORM).

Occurrences are computed on naive local date-times, so a session at 10:00 stays at 10:00 when
the clocks change; the caller attaches the home's time zone afterwards."""

import datetime as dt
from collections.abc import Iterable
from itertools import islice

from dateutil.rrule import rrule, rrulestr  # type: ignore[import-untyped]
from django.utils.translation import gettext as _

MAX_A_YEAR = 500
"""More occurrences than this in a year is almost certainly a mistake (FREQ=HOURLY, say)."""

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class RecurrenceError(ValueError):
    """A rule that cannot be used, with a message for the person who wrote it."""


def build_rule(weekdays: Iterable[str], *, every: int = 1, until: dt.date | None = None) -> str:
    """The RRULE for "every (other) week on these days, until this date"."""
    days = [day for day in WEEKDAYS if day in set(weekdays)]
    if not days:
        raise RecurrenceError(_("Choose at least one day of the week."))
    parts = ["FREQ=WEEKLY"]
    if every > 1:
        parts.append(f"INTERVAL={every}")
    parts.append("BYDAY=" + ",".join(days))
    if until is not None:
        parts.append(f"UNTIL={until:%Y%m%d}T235959")
    return ";".join(parts)


def parse_rule(text: str, first: dt.datetime) -> rrule:
    """The rule ``text`` starting at the naive local ``first``, or RecurrenceError saying why it
    cannot be used: not a valid RRULE, no occurrences, or more than MAX_A_YEAR in a year."""
    cleaned = text.strip().removeprefix("RRULE:")
    if not cleaned or "\n" in cleaned or "DTSTART" in cleaned.upper():
        raise RecurrenceError(_("Write a single RRULE, for example FREQ=WEEKLY;BYDAY=MO,TH."))
    try:
        rule = rrulestr(cleaned, dtstart=first.replace(tzinfo=None))
    except (ValueError, TypeError) as error:
        raise RecurrenceError(
            _("This is not a repeat rule we can read (%(problem)s).") % {"problem": error}
        ) from error
    if not isinstance(rule, rrule):
        raise RecurrenceError(_("Write a single RRULE, for example FREQ=WEEKLY;BYDAY=MO,TH."))
    _check_count(rule, first.replace(tzinfo=None))
    return rule


def _check_count(rule: rrule, first: dt.datetime) -> None:
    upcoming = list(islice(rule, MAX_A_YEAR + 1))
    if not upcoming:
        raise RecurrenceError(_("This rule never happens: check the days and the end date."))
    if len(upcoming) > MAX_A_YEAR and upcoming[-1] < first + dt.timedelta(days=365):
        raise RecurrenceError(
            _("This rule makes more than %(max)d sessions a year; choose fewer.")
            % {"max": MAX_A_YEAR}
        )


def occurrences(rule: rrule, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """The rule's naive local start times from ``start`` (included) to ``end`` (excluded)."""
    return [moment for moment in rule.between(start, end, inc=True) if moment < end]

"""A person's own usual level of connection, shared by the early warning and the home's figures.

Pure functions over weekly counts, oldest first; no database inside."""

import statistics
from collections.abc import Sequence

BASELINE_WEEKS = 12
"""Three months: long enough to include a quiet fortnight, short enough to follow a person whose
life has changed (new friends, a bereavement)."""
MIN_WEEKS = 4
"""Fewer complete weeks than this (a newcomer) is not yet a pattern; the home's level is used."""
BELOW_RATIO = 0.5
"""Below half of one's usual is a real change, not the ordinary ups and downs of a week."""


def usual_per_week(weeks: Sequence[int]) -> float | None:
    """The median of the last ``BASELINE_WEEKS`` complete weeks, or None with too little history.
    The median, not the mean, so that one busy week (a birthday, Christmas) does not raise it."""
    recent = list(weeks)[-BASELINE_WEEKS:]
    if len(recent) < MIN_WEEKS:
        return None
    return float(statistics.median(recent))


def is_below_usual(this_week: int, usual: float | None, ratio: float = BELOW_RATIO) -> bool:
    """Whether a week's count is clearly below the person's usual. Someone whose usual is nothing
    at all cannot fall below it (that is a different reason: no contact)."""
    if usual is None or usual <= 0:
        return False
    return this_week < usual * ratio

"""Rebuilding every roll-up of a home from its connection log, in a handful of set-based
statements (after an import of history, a change of the counting rules, or a repair).

Each home is rebuilt in its own transaction, so pages keep showing the old figures until the new
ones are complete, and a failure leaves the old ones in place."""

from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.utils import timezone

from ..models import (
    ConnectionEdge,
    ConnectionSummary,
    DailyConnection,
    Moment,
    MomentParticipant,
    RebuildJob,
    WeeklyConnection,
)
from ..models.rollups import ConnectionCounts
from .rollups import SMALL_GROUP

NOT_DECLINED = "COALESCE(p.engagement, -1) <> 0"

# How each count is made from one resident's share in a moment; mirrors rollups.counts_for.
COUNT_SQL = {
    "moments": f"CASE WHEN {NOT_DECLINED} THEN 1 ELSE 0 END",
    "family": f"CASE WHEN {NOT_DECLINED} AND p.domain = 'family' THEN 1 ELSE 0 END",
    "peers": f"CASE WHEN {NOT_DECLINED} AND p.domain = 'peers' THEN 1 ELSE 0 END",
    "staff": f"CASE WHEN {NOT_DECLINED} AND p.domain = 'staff' THEN 1 ELSE 0 END",
    "community": f"CASE WHEN {NOT_DECLINED} AND p.domain = 'community' THEN 1 ELSE 0 END",
    "visits": f"CASE WHEN {NOT_DECLINED} AND p.domain = 'family' AND p.kind = 'visit' "
    "THEN 1 ELSE 0 END",
    "declined": "CASE WHEN p.engagement = 0 THEN 1 ELSE 0 END",
    "group_offered": "CASE WHEN p.group_size > 1 THEN 1 ELSE 0 END",
    "group_declined": "CASE WHEN p.group_size > 1 AND p.engagement = 0 THEN 1 ELSE 0 END",
    "low_mood": "CASE WHEN p.engagement = 1 THEN 1 ELSE 0 END",
    "engagement_sum": "CASE WHEN p.engagement > 0 THEN p.engagement ELSE 0 END",
    "engagement_count": "CASE WHEN p.engagement > 0 THEN 1 ELSE 0 END",
    "minutes": f"CASE WHEN {NOT_DECLINED} THEN COALESCE(p.minutes, 0) ELSE 0 END",
}
assert tuple(COUNT_SQL) == ConnectionCounts.COUNT_FIELDS

LAST_SQL = {
    "last_moment": "moments",
    "last_family": "family",
    "last_visit": "visits",
    "last_peers": "peers",
    "last_staff": "staff",
    "last_community": "community",
}


def _monday(column: str) -> str:
    # Date arithmetic is the one place the two databases speak differently.
    if connection.vendor == "postgresql":
        return f"({column} - (EXTRACT(ISODOW FROM {column})::int - 1))"
    return (
        f"date({column}, '-' || ((CAST(strftime('%%w', {column}) AS INTEGER) + 6) %% 7) || ' days')"
    )


def _first_of_month(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _party_sql() -> str:
    return (
        "CASE WHEN m.with_type = 'contact' AND m.with_contact_id IS NOT NULL "
        "THEN 'c:' || m.with_contact_id "
        "WHEN m.with_type = 'resident' AND m.with_resident_id IS NOT NULL "
        "THEN 'r:' || m.with_resident_id "
        "WHEN m.with_type IN ('staff', 'volunteer') AND m.with_member_id IS NOT NULL "
        "THEN 'm:' || m.with_member_id "
        "WHEN m.with_type IN ('group', 'volunteer') AND m.with_name <> '' "
        "THEN 'g:' || m.with_name END"
    )


def rebuild_home(home_id: int) -> None:
    """Replace every roll-up of one home with one computed afresh from its log."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (DailyConnection, WeeklyConnection, ConnectionSummary, ConnectionEdge):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE home_id = %s", [home_id])
        for statement in _statements():
            cursor.execute(statement, {"home": home_id})


def _statements() -> list[str]:
    participants = MomentParticipant._meta.db_table
    daily = DailyConnection._meta.db_table
    counts = ", ".join(COUNT_SQL)
    return [
        f"INSERT INTO {daily} (home_id, resident_id, day, {counts}) "
        f"SELECT p.home_id, p.resident_id, p.day, "
        + ", ".join(f"SUM({sql})" for sql in COUNT_SQL.values())
        + f" FROM {participants} p WHERE p.home_id = %(home)s "
        "GROUP BY p.home_id, p.resident_id, p.day",
        f"INSERT INTO {WeeklyConnection._meta.db_table} (home_id, resident_id, week, {counts}) "
        f"SELECT home_id, resident_id, {_monday('day')} AS monday, "
        + ", ".join(f"SUM({name})" for name in COUNT_SQL)
        + f" FROM {daily} WHERE home_id = %(home)s GROUP BY home_id, resident_id, monday",
        f"INSERT INTO {ConnectionSummary._meta.db_table} (resident_id, home_id, "
        + ", ".join(LAST_SQL)
        + ") SELECT resident_id, home_id, "
        + ", ".join(f"MAX(CASE WHEN {count} > 0 THEN day END)" for count in LAST_SQL.values())
        + f" FROM {daily} WHERE home_id = %(home)s GROUP BY resident_id, home_id "
        "HAVING MAX(moments) > 0",
        _edges_statement(),
    ]


def _edges_statement() -> str:
    moments = Moment._meta.db_table
    participants = MomentParticipant._meta.db_table
    party = _party_sql()
    present = NOT_DECLINED
    lines = (
        # Each resident to whoever the moment was with.
        f"SELECT p.resident_id AS resident_id, {party} AS party, m.domain AS domain, "
        f"p.day AS day FROM {moments} m JOIN {participants} p ON p.moment_id = m.id "
        f"WHERE m.home_id = %(home)s AND m.with_type <> '' AND {present} "
        # … and a fellow resident they were with, back to them.
        f"UNION ALL SELECT m.with_resident_id, 'r:' || p.resident_id, m.domain, p.day "
        f"FROM {moments} m JOIN {participants} p ON p.moment_id = m.id "
        f"WHERE m.home_id = %(home)s AND m.with_type = 'resident' "
        f"AND m.with_resident_id IS NOT NULL AND m.with_resident_id <> p.resident_id "
        f"AND {present} "
        # Fellow residents in a small shared moment, to each other.
        f"UNION ALL SELECT p.resident_id, 'r:' || q.resident_id, 'peers', p.day "
        f"FROM {participants} p JOIN {participants} q ON q.moment_id = p.moment_id "
        f"AND q.resident_id <> p.resident_id "
        f"WHERE p.home_id = %(home)s AND p.domain = 'peers' "
        f"AND p.group_size BETWEEN 2 AND {SMALL_GROUP} "
        f"AND {present} AND COALESCE(q.engagement, -1) <> 0"
    )
    return (
        f"INSERT INTO {ConnectionEdge._meta.db_table} "
        "(home_id, resident_id, party, domain, month, moments, last_day) "
        f"SELECT %(home)s, resident_id, party, domain, {_first_of_month('day')} AS month, "
        f"COUNT(*), MAX(day) FROM ({lines}) edges "
        "WHERE party IS NOT NULL AND party <> 'r:' || resident_id "
        "GROUP BY resident_id, party, domain, month"
    )


Progress = Callable[[int, int], None]


def run_job(job: RebuildJob, home_ids: Iterable[int], progress: Progress | None = None) -> None:
    """Rebuild the given homes one by one, recording progress on ``job`` after each."""
    ids = list(home_ids)
    RebuildJob.objects.filter(pk=job.pk).update(
        status=RebuildJob.Status.RUNNING, total_steps=len(ids), started_at=timezone.now()
    )
    try:
        for done, home_id in enumerate(ids, start=1):
            rebuild_home(home_id)
            RebuildJob.objects.filter(pk=job.pk).update(done_steps=done)
            if progress:
                progress(done, len(ids))
    except Exception as error:
        RebuildJob.objects.filter(pk=job.pk).update(
            status=RebuildJob.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    RebuildJob.objects.filter(pk=job.pk).update(
        status=RebuildJob.Status.DONE, finished_at=timezone.now()
    )

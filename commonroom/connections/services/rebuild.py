"""Rebuilding every roll-up of a home from its connection log, in a handful of set-based
statements (after an import of history, a change of the counting rules, or a repair).

Each home is rebuilt in its own transaction, so pages keep showing the old figures until the new
ones are complete, and a failure leaves the old ones in place. On PostgreSQL each roll-up is
merged: rows whose counts are already right are left alone, only the others are written, and
rows the log no longer gives are deleted. Most rebuilds change little, so this rewrites a
fraction of the rows that deleting and inserting everything would, and leaves few dead rows."""

import os
import selectors
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, connections, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from commonroom.homes.models import Home
from commonroom.residents.models import Resident

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
from .rollups import SMALL_GROUP, hold_home

PRESENT = "COALESCE(p.engagement, -1) <> 0"
DECLINED = "p.engagement = 0"

# How each count is made from the shares of one resident's day; mirrors rollups.counts_for.
# Counting with FILTER instead of summing CASE expressions is a third cheaper on PostgreSQL,
# and moments, engagement_sum and engagement_count need no condition of their own.
COUNT_SQL = {
    "moments": f"COUNT(*) - COUNT(*) FILTER (WHERE {DECLINED})",
    "family": f"COUNT(*) FILTER (WHERE p.domain = 'family' AND {PRESENT})",
    "peers": f"COUNT(*) FILTER (WHERE p.domain = 'peers' AND {PRESENT})",
    "staff": f"COUNT(*) FILTER (WHERE p.domain = 'staff' AND {PRESENT})",
    "community": f"COUNT(*) FILTER (WHERE p.domain = 'community' AND {PRESENT})",
    "visits": f"COUNT(*) FILTER (WHERE p.kind = 'visit' AND p.domain = 'family' AND {PRESENT})",
    "declined": f"COUNT(*) FILTER (WHERE {DECLINED})",
    "group_offered": "COUNT(*) FILTER (WHERE p.group_size > 1)",
    "group_declined": f"COUNT(*) FILTER (WHERE p.group_size > 1 AND {DECLINED})",
    "low_mood": "COUNT(*) FILTER (WHERE p.engagement = 1)",
    "engagement_sum": "COALESCE(SUM(p.engagement), 0)",
    "engagement_count": f"COUNT(p.engagement) - COUNT(*) FILTER (WHERE {DECLINED})",
    "minutes": f"COALESCE(SUM(p.minutes) FILTER (WHERE {PRESENT}), 0)",
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
        # Through timestamp, not timestamptz: no time-zone arithmetic for every share.
        return f"CAST(date_trunc('month', CAST({column} AS timestamp)) AS date)"
    return f"date({column}, 'start of month')"


def rebuild_home(home_id: int) -> None:
    """Replace every roll-up of one home with one computed afresh from its log. Writes to the
    home wait until it is done (a few seconds for years of a busy home)."""
    with transaction.atomic(), connection.cursor() as cursor:
        hold_home(home_id, alone=True)
        targets = _targets()
        if connection.vendor != "postgresql":
            # SQLite has no data-modifying WITH: clear the home's rows, then write them afresh.
            for target in targets:
                cursor.execute(f"DELETE FROM {target.table} WHERE home_id = %s", [home_id])
            for target in targets:
                cursor.execute(target.insert(), {"home": home_id})
            return
        _tune(cursor, home_id)
        for target in targets:
            # A table with no rows of the home yet (history just generated or imported) is
            # filled by plain inserts, which are quicker than merging into nothing.
            cursor.execute(
                f"SELECT EXISTS (SELECT 1 FROM {target.table} WHERE home_id = %s)", [home_id]
            )
            row = cursor.fetchone()
            statement = target.merge() if row and row[0] else target.insert()
            cursor.execute(statement, {"home": home_id})


def _tune(cursor: CursorWrapper, home_id: int) -> None:
    """Settings for this transaction only: enough memory that a home's aggregates stay off
    disk; hash joins only; no waiting for the commit to reach disk (the roll-ups can always be
    rebuilt from the log); and, where the database user may, no per-row foreign-key triggers on
    the roll-ups. Those triggers would check the resident and the home again for each of a few
    hundred thousand rows (a third of the time of a rebuild); every row here comes from the
    log, whose own keys are checked, and locking the home's residents once keeps them from
    being deleted until the rebuild commits, which is all the triggers' row locks would do."""
    cursor.execute("SET LOCAL work_mem = '256MB'")
    cursor.execute("SET LOCAL synchronous_commit = off")
    # Every join here is between whole sets; with statistics that lag behind a big import the
    # planner can otherwise pick a nested loop that runs for hours.
    cursor.execute("SET LOCAL enable_nestloop = off")
    # Compiling these statements costs more than it saves, once per home.
    cursor.execute("SET LOCAL jit = off")
    if _may_skip_triggers(cursor):
        cursor.execute(
            f"SELECT 1 FROM {Home._meta.db_table} WHERE id = %s FOR KEY SHARE", [home_id]
        )
        cursor.execute(
            f"SELECT 1 FROM {Resident._meta.db_table} WHERE home_id = %s FOR KEY SHARE",
            [home_id],
        )
        cursor.execute("SET LOCAL session_replication_role = replica")


def _may_skip_triggers(cursor: CursorWrapper) -> bool:
    """A superuser may; from PostgreSQL 15 so may a user granted SET on the setting."""
    if connection.pg_version >= 150000:  # type: ignore[attr-defined]
        cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
    else:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    row = cursor.fetchone()
    return bool(row and row[0])


@dataclass(frozen=True)
class Target:
    """One roll-up table: the rows of one home as its log gives them (``select``, in the order
    of ``columns``, after the common table expressions ``with_``), and the key they are unique
    by."""

    table: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    select: str
    with_: str = ""

    def insert(self) -> str:
        """The rows written into a table just cleared of the home's rows."""
        prefix = f"WITH {self.with_} " if self.with_ else ""
        return f"{prefix}INSERT INTO {self.table} ({', '.join(self.columns)}) {self.select}"

    def merge(self) -> str:
        """The rows written where they differ from what is there, and the home's other rows
        deleted, in one statement. The new rows are worked out once (MATERIALIZED) and read
        twice. The delete reads the table as it was before the statement, so it never sees a
        row the upsert wrote, and the two never touch the same row."""
        names = ", ".join(self.columns)
        values = [c for c in self.columns if c not in self.key]
        changed = ", ".join(f"{c} = excluded.{c}" for c in values)
        old = ", ".join(f"t.{c}" for c in values)
        new = ", ".join(f"excluded.{c}" for c in values)
        same_key = " AND ".join(f"f.{c} = t.{c}" for c in self.key)
        prefix = f"{self.with_}, " if self.with_ else ""
        return (
            f"WITH {prefix}fresh ({names}) AS MATERIALIZED ({self.select}), "
            f"written AS (INSERT INTO {self.table} AS t ({names}) SELECT * FROM fresh "
            f"ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET {changed} "
            f"WHERE ({old}) IS DISTINCT FROM ({new})) "
            f"DELETE FROM {self.table} t WHERE t.home_id = %(home)s "
            f"AND NOT EXISTS (SELECT 1 FROM fresh f WHERE {same_key})"
        )


def _targets() -> list[Target]:
    """The four roll-ups in the order they are built: weekly rows and summaries are read from
    the new daily rows."""
    participants = MomentParticipant._meta.db_table
    daily = DailyConnection._meta.db_table
    counts = tuple(COUNT_SQL)
    return [
        Target(
            daily,
            ("home_id", "resident_id", "day", *counts),
            ("resident_id", "day"),
            _in_key_order(
                "SELECT %(home)s, p.resident_id, p.day, "
                + ", ".join(COUNT_SQL.values())
                + f" FROM {participants} p WHERE p.home_id = %(home)s "
                "GROUP BY p.resident_id, p.day",
                "resident_id, day",
            ),
        ),
        Target(
            WeeklyConnection._meta.db_table,
            ("home_id", "resident_id", "week", *counts),
            ("resident_id", "week"),
            f"SELECT home_id, resident_id, {_monday('day')} AS monday, "
            + ", ".join(f"SUM({name})" for name in COUNT_SQL)
            + f" FROM {daily} WHERE home_id = %(home)s GROUP BY home_id, resident_id, monday "
            "ORDER BY resident_id, monday",
        ),
        Target(
            ConnectionSummary._meta.db_table,
            ("resident_id", "home_id", *LAST_SQL),
            ("resident_id",),
            "SELECT resident_id, home_id, "
            + ", ".join(f"MAX(CASE WHEN {count} > 0 THEN day END)" for count in LAST_SQL.values())
            + f" FROM {daily} WHERE home_id = %(home)s GROUP BY resident_id, home_id "
            "HAVING MAX(moments) > 0",
        ),
        _edges_target(),
    ]


# The other end of a moment as (type, id, name): ConnectionEdge.party is made from them only
# after counting, so the counting groups by numbers rather than by strings built for each share.
PARTY_TYPE = (
    "CASE WHEN m.with_type = 'contact' AND m.with_contact_id IS NOT NULL THEN 'c' "
    "WHEN m.with_type = 'resident' AND m.with_resident_id IS NOT NULL THEN 'r' "
    "WHEN m.with_type IN ('staff', 'volunteer') AND m.with_member_id IS NOT NULL THEN 'm' "
    "WHEN m.with_type IN ('group', 'volunteer') AND m.with_name <> '' THEN 'g' END"
)
PARTY_ID = (
    "CASE m.party_type WHEN 'c' THEN m.with_contact_id WHEN 'r' THEN m.with_resident_id "
    "WHEN 'm' THEN m.with_member_id END"
)
# A group by its name as written (stored without surrounding spaces), as rollups.party_of.
PARTY_NAME = "CASE m.party_type WHEN 'g' THEN m.with_name END"


def _edges_target() -> Target:
    moments = Moment._meta.db_table
    participants = MomentParticipant._meta.db_table
    month = _first_of_month("day")
    parties = (
        f"SELECT m.id, m.domain, m.with_resident_id, m.party_type, {PARTY_ID} AS party_id, "
        f"{PARTY_NAME} AS party_name FROM (SELECT m.*, {PARTY_TYPE} AS party_type "
        f"FROM {moments} m WHERE m.home_id = %(home)s AND m.with_type <> '') m "
        "WHERE m.party_type IS NOT NULL"
    )
    # Every present share of a moment that was with someone: joined once, counted twice.
    shares = (
        "SELECT p.resident_id, m.party_type, m.party_id, m.party_name, m.domain, "
        f"m.with_resident_id, p.day FROM ({parties}) m JOIN {participants} p "
        f"ON p.moment_id = m.id WHERE p.home_id = %(home)s AND {PRESENT}"
    )
    small = (
        f"SELECT p.moment_id, p.resident_id, p.day FROM {participants} p "
        f"WHERE p.home_id = %(home)s AND p.domain = 'peers' "
        f"AND p.group_size BETWEEN 2 AND {SMALL_GROUP} AND {PRESENT}"
    )
    lines = (
        # Each resident to whoever the moment was with.
        f"SELECT resident_id, party_type, party_id, party_name, domain, {month} AS month, "
        "COUNT(*) AS n, MAX(day) AS last_day FROM shares "
        f"GROUP BY resident_id, party_type, party_id, party_name, domain, {month} "
        # … and a fellow resident they were with, back to them.
        f"UNION ALL SELECT with_resident_id, 'r', resident_id, NULL, domain, {month}, COUNT(*), "
        "MAX(day) FROM shares WHERE party_type = 'r' AND with_resident_id <> resident_id "
        f"GROUP BY with_resident_id, resident_id, domain, {month} "
        # Fellow residents in a small shared moment, to each other.
        f"UNION ALL SELECT p.resident_id, 'r', q.resident_id, NULL, 'peers', "
        f"{_first_of_month('p.day')}, COUNT(*), MAX(p.day) FROM small p JOIN small q "
        "ON q.moment_id = p.moment_id AND q.resident_id <> p.resident_id "
        f"GROUP BY p.resident_id, q.resident_id, {_first_of_month('p.day')}"
    )
    party = (
        "CASE party_type WHEN 'g' THEN 'g:' || party_name "
        "ELSE party_type || ':' || CAST(party_id AS varchar(20)) END"
    )
    counted = (
        f"SELECT %(home)s, resident_id, {party} AS party, domain, month, SUM(n), MAX(last_day) "
        f"FROM ({lines}) edges "
        "WHERE NOT (party_type = 'r' AND party_id = resident_id) "
        "GROUP BY resident_id, party_type, party_id, party_name, domain, month"
    )
    return Target(
        ConnectionEdge._meta.db_table,
        ("home_id", "resident_id", "party", "domain", "month", "moments", "last_day"),
        ("resident_id", "party", "domain", "month"),
        _in_key_order(counted, "resident_id"),
        with_=f"shares AS ({shares}), small AS ({small})",
    )


def _in_key_order(select: str, columns: str) -> str:
    """``select`` with its rows in key order, so that each index grows at one place instead of
    all over (it halves the cost of inserting them). On PostgreSQL the grouping is fenced off
    first (OFFSET 0): asked for sorted groups, it would sort two million shares rather than hash
    them, three times slower. SQLite inserts as they come."""
    if connection.vendor != "postgresql":
        return select
    return f"SELECT * FROM ({select} OFFSET 0) grouped ORDER BY {columns}"


Progress = Callable[[int, int], None]


def run_job(
    job: RebuildJob, home_ids: Iterable[int], progress: Progress | None = None, *, workers: int = 1
) -> None:
    """Rebuild the given homes, recording progress on ``job`` after each. With ``workers`` > 1
    on PostgreSQL, that many processes (each with its own connection) take homes from a queue;
    SQLite has one writer at a time, so it always rebuilds one home after another."""
    ids = list(home_ids)
    RebuildJob.objects.filter(pk=job.pk).update(
        status=RebuildJob.Status.RUNNING, total_steps=len(ids), started_at=timezone.now()
    )
    try:
        for done, _home_id in enumerate(_rebuilt(ids, workers), start=1):
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


def _rebuilt(ids: list[int], workers: int) -> Iterator[int]:
    """Each home id once its rebuild has committed, in the order they finish."""
    # Inside a transaction other processes could not see what it has written, so the homes
    # are rebuilt here, one after another.
    alone = workers <= 1 or len(ids) < 2 or connection.in_atomic_block
    # Forking a process that runs other threads (a web server's, a test browser's) can leave the
    # child waiting for a lock one of them held; the command line has none and gets the workers.
    alone = alone or threading.active_count() > 1
    if alone or connection.vendor != "postgresql":
        for home_id in ids:
            rebuild_home(home_id)
            yield home_id
        return
    yield from _in_children(ids, min(workers, len(ids)))


def _in_children(ids: list[int], count: int) -> Iterator[int]:
    """Rebuild in ``count`` forked children, each taking every ``count``-th home, and report
    each home through a pipe as it commits. Children leave with ``os._exit``: a process forked
    from one with other threads (a web server's, a test browser's) must not run their exit
    handlers, which can wait for locks those threads held and hang."""
    # A forked child must not share its parent's connection: close it, and each child opens
    # its own on first use.
    connections.close_all()
    readers: dict[int, tuple[int, Any]] = {}
    for k in range(count):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child, reported through the pipe
            os.close(read_end)
            os._exit(_child(ids[k::count], write_end))
        os.close(write_end)
        readers[read_end] = (pid, os.fdopen(read_end, "r"))
    failure = None
    try:
        with selectors.DefaultSelector() as selector:
            for _pid, stream in readers.values():
                selector.register(stream, selectors.EVENT_READ)
            open_streams = len(readers)
            while open_streams:
                for key, _events in selector.select():
                    line = key.fileobj.readline()  # type: ignore[union-attr]
                    if not line:
                        selector.unregister(key.fileobj)
                        open_streams -= 1
                    elif line.startswith("error "):
                        failure = line[6:].strip()
                    else:
                        yield int(line)
    finally:
        for pid, stream in readers.values():
            stream.close()
            os.waitpid(pid, 0)
    if failure:
        raise RuntimeError(failure)


def _child(home_ids: list[int], write_end: int) -> int:
    try:
        for home_id in home_ids:
            rebuild_home(home_id)
            os.write(write_end, f"{home_id}\n".encode())
        connections.close_all()
        return 0
    except BaseException as error:  # every failure must reach the parent, whatever it is
        os.write(write_end, f"error {error!r}\n".replace("\n", " ").encode() + b"\n")
        return 1

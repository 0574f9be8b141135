"""Storing generated moments and their shares, fast.

A hundred million shares cannot go through ``record_moment`` (or even the ORM) one by one. On
PostgreSQL the rows are streamed with ``COPY`` (vendor-specific on purpose: it is an order of
magnitude faster than any INSERT); elsewhere, for the small sizes tests and the demo use, they go
in with ``executemany``. Only the log is written here: the roll-ups are rebuilt from it
afterwards, with ``services.rebuild``."""

import datetime as dt
import random
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.utils import timezone

from commonroom.homes.models import Home

from ..models import Moment, MomentParticipant
from .simulate import MomentRow

MOMENT_COLUMNS = (
    "id", "code", "created_at", "updated_at", "home_id", "organisation_id", "occurred_at", "day",
    "kind", "domain", "minutes", "with_type", "with_contact_id", "with_resident_id",
    "with_member_id", "with_name", "note", "participant_count", "source", "recorded_by_id",
    "idempotency_key",
)  # fmt: skip
# The columns every share of one moment has in common come first, so that a share's line is
# that common prefix and its own two values.
SHARE_COLUMNS = (
    "moment_id", "home_id", "day", "kind", "domain", "minutes", "group_size", "resident_id",
    "engagement",
)  # fmt: skip
FLUSH_EVERY = 20_000
"""Moments per round of COPY: big enough to stream well, small enough to keep memory low."""
BIG_LOAD_SHARES = 1_000_000
"""From about this many shares, dropping the log's secondary indexes and building them again
afterwards is several times faster than keeping them up to date row by row."""


def write_moments(
    home: Home, rows: Iterable[MomentRow], *, seed: str, source: str = Moment.Source.IMPORT
) -> tuple[int, int]:
    """Store ``rows`` as ``home``'s moments and shares, recorded through ``source``; returns
    how many of each."""
    rng = random.Random(f"{seed}:codes")  # noqa: S311 (repeatable codes, not secrets)
    if connection.vendor == "postgresql":
        return _PostgresCopy(home, rng, source).write(rows)
    return _Inserts(home, rng, source).write(rows)


def _next_moment_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {Moment._meta.db_table}")  # noqa: S608
        return int(cursor.fetchone()[0]) + 1


class _PostgresCopy:
    def __init__(self, home: Home, rng: random.Random, source: str) -> None:
        self.home, self.rng, self.source = home, rng, source
        self.zone = timezone.get_default_timezone()
        self.days: dict[dt.date, tuple[str, str]] = {}

    def write(self, rows: Iterable[MomentRow]) -> tuple[int, int]:
        next_id = first = _next_moment_id()
        shares = 0
        moments: list[str] = []
        participants: list[str] = []
        for row in rows:
            moments.append(self._moment(next_id, row))
            participants.extend(self._shares(next_id, row))
            next_id += 1
            if len(moments) >= FLUSH_EVERY:
                shares += self._flush(moments, participants)
        shares += self._flush(moments, participants)
        with connection.cursor() as cursor:
            # The ids were given here, not by the sequence; move it past them.
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                [Moment._meta.db_table, max(next_id - 1, 1)],
            )
        return next_id - first, shares

    def _day(self, day: dt.date) -> tuple[str, str]:
        if day not in self.days:
            offset = self.zone.utcoffset(dt.datetime.combine(day, dt.time(12)))
            minutes = int(offset.total_seconds() // 60) if offset else 0
            sign = "-" if minutes < 0 else "+"
            self.days[day] = (
                day.isoformat(),
                f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}",
            )
        return self.days[day]

    def _moment(self, moment_id: int, row: MomentRow) -> str:
        day, offset = self._day(row.day)
        at = f"{day} {row.minute // 60:02d}:{row.minute % 60:02d}:00{offset}"
        return (
            f"{moment_id}\t{self.rng.getrandbits(128):032x}\t{at}\t{at}\t{self.home.pk}\t"
            f"{self.home.organisation_id}\t{at}\t{day}\t{row.kind}\t{row.domain}\t{row.minutes}\t"
            f"{row.with_type}\t{_text(row.with_contact)}\t{_text(row.with_resident)}\t"
            f"{_text(row.with_member)}\t{_escape(row.with_name)}\t\t{len(row.residents)}\t"
            f"{self.source}\t{_text(row.recorded_by)}\t\n"
        )

    def _shares(self, moment_id: int, row: MomentRow) -> Iterator[str]:
        common = (
            f"{moment_id}\t{self.home.pk}\t{row.day.isoformat()}\t{row.kind}\t{row.domain}\t"
            f"{row.minutes}\t{len(row.residents)}\t"
        )
        for resident, engagement in zip(row.residents, row.engagements, strict=True):
            yield f"{common}{resident}\t{_text(engagement)}\n"

    def _flush(self, moments: list[str], participants: list[str]) -> int:
        count = len(participants)
        with connection.cursor() as cursor:
            _copy(cursor, Moment._meta.db_table, MOMENT_COLUMNS, moments)
            _copy(cursor, MomentParticipant._meta.db_table, SHARE_COLUMNS, participants)
        moments.clear()
        participants.clear()
        return count


def _copy(cursor: Any, table: str, columns: tuple[str, ...], lines: list[str]) -> None:
    if not lines:
        return
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for start in range(0, len(lines), 2000):
            copy.write("".join(lines[start : start + 2000]))


def _text(value: int | None) -> str:
    return "\\N" if value is None else str(value)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


class _Inserts:
    """Any other database: parameterised bulk inserts, each value prepared by its field."""

    def __init__(self, home: Home, rng: random.Random, source: str) -> None:
        self.home, self.rng, self.source = home, rng, source
        self.zone = timezone.get_default_timezone()
        self.moment_fields = [Moment._meta.get_field(c.removesuffix("_id")) for c in MOMENT_COLUMNS]
        self.share_fields = [
            MomentParticipant._meta.get_field(c.removesuffix("_id")) for c in SHARE_COLUMNS
        ]

    def write(self, rows: Iterable[MomentRow]) -> tuple[int, int]:
        next_id = first = _next_moment_id()
        moments: list[list[Any]] = []
        shares: list[list[Any]] = []
        for row in rows:
            at = dt.datetime.combine(row.day, dt.time(row.minute // 60, row.minute % 60))
            at = timezone.make_aware(at, self.zone)
            moments.append(self._prepare(self.moment_fields, self._moment(next_id, row, at)))
            for resident, engagement in zip(row.residents, row.engagements, strict=True):
                values = [next_id, self.home.pk, row.day, row.kind, row.domain, row.minutes,
                          len(row.residents), resident, engagement]  # fmt: skip
                shares.append(self._prepare(self.share_fields, values))
            next_id += 1
        _insert(Moment._meta.db_table, MOMENT_COLUMNS, moments)
        _insert(MomentParticipant._meta.db_table, SHARE_COLUMNS, shares)
        return next_id - first, len(shares)

    def _moment(self, moment_id: int, row: MomentRow, at: dt.datetime) -> list[Any]:
        code = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        return [moment_id, code, at, at, self.home.pk, self.home.organisation_id, at, row.day,
                row.kind, row.domain, row.minutes, row.with_type, row.with_contact,
                row.with_resident, row.with_member, row.with_name, "", len(row.residents),
                self.source, row.recorded_by, ""]  # fmt: skip

    @staticmethod
    def _prepare(fields: list[Any], values: list[Any]) -> list[Any]:
        return [
            field.get_db_prep_save(value, connection) if value is not None else None
            for field, value in zip(fields, values, strict=True)
        ]


def _insert(table: str, columns: tuple[str, ...], rows: list[list[Any]]) -> None:
    marks = ", ".join(["%s"] * len(columns))
    # Table and column names come from model metadata; every value is a parameter.
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


@contextmanager
def bulk_load(shares: int) -> Iterator[None]:
    """Around a load of about ``shares`` shares on PostgreSQL: above ``BIG_LOAD_SHARES``, take
    the log's secondary indexes off and build them again afterwards (exactly as the migrations
    define them), and skip the per-row foreign-key triggers (the generator's rows refer only to
    rows it has just made). Either way the planner's statistics are brought up to date, so that
    the rebuild that follows plans for the rows that are there now."""
    tables = [Moment._meta.db_table, MomentParticipant._meta.db_table]
    if connection.vendor != "postgresql":
        yield
        return
    if shares < BIG_LOAD_SHARES:
        yield
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ANALYZE {table}")
        return
    with connection.cursor() as cursor:
        saved = [item for table in tables for item in _secondary_indexes(cursor, table)]
        for _table, _name, drop, _create in saved:
            cursor.execute(drop)
        superuser = _is_superuser(cursor)
        if superuser:
            cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if superuser:
                cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute("SET maintenance_work_mem = '1GB'")
            for _table, _name, _drop, create in saved:
                cursor.execute(create)
            for table in tables:
                cursor.execute(f"VACUUM (ANALYZE) {table}")


def _secondary_indexes(cursor: Any, table: str) -> list[tuple[str, str, str, str]]:
    """(table, name, how to drop it, how to make it again) for each index but the primary key."""
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid), c.conname, pg_get_constraintdef(c.oid) "
        "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid "
        "AND c.contype = 'u' "
        "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary ORDER BY i.relname",
        [table],
    )
    found = []
    for name, index_sql, constraint, constraint_sql in cursor.fetchall():
        if constraint:
            drop = f'ALTER TABLE {table} DROP CONSTRAINT "{constraint}"'
            create = f'ALTER TABLE {table} ADD CONSTRAINT "{constraint}" {constraint_sql}'
        else:
            drop, create = f'DROP INDEX "{name}"', index_sql
        found.append((table, name, drop, create))
    return found


def _is_superuser(cursor: Any) -> bool:
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    row = cursor.fetchone()
    return bool(row and row[0])

"""Keeping the roll-ups current on every write, and rebuilding them from the log.

The upserts add to counts already there, which the ORM cannot express (``bulk_create`` with
``update_conflicts`` overwrites), so they are written in SQL. ``INSERT … ON CONFLICT … DO
UPDATE`` with ``excluded`` is the same on PostgreSQL and SQLite; the few date expressions that
differ are chosen by ``connection.vendor`` below."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Field, Max, Model, Q

from ..models import (
    ConnectionEdge,
    ConnectionSummary,
    DailyConnection,
    Domain,
    Engagement,
    Kind,
    Moment,
    MomentParticipant,
    WeeklyConnection,
    WithType,
)
from ..models.rollups import ConnectionCounts

COUNTS = ConnectionCounts.COUNT_FIELDS
SMALL_GROUP = 4
"""Residents who share a moment of up to this many people, among fellow residents, count as
connected with each other in the network picture; in a bigger group they may not have met."""


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def counts_for(participant: MomentParticipant) -> dict[str, int]:
    """What one resident's share in a moment adds to their day."""
    declined = participant.engagement == Engagement.DECLINED
    counted = 0 if declined else 1
    grouped = participant.group_size > 1
    rated = participant.engagement is not None and not declined
    return {
        "moments": counted,
        "family": counted if participant.domain == Domain.FAMILY else 0,
        "peers": counted if participant.domain == Domain.PEERS else 0,
        "staff": counted if participant.domain == Domain.STAFF else 0,
        "community": counted if participant.domain == Domain.COMMUNITY else 0,
        "visits": counted
        if participant.domain == Domain.FAMILY and participant.kind == Kind.VISIT
        else 0,
        "declined": int(declined),
        "group_offered": int(grouped),
        "group_declined": int(grouped and declined),
        "low_mood": int(participant.engagement == Engagement.LOW),
        "engagement_sum": participant.engagement or 0 if rated else 0,
        "engagement_count": int(rated),
        "minutes": 0 if declined else participant.minutes or 0,
    }


@dataclass
class _Deltas:
    daily: dict[tuple[int, dt.date], dict[str, int]] = field(default_factory=dict)
    weekly: dict[tuple[int, dt.date], dict[str, int]] = field(default_factory=dict)
    last: dict[int, dict[str, dt.date]] = field(default_factory=dict)


def apply_moment(moment: Moment, participants: Sequence[MomentParticipant], sign: int = 1) -> None:
    """Add (``sign`` 1) or take away (-1) one moment's share in every roll-up. Call inside the
    transaction that writes or deletes the moment."""
    apply_moments(moment.home_id, [(moment, participants)], sign)


def apply_moments(
    home_id: int,
    moments: Sequence[tuple[Moment, Sequence[MomentParticipant]]],
    sign: int = 1,
) -> None:
    """``apply_moment`` for several moments of one home at once, in the same few statements as
    one: their counts are added up per row before they are written."""
    hold_home(home_id)
    deltas = _Deltas()
    edges: list[Edge] = []
    for moment, participants in moments:
        for participant in participants:
            counts = counts_for(participant)
            _add(deltas.daily, (participant.resident_id, participant.day), counts, sign)
            _add(deltas.weekly, (participant.resident_id, monday_of(participant.day)), counts, sign)
            if sign > 0 and counts["moments"]:
                _keep_latest(deltas.last, participant.resident_id, _last_days(participant, counts))
        edges.extend(edges_for(moment, participants))
    daily_and_weekly = [
        _upsert_counts(DailyConnection, "day", home_id, deltas.daily),
        _upsert_counts(WeeklyConnection, "week", home_id, deltas.weekly),
    ]
    edge_statement = _upsert_edges(home_id, edges, sign)
    # Always daily, weekly, summary, edges: concurrent writes lock rows table by table in the
    # same order, so they wait for each other rather than deadlock.
    if sign > 0:
        _run([*daily_and_weekly, _upsert_last(home_id, deltas.last), edge_statement])
        return
    _run(daily_and_weekly)
    refresh_summaries(home_id, [p.resident_id for _m, shares in moments for p in shares])
    _run([edge_statement])
    ConnectionEdge.objects.filter(home_id=home_id, moments__lte=0).delete()


ROLLUP_LOCK = 7_301
"""The first half of the PostgreSQL advisory lock key of a home's roll-ups (the home is the
second): a number of our own, so that no other use of advisory locks can collide with it."""


def hold_home(home_id: int, *, alone: bool = False) -> None:
    """Take the lock on a home's roll-ups until the transaction ends: shared for a write (writes
    of the same home run side by side; their upserts add up), ``alone`` for a rebuild. A rebuild
    works the home's rows out afresh from the log, so it must not run between a write's moment
    and its upserts: it would fail on a row the write had just added, or overwrite the write's
    count with one that missed its moment. SQLite writes one transaction at a time anyway."""
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock" if alone else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, %s)", [ROLLUP_LOCK, home_id])


def _keep_latest(
    into: dict[int, dict[str, dt.date]], resident_id: int, days: dict[str, dt.date]
) -> None:
    latest = into.setdefault(resident_id, {})
    for name, day in days.items():
        if name not in latest or day > latest[name]:
            latest[name] = day


Statement = tuple[str, list]


def _run(statements: list[Statement | None]) -> None:
    """Send the upserts in the order given. On PostgreSQL in one round trip: the first as the
    main statement, the others as data-modifying WITH clauses. PostgreSQL runs the main
    statement first and then the clauses from the last written to the first, so they are
    written in reverse."""
    todo = [statement for statement in statements if statement]
    if connection.vendor == "postgresql" and len(todo) > 1:
        first, *others = todo
        others.reverse()
        clauses = ", ".join(f"u{n} AS ({sql})" for n, (sql, _params) in enumerate(others))
        params = [value for _sql, values in others for value in values]
        todo = [(f"WITH {clauses} {first[0]}", params + first[1])]
    with connection.cursor() as cursor:
        for sql, params in todo:
            cursor.execute(sql, params)


def _add(
    into: dict[tuple[int, dt.date], dict[str, int]],
    key: tuple[int, dt.date],
    counts: dict[str, int],
    sign: int,
) -> None:
    row = into.setdefault(key, dict.fromkeys(COUNTS, 0))
    for name, value in counts.items():
        row[name] += sign * value


def _last_days(participant: MomentParticipant, counts: dict[str, int]) -> dict[str, dt.date]:
    last = {"last_moment": participant.day}
    for name in ("family", "visits", "peers", "staff", "community"):
        if counts[name]:
            last["last_visit" if name == "visits" else f"last_{name}"] = participant.day
    return last


def _upsert_counts(
    model: type[ConnectionCounts], key: str, home_id: int, rows: dict[tuple[int, dt.date], dict]
) -> Statement | None:
    if not rows:
        return None
    columns = ["home_id", "resident_id", key, *COUNTS]
    # In key order, so that two moments for the same people lock their rows in the same order
    # and cannot deadlock, whatever order each named the residents in.
    values = [
        [home_id, resident_id, day, *(counts[name] for name in COUNTS)]
        for (resident_id, day), counts in sorted(rows.items())
    ]
    updates = ", ".join(f"{name} = t.{name} + excluded.{name}" for name in COUNTS)
    return _upsert(model, columns, values, f"(resident_id, {key})", updates)


def _upsert_last(home_id: int, rows: dict[int, dict[str, dt.date]]) -> Statement | None:
    if not rows:
        return None
    names = ConnectionSummary.LAST_FIELDS
    columns = ["resident_id", "home_id", *names]
    values = [
        [resident_id, home_id, *(last.get(n) for n in names)]
        for resident_id, last in sorted(rows.items())
    ]
    updates = ", ".join(
        f"{n} = CASE WHEN excluded.{n} IS NOT NULL AND (t.{n} IS NULL OR "
        f"excluded.{n} > t.{n}) THEN excluded.{n} ELSE t.{n} END"
        for n in names
    )
    return _upsert(ConnectionSummary, columns, values, "(resident_id)", updates)


def _upsert(
    model: type[Model], columns: list[str], values: list[list], conflict: str, updates: str
) -> Statement:
    table = model._meta.db_table
    names = ", ".join(columns)
    if connection.vendor == "postgresql":
        # One array per column: the statement reads the same however many rows it carries, so
        # the driver parses it once and reuses that. A VALUES list of another length each time
        # is a new statement, parsed afresh (several milliseconds for a batch of moments).
        arrays = ", ".join(f"%s::{_sql_type(model, column)}[]" for column in columns)
        sql = (
            f"INSERT INTO {table} AS t ({names}) SELECT * FROM unnest({arrays}) "
            f"ON CONFLICT {conflict} DO UPDATE SET {updates}"
        )
        return sql, [list(column) for column in zip(*values, strict=True)]
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sql = (
        f"INSERT INTO {table} AS t ({names}) VALUES {', '.join([row] * len(values))} "
        f"ON CONFLICT {conflict} DO UPDATE SET {updates}"
    )
    return sql, [value for row_values in values for value in row_values]


def _sql_type(model: type[Model], column: str) -> str:
    """The type to cast a column's array to, e.g. ``bigint`` for ``home_id``."""
    field = model._meta.get_field(column)
    assert isinstance(field, Field)
    return str(field.db_type(connection))


Edge = tuple[int, str, str, dt.date]
"""(resident id, party, domain, day)"""


def party_of(moment: Moment) -> str | None:
    """The key of whoever the moment was with, as ``ConnectionEdge.party`` spells it."""
    if moment.with_type == WithType.CONTACT and moment.with_contact_id:
        return f"c:{moment.with_contact_id}"
    if moment.with_type == WithType.RESIDENT and moment.with_resident_id:
        return f"r:{moment.with_resident_id}"
    if moment.with_type in (WithType.STAFF, WithType.VOLUNTEER) and moment.with_member_id:
        return f"m:{moment.with_member_id}"
    if moment.with_type in (WithType.GROUP, WithType.VOLUNTEER) and moment.with_name.strip():
        return "g:" + moment.with_name.strip()
    return None


def edges_for(moment: Moment, participants: Sequence[MomentParticipant]) -> list[Edge]:
    """The lines this moment draws: each resident to whoever it was with, and fellow residents
    in a small shared moment to each other. Declined shares draw none."""
    present = [p for p in participants if p.engagement != Engagement.DECLINED]
    edges: list[Edge] = []
    party = party_of(moment)
    for p in present:
        if party and party != f"r:{p.resident_id}":
            edges.append((p.resident_id, party, moment.domain, moment.day))
        if party and party.startswith("r:") and party != f"r:{p.resident_id}":
            edges.append((moment.with_resident_id, f"r:{p.resident_id}", moment.domain, moment.day))  # type: ignore[arg-type]
    if moment.domain == Domain.PEERS and 1 < len(participants) <= SMALL_GROUP:
        for p in present:
            for other in present:
                if other.resident_id != p.resident_id:
                    edges.append(
                        (p.resident_id, f"r:{other.resident_id}", Domain.PEERS, moment.day)
                    )
    return edges


def _upsert_edges(home_id: int, edges: Iterable[Edge], sign: int) -> Statement | None:
    rows: dict[tuple[int, str, str, dt.date], list] = {}
    for resident_id, party, domain, day in edges:
        key = (resident_id, party, domain, day.replace(day=1))
        row = rows.setdefault(key, [home_id, resident_id, party, domain, key[3], 0, day])
        row[5] += sign
        row[6] = max(row[6], day)
    if not rows:
        return None
    columns = ["home_id", "resident_id", "party", "domain", "month", "moments", "last_day"]
    updates = (
        "moments = t.moments + excluded.moments, last_day = CASE WHEN "
        "excluded.last_day > t.last_day THEN excluded.last_day ELSE t.last_day END"
    )
    return _upsert(
        ConnectionEdge,
        columns,
        [rows[key] for key in sorted(rows)],
        "(resident_id, party, domain, month)",
        updates,
    )


def refresh_summaries(home_id: int, resident_ids: Iterable[int]) -> None:
    """Recompute the last days of the given residents from their daily rows (after a moment is
    taken away, when a maximum cannot simply be lowered)."""
    ids = sorted(set(resident_ids))
    ConnectionSummary.objects.filter(resident_id__in=ids).delete()
    latest: dict[int, dict[str, dt.date]] = defaultdict(dict)
    pairs = {
        "last_moment": "moments",
        "last_family": "family",
        "last_visit": "visits",
        "last_peers": "peers",
        "last_staff": "staff",
        "last_community": "community",
    }
    # One pass over the residents' daily rows, each last day a filtered maximum.
    rows = (
        DailyConnection.objects.filter(resident_id__in=ids)
        .values("resident_id")
        .annotate(
            **{last: Max("day", filter=Q(**{f"{count}__gt": 0})) for last, count in pairs.items()}
        )
    )
    for row in rows:
        for last in pairs:
            if row[last] is not None:
                latest[row["resident_id"]][last] = row[last]
    statement = _upsert_last(home_id, latest)
    if statement:
        _run([statement])

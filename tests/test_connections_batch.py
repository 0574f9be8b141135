"""Many moments at once: the same rules, roll-ups and audit as one by one, and each stored once."""

import datetime as dt
import json
from dataclasses import replace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commonroom.audit.models import AuditEntry
from commonroom.connections.models import (
    ConnectionEdge,
    ConnectionSummary,
    DailyConnection,
    Engagement,
    Kind,
    Moment,
    MomentParticipant,
    WeeklyConnection,
    WithType,
)
from commonroom.connections.services import moments as moment_service
from commonroom.connections.services.moments import (
    MAX_BATCH,
    MomentError,
    MomentInput,
    Recorded,
    record_moment,
    record_moments,
)
from commonroom.connections.services.rebuild import rebuild_home

from .factories import make_contact, make_home, make_member, make_resident
from .rollup_support import rollup_snapshot

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 11) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def home():  # type: ignore[no-untyped-def]
    return make_home()


def varied_batch(home, days: int = 40) -> list[MomentInput]:  # type: ignore[no-untyped-def]
    """Moments over several weeks and two months: the same people many times, a contact, a
    fellow resident, a member of staff, a small group of peers, a declined share, a group."""
    people = [make_resident(home) for _ in range(5)]
    contact = make_contact(people[0])
    carer = make_member(home, "care_worker")
    today = timezone.localdate()
    batch = []
    for offset in range(1, days, 4):
        day = today - dt.timedelta(days=offset)
        batch += [
            MomentInput(
                residents=people[:3],
                kind=Kind.ACTIVITY,
                occurred_at=at(day),
                minutes=30,
                everyone=Engagement.ENGAGED,
                engagement={people[2].pk: Engagement.DECLINED},
                idempotency_key=f"activity-{offset}",
            ),
            MomentInput(
                residents=[people[0]],
                kind=Kind.VISIT,
                occurred_at=at(day, 15),
                with_type=WithType.CONTACT,
                with_contact=contact,
                idempotency_key=f"visit-{offset}",
            ),
            MomentInput(
                residents=[people[1]],
                kind=Kind.ONE_TO_ONE,
                occurred_at=at(day, 9),
                with_type=WithType.RESIDENT,
                with_resident=people[4],
                everyone=Engagement.LOW,
            ),
            MomentInput(
                residents=people,
                kind=Kind.MEAL,
                occurred_at=at(day, 13),
                with_type=WithType.STAFF,
                with_member=carer,
                everyone=Engagement.CALM,
            ),
            MomentInput(
                residents=people[3:],
                kind=Kind.COMMUNITY,
                occurred_at=at(day, 17),
                with_type=WithType.GROUP,
                with_name="Choir",
            ),
        ]
    return batch


def test_a_batch_writes_the_rollups_a_rebuild_gives(home) -> None:  # type: ignore[no-untyped-def]
    batch = varied_batch(home)
    answers = record_moments(home, batch, actor=None)
    assert all(isinstance(a, Recorded) and a.created for a in answers)
    assert Moment.objects.count() == len(batch)
    shares = sum(len(data.residents) for data in batch)
    assert MomentParticipant.objects.count() == shares
    assert AuditEntry.objects.filter(action="create").count() == shares
    written = rollup_snapshot()
    assert written[0], "the daily roll-up was written"
    rebuild_home(home.pk)
    assert rollup_snapshot() == written


def test_a_batch_writes_what_one_by_one_writes(home) -> None:  # type: ignore[no-untyped-def]
    batch = varied_batch(home, days=12)
    for data in batch:
        record_moment(home, data, actor=None)
    one_by_one = rollup_snapshot()
    Moment.objects.all().delete()
    for model in (DailyConnection, WeeklyConnection, ConnectionSummary, ConnectionEdge):
        model.objects.all().delete()
    for data in batch:
        data.idempotency_key = ""
    record_moments(home, batch, actor=None)
    assert rollup_snapshot() == one_by_one


def test_sending_the_batch_again_stores_nothing(home) -> None:  # type: ignore[no-untyped-def]
    batch = varied_batch(home, days=9)
    batch = [data for data in batch if data.idempotency_key]
    first = record_moments(home, batch, actor=None)
    before = rollup_snapshot()
    again = record_moments(home, batch, actor=None)
    assert [a.created for a in again if isinstance(a, Recorded)] == [False] * len(batch)
    assert [a.moment.pk for a in again if isinstance(a, Recorded)] == [
        a.moment.pk for a in first if isinstance(a, Recorded)
    ]
    assert Moment.objects.count() == len(batch)
    assert rollup_snapshot() == before


def test_the_same_key_twice_in_one_batch_is_one_moment(home) -> None:  # type: ignore[no-untyped-def]
    person = make_resident(home)
    data = MomentInput(
        residents=[person],
        kind=Kind.PHONE,
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        idempotency_key="tap",
    )
    first, second = record_moments(home, [data, data], actor=None)
    assert isinstance(first, Recorded) and isinstance(second, Recorded)
    assert (first.created, second.created) == (True, False)
    assert first.moment.pk == second.moment.pk
    assert DailyConnection.objects.get(resident=person).moments == 1


def test_a_moment_that_cannot_stand_keeps_its_place(home) -> None:  # type: ignore[no-untyped-def]
    person = make_resident(home)
    stranger = make_resident(make_home())
    now = timezone.now()
    good = MomentInput(residents=[person], kind=Kind.LETTER, occurred_at=now)
    future = MomentInput(
        residents=[person], kind=Kind.LETTER, occurred_at=now + dt.timedelta(days=2)
    )
    elsewhere = MomentInput(residents=[stranger], kind=Kind.LETTER, occurred_at=now)
    given = MomentError("with_code", "Choose a current member of this home.")
    answers = record_moments(home, [good, future, given, elsewhere, good], actor=None)
    assert [type(a).__name__ for a in answers] == [
        "Recorded",
        "MomentError",
        "MomentError",
        "MomentError",
        "Recorded",
    ]
    assert isinstance(answers[1], MomentError) and answers[1].field == "occurred_at"
    assert answers[2] is given
    assert isinstance(answers[3], MomentError) and answers[3].field == "residents"
    assert Moment.objects.count() == 2
    assert DailyConnection.objects.get(resident=person).moments == 2


def test_a_batch_has_a_limit(home) -> None:  # type: ignore[no-untyped-def]
    person = make_resident(home)
    data = MomentInput(residents=[person], kind=Kind.LETTER, occurred_at=timezone.now())
    with pytest.raises(MomentError):
        record_moments(home, [data] * (MAX_BATCH + 1), actor=None)
    assert Moment.objects.count() == 0


def test_a_key_stored_by_someone_else_meanwhile(home, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two phones sending the same entry at the same moment: the look for stored keys misses it,
    the database's unique key catches it, and each moment then finds its own answer."""
    person = make_resident(home)
    now = timezone.now() - dt.timedelta(minutes=5)
    earlier, _ = record_moment(
        home,
        MomentInput(residents=[person], kind=Kind.VIDEO, occurred_at=now, idempotency_key="k1"),
        actor=None,
    )
    monkeypatch.setattr(moment_service, "_stored", lambda home, keys: {})
    answers = record_moments(
        home,
        [
            MomentInput(residents=[person], kind=Kind.VIDEO, occurred_at=now, idempotency_key="k1"),
            MomentInput(residents=[person], kind=Kind.PHONE, occurred_at=now, idempotency_key="k2"),
        ],
        actor=None,
    )
    assert [(a.moment.pk == earlier.pk, a.created) for a in answers if isinstance(a, Recorded)] == [
        (True, False),
        (False, True),
    ]
    assert Moment.objects.count() == 2
    assert DailyConnection.objects.get(resident=person).moments == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_keys_are_found_through_the_index_when_statistics_say_it_is_empty(home) -> None:  # type: ignore[no-untyped-def]
    """After history is imported (moments with no key) PostgreSQL believes the index of keys
    is empty until its next ANALYZE. Looking up a batch's keys must still probe that index by
    key, not read every keyed moment of the home and filter them."""
    keyless = [replace(data, idempotency_key="") for data in varied_batch(home)]
    record_moments(home, keyless, actor=None)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Moment._meta.db_table}")
    keyed = varied_batch(home, days=12)
    record_moments(home, keyed, actor=None)
    keys = {data.idempotency_key for data in keyed if data.idempotency_key}
    with CaptureQueriesContext(connection) as captured:
        assert set(moment_service._stored(home, keys)) == keys
    [lookup] = captured.captured_queries
    with transaction.atomic(), connection.cursor() as cursor:
        # On a table this small a sequential scan would win; the question is how the index is used.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + lookup["sql"])
        plan = json.dumps(cursor.fetchone()[0])
    assert plan.count('"Index Cond"') == len(keys)
    assert plan.count("idempotency_key") >= len(keys)
    assert '"Filter"' not in plan


def test_a_rebuild_mends_every_kind_of_damage_and_leaves_other_homes_alone(home) -> None:  # type: ignore[no-untyped-def]
    """Rows with wrong counts are corrected, missing rows written, rows the log does not give
    removed, in every roll-up; another home's rows are not touched; and, on PostgreSQL, rows that
    were right are not written again."""
    record_moments(home, varied_batch(home), actor=None)
    other = make_home()
    record_moments(other, varied_batch(other, days=9), actor=None)
    right = rollup_snapshot()
    others = [
        sorted(model.objects.filter(home=other).values_list(*fields)) for model, fields in DAMAGED
    ]
    for model, _fields in DAMAGED:
        rows = list(model.objects.filter(home=home).order_by("pk"))
        assert len(rows) >= 3
        wrong, gone, spare = rows[0], rows[1], rows[2]
        _damage(model, wrong, gone, spare)
    untouched = _row_versions(home)

    rebuild_home(home.pk)

    assert rollup_snapshot() == right
    assert [
        sorted(model.objects.filter(home=other).values_list(*fields)) for model, fields in DAMAGED
    ] == others
    if connection.vendor == "postgresql":
        after = _row_versions(home)
        kept = {key: version for key, version in untouched.items() if key in after}
        # Only the row with a wrong figure in each table is written again.
        rewritten = [key for key, version in kept.items() if after[key] != version]
        assert len(rewritten) == len(DAMAGED)
        assert len(kept) > 20 * len(DAMAGED)


DAMAGED = [
    (DailyConnection, ("resident_id", "day", "moments", "visits")),
    (WeeklyConnection, ("resident_id", "week", "moments", "declined")),
    (ConnectionSummary, ("resident_id", "last_moment", "last_visit")),
    (ConnectionEdge, ("resident_id", "party", "domain", "month", "moments", "last_day")),
]


def _damage(model, wrong, gone, spare) -> None:  # type: ignore[no-untyped-def]
    """One row with a wrong figure, one deleted, and one moved to a key the log never gives."""
    if model is ConnectionSummary:
        wrong.last_moment = dt.date(2001, 1, 1)
    else:
        wrong.moments += 5
    wrong.save()
    gone.delete()
    spare.pk = None
    if model is ConnectionSummary:
        spare.resident = make_resident(spare.home)
    elif model is ConnectionEdge:
        spare.party = "g:Nobody's club"
    else:
        key = "day" if model is DailyConnection else "week"
        setattr(spare, key, getattr(spare, key) - dt.timedelta(days=7 * 400))
    spare.save()


def _row_versions(home) -> dict[tuple, str]:  # type: ignore[no-untyped-def]
    """Each roll-up row of the home by its table and id, with its physical place (PostgreSQL's
    ctid, which changes whenever a row is written)."""
    versions: dict[tuple, str] = {}
    if connection.vendor != "postgresql":
        return versions
    with connection.cursor() as cursor:
        for model, _fields in DAMAGED:
            table = model._meta.db_table
            key = model._meta.pk.column
            sql = f"SELECT {key}, ctid::text FROM {table} WHERE home_id = %s"  # noqa: S608
            cursor.execute(sql, [home.pk])
            versions.update({(table, pk): ctid for pk, ctid in cursor.fetchall()})
    return versions

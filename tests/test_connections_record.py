"""The write path: a moment, its residents' shares, every roll-up and the audit, exactly once."""

import datetime as dt

import pytest
from django.utils import timezone

from commonroom.audit.models import AuditEntry
from commonroom.connections.models import (
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
from commonroom.connections.services.moments import (
    MomentError,
    MomentInput,
    delete_moment,
    record_moment,
)
from commonroom.connections.services.rebuild import rebuild_home

from .factories import make_contact, make_home, make_member, make_resident, make_user
from .rollup_support import rollup_snapshot

pytestmark = pytest.mark.django_db

LAST_FIELDS = [
    "last_moment",
    "last_family",
    "last_visit",
    "last_peers",
    "last_staff",
    "last_community",
]


def at(day: dt.date, hour: int = 11) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def home():  # type: ignore[no-untyped-def]
    return make_home()


def test_group_moment_is_one_entry_with_a_share_each(home) -> None:  # type: ignore[no-untyped-def]
    people = [make_resident(home) for _ in range(3)]
    day = timezone.localdate() - dt.timedelta(days=1)
    moment, created = record_moment(
        home,
        MomentInput(
            residents=people,
            kind=Kind.MEAL,
            occurred_at=at(day),
            minutes=45,
            everyone=Engagement.ENGAGED,
            engagement={people[2].pk: Engagement.DECLINED},
        ),
        actor=make_user(),
    )
    assert created
    assert Moment.objects.count() == 1
    assert moment.domain == Domain.PEERS
    assert MomentParticipant.objects.filter(moment=moment).count() == 3
    daily = {row.resident_id: row for row in DailyConnection.objects.all()}
    assert daily[people[0].pk].moments == 1
    assert daily[people[0].pk].peers == 1
    assert daily[people[0].pk].minutes == 45
    assert daily[people[0].pk].group_offered == 1
    assert daily[people[2].pk].moments == 0
    assert daily[people[2].pk].declined == 1
    assert daily[people[2].pk].group_declined == 1
    assert AuditEntry.objects.filter(object_code=moment.code).count() == 3
    # Three residents in a small shared moment are each other's connections; a decliner is not.
    edges = set(ConnectionEdge.objects.values_list("resident_id", "party"))
    assert (people[0].pk, f"r:{people[1].pk}") in edges
    assert (people[1].pk, f"r:{people[0].pk}") in edges
    assert not any(party == f"r:{people[2].pk}" for _, party in edges)


def test_same_idempotency_key_records_once(home) -> None:  # type: ignore[no-untyped-def]
    resident = make_resident(home)
    data = MomentInput(
        residents=[resident],
        kind=Kind.ONE_TO_ONE,
        occurred_at=timezone.now(),
        idempotency_key="phone-1:abc",
    )
    first, created = record_moment(home, data, actor=None)
    again, created_again = record_moment(home, data, actor=None)
    assert created and not created_again
    assert first.pk == again.pk
    assert Moment.objects.count() == 1
    assert DailyConnection.objects.get().moments == 1


def test_visit_from_family_updates_summary_and_week(home) -> None:  # type: ignore[no-untyped-def]
    resident = make_resident(home)
    daughter = make_contact(resident)
    day = timezone.localdate() - dt.timedelta(days=3)
    record_moment(
        home,
        MomentInput(
            residents=[resident],
            kind=Kind.VISIT,
            occurred_at=at(day),
            with_type=WithType.CONTACT,
            with_contact=daughter,
        ),
        actor=None,
    )
    summary = ConnectionSummary.objects.get(resident=resident)
    assert summary.last_visit == day
    assert summary.last_family == day
    assert summary.last_peers is None
    week = WeeklyConnection.objects.get(resident=resident)
    assert week.week == day - dt.timedelta(days=day.weekday())
    assert week.visits == 1
    assert ConnectionEdge.objects.get().party == f"c:{daughter.pk}"


def test_delete_takes_the_moment_out_of_every_rollup(home) -> None:  # type: ignore[no-untyped-def]
    resident = make_resident(home)
    older = timezone.localdate() - dt.timedelta(days=10)
    newer = timezone.localdate() - dt.timedelta(days=2)
    record_moment(
        home, MomentInput(residents=[resident], kind=Kind.PHONE, occurred_at=at(older)), actor=None
    )
    mistake, _ = record_moment(
        home, MomentInput(residents=[resident], kind=Kind.PHONE, occurred_at=at(newer)), actor=None
    )
    delete_moment(mistake, actor=None)
    assert ConnectionSummary.objects.get(resident=resident).last_family == older
    assert DailyConnection.objects.get(resident=resident, day=newer).moments == 0


def test_after_a_delete_every_last_day_matches_a_rebuild(home) -> None:  # type: ignore[no-untyped-def]
    """Each last day (any moment, family, visit, peers, staff, community) is worked out again
    from the daily rows when the newest moment goes: the same answer as a rebuild from the log."""
    resident, other = make_resident(home), make_resident(home)
    days_ago = {Kind.VISIT: 12, Kind.ACTIVITY: 9, Kind.ONE_TO_ONE: 6, Kind.COMMUNITY: 4}
    for kind, days in days_ago.items():
        when = at(timezone.localdate() - dt.timedelta(days=days))
        record_moment(
            home, MomentInput(residents=[resident, other], kind=kind, occurred_at=when), actor=None
        )
    newest, _ = record_moment(
        home,
        # A minute ago, not at 11 on today's date, which is in the future each morning.
        MomentInput(
            residents=[resident],
            kind=Kind.VISIT,
            occurred_at=timezone.now() - dt.timedelta(minutes=1),
        ),
        actor=None,
    )
    delete_moment(newest, actor=None)
    fields = ["resident_id", *LAST_FIELDS]
    after_delete = sorted(ConnectionSummary.objects.values_list(*fields))
    rebuild_home(home.pk)
    assert sorted(ConnectionSummary.objects.values_list(*fields)) == after_delete
    assert after_delete[0][1] == timezone.localdate() - dt.timedelta(days=4)


def test_contact_must_belong_to_someone_in_the_moment(home) -> None:  # type: ignore[no-untyped-def]
    one, other = make_resident(home), make_resident(home)
    with pytest.raises(MomentError) as error:
        record_moment(
            home,
            MomentInput(
                residents=[one],
                kind=Kind.VISIT,
                occurred_at=timezone.now(),
                with_type=WithType.CONTACT,
                with_contact=make_contact(other),
            ),
            actor=None,
        )
    assert error.value.field == "with_code"
    assert Moment.objects.count() == 0


def test_residents_of_another_home_are_refused(home) -> None:  # type: ignore[no-untyped-def]
    stranger = make_resident(make_home())
    with pytest.raises(MomentError):
        record_moment(
            home,
            MomentInput(residents=[stranger], kind=Kind.MEAL, occurred_at=timezone.now()),
            actor=None,
        )


def test_staff_member_must_be_staff_of_this_home(home) -> None:  # type: ignore[no-untyped-def]
    resident = make_resident(home)
    volunteer = make_member(home, "volunteer")
    with pytest.raises(MomentError):
        record_moment(
            home,
            MomentInput(
                residents=[resident],
                kind=Kind.ONE_TO_ONE,
                occurred_at=timezone.now(),
                with_type=WithType.STAFF,
                with_member=volunteer,
            ),
            actor=None,
        )


def test_rebuild_gives_the_same_rollups_as_writing(home) -> None:  # type: ignore[no-untyped-def]
    people = [make_resident(home) for _ in range(4)]
    contact = make_contact(people[0])
    carer = make_member(home, "care_worker")
    today = timezone.localdate()
    for offset in range(1, 21, 3):
        day = today - dt.timedelta(days=offset)
        record_moment(
            home,
            MomentInput(
                residents=people[:2],
                kind=Kind.ACTIVITY,
                occurred_at=at(day),
                minutes=30,
                everyone=Engagement.JOYFUL,
            ),
            actor=None,
        )
        record_moment(
            home,
            MomentInput(
                residents=[people[0]],
                kind=Kind.VISIT,
                occurred_at=at(day, 15),
                with_type=WithType.CONTACT,
                with_contact=contact,
            ),
            actor=None,
        )
        record_moment(
            home,
            MomentInput(
                residents=people,
                kind=Kind.MEAL,
                occurred_at=at(day, 13),
                with_type=WithType.STAFF,
                with_member=carer,
                everyone=Engagement.CALM,
                engagement={people[3].pk: Engagement.DECLINED},
            ),
            actor=None,
        )

    written = rollup_snapshot()
    rebuild_home(home.pk)
    assert rollup_snapshot() == written

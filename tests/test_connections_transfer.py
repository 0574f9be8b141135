"""Bringing connection history in and taking it out: the CSV dry run with every problem by row
and column, the all-or-nothing bulk import with its roll-ups, idempotent re-imports, and CSV and
XLSX exports that re-import as a no-op."""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import trans_real
from openpyxl import load_workbook

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
from commonroom.connections.models.rollups import ConnectionCounts
from commonroom.connections.services.moments import MomentInput, record_moment
from commonroom.connections.services.rebuild import rebuild_home
from commonroom.homes.models import Home, Membership
from commonroom.homes.roles import Role
from commonroom.residents.models import Resident
from commonroom.transfer.columns import MOMENT_COLUMNS
from commonroom.transfer.forms import PeriodForm
from commonroom.transfer.models import PendingImport
from commonroom.transfer.moment_rows import row_ranges
from commonroom.transfer.services import importing

from .conftest import World
from .factories import make_contact, make_home, make_member, make_resident, make_user
from .test_transfer_import import csv_bytes

pytestmark = pytest.mark.django_db

REFUSED = [
    "senior_carer_a",
    "care_worker_a",
    "activity_lead_a",
    "volunteer_a",
    "visitor_a",
    "family_a",
    "resident_user",
]
LAST_WEEK = timezone.localdate() - dt.timedelta(days=7)


def row(world: World, **values: Any) -> dict[str, Any]:
    """A valid row: Margaret had a phone call with her daughter Susan last week."""
    data = {
        "resident_reference": str(world.resident_a.code),
        "date_time": f"{LAST_WEEK.isoformat()} 10:30",
        "what_happened": "phone",
        "minutes": "20",
        "with_type": "contact",
        "with_whom": "Susan Ellis",
        "how_they_seemed": "3",
        "note": "",
        "group": "",
        "idempotency_key": "",
    }
    data.update(values)
    return data


def check(home: Home, rows: list[dict[str, Any]]) -> importing.Check:
    return importing.check_file(home, "moments", csv_bytes(rows))


def import_rows(home: Home, data: bytes, actor: Any) -> importing.Check:
    pending = importing.stage(home, "moments", data, "history.csv", actor=actor)
    result = importing.confirm(pending, actor=actor)
    assert result.ok, result.problems or result.error
    return result


def problems(result: importing.Check) -> set[tuple[int, str]]:
    return {(p.row, p.column) for p in result.problems}


def messages_for(result: importing.Check, row_number: int) -> list[str]:
    return [p.message for p in result.problems if p.row == row_number]


def at(day: dt.date, hour: int = 10, minute: int = 30) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


# The dry run


def test_dry_run_plans_moments_and_writes_nothing(world: World) -> None:
    before = (Moment.objects.count(), AuditEntry.objects.count())
    result = check(world.home_a, [row(world), row(world, what_happened="In-person visit")])
    assert result.ok, result.problems
    assert [m.kind for m in result.moments] == [Kind.PHONE, Kind.VISIT]
    first = result.moments[0]
    assert first.occurred_at == at(LAST_WEEK)
    assert (first.domain, first.minutes, first.with_contact_id) == (
        Domain.FAMILY,
        20,
        world.family_contact.pk,
    )
    assert first.shares == [(first.shares[0][0], Engagement.ENGAGED)]
    assert first.shares[0][0].id == world.resident_a.pk
    assert (Moment.objects.count(), AuditEntry.objects.count()) == before


def test_every_problem_is_reported_by_row_and_column(world: World) -> None:
    volunteer_email = world.volunteer_a.email
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    rows = [
        row(world),
        row(world, resident_reference="", resident_name="Nobody Here"),
        row(world, resident_reference="4b0c1e7e-0000-0000-0000-000000000000"),
        row(world, date_time="31/02/2024 10:00"),
        row(world, date_time=f"{future} 09:00"),
        row(world, what_happened="skydiving"),
        row(world, with_whom="Mary Poppins"),
        row(world, with_type="staff", with_whom=volunteer_email),
        row(world, how_they_seemed="5"),
        row(world, minutes="0"),
        row(world, with_type="", with_whom="Someone"),
        row(world, date_time="2024-03-01"),
        row(
            world,
            resident_reference="",
            resident_name="Margaret Ellis",
            **{"resident_date_of_birth": "yesterday"},
        ),
        row(world, date_time="0001-01-01 00:00"),
        row(world, with_type="volunteer", with_whom=world.manager_a.email),
    ]
    result = check(world.home_a, rows)
    assert not result.ok
    assert problems(result) == {
        (3, "resident_name"),
        (4, "resident_reference"),
        (5, "date_time"),
        (6, "date_time"),
        (7, "what_happened"),
        (8, "with_whom"),
        (9, "with_whom"),
        (10, "how_they_seemed"),
        (11, "minutes"),
        (12, "with_whom"),
        (13, "date_time"),
        (14, "resident_date_of_birth"),
        (15, "date_time"),
        (16, "with_whom"),
    }
    assert messages_for(result, 15) == ["Give a date from 1 January 2000 onwards."]
    assert messages_for(result, 16) == ["No volunteer here has this email address."]
    assert messages_for(result, 3) == [
        "No one here has this full name. Check it against Common Room."
    ]
    assert "YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM" in messages_for(result, 5)[0]
    assert messages_for(result, 6) == ["This is in the future. Give when it happened."]
    assert messages_for(result, 7)[0].startswith("“skydiving” is not one of the choices.")
    assert "visit, phone, video" in messages_for(result, 7)[0]
    assert messages_for(result, 8) == [
        "No one in this resident's circle has this name. Check it against Common Room."
    ]
    assert messages_for(result, 9) == ["No member of staff here has this email address."]
    assert "from 0 (declined) to 4" in messages_for(result, 10)[0]
    problem = next(p for p in result.problems if p.row == 10)
    assert problem.value == "5"


def test_a_row_with_several_problems_lists_each(world: World) -> None:
    bad = row(world, what_happened="", minutes="lots", how_they_seemed="grumpy", note="x" * 501)
    result = check(world.home_a, [bad])
    assert problems(result) == {
        (2, "what_happened"),
        (2, "minutes"),
        (2, "how_they_seemed"),
        (2, "note"),
    }


def test_a_contact_of_another_resident_is_not_in_this_circle(world: World) -> None:
    make_contact(world.resident_a2, name="Raj Singh")
    result = check(world.home_a, [row(world, with_whom="Raj Singh")])
    assert problems(result) == {(2, "with_whom")}
    fine = check(
        world.home_a,
        [row(world, resident_reference=str(world.resident_a2.code), with_whom="raj  SINGH")],
    )
    assert fine.ok


def test_rows_of_one_group_must_agree(world: World) -> None:
    group = {"group": "lunch", "what_happened": "meal", "with_type": "", "with_whom": ""}
    rows = [
        row(world, **group),
        row(world, resident_reference=str(world.resident_a2.code), **group, minutes="45"),
        row(world, **group, how_they_seemed="0"),
    ]
    result = check(world.home_a, rows)
    assert problems(result) == {(3, "minutes"), (4, "resident_reference")}
    assert messages_for(result, 3)[0].startswith("Row 2, in the same group, says something")
    assert messages_for(result, 4) == ["This resident is already in this group moment, in row 2."]
    repeated = next(p for p in result.problems if p.row == 4)
    assert repeated.value == str(world.resident_a.code)  # what the reference cell says


def test_a_group_moment_is_one_moment_with_a_share_each(world: World) -> None:
    third = make_resident(world.home_a, full_name="Olwen Hughes")
    group = {"group": "7", "what_happened": "Shared meal", "with_type": "", "with_whom": ""}
    rows = [
        row(world, **group, how_they_seemed="4"),
        # Saying the connection the group would get anyway is no disagreement.
        row(
            world,
            resident_reference=str(world.resident_a2.code),
            **group,
            how_they_seemed="",
            connection="Fellow residents",
        ),
        row(
            world,
            resident_reference="",
            resident_name="olwen hughes",
            **group,
            how_they_seemed="declined",
        ),
        # The same group id at another time is another moment.
        row(world, **group, date_time=f"{LAST_WEEK.isoformat()} 18:00"),
    ]
    import_rows(world.home_a, csv_bytes(rows), world.manager_a)
    lunch = Moment.objects.get(home=world.home_a, occurred_at=at(LAST_WEEK))
    assert (lunch.kind, lunch.domain, lunch.participant_count) == (Kind.MEAL, Domain.PEERS, 3)
    shares = {
        p.resident_id: (p.engagement, p.group_size)
        for p in MomentParticipant.objects.filter(moment=lunch)
    }
    assert shares == {
        world.resident_a.pk: (4, 3),
        world.resident_a2.pk: (None, 3),
        third.pk: (0, 3),
    }
    assert Moment.objects.filter(home=world.home_a).count() == 2


def test_a_contact_in_a_group_is_found_in_any_residents_circle(world: World) -> None:
    group = {"group": "g", "what_happened": "visit"}
    rows = [
        row(world, **group),
        row(world, resident_reference=str(world.resident_a2.code), **group),
    ]
    result = check(world.home_a, rows)
    assert result.ok, result.problems
    assert result.moments[0].with_contact_id == world.family_contact.pk
    unknown = [dict(r, with_whom="Mary Poppins") for r in rows]
    result = check(world.home_a, unknown)
    assert problems(result) == {(2, "with_whom")}
    assert "any resident in this group" in messages_for(result, 2)[0]


def test_who_it_was_with_and_the_domain_it_gives(world: World) -> None:
    member = Membership.objects.get(user=world.care_worker_a)
    volunteer = Membership.objects.get(user=world.volunteer_a)
    rows = [
        row(
            world, with_type="A fellow resident", with_whom="Arthur Singh", what_happened="activity"
        ),
        row(
            world,
            with_type="staff",
            with_whom=world.care_worker_a.email.upper(),
            what_happened="one_to_one",
        ),
        row(world, with_type="volunteer", with_whom="Gwen from the WI", what_happened="activity"),
        row(
            world,
            with_type="volunteer",
            with_whom=world.volunteer_a.email,
            what_happened="activity",
        ),
        row(world, with_type="group", with_whom="Bala Male Voice Choir", what_happened="activity"),
        row(world, with_type="", with_whom="", what_happened="outing"),
        row(world, connection="Wider community"),
    ]
    result = check(world.home_a, rows)
    assert result.ok, result.problems
    got = [(m.domain, m.with_resident_id, m.with_member_id, m.with_name) for m in result.moments]
    assert got == [
        (Domain.PEERS, world.resident_a2.pk, None, ""),
        (Domain.STAFF, None, member.pk, ""),
        (Domain.COMMUNITY, None, None, "Gwen from the WI"),
        (Domain.COMMUNITY, None, volunteer.pk, ""),
        (Domain.COMMUNITY, None, None, "Bala Male Voice Choir"),
        (Domain.COMMUNITY, None, None, ""),
        (Domain.COMMUNITY, None, None, ""),
    ]


def test_someone_who_has_left_the_staff_still_counts_for_history(world: World) -> None:
    leaver = make_member(world.home_a, Role.CARE_WORKER, make_user(email="gone@example.org"))
    Membership.objects.filter(pk=leaver.pk).update(ended_at=timezone.now())
    other_home = make_member(world.home_b, Role.CARE_WORKER, make_user(email="b@example.org"))
    result = check(
        world.home_a,
        [
            row(world, with_type="staff", with_whom="gone@example.org"),
            row(world, with_type="staff", with_whom=other_home.user.email),
        ],
    )
    assert problems(result) == {(3, "with_whom")}


def test_dates_in_iso_and_uk_forms(world: World) -> None:
    rows = [
        row(world, date_time="31/03/2024 14:30"),
        row(world, date_time="2024-03-31T14:30", what_happened="visit"),
        row(world, date_time="2024-03-31T13:30:00Z", what_happened="video"),
        row(world, date_time="1/4/2024 09:05:30", what_happened="letter"),
    ]
    result = check(world.home_a, rows)
    assert result.ok, result.problems
    when = [m.occurred_at for m in result.moments]
    assert when[0] == when[1] == when[2] == at(dt.date(2024, 3, 31), 14, 30)
    assert timezone.localtime(when[3]).strftime("%d %H:%M:%S") == "01 09:05:30"


def test_residents_found_by_name_and_date_of_birth(world: World) -> None:
    twin = make_resident(
        world.home_a, full_name="Margaret Ellis", date_of_birth=dt.date(1940, 1, 2)
    )
    Resident.objects.filter(pk=world.resident_a.pk).update(date_of_birth=dt.date(1938, 2, 28))
    by_name = {
        "resident_reference": "",
        "resident_name": "Margaret Ellis",
        "with_type": "",
        "with_whom": "",
    }
    result = check(
        world.home_a,
        [
            row(world, **by_name),
            row(world, **by_name, resident_date_of_birth="02/01/1940"),
            row(world, **by_name, resident_date_of_birth="1938-02-28"),
            row(world, **by_name, resident_date_of_birth="1950-01-01"),
            row(world, resident_reference=str(world.resident_b.code)),
        ],
    )
    assert problems(result) == {
        (2, "resident_name"),
        (5, "resident_name"),
        (6, "resident_reference"),
    }
    assert "Add resident_date_of_birth" in messages_for(result, 2)[0]
    ids = [m.shares[0][0].id for m in result.moments]
    assert ids == [twin.pk, world.resident_a.pk]


def test_labels_are_accepted_in_english_and_welsh(world: World) -> None:
    # Until the connection log's own Welsh labels are merged, lend the catalogue two of them.
    welsh = trans_real.translation("cy")._catalog._catalogs[0]  # type: ignore[attr-defined]
    lent = {"Phone call": "Galwad ffôn", "Really enjoyed it": "Wedi mwynhau'n fawr"}
    lent = {english: cymraeg for english, cymraeg in lent.items() if english not in welsh}
    welsh.update(lent)
    try:
        call, enjoyed = welsh["Phone call"], welsh["Really enjoyed it"]
        with translation.override("en"):
            rows = [
                row(world, what_happened=call.upper(), how_they_seemed=enjoyed.lower()),
                row(
                    world,
                    what_happened="PHONE CALL",
                    how_they_seemed="declined",
                    date_time="2024-01-01 09:00",
                ),
            ]
            result = check(world.home_a, rows)
    finally:
        for english in lent:
            del welsh[english]
    assert result.ok, result.problems
    assert [m.kind for m in result.moments] == [Kind.PHONE, Kind.PHONE]
    assert [m.shares[0][1] for m in result.moments] == [4, 0]


def test_the_same_key_on_two_moments_is_a_problem(world: World) -> None:
    rows = [
        row(world, idempotency_key="abc"),
        row(world, idempotency_key="abc", what_happened="visit"),
        row(world),
        row(world),
    ]
    result = check(world.home_a, rows)
    assert problems(result) == {(3, "idempotency_key"), (5, "")}
    assert messages_for(result, 5)[0].startswith("Row 4 records the same moment")


def test_missing_columns_and_unknown_columns(world: World) -> None:
    result = importing.check_file(world.home_a, "moments", b"date_time,what_happened\nx,y\n")
    assert "resident_reference or resident_name" in result.error
    data = csv_bytes([dict(row(world), mood="fine")])
    result = importing.check_file(world.home_a, "moments", data)
    assert result.ok
    assert [(w.row, w.column) for w in result.warnings] == [(1, "mood")]


def test_validation_needs_few_queries_however_long_the_file(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for n in range(20):
        make_contact(make_resident(world.home_a, full_name=f"Person {n}"), name=f"Friend {n}")
    rows = [
        row(world, date_time=f"2024-01-01 {n // 60 % 24:02d}:{n % 60:02d}", idempotency_key=f"k{n}")
        for n in range(250)
    ] + [row(world, date_time=f"2024-02-01 {n // 60 % 24:02d}:{n % 60:02d}") for n in range(250)]
    data = csv_bytes(rows)
    with django_assert_max_num_queries(30):
        result = importing.check_file(world.home_a, "moments", data)
    assert result.ok and len(result.moments) == 500


# The import


def test_one_bad_row_means_nothing_is_stored(world: World) -> None:
    data = csv_bytes([row(world), row(world, what_happened="visit"), row(world, minutes="-5")])
    pending = importing.stage(world.home_a, "moments", data, "h.csv", actor=world.manager_a)
    result = importing.confirm(pending, actor=world.manager_a)
    assert not result.ok and problems(result) == {(4, "minutes")}
    assert not Moment.objects.exists()
    assert not DailyConnection.objects.exists()
    assert not AuditEntry.objects.filter(action="import").exists()
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_import_writes_moments_shares_and_audit(world: World) -> None:
    group = {"group": "g", "what_happened": "activity", "with_type": "group", "with_whom": "Choir"}
    rows = [
        row(world, note="Laughed a lot", idempotency_key="old-system-1"),
        row(world, **group),
        row(world, resident_reference=str(world.resident_a2.code), **group),
    ]
    result = import_rows(world.home_a, csv_bytes(rows), world.manager_a)
    assert result.to_create == 2
    call = Moment.objects.get(home=world.home_a, kind=Kind.PHONE)
    assert (call.source, call.recorded_by, call.note, call.idempotency_key) == (
        Moment.Source.IMPORT,
        world.manager_a,
        "Laughed a lot",
        "old-system-1",
    )
    assert call.day == LAST_WEEK
    choir = Moment.objects.get(home=world.home_a, kind=Kind.ACTIVITY)
    assert choir.idempotency_key.startswith("csv:")
    entries = AuditEntry.objects.filter(home=world.home_a, action="import")
    assert entries.count() == 3
    assert {e.resident_code for e in entries.filter(object_code=choir.code)} == {
        world.resident_a.code,
        world.resident_a2.code,
    }
    assert not PendingImport.objects.exists()


def rollups(home: Home) -> dict[str, list[tuple[Any, ...]]]:
    counts = ConnectionCounts.COUNT_FIELDS
    return {
        "daily": sorted(
            DailyConnection.objects.filter(home=home).values_list("resident_id", "day", *counts)
        ),
        "weekly": sorted(
            WeeklyConnection.objects.filter(home=home).values_list("resident_id", "week", *counts)
        ),
        "summary": sorted(
            ConnectionSummary.objects.filter(home=home).values_list(
                "resident_id",
                "last_moment",
                "last_family",
                "last_visit",
                "last_peers",
                "last_staff",
                "last_community",
            )
        ),
        "edges": sorted(
            ConnectionEdge.objects.filter(home=home).values_list(
                "resident_id", "party", "domain", "month", "moments", "last_day"
            )
        ),
    }


def varied_history(world: World) -> list[dict[str, Any]]:
    """Five weeks of varied moments: groups, declines, every kind of with whom."""
    people = [world.resident_a, world.resident_a2]
    people += [make_resident(world.home_a, full_name=f"Neighbour {n}") for n in range(3)]
    codes = [str(p.code) for p in people]
    rows = []
    for days_ago in range(1, 36, 2):
        day = (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()
        rows.append(row(world, date_time=f"{day} 15:00", what_happened="visit"))
        group = {
            "group": f"g{days_ago}",
            "date_time": f"{day} 12:00",
            "what_happened": "meal",
            "with_type": "",
            "with_whom": "",
            "minutes": "40",
        }
        rows += [
            row(world, resident_reference=code, **group, how_they_seemed=str((n + days_ago) % 5))
            for n, code in enumerate(codes[: 2 + days_ago % 4])
        ]
        rows.append(
            row(
                world,
                resident_reference=codes[2],
                date_time=f"{day} 16:00",
                what_happened="activity",
                with_type="resident",
                with_whom="Arthur Singh",
                how_they_seemed="1",
            )
        )
        rows.append(
            row(
                world,
                resident_reference=codes[3],
                date_time=f"{day} 09:00",
                what_happened="one_to_one",
                with_type="staff",
                with_whom=world.care_worker_a.email,
                minutes="",
            )
        )
    return rows


def test_roll_ups_after_import_are_what_recording_each_moment_gives(world: World) -> None:
    rows = varied_history(world)
    import_rows(world.home_a, csv_bytes(rows), world.manager_a)
    imported = rollups(world.home_a)
    assert imported["daily"] and imported["edges"]

    moments = list(
        Moment.objects.filter(home=world.home_a).prefetch_related("participants").order_by("id")
    )
    inputs = [_as_input(moment) for moment in moments]
    Moment.objects.filter(home=world.home_a).delete()
    rebuild_home(world.home_a.pk)
    assert rollups(world.home_a)["daily"] == []
    for data in inputs:
        record_moment(world.home_a, data, actor=world.manager_a)
    assert rollups(world.home_a) == imported


def _as_input(moment: Moment) -> MomentInput:
    shares = list(moment.participants.all())
    residents = list(Resident.objects.filter(pk__in=[p.resident_id for p in shares]))
    return MomentInput(
        residents=residents,
        kind=moment.kind,
        occurred_at=moment.occurred_at,
        domain=moment.domain,
        minutes=moment.minutes,
        with_type=moment.with_type,
        with_contact=moment.with_contact,
        with_resident=moment.with_resident,
        with_member=moment.with_member,
        with_name=moment.with_name,
        note=moment.note,
        engagement={p.resident_id: p.engagement for p in shares},
    )


def test_importing_the_same_file_twice_records_nothing_twice(world: World) -> None:
    rows = [
        row(world, idempotency_key="visit-1", what_happened="visit"),
        row(world),
        row(world, group="g", what_happened="meal", with_type="", with_whom=""),
        row(
            world,
            resident_reference=str(world.resident_a2.code),
            group="g",
            what_happened="meal",
            with_type="",
            with_whom="",
        ),
    ]
    data = csv_bytes(rows)
    assert import_rows(world.home_a, data, world.manager_a).to_create == 3
    again = importing.check_file(world.home_a, "moments", data)
    assert (again.ok, again.to_create, again.skipped_rows) == (True, 0, [2, 3, 4, 5])
    assert import_rows(world.home_a, data, world.manager_a).to_create == 0
    assert Moment.objects.filter(home=world.home_a).count() == 3


def test_a_row_already_imported_is_skipped_unread(world: World) -> None:
    import_rows(world.home_a, csv_bytes([row(world, idempotency_key="k1")]), world.manager_a)
    world.family_contact.name = "Susan Ellis-Jones"
    world.family_contact.save()
    result = check(world.home_a, [row(world, idempotency_key="k1"), row(world, with_whom="")])
    assert problems(result) == {(3, "with_whom")}
    assert result.skipped_rows == [2]


def test_twenty_thousand_rows_import_quickly(world: World) -> None:
    people = [make_resident(world.home_a, full_name=f"Resident {n}") for n in range(40)]
    rows = []
    start = timezone.localdate() - dt.timedelta(days=400)
    for n in range(20_000):
        person = people[n % 40]
        day = start + dt.timedelta(days=n // 50)
        rows.append(
            {
                "resident_reference": str(person.code),
                "date_time": f"{day.isoformat()} {8 + n % 12:02d}:{n % 60:02d}",
                "what_happened": ["visit", "phone", "activity", "meal"][n % 4],
                "minutes": str(10 + n % 50),
                "how_they_seemed": str(n % 5),
                "group": f"g{n // 4}" if n % 4 == 3 else "",
            }
        )
    data = csv_bytes(rows)
    result = import_rows(world.home_a, data, world.manager_a)
    assert MomentParticipant.objects.filter(home=world.home_a).count() == 20_000
    assert result.to_create == Moment.objects.filter(home=world.home_a).count()
    assert DailyConnection.objects.filter(home=world.home_a).exists()


def test_a_key_recorded_meanwhile_stops_the_import_cleanly(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = csv_bytes([row(world, idempotency_key="race"), row(world, what_happened="visit")])
    pending = importing.stage(world.home_a, "moments", data, "h.csv", actor=world.manager_a)
    checked = importing.history.read_table

    def read_then_race(home: Home, table: Any) -> Any:
        reading = checked(home, table)
        someone_else = MomentInput(
            residents=[world.resident_a2],
            kind=Kind.PHONE,
            occurred_at=at(LAST_WEEK),
            idempotency_key="race",
        )
        record_moment(home, someone_else, actor=world.manager_a)
        return reading

    monkeypatch.setattr(importing.history, "read_table", read_then_race)
    result = importing.confirm(pending, actor=world.manager_a)
    assert "recorded while you were importing" in result.error
    assert Moment.objects.filter(home=world.home_a).count() == 1
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_row_ranges_read_well() -> None:
    assert row_ranges([7, 2, 3, 4, 9, 10]) == "2-4, 7, 9-10"
    assert row_ranges([]) == ""


# The export


def download(client: Client, query: str = "") -> Any:
    response = client.get(reverse("transfer:export_history", args=["rowan-house"]) + query)
    assert response.status_code == 200, response.content[:500]
    return response


def csv_rows(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def recorded_history(world: World) -> list[Moment]:
    """Moments as the app records them: some with keys, some without, one a group."""
    staff = Membership.objects.get(user=world.care_worker_a)
    moments = []
    for data in [
        MomentInput(
            residents=[world.resident_a],
            kind=Kind.VISIT,
            occurred_at=at(LAST_WEEK, 15, 5),
            with_type=WithType.CONTACT,
            with_contact=world.family_contact,
            minutes=60,
            note='=HYPERLINK("http://evil") and, "quotes"',
            everyone=Engagement.JOYFUL,
        ),
        MomentInput(
            residents=[world.resident_a, world.resident_a2],
            kind=Kind.MEAL,
            occurred_at=at(LAST_WEEK, 12, 0),
            engagement={world.resident_a2.pk: Engagement.DECLINED},
            idempotency_key="tablet-42",
        ),
        MomentInput(
            residents=[world.resident_a2],
            kind=Kind.ONE_TO_ONE,
            occurred_at=at(LAST_WEEK - dt.timedelta(days=30), 9, 0),
            with_type=WithType.STAFF,
            with_member=staff,
        ),
        MomentInput(
            residents=[world.resident_a2],
            kind=Kind.ACTIVITY,
            occurred_at=at(LAST_WEEK, 16, 0),
            with_type=WithType.RESIDENT,
            with_resident=world.resident_a,
        ),
        MomentInput(
            residents=[world.resident_a],
            kind=Kind.COMMUNITY,
            occurred_at=at(LAST_WEEK, 17, 0),
            with_type=WithType.GROUP,
            # Lower case, so that these tests do not hang on whether the network folds the
            # letter case of a group's name.
            with_name="-bala wi",
            domain=Domain.COMMUNITY,
        ),
    ]:
        moments.append(record_moment(world.home_a, data, actor=world.care_worker_a)[0])
    return moments


def test_export_has_the_import_columns_one_row_per_share(world: World) -> None:
    visit, meal, *_ = recorded_history(world)
    response = download(world.client("manager_a"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    start, end = PeriodForm.default()
    assert response["Content-Disposition"] == (
        f'attachment; filename="rowan-house-connection-log-{start}-to-{end}.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == MOMENT_COLUMNS
    by_time = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert [r["date_time"][-5:] for r in by_time] == [
        "09:00",
        "12:00",
        "12:00",
        "15:05",
        "16:00",
        "17:00",
    ]
    lunch = by_time[1:3]
    assert {r["resident_name"] for r in lunch} == {"Margaret Ellis", "Arthur Singh"}
    assert lunch[0]["group"] == lunch[1]["group"] == str(meal.code)
    assert {r["how_they_seemed"] for r in lunch} == {"", "0"}
    assert lunch[0]["idempotency_key"] == "tablet-42"
    call = by_time[3]
    assert call == {
        "resident_reference": str(world.resident_a.code),
        "resident_name": "Margaret Ellis",
        "resident_date_of_birth": "",
        "date_time": f"{LAST_WEEK.isoformat()} 15:05",
        "what_happened": "visit",
        "connection": "family",
        "minutes": "60",
        "with_type": "contact",
        "with_whom": "Susan Ellis",
        "how_they_seemed": "4",
        "note": '\'=HYPERLINK("http://evil") and, "quotes"',
        "group": "",
        "idempotency_key": str(visit.code),
    }
    assert by_time[0]["with_whom"] == world.care_worker_a.email
    assert by_time[4]["with_whom"] == "Margaret Ellis"
    assert by_time[5]["with_whom"] == "'-bala wi"


def test_export_is_audited_once_per_resident(world: World) -> None:
    recorded_history(world)
    download(world.client("manager_a"))
    entries = AuditEntry.objects.filter(home=world.home_a, action="export")
    assert sorted(str(e.resident_code) for e in entries) == sorted(
        [str(world.resident_a.code), str(world.resident_a2.code)]
    )
    assert all(e.actor == world.manager_a for e in entries)


def test_export_keeps_to_the_period_and_the_home(world: World) -> None:
    recorded_history(world)
    record_moment(
        world.home_b,
        MomentInput(residents=[world.resident_b], kind=Kind.PHONE, occurred_at=at(LAST_WEEK)),
        actor=world.manager_b,
    )
    day = LAST_WEEK.isoformat()
    rows = csv_rows(download(world.client("manager_a"), f"?from_date={day}&to_date={day}"))
    assert len(rows) == 6
    assert not any("Brenda" in cell for r in rows for cell in r)
    earlier = (LAST_WEEK - dt.timedelta(days=30)).isoformat()
    rows = csv_rows(download(world.client("manager_a"), f"?from_date={earlier}&to_date={earlier}"))
    assert [r[4] for r in rows[1:]] == ["one_to_one"]


def test_export_as_a_workbook_has_the_same_cells_and_no_formulas(world: World) -> None:
    recorded_history(world)
    client = world.client("manager_a")
    expected = csv_rows(download(client))
    response = download(client, "?format=xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    cells = [[c.value or "" for c in r] for r in sheet.iter_rows()]
    assert cells == expected
    assert all(c.data_type == "s" for r in sheet.iter_rows() for c in r if c.value)


def test_an_export_re_imports_as_a_no_op(world: World) -> None:
    recorded_history(world)
    before = rollups(world.home_a)
    data = b"".join(download(world.client("manager_a")).streaming_content)
    result = importing.check_file(world.home_a, "moments", data)
    assert (result.ok, result.to_create, result.skipped) == (True, 0, 6)
    import_rows(world.home_a, data, world.manager_a)
    assert Moment.objects.filter(home=world.home_a).count() == 5
    assert rollups(world.home_a) == before


def test_an_export_brings_back_every_detail(world: World) -> None:
    originals = recorded_history(world)
    fields = (
        "occurred_at",
        "kind",
        "domain",
        "minutes",
        "with_type",
        "with_contact_id",
        "with_resident_id",
        "with_member_id",
        "with_name",
        "note",
        "participant_count",
    )

    def described(moments: Iterator[Moment]) -> list[tuple[Any, ...]]:
        return sorted(
            (
                *(getattr(m, f) for f in fields),
                tuple(sorted((p.resident_id, p.engagement) for p in m.participants.all())),
            )
            for m in moments
        )

    expected = described(iter(originals))
    before = rollups(world.home_a)
    data = b"".join(download(world.client("manager_a")).streaming_content)
    Moment.objects.filter(home=world.home_a).delete()
    import_rows(world.home_a, data, world.manager_a)
    again = Moment.objects.filter(home=world.home_a).prefetch_related("participants")
    assert described(iter(again)) == expected
    assert rollups(world.home_a) == before


def test_a_long_history_exports_quickly_in_bounded_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for n in range(300):
        record_moment(
            world.home_a,
            MomentInput(
                residents=[world.resident_a, world.resident_a2],
                kind=Kind.MEAL,
                occurred_at=at(LAST_WEEK - dt.timedelta(days=n % 300), 12, n % 60),
            ),
            actor=world.manager_a,
        )
    client = world.client("manager_a")
    with django_assert_max_num_queries(15):
        rows = csv_rows(download(client))
    assert len(rows) == 601
    with django_assert_max_num_queries(15):
        download(client, "?format=xlsx")


# The pages


def upload(client: Client, data: bytes) -> Any:
    url = reverse("transfer:upload_history", args=["rowan-house"])
    return client.post(url, {"file": SimpleUploadedFile("history.csv", data, "text/csv")})


def staged(world: World) -> PendingImport:
    data = csv_bytes([row(world)])
    return importing.stage(world.home_a, "moments", data, "history.csv", actor=world.manager_a)


def routes(code: Any) -> dict[str, tuple[str, str]]:
    return {
        "upload": ("post", reverse("transfer:upload_history", args=["rowan-house"])),
        "export": ("get", reverse("transfer:export_history", args=["rowan-house"])),
        "xlsx": ("get", reverse("transfer:export_history", args=["rowan-house"]) + "?format=xlsx"),
        "review": ("get", reverse("transfer:review", args=["rowan-house", code])),
        "confirm": ("post", reverse("transfer:confirm", args=["rowan-house", code])),
    }


@pytest.mark.parametrize("persona", REFUSED)
def test_other_roles_are_refused(world: World, persona: str) -> None:
    recorded_history(world)
    pending = staged(world)
    client = world.client(persona)
    for name, (method, url) in routes(pending.code).items():
        assert getattr(client, method)(url).status_code == 403, name
    assert not AuditEntry.objects.filter(action__in=["export", "import"]).exists()
    assert Moment.objects.filter(source=Moment.Source.IMPORT).count() == 0


def test_another_homes_manager_gets_404(world: World) -> None:
    recorded_history(world)
    pending = staged(world)
    client = world.client("manager_b")
    for name, (method, url) in routes(pending.code).items():
        assert getattr(client, method)(url).status_code == 404, name
    assert not AuditEntry.objects.filter(action="export").exists()
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_the_page_offers_the_connection_log(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = world.client("manager_a")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("transfer:index", args=["rowan-house"]))
    page = response.content.decode()
    assert "Connection log" in page
    assert reverse("transfer:upload_history", args=["rowan-house"]) in page
    start, end = PeriodForm.default()
    assert f'value="{start.isoformat()}"' in page and f'value="{end.isoformat()}"' in page
    assert 'name="format" value="xlsx"' in page


def test_upload_dry_run_then_import(world: World, django_assert_max_num_queries: Any) -> None:
    client = world.client("manager_a")
    rows = [row(world, date_time=f"2024-05-01 10:{n:02d}") for n in range(40)]
    rows.append(row(world, idempotency_key="x", what_happened="letter"))
    import_rows(world.home_a, csv_bytes([rows[-1]]), world.manager_a)
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 302
    with django_assert_max_num_queries(20):
        review = client.get(response["Location"])
    page = review.content.decode()
    assert "40 moments are ready to import" in page
    assert "For 1 resident, from 1 May 2024 to 1 May 2024." in page
    assert "1 row was imported before, so it will be skipped: row 42." in page
    code = PendingImport.objects.get().code
    done = client.post(reverse("transfer:confirm", args=["rowan-house", code]), follow=True)
    assert done.redirect_chain[-1][0] == reverse("transfer:index", args=["rowan-house"])
    assert "40 moments imported." in done.content.decode()
    assert Moment.objects.filter(home=world.home_a).count() == 41


def test_the_review_lists_every_problem_and_offers_no_import(world: World) -> None:
    client = world.client("manager_a")
    rows = [row(world), row(world, what_happened="dancing"), row(world, with_whom="Nobody")]
    page = client.get(upload(client, csv_bytes(rows))["Location"]).content.decode()
    assert "We found 2 problems. Nothing has been imported." in page
    assert "“dancing” is not one of the choices" in page
    assert "/import/" not in page
    code = PendingImport.objects.get().code
    response = client.post(reverse("transfer:confirm", args=["rowan-house", code]))
    assert response.status_code == 400
    assert not Moment.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"resident_name,what_happened\nMargaret Ellis,visit\n", "The file has no date_time"),
        (b"resident_name,date_time,what_happened\n", "no moments in it"),
        (b"PK\x03\x04\x14\x00", "looks like an Excel workbook"),
    ],
)
def test_bad_files_get_a_clear_400(world: World, data: bytes, message: str) -> None:
    response = upload(world.client("manager_a"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PendingImport.objects.exists()


def test_a_moments_file_is_not_a_people_file(world: World) -> None:
    url = reverse("transfer:index", args=["rowan-house"])
    data = SimpleUploadedFile("h.csv", csv_bytes([row(world)]), "text/csv")
    response = world.client("manager_a").post(url, {"kind": "moments", "file": data})
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()


def test_a_bad_period_is_400_with_the_reason(world: World) -> None:
    client = world.client("manager_a")
    url = reverse("transfer:export_history", args=["rowan-house"])
    response = client.get(url, {"from_date": "2024-05-02", "to_date": "2024-05-01"})
    assert response.status_code == 400
    assert "The end of the period cannot be before its start." in response.content.decode()
    response = client.get(url, {"from_date": "soon", "to_date": ""})
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_example_in_the_guide_imports_cleanly(world: World) -> None:
    guide = (settings.BASE_DIR / "docs" / "import-format.md").read_text()
    section = guide[guide.index("## Connection log (past moments)") :]
    residents_csv, contacts_csv, moments_csv = re.findall(
        r"```csv\n(.*?)```", guide, flags=re.DOTALL
    )
    assert next(csv.reader(io.StringIO(moments_csv))) == MOMENT_COLUMNS
    assert all(f"| `{column}` |" in section for column in MOMENT_COLUMNS)
    fresh = make_home(nation=Home.Nation.SCOTLAND)
    make_member(fresh, Role.CARE_WORKER, make_user(email="carer@example.org"))
    for kind, text in (("residents", residents_csv), ("contacts", contacts_csv)):
        pending = importing.stage(fresh, kind, text.encode(), "guide.csv", actor=world.manager_a)
        assert importing.confirm(pending, actor=world.manager_a).ok
    import_rows(fresh, moments_csv.encode(), world.manager_a)
    lunch = Moment.objects.get(home=fresh, kind=Kind.MEAL)
    assert (lunch.participant_count, lunch.domain) == (2, Domain.PEERS)
    assert Moment.objects.filter(home=fresh).count() == 4

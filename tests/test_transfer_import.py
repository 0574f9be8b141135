"""Importing residents and contacts: the dry run, every message, all-or-nothing, bounded queries."""

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from django.conf import settings
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from commonroom.audit.models import AuditEntry
from commonroom.circle.models import Contact
from commonroom.homes.models import Home
from commonroom.lib.dates import add_months
from commonroom.residents.models import PersonalPlan, Resident, StatusChange
from commonroom.transfer.models import PendingImport
from commonroom.transfer.services import admitting, importing

from .conftest import World
from .factories import make_contact, make_home, make_resident

pytestmark = pytest.mark.django_db


def csv_bytes(rows: list[dict[str, Any]], delimiter: str = ",") -> bytes:
    columns: list[str] = []
    for row in rows:
        columns += [name for name in row if name not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def person(**values: Any) -> dict[str, Any]:
    row = {"full_name": "Mary Jones", "preferred_name": "Mary", "admission_date": "2024-03-01"}
    row.update(values)
    return row


def problems(check: importing.Check) -> set[tuple[int, str, str]]:
    return {(p.row, p.column, p.message) for p in check.problems}


def test_dry_run_prepares_people_and_writes_nothing(world: World) -> None:
    before = (Resident.objects.count(), AuditEntry.objects.count())
    data = csv_bytes([person(), person(full_name="Bob Lee", preferred_name="Bob")])
    check = importing.check_file(world.home_a, "residents", data)
    assert check.ok
    assert [r.full_name for r in check.residents] == ["Mary Jones", "Bob Lee"]
    assert (Resident.objects.count(), AuditEntry.objects.count()) == before


def test_every_resident_rule_is_reported_with_row_and_column(world: World) -> None:
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    rows = [
        person(full_name="", reference="A1"),
        person(full_name="Ann", admission_date="1 March 2024", reference="A2"),
        person(full_name="Bea", date_of_birth=future),
        person(full_name="Cat", admission_date=future),
        person(full_name="Dot", date_of_birth="2024-05-01"),
        person(full_name="Eve", status_since="2024-02-01"),
        person(full_name="Fay", status="gone", sight="blind", has_dementia="maybe"),
        person(full_name="G" * 201),
        person(full_name="Hal", date_of_birth="01/02/1940"),
        person(full_name="hal ", date_of_birth="1940-02-01", reference="A1"),
    ]
    check = importing.check_file(world.home_a, "residents", csv_bytes(rows))
    assert not check.ok
    assert problems(check) == {
        (2, "full_name", "This field is required."),
        (3, "admission_date", "Enter a date as YYYY-MM-DD or DD/MM/YYYY, for example 2024-03-31."),
        (4, "date_of_birth", "The date of birth cannot be in the future."),
        (5, "admission_date", "The date they moved in cannot be in the future."),
        (6, "admission_date", "The date moved in is before the date of birth."),
        (7, "status_since", "The date cannot be before they moved in."),
        (
            8,
            "status",
            "“gone” is not one of the choices. Use one of: living_here, in_hospital, "
            "on_leave, moved_out, died.",
        ),
        (8, "sight", "“blind” is not one of the choices. Use one of: none, some, significant."),
        (8, "has_dementia", "Enter yes or no."),
        (9, "full_name", "Ensure this value has at most 200 characters (it has 201)."),
        (11, "reference", "Row 2 has the same reference."),
    }
    values = {(p.row, p.column): p.value for p in check.problems}
    assert values[(3, "admission_date")] == "1 March 2024"
    assert values[(8, "status")] == "gone"


def test_the_same_person_twice_in_a_file(world: World) -> None:
    rows = [
        person(date_of_birth="1940-02-01"),
        person(full_name=" MARY  jones", date_of_birth="01/02/1940"),
    ]
    check = importing.check_file(world.home_a, "residents", csv_bytes(rows))
    assert problems(check) == {(3, "full_name", "Row 2 has the same full name and date of birth.")}


def test_too_many_cells_in_a_row(world: World) -> None:
    data = b"full_name,preferred_name,admission_date\nMary Jones,Mary,2024-03-01,Smith\n"
    check = importing.check_file(world.home_a, "residents", data)
    assert [(p.row, p.column, p.value) for p in check.problems] == [(2, "", "Smith")]
    assert "more cells than the header" in check.problems[0].message


def test_choices_accept_values_and_english_labels_in_any_case(world: World) -> None:
    row = person(
        status="IN HOSPITAL",
        status_since="2024-04-01",
        sight="Some difficulty",
        hearing="significant",
        mobility="uses a wheelchair",
        video_calls="Only with support",
        has_dementia="Yes",
        other_languages="Welsh; Urdu;welsh",
    )
    with translation.override("cy"):
        check = importing.check_file(world.home_a, "residents", csv_bytes([row]))
    assert check.ok, check.problems
    resident = check.residents[0]
    assert (resident.status, resident.sight, resident.hearing) == (
        "in_hospital",
        "some",
        "significant",
    )
    assert (resident.mobility, resident.video_calls) == ("wheelchair", "with_support")
    assert resident.has_dementia is True
    assert resident.other_languages == ["Welsh", "Urdu"]


def test_empty_optional_columns_take_the_defaults(world: World) -> None:
    row = person(status="", sight="", has_dementia="", date_of_birth="")
    check = importing.check_file(world.home_a, "residents", csv_bytes([row]))
    resident = check.residents[0]
    assert (resident.status, resident.status_since) == ("living_here", dt.date(2024, 3, 1))
    assert (resident.sight, resident.mobility, resident.video_calls) == (
        "none",
        "independent",
        "not_asked",
    )
    assert resident.has_dementia is False
    assert resident.date_of_birth is None


def test_both_date_formats(world: World) -> None:
    check = importing.check_file(
        world.home_a,
        "residents",
        csv_bytes([person(date_of_birth="31/12/1939", admission_date="2024-03-01")]),
    )
    assert check.residents[0].date_of_birth == dt.date(1939, 12, 31)


def test_unknown_columns_are_warnings(world: World) -> None:
    check = importing.check_file(world.home_a, "residents", csv_bytes([person(nhs_number="123")]))
    assert check.ok
    assert [(w.row, w.column) for w in check.warnings] == [(1, "nhs_number")]


def test_missing_required_columns_are_a_file_error(world: World) -> None:
    check = importing.check_file(world.home_a, "residents", b"full_name,room\nMary,1\n")
    assert check.error == (
        "The file has no preferred_name, admission_date columns. "
        "Check the first row names the columns."
    )
    with pytest.raises(importing.UnreadableFile):
        importing.stage(
            world.home_a, "residents", b"full_name\nMary\n", "a.csv", actor=world.manager_a
        )


def test_people_already_here_are_skipped(world: World) -> None:
    make_resident(world.home_a, full_name="Mary Jones", date_of_birth=dt.date(1940, 2, 1))
    rows = [
        person(date_of_birth="1940-02-01"),
        person(full_name="Someone Else", reference=str(world.resident_a.code)),
        person(full_name="New Person"),
    ]
    check = importing.check_file(world.home_a, "residents", csv_bytes(rows))
    assert check.ok
    assert check.skipped == 2
    assert [r.full_name for r in check.residents] == ["New Person"]
    assert [(w.row, w.column) for w in check.warnings] == [(2, "full_name"), (3, "full_name")]


def _confirm(home: Home, kind: str, data: bytes, actor: Any) -> importing.Check:
    pending = importing.stage(home, kind, data, "people.csv", actor=actor)
    return importing.confirm(pending, actor=actor)


def test_import_admits_each_person_like_by_hand(world: World) -> None:
    home = world.home_a
    home.plan_review_months = 3
    home.save()
    rows = [person(), person(full_name="Bob Lee", status="died", status_since="2024-06-01")]
    check = _confirm(home, "residents", csv_bytes(rows), world.manager_a)
    assert check.ok
    mary = Resident.objects.get(home=home, full_name="Mary Jones")
    bob = Resident.objects.get(home=home, full_name="Bob Lee")
    assert (bob.status, bob.status_since) == ("died", dt.date(2024, 6, 1))
    assert list(StatusChange.objects.filter(resident=mary).values_list("status", "started_on")) == [
        ("living_here", dt.date(2024, 3, 1))
    ]
    assert list(StatusChange.objects.filter(resident=bob).values_list("status", "started_on")) == [
        ("died", dt.date(2024, 6, 1)),
        ("living_here", dt.date(2024, 3, 1)),
    ]
    plan = PersonalPlan.objects.get(resident=mary)
    assert (plan.review_every_months, plan.next_review_on) == (
        3,
        add_months(dt.date(2024, 3, 1), 3),
    )
    assert not PendingImport.objects.exists()


def test_import_audits_every_created_object(world: World) -> None:
    _confirm(world.home_a, "residents", csv_bytes([person(room="12")]), world.manager_a)
    mary = Resident.objects.get(full_name="Mary Jones")
    entries = AuditEntry.objects.filter(home=world.home_a, resident_code=mary.code, action="import")
    assert sorted(e.object_type for e in entries) == ["personal plan", "resident", "status change"]
    resident_entry = entries.get(object_code=mary.code)
    assert resident_entry.actor == world.manager_a
    assert {"full_name", "room", "admission_date"} <= set(resident_entry.fields)
    assert "Mary Jones" not in str(resident_entry.fields)


def test_a_bad_row_50_leaves_the_database_unchanged(world: World) -> None:
    rows = [person(full_name=f"Person {n}") for n in range(100)]
    rows[48]["admission_date"] = "not a date"
    pending = importing.stage(
        world.home_a, "residents", csv_bytes(rows), "a.csv", actor=world.manager_a
    )
    before = (Resident.objects.count(), StatusChange.objects.count(), AuditEntry.objects.count())
    check = importing.confirm(pending, actor=world.manager_a)
    assert problems(check) == {
        (50, "admission_date", "Enter a date as YYYY-MM-DD or DD/MM/YYYY, for example 2024-03-31.")
    }
    assert (
        Resident.objects.count(),
        StatusChange.objects.count(),
        AuditEntry.objects.count(),
    ) == before
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_a_failure_while_writing_keeps_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise IntegrityError("disk trouble")

    monkeypatch.setattr(admitting, "record_many", fail)
    rows = [person(full_name=f"Person {n}") for n in range(60)]
    pending = importing.stage(
        world.home_a, "residents", csv_bytes(rows), "a.csv", actor=world.manager_a
    )
    before = (Resident.objects.count(), StatusChange.objects.count(), PersonalPlan.objects.count())
    with pytest.raises(IntegrityError):
        importing.confirm(pending, actor=world.manager_a)
    assert (
        Resident.objects.count(),
        StatusChange.objects.count(),
        PersonalPlan.objects.count(),
    ) == before
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_a_changed_file_is_not_imported(world: World) -> None:
    pending = importing.stage(
        world.home_a, "residents", csv_bytes([person()]), "a.csv", actor=world.manager_a
    )
    PendingImport.objects.filter(pk=pending.pk).update(
        content=csv_bytes([person(full_name="Evil")])
    )
    pending.refresh_from_db()
    check = importing.confirm(pending, actor=world.manager_a)
    assert check.error == "The file changed after it was checked. Upload it again."
    assert not Resident.objects.filter(full_name="Evil").exists()


def test_importing_twice_is_refused(world: World) -> None:
    pending = importing.stage(
        world.home_a, "residents", csv_bytes([person()]), "a.csv", actor=world.manager_a
    )
    assert importing.confirm(pending, actor=world.manager_a).ok
    again = importing.confirm(pending, actor=world.manager_a)
    assert again.error == "This file has already been imported."
    assert Resident.objects.filter(full_name="Mary Jones").count() == 1


def test_a_new_upload_replaces_the_last_and_expired_ones_go(world: World) -> None:
    first = importing.stage(
        world.home_a, "residents", csv_bytes([person()]), "a.csv", actor=world.manager_a
    )
    other = importing.stage(
        world.home_a, "residents", csv_bytes([person()]), "b.csv", actor=world.senior_carer_a
    )
    PendingImport.objects.filter(pk=other.pk).update(expires_at=other.created_at)
    importing.stage(
        world.home_a, "residents", csv_bytes([person()]), "c.csv", actor=world.manager_a
    )
    assert list(PendingImport.objects.values_list("filename", flat=True)) == ["c.csv"]
    assert not PendingImport.objects.filter(pk__in=[first.pk, other.pk]).exists()


def contact(**values: Any) -> dict[str, Any]:
    row = {"resident_name": "Margaret Ellis", "name": "David Ellis", "relationship": "child"}
    row.update(values)
    return row


def test_contacts_find_their_resident_by_reference_or_name(world: World) -> None:
    rows = [
        contact(),
        contact(resident_name="", resident_reference=str(world.resident_a2.code), name="Raj Singh"),
        contact(
            resident_reference="old-system-7", resident_name="arthur  SINGH", name="Priya Singh"
        ),
    ]
    check = importing.check_file(world.home_a, "contacts", csv_bytes(rows))
    assert check.ok, check.problems
    assert [(c.resident, c.name) for c in check.contacts] == [
        (world.resident_a, "David Ellis"),
        (world.resident_a2, "Raj Singh"),
        (world.resident_a2, "Priya Singh"),
    ]


def test_every_contact_rule_is_reported_with_row_and_column(world: World) -> None:
    make_resident(world.home_a, full_name="Twin Name")
    make_resident(world.home_a, full_name="Twin Name")
    make_contact(world.resident_a, name="Already Here")
    rows = [
        contact(resident_name="Brenda Jones"),
        contact(resident_name="Twin Name"),
        contact(resident_name="", resident_reference="nope"),
        contact(resident_name=""),
        contact(relationship="cousin", email="not-an-email"),
        contact(support_role="care_partner"),
        contact(may_receive_updates="perhaps", preferred_method="pigeon"),
        contact(name=""),
        contact(name="Twice"),
        contact(name="twice "),
        contact(name="Already Here"),
    ]
    check = importing.check_file(world.home_a, "contacts", csv_bytes(rows))
    assert problems(check) == {
        (2, "resident_name", "No one here has this full name. Check it against Common Room."),
        (
            3,
            "resident_name",
            "More than one person here has this full name. Use resident_reference instead "
            "(it is in the residents export).",
        ),
        (
            4,
            "resident_reference",
            "No one here has this reference. Use the reference from the residents export, or "
            "give the resident's full name in resident_name.",
        ),
        (
            5,
            "resident_name",
            "Give resident_reference or resident_name, so we know whose contact this is.",
        ),
        (
            6,
            "relationship",
            "“cousin” is not one of the choices. Use one of: spouse, child, grandchild, sibling, "
            "other_family, friend, neighbour, faith, former_work, advocate, other.",
        ),
        (6, "email", "Enter a valid email address."),
        (7, "support_role", "A home in Scotland cannot record this role."),
        (8, "may_receive_updates", "Enter yes or no."),
        (
            8,
            "preferred_method",
            "“pigeon” is not one of the choices. Use one of: visit, phone, video, letter, message.",
        ),
        (9, "name", "This field is required."),
        (11, "name", "Row 10 has the same contact for the same person."),
    }
    assert check.skipped == 1
    assert [(w.row, w.column) for w in check.warnings] == [(12, "name")]


def test_contact_labels_notes_and_flags(world: World) -> None:
    row = contact(
        relationship="Son or daughter",
        preferred_method="Phone calls",
        preferred_frequency="every week",
        support_role="Essential care supporter",
        may_receive_updates="yes",
        has_door_code="TRUE",
        is_representative="no",
        notes="Rings on Sundays",
    )
    check = importing.check_file(world.home_a, "contacts", csv_bytes([row]))
    assert check.ok, check.problems
    found = check.contacts[0]
    assert (found.relationship, found.preferred_method, found.preferred_frequency) == (
        "child",
        "phone",
        "weekly",
    )
    assert found.support_role == "essential_care_supporter"
    assert (found.may_receive_updates, found.has_door_code, found.is_representative) == (
        True,
        True,
        False,
    )
    assert found.contact_notes == "Rings on Sundays"


def test_contacts_need_a_resident_column(world: World) -> None:
    check = importing.check_file(world.home_a, "contacts", b"name,relationship\nSue,child\n")
    assert "resident_reference or resident_name" in check.error


def test_contact_import_writes_contacts_and_audit(world: World) -> None:
    check = _confirm(
        world.home_a, "contacts", csv_bytes([contact(), contact(name="Ann Ellis")]), world.manager_a
    )
    assert check.ok
    made = Contact.objects.filter(resident=world.resident_a, name__in=["David Ellis", "Ann Ellis"])
    assert made.count() == 2
    entries = AuditEntry.objects.filter(action="import", object_type="contact")
    assert {e.object_code for e in entries} == {c.code for c in made}
    assert {e.resident_code for e in entries} == {world.resident_a.code}


def test_a_500_row_import_takes_a_bounded_number_of_queries(world: World) -> None:
    rows = [
        person(full_name=f"Person {n}", room=str(n), date_of_birth="1940-01-01") for n in range(500)
    ]
    pending = importing.stage(
        world.home_a, "residents", csv_bytes(rows), "a.csv", actor=world.manager_a
    )
    with CaptureQueriesContext(connection) as queries:
        assert importing.confirm(pending, actor=world.manager_a).ok
    # SQLite caps the parameters per statement, so bulk inserts go in batches of a few dozen.
    assert len(queries) <= 60
    assert Resident.objects.filter(home=world.home_a).count() == 502
    assert AuditEntry.objects.filter(action="import").count() == 1500

    contacts = [contact(resident_name=f"Person {n}", name=f"Friend {n}") for n in range(500)]
    pending = importing.stage(
        world.home_a, "contacts", csv_bytes(contacts), "b.csv", actor=world.manager_a
    )
    with CaptureQueriesContext(connection) as queries:
        assert importing.confirm(pending, actor=world.manager_a).ok
    assert len(queries) <= 40
    assert Contact.objects.filter(name__startswith="Friend ").count() == 500


def test_other_homes_people_are_never_matched(world: World) -> None:
    check = importing.check_file(
        world.home_a,
        "contacts",
        csv_bytes([contact(resident_reference=str(world.resident_b.code), resident_name="")]),
    )
    assert [(p.row, p.column) for p in check.problems] == [(2, "resident_reference")]
    fresh = make_home()
    check = importing.check_file(fresh, "residents", csv_bytes([person(full_name="Brenda Jones")]))
    assert check.ok and check.skipped == 0


def test_the_examples_in_the_guide_import_cleanly(world: World) -> None:
    guide = (settings.BASE_DIR / "docs" / "import-format.md").read_text()
    # The third example, past moments of the connection log, is checked with the connection
    # log's own tests (test_connections_transfer).
    residents_csv, contacts_csv, _moments_csv = re.findall(
        r"```csv\n(.*?)```", guide, flags=re.DOTALL
    )
    fresh = make_home(nation=Home.Nation.SCOTLAND)
    for kind, text in (("residents", residents_csv), ("contacts", contacts_csv)):
        pending = importing.stage(fresh, kind, text.encode(), "guide.csv", actor=world.manager_a)
        check = importing.confirm(pending, actor=world.manager_a)
        assert check.ok and check.to_create == 2, check.problems
    arthur = Resident.objects.get(home=fresh, full_name="Arthur Singh")
    assert (arthur.status, arthur.other_languages) == ("in_hospital", ["Urdu", "Hindi"])
    assert Contact.objects.get(home=fresh, name="Susan Ellis").address == "4 Mill Lane\nLeeds"

"""Export: the same columns as import, safe in a spreadsheet, audited, and a clean round trip."""

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from commonroom.audit.models import AuditEntry
from commonroom.circle.models import Contact
from commonroom.homes.models import Home
from commonroom.lib.dates import today
from commonroom.residents.models import Resident
from commonroom.transfer.columns import (
    CONTACT_COLUMNS,
    CONTACT_FIELDS,
    RESIDENT_COLUMNS,
    RESIDENT_FIELDS,
)
from commonroom.transfer.services import importing

from .conftest import World
from .factories import make_contact, make_home, make_resident

pytestmark = pytest.mark.django_db


def download(client: Client, home: Home, kind: str) -> bytes:
    response = client.get(reverse("transfer:export", args=[home.slug, kind]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def parsed(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def rich_resident(home: Home) -> Resident:
    return make_resident(
        home,
        full_name='=HYPERLINK("http://evil")',
        preferred_name='Zoë, "Zo"',
        pronouns="she/her",
        date_of_birth=dt.date(1938, 2, 28),
        room="-12",
        admission_date=dt.date(2023, 5, 4),
        status=Resident.Status.IN_HOSPITAL,
        status_since=dt.date(2024, 2, 1),
        first_language="Welsh",
        preferred_language="English",
        other_languages=["Urdu", "French"],
        culture="Grew up on a farm near Bala",
        faith="Chapel",
        sight="some",
        hearing="significant",
        speech="none",
        memory="some",
        has_dementia=True,
        how_to_communicate="Speak slowly.\nFace her when you talk.",
        mobility="walking_aid",
        video_calls="with_support",
        devices="@tablet",
        ambitions="+ see the sea again",
        getting_out="The garden centre on Tuesdays",
    )


def test_residents_export_has_the_import_columns_and_guards_formulas(world: World) -> None:
    rich_resident(world.home_a)
    rows = parsed(download(world.client("manager_a"), world.home_a, "residents"))
    assert rows[0] == RESIDENT_COLUMNS
    by_name = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    row = by_name['\'=HYPERLINK("http://evil")']
    assert (row["room"], row["devices"], row["ambitions"]) == (
        "'-12",
        "'@tablet",
        "'+ see the sea again",
    )
    assert (row["date_of_birth"], row["has_dementia"], row["other_languages"]) == (
        "1938-02-28",
        "yes",
        "Urdu; French",
    )
    assert row["status"] == "in_hospital"
    assert len(rows) == 4


def test_export_is_a_named_utf8_attachment(world: World) -> None:
    response = world.client("manager_a").get(
        reverse("transfer:export", args=["rowan-house", "contacts"])
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    expected = f'attachment; filename="rowan-house-contacts-{today().isoformat()}.csv"'
    assert response["Content-Disposition"] == expected
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body.startswith("\ufeff".encode())
    rows = parsed(body)
    assert rows[0] == CONTACT_COLUMNS
    assert rows[1][:3] == [str(world.resident_a.code), "Margaret Ellis", "Susan Ellis"]


def test_export_is_audited_per_person(world: World) -> None:
    make_contact(world.resident_a2, name="Raj Singh")
    download(world.client("manager_a"), world.home_a, "residents")
    entries = AuditEntry.objects.filter(home=world.home_a, action="export")
    assert {e.resident_code for e in entries} == {world.resident_a.code, world.resident_a2.code}
    assert all(e.actor == world.manager_a for e in entries)
    download(world.client("manager_a"), world.home_a, "contacts")
    contact_entries = AuditEntry.objects.filter(
        home=world.home_a, action="export", object_type="contact"
    )
    assert contact_entries.count() == 2
    assert not AuditEntry.objects.filter(home=world.home_b).exists()


def test_export_shows_only_this_home(world: World) -> None:
    text = download(world.client("manager_a"), world.home_a, "residents").decode()
    assert "Brenda Jones" not in text
    assert "Margaret Ellis" in text


def test_export_query_count_is_bounded(world: World, django_assert_max_num_queries: Any) -> None:
    resident = world.resident_a
    for n in range(30):
        make_resident(world.home_a, full_name=f"Extra {n}")
        make_contact(resident, name=f"Friend {n}")
    client = world.client("manager_a")
    for kind in ("residents", "contacts"):
        with django_assert_max_num_queries(15):
            download(client, world.home_a, kind)


def test_unknown_export_kind_is_404(world: World) -> None:
    response = world.client("manager_a").get(
        reverse("transfer:export", args=["rowan-house", "staff"])
    )
    assert response.status_code == 404


def _import(home: Home, kind: str, data: bytes, actor: Any) -> importing.Check:
    pending = importing.stage(home, kind, data, f"{kind}.csv", actor=actor)
    check = importing.confirm(pending, actor=actor)
    assert check.ok, check.problems or check.error
    return check


def test_round_trip_into_a_new_home(world: World) -> None:
    original = rich_resident(world.home_a)
    make_contact(
        original,
        name="-Dai Jones",
        relationship=Contact.Relationship.FRIEND,
        relationship_detail='From chapel, "best" friend',
        phone="+44 7700 900123",
        email="dai@example.org",
        address="1 High St\nBala",
        preferred_method=Contact.Method.PHONE,
        preferred_frequency=Contact.Frequency.WEEKLY,
        support_role="essential_care_supporter",
        may_receive_updates=True,
        has_door_code=True,
        is_representative=True,
        contact_notes="=rings Sundays",
    )
    client = world.client("manager_a")
    residents_csv = download(client, world.home_a, "residents")
    contacts_csv = download(client, world.home_a, "contacts")

    fresh = make_home(world.home_a.organisation, nation=Home.Nation.SCOTLAND)
    assert _import(fresh, "residents", residents_csv, world.manager_a).to_create == 3
    assert _import(fresh, "contacts", contacts_csv, world.manager_a).to_create == 2

    for person in Resident.objects.filter(home=world.home_a):
        copy = Resident.objects.get(home=fresh, full_name=person.full_name)
        assert {f: getattr(copy, f) for f in RESIDENT_FIELDS} == {
            f: getattr(person, f) for f in RESIDENT_FIELDS
        }
    for contact in Contact.objects.filter(home=world.home_a).select_related("resident"):
        copy = Contact.objects.get(
            home=fresh, name=contact.name, resident__full_name=contact.resident.full_name
        )
        assert {f: getattr(copy, f) for f in CONTACT_FIELDS} == {
            f: getattr(contact, f) for f in CONTACT_FIELDS
        }


def test_re_importing_an_export_into_the_same_home_adds_nobody(world: World) -> None:
    client = world.client("manager_a")
    residents_csv = download(client, world.home_a, "residents")
    contacts_csv = download(client, world.home_a, "contacts")
    check = importing.check_file(world.home_a, "residents", residents_csv)
    assert (check.ok, check.to_create, check.skipped) == (True, 0, 2)
    check = importing.check_file(world.home_a, "contacts", contacts_csv)
    assert (check.ok, check.to_create, check.skipped) == (True, 0, 1)

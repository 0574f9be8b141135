"""The import and export pages, by persona: who may, who is refused, and what bad input gets."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonroom.audit.models import AuditEntry
from commonroom.homes.roles import Role
from commonroom.residents.models import Resident
from commonroom.transfer.models import PendingImport
from commonroom.transfer.services import importing

from .conftest import World
from .factories import client_for, make_member
from .test_transfer_import import csv_bytes, person

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


def index_url() -> str:
    return reverse("transfer:index", args=["rowan-house"])


def upload(client: Client, data: bytes, kind: str = "residents", name: str = "people.csv") -> Any:
    return client.post(
        index_url(), {"kind": kind, "file": SimpleUploadedFile(name, data, "text/csv")}
    )


def staged(world: World, rows: list[dict[str, Any]] | None = None) -> PendingImport:
    data = csv_bytes(rows or [person()])
    return importing.stage(world.home_a, "residents", data, "people.csv", actor=world.manager_a)


def urls(code: Any) -> dict[str, tuple[str, str]]:
    return {
        "index": ("get", index_url()),
        "upload": ("post", index_url()),
        "review": ("get", reverse("transfer:review", args=["rowan-house", code])),
        "confirm": ("post", reverse("transfer:confirm", args=["rowan-house", code])),
        "discard": ("post", reverse("transfer:discard", args=["rowan-house", code])),
        "export": ("get", reverse("transfer:export", args=["rowan-house", "residents"])),
    }


@pytest.mark.parametrize("persona", REFUSED)
def test_other_roles_are_refused_everywhere(world: World, persona: str) -> None:
    pending = staged(world)
    client = world.client(persona)
    for name, (method, url) in urls(pending.code).items():
        assert getattr(client, method)(url).status_code == 403, name
    assert PendingImport.objects.filter(pk=pending.pk).exists()
    assert not AuditEntry.objects.filter(action="export").exists()


def test_another_homes_manager_gets_404_everywhere(world: World) -> None:
    pending = staged(world)
    client = world.client("manager_b")
    for name, (method, url) in urls(pending.code).items():
        assert getattr(client, method)(url).status_code == 404, name
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_another_managers_upload_is_hidden(world: World) -> None:
    pending = staged(world)
    colleague = client_for(make_member(world.home_a, Role.MANAGER).user)
    for name, (method, url) in urls(pending.code).items():
        if name in {"review", "confirm", "discard"}:
            assert getattr(colleague, method)(url).status_code == 404, name
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_the_page_shows_the_upload_form_and_downloads(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = world.client("manager_a")
    with django_assert_max_num_queries(12):
        response = client.get(index_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert reverse("transfer:export", args=["rowan-house", "contacts"]) in page


def test_upload_dry_run_then_import(world: World, django_assert_max_num_queries: Any) -> None:
    client = world.client("manager_a")
    rows = [person(full_name=f"Person {n}") for n in range(40)]
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 302
    pending = PendingImport.objects.get(uploaded_by=world.manager_a)
    assert response["Location"] == reverse("transfer:review", args=["rowan-house", pending.code])
    assert Resident.objects.filter(home=world.home_a).count() == 2

    with django_assert_max_num_queries(15):
        review = client.get(response["Location"])
    assert review.status_code == 200
    assert "40 residents are ready to import" in review.content.decode()

    done = client.post(reverse("transfer:confirm", args=["rowan-house", pending.code]), follow=True)
    assert done.redirect_chain[-1][0] == reverse("residents:list", args=["rowan-house"])
    assert "40 residents imported." in done.content.decode()
    assert Resident.objects.filter(home=world.home_a).count() == 42
    assert AuditEntry.objects.filter(home=world.home_a, action="import").count() == 120


def test_the_review_lists_every_problem(world: World) -> None:
    client = world.client("manager_a")
    rows = [
        person(),
        person(full_name="", admission_date="soon"),
        person(full_name="Bo", mobility="flying"),
    ]
    response = client.get(upload(client, csv_bytes(rows))["Location"])
    page = response.content.decode()
    assert response.status_code == 200
    assert "We found 3 problems. Nothing has been imported." in page
    assert '<th scope="row" class="govuk-table__header">3</th>' in page
    assert "This field is required." in page
    assert "“flying” is not one of the choices" in page
    assert "transfer:confirm" not in page and "/import/" not in page


def test_confirming_a_file_with_problems_is_400_and_writes_nothing(world: World) -> None:
    pending = staged(world, [person(), person(full_name="Bo", status="gone")])
    response = world.client("manager_a").post(
        reverse("transfer:confirm", args=["rowan-house", pending.code])
    )
    assert response.status_code == 400
    assert "“gone” is not one of the choices" in response.content.decode()
    assert Resident.objects.filter(home=world.home_a).count() == 2


@pytest.mark.parametrize(
    ("data", "kind", "message"),
    [
        (b"\x00\x01\x02binary", "residents", "does not look like a CSV file"),
        (b"PK\x03\x04\x14\x00", "residents", "looks like an Excel workbook"),
        (b"", "residents", "The submitted file is empty."),
        (b"full_name,full_name\nA,B\n", "residents", "appears more than once"),
        (b"full_name,preferred_name,admission_date\n", "residents", "no people in it"),
        (b"room\n1\n", "residents", "The file has no full_name"),
        (b"name,relationship\nSue,child\n", "contacts", "resident_reference or resident_name"),
        (b"full_name\nMary\n", "staff", "Select a valid choice."),
    ],
)
def test_bad_files_get_a_clear_400(world: World, data: bytes, kind: str, message: str) -> None:
    response = upload(world.client("manager_a"), data, kind=kind)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PendingImport.objects.exists()


def test_no_file_at_all_is_400(world: World) -> None:
    response = world.client("manager_a").post(index_url(), {"kind": "residents"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_too_big_a_file_is_400(world: World) -> None:
    data = b"full_name\n" + b"x" * (5 * 1024 * 1024)
    response = upload(world.client("manager_a"), data)
    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()


def test_an_expired_upload_is_gone(world: World) -> None:
    pending = staged(world)
    PendingImport.objects.filter(pk=pending.pk).update(expires_at=timezone.now())
    client = world.client("manager_a")
    review = client.get(reverse("transfer:review", args=["rowan-house", pending.code]))
    assert review.status_code == 410
    assert "That upload has expired" in review.content.decode()
    confirm = client.post(reverse("transfer:confirm", args=["rowan-house", pending.code]))
    assert confirm.status_code == 410
    assert Resident.objects.filter(home=world.home_a).count() == 2


def test_discard_deletes_the_upload(world: World) -> None:
    pending = staged(world)
    response = world.client("manager_a").post(
        reverse("transfer:discard", args=["rowan-house", pending.code]), follow=True
    )
    assert "Nothing was imported." in response.content.decode()
    assert not PendingImport.objects.exists()


def test_contacts_upload_flow(world: World) -> None:
    client = world.client("manager_a")
    data = (
        b"resident_name;name;relationship;support_role\n"
        b"Margaret Ellis;David Ellis;Son or daughter;visitor\n"
    )
    location = upload(client, data, kind="contacts")["Location"]
    assert "1 contact is ready to import" in client.get(location).content.decode()
    code = PendingImport.objects.get().code
    response = client.post(reverse("transfer:confirm", args=["rowan-house", code]), follow=True)
    assert "1 contact imported." in response.content.decode()
    assert world.resident_a.contacts.filter(name="David Ellis").exists()


def test_pages_need_a_signed_in_person(world: World) -> None:
    response = Client().get(index_url())
    assert response.status_code == 302

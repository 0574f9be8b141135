"""The audit trail pages: a resident's whole trail and the whole home's, for managers only."""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from commonroom.audit.models import AuditEntry
from commonroom.audit.services import Action, record
from commonroom.audit.views import PER_PAGE
from commonroom.homes.models import Home
from commonroom.residents.models import Resident

from .conftest import PERSONAS, World
from .factories import make_resident


def home_url(home: Home) -> str:
    return reverse("audit:home", args=[home.slug])


def resident_url(home: Home, code: uuid.UUID) -> str:
    return reverse("audit:resident", args=[home.slug, code])


def page(client: Client, url: str, **query: Any) -> tuple[int, str]:
    response = client.get(url, query)
    return response.status_code, response.content.decode()


def test_viewing_a_record_shows_up_in_the_resident_trail(world: World) -> None:
    care_worker = world.client("care_worker_a")
    care_worker.get(reverse("residents:detail", args=[world.home_a.slug, world.resident_a.code]))
    status, html = page(
        world.client("manager_a"), resident_url(world.home_a, world.resident_a.code)
    )
    assert status == 200
    assert "Peggy (Margaret Ellis)" in html
    assert world.care_worker_a.full_name in html
    assert "Viewed" in html
    assert "See who viewed" not in html  # the trail links back to the record, not to itself
    assert reverse("residents:detail", args=[world.home_a.slug, world.resident_a.code]) in html


def test_trail_shows_readable_field_names_and_never_values(world: World) -> None:
    world.resident_a.date_of_birth = dt.date(1931, 5, 4)
    record(
        world.senior_carer_a,
        Action.UPDATE,
        world.resident_a,
        home=world.home_a,
        resident_code=world.resident_a.code,
        fields=["date_of_birth", "preferred_name", "not_a_model_field"],
    )
    status, html = page(
        world.client("manager_a"), resident_url(world.home_a, world.resident_a.code)
    )
    assert status == 200
    assert "Changed" in html
    assert "Date of birth, Not a model field, Preferred name" in html
    assert "1931" not in html
    assert "Resident: Peggy (Margaret Ellis)" in html


def test_trail_is_newest_first_and_only_about_that_resident(world: World) -> None:
    for name in ["first", "second", "third"]:
        record(
            world.manager_a,
            Action.UPDATE,
            world.resident_a,
            home=world.home_a,
            resident_code=world.resident_a.code,
            fields=[f"{name}_field"],
        )
    record(
        world.manager_a,
        Action.UPDATE,
        world.resident_a2,
        home=world.home_a,
        resident_code=world.resident_a2.code,
        fields=["someone_else"],
    )
    _, html = page(world.client("manager_a"), resident_url(world.home_a, world.resident_a.code))
    assert html.index("Third field") < html.index("Second field") < html.index("First field")
    assert "Someone else" not in html


def _fill(world: World, count: int, action: str = Action.VIEW) -> None:
    AuditEntry.objects.bulk_create(
        AuditEntry(
            home=world.home_a,
            actor=world.care_worker_a,
            actor_name=str(world.care_worker_a),
            action=action,
            object_type="resident",
            object_code=world.resident_a.code,
            object_label=str(world.resident_a),
            resident_code=world.resident_a.code,
            fields=[],
        )
        for _ in range(count)
    )


def test_trail_is_paginated_fifty_a_page(world: World) -> None:
    _fill(world, PER_PAGE + 5)
    client = world.client("manager_a")
    url = resident_url(world.home_a, world.resident_a.code)
    _, first = page(client, url)
    assert first.count('<tr class="govuk-table__row">') == PER_PAGE + 1  # header row too
    assert "govuk-pagination" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    _, second = page(client, url, page=2)
    assert second.count('<tr class="govuk-table__row">') == 5 + 1
    assert 'rel="prev"' in second
    status, _html = page(client, url, page="not-a-number")
    assert status == 200


def test_filter_by_action_without_javascript(world: World) -> None:
    _fill(world, 3, Action.VIEW)
    _fill(world, 2, Action.EXPORT)
    client = world.client("manager_a")
    url = resident_url(world.home_a, world.resident_a.code)
    _, html = page(client, url, action="export")
    assert "2 entries" in html
    assert "Viewed" not in html.split("<tbody")[1]
    assert '<option value="export" selected>' in html
    _, everything = page(client, url)
    assert "5 entries" in everything


def test_filter_is_kept_across_pages(world: World) -> None:
    _fill(world, PER_PAGE + 1, Action.EXPORT)
    _, html = page(world.client("manager_a"), home_url(world.home_a), action="export")
    assert "?action=export&amp;page=2" in html


def test_unknown_action_is_a_clear_400(world: World) -> None:
    client = world.client("manager_a")
    for url in [home_url(world.home_a), resident_url(world.home_a, world.resident_a.code)]:
        status, html = page(client, url, action="<script>")
        assert status == 400
        assert "govuk-error-summary" in html
        assert "Select a valid choice" in html


def test_home_trail_says_about_whom_with_a_link(world: World) -> None:
    record(
        world.manager_a,
        Action.VIEW,
        world.resident_a,
        home=world.home_a,
        resident_code=world.resident_a.code,
    )
    record(
        world.manager_a,
        Action.VIEW,
        world.resident_a2,
        home=world.home_a,
        resident_code=world.resident_a2.code,
    )
    record(world.manager_a, Action.UPDATE, world.home_a, home=world.home_a, fields=["phone"])
    status, html = page(world.client("manager_a"), home_url(world.home_a))
    assert status == 200
    assert "About whom" in html
    assert resident_url(world.home_a, world.resident_a.code) in html
    assert resident_url(world.home_a, world.resident_a2.code) in html
    assert "Arthur Singh" in html
    assert "Phone" in html


def test_home_trail_hides_other_homes(world: World) -> None:
    record(
        world.manager_b,
        Action.VIEW,
        world.resident_b,
        home=world.home_b,
        resident_code=world.resident_b.code,
    )
    _, html = page(world.client("manager_a"), home_url(world.home_a))
    assert "Bren" not in html
    assert world.manager_b.full_name not in html


def test_resident_of_another_home_is_404(world: World) -> None:
    record(
        world.manager_b,
        Action.VIEW,
        world.resident_b,
        home=world.home_b,
        resident_code=world.resident_b.code,
    )
    client = world.client("manager_a")
    assert client.get(resident_url(world.home_a, world.resident_b.code)).status_code == 404
    assert client.get(resident_url(world.home_a, uuid.uuid4())).status_code == 404


def test_removed_resident_trail_is_still_readable(world: World) -> None:
    gone = make_resident(world.home_a, full_name="Walter Price", preferred_name="Wally")
    record(world.manager_a, Action.DELETE, gone, home=world.home_a, resident_code=gone.code)
    code = gone.code
    Resident.objects.filter(pk=gone.pk).delete()
    client = world.client("manager_a")
    status, html = page(client, resident_url(world.home_a, code))
    assert status == 200
    assert "Wally (Walter Price)" in html
    assert "Deleted" in html
    _, home_html = page(client, home_url(world.home_a))
    assert "A removed record" in home_html


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in {"manager_a", "manager_b"}])
def test_other_roles_in_the_home_are_refused(world: World, persona: str) -> None:
    client = world.client(persona)
    assert client.get(home_url(world.home_a)).status_code == 403
    assert client.get(resident_url(world.home_a, world.resident_a.code)).status_code == 403


def test_other_homes_manager_gets_404(world: World) -> None:
    client = world.client("manager_b")
    assert client.get(home_url(world.home_a)).status_code == 404
    assert client.get(resident_url(world.home_a, world.resident_a.code)).status_code == 404


def test_anonymous_is_sent_to_sign_in(world: World) -> None:
    for url in [home_url(world.home_a), resident_url(world.home_a, world.resident_a.code)]:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_trail_pages_refuse_post(world: World) -> None:
    assert world.client("manager_a").post(home_url(world.home_a)).status_code == 405


def _many_residents_with_entries(world: World, residents: int) -> None:
    for n in range(residents):
        person = make_resident(world.home_a)
        record(
            world.care_worker_a, Action.VIEW, person, home=world.home_a, resident_code=person.code
        )
        record(
            world.care_worker_a,
            Action.UPDATE,
            person,
            home=world.home_a,
            resident_code=person.code,
            fields=["room", f"field_{n}"],
        )


@pytest.mark.parametrize("residents", [2, 30])
def test_home_trail_query_count_is_constant(
    world: World, residents: int, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    _many_residents_with_entries(world, residents)
    client = world.client("manager_a")
    with django_assert_max_num_queries(7):
        response = client.get(home_url(world.home_a))
    assert response.status_code == 200


@pytest.mark.parametrize("entries", [2, 120])
def test_resident_trail_query_count_is_constant(
    world: World, entries: int, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    _fill(world, entries)
    client = world.client("manager_a")
    with django_assert_max_num_queries(7):
        response = client.get(resident_url(world.home_a, world.resident_a.code))
    assert response.status_code == 200


def test_record_type_is_stored_in_one_language(world: World) -> None:
    with translation.override("cy"):
        entry = record(world.manager_a, Action.VIEW, world.resident_a, home=world.home_a)
    assert entry.object_type == "resident"

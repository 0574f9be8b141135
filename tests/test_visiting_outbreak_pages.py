"""Outbreak pages by persona: who may see and change restrictions, exceptions and the export;
other homes' codes answer 404; query counts stay bounded; hostile text never breaks a page."""

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from commonroom.audit.models import AuditEntry
from commonroom.circle.models import SupportRole
from commonroom.lib.dates import today
from commonroom.visiting.models import (
    Admission,
    NoticeDelivery,
    Restriction,
    RestrictionNotice,
    Visit,
    VisitingException,
    VisitingPreferences,
    Visitor,
)
from commonroom.visiting.services import restrictions as services

from .conftest import PERSONAS, World
from .factories import make_contact, make_resident
from .test_visiting_outbreak import data

VIEWERS = {"manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "visitor_a"}
MANAGERS = {"manager_a"}

HOSTILE = [
    "<script>alert('x')</script>",
    "Zoë 👩‍👩‍👧 café",
    "مرحبا بالعالم שלום",
    "W" * 240,
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://evil")',
]


def url(world: World, name: str, *args: Any, home: Any = None) -> str:
    return reverse(f"visiting:{name}", args=[(home or world.home_a).slug, *args])


def declare(world: World, **overrides: Any) -> Restriction:
    return services.declare(world.home_a, data(**overrides), actor=world.manager_a)


def form_data(world: World, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Flu outbreak",
        "scope": "home",
        "level": "paused",
        "confirmed": "on",
        "risk": "Flu in the home.",
        "risk_assessment": "With the health protection team.",
        "precautions": "Masks.",
        "alternatives_considered": "Garden visits only.",
        "consulted": "Residents and families.",
        "residents_consulted": "on",
        "families_consulted": "on",
        "contact_name": "Jo Manager",
        "contact_details": "01234 567890",
        "next_review_on": (today() + dt.timedelta(days=5)).isoformat(),
        "start_day": today().isoformat(),
        "start_time": "00:00",
    }
    values.update(overrides)
    return values


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_by_persona(world: World, persona: str) -> None:
    declare(world)
    response = world.client(persona).get(url(world, "restrictions"))
    if persona in VIEWERS:
        assert response.status_code == 200
        assert "Norovirus outbreak" in response.content.decode()
    elif persona == "manager_b":
        assert response.status_code == 404
    else:
        assert response.status_code == 403


def test_stranger_is_sent_to_sign_in(world: World) -> None:
    response = Client().get(url(world, "restrictions"))
    assert response.status_code in (302, 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_detail_by_persona(world: World, persona: str) -> None:
    restriction = declare(world)
    response = world.client(persona).get(url(world, "restriction", restriction.code))
    expected = 200 if persona in VIEWERS else 404 if persona == "manager_b" else 403
    assert response.status_code == expected


@pytest.mark.parametrize(
    "name", ["restriction_new", "restrictions_export", "exceptions", "restrictions"]
)
@pytest.mark.parametrize("persona", PERSONAS)
def test_other_pages_by_persona(world: World, persona: str, name: str) -> None:
    response = world.client(persona).get(url(world, name))
    allowed = MANAGERS if name == "restriction_new" else VIEWERS
    expected = 200 if persona in allowed else 404 if persona == "manager_b" else 403
    assert response.status_code == expected


@pytest.mark.parametrize(
    "name", ["restriction_edit", "restriction_review", "restriction_lift", "restriction"]
)
def test_other_homes_restrictions_are_404(world: World, name: str) -> None:
    theirs = services.declare(world.home_b, data(), actor=world.manager_b)
    response = world.client("manager_a").get(url(world, name, theirs.code))
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["senior_carer_a", "care_worker_a", "visitor_a"])
def test_only_managers_change_things(world: World, persona: str) -> None:
    restriction = declare(world)
    client = world.client(persona)
    for name in ("restriction_edit", "restriction_review", "restriction_lift"):
        assert client.post(url(world, name, restriction.code), {}).status_code == 403
    assert client.post(url(world, "restriction_new"), form_data(world)).status_code == 403
    if persona != "senior_carer_a":
        assert client.post(url(world, "exceptions"), {}).status_code == 403
    assert Restriction.objects.count() == 1


def test_manager_declares_reviews_changes_and_lifts(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = world.client("manager_a")
    page = client.get(url(world, "restriction_new")).content.decode()
    assert "78C" in page and "Margaret Ellis" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world, "restriction_new"), form_data(world))
    assert response.status_code == 302
    restriction = Restriction.objects.get()
    assert restriction.level == Restriction.Level.PAUSED
    assert restriction.covered.count() == 2
    assert len(mail.outbox) == 1
    page = client.get(response["Location"]).content.decode()
    assert "Flu outbreak" in page and "Susan Ellis" not in page
    assert "no essential care supporter and no reason recorded" in page

    response = client.post(
        url(world, "restriction_review", restriction.code),
        {
            "outcome": "continue",
            "notes": "Cases falling.",
            "next_review_on": (today() + dt.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 302
    restriction.refresh_from_db()
    assert restriction.next_review_on == today() + dt.timedelta(days=2)

    changed = form_data(world, level="precautions", confirmed="", what_changed="Visits resume.")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world, "restriction_edit", restriction.code), changed)
    assert response.status_code == 302
    restriction.refresh_from_db()
    assert restriction.level == Restriction.Level.PRECAUTIONS

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(world, "restriction_lift", restriction.code), {"reason": "All clear."}
        )
    assert response.status_code == 302
    restriction.refresh_from_db()
    assert not restriction.is_active
    events = set(RestrictionNotice.objects.values_list("event", flat=True))
    assert events == {"started", "changed", "lifted"}
    assert len(mail.outbox) == 3
    page = client.get(url(world, "restriction", restriction.code)).content.decode()
    assert "All clear." in page
    assert client.get(url(world, "restriction_lift", restriction.code)).status_code == 302


def test_pause_without_confirmation_is_a_400(world: World) -> None:
    response = world.client("manager_a").post(
        url(world, "restriction_new"), form_data(world, confirmed="")
    )
    assert response.status_code == 400
    assert "confirmation" in response.content.decode()
    assert not Restriction.objects.exists()


def test_far_review_date_warns(world: World) -> None:
    far = (today() + dt.timedelta(days=30)).isoformat()
    response = world.client("manager_a").post(
        url(world, "restriction_new"), form_data(world, next_review_on=far), follow=True
    )
    assert "more than 14 days away" in response.content.decode()


def test_named_residents_scope_from_the_form(world: World) -> None:
    response = world.client("manager_a").post(
        url(world, "restriction_new"),
        form_data(world, scope="residents", residents=[str(world.resident_a2.code)]),
    )
    assert response.status_code == 302
    restriction = Restriction.objects.get()
    assert list(restriction.covered.values_list("resident_id", flat=True)) == [world.resident_a2.pk]


def test_overdue_review_is_flagged_in_words(world: World) -> None:
    restriction = declare(world)
    due = today() - dt.timedelta(days=4)
    Restriction.objects.filter(pk=restriction.pk).update(next_review_on=due)
    page = world.client("care_worker_a").get(url(world, "restrictions")).content.decode()
    assert f"Review was due on {due.day} {due:%B}: 4 days overdue" in page
    page = world.client("care_worker_a").get(url(world, "restriction", restriction.code))
    assert "4 days overdue" in page.content.decode()


def test_scotland_reason_form_records_the_reason(world: World) -> None:
    restriction = declare(world)
    code = str(world.resident_a2.code)
    response = world.client("manager_a").post(
        url(world, "restriction_reason", restriction.code, world.resident_a2.code),
        {f"{code}-reason": "wish", f"{code}-detail": "Said so at the plan review."},
    )
    assert response.status_code == 302
    prefs = VisitingPreferences.objects.get(resident=world.resident_a2)
    assert prefs.no_supporter_reason == "wish"
    assert AuditEntry.objects.filter(resident_code=world.resident_a2.code).exists()
    bad = world.client("manager_a").post(
        url(world, "restriction_reason", restriction.code, world.resident_a.code), {}
    )
    assert bad.status_code == 400
    other = world.client("manager_a").post(
        url(world, "restriction_reason", restriction.code, world.resident_b.code),
        {f"{world.resident_b.code}-reason": "wish"},
    )
    assert other.status_code == 404


def test_england_page_does_not_ask_for_reasons(world: World) -> None:
    theirs = services.declare(world.home_b, data(), actor=world.manager_b)
    page = world.client("manager_b").get(url(world, "restriction", theirs.code, home=world.home_b))
    assert "no essential care supporter" not in page.content.decode()


def _visit_during(world: World, restriction: Restriction, admission: str, reason: str = "") -> None:
    visitor = Visitor.objects.create(home=world.home_a, name="Tom Ellis", email="tom@example.org")
    visit = Visit.objects.create(
        home=world.home_a,
        visitor=visitor,
        signed_in_at=timezone.now(),
        admission=admission,
        exception_reason=reason,
        restriction=restriction,
    )
    visit.residents.add(world.resident_a)


def test_page_shows_supporters_visits_and_delivery_counts(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    make_contact(
        world.resident_a, name="Tom Ellis", support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER
    )
    with django_capture_on_commit_callbacks(execute=True):
        restriction = declare(world)
    _visit_during(world, restriction, Admission.END_OF_LIFE, "Very poorly today.")
    NoticeDelivery.objects.update(sent_at=None, error="Refused")
    page = world.client("visitor_a").get(url(world, "restriction", restriction.code))
    html = page.content.decode()
    assert "Tom Ellis (Essential care supporter)" in html
    assert "End of life or serious deterioration" in html and "Very poorly today." in html
    assert "Send the failed ones again" not in html
    html = world.client("manager_a").get(url(world, "restriction", restriction.code)).content
    assert b"Send the failed ones again" in html
    notice = restriction.notices.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("manager_a").post(
            url(world, "notice_resend", restriction.code, notice.code)
        )
    assert response.status_code == 302
    assert NoticeDelivery.objects.filter(sent_at__isnull=False).count() == 1


def test_list_query_count_is_bounded(world: World, django_assert_max_num_queries: Any) -> None:
    for n in range(6):
        declare(world, title=f"Restriction {n}")
    client = world.client("manager_a")
    with django_assert_max_num_queries(14):
        assert client.get(url(world, "restrictions")).status_code == 200


def test_detail_query_count_is_bounded(
    world: World, django_assert_max_num_queries: Any, django_capture_on_commit_callbacks: Any
) -> None:
    for _ in range(8):
        person = make_resident(world.home_a)
        make_contact(
            person, email=f"{person.pk}@example.org", support_role="essential_care_supporter"
        )
    with django_capture_on_commit_callbacks(execute=True):
        restriction = declare(world)
    for _ in range(4):
        _visit_during(world, restriction, Admission.NAMED_SUPPORTER)
    services.change(restriction, data(), what_changed="More", actor=world.manager_a)
    client = world.client("manager_a")
    with django_assert_max_num_queries(20):
        assert client.get(url(world, "restriction", restriction.code)).status_code == 200


def test_exceptions_page_records_and_ends(world: World) -> None:
    client = world.client("manager_a")
    response = client.post(
        url(world, "exceptions"),
        {
            "resident": str(world.resident_a.code),
            "kind": "end_of_life",
            "reason": "Receiving palliative care.",
            "starts_on": (today() - dt.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 302
    exception = VisitingException.objects.get()
    entry = AuditEntry.objects.get(object_code=exception.code)
    assert entry.resident_code == world.resident_a.code
    page = world.client("care_worker_a").get(url(world, "exceptions")).content.decode()
    assert "Receiving palliative care." in page and "End it" not in page
    assert client.post(url(world, "exceptions"), {"resident": "nope"}).status_code == 400
    response = client.post(url(world, "exception_end", exception.code))
    assert response.status_code == 302
    exception.refresh_from_db()
    assert exception.ends_on == today() - dt.timedelta(days=1)
    other = VisitingException.objects.create(
        home=world.home_b,
        resident=world.resident_b,
        kind="serious_harm",
        reason="x",
        starts_on=today(),
    )
    assert client.post(url(world, "exception_end", other.code)).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_record_and_end_an_exception(world: World, persona: str) -> None:
    """Managers and senior carers (the end of life does not wait for the manager's shift)."""
    client = world.client(persona)
    response = client.post(
        url(world, "exceptions"),
        {
            "resident": str(world.resident_a.code),
            "kind": "end_of_life",
            "reason": "Receiving palliative care.",
            "starts_on": today().isoformat(),
        },
    )
    may = persona in {"manager_a", "senior_carer_a"}
    expected = 302 if may else 404 if persona == "manager_b" else 403
    assert response.status_code == expected
    assert VisitingException.objects.filter(home=world.home_a).exists() == may
    standing = VisitingException.objects.create(
        home=world.home_a,
        resident=world.resident_a,
        kind="serious_harm",
        reason="Stops eating without her husband's visits.",
        starts_on=today() - dt.timedelta(days=3),
    )
    response = client.post(url(world, "exception_end", standing.code))
    assert response.status_code == (302 if may else 404 if persona == "manager_b" else 403)
    standing.refresh_from_db()
    assert (standing.ends_on is not None) == may


def test_export_xlsx_and_csv_for_the_inspector(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    make_contact(
        world.resident_a, name="Tom Ellis", support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER
    )
    with django_capture_on_commit_callbacks(execute=True):
        restriction = declare(world, title="=cmd|' /C calc'!A0")
    _visit_during(world, restriction, Admission.SERIOUS_HARM, "Distressed without visits.")
    services.lift(restriction, reason="Over.", actor=world.manager_a)
    old = declare(world, title="Long ago")
    Restriction.objects.filter(pk=old.pk).update(
        started_at=timezone.now() - dt.timedelta(days=800),
        lifted_at=timezone.now() - dt.timedelta(days=700),
    )
    client = world.client("visitor_a")
    since = (today() - dt.timedelta(days=30)).isoformat()
    until = today().isoformat()
    response = client.get(url(world, "restrictions_export"), {"since": since, "until": until})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 6
    restrictions = list(book.worksheets[0].values)
    assert len(restrictions) == 2
    assert restrictions[1][1] == "'=cmd|' /C calc'!A0"
    residents = list(book.worksheets[1].values)
    assert any("Tom Ellis (Essential care supporter)" in (row[3] or "") for row in residents)
    notices = list(book.worksheets[3].values)
    assert len(notices) == 3
    visits = list(book.worksheets[4].values)
    assert visits[1][5] == "Stopping visits would cause serious harm"
    assert visits[1][6] == "Distressed without visits."
    assert AuditEntry.objects.filter(action="export", actor=world.visitor_a).exists()
    response = client.get(
        url(world, "restrictions_export"), {"since": since, "until": until, "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][1].startswith("'=")
    bad = client.get(url(world, "restrictions_export"), {"since": until, "until": since})
    assert bad.status_code == 400
    other = world.client("family_a").get(url(world, "restrictions_export"), {"since": since})
    assert other.status_code == 403


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_every_free_text_field(
    world: World, text: str, django_capture_on_commit_callbacks: Any
) -> None:
    client = world.client("manager_a")
    fields = {
        name: text
        for name in (
            "risk",
            "risk_assessment",
            "precautions",
            "alternatives_considered",
            "consulted",
        )
    }
    fields.update(
        title=text[:200],
        contact_name=text[:200],
        contact_details=text[:200],
        scope="area",
        area_name=text[:100],
        residents=[str(world.resident_a.code)],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world, "restriction_new"), form_data(world, **fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    restriction = Restriction.objects.get()
    for name in ("restrictions", "exceptions"):
        html = client.get(url(world, name)).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
    html = client.get(url(world, "restriction", restriction.code)).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    client.post(
        url(world, "restriction_review", restriction.code),
        {"outcome": "continue", "notes": text, "next_review_on": today().isoformat()},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url(world, "restriction_edit", restriction.code),
            form_data(world, **fields, what_changed=text),
        )
    client.post(
        url(world, "exceptions"),
        {
            "resident": str(world.resident_a.code),
            "kind": "serious_harm",
            "reason": text,
            "starts_on": today().isoformat(),
        },
    )
    code = str(world.resident_a.code)
    client.post(
        url(world, "restriction_reason", restriction.code, world.resident_a.code),
        {f"{code}-reason": "wish", f"{code}-detail": text},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(world, "restriction_lift", restriction.code), {"reason": text})
    restriction.refresh_from_db()
    assert restriction.lifted_reason == text.strip()
    for page in (
        client.get(url(world, "restriction", restriction.code)),
        client.get(url(world, "exceptions")),
    ):
        html = page.content.decode()
        assert page.status_code == 200
        assert "<script>alert" not in html and "<img src=x" not in html
    assert all(text.strip()[:50] in m.body for m in mail.outbox)
    export = client.get(
        url(world, "restrictions_export"),
        {"since": today().isoformat(), "until": today().isoformat()},
    )
    assert export.status_code == 200
    load_workbook(io.BytesIO(export.content))

"""Visiting preferences in the personal plan: wishes, named care supporters per nation (or why
there are none), people not to admit (managers only, never family), who may see and change what,
the audit trail with the resident's code, and hostile text."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commonroom.audit.models import AuditEntry
from commonroom.circle.models import SupportRole
from commonroom.homes.models import Home
from commonroom.homes.roles import Role
from commonroom.visiting.models import UnwantedVisitor, VisitingPreferences
from commonroom.visiting.services import credentials
from commonroom.visiting.services.outings import OutingInput, record_leaving
from commonroom.visiting.services.preferences import (
    PreferencesError,
    add_unwanted,
    preferences_for,
    remove_unwanted,
    save_no_supporter_reason,
    save_wishes,
    supporters_for,
)
from commonroom.visiting.services.visitors import save_visitor

from .conftest import PERSONAS
from .factories import client_for, make_contact, make_home, make_member, make_resident

CARE_DETAIL_VIEWERS = {
    "manager_a",
    "senior_carer_a",
    "care_worker_a",
    "activity_lead_a",
    "visitor_a",
}
EDITORS = {"manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a"}
MANAGE_RESIDENTS = {"manager_a", "senior_carer_a"}
HOSTILE = [
    "Nain 👵🏽 and Taid 🎉",
    "مريم وأحمد",
    "שרה",
    "Bea " + "x" * 196,
    "<script>alert('x')</script><b>bold</b>",
]


def _url(world, name="preferences", resident=None, *args):
    person = resident or world.resident_a
    return reverse(f"visiting:{name}", args=[world.home_a.slug, person.code, *args])


# --- Services ------------------------------------------------------------------------------


def test_wishes_are_saved_once_and_audited_with_the_resident(world):
    save_wishes(world.resident_a, who="Susan", when="Afternoons", where="", actor=None)
    save_wishes(world.resident_a, who="Susan", when="Afternoons", where="", actor=None)
    prefs = VisitingPreferences.objects.get(resident=world.resident_a)
    assert prefs.who == "Susan" and prefs.when == "Afternoons"
    entries = AuditEntry.objects.filter(object_code=prefs.code)
    assert entries.count() == 1 and entries.get().resident_code == world.resident_a.code


def test_too_long_wishes_are_refused(world):
    with pytest.raises(PreferencesError):
        save_wishes(world.resident_a, who="x" * 2001, actor=None)


def test_named_supporters_use_the_nations_words(world):
    make_contact(
        world.resident_a, name="Ann Lee", support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER
    )
    prefs = preferences_for(world.resident_a)
    found = supporters_for(world.home_a, world.resident_a, prefs)
    assert [c.name for c in found.named] == ["Ann Lee"]
    assert found.role_label == "Essential care supporter" and "Anne's Law" in found.meaning
    england = supporters_for(world.home_b, world.resident_b, preferences_for(world.resident_b))
    assert england.role_label == "Care supporter" and england.named == []


def test_a_supporter_whose_role_has_ended_is_not_named(world):
    make_contact(
        world.resident_a,
        name="Old",
        support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER,
        role_until=dt.date.today() - dt.timedelta(days=1),
    )
    assert (
        supporters_for(world.home_a, world.resident_a, preferences_for(world.resident_a)).named
        == []
    )


def test_the_reason_for_none_is_recorded(world):
    save_no_supporter_reason(
        world.resident_a, reason="nobody", detail="Her son lives abroad", actor=None
    )
    prefs = preferences_for(world.resident_a)
    found = supporters_for(world.home_a, world.resident_a, prefs)
    assert found.reason == "Nobody is able and willing" and found.reason_detail
    with pytest.raises(PreferencesError):
        save_no_supporter_reason(world.resident_a, reason="made-up", detail="", actor=None)


def test_people_not_to_admit_from_a_visitor_a_contact_or_a_name(world):
    visitor = save_visitor(world.home_a, None, name="Tom Baker", actor=None)
    today = dt.date.today()
    by_visitor = add_unwanted(world.resident_a, visitor=visitor, decided_on=today, actor=None)
    by_contact = add_unwanted(
        world.resident_a, contact=world.family_contact, decided_on=today, actor=None
    )
    by_name = add_unwanted(
        world.resident_a, name="Someone", reason="x", decided_on=today, actor=None
    )
    assert (by_visitor.name, by_contact.name, by_name.name) == (
        "Tom Baker",
        "Susan Ellis",
        "Someone",
    )
    with pytest.raises(PreferencesError):
        add_unwanted(world.resident_a, visitor=visitor, decided_on=today, actor=None)
    with pytest.raises(PreferencesError):
        add_unwanted(world.resident_a, decided_on=today, actor=None)
    with pytest.raises(PreferencesError):
        add_unwanted(world.resident_a2, contact=world.family_contact, decided_on=today, actor=None)
    with pytest.raises(PreferencesError):
        add_unwanted(
            world.resident_a, name="Later", decided_on=today + dt.timedelta(days=2), actor=None
        )
    remove_unwanted(by_name, actor=None)
    assert AuditEntry.objects.filter(
        object_code=by_name.code, action="delete", resident_code=world.resident_a.code
    ).exists()


# --- Pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_the_preferences_page(world, persona):
    client = world.client(persona)
    own = client.get(_url(world)).status_code
    other = client.get(_url(world, resident=world.resident_a2)).status_code
    if persona in CARE_DETAIL_VIEWERS:
        assert own == other == 200
    elif persona == "family_a":
        assert (own, other) == (200, 404)
    elif persona == "resident_user":
        assert (own, other) == (404, 200)
    elif persona == "manager_b":
        assert own == other == 404
    else:
        assert own == other == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_changes_the_wishes(world, persona):
    client = world.client(persona)
    target = world.resident_a2
    response = client.post(_url(world, "preferences_edit", target), {"who": "My grandson"})
    saved = VisitingPreferences.objects.filter(resident=target, who="My grandson").exists()
    if persona in EDITORS or persona == "resident_user":
        assert response.status_code == 302 and saved
    else:
        assert response.status_code in (403, 404) and not saved


def test_family_reads_but_cannot_change(world):
    save_wishes(world.resident_a, who="Susan, Sundays", actor=None)
    client = world.client("family_a")
    page = client.get(_url(world)).content.decode()
    assert "Susan, Sundays" in page and "Change the wishes" not in page
    assert client.get(_url(world, "preferences_edit")).status_code == 403
    assert client.get(_url(world, "preferences_no_supporter")).status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_people_not_to_admit_are_for_managers_only(world, persona):
    add_unwanted(world.resident_a, name="Barred Person", decided_on=dt.date.today(), actor=None)
    client = world.client(persona)
    page = client.get(_url(world))
    add = client.post(
        _url(world, "unwanted_add"), {"name": "New One", "decided_on": dt.date.today()}
    )
    if persona in MANAGE_RESIDENTS:
        assert "Barred Person" in page.content.decode()
        assert add.status_code == 302
    else:
        if page.status_code == 200:
            assert "Barred Person" not in page.content.decode()
            assert "not to admit" not in page.content.decode()
        assert add.status_code in (403, 404)
        assert not UnwantedVisitor.objects.filter(name="New One").exists()


def test_removing_someone_not_to_admit(world):
    entry = add_unwanted(world.resident_a, name="Gone", decided_on=dt.date.today(), actor=None)
    assert (
        world.client("care_worker_a")
        .post(_url(world, "unwanted_remove", None, entry.code))
        .status_code
        == 403
    )
    client = world.client("manager_a")
    other = client.post(_url(world, "unwanted_remove", world.resident_a2, entry.code))
    assert other.status_code == 404
    assert client.post(_url(world, "unwanted_remove", None, entry.code)).status_code == 302
    assert not UnwantedVisitor.objects.filter(pk=entry.pk).exists()


def test_other_homes_residents_are_not_found(world):
    client = world.client("manager_a")
    for name in ("preferences", "preferences_edit", "preferences_no_supporter", "unwanted_add"):
        url = reverse(f"visiting:{name}", args=[world.home_a.slug, world.resident_b.code])
        assert client.get(url).status_code == 404


def test_scotland_asks_for_a_reason_when_there_is_no_supporter(world):
    page = world.client("manager_a").get(_url(world)).content.decode()
    assert "Anne's Law asks the home to record" in page
    response = world.client("manager_a").post(
        _url(world, "preferences_no_supporter"), {"reason": "wish", "detail": "She said so"}
    )
    assert response.status_code == 302
    page = world.client("manager_a").get(_url(world)).content.decode()
    assert "the person&#x27;s wish" in page and "She said so" in page


def test_england_names_care_supporters(world):
    make_contact(world.resident_b, name="Carer Bee", support_role=SupportRole.CARE_SUPPORTER)
    url = reverse("visiting:preferences", args=[world.home_b.slug, world.resident_b.code])
    page = world.client("manager_b").get(url).content.decode()
    assert "Named care supporters (Care supporter)" in page and "Carer Bee" in page
    assert "Regulation 9A" in page


@pytest.mark.parametrize(
    ("nation", "title"),
    [(Home.Nation.WALES, "Designated visitor"), (Home.Nation.NORTHERN_IRELAND, "Care partner")],
)
def test_wales_and_northern_ireland_words(world, nation, title):
    home = make_home(
        world.home_a.organisation, name=f"{nation} home", slug=f"h-{nation[:5]}", nation=nation
    )
    person = make_resident(home)
    manager = make_member(home, Role.MANAGER).user
    page = (
        client_for(manager)
        .get(reverse("visiting:preferences", args=[home.slug, person.code]))
        .content.decode()
    )
    assert f"Named care supporters ({title})" in page


def test_a_bad_reason_is_a_400(world):
    response = world.client("manager_a").post(
        _url(world, "preferences_no_supporter"), {"reason": "", "detail": "text without reason"}
    )
    assert response.status_code == 400


def test_family_sees_their_own_change_by_date_only(world):
    mine = save_visitor(world.home_a, None, name="Susan", contact=world.family_contact, actor=None)
    credentials.issue_door_code(mine, actor=None)
    theirs = save_visitor(world.home_a, None, name="Someone else", actor=None)
    credentials.issue_door_code(theirs, actor=None)
    theirs.door_code_rotate_by = dt.date(2031, 3, 4)
    theirs.save()
    mine.refresh_from_db()
    page = world.client("family_a").get(_url(world)).content.decode()
    assert f"changed by {mine.door_code_rotate_by:%-d %B %Y}" in page
    assert "4 March 2031" not in page
    assert "Your door code" not in world.client("care_worker_a").get(_url(world)).content.decode()


def test_visits_out_show_to_staff_not_family(world):
    record_leaving(
        world.home_a,
        OutingInput(
            resident=world.resident_a,
            left_at=timezone.now() - dt.timedelta(hours=1),
            destination="The garden centre",
        ),
        actor=None,
    )
    assert "Out now" in world.client("care_worker_a").get(_url(world)).content.decode()
    assert "Out now" not in world.client("family_a").get(_url(world)).content.decode()


def test_the_record_links_to_visiting(world):
    for persona in ("manager_a", "family_a"):
        url = reverse("residents:detail", args=[world.home_a.slug, world.resident_a.code])
        page = world.client(persona).get(url).content.decode()
        assert _url(world) in page


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_safe(world, text):
    client = world.client("manager_a")
    assert client.post(_url(world, "preferences_edit"), {"who": text}).status_code == 302
    response = client.post(
        _url(world, "unwanted_add"), {"name": text, "reason": text, "decided_on": dt.date.today()}
    )
    assert response.status_code == 302
    make_contact(world.resident_a, name=text, support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER)
    page = client.get(_url(world)).content.decode()
    assert "<script>alert" not in page
    assert client.get(_url(world, "unwanted_add")).status_code == 200


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_for_3_and_30_people(world):
    client = world.client("manager_a")

    def add(count):
        for n in range(count):
            make_contact(
                world.resident_a,
                name=f"Supporter {n}",
                support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER,
            )
            add_unwanted(
                world.resident_a, name=f"Barred {n}", decided_on=dt.date.today(), actor=None
            )

    add(3)
    few = _page_queries(client, _url(world))
    add(27)
    assert _page_queries(client, _url(world)) == few


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "manager_b"])
def test_the_record_links_to_visiting_preferences_exactly_when_they_open(world, persona):
    """The personal plan on the record points to the visiting preferences for everyone who may
    open them, and for nobody else."""
    person = world.resident_a2 if persona == "resident_user" else world.resident_a
    client = world.client(persona)
    record = client.get(reverse("residents:detail", args=[world.home_a.slug, person.code]))
    if record.status_code != 200:
        return
    link = _url(world, resident=person)
    opens = client.get(link).status_code == 200
    assert (f'href="{link}"' in record.content.decode()) == opens

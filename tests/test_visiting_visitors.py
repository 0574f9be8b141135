"""The visitor list, passes and door codes: who may see and change them, codes and passes shown
once and stored only as digests, the old one stopping at once, overdue changes flagged, a
bounded number of queries, and names that cannot break the page."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonroom.audit.models import AuditEntry
from commonroom.circle.models import Contact
from commonroom.visiting.models import Visitor
from commonroom.visiting.services import credentials
from commonroom.visiting.services.visitors import (
    VisitorError,
    archive_visitor,
    contact_label,
    own_door_codes,
    save_visitor,
    visitor_page,
)

from .conftest import PERSONAS
from .factories import make_contact

MANAGERS = {"manager_a", "senior_carer_a"}
HOSTILE = [
    "Nain 👵🏽 and Taid 🎉",
    "مريم وأحمد",
    "שרה כהן",
    "Bea " + "x" * 196,
    "<script>alert('x')</script><b>bold</b>",
]


def _url(world, name, *args):
    return reverse(f"visiting:{name}", args=[world.home_a.slug, *args])


def _visitor(home, name="Tom Baker", **values):
    return save_visitor(home, None, name=name, actor=None, **values)


@pytest.fixture
def tom(world):
    return _visitor(world.home_a, usual_residents=[world.resident_a])


@pytest.fixture
def other_home_visitor(world):
    return _visitor(world.home_b, name="Bren's friend")


# --- Services ------------------------------------------------------------------------------


def test_adding_a_visitor_tidies_the_name_and_is_audited(world):
    visitor = save_visitor(world.home_a, None, name="  Tom   Baker ", phone="0123", actor=None)
    assert visitor.name == "Tom Baker"
    assert AuditEntry.objects.filter(object_code=visitor.code, action="create").exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 201, "a\x00b"])
def test_a_bad_name_is_refused_in_words(world, name):
    with pytest.raises(VisitorError) as refused:
        save_visitor(world.home_a, None, name=name, actor=None)
    assert refused.value.field == "name"


def test_residents_and_contacts_of_another_home_are_refused(world):
    with pytest.raises(VisitorError):
        save_visitor(world.home_a, None, name="A", usual_residents=[world.resident_b], actor=None)
    stranger = make_contact(world.resident_b, name="Elsewhere")
    with pytest.raises(VisitorError):
        save_visitor(world.home_a, None, name="A", contact=stranger, actor=None)


def test_linking_a_circle_contact_links_their_sign_in(world, tom):
    save_visitor(world.home_a, tom, name=tom.name, contact=world.family_contact, actor=None)
    tom.refresh_from_db()
    assert tom.user == world.family_a
    save_visitor(world.home_a, tom, name=tom.name, contact=None, actor=None)
    tom.refresh_from_db()
    assert tom.user is None


def test_contact_label_reads_as_a_relationship(world):
    world.family_contact.relationship_detail = "Daughter"
    assert contact_label(world.family_contact) == "Susan Ellis — daughter of Peggy"


def test_a_new_pass_stops_the_old_one_and_only_a_digest_is_stored(world, tom):
    first = credentials.issue_pass(tom, actor=None)
    second = credentials.issue_pass(tom, actor=None)
    assert credentials.visitor_for_pass(world.home_a, first) is None
    assert credentials.visitor_for_pass(world.home_a, second) == tom
    tom.refresh_from_db()
    assert second not in tom.pass_digest and len(tom.pass_digest) == 64


def test_a_new_door_code_stops_the_old_one_with_a_change_by_date(world, tom):
    first = credentials.issue_door_code(tom, actor=None)
    second = credentials.issue_door_code(tom, actor=None)
    assert re.fullmatch(r"\d{6}", second)
    assert credentials.visitor_for_door_code(world.home_a, second) == tom
    if first != second:
        assert credentials.visitor_for_door_code(world.home_a, first) is None
    tom.refresh_from_db()
    assert tom.door_code_rotate_by - tom.door_code_set_on == dt.timedelta(days=90)
    assert second not in tom.door_code_digest


def test_archiving_stops_pass_and_code(world, tom):
    token = credentials.issue_pass(tom, actor=None)
    code = credentials.issue_door_code(tom, actor=None)
    archive_visitor(tom, actor=None)
    assert credentials.visitor_for_pass(world.home_a, token) is None
    assert credentials.visitor_for_door_code(world.home_a, code) is None
    assert visitor_page(world.home_a).total == 0


def _make_overdue(visitor, days=3):
    credentials.issue_door_code(visitor, actor=None)
    Visitor.objects.filter(pk=visitor.pk).update(
        door_code_rotate_by=dt.date.today() - dt.timedelta(days=days)
    )


def test_overdue_codes_are_counted_across_the_home(world, tom):
    ann = _visitor(world.home_a, "Ann")
    _make_overdue(tom)
    _make_overdue(ann)
    _make_overdue(_visitor(world.home_b, "Elsewhere"))
    credentials.issue_door_code(_visitor(world.home_a, "Fresh"), actor=None)
    page = visitor_page(world.home_a, text="Fresh")
    assert page.total == 1 and page.codes_due == 2


def test_door_code_gives_the_circle_contact_the_flag(world, tom):
    save_visitor(world.home_a, tom, name=tom.name, contact=world.family_contact, actor=None)
    tom.refresh_from_db()
    credentials.issue_door_code(tom, actor=None)
    assert Contact.objects.get(pk=world.family_contact.pk).has_door_code


# --- Pages per persona -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_visitor_pages_are_for_managers_only(world, tom, persona):
    client = world.client(persona)
    for name, args in (
        ("visitors", ()),
        ("visitor", (tom.code,)),
        ("visitor_pass", (tom.code,)),
        ("visitor_door_code", (tom.code,)),
    ):
        status = client.get(_url(world, name, *args)).status_code
        if persona in MANAGERS:
            assert status == 200, name
        elif persona == "manager_b":
            assert status == 404, name
        else:
            assert status == 403, name


@pytest.mark.parametrize("name", ["visitor", "visitor_pass", "visitor_door_code"])
def test_another_homes_visitor_is_not_found(world, other_home_visitor, name):
    client = world.client("manager_a")
    assert client.get(_url(world, name, other_home_visitor.code)).status_code == 404
    assert client.post(_url(world, name, other_home_visitor.code)).status_code == 404


def test_a_visitor_is_added_and_edited(world):
    client = world.client("manager_a")
    response = client.post(_url(world, "visitors"), {"name": "Jo March", "phone": "07700"})
    visitor = Visitor.objects.get(home=world.home_a, name="Jo March")
    assert response.status_code == 302 and str(visitor.code) in response["Location"]
    response = client.post(
        _url(world, "visitor", visitor.code),
        {
            "name": "Jo March",
            "phone": "",
            "email": "jo@example.org",
            "contact": str(world.family_contact.code),
            "usual_residents": [str(world.resident_a.code), str(world.resident_a2.code)],
        },
    )
    assert response.status_code == 302
    visitor.refresh_from_db()
    assert visitor.email == "jo@example.org" and visitor.contact == world.family_contact
    assert set(visitor.usual_residents.all()) == {world.resident_a, world.resident_a2}


def test_bad_input_is_a_400_with_words(world, tom):
    client = world.client("manager_a")
    response = client.post(_url(world, "visitors"), {"name": ""})
    assert response.status_code == 400 and "Write the visitor" in response.content.decode()
    response = client.post(
        _url(world, "visitor", tom.code),
        {"name": "Tom", "usual_residents": [str(world.resident_b.code)], "email": "nope"},
    )
    assert response.status_code == 400


def test_the_contact_is_offered_with_its_relationship(world, tom):
    page = world.client("manager_a").get(_url(world, "visitor", tom.code)).content.decode()
    assert "Susan Ellis — son or daughter of Peggy" in page


def test_the_list_says_plainly_how_many_codes_are_due(world, tom):
    _make_overdue(tom)
    _make_overdue(_visitor(world.home_a, "Ann"))
    _make_overdue(_visitor(world.home_a, "Bob"))
    page = world.client("manager_a").get(_url(world, "visitors")).content.decode()
    assert "3 door codes are due to be changed" in page
    assert page.count("Change due:") == 3


def test_search_finds_by_name(world, tom):
    _visitor(world.home_a, "Ann Other")
    page = world.client("manager_a").get(_url(world, "visitors"), {"q": "bak"}).content.decode()
    assert "Tom Baker" in page and "Ann Other" not in page


def test_the_list_is_paged(world):
    for n in range(55):
        _visitor(world.home_a, f"Visitor {n:02d}")
    client = world.client("manager_a")
    first = client.get(_url(world, "visitors")).content.decode()
    second = client.get(_url(world, "visitors"), {"page": "2"}).content.decode()
    assert "Visitor 00" in first and "Visitor 54" not in first
    assert "Visitor 54" in second and "Page 2 of 2" in second
    assert client.get(_url(world, "visitors"), {"page": "zz"}).status_code == 200


def _list_queries(world, client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(_url(world, "visitors")).status_code == 200
    return len(captured)


def test_the_list_costs_the_same_queries_for_3_and_30_visitors(world):
    client = world.client("manager_a")
    for n in range(3):
        v = _visitor(world.home_a, f"Few {n}", usual_residents=[world.resident_a])
        credentials.issue_door_code(v, actor=None)
    few = _list_queries(world, client)
    for n in range(27):
        v = _visitor(
            world.home_a,
            f"Many {n}",
            usual_residents=[world.resident_a, world.resident_a2],
            contact=world.family_contact,
        )
        credentials.issue_door_code(v, actor=None)
    assert _list_queries(world, client) == few
    assert few <= 12


def test_issuing_a_pass_shows_the_card_once(world, tom):
    client = world.client("manager_a")
    response = client.post(_url(world, "visitor_pass", tom.code))
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = re.search(r'<code class="govuk-!-font-size-24" translate="no">([^<]+)</code>', page)[1]
    assert "<svg" in page and 'role="img"' in page and "Rowan House" in page
    assert "door tablet" in page
    assert credentials.visitor_for_pass(world.home_a, token) == tom
    again = client.get(_url(world, "visitor_pass", tom.code)).content.decode()
    assert token not in again
    assert not Visitor.objects.filter(pass_digest__contains=token).exists()
    client.post(_url(world, "visitor_pass", tom.code))
    assert credentials.visitor_for_pass(world.home_a, token) is None


def test_issuing_a_door_code_shows_it_once(world, tom):
    client = world.client("senior_carer_a")
    response = client.post(_url(world, "visitor_door_code", tom.code), {"action": "issue"})
    page = response.content.decode()
    code = re.search(r'<span class="govuk-!-font-weight-bold">(\d{6})</span>', page)[1]
    assert response["Cache-Control"] == "no-store"
    assert credentials.visitor_for_door_code(world.home_a, code) == tom
    tom.refresh_from_db()
    assert f"changed by {tom.door_code_rotate_by:%-d %B %Y}" in page
    for url in (_url(world, "visitor_door_code", tom.code), _url(world, "visitor", tom.code)):
        assert code not in client.get(url).content.decode()
    assert not Visitor.objects.filter(door_code_digest=code).exists()


def test_a_door_code_is_withdrawn(world, tom):
    code = credentials.issue_door_code(tom, actor=None)
    client = world.client("manager_a")
    response = client.post(_url(world, "visitor_door_code", tom.code), {"action": "withdraw"})
    assert response.status_code == 302
    assert credentials.visitor_for_door_code(world.home_a, code) is None


def test_archive_and_restore_through_the_pages(world, tom):
    client = world.client("manager_a")
    assert client.post(_url(world, "visitor_archive", tom.code)).status_code == 302
    tom.refresh_from_db()
    assert tom.archived_at is not None
    assert client.post(_url(world, "visitor_pass", tom.code)).status_code == 404
    archived = client.get(_url(world, "visitors"), {"archived": "1"}).content.decode()
    assert "Tom Baker" in archived
    client.post(_url(world, "visitor_archive", tom.code), {"restore": "1"})
    tom.refresh_from_db()
    assert tom.archived_at is None


def test_wrong_roles_cannot_issue_codes_or_passes(world, tom):
    for persona in ("care_worker_a", "volunteer_a", "family_a", "resident_user"):
        client = world.client(persona)
        assert client.post(_url(world, "visitor_door_code", tom.code)).status_code == 403
        assert client.post(_url(world, "visitor_pass", tom.code)).status_code == 403
    tom.refresh_from_db()
    assert not tom.door_code_digest and not tom.pass_digest


def test_own_door_codes_are_only_ones_own(world, tom):
    save_visitor(world.home_a, tom, name=tom.name, contact=world.family_contact, actor=None)
    tom.refresh_from_db()
    credentials.issue_door_code(tom, actor=None)
    credentials.issue_door_code(_visitor(world.home_a, "Someone else"), actor=None)
    assert own_door_codes(world.home_a, world.family_a) == [tom]
    assert own_door_codes(world.home_a, world.resident_user) == []


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_safe_everywhere(world, name):
    client = world.client("manager_a")
    response = client.post(_url(world, "visitors"), {"name": name})
    assert response.status_code == 302
    visitor = Visitor.objects.get(home=world.home_a, name=" ".join(name.split()))
    for url in (
        _url(world, "visitors"),
        _url(world, "visitor", visitor.code),
        _url(world, "visitor_door_code", visitor.code),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
    card = client.post(_url(world, "visitor_pass", visitor.code)).content.decode()
    assert "<script>alert" not in card and card.count("<svg") >= 1
    search = client.get(_url(world, "visitors"), {"q": name}).content.decode()
    assert "<script>alert" not in search


def test_a_name_over_200_characters_is_refused_cleanly(world):
    client = world.client("manager_a")
    response = client.post(_url(world, "visitors"), {"name": "Bea " + "x" * 240})
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    assert not Visitor.objects.filter(home=world.home_a).exists()


def test_a_link_to_someone_whose_resident_moved_out_can_be_kept(world, tom):
    save_visitor(world.home_a, tom, name=tom.name, contact=world.family_contact, actor=None)
    world.resident_a.status = "moved_out"
    world.resident_a.save()
    response = world.client("manager_a").post(
        _url(world, "visitor", tom.code),
        {"name": "Tom Baker", "contact": str(world.family_contact.code)},
    )
    assert response.status_code == 302
    tom.refresh_from_db()
    assert tom.contact == world.family_contact

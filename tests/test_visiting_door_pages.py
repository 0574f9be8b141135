"""The door tablet and the staff door pages: secret addresses, first name and initial only,
pass and door code, guessing slowed down, hostile names, and each persona's access."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonroom.connections.models import Moment
from commonroom.lib.dates import today
from commonroom.visiting.models import Admission, Kiosk, Restriction, Visit, Visitor
from commonroom.visiting.services import door, kiosks
from commonroom.visiting.services.credentials import issue_door_code, issue_pass

from .conftest import PERSONAS, World
from .factories import make_resident

HOSTILE = [
    "<script>alert('x')</script> Smith",
    "Zoë 👩‍👩‍👧 Café",
    "مرحبا بالعالم שלום",
    '"><img src=x onerror=alert(1)> Jones',
]
STAFF = {"manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "volunteer_a"}
VIEWERS = STAFF | {"visitor_a"}
MANAGERS = {"manager_a", "senior_carer_a"}


@pytest.fixture
def tablet(world: World) -> tuple[Kiosk, str]:
    return kiosks.create_kiosk(world.home_a, name="Front door", actor=world.manager_a)


def kurl(token: str, name: str, *args: Any) -> str:
    return reverse(f"kiosk:{name}", args=[token, *args])


def url(world: World, name: str, *args: Any, home: Any = None) -> str:
    return reverse(f"visiting:{name}", args=[(home or world.home_a).slug, *args])


def susan(world: World) -> Visitor:
    person = Visitor.objects.create(
        home=world.home_a, name="Susan Mary Ellis", contact=world.family_contact
    )
    person.usual_residents.add(world.resident_a)
    return person


# --- the tablet ---------------------------------------------------------------------------


def test_bad_and_revoked_tokens_answer_404(world: World, tablet: tuple[Kiosk, str]) -> None:
    kiosk, token = tablet
    assert Client().get(kurl(token, "start")).status_code == 200
    assert Client().get(kurl("not-a-token", "start")).status_code == 404
    assert kiosk.token_digest != token and token not in kiosk.token_digest
    kiosks.revoke_kiosk(kiosk, actor=world.manager_a)
    assert Client().get(kurl(token, "start")).status_code == 404
    assert Client().get(kurl(token, "find")).status_code == 404


def test_name_search_shows_first_name_and_initial_only(
    world: World, tablet: tuple[Kiosk, str]
) -> None:
    _kiosk, token = tablet
    person = susan(world)
    response = Client().get(kurl(token, "find"), {"q": "ellis"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Susan E." in html and "Mary" not in html and "Ellis" not in html.replace("ellis", "")
    assert kurl(token, "visiting", person.code) in html
    assert Client().get(kurl(token, "find"), {"q": "e"}).status_code == 400


def test_returning_visitor_signs_in_with_one_tap(world: World, tablet: tuple[Kiosk, str]) -> None:
    kiosk, token = tablet
    person = susan(world)
    client = Client()
    page = client.get(kurl(token, "visiting", person.code)).content.decode()
    assert "Who are you visiting today?" in page and "Peggy" in page and "checked" in page
    response = client.post(
        kurl(token, "visiting", person.code),
        {"residents": [str(world.resident_a.code)], "party_size": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "You are signed in at" in html
    visit = Visit.objects.get()
    assert visit.kiosk == kiosk and visit.signed_in_by is None
    assert Moment.objects.filter(idempotency_key=f"visit:{visit.code}").count() == 1


def test_pass_and_door_code_find_the_visitor(world: World, tablet: tuple[Kiosk, str]) -> None:
    _kiosk, token = tablet
    person = susan(world)
    pass_token = issue_pass(person, actor=world.manager_a)
    code = issue_door_code(person, actor=world.manager_a)
    client = Client()
    response = client.post(kurl(token, "find"), {"pass_code": f" {pass_token}\n"})
    assert response.status_code == 302
    assert response["Location"] == kurl(token, "visiting", person.code)
    response = client.post(kurl(token, "find"), {"door_code": code})
    assert response["Location"] == kurl(token, "visiting", person.code)
    wrong = client.post(kurl(token, "find"), {"door_code": "000000" if code != "000000" else "1"})
    assert wrong.status_code == 400 and b"did not recognise" in wrong.content


def test_guessing_is_slowed_down_per_tablet(world: World, tablet: tuple[Kiosk, str]) -> None:
    _kiosk, token = tablet
    _other_kiosk, other = kiosks.create_kiosk(world.home_a, name="Back door", actor=world.manager_a)
    client = Client()
    for n in range(kiosks.MAX_FAILURES - 1):
        assert client.post(kurl(token, "find"), {"pass_code": f"guess{n}"}).status_code == 400
    response = client.post(kurl(token, "find"), {"pass_code": "last-guess"})
    assert response.status_code == 429 and b"Please ask a member of staff" in response.content
    assert client.get(kurl(token, "find"), {"q": "ellis"}).status_code == 429
    assert client.get(kurl(other, "find")).status_code == 200


def test_the_lockout_is_kept_in_the_database_and_lapses(
    world: World, tablet: tuple[Kiosk, str]
) -> None:
    """Every web process sees the same count (it is on the tablet's row, not in a process's
    memory), and after the window a tablet starts counting again from one."""
    kiosk, token = tablet
    for _ in range(kiosks.MAX_FAILURES):
        kiosks.note_failure(Kiosk.objects.get(pk=kiosk.pk))
    assert Client().get(kurl(token, "find")).status_code == 429
    long_ago = timezone.now() - dt.timedelta(seconds=kiosks.FAILURE_WINDOW + 1)
    Kiosk.objects.filter(pk=kiosk.pk).update(failures_since=long_ago)
    assert Client().get(kurl(token, "find")).status_code == 200
    fresh = Kiosk.objects.get(pk=kiosk.pk)
    kiosks.note_failure(fresh)
    assert fresh.failed_attempts == 1 and not kiosks.is_locked(fresh)


def test_signing_out_at_the_tablet(world: World, tablet: tuple[Kiosk, str]) -> None:
    _kiosk, token = tablet
    person = susan(world)
    visit = door.sign_in(world.home_a, person, [world.resident_a], actor=None)
    assert visit.visit is not None
    Visitor.objects.create(home=world.home_a, name="Ellis Gone")
    client = Client()
    html = client.get(kurl(token, "leaving"), {"q": "ell"}).content.decode()
    assert "Susan E." in html and "Ellis G." not in html and "Mary" not in html
    response = client.post(kurl(token, "sign_out", visit.visit.code))
    assert response.status_code == 200 and b"You are signed out at" in response.content
    assert not list(door.in_building(world.home_a))
    again = client.post(kurl(token, "sign_out", visit.visit.code))
    assert again.status_code == 302


def test_paused_visit_is_refused_kindly_at_the_tablet(
    world: World, tablet: tuple[Kiosk, str]
) -> None:
    _kiosk, token = tablet
    Restriction.objects.create(
        home=world.home_a,
        title="Flu",
        scope=Restriction.Scope.HOME,
        level=Restriction.Level.PAUSED,
        risk="r",
        risk_assessment="a",
        alternatives_considered="c",
        consulted="x",
        contact_name="Jo Manager",
        contact_details="01234",
        started_at=timezone.now(),
        next_review_on=today() + dt.timedelta(days=2),
    )
    person = Visitor.objects.create(home=world.home_a, name="Joe Bloggs")
    response = Client().post(
        kurl(token, "visiting", person.code),
        {"residents": [str(world.resident_a.code)], "party_size": "1"},
    )
    assert b"Please speak to a member of staff" in response.content
    assert not Visit.objects.exists()


@pytest.mark.parametrize("name", [*HOSTILE, "W" * 250])
def test_hostile_names_at_the_tablet(world: World, tablet: tuple[Kiosk, str], name: str) -> None:
    _kiosk, token = tablet
    client = Client()
    found = client.post(kurl(token, "new"), {"name": name, "find": "Pegg"})
    assert found.status_code == 200 and b"Peggy" in found.content
    response = client.post(
        kurl(token, "new"),
        {
            "name": name,
            "find": "Pegg",
            "residents": [str(world.resident_a.code)],
            "party_size": "1",
            "sign_in": "1",
        },
    )
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    if len(name) > 200:
        assert response.status_code == 400 and not Visit.objects.exists()
        return
    assert response.status_code == 200 and "You are signed in at" in html
    stored = Visitor.objects.get()
    assert stored.name == " ".join(name.split())
    shown = client.get(kurl(token, "leaving"), {"q": name.split()[0][:20]})
    assert shown.status_code == 200
    assert "<script>alert" not in shown.content.decode()


def test_new_visitor_needs_three_letters_to_find_residents(
    world: World, tablet: tuple[Kiosk, str]
) -> None:
    _kiosk, token = tablet
    html = Client().post(kurl(token, "new"), {"name": "A B", "find": "Pe"}).content.decode()
    assert "Peggy" not in html and "at least 3 letters" in html


# --- staff pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_door_tablets_page_by_persona(world: World, persona: str) -> None:
    response = world.client(persona).get(url(world, "kiosks"))
    if persona in MANAGERS:
        assert response.status_code == 200
    elif persona == "manager_b":
        assert response.status_code == 404
    else:
        assert response.status_code == 403


def test_manager_makes_and_stops_a_tablet(world: World) -> None:
    client = world.client("manager_a")
    response = client.post(url(world, "kiosks"), {"name": "Front door"}, follow=True)
    html = response.content.decode()
    assert "/kiosk/" in html
    kiosk = Kiosk.objects.get()
    address = html.split("/kiosk/")[1].split("/")[0]
    assert Client().get(kurl(address, "start")).status_code == 200
    again = client.get(url(world, "kiosks")).content.decode()
    assert "/kiosk/" not in again
    other = world.client("manager_b")
    assert other.post(url(world, "kiosk_revoke", kiosk.code)).status_code == 404
    response = client.post(url(world, "kiosk_revoke", kiosk.code))
    assert response.status_code == 302
    assert Client().get(kurl(address, "start")).status_code == 404
    assert client.post(url(world, "kiosks"), {"name": ""}).status_code == 400


@pytest.mark.parametrize("persona", PERSONAS)
def test_fire_list_and_visits_by_persona(world: World, persona: str) -> None:
    door.sign_in(world.home_a, susan(world), [world.resident_a], actor=world.manager_a)
    client = world.client(persona)
    for name in ("in_building", "visits"):
        response = client.get(url(world, name))
        if persona in VIEWERS:
            assert response.status_code == 200
            assert "Susan Mary Ellis" in response.content.decode()
        elif persona == "manager_b":
            assert response.status_code == 404
        else:
            assert response.status_code == 403
    sign_in_page = client.get(url(world, "sign_in"))
    expected = 200 if persona in STAFF else 404 if persona == "manager_b" else 403
    assert sign_in_page.status_code == expected


def test_staff_sign_out_and_other_homes_visit(world: World) -> None:
    visit = door.sign_in(world.home_a, susan(world), [world.resident_a], actor=world.manager_a)
    assert visit.visit is not None
    b_visitor = Visitor.objects.create(home=world.home_b, name="B Person")
    b_visit = door.sign_in(world.home_b, b_visitor, [world.resident_b], actor=world.manager_b)
    assert b_visit.visit is not None
    client = world.client("care_worker_a")
    assert client.post(url(world, "sign_out", b_visit.visit.code)).status_code == 404
    assert (
        world.client("visitor_a").post(url(world, "sign_out", visit.visit.code)).status_code == 403
    )
    assert client.post(url(world, "sign_out", visit.visit.code)).status_code == 302
    assert not list(door.in_building(world.home_a))
    printable = client.get(url(world, "in_building"), {"print": "1"})
    assert printable.status_code == 200


def test_staff_sign_in_new_and_returning(world: World) -> None:
    client = world.client("care_worker_a")
    response = client.post(
        url(world, "sign_in"),
        {"new_name": "Tom Jones", "residents": [str(world.resident_a2.code)], "party_size": "3"},
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.party_size == 3 and visit.signed_in_by == world.care_worker_a
    person = susan(world)
    found = client.get(url(world, "sign_in"), {"q": "susan"}).content.decode()
    assert "Susan Mary Ellis" in found
    response = client.post(
        url(world, "sign_in"),
        {"visitor": str(person.code), "residents": [str(world.resident_a.code)], "party_size": "1"},
    )
    assert response.status_code == 302
    assert client.post(url(world, "sign_in"), {"party_size": "1"}).status_code == 400


def test_staff_admit_under_an_exception(world: World) -> None:
    Restriction.objects.create(
        home=world.home_a,
        title="Flu",
        scope=Restriction.Scope.HOME,
        level=Restriction.Level.PAUSED,
        risk="r",
        risk_assessment="a",
        alternatives_considered="c",
        consulted="x",
        contact_name="Jo Manager",
        contact_details="01234",
        started_at=timezone.now(),
        next_review_on=today() + dt.timedelta(days=2),
    )
    person = Visitor.objects.create(home=world.home_a, name="Joe Bloggs")
    client = world.client("senior_carer_a")
    base = {"visitor": str(person.code), "residents": [str(world.resident_a.code)]}
    refused = client.post(url(world, "sign_in"), {**base, "party_size": "1"})
    assert refused.status_code == 400 and b"Jo Manager" in refused.content
    no_reason = client.post(
        url(world, "sign_in"), {**base, "party_size": "1", "admission_override": "other_exception"}
    )
    assert no_reason.status_code == 400 and not Visit.objects.exists()
    ok = client.post(
        url(world, "sign_in"),
        {
            **base,
            "party_size": "1",
            "admission_override": "serious_harm",
            "exception_reason": "Very distressed without her son's visits.",
        },
    )
    assert ok.status_code == 302
    visit = Visit.objects.get()
    assert visit.admission == Admission.SERIOUS_HARM and "distressed" in visit.exception_reason
    day = client.get(url(world, "visits")).content.decode()
    assert "distressed" in day


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_on_staff_pages(world: World, name: str) -> None:
    client = world.client("care_worker_a")
    response = client.post(
        url(world, "sign_in"),
        {"new_name": name, "residents": [str(world.resident_a.code)], "party_size": "1"},
    )
    assert response.status_code == 302
    for page in ("in_building", "visits"):
        html = client.get(url(world, page)).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html


def test_visits_page_bad_date_and_other_day(world: World) -> None:
    client = world.client("manager_a")
    assert client.get(url(world, "visits"), {"date": "not-a-date"}).status_code == 400
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert client.get(url(world, "visits"), {"date": yesterday}).status_code == 200


def _visits(world: World, count: int) -> None:
    residents = [make_resident(world.home_a) for _ in range(3)]
    for n in range(count):
        person = Visitor.objects.create(home=world.home_a, name=f"Visitor {n}")
        door.sign_in(world.home_a, person, residents[: 1 + n % 3], actor=world.manager_a)


@pytest.mark.parametrize("count", [3, 30])
def test_query_counts_stay_flat(
    world: World, count: int, django_assert_max_num_queries: Any
) -> None:
    _visits(world, count)
    client = world.client("manager_a")
    client.get(url(world, "in_building"))
    with django_assert_max_num_queries(12):
        assert client.get(url(world, "in_building")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url(world, "visits")).status_code == 200

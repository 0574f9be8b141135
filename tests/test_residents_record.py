"""The resident record page: who sees what, the audit entry, photos and the own sign-in."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from commonroom.audit.models import AuditEntry
from commonroom.homes.models import Invitation, Membership
from commonroom.homes.roles import Role
from commonroom.lib.dates import today
from commonroom.residents.models import (
    AboutMeSection,
    AssistiveTechnology,
    ConsentRecord,
    Interest,
    PersonalPlan,
    PlanOutcome,
    PlanReview,
    ResidentInterest,
    RiskDecision,
    StatusChange,
)

from .conftest import World
from .factories import PASSWORD, give_consent
from .residents_helpers import (  # noqa: F401
    image_upload,
    last_audit,
    media,
    url,
)


def fill_record(world: World) -> None:
    """Give Peggy a full record: every section has something in it."""
    peggy = world.resident_a
    peggy.date_of_birth = dt.date(1936, 4, 2)
    peggy.how_to_communicate = "Sit on her left; she lip-reads."
    peggy.has_dementia = True
    peggy.faith = "Methodist"
    peggy.ambitions = "See the sea again"
    peggy.save()
    AboutMeSection.objects.create(
        home=world.home_a,
        resident=peggy,
        section=AboutMeSection.Section.PEOPLE,
        text="My daughter Susan and my cat Tibbles.",
        supported_by="Susan",
    )
    ResidentInterest.objects.create(
        home=world.home_a,
        resident=peggy,
        interest=Interest.objects.get(slug="brass-bands"),
        when=ResidentInterest.When.PAST,
    )
    ResidentInterest.objects.create(
        home=world.home_a, resident=peggy, detail="Black Dyke Band", when="present"
    )
    AssistiveTechnology.objects.create(
        home=world.home_a,
        resident=peggy,
        kind=AssistiveTechnology.Kind.HEARING_AID,
        next_check_on=today() - dt.timedelta(days=1),
    )
    plan = PersonalPlan.objects.create(
        home=world.home_a, resident=peggy, next_review_on=today() - dt.timedelta(days=3)
    )
    PlanOutcome.objects.create(home=world.home_a, plan=plan, outcome="Go to the bandstand")
    PlanReview.objects.create(
        home=world.home_a, plan=plan, reviewed_on=dt.date(2024, 6, 1), participants="Peggy, Sue"
    )
    RiskDecision.objects.create(
        home=world.home_a,
        resident=peggy,
        choice="Walk to the paper shop alone",
        risk="Falls on the kerb",
        support="Pendant alarm",
        agreed_by="Peggy, Sue, manager",
        decided_on=dt.date(2024, 5, 1),
        review_on=dt.date(2024, 11, 1),
    )
    StatusChange.objects.create(
        home=world.home_a, resident=peggy, status="living_here", started_on=dt.date(2024, 1, 10)
    )


CARE_ONLY = ["1936", "Methodist", "See the sea again", "Go to the bandstand", "Paper shop"]


@pytest.mark.parametrize(
    "persona", ["manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "visitor_a"]
)
def test_staff_with_care_details_see_everything(world: World, persona: str) -> None:
    fill_record(world)
    response = world.client(persona).get(url(world, "detail"))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ["Margaret Ellis", "lip-reads", "Tibbles", "Brass bands", "Black Dyke"]:
        assert text in page
    for text in ["2 April 1936", "Methodist", "See the sea again", "Go to the bandstand"]:
        assert text in page
    assert "Plan review overdue" in page
    assert "Risk decision review overdue" in page
    assert "Assistive technology check overdue" in page
    assert "Updates about me shared with the people I name" in page


def test_volunteer_sees_guidance_not_care_details(world: World) -> None:
    fill_record(world)
    page = world.client("volunteer_a").get(url(world, "detail")).content.decode()
    assert "lip-reads" in page and "Tibbles" in page and "Brass bands" in page
    for text in ["2 April 1936", "Methodist", "Go to the bandstand", "paper shop", "Consent"]:
        assert text not in page
    assert "Living with dementia" not in page


def test_family_sees_about_me_and_interests_only(world: World) -> None:
    fill_record(world)
    response = world.client("family_a").get(url(world, "detail"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Peggy" in page and "Tibbles" in page and "Black Dyke" in page
    for text in ["Margaret Ellis", "lip-reads", "Methodist", "Go to the bandstand", "1936"]:
        assert text not in page
    assert "Write this" not in page


def test_family_cannot_see_another_resident(world: World) -> None:
    response = world.client("family_a").get(url(world, "detail", world.resident_a2))
    assert response.status_code == 404


def test_resident_sees_own_record_with_plan_and_may_write_about_me(world: World) -> None:
    arthur = world.resident_a2
    PersonalPlan.objects.create(home=world.home_a, resident=arthur, next_review_on=today())
    PlanOutcome.objects.create(home=world.home_a, plan=arthur.plan, outcome="Play chess every week")
    client = world.client("resident_user")
    page = client.get(url(world, "detail", arthur)).content.decode()
    assert "Play chess every week" in page
    assert url(world, "about_me_edit", arthur, "people") in page
    assert url(world, "edit", arthur, "profile") not in page
    assert client.get(url(world, "detail")).status_code == 404


def test_other_home_gets_404(world: World) -> None:
    assert world.client("manager_b").get(url(world, "detail")).status_code == 404
    other = reverse("residents:detail", args=[world.home_a.slug, world.resident_b.code])
    assert world.client("manager_a").get(other).status_code == 404


def test_view_is_audited(world: World) -> None:
    world.client("care_worker_a").get(url(world, "detail"))
    entry = last_audit(world.resident_a, AuditEntry.Action.VIEW)
    assert entry.actor == world.care_worker_a


def test_change_links_follow_permissions(world: World) -> None:
    manager_page = world.client("manager_a").get(url(world, "detail")).content.decode()
    assert url(world, "consent_add") in manager_page
    assert url(world, "edit", None, "profile") in manager_page
    assert url(world, "invite") in manager_page
    carer_page = world.client("care_worker_a").get(url(world, "detail")).content.decode()
    assert url(world, "edit", None, "profile") in carer_page
    assert url(world, "consent_add") not in carer_page
    assert url(world, "invite") not in carer_page
    visitor_page = world.client("visitor_a").get(url(world, "detail")).content.decode()
    assert url(world, "edit", None, "profile") not in visitor_page


def test_record_query_count_is_constant(world: World, django_assert_max_num_queries) -> None:
    fill_record(world)
    for n in range(10):
        ResidentInterest.objects.create(
            home=world.home_a, resident=world.resident_a, detail=f"Thing {n}"
        )
        give_consent(world.resident_a, ConsentRecord.Purpose.PHOTOS)
        AssistiveTechnology.objects.create(
            home=world.home_a, resident=world.resident_a, kind="glasses"
        )
    client = world.client("manager_a")
    with django_assert_max_num_queries(22):
        response = client.get(url(world, "detail"))
    assert response.status_code == 200


# Photos and pictures: only for people who may see the person, and only with consent.


@pytest.mark.usefixtures("media")
def test_photo_needs_consent(world: World) -> None:
    peggy = world.resident_a
    peggy.photo.save("p.png", image_upload())
    peggy.photo_description = "Peggy in the garden"
    peggy.save()
    client = world.client("care_worker_a")
    assert client.get(url(world, "photo")).status_code == 404
    assert "<img" not in client.get(url(world, "detail")).content.decode()
    give_consent(peggy, ConsentRecord.Purpose.PHOTOS)
    response = client.get(url(world, "photo"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]
    page = client.get(url(world, "detail")).content.decode()
    assert 'alt="Peggy in the garden"' in page
    give_consent(
        peggy,
        ConsentRecord.Purpose.PHOTOS,
        decision=ConsentRecord.Decision.WITHDRAWN,
        decided_on=dt.date(2024, 9, 1),
    )
    assert client.get(url(world, "photo")).status_code == 404
    assert "<img" not in client.get(url(world, "detail")).content.decode()


@pytest.mark.usefixtures("media")
def test_photo_hidden_from_people_who_cannot_see_the_person(world: World) -> None:
    world.resident_a.photo.save("p.png", image_upload())
    give_consent(world.resident_a, ConsentRecord.Purpose.PHOTOS)
    assert world.client("family_a").get(url(world, "photo")).status_code == 200
    assert world.client("manager_b").get(url(world, "photo")).status_code == 404
    assert world.client("resident_user").get(url(world, "photo")).status_code == 404


def test_no_photo_is_404(world: World) -> None:
    give_consent(world.resident_a, ConsentRecord.Purpose.PHOTOS)
    assert world.client("manager_a").get(url(world, "photo")).status_code == 404


@pytest.mark.usefixtures("media")
def test_about_me_picture_needs_photo_consent(world: World) -> None:
    section = AboutMeSection(
        home=world.home_a,
        resident=world.resident_a,
        section="people",
        text="My family",
        picture_description="Susan and Peggy",
    )
    section.picture.save("x.png", image_upload())
    picture_url = url(world, "about_me_picture", None, "people")
    client = world.client("family_a")
    assert client.get(picture_url).status_code == 404
    assert picture_url not in client.get(url(world, "detail")).content.decode()
    give_consent(world.resident_a, ConsentRecord.Purpose.PHOTOS)
    assert client.get(picture_url).status_code == 200
    assert picture_url in client.get(url(world, "detail")).content.decode()
    assert world.client("manager_b").get(picture_url).status_code == 404


# Inviting the resident to sign in themselves.


def test_invite_resident_full_flow(world: World, django_capture_on_commit_callbacks) -> None:
    peggy = world.resident_a
    manager = world.client("manager_a")
    assert manager.get(url(world, "invite")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(
            url(world, "invite"), {"full_name": "Margaret Ellis", "email": "Peggy@Example.org"}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="peggy@example.org")
    assert invitation.role == Role.RESIDENT
    assert invitation.links == {"resident": str(peggy.code)}
    link = re.search(r"/invitations/[^/\s]+/", mail.outbox[-1].body)
    assert link is not None

    newcomer = Client()
    response = newcomer.post(
        link.group(0), {"full_name": "Margaret Ellis", "password": PASSWORD + " extra"}
    )
    assert response.status_code == 302
    peggy.refresh_from_db()
    assert peggy.user is not None and peggy.user.email == "peggy@example.org"
    assert Membership.objects.get(user=peggy.user, home=world.home_a).role == Role.RESIDENT
    assert last_audit(peggy, AuditEntry.Action.UPDATE).fields == ["user"]

    response = newcomer.get(reverse("residents:list", args=[world.home_a.slug]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(f"/residents/{peggy.code}/")
    assert "Peggy" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("senior_carer_a", 403),
        ("care_worker_a", 403),
        ("family_a", 403),
        ("resident_user", 404),
        ("manager_b", 404),
    ],
)
def test_invite_refused(world: World, persona: str, status: int) -> None:
    response = world.client(persona).post(
        url(world, "invite"), {"full_name": "Margaret Ellis", "email": "p@example.org"}
    )
    assert response.status_code == status
    assert not Invitation.objects.filter(email="p@example.org").exists()


def test_invite_bad_email_is_400(world: World) -> None:
    response = world.client("manager_a").post(
        url(world, "invite"), {"full_name": "Margaret Ellis", "email": "not an email"}
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_invite_existing_member_is_400(world: World) -> None:
    response = world.client("manager_a").post(
        url(world, "invite"), {"full_name": "Margaret Ellis", "email": "susan@example.org"}
    )
    assert response.status_code == 400
    assert "already a member" in response.content.decode()


def test_resident_with_sign_in_cannot_be_invited_again(world: World) -> None:
    response = world.client("manager_a").get(url(world, "invite", world.resident_a2))
    assert response.status_code == 302

"""Giving a contact their own sign-in: invite, accept by link, then the door decides."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from commonroom.audit.models import AuditEntry
from commonroom.circle.models import Contact
from commonroom.homes.models import Invitation, Membership
from commonroom.homes.roles import Role
from commonroom.residents.models import ConsentRecord

from .conftest import World
from .factories import PASSWORD, give_consent, make_contact, make_member, make_user


def invite_url(contact: Contact) -> str:
    return reverse(
        "circle:contact_invite", args=[contact.home.slug, contact.resident.code, contact.code]
    )


def record_url(world: World) -> str:
    return reverse("residents:detail", args=[world.home_a.slug, world.resident_a.code])


def new_contact(world: World, **overrides: object) -> Contact:
    values: dict[str, object] = {
        "name": "Tom Ellis",
        "email": "tom@example.org",
        "may_receive_updates": True,
    }
    values.update(overrides)
    return make_contact(world.resident_a, **values)


def accept_as_new_account(django_capture_on_commit_callbacks: object, world: World) -> Client:
    contact = new_contact(world)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = world.client("manager_a").post(invite_url(contact))
    assert response.status_code == 302
    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body)
    assert link is not None
    path = link.group(0).split("testserver", 1)[-1]
    browser = Client()
    assert browser.get(path).status_code == 200
    accepted = browser.post(path, {"full_name": "Tom Ellis", "password": PASSWORD})
    assert accepted.status_code == 302
    return browser


def test_invite_accept_and_open_the_record(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    browser = accept_as_new_account(django_capture_on_commit_callbacks, world)
    contact = Contact.objects.get(name="Tom Ellis")
    assert contact.user is not None and contact.user.email == "tom@example.org"
    membership = Membership.objects.get(user=contact.user, home=world.home_a)
    assert membership.role == Role.FAMILY
    assert AuditEntry.objects.filter(
        object_code=contact.code, fields=["user"], resident_code=world.resident_a.code
    ).exists()
    assert browser.get(record_url(world)).status_code == 200
    other = reverse("residents:detail", args=[world.home_a.slug, world.resident_a2.code])
    assert browser.get(other).status_code == 404


def test_record_closes_when_consent_is_withdrawn(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    browser = accept_as_new_account(django_capture_on_commit_callbacks, world)
    give_consent(
        world.resident_a,
        ConsentRecord.Purpose.UPDATES,
        decision=ConsentRecord.Decision.WITHDRAWN,
        decided_on="2025-01-01",
    )
    assert browser.get(record_url(world)).status_code == 404


def test_record_closed_without_may_receive_updates(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    browser = accept_as_new_account(django_capture_on_commit_callbacks, world)
    Contact.objects.filter(name="Tom Ellis").update(may_receive_updates=False)
    assert browser.get(record_url(world)).status_code == 404


def test_invitation_is_recorded_with_the_contact_link(world: World) -> None:
    contact = new_contact(world)
    world.client("manager_a").post(invite_url(contact))
    invitation = Invitation.objects.get(email="tom@example.org")
    assert invitation.links == {"contact": str(contact.code)}
    assert invitation.role == Role.FAMILY
    page = world.client("manager_a").get(
        reverse(
            "circle:contact_edit", args=[world.home_a.slug, world.resident_a.code, contact.code]
        )
    )
    assert "waiting to be accepted" in page.content.decode()


def test_existing_family_member_is_linked_at_once(world: World) -> None:
    contact = new_contact(world, email="susan@example.org", name="Susan again")
    response = world.client("manager_a").post(invite_url(contact))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.user == world.family_a
    assert not Invitation.objects.filter(email="susan@example.org").exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("senior_carer_a", 403),
        ("care_worker_a", 403),
        ("volunteer_a", 403),
        ("family_a", 403),
        ("resident_user", 403),
        ("manager_b", 404),
    ],
)
def test_only_managers_invite(world: World, persona: str, status: int) -> None:
    contact = new_contact(world)
    assert world.client(persona).post(invite_url(contact)).status_code == status
    assert not Invitation.objects.exists()


def test_invite_needs_post(world: World) -> None:
    assert world.client("manager_a").get(invite_url(new_contact(world))).status_code == 405


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"email": ""}, "Add an email address"), ({"user": "linked"}, "can already sign in")],
)
def test_invite_refusals_are_400_with_a_message(
    world: World, overrides: dict[str, object], message: str
) -> None:
    if overrides.get("user") == "linked":
        overrides = {"user": make_user()}
    contact = new_contact(world, **overrides)
    response = world.client("manager_a").post(invite_url(contact))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_staff_email_is_refused(world: World) -> None:
    staff = make_member(world.home_a, Role.CARE_WORKER, make_user(email="carer@example.org"))
    contact = new_contact(world, email=staff.user.email)
    response = world.client("manager_a").post(invite_url(contact))
    assert response.status_code == 400
    assert "already a member" in response.content.decode()

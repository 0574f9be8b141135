"""Managers invite, change and remove members; people accept invitations; home settings."""

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from axes.utils import reset as reset_axes
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonroom.accounts.models import User
from commonroom.audit.models import AuditEntry
from commonroom.homes.models import Home, Invitation, Membership
from commonroom.homes.roles import Role

from .conftest import PERSONAS, World
from .factories import PASSWORD, make_member

OTHER_ROLES_IN_A = [p for p in PERSONAS if p not in {"manager_a", "manager_b"}]
NEW_PASSWORD = "a lighthouse at low tide"

Capture = Callable[..., AbstractContextManager[Any]]


@pytest.fixture(autouse=True)
def _fresh_lockouts(db: None) -> Iterator[None]:
    yield
    reset_axes()


def members_url(home: Home) -> str:
    return reverse("homes:members", args=[home.slug])


def invite_url(home: Home) -> str:
    return reverse("homes:invite", args=[home.slug])


def member_url(membership: Membership) -> str:
    return reverse("homes:member", args=[membership.home.slug, membership.code])


def settings_url(home: Home) -> str:
    return reverse("homes:settings", args=[home.slug])


def membership_of(user: User, home: Home) -> Membership:
    return Membership.objects.active().get(user=user, home=home)


def send_invitation(
    world: World, capture: Capture, email: str, role: str = Role.CARE_WORKER, name: str = "Nia Owen"
) -> str:
    """Invite through the page as manager A; return the path of the emailed link."""
    with capture(execute=True):
        response = world.client("manager_a").post(
            invite_url(world.home_a), {"full_name": name, "email": email, "role": role}
        )
    assert response.status_code == 302
    found = re.search(r"https?://testserver(/\S+)", mail.outbox[-1].body)
    assert found is not None
    return found.group(1)


def audit_actions(home: Home, object_type: str) -> list[str]:
    return list(
        AuditEntry.objects.filter(home=home, object_type=object_type)
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


# Inviting


def test_manager_sees_members_and_waiting_invitations(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    send_invitation(world, django_capture_on_commit_callbacks, "nia@example.org")
    response = world.client("manager_a").get(members_url(world.home_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert world.care_worker_a.full_name in html
    assert "nia@example.org" in html
    assert world.manager_b.full_name not in html


def test_invitation_is_emailed_and_audited(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    link = send_invitation(world, django_capture_on_commit_callbacks, "Nia@Example.org")
    message = mail.outbox[-1]
    assert message.to == ["nia@example.org"]
    assert "Rowan House" in message.subject
    assert world.manager_a.full_name in message.body
    invitation = Invitation.objects.get(email="nia@example.org")
    assert link == reverse("homes:accept_invitation", args=[invitation.token])
    entry = AuditEntry.objects.get(home=world.home_a, object_type="invitation")
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor == world.manager_a
    assert entry.fields == ["email", "full_name", "role"]


def test_inviting_again_withdraws_the_older_invitation(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    first = send_invitation(world, django_capture_on_commit_callbacks, "nia@example.org")
    send_invitation(world, django_capture_on_commit_callbacks, "nia@example.org")
    response = Client().get(first)
    assert response.status_code == 410


def test_inviting_an_existing_member_is_refused(world: World) -> None:
    response = world.client("manager_a").post(
        invite_url(world.home_a),
        {"full_name": "Again", "email": world.care_worker_a.email.upper(), "role": "volunteer"},
    )
    assert response.status_code == 400
    assert "already a member of this home" in response.content.decode()
    assert mail.outbox == []


def test_family_and_residents_are_not_invited_from_the_members_page(world: World) -> None:
    response = world.client("manager_a").post(
        invite_url(world.home_a),
        {"full_name": "Tom", "email": "tom@example.org", "role": Role.FAMILY},
    )
    assert response.status_code == 400
    assert not Invitation.objects.filter(email="tom@example.org").exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"full_name": "Nia", "role": "care_worker"},
        {"full_name": "Nia", "email": "not-an-email", "role": "care_worker"},
        {"full_name": "x" * 10_000, "email": "nia@example.org", "role": "care_worker"},
        {"full_name": "Nia", "email": "nia@example.org", "role": "superuser"},
        {"full_name": ["a", "b"], "email": ["a@b.org", "c"], "role": ["manager", 3]},
        {"full_name": "Nia", "email": ("y" * 5000) + "@example.org", "role": "manager"},
    ],
)
def test_invite_garbage_is_a_form_error(world: World, data: dict[str, Any]) -> None:
    response = world.client("manager_a").post(invite_url(world.home_a), data)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not Invitation.objects.exists()


def test_invite_needs_post(world: World) -> None:
    assert world.client("manager_a").get(invite_url(world.home_a)).status_code == 405


# Accepting


def test_new_person_accepts_and_sets_up_an_account(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    link = send_invitation(world, django_capture_on_commit_callbacks, "nia@example.org")
    client = Client()
    page = client.get(link)
    assert page.status_code == 200
    assert "Join Rowan House" in page.content.decode()
    response = client.post(link, {"full_name": "Nia Owen", "password": NEW_PASSWORD})
    assert response["Location"] == reverse("homes:dashboard", args=[world.home_a.slug])
    user = User.objects.get(email="nia@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert membership_of(user, world.home_a).role == Role.CARE_WORKER
    assert Invitation.objects.get(email="nia@example.org").accepted_at is not None
    assert audit_actions(world.home_a, "membership") == [AuditEntry.Action.CREATE]
    # A care worker must set up two-factor before seeing anything.
    assert client.get(response["Location"])["Location"].startswith(reverse("accounts:two_factor"))
    assert Client().get(link).status_code == 410


def test_new_account_refuses_a_weak_password(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    link = send_invitation(world, django_capture_on_commit_callbacks, "nia@example.org")
    for data in [
        {"full_name": "Nia Owen", "password": "password1"},
        {"full_name": "Nia Owen", "password": "short"},
        {"full_name": "", "password": NEW_PASSWORD},
        {},
        {"full_name": "x" * 5000, "password": "y" * 100_000},
    ]:
        response = Client().post(link, data)
        assert response.status_code == 400
        assert "govuk-error-summary" in response.content.decode()
    assert not User.objects.filter(email="nia@example.org").exists()


def test_existing_account_signs_in_then_accepts(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    link = send_invitation(
        world, django_capture_on_commit_callbacks, world.manager_b.email, Role.VISITOR
    )
    response = Client().get(link)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:sign_in')}?next={link}"
    client = world.client("manager_b")
    page = client.get(link)
    assert page.status_code == 200
    assert "password" not in page.content.decode().lower().split("<main")[1]
    accepted = client.post(link)
    assert accepted["Location"] == reverse("homes:dashboard", args=[world.home_a.slug])
    assert membership_of(world.manager_b, world.home_a).role == Role.VISITOR
    assert client.get(accepted["Location"]).status_code == 200


def test_the_wrong_account_cannot_accept(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    link = send_invitation(
        world, django_capture_on_commit_callbacks, world.manager_b.email, Role.VISITOR
    )
    client = world.client("family_a")
    shown = client.get(link)
    assert shown.status_code == 403
    assert "You are signed in as susan@example.org" in shown.content.decode()
    assert "Accept invitation" not in shown.content.decode()
    assert client.post(link).status_code == 403
    assert not Membership.objects.filter(user=world.manager_b, home=world.home_a).exists()
    assert Invitation.objects.get(email=world.manager_b.email).accepted_at is None


@pytest.mark.parametrize("closed_by", ["expired", "withdrawn", "accepted"])
def test_closed_invitations_show_the_closed_page(
    world: World, django_capture_on_commit_callbacks: Capture, closed_by: str
) -> None:
    link = send_invitation(world, django_capture_on_commit_callbacks, "nia@example.org")
    invitation = Invitation.objects.get(email="nia@example.org")
    if closed_by == "expired":
        invitation.created_at = timezone.now() - Invitation.VALID_FOR - timedelta(minutes=1)
    elif closed_by == "withdrawn":
        invitation.withdrawn_at = timezone.now()
    else:
        invitation.accepted_at = timezone.now()
    invitation.save()
    for response in [
        Client().get(link),
        Client().post(link, {"full_name": "N", "password": NEW_PASSWORD}),
    ]:
        assert response.status_code == 410
        assert "This invitation is no longer valid" in response.content.decode()
    assert not User.objects.filter(email="nia@example.org").exists()


def test_unknown_invitation_token_is_404(db: None) -> None:
    assert Client().get(reverse("homes:accept_invitation", args=["nope"])).status_code == 404


# Changing roles and removing


def test_manager_changes_a_role(world: World) -> None:
    membership = membership_of(world.care_worker_a, world.home_a)
    client = world.client("manager_a")
    assert client.get(member_url(membership)).status_code == 200
    response = client.post(member_url(membership), {"action": "role", "role": Role.SENIOR_CARER})
    assert response["Location"] == members_url(world.home_a)
    membership.refresh_from_db()
    assert membership.role == Role.SENIOR_CARER
    entry = AuditEntry.objects.get(home=world.home_a, object_type="membership")
    assert (entry.action, entry.fields, entry.actor) == (
        AuditEntry.Action.UPDATE,
        ["role"],
        world.manager_a,
    )
    assert "Role changed" in client.get(response["Location"]).content.decode()


def test_manager_removes_a_member_who_then_gets_404(world: World) -> None:
    membership = membership_of(world.care_worker_a, world.home_a)
    removed_client = world.client("care_worker_a")
    dashboard = reverse("homes:dashboard", args=[world.home_a.slug])
    assert removed_client.get(dashboard).status_code == 200
    response = world.client("manager_a").post(member_url(membership), {"action": "remove"})
    assert response["Location"] == members_url(world.home_a)
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert audit_actions(world.home_a, "membership") == [AuditEntry.Action.DELETE]
    assert removed_client.get(dashboard).status_code == 404
    assert world.client("manager_a").get(member_url(membership)).status_code == 404


def test_a_removed_member_can_be_invited_again(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    membership = membership_of(world.volunteer_a, world.home_a)
    world.client("manager_a").post(member_url(membership), {"action": "remove"})
    link = send_invitation(world, django_capture_on_commit_callbacks, world.volunteer_a.email)
    world.client("volunteer_a").post(link)
    assert membership_of(world.volunteer_a, world.home_a).role == Role.CARE_WORKER


@pytest.mark.parametrize("data", [{"action": "remove"}, {"action": "role", "role": "volunteer"}])
def test_the_last_manager_cannot_be_removed_or_demoted(world: World, data: dict[str, str]) -> None:
    membership = membership_of(world.manager_a, world.home_a)
    client = world.client("manager_a")
    response = client.post(member_url(membership), data, follow=True)
    assert "A home needs at least one manager" in response.content.decode()
    membership.refresh_from_db()
    assert membership.ended_at is None
    assert membership.role == Role.MANAGER
    assert not AuditEntry.objects.filter(object_type="membership").exists()


def test_a_manager_can_step_down_once_there_is_another(world: World) -> None:
    make_member(world.home_a, Role.MANAGER)
    membership = membership_of(world.manager_a, world.home_a)
    world.client("manager_a").post(member_url(membership), {"action": "role", "role": "visitor"})
    membership.refresh_from_db()
    assert membership.role == Role.VISITOR


@pytest.mark.parametrize(
    "data",
    [{}, {"role": "emperor"}, {"role": ""}, {"role": ["a", "b"]}, {"role": "x" * 10_000}],
)
def test_role_garbage_is_a_form_error(world: World, data: dict[str, Any]) -> None:
    membership = membership_of(world.care_worker_a, world.home_a)
    response = world.client("manager_a").post(member_url(membership), data)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.CARE_WORKER


def test_member_of_another_home_is_404(world: World) -> None:
    other = membership_of(world.manager_b, world.home_b)
    url = reverse("homes:member", args=[world.home_a.slug, other.code])
    assert world.client("manager_a").get(url).status_code == 404


# Every members view, by persona


def _member_views(world: World) -> list[tuple[str, str, dict[str, str]]]:
    target = membership_of(world.volunteer_a, world.home_a)
    return [
        ("get", members_url(world.home_a), {}),
        (
            "post",
            invite_url(world.home_a),
            {"full_name": "N", "email": "n@example.org", "role": "volunteer"},
        ),
        ("get", member_url(target), {}),
        ("post", member_url(target), {"action": "role", "role": "visitor"}),
        ("post", member_url(target), {"action": "remove"}),
        ("get", settings_url(world.home_a), {}),
        (
            "post",
            settings_url(world.home_a),
            {"name": "Taken over", "nation": "wales", "plan_review_months": "6"},
        ),
    ]


@pytest.mark.parametrize("persona", OTHER_ROLES_IN_A)
def test_other_roles_in_the_home_get_403(world: World, persona: str) -> None:
    client = world.client(persona)
    for method, url, data in _member_views(world):
        assert getattr(client, method)(url, data).status_code == 403, (method, url)
    assert membership_of(world.volunteer_a, world.home_a).role == Role.VOLUNTEER
    assert Home.objects.get(pk=world.home_a.pk).name == "Rowan House"


def test_another_homes_manager_gets_404(world: World) -> None:
    client = world.client("manager_b")
    for method, url, data in _member_views(world):
        assert getattr(client, method)(url, data).status_code == 404, (method, url)


def test_anonymous_is_sent_to_sign_in(world: World) -> None:
    for method, url, data in _member_views(world):
        response = getattr(Client(), method)(url, data)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_manager_a_can_use_every_members_view(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    client = world.client("manager_a")
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            getattr(client, m)(url, data).status_code for m, url, data in _member_views(world)
        ]
    assert statuses == [200, 302, 200, 302, 302, 200, 302]


def test_members_page_query_count_does_not_grow(
    world: World, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    client = world.client("manager_a")
    for _ in range(15):
        make_member(world.home_a, Role.CARE_WORKER)
    with django_assert_max_num_queries(8):
        assert client.get(members_url(world.home_a)).status_code == 200


# Home settings


def test_manager_edits_home_settings(world: World) -> None:
    client = world.client("manager_a")
    page = client.get(settings_url(world.home_a))
    assert page.status_code == 200
    response = client.post(
        settings_url(world.home_a),
        {
            "name": "Rowan House",
            "nation": "wales",
            "address": "1 Heol y Dŵr",
            "phone": "01234 567890",
            "plan_review_months": "3",
        },
    )
    assert response["Location"] == settings_url(world.home_a)
    home = Home.objects.get(pk=world.home_a.pk)
    assert (home.nation, home.phone, home.plan_review_months) == ("wales", "01234 567890", 3)
    entry = AuditEntry.objects.get(home=world.home_a, object_type="home")
    assert entry.action == AuditEntry.Action.UPDATE
    assert set(entry.fields) == {"nation", "address", "phone", "plan_review_months"}
    assert "Home details saved" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"name": "", "nation": "wales", "plan_review_months": "6"},
        {"name": "x" * 1000, "nation": "wales", "plan_review_months": "6"},
        {"name": "Rowan", "nation": "mars", "plan_review_months": "6"},
        {"name": "Rowan", "nation": "wales", "plan_review_months": "0"},
        {"name": "Rowan", "nation": "wales", "plan_review_months": "99999999999999999999999"},
        {"name": "Rowan", "nation": "wales", "plan_review_months": "six"},
        {"name": ["a", "b"], "nation": ["wales", "x"], "plan_review_months": ["1", "z"]},
    ],
)
def test_home_settings_garbage_is_a_form_error(world: World, data: dict[str, Any]) -> None:
    response = world.client("manager_a").post(settings_url(world.home_a), data)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    home = Home.objects.get(pk=world.home_a.pk)
    assert (home.name, home.nation) == ("Rowan House", Home.Nation.SCOTLAND)
    assert not AuditEntry.objects.filter(object_type="home").exists()


def test_passwords_in_factories_still_work(world: World) -> None:
    assert world.manager_a.check_password(PASSWORD)

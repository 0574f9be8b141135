"""Inviting people to a home, accepting invitations and removing members."""

from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from commonroom.accounts.models import User
from commonroom.audit.services import Action, record

from ..models import Home, Invitation, Membership
from ..roles import Role
from ..signals import invitation_accepted


class MembershipError(Exception):
    """A change to membership that the home's rules do not allow; the message is for people."""


def invite(
    home: Home,
    *,
    email: str,
    full_name: str,
    role: str,
    actor: User | None,
    links: dict[str, str] | None = None,
    base_url: str,
) -> Invitation:
    """Create an invitation and email its link. One open invitation per address and home."""
    email = email.strip().lower()
    if Membership.objects.active().filter(home=home, user__email=email).exists():
        raise MembershipError(translation.gettext("That person is already a member of this home."))
    with transaction.atomic():
        for stale in Invitation.objects.filter(home=home, email=email, accepted_at__isnull=True):
            stale.withdrawn_at = timezone.now()
            stale.save(update_fields=["withdrawn_at"])
        invitation = Invitation.objects.create(
            home=home,
            email=email,
            full_name=full_name,
            role=role,
            invited_by=actor,
            links=links or {},
        )
        record(actor, Action.CREATE, invitation, home=home, fields=["email", "full_name", "role"])
        link = base_url + reverse("homes:accept_invitation", args=[invitation.token])
        transaction.on_commit(lambda: _send_invitation(invitation, link))
    return invitation


def _send_invitation(invitation: Invitation, link: str) -> None:
    context: dict[str, Any] = {"invitation": invitation, "link": link}
    send_mail(
        subject=translation.gettext("You are invited to %(home)s on Common Room")
        % {"home": invitation.home.name},
        message=render_to_string("homes/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def accept(invitation: Invitation, user: User) -> Membership:
    """Turn an open invitation into a membership for ``user`` (whose email must match)."""
    if not invitation.is_open:
        raise MembershipError(translation.gettext("This invitation has expired or was withdrawn."))
    if user.email.lower() != invitation.email.lower():
        raise MembershipError(
            translation.gettext("This invitation was sent to a different email address.")
        )
    with transaction.atomic():
        membership = Membership.objects.active().filter(home=invitation.home, user=user).first()
        if membership is None:
            membership = Membership.objects.create(
                home=invitation.home, user=user, role=invitation.role
            )
            record(user, Action.CREATE, membership, home=invitation.home, fields=["role"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        invitation_accepted.send(
            sender=Invitation, invitation=invitation, membership=membership, actor=user
        )
    return membership


def _ensure_another_manager(membership: Membership) -> None:
    others = (
        Membership.objects.active()
        .filter(home=membership.home, role=Role.MANAGER)
        .exclude(pk=membership.pk)
    )
    if membership.role == Role.MANAGER and not others.exists():
        raise MembershipError(
            translation.gettext("A home needs at least one manager. Add another first.")
        )


def remove(membership: Membership, *, actor: User) -> None:
    """End a membership. A home always keeps at least one manager."""
    _ensure_another_manager(membership)
    with transaction.atomic():
        membership.ended_at = timezone.now()
        membership.save(update_fields=["ended_at"])
        record(actor, Action.DELETE, membership, home=membership.home, fields=["ended_at"])


def change_role(membership: Membership, role: str, *, actor: User) -> None:
    if role != Role.MANAGER:
        _ensure_another_manager(membership)
    with transaction.atomic():
        membership.role = role
        membership.save(update_fields=["role"])
        record(actor, Action.UPDATE, membership, home=membership.home, fields=["role"])

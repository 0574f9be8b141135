"""Reactions to other apps' signals."""

from typing import Any

from django.dispatch import receiver

from commonroom.homes.models import Invitation, Membership
from commonroom.homes.signals import invitation_accepted

from .services.residents import link_user


@receiver(invitation_accepted, dispatch_uid="residents.link_own_account")
def link_own_account(
    sender: type, invitation: Invitation, membership: Membership, actor: Any, **kwargs: Any
) -> None:
    """A resident who accepts the invitation sent from their record gets that record."""
    resident_code = (invitation.links or {}).get("resident")
    if resident_code:
        link_user(invitation.home, resident_code, membership.user, actor=actor)

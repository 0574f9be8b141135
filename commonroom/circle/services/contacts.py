"""Keeping a resident's contacts, and giving a contact their own Common Room sign-in."""

from collections.abc import Iterable
from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scope

from commonroom.accounts.models import User
from commonroom.audit.services import Action, record
from commonroom.homes.models import Invitation, Membership
from commonroom.homes.roles import Role
from commonroom.homes.services import members

from ..models import Contact
from .errors import CircleError


def save_contact(contact: Contact, *, fields: Iterable[str], actor: User) -> Contact:
    """Create or change a validated contact, auditing the names of the fields set."""
    action = Action.CREATE if contact.pk is None else Action.UPDATE
    with transaction.atomic():
        contact.save()
        record(
            actor,
            action,
            contact,
            home=contact.home,
            resident_code=contact.resident.code,
            fields=fields,
        )
    return contact


def remove_contact(contact: Contact, *, actor: User) -> None:
    """Delete a contact. Anyone named as their substitute stops being one (audited too)."""
    resident_code = contact.resident.code
    with transaction.atomic():
        for substitute in contact.substitutes.all():
            substitute.substitute_for = None
            substitute.save(update_fields=["substitute_for", "updated_at"])
            record(
                actor,
                Action.UPDATE,
                substitute,
                home=contact.home,
                resident_code=resident_code,
                fields=["substitute_for"],
            )
        record(actor, Action.DELETE, contact, home=contact.home, resident_code=resident_code)
        contact.delete()


def link_user(contact: Contact, user: User, *, actor: User) -> None:
    """Record that ``user`` is this contact's own sign-in."""
    with transaction.atomic():
        contact.user = user
        contact.save(update_fields=["user", "updated_at"])
        record(
            actor,
            Action.UPDATE,
            contact,
            home=contact.home,
            resident_code=contact.resident.code,
            fields=["user"],
        )


def give_portal_access(contact: Contact, *, actor: User, base_url: str) -> Invitation | None:
    """Invite a contact to sign in as family, linked to this contact once they accept. A family
    member already in this home (for another resident) is linked at once; None is returned."""
    if contact.user_id is not None:
        raise CircleError(_("%(name)s can already sign in.") % {"name": contact.name})
    if not contact.email:
        raise CircleError(_("Add an email address for %(name)s first.") % {"name": contact.name})
    existing = (
        Membership.objects.active()
        .filter(home=contact.home, user__email__iexact=contact.email, role=Role.FAMILY)
        .select_related("user")
        .first()
    )
    if existing is not None:
        link_user(contact, existing.user, actor=actor)
        return None
    try:
        return members.invite(
            contact.home,
            email=contact.email,
            full_name=contact.name,
            role=Role.FAMILY,
            links={"contact": str(contact.code)},
            actor=actor,
            base_url=base_url,
        )
    except members.MembershipError as error:
        raise CircleError(str(error)) from error


def open_invitation(contact: Contact) -> Invitation | None:
    """The invitation still waiting for this contact to accept, if any."""
    waiting = Invitation.objects.filter(
        home=contact.home,
        links__contact=str(contact.code),
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
    )
    return next((invitation for invitation in waiting if invitation.is_open), None)


def link_invited_contact(
    sender: object, *, invitation: Invitation, membership: Membership, actor: User, **_: object
) -> None:
    """Receiver for ``invitation_accepted``: the new account becomes the contact's sign-in."""
    try:
        code = UUID(str((invitation.links or {}).get("contact", "")))
    except ValueError:
        return
    with scope(home=invitation.home):
        contact = (
            Contact.objects.select_related("resident", "home")
            .filter(home=invitation.home, code=code)
            .first()
        )
        if contact is not None:
            link_user(contact, membership.user, actor=actor)

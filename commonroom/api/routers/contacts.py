"""A resident's contacts: the people in their circle."""

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Router, Status

from commonroom.audit.services import Action, record
from commonroom.circle.models import Contact
from commonroom.circle.services.contacts import remove_contact, save_contact
from commonroom.homes.access import HomeRequest
from commonroom.homes.roles import Perm
from commonroom.residents.access import get_resident_for_user
from commonroom.residents.models import Resident

from ..errors import field_error
from ..schemas import ERRORS, ContactCreate, ContactFields, ContactOut
from ..tenancy import home_scope
from ..validation import full_clean

router = Router(tags=["Contacts"])

# What the circle pages show only to roles that may see contact details.
DETAIL_FIELDS = ("phone", "email", "address", "may_receive_updates", "has_door_code")


@router.get(
    "/homes/{home_slug}/residents/{code}/contacts",
    response={200: list[ContactOut], **ERRORS},
    exclude_unset=True,
    summary="List contacts",
)
def list_contacts(request: HttpRequest, home_slug: str, code: UUID) -> list[dict[str, Any]]:
    """Phone, email, address, who may receive updates and who has a door code appear only for
    roles that may see contact details. The read is audited."""
    with home_scope(request, home_slug) as home_request:
        resident = get_resident_for_user(home_request, code)
        contacts = Contact.objects.filter(resident=resident).select_related("substitute_for")
        with transaction.atomic():
            record(
                home_request.user,
                Action.VIEW,
                resident,
                home=home_request.home,
                resident_code=resident.code,
                fields=["contacts"],
            )
        # Dumped here: re-validating a list of schemas would fill the hidden fields back in.
        return [_out(home_request, contact).model_dump(exclude_unset=True) for contact in contacts]


@router.post(
    "/homes/{home_slug}/residents/{code}/contacts",
    response={201: ContactOut, **ERRORS},
    exclude_unset=True,
    summary="Add a contact",
)
def create_contact(
    request: HttpRequest, home_slug: str, code: UUID, payload: ContactCreate
) -> Status[ContactOut]:
    """``support_role`` must be one the home's nation recognises; ``substitute_for`` is the code
    of this person's essential care supporter or care partner."""
    with home_scope(request, home_slug) as home_request:
        resident = get_resident_for_user(home_request, code, perm=Perm.EDIT_PROFILE)
        values = _values(home_request, resident, payload)
        contact = Contact(home=home_request.home, resident=resident, **values)
        full_clean(contact, exclude=["organisation"])
        save_contact(contact, fields=values, actor=home_request.user)
        return Status(201, _out(home_request, contact))


@router.patch(
    "/homes/{home_slug}/residents/{code}/contacts/{contact_code}",
    response={200: ContactOut, **ERRORS},
    exclude_unset=True,
    summary="Change a contact",
)
def update_contact(
    request: HttpRequest, home_slug: str, code: UUID, contact_code: UUID, payload: ContactFields
) -> ContactOut:
    """Send only the fields to change."""
    with home_scope(request, home_slug) as home_request:
        resident = get_resident_for_user(home_request, code, perm=Perm.EDIT_PROFILE)
        contact = _contact(resident, contact_code)
        values = _values(home_request, resident, payload)
        changed = [name for name, value in values.items() if getattr(contact, name) != value]
        for name, value in values.items():
            setattr(contact, name, value)
        full_clean(contact, exclude=["organisation"])
        save_contact(contact, fields=changed, actor=home_request.user)
        return _out(home_request, contact)


@router.delete(
    "/homes/{home_slug}/residents/{code}/contacts/{contact_code}",
    response={204: None, **ERRORS},
    summary="Remove a contact",
)
def delete_contact(
    request: HttpRequest, home_slug: str, code: UUID, contact_code: UUID
) -> Status[None]:
    with home_scope(request, home_slug) as home_request:
        resident = get_resident_for_user(home_request, code, perm=Perm.EDIT_PROFILE)
        remove_contact(_contact(resident, contact_code), actor=home_request.user)
        return Status(204, None)


def _contact(resident: Resident, code: UUID) -> Contact:
    contact = (
        Contact.objects.filter(resident=resident, code=code)
        .select_related("substitute_for", "resident", "home")
        .first()
    )
    if contact is None:
        raise Http404("No such contact.")
    return contact


def _values(request: HomeRequest, resident: Resident, payload: ContactFields) -> dict[str, Any]:
    """The fields the payload sets, with ``substitute_for`` turned from a code into a contact."""
    values = payload.model_dump(exclude_unset=True)
    if set(DETAIL_FIELDS) & values.keys() and not request.membership.can(Perm.VIEW_CONTACT_DETAILS):
        raise PermissionDenied(
            gettext("Your role cannot see contact details, so it cannot change them.")
        )
    if values.get("substitute_for") is not None:
        named = Contact.objects.filter(resident=resident, code=values["substitute_for"]).first()
        if named is None:
            raise field_error(
                "substitute_for", gettext("Choose someone from this person's own circle.")
            )
        values["substitute_for"] = named
    return values


def _out(request: HomeRequest, contact: Contact) -> ContactOut:
    values: dict[str, Any] = {
        "code": contact.code,
        "name": contact.name,
        "relationship": contact.relationship,
        "relationship_label": contact.get_relationship_display(),
        "relationship_detail": contact.relationship_detail,
        "preferred_method": contact.preferred_method,
        "preferred_frequency": contact.preferred_frequency,
        "contact_notes": contact.contact_notes,
        "support_role": contact.support_role,
        "support_role_label": contact.get_support_role_display(),
        "substitute_for": contact.substitute_for.code if contact.substitute_for else None,
        "role_from": contact.role_from,
        "role_until": contact.role_until,
        "is_representative": contact.is_representative,
        "has_account": contact.user_id is not None,
    }
    if request.membership.can(Perm.VIEW_CONTACT_DETAILS):
        values.update({name: getattr(contact, name) for name in DETAIL_FIELDS})
    return ContactOut(**values)

"""A resident's visiting wishes in their personal plan (who, when, where), their named care
supporters from the circle (or why they have none), and the people they do not want to see."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from commonroom.audit.services import Action, record
from commonroom.circle.models import (
    SUPPORT_ROLE_MEANINGS,
    Contact,
    SupportRole,
    statutory_role_for,
)
from commonroom.homes.models import Home
from commonroom.lib.dates import today
from commonroom.residents.models import Resident

from ..models import UnwantedVisitor, VisitingPreferences, Visitor

MAX_TEXT = 2000
MAX_NAME = 200
WISHES = ("who", "when", "where", "other_wishes")


class PreferencesError(ValueError):
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Supporters:
    """The resident's named care supporters in force, in the nation's words."""

    role_label: str
    meaning: str
    named: list[Contact]
    reason: str
    reason_detail: str

    @property
    def recorded(self) -> bool:
        return bool(self.named or self.reason)


def preferences_for(resident: Resident) -> VisitingPreferences:
    """The resident's visiting preferences, or blank ones (not saved) when none are written."""
    found = VisitingPreferences.objects.filter(home_id=resident.home_id, resident=resident).first()
    return found or VisitingPreferences(
        resident=resident, home_id=resident.home_id, organisation_id=resident.organisation_id
    )


def supporters_for(
    home: Home, resident: Resident, prefs: VisitingPreferences, on: dt.date | None = None
) -> Supporters:
    day = on or today()
    role = statutory_role_for(home.nation)
    named = [
        contact
        for contact in Contact.objects.filter(home=home, resident=resident)
        .exclude(support_role=SupportRole.VISITOR)
        .select_related("substitute_for")
        .order_by("substitute_for_id", "name")
        if contact.role_active(day)
    ]
    reason = (
        "" if named or not prefs.no_supporter_reason else prefs.get_no_supporter_reason_display()
    )
    return Supporters(
        role_label=str(role.label) if role else "",
        meaning=str(SUPPORT_ROLE_MEANINGS.get(home.nation, "")),
        named=named,
        reason=str(reason),
        reason_detail=prefs.no_supporter_detail if reason else "",
    )


def save_wishes(resident: Resident, *, actor: Any, **values: str) -> VisitingPreferences:
    """Change the resident's wishes about visits (who, when, where, anything else)."""
    cleaned = {name: _text(values.get(name, ""), name) for name in WISHES}
    return _save(resident, cleaned, actor)


def save_no_supporter_reason(
    resident: Resident, *, reason: str, detail: str, actor: Any
) -> VisitingPreferences:
    """Record why the resident has no named care supporter (blank reason clears it)."""
    if reason and reason not in VisitingPreferences.NoSupporterReason.values:
        raise PreferencesError("reason", _("Choose why there is no named care supporter."))
    detail = _text(detail, "detail")
    if detail and not reason:
        raise PreferencesError("reason", _("Choose why there is no named care supporter."))
    return _save(resident, {"no_supporter_reason": reason, "no_supporter_detail": detail}, actor)


def _save(resident: Resident, values: dict[str, str], actor: Any) -> VisitingPreferences:
    with transaction.atomic():
        prefs, created = VisitingPreferences.objects.get_or_create(
            resident=resident,
            defaults={"home_id": resident.home_id, "organisation_id": resident.organisation_id},
        )
        changed = [name for name, value in values.items() if getattr(prefs, name) != value]
        if not changed:
            return prefs
        for name in changed:
            setattr(prefs, name, values[name])
        prefs.updated_by = actor if getattr(actor, "pk", None) else None
        prefs.save(update_fields=[*changed, "updated_by", "updated_at"])
        record(
            actor,
            Action.CREATE if created else Action.UPDATE,
            prefs,
            home=resident.home,
            resident_code=resident.code,
            fields=changed,
        )
    return prefs


def unwanted_for(resident: Resident) -> list[UnwantedVisitor]:
    return list(
        UnwantedVisitor.objects.filter(home_id=resident.home_id, resident=resident).order_by("name")
    )


def add_unwanted(
    resident: Resident,
    *,
    visitor: Visitor | None = None,
    contact: Contact | None = None,
    name: str = "",
    reason: str = "",
    decided_on: dt.date,
    actor: Any,
) -> UnwantedVisitor:
    """Record someone the resident does not want to see: a visitor on the list, someone from
    their circle, or a name typed in. Sign-in refuses them for this resident."""
    name = " ".join((name or "").split())
    if visitor is not None and visitor.home_id != resident.home_id:
        raise PreferencesError("visitor", _("Choose a visitor of this home."))
    if contact is not None and contact.resident_id != resident.pk:
        raise PreferencesError("contact", _("Choose someone from this resident's own circle."))
    name = name or (visitor.name if visitor else "") or (contact.name if contact else "")
    if not name:
        raise PreferencesError(
            "name", _("Choose a visitor or someone from the circle, or write a name.")
        )
    if len(name) > MAX_NAME or "\x00" in name:
        raise PreferencesError("name", _("Write a name of at most 200 characters."))
    reason = _text(reason, "reason")
    if decided_on > today():
        raise PreferencesError("decided_on", _("The date cannot be in the future."))
    _refuse_duplicate(resident, visitor, contact)
    with transaction.atomic():
        entry = UnwantedVisitor.objects.create(
            home_id=resident.home_id,
            organisation_id=resident.organisation_id,
            resident=resident,
            visitor=visitor,
            contact=contact,
            name=name,
            reason=reason,
            decided_on=decided_on,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        fields = ["name", "visitor", "contact", "reason", "decided_on"]
        record(
            actor,
            Action.CREATE,
            entry,
            home=resident.home,
            resident_code=resident.code,
            fields=fields,
        )
    return entry


def _refuse_duplicate(resident: Resident, visitor: Visitor | None, contact: Contact | None) -> None:
    listed = UnwantedVisitor.objects.filter(home_id=resident.home_id, resident=resident)
    if visitor is not None and listed.filter(visitor=visitor).exists():
        raise PreferencesError("visitor", _("This visitor is already on the list."))
    if contact is not None and listed.filter(contact=contact).exists():
        raise PreferencesError("contact", _("This person is already on the list."))


def remove_unwanted(entry: UnwantedVisitor, *, actor: Any) -> None:
    resident = entry.resident
    with transaction.atomic():
        record(
            actor,
            Action.DELETE,
            entry,
            home=resident.home,
            resident_code=resident.code,
            fields=["name"],
        )
        entry.delete()


def _text(value: str, field: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT or "\x00" in value:
        raise PreferencesError(field, _("Keep it under 2,000 characters."))
    return value

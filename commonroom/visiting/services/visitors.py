"""The home's list of visitors: finding them, adding and changing them, linking them to a person
in a resident's circle, and archiving them. Passes and door codes live in ``credentials``."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from commonroom.audit.services import Action, record
from commonroom.circle.models import Contact
from commonroom.homes.models import Home
from commonroom.lib.dates import today
from commonroom.residents.models import Resident, ResidentQuerySet

from ..models import Visitor
from .credentials import withdraw_door_code

MAX_NAME = 200
MAX_PHONE = 40
PAGE_SIZE = 50
MAX_SEARCH = 100


class VisitorError(ValueError):
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class VisitorPage:
    visitors: list[Visitor]
    total: int
    page: int
    pages: int
    codes_due: int

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def code_due(visitor: Visitor, on: dt.date | None = None) -> bool:
    """Whether the visitor's door code is past the date it should have been changed."""
    rotate_by = visitor.door_code_rotate_by
    return bool(visitor.door_code_digest) and rotate_by is not None and rotate_by < (on or today())


def visitor_page(
    home: Home, *, text: str = "", page: int = 1, archived: bool = False, on: dt.date | None = None
) -> VisitorPage:
    """One page of the home's visitors (by name), in a fixed number of queries, with how many
    door codes are due for a change across the whole home."""
    day = on or today()
    listed = Visitor.objects.filter(home=home, archived_at__isnull=not archived)
    text = " ".join(text.split())[:MAX_SEARCH]
    if text:
        listed = listed.filter(name__icontains=text)
    total = listed.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    start = (page - 1) * PAGE_SIZE
    rows = list(
        listed.select_related("contact__resident")
        .prefetch_related("usual_residents")
        .order_by("name", "id")[start : start + PAGE_SIZE]
    )
    due = (
        Visitor.objects.filter(home=home, archived_at__isnull=True, door_code_rotate_by__lt=day)
        .exclude(door_code_digest="")
        .count()
    )
    return VisitorPage(visitors=rows, total=total, page=page, pages=pages, codes_due=due)


def contact_label(contact: Contact) -> str:
    """How a person in a resident's circle is offered: "Susan Ellis — daughter of Peggy"."""
    relationship = contact.relationship_detail.strip() or str(contact.get_relationship_display())
    resident = contact.resident
    return _("%(name)s — %(relationship)s of %(resident)s") % {
        "name": contact.name,
        "relationship": relationship.lower(),
        "resident": resident.preferred_name or resident.full_name,
    }


def circle_contacts(home: Home) -> QuerySet[Contact]:
    """Everyone in the circles of the home's current residents, for choosing from."""
    return (
        Contact.objects.filter(home=home, resident__status__in=ResidentQuerySet.CURRENT_STATUSES)
        .select_related("resident")
        .order_by("name", "resident__preferred_name")
    )


def current_residents(home: Home) -> QuerySet[Resident]:
    return Resident.objects.filter(home=home).current().order_by("preferred_name", "full_name")


def clean_name(value: str) -> str:
    name = " ".join((value or "").split())
    if not name:
        raise VisitorError("name", _("Write the visitor's name."))
    if len(name) > MAX_NAME or "\x00" in name:
        raise VisitorError("name", _("Write a name of at most 200 characters."))
    return name


def save_visitor(
    home: Home,
    visitor: Visitor | None,
    *,
    name: str,
    phone: str = "",
    email: str = "",
    contact: Contact | None = None,
    usual_residents: Iterable[Resident] = (),
    actor: Any,
) -> Visitor:
    """Add a visitor (``visitor`` None) or change one. A link to a person in a circle also links
    that person's sign-in, so a family member can see their own door code's change-by date."""
    values = {
        "name": clean_name(name),
        "phone": _short(phone, MAX_PHONE, "phone"),
        "email": (email or "").strip(),
        "contact": contact,
    }
    chosen = list(usual_residents)
    if contact is not None and contact.home_id != home.pk:
        raise VisitorError("contact", _("Choose someone from a circle in this home."))
    if any(r.home_id != home.pk for r in chosen):
        raise VisitorError("usual_residents", _("Choose residents of this home."))
    with transaction.atomic():
        if visitor is None:
            visitor = Visitor(home=home, organisation_id=home.organisation_id)
            changed = [*values, "usual_residents"]
            action = Action.CREATE
        else:
            changed = [k for k, v in values.items() if getattr(visitor, k) != v]
            action = Action.UPDATE
        old_contact = visitor.contact if visitor.contact_id else None
        for key, value in values.items():
            setattr(visitor, key, value)
        _link_user(visitor, old_contact, contact)
        visitor.save()
        if action == Action.UPDATE and _set_residents(visitor, chosen):
            changed.append("usual_residents")
        elif action == Action.CREATE:
            visitor.usual_residents.set(chosen)
        if "contact" in changed:
            _sync_door_code_flag(visitor, old_contact, actor)
        if changed:
            record(actor, action, visitor, home=home, fields=changed)
    return visitor


def _set_residents(visitor: Visitor, chosen: list[Resident]) -> bool:
    before = set(visitor.usual_residents.values_list("id", flat=True))
    if before == {r.pk for r in chosen}:
        return False
    visitor.usual_residents.set(chosen)
    return True


def _link_user(visitor: Visitor, old: Contact | None, new: Contact | None) -> None:
    """Follow the circle's sign-in when the link changes; leave any other link alone."""
    if old is not None and old.user_id and visitor.user_id == old.user_id:
        visitor.user = None
    if new is not None and new.user_id and visitor.user_id is None:
        visitor.user_id = new.user_id


def _sync_door_code_flag(visitor: Visitor, old: Contact | None, actor: Any) -> None:
    """Keep the circle's "has a door code" true when the visitor's link moves."""
    has_code = bool(visitor.door_code_digest)
    targets: list[tuple[Contact, bool]] = []
    if old is not None and old.has_door_code and has_code:
        others = Visitor.objects.filter(home=visitor.home, contact=old, archived_at__isnull=True)
        if not others.exclude(pk=visitor.pk).exclude(door_code_digest="").exists():
            targets.append((old, False))
    new = visitor.contact if visitor.contact_id else None
    if new is not None and has_code and not new.has_door_code:
        targets.append((new, True))
    for contact, value in targets:
        contact.has_door_code = value
        contact.save(update_fields=["has_door_code", "updated_at"])
        record(
            actor,
            Action.UPDATE,
            contact,
            home=visitor.home,
            resident_code=contact.resident.code,
            fields=["has_door_code"],
        )


def archive_visitor(visitor: Visitor, *, actor: Any) -> Visitor:
    """Take a visitor off the list: their pass and door code stop working at once."""
    if visitor.archived_at is not None:
        return visitor
    with transaction.atomic():
        if visitor.door_code_digest:
            withdraw_door_code(visitor, actor=actor)
        visitor.archived_at = timezone.now()
        visitor.pass_digest = ""
        visitor.save(update_fields=["archived_at", "pass_digest", "updated_at"])
        record(actor, Action.UPDATE, visitor, home=visitor.home, fields=["archived_at", "pass"])
    return visitor


def restore_visitor(visitor: Visitor, *, actor: Any) -> Visitor:
    """Put an archived visitor back on the list (with no pass or door code)."""
    if visitor.archived_at is None:
        return visitor
    with transaction.atomic():
        visitor.archived_at = None
        visitor.save(update_fields=["archived_at", "updated_at"])
        record(actor, Action.UPDATE, visitor, home=visitor.home, fields=["archived_at"])
    return visitor


def own_door_codes(home: Home, user: Any) -> list[Visitor]:
    """The visitor records of this signed-in person that hold a door code (for their own
    change-by date; never anyone else's)."""
    if not getattr(user, "pk", None):
        return []
    return list(
        Visitor.objects.filter(home=home, user=user, archived_at__isnull=True)
        .exclude(door_code_digest="")
        .only("code", "name", "door_code_rotate_by", "door_code_digest")
        .order_by("name")
    )


def _short(value: str, limit: int, field: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise VisitorError(field, _("Use at most %(count)s characters.") % {"count": limit})
    return value

"""Visitor passes (a QR code on a card) and personal door codes. Neither is stored: only a keyed
digest, so a copy of the database gives nobody a way in. A new pass or code replaces the old
one at once; door codes carry a date by which they must be changed."""

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from commonroom.audit.services import Action, record
from commonroom.homes.models import Home
from commonroom.lib.dates import today

from ..models import Visitor, VisitorInformation

DOOR_CODE_DIGITS = 6
DEFAULT_ROTATION_DAYS = 90
_ATTEMPTS = 5


def digest(home: Home, value: str) -> str:
    """The keyed digest stored for a pass token or door code of ``home``."""
    message = f"{home.pk}:{value.strip()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def issue_pass(visitor: Visitor, *, actor: Any) -> str:
    """A new pass token for ``visitor`` (the text in the QR code). Shown once; the old pass
    stops working."""
    token = secrets.token_urlsafe(18)
    with transaction.atomic():
        visitor.pass_digest = digest(visitor.home, token)
        visitor.save(update_fields=["pass_digest", "updated_at"])
        record(actor, Action.UPDATE, visitor, home=visitor.home, fields=["pass"])
    return token


def visitor_for_pass(home: Home, token: str) -> Visitor | None:
    token = token.strip()
    if not token or len(token) > 100:
        return None
    return _active(home).filter(pass_digest=digest(home, token)).first()


def issue_door_code(visitor: Visitor, *, actor: Any) -> str:
    """A new personal door code for ``visitor``, unique in the home, with the date by which it
    must be changed. Shown once; the old code stops working."""
    for _attempt in range(_ATTEMPTS):
        code = "".join(secrets.choice("0123456789") for _ in range(DOOR_CODE_DIGITS))
        try:
            with transaction.atomic():
                _store_door_code(visitor, code)
                record(actor, Action.UPDATE, visitor, home=visitor.home, fields=["door_code"])
                _mark_contact(visitor, has_code=True, actor=actor)
            return code
        except IntegrityError:
            continue
    raise RuntimeError("Could not find a free door code.")


def withdraw_door_code(visitor: Visitor, *, actor: Any) -> None:
    with transaction.atomic():
        visitor.door_code_digest = ""
        visitor.door_code_set_on = None
        visitor.door_code_rotate_by = None
        visitor.save(
            update_fields=[
                "door_code_digest",
                "door_code_set_on",
                "door_code_rotate_by",
                "updated_at",
            ]
        )
        record(actor, Action.UPDATE, visitor, home=visitor.home, fields=["door_code"])
        _mark_contact(visitor, has_code=False, actor=actor)


def visitor_for_door_code(home: Home, code: str) -> Visitor | None:
    code = code.strip()
    if not code.isdigit() or len(code) != DOOR_CODE_DIGITS:
        return None
    return _active(home).filter(door_code_digest=digest(home, code)).first()


def door_codes_due(home: Home, on: dt.date | None = None) -> list[Visitor]:
    """Visitors whose door code is past the date it should have been changed."""
    day = on or today()
    return list(
        _active(home)
        .exclude(door_code_digest="")
        .filter(door_code_rotate_by__lt=day)
        .order_by("door_code_rotate_by", "name")
    )


def rotation_days(home: Home) -> int:
    info = VisitorInformation.objects.filter(home=home).only("door_code_rotation_days").first()
    return info.door_code_rotation_days if info else DEFAULT_ROTATION_DAYS


def _store_door_code(visitor: Visitor, code: str) -> None:
    day = today()
    visitor.door_code_digest = digest(visitor.home, code)
    visitor.door_code_set_on = day
    visitor.door_code_rotate_by = day + dt.timedelta(days=rotation_days(visitor.home))
    visitor.save(
        update_fields=["door_code_digest", "door_code_set_on", "door_code_rotate_by", "updated_at"]
    )


def _mark_contact(visitor: Visitor, *, has_code: bool, actor: Any) -> None:
    """Keep the circle's "has a door code" (shown on the Supporters page) true to the codes."""
    contact = visitor.contact if visitor.contact_id else None
    if contact is None or contact.has_door_code == has_code:
        return
    contact.has_door_code = has_code
    contact.save(update_fields=["has_door_code", "updated_at"])
    record(
        actor,
        Action.UPDATE,
        contact,
        home=visitor.home,
        resident_code=contact.resident.code,
        fields=["has_door_code"],
    )


def _active(home: Home) -> Any:
    return Visitor.objects.filter(home=home, archived_at__isnull=True)

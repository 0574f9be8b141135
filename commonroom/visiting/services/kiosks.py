"""Door tablets: a private address per tablet, its secret shown once and stored only as a
keyed digest (like calendar feeds), revoked at once when a tablet is lost. Guessing passes,
door codes or names on a tablet is slowed down per tablet."""

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils import timezone
from django_scopes import scopes_disabled

from commonroom.audit.services import Action, record
from commonroom.homes.models import Home

from ..models import Kiosk

MAX_FAILURES = 10
FAILURE_WINDOW = 10 * 60
TOUCH_EVERY = dt.timedelta(minutes=5)


def token_digest(token: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"kiosk:{token}".encode(), hashlib.sha256
    ).hexdigest()


def create_kiosk(home: Home, *, name: str, actor: Any) -> tuple[Kiosk, str]:
    """A new door tablet and the secret of its address (shown once, never stored)."""
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        kiosk = Kiosk.objects.create(
            home=home, name=name.strip(), token_digest=token_digest(token), created_by=actor
        )
        record(actor, Action.CREATE, kiosk, home=home, fields=["name"])
    return kiosk, token


def revoke_kiosk(kiosk: Kiosk, *, actor: Any) -> None:
    with transaction.atomic():
        kiosk.revoked_at = timezone.now()
        kiosk.save(update_fields=["revoked_at", "updated_at"])
        record(actor, Action.UPDATE, kiosk, home=kiosk.home, fields=["revoked_at"])


def live_kiosks(home: Home) -> QuerySet[Kiosk]:
    return Kiosk.objects.filter(home=home, revoked_at__isnull=True).select_related("created_by")


def kiosk_for_token(token: str) -> Kiosk | None:
    """The live tablet with this secret, with its home, or None."""
    if not token or len(token) > 100:
        return None
    with scopes_disabled():
        kiosk = (
            Kiosk.objects.filter(token_digest=token_digest(token), revoked_at__isnull=True)
            .select_related("home__organisation")
            .first()
        )
    if kiosk is not None and (
        kiosk.last_used_at is None or timezone.now() - kiosk.last_used_at > TOUCH_EVERY
    ):
        kiosk.last_used_at = timezone.now()
        with scopes_disabled():
            Kiosk.objects.filter(pk=kiosk.pk).update(last_used_at=kiosk.last_used_at)
    return kiosk


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=FAILURE_WINDOW)


def is_locked(kiosk: Kiosk) -> bool:
    """Too many wrong passes, door codes or fruitless searches lately on this tablet."""
    return (
        kiosk.failed_attempts >= MAX_FAILURES
        and kiosk.failures_since is not None
        and kiosk.failures_since > _window_start()
    )


def note_failure(kiosk: Kiosk) -> None:
    """Count one more failure in one UPDATE, so two processes at once both count; a count
    older than the window starts again from one."""
    now = timezone.now()
    stale = Q(failures_since__isnull=True) | Q(failures_since__lte=_window_start())
    with scopes_disabled():
        Kiosk.objects.filter(pk=kiosk.pk).update(
            failed_attempts=Case(When(stale, then=Value(1)), default=F("failed_attempts") + 1),
            failures_since=Case(When(stale, then=Value(now)), default=F("failures_since")),
        )
        fresh = Kiosk.objects.filter(pk=kiosk.pk).values("failed_attempts", "failures_since")[0]
    kiosk.failed_attempts = fresh["failed_attempts"]
    kiosk.failures_since = fresh["failures_since"]

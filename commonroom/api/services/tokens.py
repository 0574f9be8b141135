"""Making, checking and revoking personal API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext

from commonroom.accounts.models import User

from ..models import ApiToken

TOKEN_PREFIX = "cr_"  # noqa: S105 (a marker that makes leaked tokens easy to scan for)
PREFIX_LENGTH = len(TOKEN_PREFIX) + 8
MAX_ACTIVE_TOKENS = 20
# Writing "last used" on every call would turn each read into a write; a minute is precise enough.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenError(Exception):
    """A token request the rules do not allow; the message is for people."""


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(user: User, *, name: str, two_factor_verified: bool) -> tuple[ApiToken, str]:
    """Create a token for ``user`` and return it with its secret, which is never stored and
    cannot be shown again."""
    if ApiToken.objects.active().filter(user=user).count() >= MAX_ACTIVE_TOKENS:
        raise TokenError(
            gettext("You have %(count)d tokens. Revoke one you no longer use first.")
            % {"count": MAX_ACTIVE_TOKENS}
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        token_hash=hash_secret(secret),
        two_factor_verified=two_factor_verified,
    )
    return token, secret


def revoke_token(token: ApiToken) -> None:
    """Stop ``token`` working at once. Revoking twice keeps the first date."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def token_for_secret(secret: str) -> ApiToken | None:
    """The active token whose secret this is, with its active user; None otherwise. Notes the
    time of use."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(token_hash=hash_secret(secret), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token

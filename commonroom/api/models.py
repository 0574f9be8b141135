"""Personal API tokens: how a program acts for one person, with exactly that person's rights."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from commonroom.lib.models import CodedModel


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)


class ApiToken(CodedModel):
    """A secret a person gives a program. Only its SHA-256 hash is kept: the secret itself is
    shown once, when it is made. ``prefix`` (the secret's first characters) lets the owner tell
    tokens apart without the secret being stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, for example: rota import.")
    )
    prefix = models.CharField(max_length=16)
    token_hash = models.CharField(max_length=64, unique=True)
    # A staff role needs a second factor; a token made without one must not stand in for it.
    two_factor_verified = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

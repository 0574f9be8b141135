"""An uploaded file waiting between its dry run and its import."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonroom.homes.models import TenantModel

from .columns import Kind


class PendingImport(TenantModel):
    """The exact bytes a manager checked, so that the import writes what the dry run showed.
    It holds personal data, so it lives briefly and only its uploader can see or import it."""

    KEEP_FOR = timedelta(hours=2)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("file waiting to be imported")

    def __str__(self) -> str:
        return self.filename or str(self.code)

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    @property
    def data(self) -> bytes:
        return bytes(self.content)

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_intact(self) -> bool:
        """The stored bytes are still the ones that were uploaded and checked."""
        return self.digest(self.data) == self.sha256

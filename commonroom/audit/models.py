"""Who saw and changed whose personal data, and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from commonroom.homes.models import Home


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        IMPORT = "import", _("Imported")

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200, help_text=_("Kept if the account is removed."))
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=100)
    object_code = models.UUIDField(null=True, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    # The resident the entry is about, so a manager can read one person's whole trail.
    resident_code = models.UUIDField(null=True, blank=True, db_index=True)
    # Field names only: the audit trail must not become a second copy of the personal data.
    fields = models.JSONField(default=list, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ScopedManager(home="home")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["home", "resident_code", "-at"], name="audit_resident_idx")]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.action} {self.object_type} {self.object_label}"

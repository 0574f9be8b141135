"""A run of the weekly planner and the invitations it proposes, each with its reasons. Nothing
reaches residents until staff accept a proposal."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from commonroom.activities.models import Session
from commonroom.homes.models import TenantModel
from commonroom.residents.models import Resident


class PlanRun(TenantModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Planning")
        DONE = "done", _("Ready to review")
        FAILED = "failed", _("Failed")

    week = models.DateField(_("week starting"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    objective = models.FloatField(null=True)
    bound = models.FloatField(null=True)
    gap = models.FloatField(null=True, help_text="Proven optimality gap, 0.01 = 1%.")
    seconds = models.FloatField(null=True)
    shortfalls = models.JSONField(
        default=list,
        blank=True,
        help_text="Constraints that could not all be met, and by how much.",
    )
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("plan for a week")

    def __str__(self) -> str:
        return f"Plan for week of {self.week}"


class PlanProposal(TenantModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    run = models.ForeignKey(PlanRun, on_delete=models.CASCADE, related_name="proposals")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)

    class Meta:
        verbose_name = _("proposed invitation")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "session", "resident"], name="proposal_once_per_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident} → {self.session}"

"""The early warning's settings per home, and what staff have said they understand."""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from commonroom.homes.models import Membership, TenantModel
from commonroom.residents.models import Resident


class WarningRuleSetting(TenantModel):
    """A manager's tuning of one early-warning rule. Rules without a row use the defaults
    written down beside each rule in ``connections.rules``."""

    rule = models.CharField(_("rule"), max_length=40)
    enabled = models.BooleanField(_("in use"), default=True)
    threshold = models.PositiveSmallIntegerField(_("threshold"))
    weight = models.PositiveSmallIntegerField(_("weight"))

    class Meta:
        ordering = ["rule"]
        verbose_name = _("early-warning rule setting")
        constraints = [
            models.UniqueConstraint(fields=["home", "rule"], name="warning_rule_setting_unique")
        ]

    def __str__(self) -> str:
        return self.rule


class ReasonAcknowledgementQuerySet(models.QuerySet["ReasonAcknowledgement"]):
    def in_force(self, on: "object") -> "ReasonAcknowledgementQuerySet":
        return self.filter(review_on__gte=on, withdrawn_at__isnull=True)


class ReasonAcknowledgement(TenantModel):
    """Staff have looked at one reason for one person and understand it ("prefers her own
    company; reviewed with her on 3 May"). The reason stays off the list until the review date."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(_("reason"), max_length=40)
    note = models.TextField(_("what we understand"))
    review_on = models.DateField(_("look again on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[Any] = ScopedManager(
        home="home", _manager_class=models.Manager.from_queryset(ReasonAcknowledgementQuerySet)
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("understood reason")

    def __str__(self) -> str:
        return f"{self.resident} - {self.rule}"


class OnShift(TenantModel):
    """A member of staff on shift in the home on a day (so the list knows who is here today,
    for example who speaks a resident's language)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        verbose_name = _("on shift")
        constraints = [
            models.UniqueConstraint(fields=["membership", "day"], name="on_shift_unique")
        ]
        indexes = [models.Index(fields=["home", "day"], name="on_shift_home_day_idx")]

    def __str__(self) -> str:
        return f"{self.membership} {self.day}"

"""Outbreak mode done lawfully: each restriction is its own record with its scope, the risk and
its assessment, precautions, the less restrictive options weighed, who was consulted, reviews,
written notices to visitors and families, and the exceptions the law names."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from commonroom.homes.models import TenantModel
from commonroom.residents.models import Resident


class Restriction(TenantModel):
    """A visiting restriction from the moment it is declared until it is lifted."""

    class Scope(models.TextChoices):
        HOME = "home", _("The whole home")
        AREA = "area", _("A floor or unit")
        RESIDENTS = "residents", _("Named residents")

    class Level(models.TextChoices):
        PRECAUTIONS = "precautions", _("Visiting goes on with precautions")
        PAUSED = (
            "paused",
            _("Visits paused, except named care supporters and the exceptions the law names"),
        )

    title = models.CharField(_("what it is"), max_length=200)
    scope = models.CharField(_("who it covers"), max_length=20, choices=Scope.choices)
    area_name = models.CharField(_("floor or unit"), max_length=100, blank=True)
    residents: "models.ManyToManyField[Resident, RestrictionResident]" = models.ManyToManyField(
        Resident,
        through="RestrictionResident",
        related_name="restrictions",
        verbose_name=_("residents affected"),
    )
    level = models.CharField(_("what it means for visits"), max_length=20, choices=Level.choices)
    risk = models.TextField(_("the risk"))
    risk_assessment = models.TextField(_("how the risk was assessed"))
    precautions = models.TextField(_("precautions visitors are asked to take"), blank=True)
    alternatives_considered = models.TextField(_("less restrictive options considered"))
    consulted = models.TextField(
        _("who was consulted"),
        help_text=_("Including the residents affected and their families, and any health team."),
    )
    residents_consulted = models.BooleanField(_("the residents affected were asked"), default=False)
    families_consulted = models.BooleanField(_("their families were asked"), default=False)
    contact_name = models.CharField(_("named contact"), max_length=200)
    contact_details = models.CharField(_("how to reach them"), max_length=200)
    started_at = models.DateTimeField(_("started"))
    next_review_on = models.DateField(_("next review"))
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_reason = models.TextField(_("why it was lifted"), blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("visiting restriction")
        indexes = [models.Index(fields=["home", "lifted_at"], name="restriction_home_open_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lifted_at__isnull=True)
                | models.Q(lifted_at__gte=models.F("started_at")),
                name="restriction_lifted_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class RestrictionResident(TenantModel):
    """A resident a restriction covers, with the named care supporters they had when it was
    declared (or, in Scotland, the reason they had none) so the record stands on its own."""

    restriction = models.ForeignKey(Restriction, on_delete=models.CASCADE, related_name="covered")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    supporters = models.JSONField(_("named care supporters"), default=list, blank=True)
    no_supporter_reason = models.TextField(_("why there is none"), blank=True)

    class Meta:
        ordering = ["resident__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["restriction", "resident"], name="restriction_resident_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.restriction}: {self.resident}"


class RestrictionReview(TenantModel):
    """A review of a restriction: kept as it is, changed, or lifted, and the next review date."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("Keep it as it is")
        CHANGE = "change", _("Change it")
        LIFT = "lift", _("Lift it")

    restriction = models.ForeignKey(Restriction, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    notes = models.TextField(_("what was considered"))
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on", "-created_at"]
        verbose_name = _("restriction review")

    def __str__(self) -> str:
        return f"{self.restriction} {self.reviewed_on}"


class VisitingException(TenantModel):
    """A resident whose visits must go on whatever the restriction: near the end of life (or in
    Scotland, likely to deteriorate significantly) or harmed by the loss of visits."""

    class Kind(models.TextChoices):
        END_OF_LIFE = "end_of_life", _("End of life or serious deterioration")
        SERIOUS_HARM = "serious_harm", _("Stopping visits would cause serious harm")

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="visiting_exceptions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("why"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("visiting exception")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="visiting_exception_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident} {self.get_kind_display()}"


class RestrictionNotice(TenantModel):
    """A written notice to visitors and families when a restriction starts, changes or ends,
    with its reasons and a named contact. Deliveries are rows first, sent by a task."""

    class Event(models.TextChoices):
        STARTED = "started", _("Started")
        CHANGED = "changed", _("Changed")
        LIFTED = "lifted", _("Lifted")

    restriction = models.ForeignKey(Restriction, on_delete=models.CASCADE, related_name="notices")
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("restriction notice")

    def __str__(self) -> str:
        return self.subject


class NoticeDelivery(TenantModel):
    """One email of a notice to one person; ``sent_at`` stays empty until it has gone."""

    notice = models.ForeignKey(
        RestrictionNotice, on_delete=models.CASCADE, related_name="deliveries"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    # What this person was sent, in their language and about their own person only, so the
    # record shows exactly what each family read.
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "email"], name="notice_delivery_unique")
        ]

    def __str__(self) -> str:
        return f"{self.notice} → {self.email}"

"""Organisations own homes; people belong to homes through memberships with a role."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from commonroom.lib.models import CodedModel, TimestampedModel

from .roles import ROLE_PERMS, STAFF_ROLES, Perm, Role


class Organisation(CodedModel, TimestampedModel):
    class Kind(models.TextChoices):
        PROVIDER = "provider", _("Care provider")
        COUNCIL = "council", _("Local authority")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROVIDER)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Home(CodedModel, TimestampedModel):
    class Nation(models.TextChoices):
        ENGLAND = "england", _("England")
        SCOTLAND = "scotland", _("Scotland")
        WALES = "wales", _("Wales")
        NORTHERN_IRELAND = "northern_ireland", _("Northern Ireland")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="homes")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("web address name"), max_length=60, unique=True, help_text=_("Used in page addresses.")
    )
    nation = models.CharField(
        _("UK nation"),
        max_length=20,
        choices=Nation.choices,
        help_text=_("Decides which visiting and care-supporter rules apply."),
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    plan_review_months = models.PositiveSmallIntegerField(
        _("personal plan review interval (months)"),
        default=6,
        help_text=_("Used when a plan has no review date of its own."),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TenantModel(CodedModel, TimestampedModel):
    """Every tenant-owned row carries its home and organisation, so queries can be scoped and the
    data can one day be distributed by tenant. Queries outside a home scope fail loudly."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    objects = ScopedManager(home="home")

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if self.organisation_id is None and self.home_id is not None:
            self.organisation_id = Home.objects.values_list("organisation_id", flat=True).get(
                pk=self.home_id
            )
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> "MembershipQuerySet":
        return self.filter(ended_at__isnull=True)


class Membership(CodedModel, TimestampedModel):
    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    ended_at = models.DateTimeField(_("removed on"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["home", "user"],
                condition=models.Q(ended_at__isnull=True),
                name="membership_one_active_per_home",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.home})"

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    def can(self, perm: Perm) -> bool:
        return perm in ROLE_PERMS.get(self.role, frozenset())


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(CodedModel, TimestampedModel):
    """An email invitation to join a home in a role. ``links`` records, for family members and
    residents, which person or contact the new account stands for (filled in by circle or
    residents when the invitation is accepted)."""

    VALID_FOR = timedelta(days=14)

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    links = models.JSONField(default=dict, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.home} ({self.role})"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and timezone.now() < self.created_at + self.VALID_FOR
        )

"""My circle: the people in a resident's life, peers in the home and key workers over time."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from commonroom.homes.models import Home, Membership, TenantModel
from commonroom.lib.dates import today
from commonroom.residents.models import Resident


class SupportRole(models.TextChoices):
    """The recognised role a person in the circle plays in care and visiting, per UK nation."""

    VISITOR = "visitor", _("Visitor")
    ESSENTIAL_CARE_SUPPORTER = "essential_care_supporter", _("Essential care supporter")
    CARE_PARTNER = "care_partner", _("Care partner")
    CARE_SUPPORTER = "care_supporter", _("Care supporter")
    DESIGNATED_VISITOR = "designated_visitor", _("Designated visitor")


# Scotland: Anne's Law essential care supporters (statutory, with substitutes). Northern Ireland:
# care partners. England: care supporters (Regulation 9A guidance). Wales: designated visitors.
SUPPORT_ROLES_BY_NATION: dict[str, tuple[str, ...]] = {
    Home.Nation.SCOTLAND: (SupportRole.VISITOR, SupportRole.ESSENTIAL_CARE_SUPPORTER),
    Home.Nation.NORTHERN_IRELAND: (SupportRole.VISITOR, SupportRole.CARE_PARTNER),
    Home.Nation.ENGLAND: (SupportRole.VISITOR, SupportRole.CARE_SUPPORTER),
    Home.Nation.WALES: (SupportRole.VISITOR, SupportRole.DESIGNATED_VISITOR),
}


# Roles that the law lets a named substitute stand in for (Anne's Law; NI care partners).
SUBSTITUTABLE_ROLES = frozenset({SupportRole.ESSENTIAL_CARE_SUPPORTER, SupportRole.CARE_PARTNER})

SUPPORT_ROLE_MEANINGS: dict[str, Any] = {
    Home.Nation.SCOTLAND: _(
        "Essential care supporter (Anne's Law): keeps visiting even during an outbreak. "
        "Name substitutes who can step in when they cannot."
    ),
    Home.Nation.NORTHERN_IRELAND: _(
        "Care partner: a relative or friend agreed with the home who keeps visiting and helping "
        "with care, even during an outbreak. Name substitutes who can step in when they cannot."
    ),
    Home.Nation.ENGLAND: _(
        "Care supporter: a person who may always visit, even during an outbreak or when the "
        "person is isolating (Regulation 9A)."
    ),
    Home.Nation.WALES: _(
        "Designated visitor: a named person who keeps visiting, even during an outbreak."
    ),
}


def support_roles_for(nation: str) -> list[tuple[str, Any]]:
    """The support roles a home in ``nation`` may record, as form choices."""
    allowed = SUPPORT_ROLES_BY_NATION.get(nation, (SupportRole.VISITOR,))
    return [(value, label) for value, label in SupportRole.choices if value in allowed]


def statutory_role_for(nation: str) -> SupportRole | None:
    """The nation's named-supporter role (essential care supporter in Scotland, and so on)."""
    allowed = SUPPORT_ROLES_BY_NATION.get(nation, ())
    return next((SupportRole(role) for role in allowed if role != SupportRole.VISITOR), None)


class Contact(TenantModel):
    class Relationship(models.TextChoices):
        SPOUSE = "spouse", _("Husband, wife or partner")
        CHILD = "child", _("Son or daughter")
        GRANDCHILD = "grandchild", _("Grandchild")
        SIBLING = "sibling", _("Brother or sister")
        OTHER_FAMILY = "other_family", _("Other family")
        FRIEND = "friend", _("Friend")
        NEIGHBOUR = "neighbour", _("Neighbour")
        FAITH = "faith", _("Faith community")
        FORMER_WORK = "former_work", _("Former work")
        ADVOCATE = "advocate", _("Advocate")
        OTHER = "other", _("Other")

    FAMILY_RELATIONSHIPS = frozenset({"spouse", "child", "grandchild", "sibling", "other_family"})

    class Method(models.TextChoices):
        VISIT = "visit", _("Visits in person")
        PHONE = "phone", _("Phone calls")
        VIDEO = "video", _("Video calls")
        LETTER = "letter", _("Letters and cards")
        MESSAGE = "message", _("Emails or messages")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Most days")
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")
        MONTHLY = "monthly", _("Every month")
        OCCASIONALLY = "occasionally", _("Now and then")

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    relationship_detail = models.CharField(
        _("relationship in their words"),
        max_length=100,
        blank=True,
        help_text=_("For example: eldest daughter, friend from the choir."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True)
    preferred_method = models.CharField(
        _("how they like to keep in touch"),
        max_length=20,
        choices=Method.choices,
        default=Method.VISIT,
    )
    preferred_frequency = models.CharField(
        _("how often"), max_length=20, choices=Frequency.choices, blank=True
    )
    contact_notes = models.TextField(_("notes on keeping in touch"), blank=True)
    support_role = models.CharField(
        _("support role"), max_length=30, choices=SupportRole.choices, default=SupportRole.VISITOR
    )
    substitute_for = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="substitutes",
        verbose_name=_("substitute for"),
        help_text=_("A substitute steps in when the named supporter cannot."),
    )
    role_from = models.DateField(_("role from"), null=True, blank=True)
    role_until = models.DateField(_("role until"), null=True, blank=True)
    may_receive_updates = models.BooleanField(_("may receive updates"), default=False)
    has_door_code = models.BooleanField(_("has a door code"), default=False)
    is_representative = models.BooleanField(
        _("legal representative"),
        default=False,
        help_text=_("Holds power of attorney or is a guardian or deputy."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_records",
        help_text=_("Their Common Room sign-in, if they have one."),
    )

    class Meta:
        ordering = ["resident", "name"]
        verbose_name = _("contact")
        indexes = [models.Index(fields=["home", "user"], name="contact_home_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(substitute_for=models.F("id")),
                name="contact_not_own_substitute",
            ),
            models.CheckConstraint(
                condition=models.Q(role_from__isnull=True)
                | models.Q(role_until__isnull=True)
                | models.Q(role_until__gte=models.F("role_from")),
                name="contact_role_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The home's nation decides the support role; substitutes stand in for a named
        supporter of the same person, one step only."""
        errors: dict[str, Any] = {}
        allowed = dict(support_roles_for(self.home.nation)) if self.home_id else {}
        if self.home_id and self.support_role not in allowed:
            errors["support_role"] = _("A home in %(nation)s cannot record this role.") % {
                "nation": self.home.get_nation_display()
            }
        if self.role_from and self.role_until and self.role_until < self.role_from:
            errors["role_until"] = _("The role cannot end before it starts.")
        substitute_error = self._substitute_error()
        if substitute_error:
            errors["substitute_for"] = substitute_error
        if self._would_strand_substitutes():
            errors["support_role"] = _(
                "Others are named as substitutes for this person. Change them first."
            )
        if errors:
            raise ValidationError(errors)

    def _substitute_error(self) -> Any:
        named = self.substitute_for if self.substitute_for_id else None
        if named is None:
            return None
        if self.pk is not None and named.pk == self.pk:
            return _("Someone cannot be their own substitute.")
        if named.resident_id != self.resident_id:
            return _("A substitute must stand in for someone in this person's own circle.")
        if named.support_role not in SUBSTITUTABLE_ROLES or named.substitute_for_id is not None:
            return _("Choose this person's essential care supporter or care partner.")
        return None

    def _would_strand_substitutes(self) -> bool:
        """A supporter with substitutes must keep a role that substitutes can stand in for."""
        stays_named = self.support_role in SUBSTITUTABLE_ROLES and self.substitute_for_id is None
        return self.pk is not None and not stays_named and self.substitutes.exists()

    @property
    def is_family(self) -> bool:
        return self.relationship in self.FAMILY_RELATIONSHIPS

    @property
    def is_named_supporter(self) -> bool:
        """Holds the nation's named-supporter role (not a plain visitor)."""
        return self.support_role != SupportRole.VISITOR

    def role_active(self, on: dt.date | None = None) -> bool:
        day = on or today()
        return (self.role_from is None or self.role_from <= day) and (
            self.role_until is None or day <= self.role_until
        )


class PeerRelationship(TenantModel):
    """A relationship between two residents. Stored once per pair, lower id first."""

    class Kind(models.TextChoices):
        FRIEND = "friend", _("Friends")
        BUDDY = "buddy", _("Buddy")
        TENSION = "tension", _("A tension to avoid")

    resident_a = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    resident_b = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "since"]
        verbose_name = _("relationship between residents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resident_a__lt=models.F("resident_b")),
                name="peer_pair_ordered",
            ),
            models.UniqueConstraint(
                fields=["resident_a", "resident_b", "kind"],
                condition=models.Q(ended_on__isnull=True),
                name="peer_pair_kind_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident_a} / {self.resident_b} ({self.get_kind_display()})"

    def other(self, resident: Resident) -> Resident:
        return self.resident_b if resident.pk == self.resident_a_id else self.resident_a


class KeyWorkerAssignment(TenantModel):
    """Who was someone's key worker and when, so staff continuity can be shown."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="key_workers")
    staff = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        related_name="key_worker_for",
        verbose_name=_("staff member"),
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("key worker")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="key_worker_dates_in_order",
            ),
            models.UniqueConstraint(
                fields=["resident"],
                condition=models.Q(ended_on__isnull=True),
                name="key_worker_one_open_per_resident",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff.user} (from {self.started_on})"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None or self.ended_on >= today()

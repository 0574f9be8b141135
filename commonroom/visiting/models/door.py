"""Visiting at the door: the people who visit, each visit in and out of the home, the door
tablets (kiosks) they sign in on, and each resident's visiting preferences."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from commonroom.circle.models import Contact
from commonroom.connections.models import Moment
from commonroom.homes.models import TenantModel
from commonroom.residents.models import Resident


class Visitor(TenantModel):
    """Someone who comes to the home to see a resident: family, a friend, a faith visitor, a
    professional. Returning visitors are found by name, by the QR code on their pass, or by
    their personal door code. Codes and pass tokens are stored only as keyed digests."""

    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visitor_records",
        verbose_name=_("in the circle as"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visitor_records",
    )
    usual_residents = models.ManyToManyField(
        Resident, blank=True, related_name="usual_visitors", verbose_name=_("usually visits")
    )
    pass_digest = models.CharField(max_length=64, blank=True)
    door_code_digest = models.CharField(max_length=64, blank=True)
    door_code_set_on = models.DateField(_("door code given on"), null=True, blank=True)
    door_code_rotate_by = models.DateField(_("change door code by"), null=True, blank=True)
    last_visit_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("visitor")
        indexes = [models.Index(fields=["home", "name"], name="visitor_home_name_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["home", "pass_digest"],
                condition=~models.Q(pass_digest=""),
                name="visitor_pass_unique",
            ),
            models.UniqueConstraint(
                fields=["home", "door_code_digest"],
                condition=~models.Q(door_code_digest=""),
                name="visitor_door_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Kiosk(TenantModel):
    """A tablet at the door where visitors sign themselves in and out. It opens a private
    address whose secret is stored hashed; revoking it stops the tablet at once."""

    name = models.CharField(_("name"), max_length=100, help_text=_("For example: front door."))
    token_digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Wrong passes, door codes and fruitless searches lately, kept in the database (not a
    # process's memory) so the lockout holds however many web processes serve the tablet.
    failed_attempts = models.PositiveIntegerField(default=0)
    failures_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("door tablet")

    def __str__(self) -> str:
        return self.name


class Admission(models.TextChoices):
    """On what footing a visitor came in: the answer the inspector asks for in an outbreak."""

    OPEN = "open", _("Open visiting")
    WITH_PRECAUTIONS = "precautions", _("Open visiting with precautions")
    NAMED_SUPPORTER = "named_supporter", _("Named care supporter")
    END_OF_LIFE = "end_of_life", _("End of life or serious deterioration")
    SERIOUS_HARM = "serious_harm", _("Stopping visits would cause serious harm")
    OTHER_EXCEPTION = "other_exception", _("Other exception agreed by staff")


class Visit(TenantModel):
    """One visitor's visit, from signing in to signing out, to one or more residents. Also the
    fire-safety list: a visit with no sign-out time means the visitor is still in the building."""

    visitor = models.ForeignKey(Visitor, on_delete=models.PROTECT, related_name="visits")
    residents = models.ManyToManyField(Resident, related_name="visits", verbose_name=_("visiting"))
    party_size = models.PositiveSmallIntegerField(_("people in the group"), default=1)
    signed_in_at = models.DateTimeField(_("signed in"))
    signed_out_at = models.DateTimeField(_("signed out"), null=True, blank=True)
    admission = models.CharField(
        _("admitted as"), max_length=20, choices=Admission.choices, default=Admission.OPEN
    )
    exception_reason = models.TextField(_("reason for the exception"), blank=True)
    restriction = models.ForeignKey(
        "visiting.Restriction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("restriction in force"),
    )
    signed_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kiosk = models.ForeignKey(
        Kiosk, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits"
    )
    moment = models.ForeignKey(
        Moment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-signed_in_at"]
        verbose_name = _("visit")
        indexes = [
            models.Index(fields=["home", "signed_out_at"], name="visit_home_open_idx"),
            models.Index(fields=["home", "signed_in_at"], name="visit_home_in_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(signed_out_at__isnull=True)
                | models.Q(signed_out_at__gte=models.F("signed_in_at")),
                name="visit_out_after_in",
            )
        ]

    def __str__(self) -> str:
        return f"{self.visitor} {self.signed_in_at:%Y-%m-%d %H:%M}"


class Outing(TenantModel):
    """A resident's time out of the home: an afternoon with family, an overnight stay."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="outings")
    with_contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    with_name = models.CharField(_("with"), max_length=200, blank=True)
    destination = models.CharField(_("where"), max_length=200, blank=True)
    left_at = models.DateTimeField(_("left"))
    expected_back_at = models.DateTimeField(_("expected back"), null=True, blank=True)
    returned_at = models.DateTimeField(_("came back"), null=True, blank=True)
    overnight = models.BooleanField(_("overnight stay"), default=False)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    moment = models.ForeignKey(
        Moment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-left_at"]
        verbose_name = _("visit out")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(returned_at__isnull=True)
                | models.Q(returned_at__gte=models.F("left_at")),
                name="outing_back_after_left",
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident} {self.left_at:%Y-%m-%d}"


class VisitingPreferences(TenantModel):
    """A resident's visiting wishes, part of their personal plan: who, when and where, and (in
    Scotland above all) why they have no essential care supporter if they have none."""

    class NoSupporterReason(models.TextChoices):
        PERSONS_WISH = "wish", _("It is the person's wish not to have one")
        NOBODY_ABLE = "nobody", _("Nobody is able and willing")
        BEING_ARRANGED = "arranging", _("Being arranged")

    resident = models.OneToOneField(
        Resident, on_delete=models.CASCADE, related_name="visiting_preferences"
    )
    who = models.TextField(_("who I would like to see"), blank=True)
    when = models.TextField(_("when suits me"), blank=True)
    where = models.TextField(_("where I like to see visitors"), blank=True)
    other_wishes = models.TextField(_("anything else about visits"), blank=True)
    no_supporter_reason = models.CharField(
        _("why there is no named care supporter"),
        max_length=20,
        choices=NoSupporterReason.choices,
        blank=True,
    )
    no_supporter_detail = models.TextField(_("more about why"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("visiting preferences")

    def __str__(self) -> str:
        return str(self.resident)


class UnwantedVisitor(TenantModel):
    """Someone a resident has said they do not want to see. Sign-in refuses them for this
    resident, with a word to staff, never a reason shown at the door."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="unwanted")
    visitor = models.ForeignKey(
        Visitor, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    reason = models.TextField(_("why"), blank=True)
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person not to admit")

    def __str__(self) -> str:
        return self.name

"""Places to meet other than the bedroom, optional reservations of a space or a place at a
meal (never required to visit), and the home's visitor information page."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from commonroom.homes.models import Home, TenantModel
from commonroom.residents.models import Resident


class Space(TenantModel):
    class Kind(models.TextChoices):
        LOUNGE = "lounge", _("Lounge")
        CAFE = "cafe", _("Café")
        GARDEN = "garden", _("Garden")
        FAMILY_ROOM = "family_room", _("Family room")
        QUIET_ROOM = "quiet_room", _("Quiet room")
        DINING = "dining", _("Dining room")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("what it is like"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("how many people it suits"), default=6)
    step_free = models.BooleanField(_("step-free access"), default=True)
    accessible_toilet_near = models.BooleanField(_("accessible toilet nearby"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    quiet = models.BooleanField(_("quiet"), default=False)
    outdoor = models.BooleanField(_("outdoors"), default=False)
    can_reserve = models.BooleanField(_("families can reserve it"), default=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("space")
        constraints = [models.UniqueConstraint(fields=["home", "name"], name="space_name_unique")]

    def __str__(self) -> str:
        return self.name


class Reservation(TenantModel):
    """A space reserved, or a place at a meal, for a visit. Optional: nobody needs one to visit."""

    class Kind(models.TextChoices):
        SPACE = "space", _("A space")
        MEAL = "meal", _("Joining a meal")

    class Meal(models.TextChoices):
        BREAKFAST = "breakfast", _("Breakfast")
        LUNCH = "lunch", _("Lunch")
        TEA = "tea", _("Afternoon tea")
        DINNER = "dinner", _("Evening meal")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SPACE)
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="reservations")
    space = models.ForeignKey(
        Space, on_delete=models.PROTECT, null=True, blank=True, related_name="reservations"
    )
    meal = models.CharField(_("meal"), max_length=20, choices=Meal.choices, blank=True)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    guests = models.PositiveSmallIntegerField(_("guests"), default=1)
    guest_names = models.CharField(_("who is coming"), max_length=300, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("reservation")
        indexes = [models.Index(fields=["home", "starts_at"], name="reservation_home_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="reservation_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident} {self.starts_at:%Y-%m-%d %H:%M}"


class VisitorInformation(models.Model):
    """What a visitor needs to know before coming, one page per home, public (no personal data)."""

    home = models.OneToOneField(Home, on_delete=models.CASCADE, related_name="visitor_information")
    welcome = models.TextField(_("welcome"), blank=True)
    getting_here = models.TextField(_("how to get here"), blank=True)
    parking = models.TextField(_("parking"), blank=True)
    meals = models.TextField(_("joining a meal"), blank=True)
    pets = models.TextField(_("bringing a pet"), blank=True)
    during_outbreak = models.TextField(_("what to expect during an outbreak"), blank=True)
    contact_name = models.CharField(_("who to ask about visiting"), max_length=200, blank=True)
    contact_details = models.CharField(_("how to reach them"), max_length=200, blank=True)
    door_code_rotation_days = models.PositiveSmallIntegerField(
        _("change door codes every (days)"), default=90
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("visitor information")

    def __str__(self) -> str:
        return str(self.home)

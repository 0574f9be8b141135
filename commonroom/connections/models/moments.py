"""A meaningful moment in someone's day, and the residents who shared it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from commonroom.circle.models import Contact
from commonroom.homes.models import Home, Membership, TenantModel
from commonroom.residents.models import Resident


class Kind(models.TextChoices):
    """What happened. The values are stable: imports, exports and the API use them."""

    VISIT = "visit", _("In-person visit")
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call")
    LETTER = "letter", _("Letter or card")
    OUTING = "outing", _("Outing")
    ACTIVITY = "activity", _("Activity")
    ONE_TO_ONE = "one_to_one", _("One-to-one time")
    MEAL = "meal", _("Shared meal")
    FAITH = "faith", _("Faith or cultural event")
    VIRTUAL = "virtual", _("Virtual event")
    COMMUNITY = "community", _("Contact with the community")


class Domain(models.TextChoices):
    """The Care Inspectorate's four domains of meaningful connection."""

    FAMILY = "family", _("Family and friends")
    PEERS = "peers", _("Fellow residents")
    STAFF = "staff", _("Staff")
    COMMUNITY = "community", _("Wider community")


class WithType(models.TextChoices):
    NOBODY = "", _("Nobody in particular")
    CONTACT = "contact", _("Someone from their circle")
    RESIDENT = "resident", _("A fellow resident")
    STAFF = "staff", _("A member of staff")
    VOLUNTEER = "volunteer", _("A volunteer")
    GROUP = "group", _("A community group")


# The domain a moment belongs to when the person it was with says so; the form and the API
# fill it in from here unless the one recording chooses otherwise.
DOMAIN_FOR_WITH = {
    WithType.CONTACT: Domain.FAMILY,
    WithType.RESIDENT: Domain.PEERS,
    WithType.STAFF: Domain.STAFF,
    WithType.VOLUNTEER: Domain.COMMUNITY,
    WithType.GROUP: Domain.COMMUNITY,
}


class Engagement(models.IntegerChoices):
    """How the person seemed. Declining is a real answer, recorded, not a missing one."""

    DECLINED = 0, _("Declined")
    LOW = 1, _("Seemed low or upset")
    CALM = 2, _("Calm, took a little part")
    ENGAGED = 3, _("Engaged")
    JOYFUL = 4, _("Really enjoyed it")


class Moment(TenantModel):
    """One meaningful contact. A group moment is one entry shared by several residents."""

    class Source(models.TextChoices):
        PAGE = "page", _("Recorded in the app")
        API = "api", _("Recorded through the API")
        IMPORT = "import", _("Imported")

    # The index on (home, day) serves every lookup by home: no index on the home alone, which
    # every moment recorded would also have to write.
    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="+", db_index=False)
    occurred_at = models.DateTimeField(_("when"))
    day = models.DateField(_("day"), editable=False)
    kind = models.CharField(_("what happened"), max_length=12, choices=Kind.choices)
    domain = models.CharField(_("connection"), max_length=10, choices=Domain.choices)
    minutes = models.PositiveSmallIntegerField(_("roughly how long (minutes)"), null=True)
    with_type = models.CharField(
        _("with whom"), max_length=10, choices=WithType.choices, blank=True, default=""
    )
    with_contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    with_resident = models.ForeignKey(
        Resident, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    with_member = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    with_name = models.CharField(_("name of the group or person"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    participant_count = models.PositiveSmallIntegerField(default=1, editable=False)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PAGE)
    # Indexed with the time it was recorded (Meta), for "your recent moments" on the log page.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_index=False,
    )
    idempotency_key = models.CharField(max_length=80, blank=True)

    residents: "models.ManyToManyField[Resident, MomentParticipant]" = models.ManyToManyField(
        Resident, through="MomentParticipant", related_name="moments"
    )

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("meaningful moment")
        constraints = [
            # A retried or double-tapped submit carries the same key and must not record twice.
            models.UniqueConstraint(
                fields=["home", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="moment_idempotency_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["home", "day"], name="moment_home_day_idx"),
            models.Index(fields=["recorded_by", "created_at"], name="moment_recorder_idx"),
        ]

    def __str__(self) -> str:
        # Kind(...).label rather than get_kind_display(), which builds and hashes the whole
        # list of translated choices each time: the audit names every moment it records.
        kind = Kind(self.kind).label if self.kind in Kind.values else self.kind
        return f"{kind} ({self.day:%Y-%m-%d})"


class MomentParticipant(models.Model):
    """A resident's share in a moment. Narrow on purpose: the roll-up rebuild scans every row,
    so the moment's day, kind, domain and length are copied here rather than joined."""

    pk = models.CompositePrimaryKey("moment_id", "resident_id")
    # The primary key and the two indexes below lead with these columns; no separate indexes.
    moment = models.ForeignKey(
        Moment, on_delete=models.CASCADE, related_name="participants", db_index=False
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    domain = models.CharField(max_length=10, choices=Domain.choices)
    minutes = models.PositiveSmallIntegerField(null=True)
    engagement = models.PositiveSmallIntegerField(
        _("how they seemed"), choices=Engagement.choices, null=True, blank=True
    )
    group_size = models.PositiveSmallIntegerField(default=1)

    objects = ScopedManager(home="home")

    class Meta:
        indexes = [
            models.Index(fields=["resident", "day"], name="participant_res_day_idx"),
            models.Index(fields=["home", "day"], name="participant_home_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.resident_id} @ {self.moment_id}"

    @property
    def declined(self) -> bool:
        return self.engagement == Engagement.DECLINED

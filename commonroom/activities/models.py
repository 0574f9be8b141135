"""Activities that mean something: the catalogue, rooms, the weekly programme, invitations,
attendance (which writes the connection log), residents' suggestions, and what the planner needs
to know about people (their weekly share, appointments) and volunteers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from commonroom.circle.models import Contact
from commonroom.connections.models import Moment
from commonroom.homes.models import Membership, TenantModel
from commonroom.residents.models import Interest, Resident


class Category(models.TextChoices):
    ARTS = "arts", _("Arts and crafts")
    DOMESTIC = "domestic", _("Domestic tasks and being useful")
    MUSIC = "music", _("Music, singing, dancing and fitness")
    LEARNING = "learning", _("Books and learning")
    GAMES = "games", _("Games and puzzles")
    INTERGENERATIONAL = "intergenerational", _("Intergenerational and technology")
    NATURE = "nature", _("Nature and outdoors")
    FAITH = "faith", _("Faith and culture")
    OUTINGS = "outings", _("Outings into the community")
    ONE_TO_ONE = "one_to_one", _("One-to-one and bedside")
    THERAPEUTIC = "therapeutic", _("Therapeutic")


class Room(TenantModel):
    """A place in (or out of) the home where sessions happen."""

    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveSmallIntegerField(_("how many people it holds"))
    step_free = models.BooleanField(_("step-free access"), default=True)
    outdoor = models.BooleanField(_("outdoors"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("room")
        constraints = [models.UniqueConstraint(fields=["home", "name"], name="room_name_unique")]

    def __str__(self) -> str:
        return self.name


class Activity(TenantModel):
    """An idea in the catalogue, which sessions in the programme put into practice."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happens"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    seated = models.BooleanField(_("can be done seated"), default=False)
    bedside = models.BooleanField(_("can be done at the bedside"), default=False)
    dementia_friendly = models.BooleanField(_("dementia-friendly"), default=False)
    hearing_friendly = models.BooleanField(_("hearing-friendly"), default=False)
    sight_friendly = models.BooleanField(_("sight-friendly"), default=False)
    language = models.CharField(
        _("language"), max_length=60, blank=True, help_text=_("Leave empty for English.")
    )
    min_people = models.PositiveSmallIntegerField(_("fewest people"), default=1)
    max_people = models.PositiveSmallIntegerField(_("most people"), default=12)
    staff_needed = models.PositiveSmallIntegerField(_("staff needed"), default=1)
    volunteers_needed = models.PositiveSmallIntegerField(_("volunteers needed"), default=0)
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("usual room or place"),
    )
    outdoor = models.BooleanField(_("outdoors"), default=False)
    cost = models.DecimalField(_("cost per session (£)"), max_digits=7, decimal_places=2, default=0)
    partner = models.CharField(_("community partner"), max_length=200, blank=True)
    interests = models.ManyToManyField(
        Interest, blank=True, related_name="+", verbose_name=_("interests it serves")
    )
    shared = models.BooleanField(
        _("share this idea with the organisation's other homes"), default=False
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    retired = models.BooleanField(_("no longer offered"), default=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    @property
    def is_group(self) -> bool:
        return self.max_people > 1


class SessionSeries(TenantModel):
    """A recurring session: its first occurrence and an iCalendar RRULE. Occurrences are made
    as ``Session`` rows week by week, so each can be changed or cancelled on its own."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="series")
    room = models.ForeignKey(
        Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starts_at = models.DateTimeField(_("first session starts"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=60)
    rrule = models.CharField(
        _("repeats (iCalendar RRULE)"),
        max_length=300,
        help_text=_("For example FREQ=WEEKLY;BYDAY=MO,TH for every Monday and Thursday."),
    )
    ends_on = models.DateField(_("last date"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    facilitators = models.ManyToManyField(Membership, blank=True, related_name="+")
    partner_name = models.CharField(_("partner running it"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("recurring session")

    def __str__(self) -> str:
        return f"{self.activity} ({self.rrule})"


class Session(TenantModel):
    """One occurrence in the programme."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    series = models.ForeignKey(
        SessionSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    room = models.ForeignKey(
        Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    facilitators = models.ManyToManyField(Membership, blank=True, related_name="+")
    partner_name = models.CharField(_("partner running it"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    moment = models.ForeignKey(
        Moment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    """The connection-log entry written from this session's attendance."""

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "starts_at"], name="session_once_per_series_start"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after"
            ),
        ]
        indexes = [models.Index(fields=["home", "starts_at"], name="session_home_start_idx")]

    def __str__(self) -> str:
        return f"{self.activity} {self.starts_at:%Y-%m-%d %H:%M}"


class Invitation(TenantModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed by the planner")
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Said yes")
        DECLINED = "declined", _("Said no")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invitations")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    reasons = models.JSONField(_("why"), default=list, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["session__starts_at"]
        verbose_name = _("invitation")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "resident"], name="invitation_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident} → {self.session}"


class Attendance(TenantModel):
    """How one person's part in a session went, recorded once for the whole group."""

    class Outcome(models.TextChoices):
        ATTENDED = "attended", _("Attended")
        DECLINED = "declined", _("Declined")
        UNWELL = "unwell", _("Unwell")
        ASLEEP = "asleep", _("Asleep")
        NOT_INVITED = "not_invited", _("Not invited")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    engagement = models.PositiveSmallIntegerField(_("how engaged"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "resident"], name="attendance_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident} at {self.session}: {self.outcome}"


class SessionGuest(TenantModel):
    """Family, friends, volunteers or community members who joined a session."""

    class Kind(models.TextChoices):
        FAMILY = "family", _("Family or friend")
        VOLUNTEER = "volunteer", _("Volunteer")
        COMMUNITY = "community", _("Community member or group")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="guests")
    kind = models.CharField(_("who"), max_length=10, choices=Kind.choices)
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    count = models.PositiveSmallIntegerField(_("how many"), default=1)

    class Meta:
        verbose_name = _("guest")

    def __str__(self) -> str:
        return self.name or str(self.contact)


class Suggestion(TenantModel):
    """A resident's suggestion or choice ("I'd like to go to the cricket"), and what was done."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONSIDERING = "considering", _("Being looked into")
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        NOT_POSSIBLE = "not_possible", _("Not possible, with reasons")

    resident = models.ForeignKey(
        Resident, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("you said"))
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.NEW
    )
    response = models.TextField(_("we did"), blank=True)
    public = models.BooleanField(_('show on the "you said, we did" board'), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suggestion")

    def __str__(self) -> str:
        return self.text[:60]


class Appointment(TenantModel):
    """A time a resident is busy (a GP, a hairdresser, a planned visit): the programme shows the
    clash and the planner keeps them free."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    what = models.CharField(_("what"), max_length=200)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("appointment")
        indexes = [models.Index(fields=["home", "starts_at"], name="appointment_home_start_idx")]

    def __str__(self) -> str:
        return f"{self.what} {self.starts_at:%Y-%m-%d %H:%M}"


class ActivityPreference(TenantModel):
    """What a person has agreed about activity: their weekly share of meaningful activity (the
    planner's promise to them) and anything to keep in mind."""

    resident = models.OneToOneField(
        Resident, on_delete=models.CASCADE, related_name="activity_preference"
    )
    weekly_share = models.PositiveSmallIntegerField(
        _("sessions offered each week"),
        default=3,
        help_text=_("Agreed with the person; the planner offers at least this many."),
    )
    prefers_small_groups = models.BooleanField(_("prefers small groups"), default=False)
    notes = models.TextField(_("notes for whoever plans"), blank=True)

    class Meta:
        verbose_name = _("activity preference")

    def __str__(self) -> str:
        return f"{self.resident}: {self.weekly_share} a week"


class VolunteerProfile(TenantModel):
    """A volunteer's languages, interests and the times they can come, for matching."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="volunteer_profile"
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    interests = models.ManyToManyField(Interest, blank=True, related_name="+")
    availability = models.JSONField(
        _("when they can come"),
        default=list,
        blank=True,
        help_text=_('Weekday and part of day, for example ["mon_morning", "thu_afternoon"].'),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("volunteer profile")

    def __str__(self) -> str:
        return str(self.membership)


class CalendarFeed(TenantModel):
    """A private iCalendar address for the home's programme, or for one resident's sessions
    (for their family). The secret is stored hashed; revoking it stops the feed at once."""

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")

    def __str__(self) -> str:
        return self.name

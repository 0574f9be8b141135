"""Who I am: the resident's profile, life story, interests, consent, plan and risk decisions."""

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from commonroom.homes.models import Home, TenantModel
from commonroom.lib.dates import add_months, age_on, today

# A newcomer needs extra attention to settle in (a trigger for connection, too).
NEW_RESIDENT_DAYS = 8 * 7


@dataclass(frozen=True)
class Flag:
    """A short label shown beside a person; ``overdue`` flags are drawn as warnings."""

    label: str
    overdue: bool = False


class Level(models.TextChoices):
    """How much a sense or ability affects communication."""

    NONE = "none", _("No difficulty")
    SOME = "some", _("Some difficulty")
    SIGNIFICANT = "significant", _("Significant difficulty")


class ResidentQuerySet(models.QuerySet["Resident"]):
    CURRENT_STATUSES = ("living_here", "in_hospital", "on_leave")

    def current(self) -> "ResidentQuerySet":
        """People still of the home: living here, in hospital or on leave."""
        return self.filter(status__in=self.CURRENT_STATUSES)

    def search(self, text: str) -> "ResidentQuerySet":
        """Match a name (preferred or full, any part) or a room number exactly."""
        text = " ".join(text.split())
        if not text:
            return self
        return self.filter(
            models.Q(preferred_name__icontains=text)
            | models.Q(full_name__icontains=text)
            | models.Q(room__iexact=text)
        )

    def with_flags(self, on: dt.date | None = None) -> "ResidentQuerySet":
        """Annotate what ``Resident.flags`` and ``photo_consented`` need, in this one query:
        the plan's next review, any overdue assistive-technology check or risk review, and the
        latest photo consent decision."""
        on = on or today()
        return self.annotate(
            plan_next_review_on=models.F("plan__next_review_on"),
            at_check_overdue=models.Exists(
                AssistiveTechnology.objects.filter(resident=models.OuterRef("pk")).check_overdue(on)
            ),
            risk_review_overdue=models.Exists(
                RiskDecision.objects.filter(resident=models.OuterRef("pk")).review_overdue(on)
            ),
            photo_consent_decision=models.Subquery(
                ConsentRecord.objects.filter(
                    resident=models.OuterRef("pk"), purpose=ConsentRecord.Purpose.PHOTOS
                )
                .order_by("-decided_on", "-id")
                .values("decision")[:1]
            ),
        )

    def full_record(self) -> "ResidentQuerySet":
        """Everything the record page shows, in one query per kind of part."""
        return (
            self.with_flags()
            .select_related("plan")
            .prefetch_related(
                "about_me",
                "assistive_tech",
                "plan__outcomes",
                models.Prefetch(
                    "interests", queryset=ResidentInterest.objects.select_related("interest")
                ),
                models.Prefetch(
                    "consents", queryset=ConsentRecord.objects.select_related("recorded_by")
                ),
                models.Prefetch(
                    "plan__reviews", queryset=PlanReview.objects.select_related("recorded_by")
                ),
                models.Prefetch(
                    "status_changes", queryset=StatusChange.objects.select_related("recorded_by")
                ),
                models.Prefetch(
                    "risk_decisions", queryset=RiskDecision.objects.order_by("-decided_on")
                ),
            )
        )


class Resident(TenantModel):
    class Status(models.TextChoices):
        LIVING_HERE = "living_here", _("Living here")
        IN_HOSPITAL = "in_hospital", _("In hospital")
        ON_LEAVE = "on_leave", _("On leave")
        MOVED_OUT = "moved_out", _("Moved out")
        DIED = "died", _("Died")

    class Mobility(models.TextChoices):
        INDEPENDENT = "independent", _("Walks independently")
        WALKING_AID = "walking_aid", _("Walks with an aid")
        WHEELCHAIR = "wheelchair", _("Uses a wheelchair")
        HOIST = "hoist", _("Needs a hoist to move")
        BED = "bed", _("Cared for in bed")

    class SelfReport(models.TextChoices):
        YES = "yes", _("Yes")
        WITH_SUPPORT = "with_support", _("With support")
        NO = "no", _("No, not reliably")
        NOT_ASKED = "not_asked", _("Not yet known")

    class VideoCalls(models.TextChoices):
        WELCOME = "welcome", _("Video calls welcome")
        WITH_SUPPORT = "with_support", _("Only with support")
        DISTRESSING = "distressing", _("Video calls are distressing")
        NOT_ASKED = "not_asked", _("Not yet asked")

    full_name = models.CharField(_("full name"), max_length=200)
    preferred_name = models.CharField(
        _("preferred name"), max_length=100, help_text=_("The name I like to be called.")
    )
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    room = models.CharField(_("room"), max_length=40, blank=True)
    admission_date = models.DateField(_("date moved in"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.LIVING_HERE
    )
    status_since = models.DateField(_("status since"))

    first_language = models.CharField(_("first language"), max_length=60, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=60, blank=True)
    other_languages = models.JSONField(_("other languages spoken"), default=list, blank=True)
    culture = models.CharField(_("culture and background"), max_length=200, blank=True)
    faith = models.CharField(_("faith or beliefs"), max_length=100, blank=True)
    faith_practice = models.TextField(_("how I practise my faith"), blank=True)

    sight = models.CharField(_("sight"), max_length=20, choices=Level.choices, default=Level.NONE)
    hearing = models.CharField(
        _("hearing"), max_length=20, choices=Level.choices, default=Level.NONE
    )
    speech = models.CharField(_("speech"), max_length=20, choices=Level.choices, default=Level.NONE)
    memory = models.CharField(_("memory"), max_length=20, choices=Level.choices, default=Level.NONE)
    has_dementia = models.BooleanField(_("living with dementia"), default=False)
    self_report = models.CharField(
        _("can answer questions about how they feel"),
        max_length=20,
        choices=SelfReport.choices,
        default=SelfReport.NOT_ASKED,
        help_text=_("People who cannot are followed through how they seem in daily life."),
    )
    how_to_communicate = models.TextField(_("how best to communicate with me"), blank=True)
    mobility = models.CharField(
        _("mobility"), max_length=20, choices=Mobility.choices, default=Mobility.INDEPENDENT
    )
    mobility_notes = models.TextField(_("mobility notes"), blank=True)

    video_calls = models.CharField(
        _("video calls"), max_length=20, choices=VideoCalls.choices, default=VideoCalls.NOT_ASKED
    )
    devices = models.CharField(
        _("devices I use"), max_length=200, blank=True, help_text=_("For example: own tablet.")
    )
    ambitions = models.TextField(_("ambitions for the rest of my life"), blank=True)
    getting_out = models.TextField(_('what "getting out when I want to" means to me'), blank=True)

    photo = models.ImageField(_("photo"), upload_to="residents/photos/", blank=True)
    photo_description = models.CharField(_("photo description"), max_length=200, blank=True)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resident_records",
        help_text=_("The resident's own sign-in, if they have one."),
    )

    objects: ClassVar[Any] = ScopedManager(
        home="home", _manager_class=models.Manager.from_queryset(ResidentQuerySet)
    )

    class Meta:
        ordering = ["preferred_name", "full_name"]
        indexes = [models.Index(fields=["home", "status"], name="resident_home_status_idx")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.preferred_name and self.preferred_name not in self.full_name:
            return f"{self.preferred_name} ({self.full_name})"
        return self.full_name or self.preferred_name

    @property
    def is_current(self) -> bool:
        """Still one of the home's people (in hospital and on leave count)."""
        return self.status not in {self.Status.MOVED_OUT, self.Status.DIED}

    def age(self, on: dt.date | None = None) -> int | None:
        return age_on(self.date_of_birth, on or today()) if self.date_of_birth else None

    def days_since_admission(self, on: dt.date | None = None) -> int:
        return ((on or today()) - self.admission_date).days

    def communication_needs(self) -> list[str]:
        """Plain labels for the senses and abilities that need care, e.g. ["hearing"]."""
        needs = []
        for field in ("sight", "hearing", "speech", "memory"):
            if getattr(self, field) != Level.NONE:
                needs.append(str(Resident._meta.get_field(field).verbose_name))  # type: ignore[union-attr]
        return needs

    def consent_for(self, purpose: str) -> "ConsentRecord | None":
        """The latest consent decision for ``purpose``, or None if never recorded."""
        return self.consents.filter(purpose=purpose).order_by("-decided_on", "-id").first()

    def has_consent(self, purpose: str) -> bool:
        latest = self.consent_for(purpose)
        return latest is not None and latest.decision == ConsentRecord.Decision.GIVEN

    def latest_consents(self) -> list[tuple["ConsentRecord.Purpose", "ConsentRecord | None"]]:
        """Every purpose with the decision in force (the latest), read from ``consents`` as
        loaded (prefetched by ``full_record``)."""
        latest: dict[str, ConsentRecord] = {}
        for consent in sorted(
            self.consents.all(), key=lambda c: (c.decided_on, c.pk), reverse=True
        ):
            latest.setdefault(consent.purpose, consent)
        return [(purpose, latest.get(purpose)) for purpose in ConsentRecord.Purpose]

    @property
    def plan_or_none(self) -> "PersonalPlan | None":
        try:
            return self.plan
        except ObjectDoesNotExist:
            return None

    @property
    def photo_consented(self) -> bool:
        """Photo consent is in force (read from ``with_flags`` when the query annotated it)."""
        if hasattr(self, "photo_consent_decision"):
            return self.photo_consent_decision == ConsentRecord.Decision.GIVEN
        return self.has_consent(ConsentRecord.Purpose.PHOTOS)

    @property
    def shows_photo(self) -> bool:
        """There is a photo and the person (or their representative) agreed it may be shown."""
        return bool(self.photo) and self.photo_consented

    def flags(self, on: dt.date | None = None) -> list[Flag]:
        """What staff should notice: new to the home and anything overdue. Needs a resident
        from ``Resident.objects.with_flags()`` (so that a list costs one query)."""
        on = on or today()
        flags = []
        days = (on - self.admission_date).days
        if self.is_current and 0 <= days < NEW_RESIDENT_DAYS:
            flags.append(Flag(_new_label(days)))
        next_review = getattr(self, "plan_next_review_on", None)
        if self.is_current and next_review is not None and next_review < on:
            flags.append(Flag(str(_("Plan review overdue")), overdue=True))
        if self.is_current and getattr(self, "at_check_overdue", False):
            flags.append(Flag(str(_("Assistive technology check overdue")), overdue=True))
        if self.is_current and getattr(self, "risk_review_overdue", False):
            flags.append(Flag(str(_("Risk decision review overdue")), overdue=True))
        return flags


def _new_label(days: int) -> str:
    if days == 0:
        return str(_("New today"))
    if days < 14:
        return ngettext("New: %(count)d day", "New: %(count)d days", days) % {"count": days}
    weeks = days // 7
    return ngettext("New: %(count)d week", "New: %(count)d weeks", weeks) % {"count": weeks}


class StatusChange(TenantModel):
    """Each change of status with its date: moved in, into hospital, back, on leave, left, died."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=20, choices=Resident.Status.choices)
    started_on = models.DateField(_("from"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.started_on}"

    @classmethod
    def moved_in(cls, resident: Resident, *, recorded_by: Any) -> "StatusChange":
        """The first status of everyone admitted: living here from the day they moved in."""
        return cls(
            home_id=resident.home_id,
            organisation_id=resident.organisation_id,
            resident=resident,
            status=Resident.Status.LIVING_HERE,
            started_on=resident.admission_date,
            note=gettext("Moved in"),
            recorded_by=recorded_by,
        )


class AssistiveTechnologyQuerySet(models.QuerySet["AssistiveTechnology"]):
    def check_overdue(self, on: dt.date | None = None) -> "AssistiveTechnologyQuerySet":
        return self.filter(next_check_on__lt=on or today())


class AssistiveTechnology(TenantModel):
    class Kind(models.TextChoices):
        HEARING_AID = "hearing_aid", _("Hearing aid")
        GLASSES = "glasses", _("Glasses")
        WALKING_AID = "walking_aid", _("Walking frame or stick")
        WHEELCHAIR = "wheelchair", _("Wheelchair")
        SCOOTER = "scooter", _("Mobility scooter")
        PENDANT_ALARM = "pendant_alarm", _("Pendant or call alarm")
        SENSOR = "sensor", _("Sensor mat or door sensor")
        COMMUNICATION_AID = "communication_aid", _("Communication aid")
        TABLET = "tablet", _("Tablet or phone set up for me")
        OTHER = "other", _("Other")

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="assistive_tech")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    last_checked_on = models.DateField(_("last checked"), null=True, blank=True)
    next_check_on = models.DateField(_("next check due"), null=True, blank=True)

    objects: ClassVar[Any] = ScopedManager(
        home="home", _manager_class=models.Manager.from_queryset(AssistiveTechnologyQuerySet)
    )

    class Meta:
        ordering = ["next_check_on", "kind"]
        verbose_name = _("assistive technology")

    def __str__(self) -> str:
        return self.description or self.get_kind_display()

    @property
    def check_overdue(self) -> bool:
        """The same rule as ``AssistiveTechnologyQuerySet.check_overdue``."""
        return self.next_check_on is not None and self.next_check_on < today()


class AboutMeSection(TenantModel):
    """One of the seven sections of the PRSB About Me standard (v2.0.1)."""

    class Section(models.TextChoices):
        MOST_IMPORTANT = "most_important", _("What is most important to me")
        PEOPLE = "people", _("People who are important to me")
        COMMUNICATION = "communication", _("How I communicate and how to communicate with me")
        WELLNESS = "wellness", _("My wellness")
        DO_AND_DO_NOT = "do_and_do_not", _("Please do and please do not")
        SUPPORT = "support", _("How and when to support me")
        ALSO_WORTH_KNOWING = "also_worth_knowing", _("Also worth knowing about me")

    PROMPTS = {
        Section.MOST_IMPORTANT: _("What matters most to me now; my life so far."),
        Section.PEOPLE: _("Family, friends, pets, the person who knows me best."),
        Section.COMMUNICATION: _("Hearing, sight, language, how to talk with me."),
        Section.WELLNESS: _("What keeps me well; things that may worry or upset me."),
        Section.DO_AND_DO_NOT: _("What helps me feel better, and what to avoid."),
        Section.SUPPORT: _("Routines important to me: mornings, meals, sleep."),
        Section.ALSO_WORTH_KNOWING: _("Places I have lived, my work, anything else."),
    }

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="about_me")
    section = models.CharField(_("section"), max_length=30, choices=Section.choices)
    text = models.TextField(_("in my words"), blank=True)
    picture = models.ImageField(_("picture"), upload_to="residents/about_me/", blank=True)
    picture_description = models.CharField(_("picture description"), max_length=200, blank=True)
    supported_by = models.CharField(
        _("supported to write this by"),
        max_length=200,
        blank=True,
        help_text=_("Who helped write this, for example: my daughter Sue, key worker Amir."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["resident", "section"]
        verbose_name = _("About me section")
        constraints = [
            models.UniqueConstraint(fields=["resident", "section"], name="about_me_one_per_section")
        ]

    def __str__(self) -> str:
        return str(self.get_section_display())

    @property
    def prompt(self) -> str:
        return str(self.PROMPTS[self.Section(self.section)])


class Interest(models.Model):
    """The shared interest taxonomy, the same for every home so that homes can compare."""

    class Category(models.TextChoices):
        ARTS = "arts", _("Arts and crafts")
        DOMESTIC = "domestic", _("Domestic tasks")
        MUSIC = "music", _("Music, singing and dancing")
        FITNESS = "fitness", _("Fitness and movement")
        LEARNING = "learning", _("Books and learning")
        GAMES = "games", _("Games and puzzles")
        TECHNOLOGY = "technology", _("Technology")
        NATURE = "nature", _("Nature and outdoors")
        FAITH = "faith", _("Faith and culture")
        SPORT = "sport", _("Sport")
        COMMUNITY = "community", _("Community and outings")
        ANIMALS = "animals", _("Animals")
        OTHER = "other", _("Other")

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)

    class Meta:
        ordering = ["category", "name"]

    def __str__(self) -> str:
        # Seeded names are marked for translation in the seed migration, so they read in Welsh.
        return gettext(self.name)


class ResidentInterest(TenantModel):
    class When(models.TextChoices):
        PRESENT = "present", _("Enjoys now")
        PAST = "past", _("Enjoyed in the past")
        TRY = "try", _("Would like to try")

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="interests")
    interest = models.ForeignKey(
        Interest, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    detail = models.CharField(
        _("in their words"),
        max_length=200,
        blank=True,
        help_text=_('Free text, for example "Brass bands, especially Black Dyke".'),
    )
    when = models.CharField(_("when"), max_length=10, choices=When.choices, default=When.PRESENT)

    class Meta:
        ordering = ["when", "interest__name", "detail"]
        verbose_name = _("interest")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(interest__isnull=True, detail=""),
                name="interest_has_taxonomy_or_text",
            )
        ]

    def __str__(self) -> str:
        if self.interest and self.detail:
            return f"{self.interest}: {self.detail}"
        return str(self.interest) if self.interest else self.detail


class ConsentRecord(TenantModel):
    """A consent decision. The latest record per purpose is the one in force."""

    class Purpose(models.TextChoices):
        PHOTOS = "photos", _("Photos of me kept and shown in Common Room")
        UPDATES = "updates", _("Updates about me shared with the people I name")
        GROUP_PHOTOS = "group_photos", _("Group photos that include me")
        COMMUNITY = "community", _("Sharing with community partners")

    class Decision(models.TextChoices):
        GIVEN = "given", _("Consent given")
        REFUSED = "refused", _("Consent refused")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")

    class GivenBy(models.TextChoices):
        PERSON = "person", _("The person themselves")
        REPRESENTATIVE = "representative", _("A representative (the person lacks capacity)")

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("for"), max_length=20, choices=Purpose.choices)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    given_by = models.CharField(_("decided by"), max_length=20, choices=GivenBy.choices)
    representative_name = models.CharField(_("representative's name"), max_length=200, blank=True)
    representative_authority = models.CharField(
        _("representative's authority"),
        max_length=200,
        blank=True,
        help_text=_("For example: lasting power of attorney for health and welfare."),
    )
    decided_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["purpose", "-decided_on", "-id"]
        verbose_name = _("consent record")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(given_by="representative", representative_name=""),
                name="consent_representative_named",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.get_decision_display()}"


class PersonalPlan(TenantModel):
    """The plan agreed with the person; reviews happen on a schedule and are recorded."""

    resident = models.OneToOneField(Resident, on_delete=models.CASCADE, related_name="plan")
    review_every_months = models.PositiveSmallIntegerField(_("review every (months)"), default=6)
    next_review_on = models.DateField(_("next review due"))

    class Meta:
        verbose_name = _("personal plan")

    def __str__(self) -> str:
        return f"Plan for {self.resident_id}"

    @property
    def review_overdue(self) -> bool:
        return self.next_review_on < today()

    def schedule_after(self, reviewed_on: dt.date) -> dt.date:
        return add_months(reviewed_on, self.review_every_months)

    @classmethod
    def first_for(cls, resident: Resident, home: Home) -> "PersonalPlan":
        """A new resident's plan, first due one of the home's review intervals after moving in."""
        return cls(
            home=home,
            organisation_id=home.organisation_id,
            resident=resident,
            review_every_months=home.plan_review_months,
            next_review_on=add_months(resident.admission_date, home.plan_review_months),
        )


class PlanOutcome(TenantModel):
    class Status(models.TextChoices):
        WORKING_ON = "working_on", _("Working towards it")
        ACHIEVED = "achieved", _("Achieved")
        CHANGED = "changed", _("No longer wanted")

    plan = models.ForeignKey(PersonalPlan, on_delete=models.CASCADE, related_name="outcomes")
    outcome = models.TextField(_("what I want"), help_text=_("In the person's own words."))
    support = models.TextField(_("how I will be supported"), blank=True)
    agreed_with_person = models.BooleanField(_("agreed with the person"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WORKING_ON
    )

    class Meta:
        ordering = ["status", "created_at"]
        verbose_name = _("plan outcome")

    def __str__(self) -> str:
        return self.outcome[:80]


class PlanReview(TenantModel):
    plan = models.ForeignKey(PersonalPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("date of review"))
    participants = models.CharField(
        _("who took part"),
        max_length=300,
        help_text=_("For example: Mary, her son David, key worker Amir."),
    )
    person_took_part = models.BooleanField(_("the person took part"), default=True)
    summary = models.TextField(_("what was agreed"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("plan review")

    def __str__(self) -> str:
        return f"Review {self.reviewed_on}"


class RiskDecisionQuerySet(models.QuerySet["RiskDecision"]):
    def active(self) -> "RiskDecisionQuerySet":
        return self.filter(ended_on__isnull=True)

    def review_overdue(self, on: dt.date | None = None) -> "RiskDecisionQuerySet":
        return self.active().filter(review_on__lt=on or today())


class RiskDecision(TenantModel):
    """A positive-risk decision: a choice the person made, the risk, and how it is supported."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="risk_decisions")
    choice = models.TextField(_("the choice"), help_text=_("What the person wants to do."))
    risk = models.TextField(_("the risk"))
    support = models.TextField(_("how it is supported"))
    agreed_by = models.CharField(_("who agreed"), max_length=300)
    decided_on = models.DateField(_("date agreed"))
    review_on = models.DateField(_("review by"))
    ended_on = models.DateField(_("no longer needed from"), null=True, blank=True)

    objects: ClassVar[Any] = ScopedManager(
        home="home", _manager_class=models.Manager.from_queryset(RiskDecisionQuerySet)
    )

    class Meta:
        ordering = ["review_on"]
        verbose_name = _("positive-risk decision")

    def __str__(self) -> str:
        return self.choice[:80]

    @property
    def review_overdue(self) -> bool:
        """The same rule as ``RiskDecisionQuerySet.review_overdue``."""
        return self.ended_on is None and self.review_on < today()

"""Roll-ups of the connection log, kept current on every write so that no page rescans history.

Daily and weekly rows per resident hold the same counts; a summary row per resident holds the
last day of each kind of contact, however long ago. ``services.rollups`` writes all of them and
can rebuild them from the log."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from commonroom.homes.models import Home
from commonroom.residents.models import Resident


class ConnectionCounts(models.Model):
    """What a resident's day (or week) held. Counts exclude declined moments unless named so."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="+", db_index=False)
    # No index of its own: the unique constraint starts with the resident and serves every
    # lookup by resident, and an index fewer makes each write and each rebuild cheaper.
    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    moments = models.IntegerField(default=0)
    family = models.IntegerField(default=0)
    peers = models.IntegerField(default=0)
    staff = models.IntegerField(default=0)
    community = models.IntegerField(default=0)
    visits = models.IntegerField(default=0)
    """In-person visits from family and friends."""
    declined = models.IntegerField(default=0)
    group_offered = models.IntegerField(default=0)
    """Moments shared with other residents that were offered to this one, declined or not."""
    group_declined = models.IntegerField(default=0)
    low_mood = models.IntegerField(default=0)
    engagement_sum = models.IntegerField(default=0)
    engagement_count = models.IntegerField(default=0)
    minutes = models.IntegerField(default=0)

    objects = ScopedManager(home="home")

    COUNT_FIELDS = (
        "moments",
        "family",
        "peers",
        "staff",
        "community",
        "visits",
        "declined",
        "group_offered",
        "group_declined",
        "low_mood",
        "engagement_sum",
        "engagement_count",
        "minutes",
    )

    class Meta:
        abstract = True

    @property
    def average_engagement(self) -> float | None:
        return self.engagement_sum / self.engagement_count if self.engagement_count else None


class DailyConnection(ConnectionCounts):
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resident", "day"], name="daily_connection_unique")
        ]
        indexes = [models.Index(fields=["home", "day"], name="daily_home_day_idx")]

    def __str__(self) -> str:
        return f"{self.resident_id} {self.day}"


class WeeklyConnection(ConnectionCounts):
    week = models.DateField(help_text="The Monday the week starts on.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resident", "week"], name="weekly_connection_unique")
        ]
        indexes = [models.Index(fields=["home", "week"], name="weekly_home_week_idx")]

    def __str__(self) -> str:
        return f"{self.resident_id} week of {self.week}"


class ConnectionSummary(models.Model):
    """The last day of each kind of contact for one resident, over all of history."""

    resident = models.OneToOneField(
        Resident, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="+")
    last_moment = models.DateField(null=True)
    last_family = models.DateField(null=True)
    last_visit = models.DateField(null=True)
    last_peers = models.DateField(null=True)
    last_staff = models.DateField(null=True)
    last_community = models.DateField(null=True)

    objects = ScopedManager(home="home")

    LAST_FIELDS = (
        "last_moment",
        "last_family",
        "last_visit",
        "last_peers",
        "last_staff",
        "last_community",
    )

    def __str__(self) -> str:
        return f"{self.resident_id} last seen {self.last_moment}"


class ConnectionEdge(models.Model):
    """Who a resident connected with, per month: the lines of the home's network picture.

    ``party`` names the other end: ``r:<resident id>``, ``c:<contact id>``, ``m:<membership
    id>`` or ``g:<group name>`` (as written). Fellow residents appear from both ends."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="+", db_index=False)
    # No index of its own: the unique constraint starts with the resident and serves every
    # lookup by resident, and an index fewer makes each write and each rebuild cheaper.
    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    party = models.CharField(max_length=220)
    domain = models.CharField(max_length=10)
    month = models.DateField()
    moments = models.IntegerField(default=0)
    last_day = models.DateField()

    objects = ScopedManager(home="home")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "party", "domain", "month"], name="connection_edge_unique"
            )
        ]
        indexes = [models.Index(fields=["home", "month"], name="edge_home_month_idx")]

    def __str__(self) -> str:
        return f"{self.resident_id} - {self.party} ({self.month:%Y-%m})"


class RebuildJob(models.Model):
    """A rebuild of the roll-ups from the log, for one home or all: its progress, for the
    progress bar on the page and in the terminal."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Rebuilding")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    home = models.ForeignKey(Home, on_delete=models.CASCADE, null=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_steps = models.PositiveIntegerField(default=0)
    done_steps = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Rebuild {self.code} ({self.status})"

    @property
    def percent(self) -> int:
        return round(100 * self.done_steps / self.total_steps) if self.total_steps else 0

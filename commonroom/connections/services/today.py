"""Who needs connection today: the hottest read path.

Everything is read from the roll-ups and a few small tables in a fixed number of queries,
whatever the size of the home or the length of its history (never from the log itself), turned
into plain ``rules.Person`` facts, and ranked by ``rules.rank``. Also the writes the list page
makes: marking a reason as understood, saying who is on shift, and tuning the rules."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from commonroom.audit.services import Action, record, record_many
from commonroom.circle.models import Contact, PeerRelationship
from commonroom.homes.models import Home, Membership
from commonroom.homes.roles import STAFF_ROLES
from commonroom.lib.dates import add_months, today
from commonroom.residents.models import Resident, StatusChange

from .. import rules
from ..baselines import BASELINE_WEEKS
from ..models import (
    ConnectionSummary,
    DailyConnection,
    OnShift,
    ReasonAcknowledgement,
    WarningRuleSetting,
    WeeklyConnection,
)
from .measures import latest_lonely_measures
from .rollups import monday_of

WEEK = dt.timedelta(days=7)
REVIEW_MONTHS = 3
"""How long a reason stays understood unless staff choose otherwise: a season is long enough to
stop nagging and short enough that nobody is forgotten."""
LONGEST_REVIEW_MONTHS = 12
NOTE_MAX = 1000
Status = Resident.Status
FRIENDS = (PeerRelationship.Kind.FRIEND, PeerRelationship.Kind.BUDDY)
HEALTH_RULES = frozenset({"back_from_hospital", "low_mood", "lonely_measure"})
"""Reasons that reveal special-category (health) data, so reading them is audited."""


class TodayError(ValueError):
    """Input the early warning cannot accept; ``field`` names the input at fault."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class Entry:
    """One person on the list, with the reasons in plain words."""

    resident: Resident
    flagged: rules.Flagged

    @property
    def reasons(self) -> list[rules.Shown]:
        return self.flagged.reasons

    @property
    def score(self) -> int:
        return self.flagged.score


@dataclass
class TodayList:
    day: dt.date
    entries: list[Entry]
    """Everyone with a reason, most in need first; people all of whose reasons are understood
    come last (their score is 0)."""
    shift_known: bool
    on_shift: frozenset[int] = field(default_factory=frozenset)
    """Membership ids of the staff who have said they are on shift today."""
    away: int = 0
    """People of the home in hospital or on leave, who are not listed."""

    @property
    def needing(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.flagged.needs]

    @property
    def understood(self) -> list[Entry]:
        return [entry for entry in self.entries if not entry.flagged.needs]


# --- reading ----------------------------------------------------------------------------------


def rule_configs(home: Home) -> dict[str, rules.RuleConfig]:
    """Every rule as the home uses it: the manager's tuning over the written-down defaults."""
    configs = rules.defaults()
    for code, enabled, threshold, weight in WarningRuleSetting.objects.filter(
        home=home
    ).values_list("rule", "enabled", "threshold", "weight"):
        rule = rules.RULES_BY_CODE.get(code)
        if rule is not None:
            kept = threshold if rule.threshold is not None else None
            configs[code] = rules.RuleConfig(enabled, kept, weight)
    return configs


def who_needs_connection(home: Home, *, on: dt.date | None = None) -> TodayList:
    """The home's list for ``on`` (today): the people living here now with any reason, ranked.
    A later ``on`` gives the list as it would be then if nothing more were recorded. A fixed
    number of queries (twelve), read from roll-ups and small tables only."""
    day = on or today()
    configs = rule_configs(home)
    residents = _residents(home)
    here = [r for r in residents if r.status == Status.LIVING_HERE]
    people, shift = _people(home, here, configs, day)
    level = rules.HomeLevel(day, rules.home_usual(people), shift_known=bool(shift))
    understood = _understood(home, day)
    ranked = rules.rank(people, level, configs, understood)
    by_id = {r.pk: r for r in here}
    return TodayList(
        day=day,
        entries=[Entry(by_id[item.person.key], item) for item in ranked],
        shift_known=bool(shift),
        on_shift=shift,
        away=len(residents) - len(here),
    )


def _residents(home: Home) -> list[Resident]:
    return list(
        Resident.objects.filter(home=home)
        .current()
        .only(
            "id",
            "code",
            "full_name",
            "preferred_name",
            "room",
            "status",
            "admission_date",
            "preferred_language",
        )
        .annotate(has_circle=Exists(Contact.objects.filter(resident=OuterRef("pk"))))
    )


def _people(
    home: Home, here: Sequence[Resident], configs: Mapping[str, rules.RuleConfig], day: dt.date
) -> tuple[list[rules.Person], frozenset[int]]:
    ids = [r.pk for r in here]
    started = _log_started(home)
    weeks = _weeks(home, day)
    recent = _recent(home, day)
    last = _last_days(home)
    hospital = _hospital_returns(home, day, _days(configs, "back_from_hospital"))
    deaths = _friend_deaths(home, day, _days(configs, "friend_died"))
    spoken, shift = _languages(home, day)
    lonely = _lonely(home, ids, day, _days(configs, "lonely_measure"))
    people = []
    for resident in here:
        facts = _Facts(resident, day, started, last.get(resident.pk, (None, None, None)))
        people.append(
            facts.person(
                weeks.get(resident.pk, {}),
                recent.get(resident.pk, rules.Recent()),
                hospital.get(resident.pk),
                tuple(deaths.get(resident.pk, ())),
                rules.speaks(resident.preferred_language, spoken),
                lonely.get(resident.pk),
            )
        )
    return people, shift


def _days(configs: Mapping[str, rules.RuleConfig], code: str) -> int:
    return configs[code].threshold or rules.RULES_BY_CODE[code].threshold or 0


@dataclass
class _Facts:
    """One resident's dates, to count days and weeks from."""

    resident: Resident
    day: dt.date
    log_started: dt.date | None
    last: tuple[dt.date | None, dt.date | None, dt.date | None]
    """The last moment, family contact and visit."""

    def ago(self, then: dt.date | None) -> int | None:
        return None if then is None else max(0, (self.day - then).days)

    @property
    def known_from(self) -> dt.date:
        admitted = self.resident.admission_date
        return max(admitted, self.log_started) if self.log_started else self.day

    def week_starts(self) -> list[dt.date]:
        """The complete weeks before this one that the person lived here and the log covered,
        within the baseline window."""
        first = monday_of(self.known_from)
        if first != self.known_from:
            first += WEEK
        this_week = monday_of(self.day)
        first = max(first, this_week - BASELINE_WEEKS * WEEK)
        return [first + n * WEEK for n in range(max(0, (this_week - first).days // 7))]

    def person(
        self,
        weekly: Mapping[dt.date, tuple[int, int]],
        recent: rules.Recent,
        hospital: dt.date | None,
        deaths: tuple[rules.FriendDeath, ...],
        spoken: bool,
        lonely: rules.LonelyMeasure | None,
    ) -> rules.Person:
        starts = self.week_starts()
        resident = self.resident
        return rules.Person(
            key=resident.pk,
            name=resident.display_name,
            days_here=(self.day - resident.admission_date).days,
            days_known=max(0, (self.day - self.known_from).days),
            days_since_any=self.ago(self.last[0]),
            days_since_family=self.ago(self.last[1]),
            days_since_visit=self.ago(self.last[2]),
            weekly_moments=tuple(weekly.get(w, (0, 0))[0] for w in starts),
            weekly_visits=tuple(weekly.get(w, (0, 0))[1] for w in starts),
            recent=recent,
            days_since_hospital=self.ago(hospital),
            friends_died=deaths,
            preferred_language=resident.preferred_language,
            language_spoken=spoken,
            has_circle=bool(getattr(resident, "has_circle", False)),
            lonely_measure=lonely,
        )


def _log_started(home: Home) -> dt.date | None:
    """The day of the home's first recorded moment: "never" cannot reach back before it. A day
    whose moments were all taken back keeps its row, with nothing in it, until a rebuild."""
    recorded = Q(moments__gt=0) | Q(declined__gt=0)
    days = DailyConnection.objects.filter(recorded, home=home)
    first: dt.date | None = days.aggregate(first=Min("day"))["first"]
    return first


def _weeks(home: Home, day: dt.date) -> dict[int, dict[dt.date, tuple[int, int]]]:
    this_week = monday_of(day)
    rows = WeeklyConnection.objects.filter(
        home=home, week__gte=this_week - BASELINE_WEEKS * WEEK, week__lt=this_week
    ).values_list("resident_id", "week", "moments", "visits")
    weeks: dict[int, dict[dt.date, tuple[int, int]]] = defaultdict(dict)
    for resident_id, week, moments, visits in rows:
        weeks[resident_id][week] = (moments, visits)
    return weeks


def _recent(home: Home, day: dt.date) -> dict[int, rules.Recent]:
    rows = (
        DailyConnection.objects.filter(home=home, day__gt=day - WEEK, day__lte=day)
        .values("resident_id")
        .annotate(
            m=Sum("moments"),
            offered=Sum("group_offered"),
            declined=Sum("group_declined"),
            low=Sum("low_mood"),
            rated=Sum("engagement_count"),
        )
        .values_list("resident_id", "m", "offered", "declined", "low", "rated")
        .order_by()
    )
    return {row[0]: rules.Recent(*row[1:]) for row in rows}


def _last_days(home: Home) -> dict[int, tuple[dt.date | None, dt.date | None, dt.date | None]]:
    rows = ConnectionSummary.objects.filter(home=home).values_list(
        "resident_id", "last_moment", "last_family", "last_visit"
    )
    return {row[0]: row[1:] for row in rows}


def _hospital_returns(home: Home, day: dt.date, days: int) -> dict[int, dt.date]:
    """The latest day each person came back to living here from hospital, within ``days``."""
    earlier = StatusChange.objects.filter(resident=OuterRef("resident")).filter(
        Q(started_on__lt=OuterRef("started_on"))
        | Q(started_on=OuterRef("started_on"), id__lt=OuterRef("id"))
    )
    rows = (
        StatusChange.objects.filter(
            home=home,
            status=Status.LIVING_HERE,
            started_on__gt=day - dt.timedelta(days=days),
            started_on__lte=day,
        )
        .annotate(before=Subquery(earlier.order_by("-started_on", "-id").values("status")[:1]))
        .filter(before=Status.IN_HOSPITAL)
        .values_list("resident_id", "started_on")
    )
    returns: dict[int, dt.date] = {}
    for resident_id, started_on in rows:
        returns[resident_id] = max(started_on, returns.get(resident_id, started_on))
    return returns


def _friend_deaths(home: Home, day: dt.date, days: int) -> dict[int, set[rules.FriendDeath]]:
    """Per living resident, friends and buddies in the home who died within ``days``."""
    since = day - dt.timedelta(days=days - 1)
    died = {"status": Status.DIED, "status_since__gte": since, "status_since__lte": day}
    rows = (
        PeerRelationship.objects.filter(home=home, kind__in=FRIENDS)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=since))
        .filter(
            Q(**{f"resident_a__{k}": v for k, v in died.items()})
            | Q(**{f"resident_b__{k}": v for k, v in died.items()})
        )
        .values_list(
            "resident_a_id",
            "resident_a__status",
            "resident_a__status_since",
            "resident_a__preferred_name",
            "resident_b_id",
            "resident_b__status",
            "resident_b__status_since",
            "resident_b__preferred_name",
        )
    )
    deaths: dict[int, set[rules.FriendDeath]] = defaultdict(set)
    for a_id, a_status, a_since, a_name, b_id, b_status, b_since, b_name in rows:
        if a_status == Status.DIED:
            deaths[b_id].add(rules.FriendDeath(a_name, a_since))
        if b_status == Status.DIED:
            deaths[a_id].add(rules.FriendDeath(b_name, b_since))
    return deaths


def _languages(home: Home, day: dt.date) -> tuple[list[str], frozenset[int]]:
    """The languages spoken by today's shift (all current staff when nobody has said they are
    on shift), and who is on shift."""
    rows = (
        Membership.objects.active()
        .filter(home=home, role__in=STAFF_ROLES)
        .annotate(on_shift=Exists(OnShift.objects.filter(membership=OuterRef("pk"), day=day)))
        .values_list("pk", "user__languages_spoken", "on_shift")
        .order_by()
    )
    staff = [(pk, spoken if isinstance(spoken, list) else [], on) for pk, spoken, on in rows]
    shift = frozenset(pk for pk, _spoken, on in staff if on)
    speakers = [spoken for pk, spoken, _on in staff if not shift or pk in shift]
    return [str(language) for spoken in speakers for language in spoken], shift


def _lonely(
    home: Home, ids: Sequence[int], day: dt.date, days: int
) -> dict[int, rules.LonelyMeasure]:
    since = day - dt.timedelta(days=days - 1)
    readings = latest_lonely_measures(home, ids, None, since)
    return {
        resident_id: rules.LonelyMeasure(
            reading.answered_on, f"{reading.instrument_label}: {reading.band_label}"
        )
        for resident_id, reading in readings.items()
    }


def _understood(home: Home, day: dt.date) -> dict[tuple[int, str], rules.Understood]:
    rows = (
        ReasonAcknowledgement.objects.filter(home=home)
        .in_force(day)
        .order_by("created_at", "id")
        .values_list("resident_id", "rule", "note", "review_on", "recorded_by__full_name")
    )
    return {
        (resident_id, rule): rules.Understood(note, review_on, by or "")
        for resident_id, rule, note, review_on, by in rows
    }


def record_list_viewed(home: Home, entries: Iterable[Entry], *, actor: Any) -> None:
    """Audit that ``actor`` read health data on the list (a hospital stay, low mood, a
    loneliness measure): one entry per person shown with such a reason, naming those reasons,
    in one insert. The other reasons restate counts from the connection log, which are not
    special-category data, and auditing every read of them would bury the trail."""
    items = []
    for entry in entries:
        health = [s.reason.code for s in entry.reasons if s.reason.code in HEALTH_RULES]
        if health:
            items.append((entry.resident, entry.resident.code, health))
    if items:
        record_many(actor, Action.VIEW, items, home=home)


# --- writing ----------------------------------------------------------------------------------


def default_review_on(day: dt.date | None = None) -> dt.date:
    return add_months(day or today(), REVIEW_MONTHS)


def acknowledge(
    home: Home, resident: Resident, rule: str, note: str, review_on: dt.date, *, actor: Any
) -> ReasonAcknowledgement:
    """Mark ``rule`` as understood for ``resident`` until ``review_on`` (after today, within a
    year): the reason stays on the list, marked as understood with ``note``, and stops counting
    towards their place until then. An earlier acknowledgement of the same reason is withdrawn.
    Raises ``TodayError`` for input that cannot stand."""
    _check_acknowledgement(home, resident, rule, note, review_on)
    with transaction.atomic():
        earlier = list(
            ReasonAcknowledgement.objects.filter(home=home, resident=resident, rule=rule)
            .in_force(today())
            .select_for_update()
        )
        for old in earlier:
            old.withdrawn_at = timezone.now()
            old.save(update_fields=["withdrawn_at", "updated_at"])
            record(
                actor,
                Action.UPDATE,
                old,
                home=home,
                resident_code=resident.code,
                fields=["withdrawn_at"],
            )
        acknowledgement = ReasonAcknowledgement.objects.create(
            home=home,
            organisation_id=home.organisation_id,
            resident=resident,
            rule=rule,
            note=note.strip(),
            review_on=review_on,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            actor,
            Action.CREATE,
            acknowledgement,
            home=home,
            resident_code=resident.code,
            fields=["rule", "note", "review_on"],
        )
    return acknowledgement


def _check_acknowledgement(
    home: Home, resident: Resident, rule: str, note: str, review_on: dt.date
) -> None:
    if resident.home_id != home.pk:
        raise TodayError(None, "The resident does not live in this home.")
    if not resident.is_current:
        # Someone who has moved out or died is on no list, so there is nothing to understand.
        raise TodayError(
            None, _("%(name)s no longer lives here.") % {"name": resident.display_name}
        )
    if rule not in rules.RULES_BY_CODE:
        raise TodayError("rule", _("Choose a reason from the list."))
    if not note.strip():
        raise TodayError("note", _("Say what is understood, for example what the person wants."))
    if len(note.strip()) > NOTE_MAX:
        raise TodayError("note", _("Keep the note to 1000 characters or fewer."))
    if review_on <= today():
        raise TodayError("review_on", _("The review date must be in the future."))
    if review_on > add_months(today(), LONGEST_REVIEW_MONTHS):
        raise TodayError(
            "review_on", _("Choose a review date within a year, so the reason is looked at again.")
        )


def acknowledgement_in_force(
    home: Home, resident: Resident, rule: str
) -> ReasonAcknowledgement | None:
    return (
        ReasonAcknowledgement.objects.filter(home=home, resident=resident, rule=rule)
        .in_force(today())
        .select_related("recorded_by")
        .first()
    )


def mark_on_shift(home: Home, membership: Membership, day: dt.date, *, actor: Any) -> OnShift:
    """Say that ``membership`` (a member of staff) is on shift in ``home`` on ``day``, so the
    list can tell whether anyone here today speaks each person's language. Audited."""
    if membership.home_id != home.pk or not membership.is_staff_role:
        raise TodayError(None, _("Only staff of this home can be on shift."))
    with transaction.atomic():
        shift, created = OnShift.objects.get_or_create(
            home=home,
            membership=membership,
            day=day,
            defaults={"organisation_id": home.organisation_id},
        )
        if created:
            record(actor, Action.CREATE, shift, home=home, fields=["membership", "day"])
    return shift


def clear_on_shift(home: Home, membership: Membership, day: dt.date, *, actor: Any) -> None:
    """Take back ``mark_on_shift`` for ``day``. Audited."""
    with transaction.atomic():
        for shift in OnShift.objects.filter(home=home, membership=membership, day=day):
            record(actor, Action.DELETE, shift, home=home, fields=["membership", "day"])
            shift.delete()


def save_rule_configs(
    home: Home, configs: Mapping[str, rules.RuleConfig], *, actor: Any
) -> list[str]:
    """Store a manager's tuning of the rules, audited rule by rule. Returns the codes of the
    rules that changed. Raises ``TodayError`` for a value outside a rule's range."""
    for code, config in configs.items():
        _check_config(code, config)
    current = rule_configs(home)
    changed = [code for code, config in configs.items() if config != current[code]]
    with transaction.atomic():
        stored = {s.rule: s for s in WarningRuleSetting.objects.filter(home=home, rule__in=changed)}
        for code in changed:
            _store(home, stored.get(code), code, current[code], configs[code], actor)
    return changed


def _check_config(code: str, config: rules.RuleConfig) -> None:
    rule = rules.RULES_BY_CODE.get(code)
    if rule is None:
        raise TodayError(code, _("Choose a rule from the list."))
    if not 1 <= config.weight <= rules.MAX_WEIGHT:
        raise TodayError(code, _("Give a weight from 1 to 20."))
    if rule.threshold is not None and not (
        config.threshold is not None and rule.minimum <= config.threshold <= rule.maximum
    ):
        raise TodayError(
            code,
            _("Give a threshold from %(min)d to %(max)d.")
            % {"min": rule.minimum, "max": rule.maximum},
        )


def _store(
    home: Home,
    setting: WarningRuleSetting | None,
    code: str,
    before: rules.RuleConfig,
    after: rules.RuleConfig,
    actor: Any,
) -> None:
    created = setting is None
    setting = setting or WarningRuleSetting(
        home=home, organisation_id=home.organisation_id, rule=code
    )
    setting.enabled = after.enabled
    setting.threshold = after.threshold or 0
    setting.weight = after.weight
    setting.save()
    fields = [
        name
        for name in ("enabled", "threshold", "weight")
        if getattr(before, name) != getattr(after, name)
    ]
    record(actor, Action.CREATE if created else Action.UPDATE, setting, home=home, fields=fields)

"""Visiting restrictions done lawfully: declared as their own record with the nation's test met,
the residents covered snapshotted with their named care supporters (or, in Scotland, the reason
there is none), reviewed on time, changed and lifted with written notice each time."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commonroom.audit.services import Action, record
from commonroom.circle.models import Contact
from commonroom.homes.models import Home
from commonroom.lib.dates import today
from commonroom.residents.models import Resident

from ..models import (
    NoticeDelivery,
    Restriction,
    RestrictionNotice,
    RestrictionResident,
    RestrictionReview,
    Visit,
    VisitingPreferences,
)
from ..rules import RestrictionFacts

MAX_TEXT = 5000
REVIEW_WARN_DAYS = 14

TEXT_FIELDS = (
    "title",
    "area_name",
    "risk",
    "risk_assessment",
    "precautions",
    "alternatives_considered",
    "consulted",
    "contact_name",
    "contact_details",
)
RECORD_FIELDS = (
    *TEXT_FIELDS,
    "scope",
    "level",
    "residents_consulted",
    "families_consulted",
    "next_review_on",
    "started_at",
)
REQUIRED = {
    "title": gettext_lazy("Say what the restriction is."),
    "risk": gettext_lazy("Describe the risk."),
    "risk_assessment": gettext_lazy("Say how the risk was assessed."),
    "alternatives_considered": gettext_lazy("Say which less restrictive options were considered."),
    "consulted": gettext_lazy("Say who was consulted."),
    "contact_name": gettext_lazy("Give a named contact."),
    "contact_details": gettext_lazy("Say how to reach the named contact."),
}
MAX_LENGTHS = {"title": 200, "area_name": 100, "contact_name": 200, "contact_details": 200}


class RestrictionError(ValueError):
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class RestrictionInput:
    """What a manager records when declaring or changing a restriction."""

    title: str
    scope: str
    level: str
    risk: str
    risk_assessment: str
    alternatives_considered: str
    consulted: str
    contact_name: str
    contact_details: str
    next_review_on: dt.date
    area_name: str = ""
    residents: Sequence[Resident] = ()
    precautions: str = ""
    residents_consulted: bool = False
    families_consulted: bool = False
    started_at: dt.datetime | None = None
    confirmed: bool = False
    """The manager confirms the nation's test for pausing visits is met."""


def confirmation_text(nation: str) -> str:
    """What the manager must confirm to pause visits, in the words of the nation's law."""
    if nation == Home.Nation.SCOTLAND:
        return _(
            "I confirm that pausing visits is essential to prevent a serious risk to the life, "
            "health or wellbeing of residents, staff or visitors (Anne's Law, section 78C), "
            "and that we will take all reasonable steps to reduce the risk and lift it as soon "
            "as we can."
        )
    if nation == Home.Nation.ENGLAND:
        return _(
            "I confirm these are exceptional circumstances: a visit would still be a serious "
            "risk to health, safety or welfare even with precautions (Regulation 9A). We will "
            "keep it under review and lift it as soon as things change."
        )
    return _(
        "I confirm that pausing visits is necessary and proportionate to the risk, that less "
        "restrictive options were considered, and that it will be lifted as soon as it can be."
    )


def validate(home: Home, data: RestrictionInput, *, on: dt.date | None = None) -> list[str]:
    """Refuse a record the law would not accept; answer any warnings to show the manager."""
    day = on or today()
    for name in TEXT_FIELDS:
        value = (getattr(data, name) or "").strip()
        setattr(data, name, value)
        if "\x00" in value:
            raise RestrictionError(name, _("Remove the hidden control characters from this text."))
        if len(value) > MAX_LENGTHS.get(name, MAX_TEXT):
            raise RestrictionError(
                name,
                _("Keep it under %(count)s characters.")
                % {"count": MAX_LENGTHS.get(name, MAX_TEXT)},
            )
        if name in REQUIRED and not value:
            raise RestrictionError(name, str(REQUIRED[name]))
    _check_scope(home, data)
    if data.level not in Restriction.Level.values:
        raise RestrictionError("level", _("Choose what it means for visits."))
    if data.level == Restriction.Level.PAUSED and not data.confirmed:
        raise RestrictionError(
            "confirmed", _("Pausing visits needs your confirmation that the law's test is met.")
        )
    if data.next_review_on is None:
        raise RestrictionError("next_review_on", _("Give the date of the next review."))
    if data.next_review_on < day:
        raise RestrictionError("next_review_on", _("The next review cannot be in the past."))
    started = data.started_at or timezone.now()
    if started > timezone.now() + dt.timedelta(minutes=5):
        raise RestrictionError(
            "started_at", _("Record a restriction when it starts, not before: the start is ahead.")
        )
    warnings = []
    if data.next_review_on > day + dt.timedelta(days=REVIEW_WARN_DAYS):
        warnings.append(
            _(
                "The next review is more than %(days)s days away. Restrictions should be "
                "reviewed often and lifted as soon as possible."
            )
            % {"days": REVIEW_WARN_DAYS}
        )
    return warnings


def _check_scope(home: Home, data: RestrictionInput) -> None:
    if data.scope not in Restriction.Scope.values:
        raise RestrictionError("scope", _("Choose who it covers."))
    if any(r.home_id != home.pk for r in data.residents):
        raise RestrictionError("residents", _("Choose residents of this home."))
    if data.scope == Restriction.Scope.AREA and not data.area_name:
        raise RestrictionError("area_name", _("Name the floor or unit."))
    if data.scope != Restriction.Scope.HOME and not data.residents:
        raise RestrictionError("residents", _("Choose the residents it covers."))
    if data.scope != Restriction.Scope.AREA:
        data.area_name = ""


def declare(home: Home, data: RestrictionInput, *, actor: Any) -> Restriction:
    """Record a new restriction, snapshot who it covers, and write the notice of its start."""
    from .notices import write_notice

    validate(home, data)
    with transaction.atomic():
        restriction = Restriction(
            home=home,
            organisation_id=home.organisation_id,
            declared_by=actor if getattr(actor, "pk", None) else None,
        )
        _apply(restriction, data)
        restriction.save()
        sync_covered(restriction, data.residents)
        record(actor, Action.CREATE, restriction, home=home, fields=RECORD_FIELDS)
        write_notice(restriction, RestrictionNotice.Event.STARTED, actor=actor)
    return restriction


def change(
    restriction: Restriction, data: RestrictionInput, *, what_changed: str, actor: Any
) -> Restriction:
    """Change a restriction in force; everyone it covers is told what changed, in writing."""
    from .notices import write_notice

    if not restriction.is_active:
        raise RestrictionError(None, _("This restriction has been lifted: declare a new one."))
    data.started_at = data.started_at or restriction.started_at
    validate(restriction.home, data, on=min(today(), restriction.next_review_on))
    what_changed = _text(what_changed, "what_changed", _("Say what changed, for the notice."))
    with transaction.atomic():
        before = {name: getattr(restriction, name) for name in RECORD_FIELDS}
        _apply(restriction, data)
        changed = [name for name in RECORD_FIELDS if getattr(restriction, name) != before[name]]
        restriction.save()
        covered_changed = sync_covered(restriction, data.residents)
        if covered_changed:
            changed.append("residents")
        record(actor, Action.UPDATE, restriction, home=restriction.home, fields=changed)
        write_notice(restriction, RestrictionNotice.Event.CHANGED, note=what_changed, actor=actor)
    return restriction


def review(
    restriction: Restriction,
    *,
    outcome: str,
    notes: str,
    next_review_on: dt.date | None,
    actor: Any,
    on: dt.date | None = None,
) -> RestrictionReview:
    """Record a review. Keeping or changing it sets the next review date; lifting lifts it."""
    day = on or today()
    if not restriction.is_active:
        raise RestrictionError(None, _("This restriction has already been lifted."))
    if outcome not in RestrictionReview.Outcome.values:
        raise RestrictionError("outcome", _("Choose the outcome of the review."))
    notes = _text(notes, "notes", _("Say what was considered."))
    lifting = outcome == RestrictionReview.Outcome.LIFT
    if not lifting:
        if next_review_on is None:
            raise RestrictionError("next_review_on", _("Give the date of the next review."))
        if next_review_on < day:
            raise RestrictionError("next_review_on", _("The next review cannot be in the past."))
    with transaction.atomic():
        entry = RestrictionReview.objects.create(
            home=restriction.home,
            organisation_id=restriction.organisation_id,
            restriction=restriction,
            reviewed_on=day,
            outcome=outcome,
            notes=notes,
            next_review_on=None if lifting else next_review_on,
            reviewed_by=actor if getattr(actor, "pk", None) else None,
        )
        record(actor, Action.CREATE, entry, home=restriction.home, fields=["outcome", "notes"])
        if lifting:
            lift(restriction, reason=notes, actor=actor)
        else:
            restriction.next_review_on = next_review_on  # type: ignore[assignment]
            restriction.save(update_fields=["next_review_on", "updated_at"])
            record(
                actor, Action.UPDATE, restriction, home=restriction.home, fields=["next_review_on"]
            )
    return entry


def lift(
    restriction: Restriction, *, reason: str, actor: Any, at: dt.datetime | None = None
) -> Restriction:
    """Lift a restriction and tell everyone it covered, in writing."""
    from .notices import write_notice

    if not restriction.is_active:
        raise RestrictionError(None, _("This restriction has already been lifted."))
    reason = _text(reason, "reason", _("Say why it is being lifted."))
    lifted_at = max(at or timezone.now(), restriction.started_at)
    with transaction.atomic():
        restriction.lifted_at = lifted_at
        restriction.lifted_reason = reason
        restriction.save(update_fields=["lifted_at", "lifted_reason", "updated_at"])
        record(
            actor,
            Action.UPDATE,
            restriction,
            home=restriction.home,
            fields=["lifted_at", "lifted_reason"],
        )
        write_notice(restriction, RestrictionNotice.Event.LIFTED, actor=actor)
    return restriction


def _apply(restriction: Restriction, data: RestrictionInput) -> None:
    for name in RECORD_FIELDS:
        if name != "started_at":
            setattr(restriction, name, getattr(data, name))
    restriction.started_at = data.started_at or restriction.started_at or timezone.now()


def _text(value: str, field_name: str, required: str) -> str:
    value = (value or "").strip()
    if not value:
        raise RestrictionError(field_name, required)
    if "\x00" in value:
        raise RestrictionError(
            field_name, _("Remove the hidden control characters from this text.")
        )
    if len(value) > MAX_TEXT:
        raise RestrictionError(
            field_name, _("Keep it under %(count)s characters.") % {"count": MAX_TEXT}
        )
    return value


# Who it covers, and their named care supporters


def covered_people(restriction: Restriction, chosen: Iterable[Resident] = ()) -> list[Resident]:
    """Everyone living in the home for a whole-home restriction, else the residents chosen."""
    if restriction.scope == Restriction.Scope.HOME:
        return list(Resident.objects.filter(home_id=restriction.home_id).current())
    return list(chosen)


def sync_covered(restriction: Restriction, chosen: Iterable[Resident] = ()) -> bool:
    """Make the covered rows match the scope, each with a fresh snapshot of the person's named
    care supporters or the reason there is none. Answers whether the set of people changed."""
    people = covered_people(restriction, chosen)
    existing = {
        row.resident_id: row for row in RestrictionResident.objects.filter(restriction=restriction)
    }
    snapshots = supporter_snapshots(restriction.home, people)
    added = 0
    for person in people:
        supporters, reason = snapshots[person.pk]
        row = existing.pop(person.pk, None)
        if row is None:
            added += 1
            RestrictionResident.objects.create(
                home_id=restriction.home_id,
                organisation_id=restriction.organisation_id,
                restriction=restriction,
                resident=person,
                supporters=supporters,
                no_supporter_reason=reason,
            )
        elif row.supporters != supporters or row.no_supporter_reason != reason:
            row.supporters, row.no_supporter_reason = supporters, reason
            row.save(update_fields=["supporters", "no_supporter_reason", "updated_at"])
    removed = list(existing)
    if removed:
        RestrictionResident.objects.filter(
            restriction=restriction, resident_id__in=removed
        ).delete()
    return bool(added or removed)


def supporter_snapshots(
    home: Home, people: Sequence[Resident], on: dt.date | None = None
) -> dict[int, tuple[list[dict[str, str]], str]]:
    """For each person: their named care supporters in force (with substitutes), or, when they
    have none, the reason recorded in their visiting preferences."""
    day = on or today()
    ids = [p.pk for p in people]
    contacts = (
        Contact.objects.filter(home=home, resident_id__in=ids)
        .exclude(support_role="visitor")
        .select_related("substitute_for")
        .order_by(F("substitute_for_id").asc(nulls_first=True), "name")
    )
    found: dict[int, list[dict[str, str]]] = defaultdict(list)
    for contact in contacts:
        if contact.is_named_supporter and contact.role_active(day):
            found[contact.resident_id].append(
                {
                    "code": str(contact.code),
                    "name": contact.name,
                    "role": contact.support_role,
                    "role_label": str(contact.get_support_role_display()),
                    "substitute_of": contact.substitute_for.name if contact.substitute_for else "",
                }
            )
    reasons = {
        prefs.resident_id: no_supporter_text(prefs)
        for prefs in VisitingPreferences.objects.filter(home=home, resident_id__in=ids)
    }
    return {pk: (found.get(pk, []), "" if found.get(pk) else reasons.get(pk, "")) for pk in ids}


def no_supporter_text(prefs: VisitingPreferences) -> str:
    if not prefs.no_supporter_reason:
        return ""
    label = str(prefs.get_no_supporter_reason_display())
    detail = prefs.no_supporter_detail.strip()
    return f"{label}: {detail}" if detail else label


def missing_reasons(restriction: Restriction) -> list[RestrictionResident]:
    """Residents covered with no named care supporter and no reason recorded (Scotland keeps
    one or the other for everyone, Anne's Law s78B)."""
    return [
        row
        for row in restriction.covered.select_related("resident")
        if not row.supporters and not row.no_supporter_reason.strip()
    ]


def record_no_supporter_reason(
    restriction: Restriction, resident: Resident, *, reason: str, detail: str, actor: Any
) -> RestrictionResident:
    """Record why a resident has no named care supporter: in their visiting preferences (their
    plan) and on the restriction's record."""
    if reason not in VisitingPreferences.NoSupporterReason.values:
        raise RestrictionError("reason", _("Choose why there is no named care supporter."))
    detail = (detail or "").strip()
    if len(detail) > MAX_TEXT or "\x00" in detail:
        raise RestrictionError(
            "detail", _("Keep it under %(count)s characters.") % {"count": MAX_TEXT}
        )
    row = RestrictionResident.objects.filter(restriction=restriction, resident=resident).first()
    if row is None:
        raise RestrictionError(None, _("This restriction does not cover that resident."))
    with transaction.atomic():
        prefs, _created = VisitingPreferences.objects.get_or_create(
            resident=resident,
            defaults={"home_id": resident.home_id, "organisation_id": resident.organisation_id},
        )
        prefs.no_supporter_reason = reason
        prefs.no_supporter_detail = detail
        prefs.updated_by = actor if getattr(actor, "pk", None) else None
        prefs.save(
            update_fields=["no_supporter_reason", "no_supporter_detail", "updated_by", "updated_at"]
        )
        fields = ["no_supporter_reason", "no_supporter_detail"]
        record(
            actor,
            Action.UPDATE,
            prefs,
            home=resident.home,
            resident_code=resident.code,
            fields=fields,
        )
        row.no_supporter_reason = no_supporter_text(prefs)
        row.save(update_fields=["no_supporter_reason", "updated_at"])
        record(
            actor,
            Action.UPDATE,
            row,
            home=resident.home,
            resident_code=resident.code,
            fields=["no_supporter_reason"],
        )
    return row


# What other pages read


def active_restrictions(home: Home) -> list[Restriction]:
    """The restrictions in force, oldest review date first."""
    return list(
        Restriction.objects.filter(home=home, lifted_at__isnull=True).order_by(
            "next_review_on", "-started_at"
        )
    )


def is_overdue(restriction: Restriction, on: dt.date | None = None) -> bool:
    return restriction.lifted_at is None and restriction.next_review_on < (on or today())


def days_overdue(restriction: Restriction, on: dt.date | None = None) -> int:
    return (
        max(0, ((on or today()) - restriction.next_review_on).days)
        if is_overdue(restriction, on)
        else 0
    )


def overdue_reviews(home: Home, on: dt.date | None = None) -> list[Restriction]:
    """Restrictions in force whose review date has passed."""
    day = on or today()
    return list(
        Restriction.objects.filter(
            home=home, lifted_at__isnull=True, next_review_on__lt=day
        ).order_by("next_review_on")
    )


def restrictions_for_residents(
    home: Home, residents: Iterable[Resident]
) -> dict[int, list[Restriction]]:
    """For each resident's pk: the restrictions in force covering them (whole home, or they are
    named on it). Two queries whatever the number of people."""
    people = list(residents)
    active = active_restrictions(home)
    result: dict[int, list[Restriction]] = {p.pk: [] for p in people}
    if not people or not active:
        return result
    by_pk = {r.pk: r for r in active}
    whole = [r for r in active if r.scope == Restriction.Scope.HOME]
    rows = RestrictionResident.objects.filter(
        home=home, restriction_id__in=list(by_pk), resident_id__in=list(result)
    ).values_list("resident_id", "restriction_id")
    for person in people:
        result[person.pk] = list(whole)
    for resident_id, restriction_id in rows:
        restriction = by_pk[restriction_id]
        if restriction not in result[resident_id]:
            result[resident_id].append(restriction)
    return result


def facts(restriction: Restriction) -> RestrictionFacts:
    """The plain facts ``rules.decide`` reads."""
    return RestrictionFacts(
        title=restriction.title,
        level=restriction.level,
        precautions=restriction.precautions,
        contact_name=restriction.contact_name,
        contact_details=restriction.contact_details,
        pk=restriction.pk,
    )


def facts_for(home: Home, resident: Resident) -> list[RestrictionFacts]:
    """The restrictions in force covering ``resident``, as ``rules.decide`` takes them."""
    return [facts(r) for r in restrictions_for_residents(home, [resident])[resident.pk]]


def exception_kinds(home: Home, resident: Resident, on: dt.date | None = None) -> set[str]:
    """The kinds of visiting exception in force for ``resident`` today."""
    from .exceptions import active_exceptions

    return {e.kind for e in active_exceptions(home, on=on).filter(resident=resident)}


@dataclass
class RestrictionPage:
    """Everything the restriction page shows, loaded in a fixed number of queries."""

    restriction: Restriction
    covered: list[RestrictionResident]
    reviews: list[RestrictionReview]
    notices: list[RestrictionNotice]
    visits: list[Any]
    missing: list[RestrictionResident] = field(default_factory=list)


def restriction_list(home: Home) -> QuerySet[Restriction]:
    return Restriction.objects.filter(home=home).select_related("declared_by")


def load_page(home: Home, restriction: Restriction, *, scotland: bool) -> RestrictionPage:
    covered = list(
        RestrictionResident.objects.filter(restriction=restriction).select_related("resident")
    )
    deliveries = NoticeDelivery.objects.only("notice_id", "sent_at", "error", "email", "name")
    notices = list(
        RestrictionNotice.objects.filter(restriction=restriction)
        .select_related("sent_by")
        .prefetch_related(Prefetch("deliveries", queryset=deliveries))
    )
    visits = list(
        Visit.objects.filter(home=home, restriction=restriction)
        .select_related("visitor")
        .prefetch_related(
            Prefetch(
                "residents", queryset=Resident.objects.only("id", "full_name", "preferred_name")
            )
        )
        .order_by("-signed_in_at")[:500]
    )
    missing = (
        [r for r in covered if not r.supporters and not r.no_supporter_reason.strip()]
        if scotland
        else []
    )
    reviews = list(restriction.reviews.select_related("reviewed_by"))
    return RestrictionPage(restriction, covered, reviews, notices, visits, missing)

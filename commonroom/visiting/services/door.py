"""Signing in and out at the door, by the visitor on a door tablet or by staff for them.

Each sign-in asks the admission rule (``rules.decide``) for every resident the visitor came to
see, with the facts of the moment: restrictions in force that cover the resident, whether the
visitor is that resident's named care supporter (or a substitute), the resident's visiting
exceptions, and whether the resident has said they do not want to see this person. Admitted
residents are visited; the visit is the fire list's line until the visitor signs out, and the
connection log gets one in-person visit moment (its length made right at sign-out)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from commonroom.audit.services import Action, record, record_many
from commonroom.circle.models import Contact
from commonroom.connections.models import Domain, Kind, Moment, WithType
from commonroom.connections.services.moments import MomentInput, delete_moment, record_moment
from commonroom.homes.models import Home
from commonroom.lib.dates import start_of
from commonroom.residents.models import Resident

from ..models import (
    Admission,
    Restriction,
    RestrictionResident,
    UnwantedVisitor,
    Visit,
    VisitingException,
    Visitor,
)
from ..rules import Decision, RestrictionFacts, decide

MAX_RESIDENTS = 10
MAX_PARTY = 20
MAX_MATCHES = 8
MIN_SEARCH = 2
MAX_MINUTES = 24 * 60
OVERRIDES = (Admission.OTHER_EXCEPTION, Admission.END_OF_LIFE, Admission.SERIOUS_HARM)
# The footing recorded on a visit to several residents: the strongest reason anyone came in.
_STRENGTH: list[str] = [
    Admission.OPEN,
    Admission.WITH_PRECAUTIONS,
    Admission.NAMED_SUPPORTER,
    Admission.SERIOUS_HARM,
    Admission.END_OF_LIFE,
    Admission.OTHER_EXCEPTION,
]


class DoorError(ValueError):
    """A sign-in or sign-out that cannot be done as asked; ``field`` names the input at fault."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Refusal:
    resident: Resident
    reason: str


@dataclass
class SignInResult:
    """What happened at the door: who the visitor may see, who not and why, and the visit."""

    visit: Visit | None
    admitted: list[Resident] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    precautions: tuple[str, ...] = ()
    already_in: bool = False


@dataclass(frozen=True)
class KioskActor:
    """Who did it, for the audit trail, when a visitor signs themselves in on a door tablet."""

    name: str
    pk: None = None

    def __str__(self) -> str:
        return self.name


def kiosk_actor(kiosk: Any) -> KioskActor:
    return KioskActor(f"Door tablet: {kiosk.name}")


# --- finding people -----------------------------------------------------------------------


def active_visitors(home: Home) -> QuerySet[Visitor]:
    return Visitor.objects.filter(home=home, archived_at__isnull=True)


def find_visitors(home: Home, text: str, *, limit: int = MAX_MATCHES) -> list[Visitor]:
    """Visitors whose name contains ``text`` (at least two letters), at most ``limit``."""
    text = " ".join(text.split())[:100]
    if len(text) < MIN_SEARCH:
        return []
    return list(active_visitors(home).filter(name__icontains=text).order_by("name")[:limit])


def find_residents(home: Home, text: str, *, limit: int = MAX_MATCHES) -> list[Resident]:
    """Current residents matching at least three letters of a name, or a room number."""
    text = " ".join(text.split())[:100]
    if len(text) < 3:
        return []
    return list(Resident.objects.filter(home=home).current().search(text)[:limit])


def door_name(name: str) -> str:
    """How a visitor is shown at the door: first name and the initial of the surname only."""
    parts = name.split()
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0][:40]
    return f"{parts[0][:40]} {parts[-1][0]}."


# --- the facts and the decision -------------------------------------------------------------


def restrictions_covering(
    home: Home, residents: Iterable[Resident]
) -> dict[int, list[RestrictionFacts]]:
    """Restrictions in force covering each resident: whole-home ones, and those that name them
    (a floor or unit's restriction lists its residents when declared)."""
    ids = [r.pk for r in residents]
    result: dict[int, list[RestrictionFacts]] = {pk: [] for pk in ids}
    if not ids:
        return result
    active = Restriction.objects.filter(home=home, lifted_at__isnull=True)
    named = RestrictionResident.objects.filter(
        home=home, resident_id__in=ids, restriction__lifted_at__isnull=True
    ).values_list("restriction_id", "resident_id")
    covers: dict[int, set[int]] = defaultdict(set)
    for restriction_id, resident_id in named:
        covers[restriction_id].add(resident_id)
    for restriction in active.filter(Q(scope=Restriction.Scope.HOME) | Q(pk__in=list(covers))):
        facts = _facts(restriction)
        targets = ids if restriction.scope == Restriction.Scope.HOME else covers[restriction.pk]
        for pk in targets:
            result[pk].append(facts)
    return result


def _facts(restriction: Restriction) -> RestrictionFacts:
    return RestrictionFacts(
        title=restriction.title,
        level=restriction.level,
        precautions=restriction.precautions,
        contact_name=restriction.contact_name,
        contact_details=restriction.contact_details,
        pk=restriction.pk,
    )


def _supporter_of(contact: Contact | None, on: dt.date) -> int | None:
    """The resident this contact is a named care supporter (or a substitute for one) of."""
    if contact is None or not contact.role_active(on):
        return None
    if contact.is_named_supporter:
        return contact.resident_id
    named = contact.substitute_for if contact.substitute_for_id else None
    if named is not None and named.is_named_supporter and named.role_active(on):
        return contact.resident_id
    return None


def assess(
    home: Home, visitor: Visitor, residents: Sequence[Resident], *, on: dt.date | None = None
) -> list[tuple[Resident, Decision]]:
    """The door's answer for each resident, without writing anything."""
    day = on or timezone.localdate()
    ids = [r.pk for r in residents]
    restrictions = restrictions_covering(home, residents)
    contact = visitor.contact if visitor.contact_id else None
    supporter_of = _supporter_of(contact, day)
    exceptions: dict[int, set[str]] = defaultdict(set)
    if any(restrictions.values()):
        rows = VisitingException.objects.filter(
            home=home, resident_id__in=ids, starts_on__lte=day
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        for resident_id, kind in rows.values_list("resident_id", "kind"):
            exceptions[resident_id].add(kind)
    by_whom = Q(visitor=visitor)
    if visitor.contact_id:
        by_whom |= Q(contact_id=visitor.contact_id)
    unwanted = set(
        UnwantedVisitor.objects.filter(home=home, resident_id__in=ids)
        .filter(by_whom)
        .values_list("resident_id", flat=True)
    )
    return [
        (
            resident,
            decide(
                nation=home.nation,
                restrictions=restrictions[resident.pk],
                is_named_supporter=supporter_of == resident.pk,
                exceptions=exceptions[resident.pk],
                unwanted=resident.pk in unwanted,
            ),
        )
        for resident in residents
    ]


# --- signing in and out ---------------------------------------------------------------------


def sign_in(
    home: Home,
    visitor: Visitor,
    residents: Sequence[Resident],
    *,
    actor: Any,
    kiosk: Any = None,
    admission_override: str | None = None,
    exception_reason: str = "",
    party_size: int = 1,
    now: dt.datetime | None = None,
    source: str = Moment.Source.PAGE,
) -> SignInResult:
    """Sign ``visitor`` in to see ``residents``. Residents the rule refuses are left out, unless
    staff admit them under ``admission_override`` with a written ``exception_reason``. Signing
    in again while still in the building (a double tap, a retry) returns the open visit."""
    _check(home, visitor, residents, admission_override, exception_reason, party_size)
    when = now or timezone.now()
    with transaction.atomic():
        # One sign-in per visitor at a time: a second tap waits here, then finds the visit.
        locked = (
            Visitor.objects.select_for_update(of=("self",))
            .filter(pk=visitor.pk)
            .select_related("contact__substitute_for")
            .first()
        )
        visitor = locked or visitor
        open_visit = (
            Visit.objects.filter(home=home, visitor=visitor, signed_out_at__isnull=True)
            .prefetch_related("residents")
            .first()
        )
        if open_visit is not None:
            return SignInResult(open_visit, list(open_visit.residents.all()), already_in=True)
        decisions = assess(home, visitor, residents, on=timezone.localdate(when))
        result = _sort(decisions, admission_override)
        if not result.admitted:
            return result
        result.visit = _write(
            home,
            visitor,
            result,
            decisions,
            actor=actor,
            kiosk=kiosk,
            admission_override=admission_override,
            exception_reason=exception_reason.strip(),
            party_size=party_size,
            when=when,
            source=source,
        )
    return result


def _check(
    home: Home,
    visitor: Visitor,
    residents: Sequence[Resident],
    admission_override: str | None,
    exception_reason: str,
    party_size: int,
) -> None:
    if visitor.home_id != home.pk or visitor.archived_at is not None:
        raise DoorError("visitor", _("Choose a visitor of this home."))
    if not residents:
        raise DoorError("residents", _("Choose who you are visiting."))
    if len(residents) > MAX_RESIDENTS:
        raise DoorError("residents", _("Choose at most 10 people to visit."))
    if len({r.pk for r in residents}) != len(residents):
        raise DoorError("residents", _("Each resident can be chosen only once."))
    if any(r.home_id != home.pk for r in residents):
        raise DoorError("residents", _("Choose residents of this home."))
    if not 1 <= party_size <= MAX_PARTY:
        raise DoorError("party_size", _("Give a group size between 1 and 20."))
    if admission_override:
        if admission_override not in OVERRIDES:
            raise DoorError("admission_override", _("Choose an exception from the list."))
        if not exception_reason.strip():
            raise DoorError(
                "exception_reason", _("Write why this visit goes ahead despite the restriction.")
            )


def _sort(decisions: list[tuple[Resident, Decision]], override: str | None) -> SignInResult:
    result = SignInResult(visit=None)
    precautions: list[str] = []
    for resident, decision in decisions:
        if decision.admitted or override:
            result.admitted.append(resident)
        else:
            result.refused.append(Refusal(resident, decision.reason))
        for text in decision.precautions:
            if text not in precautions:
                precautions.append(text)
    result.precautions = tuple(precautions)
    return result


def _admission(decisions: list[tuple[Resident, Decision]], override: str | None) -> str:
    if override and any(not d.admitted for _r, d in decisions):
        return override
    found = [d.admission for _r, d in decisions if d.admitted and d.admission]
    return max(found, key=_STRENGTH.index) if found else Admission.OPEN


def _write(
    home: Home,
    visitor: Visitor,
    result: SignInResult,
    decisions: list[tuple[Resident, Decision]],
    *,
    actor: Any,
    kiosk: Any,
    admission_override: str | None,
    exception_reason: str,
    party_size: int,
    when: dt.datetime,
    source: str,
) -> Visit:
    admission = _admission(decisions, admission_override)
    restriction = next((d.restriction for _r, d in decisions if d.restriction), None)
    visit = Visit(
        home=home,
        organisation_id=home.organisation_id,
        visitor=visitor,
        party_size=party_size,
        signed_in_at=when,
        admission=admission,
        exception_reason=exception_reason if admission in OVERRIDES else "",
        restriction_id=restriction.pk if restriction and restriction.pk else None,
        signed_in_by=actor if getattr(actor, "pk", None) else None,
        kiosk=kiosk,
    )
    visit.save(force_insert=True)
    Visit.residents.through.objects.bulk_create(
        [Visit.residents.through(visit_id=visit.pk, resident_id=r.pk) for r in result.admitted]
    )
    moment, _new = record_moment(
        home, _moment_input(visit, visitor, result.admitted), actor=actor, source=source
    )
    visit.moment = moment
    visit.save(update_fields=["moment", "updated_at"])
    visitor.last_visit_at = when
    visitor.save(update_fields=["last_visit_at", "updated_at"])
    visitor.usual_residents.add(*result.admitted)
    fields = ("visitor", "residents", "signed_in_at", "admission", "exception_reason")
    record_many(actor, Action.CREATE, [(visit, r.code, fields) for r in result.admitted], home=home)
    return visit


def _moment_input(
    visit: Visit, visitor: Visitor, residents: Sequence[Resident], minutes: int | None = None
) -> MomentInput:
    contact = visitor.contact if visitor.contact_id else None
    ids = {r.pk for r in residents}
    theirs = contact is not None and contact.resident_id in ids
    return MomentInput(
        residents=list(residents),
        kind=Kind.VISIT,
        occurred_at=visit.signed_in_at,
        domain=Domain.FAMILY if contact is not None else Domain.COMMUNITY,
        minutes=minutes,
        with_type=WithType.CONTACT if theirs else WithType.NOBODY,
        with_contact=contact if theirs else None,
        with_name="" if theirs else visitor.name[:200],
        idempotency_key=f"visit:{visit.code}" + (":out" if minutes else ""),
    )


def sign_out(visit: Visit, *, actor: Any, now: dt.datetime | None = None) -> Visit:
    """Sign the visitor out. The visit's moment in the connection log is taken back and recorded
    again with how long the visit lasted, so the roll-ups count the minutes. Signing out twice
    changes nothing."""
    when = now or timezone.now()
    with transaction.atomic():
        locked = (
            Visit.objects.select_for_update(of=("self",))
            .filter(home_id=visit.home_id, pk=visit.pk)
            .select_related("home", "visitor__contact", "moment")
            .first()
        )
        if locked is None or locked.signed_out_at is not None:
            return locked or visit
        locked.signed_out_at = max(when, locked.signed_in_at)
        residents = list(locked.residents.all())
        minutes = _minutes(locked.signed_in_at, locked.signed_out_at)
        if locked.moment is not None:
            delete_moment(locked.moment, actor=actor)
        moment = None
        if residents:
            moment, _new = record_moment(
                locked.home,
                _moment_input(locked, locked.visitor, residents, minutes),
                actor=actor,
                source=Moment.Source.PAGE,
            )
        locked.moment = moment
        locked.save(update_fields=["signed_out_at", "moment", "updated_at"])
        record_many(
            actor,
            Action.UPDATE,
            [(locked, r.code, ("signed_out_at",)) for r in residents],
            home=locked.home,
        )
    return locked


def _minutes(start: dt.datetime, end: dt.datetime) -> int:
    return max(1, min(MAX_MINUTES, round((end - start).total_seconds() / 60)))


def in_building(home: Home) -> QuerySet[Visit]:
    """Everyone signed in and not yet out, longest in first: the fire list."""
    return (
        Visit.objects.filter(home=home, signed_out_at__isnull=True)
        .select_related("visitor")
        .prefetch_related("residents")
        .order_by("signed_in_at")
    )


def visits_on(home: Home, day: dt.date) -> QuerySet[Visit]:
    """Visits that began on ``day`` (in the home's time), earliest first."""
    start = start_of(day)
    end = start + dt.timedelta(days=1)
    return (
        Visit.objects.filter(home=home, signed_in_at__gte=start, signed_in_at__lt=end)
        .select_related("visitor", "signed_in_by", "kiosk")
        .prefetch_related("residents")
        .order_by("signed_in_at")
    )


def duration_minutes(visit: Visit, now: dt.datetime | None = None) -> int:
    end = visit.signed_out_at or now or timezone.now()
    return max(0, round((end - visit.signed_in_at).total_seconds() / 60))


def new_visitor(home: Home, *, name: str, phone: str = "", actor: Any) -> Visitor:
    """A first-time visitor, as they gave their name at the door."""
    name = " ".join(name.split())
    if not name:
        raise DoorError("name", _("Write your name."))
    if len(name) > 200:
        raise DoorError("name", _("Write a name of at most 200 characters."))
    with transaction.atomic():
        visitor = Visitor.objects.create(home=home, name=name, phone=phone.strip()[:40])
        record(actor, Action.CREATE, visitor, home=home, fields=["name", "phone"])
    return visitor


def open_visit_for(home: Home, code: Any) -> Visit | None:
    return in_building(home).filter(code=code).first()


def residents_by_code(home: Home, codes: Iterable[Any]) -> list[Resident]:
    wanted = []
    for code in codes:
        try:
            wanted.append(UUID(str(code)))
        except ValueError:
            continue
    return list(Resident.objects.filter(home=home, code__in=wanted).current())

"""What the visiting hub and the public visitor page show, each in a fixed number of queries:
for staff, who is in the building, today's reservations, restrictions in force (with overdue
reviews) and door codes due for a change; for a family member or resident, whether visiting is
open for their person and what any restriction means; for the public, whether visiting is open
in the home, without ever naming anyone."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from commonroom.homes.models import Home
from commonroom.lib.dates import today
from commonroom.residents.models import Resident

from ..models import Reservation, Restriction, RestrictionResident, Visit, Visitor
from . import spaces as space_services
from .credentials import door_codes_due


@dataclass(frozen=True)
class RestrictionLine:
    restriction: Restriction
    overdue: bool
    residents_covered: int


@dataclass(frozen=True)
class StaffSummary:
    in_building: int
    reservations_today: list[Reservation]
    restrictions: list[RestrictionLine]
    door_codes_due: list[Visitor]

    @property
    def overdue_reviews(self) -> int:
        return sum(1 for line in self.restrictions if line.overdue)


@dataclass(frozen=True)
class PersonVisiting:
    """Visiting for one resident, as their family or they themselves see it."""

    resident: Resident
    restrictions: list[Restriction] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return not self.restrictions

    @property
    def paused(self) -> bool:
        return any(r.level == Restriction.Level.PAUSED for r in self.restrictions)


@dataclass(frozen=True)
class PublicStatus:
    """Whether visiting is open, for anyone to read: no names, no reasons about people."""

    restricted: bool
    whole_home: bool
    paused: bool
    areas: list[str]
    precautions: list[str]


def active_restrictions(home: Home) -> list[Restriction]:
    return list(
        Restriction.objects.filter(home=home, lifted_at__isnull=True).order_by("-started_at")
    )


def staff_summary(home: Home, *, with_door_codes: bool, on: dt.date | None = None) -> StaffSummary:
    day = on or today()
    restrictions = list(
        Restriction.objects.filter(home=home, lifted_at__isnull=True)
        .annotate(covered_count=Count("covered"))
        .order_by("next_review_on", "-started_at")
    )
    return StaffSummary(
        in_building=Visit.objects.filter(home=home, signed_out_at__isnull=True).count(),
        reservations_today=space_services.reservations_on(home, day),
        restrictions=[
            RestrictionLine(r, r.next_review_on < day, getattr(r, "covered_count", 0))
            for r in restrictions
        ],
        door_codes_due=door_codes_due(home, day) if with_door_codes else [],
    )


def visiting_for(home: Home, residents: Iterable[Resident]) -> list[PersonVisiting]:
    """For each resident: the restrictions in force that cover them (the whole home, or they
    are named on it, as a resident or on the floor it covers)."""
    people = list(residents)
    restrictions = active_restrictions(home)
    if not people:
        return []
    if not restrictions:
        return [PersonVisiting(person) for person in people]
    covering: dict[int, list[Restriction]] = defaultdict(list)
    by_pk = {r.pk: r for r in restrictions}
    rows = RestrictionResident.objects.filter(
        home=home, restriction_id__in=list(by_pk), resident__in=people
    ).values_list("resident_id", "restriction_id")
    for resident_id, restriction_id in rows:
        covering[resident_id].append(by_pk[restriction_id])
    whole = [r for r in restrictions if r.scope == Restriction.Scope.HOME]
    result = []
    for person in people:
        mine = list(whole)
        mine += [r for r in covering[person.pk] if r not in mine]
        result.append(PersonVisiting(person, mine))
    return result


def public_status(home: Home) -> PublicStatus:
    restrictions = active_restrictions(home)
    whole = any(r.scope == Restriction.Scope.HOME for r in restrictions)
    areas = sorted(
        {
            r.area_name
            for r in restrictions
            if r.scope == Restriction.Scope.AREA and r.area_name.strip()
        }
    )
    precautions = [
        r.precautions
        for r in restrictions
        if r.precautions.strip() and r.scope != Restriction.Scope.RESIDENTS
    ]
    return PublicStatus(
        restricted=bool(restrictions),
        whole_home=whole,
        paused=any(r.level == Restriction.Level.PAUSED for r in restrictions),
        areas=areas,
        precautions=precautions,
    )


def supporter_title(nation: str) -> str:
    """What the law in the home's nation calls the person who keeps visiting in an outbreak."""
    titles = {
        "scotland": _("essential care supporter"),
        "england": _("care supporter"),
        "wales": _("designated visitor"),
        "northern_ireland": _("care partner"),
    }
    return titles.get(nation, _("care supporter"))

"""Suggested introductions, buddies for newcomers, seating for meals and volunteer matches: the
home's people read once into plain data, the rules in ``activities.matching``, and accepted
suggestions recorded in the circle (audited there)."""

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from commonroom.audit.services import Action, record, record_many
from commonroom.circle.models import PeerRelationship
from commonroom.circle.services.errors import CircleError
from commonroom.circle.services.peers import add_peer
from commonroom.homes.models import Home, Membership
from commonroom.homes.roles import Role
from commonroom.lib.dates import today
from commonroom.residents.models import (
    NEW_RESIDENT_DAYS,
    Interest,
    Level,
    Resident,
    ResidentInterest,
)

from .. import matching
from ..matching import Introduction, Kind, Pair, Person, Table, Volunteer, VolunteerMatch
from ..models import VolunteerProfile

# Reasons that reveal special-category data (religion, ethnic origin, health): showing them is a
# read of that data, and is audited.
SENSITIVE_KINDS = {Kind.FAITH: "faith", Kind.CULTURE: "culture", Kind.QUIET: "hearing"}


class PeersError(Exception):
    """A suggestion that cannot be accepted; the message is for people."""


@dataclass
class Directory:
    """The home's current residents as matching sees them, and what is known between them."""

    residents: dict[int, Resident]
    people: dict[int, Person]
    friends: set[Pair] = field(default_factory=set)
    """Friends and buddies: people who already know each other."""
    tensions: set[Pair] = field(default_factory=set)
    buddy_of: dict[int, int] = field(default_factory=dict)
    """Each newcomer's current buddy."""

    @property
    def newcomers(self) -> list[Person]:
        return sorted((p for p in self.people.values() if p.newcomer), key=lambda p: (p.name, p.id))

    def taken(self) -> set[int]:
        """Settled residents already buddy to a newcomer: one newcomer each is enough."""
        return set(self.buddy_of.values())


def load_directory(home: Home, *, on: dt.date | None = None) -> Directory:
    """Read the home's current residents, their interests and their peer relationships (three
    queries) into plain data."""
    on = on or today()
    interests = ResidentInterest.objects.filter(home=home).exclude(when=ResidentInterest.When.TRY)
    residents = {
        resident.pk: resident
        for resident in Resident.objects.filter(home=home)
        .current()
        .prefetch_related(Prefetch("interests", queryset=interests.select_related("interest")))
    }
    directory = Directory(residents, {pk: _person(r, on) for pk, r in residents.items()})
    relationships = PeerRelationship.objects.filter(
        home=home,
        ended_on__isnull=True,
        resident_a__in=list(residents),
        resident_b__in=list(residents),
    )
    for relationship in relationships:
        _add_relationship(directory, relationship)
    return directory


def _person(resident: Resident, on: dt.date) -> Person:
    days = (on - resident.admission_date).days
    languages = [resident.first_language, resident.preferred_language, *resident.other_languages]
    born = resident.date_of_birth
    return Person(
        id=resident.pk,
        name=resident.display_name,
        interests=frozenset(_interest_name(item) for item in resident.interests.all()),
        languages=frozenset(str(language) for language in languages if language),
        faith=resident.faith,
        culture=resident.culture,
        era=born.year // 10 * 10 if born else None,
        hearing=resident.hearing != Level.NONE,
        sight=resident.sight != Level.NONE,
        newcomer=resident.status == Resident.Status.LIVING_HERE and 0 <= days < NEW_RESIDENT_DAYS,
    )


def _interest_name(item: ResidentInterest) -> str:
    return str(item.interest) if item.interest_id else item.detail


def _add_relationship(directory: Directory, relationship: PeerRelationship) -> None:
    key = matching.pair(relationship.resident_a_id, relationship.resident_b_id)
    if relationship.kind == PeerRelationship.Kind.TENSION:
        directory.tensions.add(key)
        return
    directory.friends.add(key)
    if relationship.kind == PeerRelationship.Kind.BUDDY:
        one, other = relationship.resident_a_id, relationship.resident_b_id
        for newcomer, buddy in ((one, other), (other, one)):
            if directory.people[newcomer].newcomer and not directory.people[buddy].newcomer:
                directory.buddy_of[newcomer] = buddy


@dataclass(frozen=True)
class Newcomer:
    person: Person
    buddy: Person | None
    """Their current buddy, if they have one."""
    proposed: Introduction | None
    """A proposed buddy, when they have none yet."""


@dataclass(frozen=True)
class Suggestions:
    directory: Directory
    introductions: list[Introduction]
    newcomers: list[Newcomer]


def suggest_introductions(home: Home, *, limit: int = 20) -> Suggestions:
    """Introductions between residents with things in common, and a buddy for each newcomer
    who has none."""
    directory = load_directory(home)
    people = list(directory.people.values())
    waiting = [p for p in directory.newcomers if p.id not in directory.buddy_of]
    proposed = matching.buddies(waiting, people, directory.tensions, directory.taken())
    newcomers = [
        Newcomer(person, _buddy(directory, person), proposed.get(person.id))
        for person in directory.newcomers
    ]
    found = matching.introductions(people, directory.friends, directory.tensions, limit)
    return Suggestions(directory, found, newcomers)


def _buddy(directory: Directory, newcomer: Person) -> Person | None:
    buddy = directory.buddy_of.get(newcomer.id)
    return directory.people[buddy] if buddy is not None else None


def seat(
    home: Home, residents: Collection[Resident], *, table_size: int, quiet_tables: int
) -> list[Table]:
    """Tables for a meal for ``residents`` (who must be of ``home``)."""
    directory = load_directory(home)
    eating = [directory.people[r.pk] for r in residents if r.pk in directory.people]
    return matching.seating(eating, table_size, directory.friends, directory.tensions, quiet_tables)


def record_reasons_viewed(
    home: Home, shown: Iterable[tuple[Sequence[Person], Sequence[matching.Reason]]], *, actor: Any
) -> None:
    """Audit, in one insert, that ``actor`` was shown reasons drawn from people's faith, culture
    or hearing: one entry per person, naming those fields."""
    fields: dict[int, set[str]] = {}
    for people, reasons in shown:
        kinds = {SENSITIVE_KINDS[r.kind] for r in reasons if r.kind in SENSITIVE_KINDS}
        for person in people if kinds else ():
            fields.setdefault(person.id, set()).update(kinds)
    if not fields:
        return
    residents = Resident.objects.filter(home=home, pk__in=fields)
    items = [(r, r.code, sorted(fields[r.pk])) for r in residents]
    record_many(actor, Action.VIEW, items, home=home)


# --- accepting ---------------------------------------------------------------------------------


def accept_introduction(home: Home, resident: Resident, other: Resident, *, actor: Any) -> None:
    """Record two residents, introduced on a suggestion, as friends (audited in the circle)."""
    directory = load_directory(home)
    _check_pair(directory, resident, other)
    _add(home, resident, other, PeerRelationship.Kind.FRIEND, actor)


def accept_buddy(home: Home, newcomer: Resident, buddy: Resident, *, actor: Any) -> None:
    """Make a settled resident the buddy of a newcomer (audited in the circle)."""
    directory = load_directory(home)
    _check_pair(directory, newcomer, buddy)
    person = directory.people[newcomer.pk]
    if not person.newcomer:
        raise PeersError(_("%(name)s is no longer new to the home.") % {"name": person.name})
    if newcomer.pk in directory.buddy_of:
        raise PeersError(_("%(name)s already has a buddy.") % {"name": person.name})
    chosen = directory.people[buddy.pk]
    if chosen.newcomer or buddy.pk in directory.taken():
        raise PeersError(
            _("%(name)s cannot be a buddy: they are new themselves or already a buddy.")
            % {"name": chosen.name}
        )
    _add(home, newcomer, buddy, PeerRelationship.Kind.BUDDY, actor)


def _check_pair(directory: Directory, resident: Resident, other: Resident) -> None:
    if resident.pk not in directory.people or other.pk not in directory.people:
        raise PeersError(_("Both people must live in this home now."))
    key = matching.pair(resident.pk, other.pk)
    # Said without naming a tension, so the message is safe wherever it is shown.
    if key in directory.tensions or key in directory.friends:
        raise PeersError(
            _("This suggestion no longer applies to %(one)s and %(other)s.")
            % {"one": resident, "other": other}
        )


def _add(home: Home, resident: Resident, other: Resident, kind: str, actor: Any) -> None:
    try:
        add_peer(
            home,
            resident,
            other,
            kind=kind,
            since=today(),
            notes=_("Suggested by Common Room"),
            actor=actor,
        )
    except CircleError as error:
        raise PeersError(str(error)) from error


# --- volunteers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class VolunteerRow:
    membership: Membership
    profile: VolunteerProfile | None
    matches: list[VolunteerMatch]


def volunteer_memberships(home: Home) -> list[Membership]:
    """The home's current volunteers with their profiles and the profiles' interests."""
    return list(
        Membership.objects.active()
        .filter(home=home, role=Role.VOLUNTEER)
        .select_related("user", "volunteer_profile")
        .prefetch_related("volunteer_profile__interests")
    )


def volunteers_with_matches(home: Home) -> tuple[list[VolunteerRow], Directory]:
    """Every volunteer, their profile and the residents they might visit, with reasons."""
    members = volunteer_memberships(home)
    directory = load_directory(home)
    volunteers = [_volunteer(m, profile) for m in members if (profile := _profile(m))]
    matches = matching.volunteer_matches(volunteers, list(directory.people.values()))
    rows = [VolunteerRow(m, _profile(m), matches.get(m.pk, [])) for m in members]
    return rows, directory


def _profile(membership: Membership) -> VolunteerProfile | None:
    return getattr(membership, "volunteer_profile", None)


def _volunteer(membership: Membership, profile: VolunteerProfile) -> Volunteer:
    return Volunteer(
        id=membership.pk,
        name=str(membership.user),
        languages=frozenset(str(language) for language in profile.languages),
        interests=frozenset(str(interest) for interest in profile.interests.all()),
        availability=frozenset(str(slot) for slot in profile.availability),
    )


@dataclass(frozen=True)
class ProfileInput:
    languages: list[str]
    interests: list[Interest]
    availability: list[str]
    notes: str


def save_volunteer_profile(
    home: Home, membership: Membership, data: ProfileInput, *, actor: Any
) -> VolunteerProfile:
    """Create or change a volunteer's profile (audited as a change to their personal data)."""
    if membership.home_id != home.pk or membership.role != Role.VOLUNTEER:
        raise PeersError(_("Only volunteers of this home have a volunteer profile."))
    unknown = set(data.availability) - set(matching.SLOTS)
    if unknown:
        raise PeersError(_("Choose times from the list."))
    with transaction.atomic():
        profile = VolunteerProfile.objects.filter(home=home, membership=membership).first()
        action = Action.UPDATE if profile else Action.CREATE
        profile = profile or VolunteerProfile(home=home, membership=membership)
        profile.languages = data.languages
        profile.availability = [slot for slot in matching.SLOTS if slot in data.availability]
        profile.notes = data.notes
        profile.save()
        profile.interests.set(data.interests)
        fields = ["languages", "interests", "availability", "notes"]
        record(actor, action, profile, home=home, fields=fields)
    return profile

"""Relationships between residents of the same home: friends, buddies and tensions."""

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from commonroom.accounts.models import User
from commonroom.audit.services import Action, record
from commonroom.homes.models import Home
from commonroom.residents.models import Resident

from ..models import PeerRelationship
from .errors import CircleError


def peers_of(resident: Resident, *, with_tensions: bool) -> QuerySet[PeerRelationship]:
    """Current relationships of ``resident``; tensions only when the reader may see them."""
    peers = PeerRelationship.objects.filter(
        Q(resident_a=resident) | Q(resident_b=resident), ended_on__isnull=True
    ).select_related("resident_a", "resident_b")
    if not with_tensions:
        peers = peers.exclude(kind=PeerRelationship.Kind.TENSION)
    return peers


def add_peer(
    home: Home,
    resident: Resident,
    other: Resident,
    *,
    kind: str,
    since: dt.date | None,
    notes: str,
    actor: User,
) -> PeerRelationship:
    """Record a relationship between two residents of ``home``, stored lower id first."""
    if other.pk == resident.pk:
        raise CircleError(_("Choose someone other than %(name)s.") % {"name": resident})
    if resident.home_id != home.pk or other.home_id != home.pk:
        raise CircleError(_("Both people must live in this home."))
    first, second = sorted((resident, other), key=lambda person: person.pk)
    with transaction.atomic():
        duplicate = PeerRelationship.objects.filter(
            resident_a=first, resident_b=second, kind=kind, ended_on__isnull=True
        ).exists()
        if duplicate:
            raise CircleError(
                _("This is already recorded for %(one)s and %(other)s.")
                % {"one": resident, "other": other}
            )
        relationship = PeerRelationship.objects.create(
            home=home, resident_a=first, resident_b=second, kind=kind, since=since, notes=notes
        )
        _audit_both(actor, Action.CREATE, relationship, ["kind", "since", "notes"])
    return relationship


def end_peer(relationship: PeerRelationship, *, ended_on: dt.date, actor: User) -> None:
    """Mark a relationship as over from ``ended_on`` (history is kept)."""
    if relationship.ended_on is not None:
        raise CircleError(_("This relationship has already ended."))
    if relationship.since and ended_on < relationship.since:
        raise CircleError(_("It cannot end before it started."))
    with transaction.atomic():
        relationship.ended_on = ended_on
        relationship.save(update_fields=["ended_on", "updated_at"])
        _audit_both(actor, Action.UPDATE, relationship, ["ended_on"])


def _audit_both(
    actor: User, action: str, relationship: PeerRelationship, fields: list[str]
) -> None:
    # One entry per person, so that each resident's own trail shows the change.
    for person in (relationship.resident_a, relationship.resident_b):
        record(
            actor,
            action,
            relationship,
            home=relationship.home,
            resident_code=person.code,
            fields=fields,
        )

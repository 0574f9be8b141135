"""Everything the circle section of a resident's record needs, in a fixed number of queries."""

from dataclasses import dataclass

from commonroom.homes.models import Membership
from commonroom.homes.roles import Perm
from commonroom.residents.models import Resident

from ..models import (
    SUPPORT_ROLE_MEANINGS,
    Contact,
    KeyWorkerAssignment,
    PeerRelationship,
    statutory_role_for,
)
from .continuity import Continuity
from .key_workers import continuity_of, history_of
from .peers import peers_of


@dataclass(frozen=True)
class Peer:
    other: Resident
    relationship: PeerRelationship


@dataclass(frozen=True)
class ResidentCircle:
    """The circle of one resident as one reader may see it."""

    family: list[Contact]
    others: list[Contact]
    peers: list[Peer]
    key_worker: KeyWorkerAssignment | None
    continuity: Continuity
    show_details: bool
    """Phone, email, address and the updates / door-code flags."""
    show_peers: bool
    named_role_label: str
    named_role_meaning: str
    lacks_named_supporter: bool


def circle_for(resident: Resident, membership: Membership) -> ResidentCircle:
    """The circle of ``resident`` as the holder of ``membership`` may see it (three queries).
    Peers appear only to people who may see every resident, so that a family member cannot
    learn who else lives here; tensions only to those with VIEW_TENSIONS."""
    contacts = list(Contact.objects.filter(resident=resident).select_related("substitute_for"))
    show_peers = membership.can(Perm.VIEW_ALL_RESIDENTS)
    peers = []
    if show_peers:
        with_tensions = membership.can(Perm.VIEW_TENSIONS)
        peers = [
            Peer(relationship.other(resident), relationship)
            for relationship in peers_of(resident, with_tensions=with_tensions)
        ]
    assignments = list(history_of(resident))
    named_role = statutory_role_for(resident.home.nation)
    return ResidentCircle(
        family=[contact for contact in contacts if contact.is_family],
        others=[contact for contact in contacts if not contact.is_family],
        peers=sorted(peers, key=lambda peer: (peer.relationship.kind, peer.other.preferred_name)),
        key_worker=next((a for a in assignments if a.is_current), None),
        continuity=continuity_of(assignments),
        show_details=membership.can(Perm.VIEW_CONTACT_DETAILS),
        show_peers=show_peers,
        named_role_label=str(named_role.label) if named_role else "",
        named_role_meaning=str(SUPPORT_ROLE_MEANINGS.get(resident.home.nation, "")),
        lacks_named_supporter=named_role is not None
        and not any(c.support_role == named_role and c.role_active() for c in contacts),
    )

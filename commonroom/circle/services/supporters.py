"""The home-wide view of named supporters, updates and door codes."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from commonroom.homes.models import Home
from commonroom.residents.models import Resident

from ..models import SUPPORT_ROLE_MEANINGS, Contact, SupportRole, statutory_role_for


@dataclass
class SupporterRow:
    resident: Resident
    supporters: list[Contact] = field(default_factory=list)
    substitutes: list[Contact] = field(default_factory=list)
    updates: list[Contact] = field(default_factory=list)
    door_codes: list[Contact] = field(default_factory=list)


@dataclass(frozen=True)
class SupportersOverview:
    named_role: SupportRole | None
    meaning: str
    rows: list[SupporterRow]

    @property
    def without_supporter(self) -> list[Resident]:
        return [row.resident for row in self.rows if not row.supporters]

    @property
    def law_requires_one(self) -> bool:
        """Anne's Law: in Scotland every resident should have an essential care supporter."""
        return self.named_role == SupportRole.ESSENTIAL_CARE_SUPPORTER


def supporters_overview(home: Home) -> SupportersOverview:
    """Every current resident with their named supporters, substitutes, who may receive
    updates and who has a door code (two queries)."""
    named_role = statutory_role_for(home.nation)
    flagged = Q(may_receive_updates=True) | Q(has_door_code=True) | Q(substitute_for__isnull=False)
    if named_role is not None:
        flagged |= Q(support_role=named_role)
    residents = (
        Resident.objects.filter(home=home)
        .exclude(status__in=[Resident.Status.MOVED_OUT, Resident.Status.DIED])
        .prefetch_related(
            Prefetch(
                "contacts",
                queryset=Contact.objects.filter(flagged)
                .select_related("substitute_for")
                .order_by("name"),
                to_attr="flagged_contacts",
            )
        )
    )
    rows = [_row(resident, named_role) for resident in residents]
    return SupportersOverview(named_role, str(SUPPORT_ROLE_MEANINGS.get(home.nation, "")), rows)


def _row(resident: Resident, named_role: SupportRole | None) -> SupporterRow:
    row = SupporterRow(resident)
    for contact in resident.flagged_contacts:  # type: ignore[attr-defined]
        if contact.substitute_for_id is not None and contact.role_active():
            row.substitutes.append(contact)
        elif contact.support_role == named_role and contact.role_active():
            row.supporters.append(contact)
        if contact.may_receive_updates:
            row.updates.append(contact)
        if contact.has_door_code:
            row.door_codes.append(contact)
    return row

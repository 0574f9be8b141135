"""The one door to a resident's record. Every view and API route reaches residents through it."""

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from commonroom.homes.access import HomeRequest
from commonroom.homes.roles import Perm, Role

from .models import ConsentRecord, Resident, ResidentQuerySet


def residents_for(request: HomeRequest) -> ResidentQuerySet:
    """The residents this person may see in this home (the whole home for staff; one's own
    person for a resident or a family member with the person's consent to share updates)."""
    base: ResidentQuerySet = Resident.objects.filter(home=request.home)
    if request.membership.can(Perm.VIEW_ALL_RESIDENTS):
        return base
    if request.role == Role.RESIDENT:
        return base.filter(user=request.user)
    if request.role == Role.FAMILY:
        consenting = ConsentRecord.objects.filter(
            home=request.home, purpose=ConsentRecord.Purpose.UPDATES
        )
        ids = [
            resident_id
            for resident_id in base.filter(
                contacts__user=request.user, contacts__may_receive_updates=True
            ).values_list("id", flat=True)
            if _latest_decision(consenting, resident_id) == ConsentRecord.Decision.GIVEN
        ]
        return base.filter(id__in=ids)
    return base.none()


def _latest_decision(consents: QuerySet[ConsentRecord], resident_id: int) -> str | None:
    latest = consents.filter(resident_id=resident_id).order_by("-decided_on", "-id").first()
    return latest.decision if latest else None


def get_resident_for_user(
    request: HomeRequest,
    code: UUID | str,
    *,
    perm: Perm | None = None,
    full_record: bool = False,
) -> Resident:
    """The resident with ``code`` if this person may see them (404 otherwise, so that people
    outside someone's circle cannot learn they live here); 403 if ``perm`` is missing.
    ``full_record`` loads everything the record page shows, in a fixed number of queries."""
    visible = residents_for(request)
    if full_record:
        visible = visible.full_record()
    resident = visible.filter(code=code).first()
    if resident is None:
        raise Http404("No such resident.")
    if perm is not None and not request.membership.can(perm):
        raise PermissionDenied
    return resident


def is_own_record(request: HomeRequest, resident: Resident) -> bool:
    return request.role == Role.RESIDENT and resident.user_id == request.user.pk


@dataclass(frozen=True)
class RecordAccess:
    """Which parts of a resident's record this person may read and change."""

    care_details: bool
    """Everything: date of birth, consent, plan, risks, status history (staff, and the person)."""
    guidance: bool
    """How to communicate with the person (volunteers too)."""
    edit_profile: bool
    edit_about_me: bool
    manage: bool
    invite: bool


def record_access(request: HomeRequest, resident: Resident) -> RecordAccess:
    own = is_own_record(request, resident)
    can = request.membership.can
    return RecordAccess(
        care_details=can(Perm.VIEW_CARE_DETAILS) or own,
        guidance=can(Perm.VIEW_ALL_RESIDENTS) or own,
        edit_profile=can(Perm.EDIT_PROFILE),
        edit_about_me=can(Perm.EDIT_PROFILE) or own,
        manage=can(Perm.MANAGE_RESIDENTS),
        invite=can(Perm.MANAGE_MEMBERS) and resident.user_id is None and resident.is_current,
    )

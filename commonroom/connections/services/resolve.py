"""Turning the codes a page or an API call sends into the people a moment is about, through the
access door: a person may only record moments for residents they may see, in their own home."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _

from commonroom.circle.models import Contact
from commonroom.homes.access import HomeRequest
from commonroom.homes.models import Membership
from commonroom.homes.roles import Perm
from commonroom.residents.access import residents_for
from commonroom.residents.models import Resident

from ..models import Moment, WithType
from .moments import MomentError, MomentInput


@dataclass
class MomentCodes:
    """A moment as sent: residents and whoever it was with named by their codes."""

    residents: Sequence[UUID]
    kind: str
    occurred_at: dt.datetime
    domain: str = ""
    minutes: int | None = None
    with_type: str = ""
    with_code: UUID | None = None
    with_name: str = ""
    note: str = ""
    everyone: int | None = None
    engagement: Mapping[UUID, int | None] = field(default_factory=dict)
    idempotency_key: str = ""


def resolve(request: HomeRequest, codes: MomentCodes) -> MomentInput:
    """The moment with its people looked up; ``MomentError`` names any code that is not one of
    the home's current residents (or contacts, or staff) that this person may see."""
    residents = _residents(request, codes.residents)
    engagement = {}
    by_code = {resident.code: resident for resident in residents}
    for code, value in codes.engagement.items():
        if code not in by_code:
            raise MomentError("engagement", _("Give how people seemed only for those chosen."))
        engagement[by_code[code].pk] = value
    when = codes.occurred_at
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    return MomentInput(
        residents=residents,
        kind=codes.kind,
        occurred_at=when,
        domain=codes.domain,
        minutes=codes.minutes,
        with_type=codes.with_type,
        with_name=codes.with_name,
        note=codes.note,
        everyone=codes.everyone,
        engagement=engagement,
        idempotency_key=codes.idempotency_key,
        **_with(request, codes, residents),
    )


def _residents(request: HomeRequest, codes: Sequence[UUID]) -> list[Resident]:
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        raise MomentError("residents", _("Choose at least one resident."))
    found = {
        resident.code: resident
        # Only what recording needs: a whole resident row is forty columns, read on the
        # hottest write path for each person in the moment.
        for resident in residents_for(request)
        .current()
        .filter(code__in=wanted)
        .only("id", "code", "home_id", "organisation_id", "preferred_name", "full_name")
    }
    if len(found) != len(wanted):
        raise MomentError(
            "residents", _("Choose only people who live here now and whom you may see.")
        )
    return [found[code] for code in wanted]


def _with(request: HomeRequest, codes: MomentCodes, residents: list[Resident]) -> dict:
    kind, code = codes.with_type, codes.with_code
    if kind == WithType.CONTACT:
        contact = None
        if code:
            contact = Contact.objects.filter(
                home=request.home, code=code, resident__in=residents
            ).first()
        return {"with_contact": contact}
    if kind == WithType.RESIDENT:
        other = residents_for(request).filter(code=code).first() if code else None
        return {"with_resident": other}
    if kind in (WithType.STAFF, WithType.VOLUNTEER) and code:
        member = (
            Membership.objects.active().select_related("user").filter(home=request.home, code=code)
        ).first()
        if member is None:
            raise MomentError("with_code", _("Choose a current member of this home."))
        return {"with_member": member}
    return {}


def may_delete(request: HomeRequest, moment: Moment) -> bool:
    """The person who recorded a moment may take it back the same day; managers and senior
    carers may correct the log at any time."""
    if request.membership.can(Perm.MANAGE_RESIDENTS):
        return True
    same_day = timezone.localdate(moment.created_at) == timezone.localdate()
    return moment.recorded_by_id == request.user.pk and same_day

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
    resolved = resolve_many(request, [codes])[0]
    if isinstance(resolved, MomentError):
        raise resolved
    return resolved


def resolve_many(
    request: HomeRequest, batch: Sequence[MomentCodes]
) -> list[MomentInput | MomentError]:
    """Each moment of ``batch`` looked up as ``resolve`` does, or the ``MomentError`` that stops
    it, in as many queries as one moment needs (a phone sending the entries it kept offline)."""
    known = _Known.for_batch(request, batch)
    results: list[MomentInput | MomentError] = []
    for codes in batch:
        try:
            results.append(_resolve_one(codes, known))
        except MomentError as error:
            results.append(error)
    return results


@dataclass
class _Known:
    """Everyone a batch names that this person may name, each looked up once by code."""

    residents: dict[UUID, Resident]
    contacts: dict[UUID, Contact]
    fellows: dict[UUID, Resident]
    members: dict[UUID, Membership]

    @classmethod
    def for_batch(cls, request: HomeRequest, batch: Sequence[MomentCodes]) -> "_Known":
        wanted = {code for codes in batch for code in codes.residents}
        named: dict[str, set[UUID]] = {"contact": set(), "resident": set(), "member": set()}
        for codes in batch:
            if codes.with_code is None:
                continue
            if codes.with_type == WithType.CONTACT:
                named["contact"].add(codes.with_code)
            elif codes.with_type == WithType.RESIDENT:
                named["resident"].add(codes.with_code)
            elif codes.with_type in (WithType.STAFF, WithType.VOLUNTEER):
                named["member"].add(codes.with_code)
        # Only what recording needs: a whole resident row is forty columns, read on the
        # hottest write path for each person in the moment.
        residents = (
            residents_for(request)
            .current()
            .filter(code__in=wanted)
            .only("id", "code", "home_id", "organisation_id", "preferred_name", "full_name")
        )
        contacts = Contact.objects.filter(home=request.home, code__in=named["contact"])
        fellows = residents_for(request).filter(code__in=named["resident"])
        members = (
            Membership.objects.active()
            .select_related("user")
            .filter(home=request.home, code__in=named["member"])
        )
        return cls(
            residents={r.code: r for r in residents} if wanted else {},
            contacts={c.code: c for c in contacts} if named["contact"] else {},
            fellows={r.code: r for r in fellows} if named["resident"] else {},
            members={m.code: m for m in members} if named["member"] else {},
        )


def _resolve_one(codes: MomentCodes, known: _Known) -> MomentInput:
    residents = _residents(codes.residents, known)
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
        **_with(codes, residents, known),
    )


def _residents(codes: Sequence[UUID], known: _Known) -> list[Resident]:
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        raise MomentError("residents", _("Choose at least one resident."))
    if any(code not in known.residents for code in wanted):
        raise MomentError(
            "residents", _("Choose only people who live here now and whom you may see.")
        )
    return [known.residents[code] for code in wanted]


def _with(codes: MomentCodes, residents: list[Resident], known: _Known) -> dict:
    kind, code = codes.with_type, codes.with_code
    if kind == WithType.CONTACT:
        contact = known.contacts.get(code) if code else None
        # Someone from the circle of a resident in this very moment (validate says so).
        if contact is not None and contact.resident_id not in {r.pk for r in residents}:
            contact = None
        return {"with_contact": contact}
    if kind == WithType.RESIDENT:
        return {"with_resident": known.fellows.get(code) if code else None}
    if kind in (WithType.STAFF, WithType.VOLUNTEER) and code:
        member = known.members.get(code)
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

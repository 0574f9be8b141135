"""Recording meaningful moments: the hottest write path in the product.

One transaction writes the moment, each resident's share, every roll-up and the audit trail. A
replay with the same idempotency key (a double tap, a retry, the offline queue) returns the
first moment and writes nothing."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commonroom.audit.services import Action, record_many
from commonroom.circle.models import Contact
from commonroom.homes.models import Home, Membership
from commonroom.homes.roles import Role
from commonroom.residents.models import Resident

from ..models import DOMAIN_FOR_WITH, Domain, Engagement, Kind, Moment, MomentParticipant, WithType
from . import rollups

MAX_GROUP = 200
CLOCK_SKEW = dt.timedelta(minutes=10)
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
"""No moment is older than this. A year typed wrong (1900, or 0001 from a broken device clock)
would otherwise stretch every "no visitor for N days" back to it, and the earliest dates cannot
even be turned into local time."""
TOO_EARLY = gettext_lazy("Give a date from 1 January 2000 onwards.")
AUDITED_FIELDS = ("kind", "domain", "occurred_at", "minutes", "with_type", "note", "engagement")


class MomentError(ValueError):
    """A moment that cannot be recorded as given; ``field`` names the input at fault."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class MomentInput:
    """A moment as the page, the API or an import describes it. ``engagement`` maps resident
    ids to how each seemed; ``everyone`` applies to those not named."""

    residents: Sequence[Resident]
    kind: str
    occurred_at: dt.datetime
    domain: str = ""
    minutes: int | None = None
    with_type: str = WithType.NOBODY
    with_contact: Contact | None = None
    with_resident: Resident | None = None
    with_member: Membership | None = None
    with_name: str = ""
    note: str = ""
    everyone: int | None = None
    engagement: Mapping[int, int | None] = field(default_factory=dict)
    idempotency_key: str = ""


def record_moment(
    home: Home, data: MomentInput, *, actor: Any, source: str = Moment.Source.PAGE
) -> tuple[Moment, bool]:
    """Record ``data`` in ``home``. Returns the moment and whether it is new (False when the
    idempotency key was seen before). Raises ``MomentError`` for input that cannot stand."""
    moment = _build(home, data, actor, source)
    try:
        with transaction.atomic():
            _write(home, [(moment, data)], actor)
    except IntegrityError:
        earlier = _earlier(home, data.idempotency_key)
        if earlier is None:
            raise
        return earlier, False
    return moment, True


MAX_BATCH = 100
"""Moments in one call of ``record_moments``: an offline phone's day of entries, and few enough
that one transaction stays short."""


@dataclass
class Recorded:
    """What became of one moment of a batch: stored now (``created``) or found stored before."""

    moment: Moment
    created: bool


def record_moments(
    home: Home,
    batch: Sequence[MomentInput | MomentError],
    *,
    actor: Any,
    source: str = Moment.Source.API,
) -> list[Recorded | MomentError]:
    """Record every moment of ``batch`` that can stand, in one transaction and a handful of
    statements whatever its size, with the same rules, roll-ups and audit as ``record_moment``.
    Each answer is in the place of its moment: ``Recorded``, or the ``MomentError`` (given, or
    found now) that kept it out. A key seen before, or earlier in the same batch, is a replay."""
    if len(batch) > MAX_BATCH:
        raise MomentError(None, _("Send at most 100 moments at a time."))
    answers: list[Recorded | MomentError | int | None] = [None] * len(batch)
    keys = {data.idempotency_key.strip() for data in batch if isinstance(data, MomentInput)}
    keys.discard("")
    stored = _stored(home, keys)
    fresh: list[tuple[int, Moment, MomentInput]] = []
    first_with_key: dict[str, int] = {}
    for place, data in enumerate(batch):
        if isinstance(data, MomentError):
            answers[place] = data
            continue
        try:
            moment = _build(home, data, actor, source)
        except MomentError as error:
            answers[place] = error
            continue
        key = moment.idempotency_key
        if key in stored:
            answers[place] = Recorded(stored[key], False)
        elif key in first_with_key:
            answers[place] = first_with_key[key]  # the same moment sent twice in one batch
        else:
            if key:
                first_with_key[key] = place
            fresh.append((place, moment, data))
    try:
        with transaction.atomic():
            _write(home, [(moment, data) for _place, moment, data in fresh], actor)
        for place, moment, _data in fresh:
            answers[place] = Recorded(moment, True)
    except IntegrityError:
        # Another request stored one of these keys between the look above and the write: one
        # by one, each moment finds its own answer.
        for place, _moment, data in fresh:
            answers[place] = Recorded(*record_moment(home, data, actor=actor, source=source))
    return [_answer(answers, answer) for answer in answers]


def _stored(home: Home, keys: set[str]) -> dict[str, Moment]:
    """The moments already stored under any of ``keys``."""
    if not keys:
        return {}
    # One lookup per key, joined with UNION ALL, rather than one ``key IN (…)``. After history is
    # imported (moments without keys), PostgreSQL's statistics say the unique index of keys is
    # empty until the next ANALYZE, which on a big table can be weeks away; it then reads every
    # keyed moment of the home and filters them. A lookup by one key is always an index probe.
    first, *others = [
        Moment.objects.filter(home=home, idempotency_key=key).order_by() for key in sorted(keys)
    ]
    found = first.union(*others, all=True) if others else first
    return {moment.idempotency_key: moment for moment in found}


def _answer(
    answers: list[Recorded | MomentError | int | None], answer: Recorded | MomentError | int | None
) -> Recorded | MomentError:
    if isinstance(answer, int):
        first = answers[answer]
        assert isinstance(first, Recorded)
        return Recorded(first.moment, False)
    assert answer is not None
    return answer


def _write(home: Home, pairs: list[tuple[Moment, MomentInput]], actor: Any) -> None:
    """Store the moments, each resident's share, every roll-up and the audit: the same few
    statements for one moment or a hundred."""
    if not pairs:
        return
    moments = Moment.objects.bulk_create([moment for moment, _data in pairs])
    shares = [
        participants_of(moment, data) for moment, (_m, data) in zip(moments, pairs, strict=True)
    ]
    MomentParticipant.objects.bulk_create([share for each in shares for share in each])
    rollups.apply_moments(home.pk, list(zip(moments, shares, strict=True)))
    record_many(
        actor,
        Action.CREATE,
        [
            (moment, resident.code, AUDITED_FIELDS)
            for moment, data in pairs
            for resident in data.residents
        ],
        home=home,
    )


def find_replay(home: Home, key: str) -> Moment | None:
    """The moment already recorded with ``key``, if any (so a page can say "already saved")."""
    return _earlier(home, key)


def _earlier(home: Home, key: str) -> Moment | None:
    if not key:
        return None
    return Moment.objects.filter(home=home, idempotency_key=key).first()


def _build(home: Home, data: MomentInput, actor: Any, source: str) -> Moment:
    validate(home, data)
    when = data.occurred_at
    return Moment(
        home=home,
        organisation_id=home.organisation_id,
        occurred_at=when,
        day=timezone.localdate(when),
        kind=data.kind,
        domain=data.domain or domain_for(data.with_type, data.kind),
        minutes=data.minutes,
        with_type=data.with_type,
        with_contact=data.with_contact,
        with_resident=data.with_resident,
        with_member=data.with_member,
        with_name=data.with_name.strip(),
        note=data.note.strip(),
        participant_count=len(data.residents),
        source=source,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        idempotency_key=data.idempotency_key.strip(),
    )


def domain_for(with_type: str, kind: str) -> str:
    """The connection domain when the person recording does not choose one."""
    if with_type in DOMAIN_FOR_WITH:
        return DOMAIN_FOR_WITH[WithType(with_type)]
    if kind in (Kind.VISIT, Kind.PHONE, Kind.VIDEO, Kind.LETTER):
        return Domain.FAMILY
    if kind in (Kind.COMMUNITY, Kind.OUTING, Kind.FAITH, Kind.VIRTUAL):
        return Domain.COMMUNITY
    if kind == Kind.ONE_TO_ONE:
        return Domain.STAFF
    return Domain.PEERS


def participants_of(moment: Moment, data: MomentInput) -> list[MomentParticipant]:
    size = len(data.residents)
    return [
        MomentParticipant(
            moment=moment,
            resident_id=resident.pk,
            home_id=moment.home_id,
            day=moment.day,
            kind=moment.kind,
            domain=moment.domain,
            minutes=moment.minutes,
            engagement=data.engagement.get(resident.pk, data.everyone),
            group_size=size,
        )
        for resident in data.residents
    ]


def validate(home: Home, data: MomentInput) -> None:
    """Every rule a moment must meet, whichever door it came through."""
    if not data.residents:
        raise MomentError("residents", _("Choose at least one resident."))
    if len(data.residents) > MAX_GROUP:
        raise MomentError("residents", _("A moment can include at most 200 residents."))
    if len({r.pk for r in data.residents}) != len(data.residents):
        raise MomentError("residents", _("Each resident can be chosen only once."))
    if any(r.home_id != home.pk for r in data.residents):
        raise MomentError("residents", _("Choose residents of this home."))
    if data.kind not in Kind.values:
        raise MomentError("kind", _("Choose what happened."))
    if data.domain and data.domain not in Domain.values:
        raise MomentError("domain", _("Choose a kind of connection from the list."))
    if data.occurred_at > timezone.now() + CLOCK_SKEW:
        raise MomentError("occurred_at", _("The time cannot be in the future."))
    if data.occurred_at < EARLIEST:
        raise MomentError("occurred_at", str(TOO_EARLY))
    if data.minutes is not None and not 0 < data.minutes <= 24 * 60:
        raise MomentError("minutes", _("Give a length between 1 minute and 24 hours."))
    for value in [data.everyone, *data.engagement.values()]:
        if value is not None and value not in Engagement.values:
            raise MomentError("engagement", _("Choose how the person seemed from the list."))
    _validate_with(home, data)


def _validate_with(home: Home, data: MomentInput) -> None:
    """Who the moment was with. Errors name ``with_code``, the field every door (the log page,
    the API) uses for the person chosen."""
    kind = data.with_type
    if kind not in WithType.values:
        raise MomentError("with_type", _("Choose who the moment was with from the list."))
    if kind == WithType.CONTACT:
        ids = {r.pk for r in data.residents}
        if data.with_contact is None or data.with_contact.resident_id not in ids:
            raise MomentError(
                "with_code", _("Choose someone from the circle of a resident in this moment.")
            )
    if kind == WithType.RESIDENT:
        other = data.with_resident
        if other is None or other.home_id != home.pk:
            raise MomentError("with_code", _("Choose a fellow resident of this home."))
        if other.pk in {r.pk for r in data.residents}:
            raise MomentError(
                "with_code", _("Choose a fellow resident who is not already in this moment.")
            )
    if kind == WithType.STAFF:
        member = data.with_member
        if member is None or member.home_id != home.pk or not member.is_staff_role:
            raise MomentError("with_code", _("Choose a member of staff in this home."))
    if kind == WithType.VOLUNTEER:
        member = data.with_member
        if member is None and not data.with_name.strip():
            raise MomentError("with_name", _("Choose a volunteer or give their name."))
        if member is not None and (member.home_id != home.pk or member.role != Role.VOLUNTEER):
            raise MomentError("with_code", _("Choose a volunteer of this home."))
    if kind == WithType.GROUP and not data.with_name.strip():
        raise MomentError("with_name", _("Give the name of the community group."))


def delete_moment(moment: Moment, *, actor: Any) -> None:
    """Take a moment recorded by mistake out of the log and out of every roll-up."""
    with transaction.atomic():
        participants = list(MomentParticipant.objects.filter(moment=moment))
        codes = dict(
            Resident.objects.filter(pk__in=[p.resident_id for p in participants]).values_list(
                "pk", "code"
            )
        )
        rollups.apply_moment(moment, participants, sign=-1)
        record_many(
            actor,
            Action.DELETE,
            [(moment, codes.get(p.resident_id), ()) for p in participants],
            home=moment.home,
        )
        moment.delete()

"""Bringing past moments of the connection log in from a CSV file.

The dry run reads the home's people once and checks every row in memory, so its queries do not
grow with the file. The import then writes every moment and every resident's share in a few bulk
inserts and rebuilds the home's roll-ups from the log once, instead of updating them moment by
moment: years of history go in within seconds."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from commonroom.audit.services import Action, AuditItem, record_many
from commonroom.circle.models import Contact
from commonroom.connections.models import Moment, MomentParticipant
from commonroom.connections.services.moments import AUDITED_FIELDS
from commonroom.connections.services.rebuild import rebuild_home
from commonroom.homes.models import Home, Membership
from commonroom.residents.models import Resident

from ..csvfile import Table
from ..matching import Directory, Member, Person, normal_code, vocabulary
from ..moment_rows import PlannedMoment, Reader, Reading

BATCH = 500
KEY_BATCH = 500


def read_table(home: Home, table: Table) -> Reading:
    """Check every row of ``table`` against the home's people and its log. Writes nothing."""
    file_keys = {row.values.get("idempotency_key", "") for row in table.rows}
    reader = Reader(
        directory=directory(home),
        words=vocabulary(),
        now=timezone.now(),
        zone=timezone.get_current_timezone(),
        stored=stored_keys(home, file_keys),
    )
    reading = reader.read(table.rows)
    reading.skip(stored_keys(home, [m.key for m in reading.moments if m.derived_key]))
    return reading


def directory(home: Home) -> Directory:
    """Everyone a row may name: all the home's residents (past ones too: this is history), the
    people in their circles, and its members past and present."""
    residents = Resident.objects.filter(home=home).values_list(
        "pk", "code", "full_name", "date_of_birth"
    )
    members = Membership.objects.filter(home=home).values_list(
        "pk", "user__email", "role", "ended_at"
    )
    return Directory(
        residents=[Person(*values) for values in residents],
        contacts=Contact.objects.filter(home=home).values_list("pk", "resident_id", "name"),
        members=[Member(pk, email, role, ended is None) for pk, email, role, ended in members],
    )


def stored_keys(home: Home, keys: Iterable[str]) -> set[str]:
    """Those of ``keys`` that the home's log already holds: as a moment's idempotency key, or as
    its code (which an export writes for a moment recorded without a key)."""
    wanted = sorted(set(keys) - {""})
    found: set[str] = set()
    for start in range(0, len(wanted), KEY_BATCH):
        chunk = wanted[start : start + KEY_BATCH]
        codes = {code: key for key in chunk if (code := normal_code(key))}
        query = Q(idempotency_key__in=chunk) | Q(code__in=list(codes))
        stored = Moment.objects.filter(home=home).filter(query)
        for key, code in stored.values_list("idempotency_key", "code"):
            found.add(key)
            if code in codes:
                found.add(codes[code])
    return found.intersection(wanted)


def write(home: Home, planned: list[PlannedMoment], *, actor: Any) -> None:
    """Save ``planned`` moments with each resident's share, rebuild the home's roll-ups from
    its log, and audit each share as imported. Call inside the import's transaction."""
    if not planned:
        return
    moments = [_moment(home, plan, actor) for plan in planned]
    Moment.objects.bulk_create(moments, batch_size=BATCH)
    pairs = list(zip(moments, planned, strict=True))
    shares = [share for moment, plan in pairs for share in _shares(moment, plan)]
    MomentParticipant.objects.bulk_create(shares, batch_size=BATCH)
    rebuild_home(home.pk)
    items: Iterable[AuditItem] = (
        (moment, person.code, AUDITED_FIELDS)
        for moment, plan in pairs
        for person, _engagement in plan.shares
    )
    record_many(actor, Action.IMPORT, items, home=home)


def _moment(home: Home, plan: PlannedMoment, actor: Any) -> Moment:
    return Moment(
        home=home,
        organisation_id=home.organisation_id,
        occurred_at=plan.occurred_at,
        day=timezone.localdate(plan.occurred_at),
        kind=plan.kind,
        domain=plan.domain,
        minutes=plan.minutes,
        with_type=plan.with_type,
        with_contact_id=plan.with_contact_id,
        with_resident_id=plan.with_resident_id,
        with_member_id=plan.with_member_id,
        with_name=plan.with_name,
        note=plan.note,
        participant_count=len(plan.shares),
        source=Moment.Source.IMPORT,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        idempotency_key=plan.key,
    )


def _shares(moment: Moment, plan: PlannedMoment) -> list[MomentParticipant]:
    return [
        MomentParticipant(
            moment=moment,
            resident_id=person.id,
            home_id=moment.home_id,
            day=moment.day,
            kind=moment.kind,
            domain=moment.domain,
            minutes=moment.minutes,
            engagement=engagement,
            group_size=len(plan.shares),
        )
        for person, engagement in plan.shares
    ]

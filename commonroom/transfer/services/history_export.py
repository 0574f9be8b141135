"""Taking a copy of a home's connection log for a period: one row per resident's share in each
moment, in the columns the import reads, so that a download re-imports as a no-op."""

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from commonroom.audit.services import Action, record_many
from commonroom.connections.models import MomentParticipant, WithType
from commonroom.connections.services.moments import AUDITED_FIELDS
from commonroom.homes.models import Home
from commonroom.residents.models import Resident

from ..columns import MOMENT_COLUMNS, to_cell

CHUNK = 2000
FIELDS = (
    "resident__code",
    "resident__full_name",
    "resident__date_of_birth",
    "moment__occurred_at",
    "kind",
    "domain",
    "minutes",
    "moment__with_type",
    "moment__with_contact__name",
    "moment__with_resident__full_name",
    "moment__with_member__user__email",
    "moment__with_name",
    "engagement",
    "moment__note",
    "group_size",
    "moment__code",
    "moment__idempotency_key",
)


def filename(home: Home, start: dt.date, end: dt.date, extension: str) -> str:
    """For example ``rowan-house-connection-log-2025-11-23-to-2026-11-22.csv``."""
    return f"{home.slug}-connection-log-{start.isoformat()}-to-{end.isoformat()}.{extension}"


def export(home: Home, start: dt.date, end: dt.date, *, actor: Any) -> Iterator[list[str]]:
    """The header and one row per resident's share in each moment from ``start`` to ``end``
    (both included), oldest first. Audits at once: one EXPORT entry for each resident in the
    file. The rows themselves are read lazily, a chunk at a time, so years of history stream."""
    shares = MomentParticipant.objects.filter(home=home, day__gte=start, day__lte=end)
    people = Resident.objects.filter(home=home, pk__in=shares.values("resident_id"))
    with transaction.atomic():
        record_many(
            actor,
            Action.EXPORT,
            ((person, person.code, AUDITED_FIELDS) for person in people),
            home=home,
        )
    rows = (
        shares.order_by("moment__occurred_at", "moment_id", "resident__full_name", "resident_id")
        .values_list(*FIELDS, named=True)
        .iterator(chunk_size=CHUNK)
    )
    return _rows(rows, timezone.get_current_timezone())


def _rows(shares: Iterable[Any], zone: dt.tzinfo) -> Iterator[list[str]]:
    yield MOMENT_COLUMNS
    for share in shares:
        yield [to_cell(value) for value in _row(share, zone)]


def _row(share: Any, zone: dt.tzinfo) -> list[Any]:
    moment_code = share.moment__code
    return [
        share.resident__code,
        share.resident__full_name,
        share.resident__date_of_birth,
        local_time(share.moment__occurred_at, zone),
        share.kind,
        share.domain,
        share.minutes,
        share.moment__with_type,
        _with_whom(share),
        share.engagement,
        share.moment__note,
        # A group moment's rows share its code; a moment of one person needs no group.
        moment_code if share.group_size > 1 else "",
        share.moment__idempotency_key or moment_code,
    ]


def _with_whom(share: Any) -> str | None:
    """What the import reads back: a contact's or fellow resident's name, a member's email, or
    the name given."""
    return {
        WithType.CONTACT: share.moment__with_contact__name,
        WithType.RESIDENT: share.moment__with_resident__full_name,
        WithType.STAFF: share.moment__with_member__user__email,
        WithType.VOLUNTEER: share.moment__with_member__user__email or share.moment__with_name,
    }.get(share.moment__with_type, share.moment__with_name)


def local_time(when: dt.datetime, zone: dt.tzinfo) -> str:
    """``2024-03-31 14:30`` in the home's time, with seconds only when there are some."""
    local = when.astimezone(zone)
    return local.strftime("%Y-%m-%d %H:%M:%S" if local.second else "%Y-%m-%d %H:%M")


def write_xlsx(rows: Iterable[list[str]], target: IO[bytes]) -> None:
    """The same rows as the CSV in one worksheet. Every cell is text, and the export's guard
    (a quote before anything that starts like a formula) means no cell is ever a formula."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Connection log"))
    for row in rows:
        # Control characters are not allowed in the XML of a workbook; an empty cell is left
        # out of it altogether, which also makes a long history quicker to write.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) or None for cell in row])
    book.save(target)

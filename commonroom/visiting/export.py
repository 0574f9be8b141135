"""The inspector's export: the whole history of visiting restrictions for a period, as a
workbook (restrictions, residents covered with their supporters or why there is none, reviews,
notices with their recipient counts, visits admitted while they were in force, exceptions) or
the restrictions sheet alone as CSV. Every cell is text, never a formula."""

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from commonroom.homes.models import Home
from commonroom.transfer.csvfile import FORMULA_STARTS

from .models import (
    Restriction,
    RestrictionNotice,
    RestrictionResident,
    RestrictionReview,
    Visit,
    VisitingException,
)


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


def _when(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def in_period(home: Home, since: dt.date, until: dt.date) -> list[Restriction]:
    """Restrictions in force at any time from ``since`` to ``until`` (both days included)."""
    return list(
        Restriction.objects.filter(home=home, started_at__date__lte=until)
        .filter(Q(lifted_at__isnull=True) | Q(lifted_at__date__gte=since))
        .select_related("declared_by")
        .order_by("started_at")
    )


def gather(home: Home, since: dt.date, until: dt.date) -> list[Sheet]:
    restrictions = in_period(home, since, until)
    ids = [r.pk for r in restrictions]
    titles = {r.pk: r.title for r in restrictions}
    return [
        _restrictions_sheet(restrictions),
        _residents_sheet(ids, titles),
        _reviews_sheet(ids, titles),
        _notices_sheet(ids, titles),
        _visits_sheet(home, ids, titles, since, until),
        _exceptions_sheet(home, since, until),
    ]


def _restrictions_sheet(restrictions: list[Restriction]) -> Sheet:
    sheet = Sheet(
        _("Restrictions"),
        [
            _("Reference"),
            _("What it is"),
            _("Who it covers"),
            _("Floor or unit"),
            _("What it means for visits"),
            _("The risk"),
            _("How the risk was assessed"),
            _("Precautions"),
            _("Less restrictive options considered"),
            _("Who was consulted"),
            _("Residents asked"),
            _("Families asked"),
            _("Named contact"),
            _("How to reach them"),
            _("Started"),
            _("Next review"),
            _("Lifted"),
            _("Why it was lifted"),
            _("Declared by"),
        ],
    )
    for r in restrictions:
        sheet.rows.append(
            [
                str(r.code),
                r.title,
                str(r.get_scope_display()),
                r.area_name,
                str(r.get_level_display()),
                r.risk,
                r.risk_assessment,
                r.precautions,
                r.alternatives_considered,
                r.consulted,
                _yes(r.residents_consulted),
                _yes(r.families_consulted),
                r.contact_name,
                r.contact_details,
                _when(r.started_at),
                _when(r.next_review_on),
                _when(r.lifted_at),
                r.lifted_reason,
                str(r.declared_by) if r.declared_by else "",
            ]
        )
    return sheet


def supporters_text(supporters: Iterable[dict[str, str]]) -> str:
    parts = []
    for s in supporters:
        text = f"{s.get('name', '')} ({s.get('role_label', '')})"
        if s.get("substitute_of"):
            text += " " + _("substitute for %(name)s") % {"name": s["substitute_of"]}
        parts.append(text)
    return "; ".join(parts)


def _residents_sheet(ids: list[int], titles: dict[int, str]) -> Sheet:
    sheet = Sheet(
        _("Residents covered"),
        [
            _("Restriction"),
            _("Resident"),
            _("Room"),
            _("Named care supporters"),
            _("Why there is none"),
        ],
    )
    rows = RestrictionResident.objects.filter(restriction_id__in=ids).select_related("resident")
    for row in rows.order_by("restriction_id", "resident__full_name"):
        sheet.rows.append(
            [
                titles[row.restriction_id],
                row.resident.full_name,
                row.resident.room,
                supporters_text(row.supporters),
                row.no_supporter_reason
                or ("" if row.supporters else _("No supporter and no reason recorded")),
            ]
        )
    return sheet


def _reviews_sheet(ids: list[int], titles: dict[int, str]) -> Sheet:
    sheet = Sheet(
        _("Reviews"),
        [
            _("Restriction"),
            _("Reviewed on"),
            _("Outcome"),
            _("What was considered"),
            _("Next review"),
            _("Reviewed by"),
        ],
    )
    reviews = RestrictionReview.objects.filter(restriction_id__in=ids).select_related("reviewed_by")
    for review in reviews.order_by("restriction_id", "reviewed_on", "created_at"):
        sheet.rows.append(
            [
                titles[review.restriction_id],
                _when(review.reviewed_on),
                str(review.get_outcome_display()),
                review.notes,
                _when(review.next_review_on),
                str(review.reviewed_by) if review.reviewed_by else "",
            ]
        )
    return sheet


def _notices_sheet(ids: list[int], titles: dict[int, str]) -> Sheet:
    sheet = Sheet(
        _("Notices"),
        [
            _("Restriction"),
            _("Written"),
            _("Event"),
            _("Subject"),
            _("Text"),
            _("Recipients"),
            _("Sent"),
            _("Waiting"),
            _("Failed"),
        ],
    )
    notices = (
        RestrictionNotice.objects.filter(restriction_id__in=ids)
        .annotate(
            total=Count("deliveries"),
            sent=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False)),
            failed=Count(
                "deliveries",
                filter=Q(deliveries__sent_at__isnull=True) & ~Q(deliveries__error=""),
            ),
        )
        .order_by("restriction_id", "created_at")
    )
    for n in notices:
        total, sent, failed = n.total, n.sent, n.failed
        sheet.rows.append(
            [
                titles[n.restriction_id],
                _when(n.created_at),
                str(n.get_event_display()),
                n.subject,
                n.body,
                str(total),
                str(sent),
                str(total - sent - failed),
                str(failed),
            ]
        )
    return sheet


def _visits_sheet(
    home: Home, ids: list[int], titles: dict[int, str], since: dt.date, until: dt.date
) -> Sheet:
    sheet = Sheet(
        _("Visits during restrictions"),
        [
            _("Restriction"),
            _("Signed in"),
            _("Signed out"),
            _("Visitor"),
            _("Visiting"),
            _("Admitted as"),
            _("Reason for the exception"),
        ],
    )
    visits = (
        Visit.objects.filter(
            home=home,
            restriction_id__in=ids,
            signed_in_at__date__gte=since,
            signed_in_at__date__lte=until,
        )
        .select_related("visitor")
        .prefetch_related("residents")
        .order_by("signed_in_at")
    )
    for visit in visits:
        sheet.rows.append(
            [
                titles.get(visit.restriction_id or 0, ""),
                _when(visit.signed_in_at),
                _when(visit.signed_out_at),
                visit.visitor.name,
                ", ".join(r.full_name for r in visit.residents.all()),
                str(visit.get_admission_display()),
                visit.exception_reason,
            ]
        )
    return sheet


def _exceptions_sheet(home: Home, since: dt.date, until: dt.date) -> Sheet:
    sheet = Sheet(
        _("Visiting exceptions"),
        [_("Resident"), _("Kind"), _("Why"), _("From"), _("Until"), _("Recorded by")],
    )
    rows = (
        VisitingException.objects.filter(home=home, starts_on__lte=until)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=since))
        .select_related("resident", "recorded_by")
        .order_by("starts_on")
    )
    for e in rows:
        sheet.rows.append(
            [
                e.resident.full_name,
                str(e.get_kind_display()),
                e.reason,
                _when(e.starts_on),
                _when(e.ends_on),
                str(e.recorded_by) if e.recorded_by else "",
            ]
        )
    return sheet


def safe(value: str) -> str:
    """A quote before anything a spreadsheet would run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def to_csv(sheets: list[Sheet]) -> bytes:
    """The restrictions sheet as CSV (UTF-8 with a byte-order mark, for spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out)
    first = sheets[0]
    writer.writerow(first.header)
    for row in first.rows:
        writer.writerow([safe(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(sheets: list[Sheet]) -> bytes:
    book = Workbook(write_only=True)
    for sheet in sheets:
        ws = book.create_sheet(sheet.title[:31])
        ws.append(sheet.header)
        for row in sheet.rows:
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", safe(cell)) or None for cell in row])
    target = io.BytesIO()
    book.save(target)
    return target.getvalue()

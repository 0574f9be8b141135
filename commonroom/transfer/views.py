"""Bringing people and past moments in, and taking a copy out: CSV import (dry run, then
import) and CSV or XLSX export."""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonroom.homes.access import HomeRequest, check, require
from commonroom.homes.roles import Perm

from .columns import Kind
from .forms import CsvUploadForm, HistoryUploadForm, PeriodForm, UploadForm
from .models import PendingImport
from .moment_rows import row_ranges, summarise
from .services import exporting, history_export, importing

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A workbook is built whole before it is sent; past this size it waits on disk, not in memory.
SPOOL_BYTES = 8 * 1024 * 1024


def _index(request: HomeRequest, status: int = 200, **forms: Any) -> HttpResponse:
    """The page, with any form that was just sent (and its errors) in place of a fresh one."""
    context = {
        "form": UploadForm(),
        "history_form": HistoryUploadForm(),
        "period_form": PeriodForm(),
        **forms,
    }
    return render(request, "transfer/index.html", context, status=status)


@require(Perm.IMPORT_EXPORT)
@require_http_methods(["GET", "POST"])
def index(request: HomeRequest) -> HttpResponse:
    if request.method != "POST":
        return _index(request)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid() and (staged := _stage(request, form, form.cleaned_data["kind"])):
        return staged
    return _index(request, 400, form=form)


@require(Perm.IMPORT_EXPORT)
@require_POST
def upload_history(request: HomeRequest) -> HttpResponse:
    form = HistoryUploadForm(request.POST, request.FILES)
    if form.is_valid() and (staged := _stage(request, form, Kind.MOMENTS)):
        return staged
    return _index(request, 400, history_form=form)


def _stage(request: HomeRequest, form: CsvUploadForm, kind: str) -> HttpResponse | None:
    """Keep a valid upload and go to its dry run; None, with the reason on the form, when the
    file cannot be read."""
    upload = form.cleaned_data["file"]
    try:
        pending = importing.stage(
            request.home, kind, upload.read(), upload.name or "", actor=request.user
        )
    except importing.UnreadableFile as error:
        form.add_error("file", str(error))
        return None
    return redirect("transfer:review", home=request.home.slug, code=pending.code)


def _pending(request: HomeRequest, code: UUID) -> PendingImport | None:
    """The caller's own kept upload (404 for anyone else's), or None when it has expired."""
    pending: PendingImport = get_object_or_404(
        PendingImport.objects.select_related("home"),
        home=request.home,
        code=code,
        uploaded_by=request.user,
    )
    return None if pending.is_expired else pending


def _expired(request: HomeRequest) -> HttpResponse:
    return _index(request, 410, expired=True)


def _review(
    request: HomeRequest, pending: PendingImport, result: importing.Check, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {"pending": pending, "check": result}
    if pending.kind != Kind.MOMENTS:
        return render(request, "transfer/review.html", context, status=status)
    context["summary"] = summarise(result.moments)
    context["skipped_rows"] = row_ranges(result.skipped_rows)
    return render(request, "transfer/review_moments.html", context, status=status)


@require(Perm.IMPORT_EXPORT)
@require_GET
def review(request: HomeRequest, code: UUID) -> HttpResponse:
    pending = _pending(request, code)
    if pending is None:
        return _expired(request)
    return _review(request, pending, importing.check_pending(pending))


@require(Perm.IMPORT_EXPORT)
@require_POST
def confirm(request: HomeRequest, code: UUID) -> HttpResponse:
    pending = _pending(request, code)
    if pending is None:
        return _expired(request)
    result = importing.confirm(pending, actor=request.user)
    if not result.ok:
        return _review(request, pending, result, status=400)
    messages.success(request, _imported_message(result))
    if result.kind == Kind.RESIDENTS:
        return redirect("residents:list", home=request.home.slug)
    return redirect("transfer:index", home=request.home.slug)


def _imported_message(result: importing.Check) -> str:
    count = result.to_create
    if result.kind == Kind.RESIDENTS:
        message = ngettext("%(count)s resident imported.", "%(count)s residents imported.", count)
    elif result.kind == Kind.MOMENTS:
        message = ngettext("%(count)s moment imported.", "%(count)s moments imported.", count)
    else:
        message = ngettext("%(count)s contact imported.", "%(count)s contacts imported.", count)
    return message % {"count": count}


@require(Perm.IMPORT_EXPORT)
@require_POST
def discard(request: HomeRequest, code: UUID) -> HttpResponse:
    pending: PendingImport = get_object_or_404(
        PendingImport.objects.all(), home=request.home, code=code, uploaded_by=request.user
    )
    pending.delete()
    messages.success(request, _("The uploaded file was deleted. Nothing was imported."))
    return redirect("transfer:index", home=request.home.slug)


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def _lines(rows: Iterable[list[str]]) -> Iterator[str]:
    # A byte-order mark, so that Excel opens the UTF-8 file with its accents intact.
    yield "\ufeff"
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow(row)


def _csv(rows: Iterable[list[str]], name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _xlsx(rows: Iterable[list[str]], name: str) -> FileResponse:
    # Not a with-block: the response closes the file once it has been sent.
    workbook = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    history_export.write_xlsx(rows, workbook)
    workbook.seek(0)
    response = FileResponse(workbook, as_attachment=True, filename=name, content_type=XLSX)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def export(request: HomeRequest, kind: str) -> StreamingHttpResponse:
    check(request, Perm.IMPORT_EXPORT)
    if kind not in (Kind.RESIDENTS, Kind.CONTACTS):
        raise Http404
    rows = exporting.export(request.home, kind, actor=request.user)
    return _csv(rows, exporting.filename(request.home, kind))


@require_GET
def export_history(request: HomeRequest) -> HttpResponse | StreamingHttpResponse:
    """The connection log for a period (the last twelve months unless the form says), as CSV
    or, with ``format=xlsx``, as a workbook."""
    check(request, Perm.IMPORT_EXPORT)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return _index(request, 400, period_form=form)
    start, end = form.cleaned_data["from_date"], form.cleaned_data["to_date"]
    rows = history_export.export(request.home, start, end, actor=request.user)
    if request.GET.get("format") == "xlsx":
        return _xlsx(rows, history_export.filename(request.home, start, end, "xlsx"))
    return _csv(rows, history_export.filename(request.home, start, end, "csv"))

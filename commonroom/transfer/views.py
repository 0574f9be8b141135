"""Bringing people in and taking a copy out: CSV import (dry run, then import) and export."""

import csv
from collections.abc import Iterable, Iterator
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonroom.homes.access import HomeRequest, check, require
from commonroom.homes.roles import Perm

from .columns import Kind
from .forms import UploadForm
from .models import PendingImport
from .services import exporting, importing


@require(Perm.IMPORT_EXPORT)
@require_http_methods(["GET", "POST"])
def index(request: HomeRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "transfer/index.html", {"form": UploadForm()})
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            pending = importing.stage(
                request.home,
                form.cleaned_data["kind"],
                upload.read(),
                upload.name or "",
                actor=request.user,
            )
        except importing.UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            return redirect("transfer:review", home=request.home.slug, code=pending.code)
    return render(request, "transfer/index.html", {"form": form}, status=400)


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
    context = {"form": UploadForm(), "expired": True}
    return render(request, "transfer/index.html", context, status=410)


@require(Perm.IMPORT_EXPORT)
@require_GET
def review(request: HomeRequest, code: UUID) -> HttpResponse:
    pending = _pending(request, code)
    if pending is None:
        return _expired(request)
    result = importing.check_pending(pending)
    return render(request, "transfer/review.html", {"pending": pending, "check": result})


@require(Perm.IMPORT_EXPORT)
@require_POST
def confirm(request: HomeRequest, code: UUID) -> HttpResponse:
    pending = _pending(request, code)
    if pending is None:
        return _expired(request)
    result = importing.confirm(pending, actor=request.user)
    if not result.ok:
        context = {"pending": pending, "check": result}
        return render(request, "transfer/review.html", context, status=400)
    messages.success(request, _imported_message(result))
    if result.kind == Kind.RESIDENTS:
        return redirect("residents:list", home=request.home.slug)
    return redirect("transfer:index", home=request.home.slug)


def _imported_message(result: importing.Check) -> str:
    count = result.to_create
    if result.kind == Kind.RESIDENTS:
        message = ngettext("%(count)s resident imported.", "%(count)s residents imported.", count)
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


@require_GET
def export(request: HomeRequest, kind: str) -> StreamingHttpResponse:
    check(request, Perm.IMPORT_EXPORT)
    if kind not in Kind.values:
        raise Http404
    rows = exporting.export(request.home, kind, actor=request.user)
    response = StreamingHttpResponse(_lines(rows), content_type="text/csv; charset=utf-8")
    name = exporting.filename(request.home, kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response

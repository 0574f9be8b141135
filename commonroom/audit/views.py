"""Reading the audit trail: for the whole home, and for one resident."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from commonroom.homes.access import HomeRequest, require
from commonroom.homes.roles import Perm
from commonroom.residents.access import residents_for

from .forms import TrailFilterForm
from .labels import field_labels, record_type_label
from .models import AuditEntry

PER_PAGE = 50


@dataclass(frozen=True)
class TrailRow:
    entry: AuditEntry
    record_type: str
    fields: list[str]
    about: str | None = None


@require(Perm.VIEW_AUDIT)
@require_GET
def home_trail(request: HomeRequest) -> HttpResponse:
    entries = AuditEntry.objects.filter(home=request.home)
    context, status = _trail(request, entries)
    page: Page[AuditEntry] = context["page"]
    names = _resident_names(request, {e.resident_code for e in page if e.resident_code})
    context["rows"] = [_row(entry, _about(entry, names)) for entry in page]
    context["show_about"] = True
    return render(request, "audit/home.html", context, status=status)


@require(Perm.VIEW_AUDIT)
@require_GET
def resident_trail(request: HomeRequest, code: UUID) -> HttpResponse:
    entries = AuditEntry.objects.filter(home=request.home, resident_code=code)
    resident = (
        residents_for(request).filter(code=code).only("code", "full_name", "preferred_name").first()
    )
    if resident is None and not entries.exists():
        raise Http404("No such resident.")
    context, status = _trail(request, entries)
    context["rows"] = [_row(entry) for entry in context["page"]]
    context["resident"] = resident
    context["name"] = resident.display_name if resident else _removed_name(entries, code)
    return render(request, "audit/resident.html", context, status=status)


def _trail(request: HomeRequest, entries: QuerySet[AuditEntry]) -> tuple[dict[str, Any], int]:
    """Filter by action, paginate, and say whether the filter was understood."""
    form = TrailFilterForm(request.GET)
    status = 200
    action = ""
    if form.is_valid():
        action = form.cleaned_data["action"]
    else:
        status = 400
        entries = entries.none()
    if action:
        entries = entries.filter(action=action)
    page = Paginator(entries.order_by("-at", "-id"), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "filter_query": urlencode({"action": action}) + "&" if action else "",
        "filtered": bool(action),
    }
    return context, status


def _row(entry: AuditEntry, about: str | None = None) -> TrailRow:
    return TrailRow(
        entry=entry,
        record_type=record_type_label(entry.object_type),
        fields=field_labels(entry.object_type, list(entry.fields)),
        about=about,
    )


def _about(entry: AuditEntry, names: dict[UUID, str]) -> str | None:
    return names.get(entry.resident_code) if entry.resident_code else None


def _resident_names(request: HomeRequest, codes: set[UUID]) -> dict[UUID, str]:
    """Names for every resident on the page, in one query."""
    if not codes:
        return {}
    found = (
        residents_for(request).filter(code__in=codes).only("code", "full_name", "preferred_name")
    )
    return {resident.code: resident.display_name for resident in found}


def _removed_name(entries: QuerySet[AuditEntry], code: UUID) -> str:
    # The record is gone; its last audit entry still carries the name it had.
    label = (
        entries.filter(object_code=code)
        .exclude(object_label="")
        .values_list("object_label", flat=True)
        .first()
    )
    return label or _("A record that has been removed")

"""Record a moment: the page a care worker opens mid-shift, on a phone, and the same form posted
by the offline queue (which asks for JSON and sends each entry with its idempotency key)."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from commonroom.circle.models import Contact
from commonroom.homes.access import HomeRequest, require
from commonroom.homes.models import Membership
from commonroom.homes.roles import STAFF_ROLES, Perm, Role
from commonroom.lib.dates import start_of
from commonroom.residents.access import residents_for
from commonroom.residents.models import Resident

from ..forms import MomentForm
from ..models import Moment
from ..services.moments import MomentError, delete_moment, record_moment
from ..services.resolve import may_delete, resolve

RECENT = 10
FORM_FIELD = {"occurred_at": "day"}
"""Where the page shows an error the recording rules give under another name."""


@require_http_methods(["GET", "POST"])
@require(Perm.LOG_MOMENTS)
def log(request: HomeRequest) -> HttpResponse:
    residents = list(residents_for(request).current().order_by("preferred_name", "full_name"))
    chosen = _chosen(request, residents)
    form = MomentForm(
        request.POST if request.method == "POST" else None,
        residents=residents,
        people=_people(request, residents, chosen),
        chosen=chosen,
        initial=None if request.method == "POST" else _initial(chosen),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                moment, created = record_moment(
                    request.home, resolve(request, form.codes()), actor=request.user
                )
            except MomentError as error:
                field = FORM_FIELD.get(error.field or "", error.field)
                form.add_error(field if field in form.fields else None, error.message)
            else:
                return _saved(request, moment, created)
        return _invalid(request, form, residents, chosen)
    return _page(request, form, residents, chosen)


def _initial(chosen: list[Resident]) -> dict[str, Any]:
    form_defaults = MomentForm(residents=[], people=[]).initial
    return {**form_defaults, "residents": [str(r.code) for r in chosen]}


def _chosen(request: HomeRequest, residents: list[Resident]) -> list[Resident]:
    """Residents already picked: from ``?resident=`` links (the daily list) or the posted form."""
    source = request.POST if request.method == "POST" else request.GET
    wanted = set(source.getlist("resident") + source.getlist("residents"))
    return [r for r in residents if str(r.code) in wanted]


def _people(
    request: HomeRequest, residents: list[Resident], chosen: list[Resident]
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Everyone a moment can be with, grouped for the select; contacts of the chosen residents
    first when some are chosen, so the right daughter is near the top."""
    circle = Contact.objects.filter(home=request.home, resident__in=chosen or residents)
    contacts = [
        (str(c.code), f"{c.name} ({c.get_relationship_display()}), {c.resident.display_name}")
        for c in circle.select_related("resident").order_by("resident__preferred_name", "name")
    ]
    members = Membership.objects.active().filter(home=request.home).select_related("user")
    staff = [(str(m.code), str(m.user)) for m in members if m.role in STAFF_ROLES]
    volunteers = [(str(m.code), str(m.user)) for m in members if m.role == Role.VOLUNTEER]
    return [
        (_("Someone from their circle"), contacts),
        (_("A fellow resident"), [(str(r.code), r.display_name) for r in residents]),
        (_("Staff"), staff),
        (_("Volunteers"), volunteers),
    ]


def _wants_json(request: HomeRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _saved(request: HomeRequest, moment: Moment, created: bool) -> HttpResponse:
    if created:
        text = ngettext(
            "Saved: %(kind)s for %(count)d person.",
            "Saved: %(kind)s for %(count)d people.",
            moment.participant_count,
        ) % {"kind": moment.get_kind_display().lower(), "count": moment.participant_count}
    else:
        text = _("This moment was already saved.")
    if _wants_json(request):
        return JsonResponse(
            {"code": str(moment.code), "created": created, "message": text},
            status=201 if created else 200,
        )
    messages.success(request, text)
    return redirect("connections:log", request.home.slug)


def _invalid(
    request: HomeRequest, form: MomentForm, residents: list[Resident], chosen: list[Resident]
) -> HttpResponse:
    if _wants_json(request):
        problems = [
            {"field": field, "messages": [str(m) for m in errors]}
            for field, errors in form.errors.items()
        ]
        return JsonResponse({"errors": problems}, status=400)
    return _page(request, form, residents, chosen, status=400)


def _page(
    request: HomeRequest,
    form: MomentForm,
    residents: list[Resident],
    chosen: list[Resident],
    status: int = 200,
) -> HttpResponse:
    recent = (
        Moment.objects.filter(home=request.home, recorded_by=request.user)
        # From midnight yesterday as a time, not by date: a date of each row could not use
        # the index on (recorded_by, created_at), and a worker may have tens of thousands.
        .filter(created_at__gte=start_of(timezone.localdate() - dt.timedelta(days=1)))
        .prefetch_related("residents")
        .order_by("-created_at")[:RECENT]
    )
    context = {
        "form": form,
        "chosen": chosen,
        "recent": recent,
        "resident_count": len(residents),
    }
    return render(request, "connections/log.html", context, status=status)


@require_POST
@require(Perm.LOG_MOMENTS)
def take_back(request: HomeRequest, code: UUID) -> HttpResponse:
    moment = Moment.objects.filter(home=request.home, code=code).first()
    if moment is None:
        raise Http404("No such moment.")
    if not may_delete(request, moment):
        messages.error(
            request, _("Only the person who recorded it, on the same day, or a manager can.")
        )
        return redirect("connections:log", request.home.slug)
    delete_moment(moment, actor=request.user)
    messages.success(request, _("The moment was taken out of the log."))
    return redirect("connections:log", request.home.slug)


urlpatterns = [
    path("log/", log, name="log"),
    path("log/<uuid:code>/take-back/", take_back, name="take_back"),
]

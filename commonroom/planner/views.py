"""Plan next week: start a run, follow its progress, then review the proposals with their
reasons and what could not be met, and accept or reject them. Nothing is sent without staff."""

import datetime as dt
from collections import defaultdict
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from commonroom.activities.models import Session
from commonroom.homes.access import HomeRequest, require
from commonroom.homes.roles import Perm
from commonroom.lib.dates import today
from commonroom.lib.text import uuid_or_none
from commonroom.residents.forms import DateInput

from .models import PlanProposal, PlanRun
from .services import (
    PlanError,
    accept,
    describe,
    describe_shortfall,
    monday_of,
    move,
    reject,
    start_plan,
    week_bounds,
    weekly_tally,
)

PERCENT = {
    PlanRun.Status.QUEUED: 5,
    PlanRun.Status.RUNNING: 50,
    PlanRun.Status.DONE: 100,
    PlanRun.Status.FAILED: 100,
}


class WeekForm(forms.Form):
    week = forms.DateField(
        label=gettext_lazy("Week starting (a Monday)"),
        help_text=gettext_lazy("For example 2025-03-03."),
        widget=DateInput,
    )


@require_http_methods(["GET", "POST"])
@require(Perm.PLAN_ACTIVITIES)
def plan(request: HomeRequest) -> HttpResponse:
    next_monday = monday_of(today()) + dt.timedelta(days=7)
    form = WeekForm(request.POST or None, initial={"week": next_monday})
    if request.method == "POST" and form.is_valid():
        try:
            run = start_plan(request.home, form.cleaned_data["week"], actor=request.user)
        except PlanError as error:
            form.add_error("week", error.message)
        else:
            messages.success(request, _("Planning has started."))
            return redirect("planner:run", request.home.slug, run.code)
    runs = PlanRun.objects.filter(home=request.home).order_by("-created_at")[:10]
    status = 400 if form.errors else 200
    return render(request, "planner/plan.html", {"form": form, "runs": runs}, status=status)


def _run(request: HomeRequest, code: UUID) -> PlanRun:
    found = PlanRun.objects.filter(home=request.home, code=code).first()
    if found is None:
        raise Http404("No such plan.")
    return found


@require(Perm.PLAN_ACTIVITIES)
def run(request: HomeRequest, code: UUID) -> HttpResponse:
    found = _run(request, code)
    percent = PERCENT[PlanRun.Status(found.status)]
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {
                "status": found.status,
                "status_label": found.get_status_display(),
                "percent": percent,
                "finished": found.status in (PlanRun.Status.DONE, PlanRun.Status.FAILED),
            }
        )
    if found.status != PlanRun.Status.DONE:
        return render(request, "planner/progress.html", {"run": found, "percent": percent})
    return render(request, "planner/review.html", _review(found))


def _review(found: PlanRun) -> dict[str, object]:
    proposals = (
        PlanProposal.objects.filter(run=found, home=found.home)
        .select_related("session__activity", "session__room", "resident")
        .order_by("session__starts_at", "session_id", "resident__preferred_name")
    )
    sessions: dict[int, dict[str, object]] = {}
    rows: dict[int, list[tuple[PlanProposal, list[str]]]] = defaultdict(list)
    for proposal in proposals:
        sessions.setdefault(proposal.session_id, {"session": proposal.session, "open": 0})
        if proposal.status == PlanProposal.Status.PROPOSED:
            sessions[proposal.session_id]["open"] = 1
        rows[proposal.session_id].append((proposal, [describe(r) for r in proposal.reasons]))
    groups = [{**info, "rows": rows[pk]} for pk, info in sessions.items()]
    start, end = week_bounds(found.week)
    week_sessions = (
        Session.objects.filter(home=found.home, starts_at__gte=start, starts_at__lt=end)
        .filter(cancelled=False)
        .select_related("activity")
        .order_by("starts_at")
    )
    return {
        "run": found,
        "groups": groups,
        "week_sessions": list(week_sessions),
        "open": any(g["open"] for g in groups),
        "shortfalls": [describe_shortfall(item) for item in found.shortfalls],
        "tally": weekly_tally(found),
        "gap_percent": None if found.gap is None else round(found.gap * 100, 2),
    }


@require_POST
@require(Perm.PLAN_ACTIVITIES)
def accept_view(request: HomeRequest, code: UUID) -> HttpResponse:
    found = _run(request, code)
    proposals = PlanProposal.objects.filter(
        run=found, home=request.home, status=PlanProposal.Status.PROPOSED
    )
    session = request.POST.get("session", "")
    if session:
        try:
            proposals = proposals.filter(session__code=UUID(session))
        except ValueError as error:
            raise Http404("No such session.") from error
    invited = accept(found, list(proposals), actor=request.user)
    count = len(invited)
    messages.success(
        request,
        ngettext("%(count)d invitation made.", "%(count)d invitations made.", count)
        % {"count": count},
    )
    return redirect("planner:run", request.home.slug, found.code)


@require_POST
@require(Perm.PLAN_ACTIVITIES)
def reject_view(request: HomeRequest, code: UUID, proposal: UUID) -> HttpResponse:
    found = _run(request, code)
    chosen = (
        PlanProposal.objects.filter(run=found, home=request.home, code=proposal)
        .select_related("resident")
        .first()
    )
    if chosen is None:
        raise Http404("No such proposal.")
    reject(found, chosen, actor=request.user)
    messages.success(request, _("The proposal was set aside; nobody is invited."))
    return redirect("planner:run", request.home.slug, found.code)


@require_POST
@require(Perm.PLAN_ACTIVITIES)
def move_view(request: HomeRequest, code: UUID, proposal: UUID) -> HttpResponse:
    found = _run(request, code)
    chosen = (
        PlanProposal.objects.filter(
            run=found, home=request.home, code=proposal, status=PlanProposal.Status.PROPOSED
        )
        .select_related("resident")
        .first()
    )
    if chosen is None:
        raise Http404("No such proposal.")
    wanted = uuid_or_none(request.POST.get("session"))
    session = Session.objects.filter(home=request.home, code=wanted).first() if wanted else None
    try:
        if session is None:
            raise PlanError("session", _("Choose another session of the same week."))
        move(found, chosen, session, actor=request.user)
    except PlanError as error:
        messages.error(request, error.message)
        return redirect("planner:run", request.home.slug, found.code)
    messages.success(
        request,
        _("%(name)s is now proposed for %(session)s.")
        % {"name": chosen.resident.display_name, "session": session.activity.title},
    )
    return redirect("planner:run", request.home.slug, found.code)


urlpatterns: list[URLPattern] = [
    path("", plan, name="plan"),
    path("runs/<uuid:code>/", run, name="run"),
    path("runs/<uuid:code>/accept/", accept_view, name="accept"),
    path("runs/<uuid:code>/proposals/<uuid:proposal>/reject/", reject_view, name="reject"),
    path("runs/<uuid:code>/proposals/<uuid:proposal>/move/", move_view, name="move"),
]

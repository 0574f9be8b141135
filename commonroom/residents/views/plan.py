"""The personal plan (outcomes, review interval, reviews) and positive-risk decisions."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commonroom.homes.access import HomeRequest
from commonroom.homes.roles import Perm

from ..access import get_resident_for_user
from ..forms import OutcomeForm, PlanReviewForm, ReviewIntervalForm, RiskDecisionForm
from ..models import PlanOutcome, RiskDecision
from ..services import plans
from .common import data, form_page, record_url, save_part_form


@require_http_methods(["GET", "POST"])
def plan_edit(request: HomeRequest, code: str) -> HttpResponse:
    """How often the plan is reviewed; the next review date follows from the last review."""
    resident = get_resident_for_user(request, code, perm=Perm.MANAGE_RESIDENTS)
    plan = plans.plan_for(request.home, resident)
    form = ReviewIntervalForm(data(request), instance=plan)
    if request.method == "POST" and form.is_valid():
        months = form.cleaned_data["review_every_months"]
        plans.change_review_interval(request.home, resident, plan, months, actor=request.user)
        messages.success(request, _("Review schedule changed."))
        return redirect(record_url(request, resident, "plan"))
    return form_page(request, resident, form, title=_("Change review schedule"), section="plan")


@require_http_methods(["GET", "POST"])
def outcome_add(request: HomeRequest, code: str) -> HttpResponse:
    resident = get_resident_for_user(request, code, perm=Perm.MANAGE_RESIDENTS)
    plan = plans.plan_for(request.home, resident)

    def attach(outcome: PlanOutcome) -> None:
        outcome.plan = plan

    return save_part_form(
        request,
        resident,
        OutcomeForm(data(request)),
        title=_("Add an outcome"),
        section="plan",
        saved=_("Outcome added."),
        prepare=attach,
    )


@require_http_methods(["GET", "POST"])
def outcome_edit(request: HomeRequest, code: str, item: str) -> HttpResponse:
    resident = get_resident_for_user(request, code, perm=Perm.MANAGE_RESIDENTS)
    outcome = get_object_or_404(PlanOutcome, plan__resident=resident, code=item)
    return save_part_form(
        request,
        resident,
        OutcomeForm(data(request), instance=outcome),
        title=_("Change an outcome"),
        section="plan",
        saved=_("Saved."),
    )


@require_http_methods(["GET", "POST"])
def review_add(request: HomeRequest, code: str) -> HttpResponse:
    resident = get_resident_for_user(request, code, perm=Perm.MANAGE_RESIDENTS)
    form = PlanReviewForm(data(request), resident=resident)
    if request.method == "POST" and form.is_valid():
        plan = plans.plan_for(request.home, resident)
        plans.record_review(
            request.home, resident, plan, form.save(commit=False), actor=request.user
        )
        messages.success(request, _("Review recorded."))
        return redirect(record_url(request, resident, "plan"))
    return form_page(request, resident, form, title=_("Record a plan review"), section="plan")


@require_http_methods(["GET", "POST"])
def risk_add(request: HomeRequest, code: str) -> HttpResponse:
    resident = get_resident_for_user(request, code, perm=Perm.MANAGE_RESIDENTS)
    return save_part_form(
        request,
        resident,
        RiskDecisionForm(data(request)),
        title=_("Add a positive-risk decision"),
        section="risks",
        saved=_("Decision added."),
    )


@require_http_methods(["GET", "POST"])
def risk_edit(request: HomeRequest, code: str, item: str) -> HttpResponse:
    resident = get_resident_for_user(request, code, perm=Perm.MANAGE_RESIDENTS)
    decision = get_object_or_404(RiskDecision, resident=resident, code=item)
    end_url = None
    if decision.ended_on is None:
        end_url = reverse("residents:risk_end", args=[request.home.slug, resident.code, item])
    return save_part_form(
        request,
        resident,
        RiskDecisionForm(data(request), instance=decision),
        title=_("Change a positive-risk decision"),
        section="risks",
        saved=_("Saved."),
        end_url=end_url,
    )


@require_POST
def risk_end(request: HomeRequest, code: str, item: str) -> HttpResponse:
    resident = get_resident_for_user(request, code, perm=Perm.MANAGE_RESIDENTS)
    decision = get_object_or_404(RiskDecision, resident=resident, code=item, ended_on=None)
    plans.end_risk_decision(request.home, resident, decision, actor=request.user)
    messages.success(request, _("Decision marked as no longer needed."))
    return redirect(record_url(request, resident, "risks"))

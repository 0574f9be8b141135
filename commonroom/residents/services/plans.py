"""The personal plan, its reviews and positive-risk decisions."""

import datetime as dt

from django.db import transaction

from commonroom.accounts.models import User
from commonroom.audit.services import Action, record
from commonroom.homes.models import Home
from commonroom.lib.dates import today

from ..models import PersonalPlan, PlanReview, Resident, RiskDecision


def plan_for(home: Home, resident: Resident) -> PersonalPlan:
    """The resident's plan; one is started (due after the home's interval) if they have none,
    for example after an import."""
    plan = PersonalPlan.objects.filter(resident=resident).first()
    if plan is None:
        plan = PersonalPlan(
            home=home,
            organisation_id=home.organisation_id,
            resident=resident,
            review_every_months=home.plan_review_months,
            next_review_on=resident.admission_date,
        )
        plan.next_review_on = plan.schedule_after(resident.admission_date)
        plan.save()
    return plan


def _last_review_on(plan: PersonalPlan, resident: Resident) -> dt.date:
    last = plan.reviews.order_by("-reviewed_on").values_list("reviewed_on", flat=True).first()
    return last or resident.admission_date


def change_review_interval(
    home: Home, resident: Resident, plan: PersonalPlan, months: int, *, actor: User
) -> None:
    """Review every ``months``; the next review moves to that interval after the last one."""
    with transaction.atomic():
        plan.review_every_months = months
        plan.next_review_on = plan.schedule_after(_last_review_on(plan, resident))
        plan.save(update_fields=["review_every_months", "next_review_on", "updated_at"])
        record(
            actor,
            Action.UPDATE,
            plan,
            home=home,
            resident_code=resident.code,
            fields=["review_every_months", "next_review_on"],
        )


def record_review(
    home: Home, resident: Resident, plan: PersonalPlan, review: PlanReview, *, actor: User
) -> None:
    """Save a review and schedule the next one after the latest review on record."""
    with transaction.atomic():
        review.home, review.organisation_id = home, home.organisation_id
        review.plan, review.recorded_by = plan, actor
        review.save()
        plan.next_review_on = plan.schedule_after(_last_review_on(plan, resident))
        plan.save(update_fields=["next_review_on", "updated_at"])
        record(
            actor,
            Action.CREATE,
            review,
            home=home,
            resident_code=resident.code,
            fields=["reviewed_on", "participants", "person_took_part", "summary"],
        )


def end_risk_decision(
    home: Home, resident: Resident, decision: RiskDecision, *, actor: User
) -> None:
    """Mark a positive-risk decision as no longer needed from today; it stays on record."""
    with transaction.atomic():
        decision.ended_on = today()
        decision.save(update_fields=["ended_on", "updated_at"])
        record(
            actor,
            Action.UPDATE,
            decision,
            home=home,
            resident_code=resident.code,
            fields=["ended_on"],
        )

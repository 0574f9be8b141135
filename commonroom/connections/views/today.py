"""Who needs connection today: the list, saying who is on shift, marking a reason as understood,
and the manager's tuning of the rules."""

from dataclasses import dataclass
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonroom.homes.access import HomeRequest, require
from commonroom.homes.roles import Perm
from commonroom.lib.dates import today as today_date
from commonroom.residents.access import get_resident_for_user

from .. import rules
from ..services.today import (
    Entry,
    TodayError,
    TodayList,
    acknowledge,
    acknowledgement_in_force,
    clear_on_shift,
    mark_on_shift,
    record_list_viewed,
    rule_configs,
    save_rule_configs,
    who_needs_connection,
)
from ..today_forms import AcknowledgeForm, RulesForm

CODE_MARK = str(UUID(int=0))
RULE_MARK = "rule-code"


@dataclass
class Card:
    """One person on the page, with their links made once per page rather than once per row
    (reversing a URL per reason is most of the cost of rendering a long list)."""

    entry: Entry
    record_url: str
    reasons: list[tuple[rules.Shown, str]]
    """Each reason with its "mark as understood" link, empty where there is none to show."""


def _cards(request: HomeRequest, listing: TodayList) -> list[Card]:
    slug = request.home.slug
    record = reverse("residents:detail", args=[slug, CODE_MARK])
    can_respond = request.membership.can(Perm.RESPOND_TO_WARNINGS)
    mark = reverse("connections:today_understood", args=[slug, CODE_MARK, RULE_MARK])
    cards = []
    for entry in listing.entries:
        code = str(entry.resident.code)
        reasons = [
            (
                shown,
                mark.replace(CODE_MARK, code).replace(RULE_MARK, shown.reason.code)
                if can_respond and shown.understood is None
                else "",
            )
            for shown in entry.reasons
        ]
        cards.append(Card(entry, record.replace(CODE_MARK, code), reasons))
    return cards


@require(Perm.VIEW_CONNECTIONS)
@require_GET
def today(request: HomeRequest) -> HttpResponse:
    listing = who_needs_connection(request.home)
    record_list_viewed(request.home, listing.entries, actor=request.user)
    cards = _cards(request, listing)
    context = {
        "listing": listing,
        "needing": [card for card in cards if card.entry.flagged.needs],
        "understood": [card for card in cards if not card.entry.flagged.needs],
        "log_url": reverse("connections:log", args=[request.home.slug]),
        "is_staff": request.membership.is_staff_role,
        "on_shift": request.membership.pk in listing.on_shift,
    }
    return render(request, "connections/today/list.html", context)


@require(Perm.VIEW_CONNECTIONS)
@require_POST
def shift(request: HomeRequest) -> HttpResponse:
    """The "I'm on shift today" button (and its undo), for staff."""
    if not request.membership.is_staff_role:
        raise PermissionDenied
    day = today_date()
    if request.POST.get("on") == "1":
        mark_on_shift(request.home, request.membership, day, actor=request.user)
        messages.success(request, _("You are on today's shift."))
    else:
        clear_on_shift(request.home, request.membership, day, actor=request.user)
        messages.success(request, _("You are no longer on today's shift."))
    return redirect("connections:today", request.home.slug)


@require_http_methods(["GET", "POST"])
def understood(request: HomeRequest, resident: UUID, rule: str) -> HttpResponse:
    person = get_resident_for_user(request, resident, perm=Perm.RESPOND_TO_WARNINGS)
    found = rules.RULES_BY_CODE.get(rule)
    if found is None:
        raise Http404("No such reason.")
    form = AcknowledgeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            done = acknowledge(request.home, person, rule, actor=request.user, **form.cleaned_data)
        except TodayError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            when = date_format(done.review_on, "j F Y")
            messages.success(request, _("Marked as understood until %(date)s.") % {"date": when})
            url = reverse("connections:today", args=[request.home.slug])
            return redirect(f"{url}#person-{person.code}")
    context = {
        "resident": person,
        "rule": found,
        "form": form,
        "current": acknowledgement_in_force(request.home, person, rule),
    }
    status = 400 if form.is_bound else 200
    return render(request, "connections/today/understood.html", context, status=status)


@require(Perm.MANAGE_HOME)
@require_http_methods(["GET", "POST"])
def rules_settings(request: HomeRequest) -> HttpResponse:
    configs = rule_configs(request.home)
    form = RulesForm(request.POST if request.method == "POST" else None, configs=configs)
    if form.is_valid():
        try:
            changed = save_rule_configs(request.home, form.configs(), actor=request.user)
        except TodayError as error:
            form.add_error(None, error.message)
        else:
            if changed:
                messages.success(request, _("The rules were saved."))
            else:
                messages.success(request, _("Nothing was changed."))
            return redirect("connections:today_rules", request.home.slug)
    status = 400 if form.is_bound else 200
    return render(request, "connections/today/rules.html", {"form": form}, status=status)


urlpatterns = [
    path("today/", today, name="today"),
    path("today/shift/", shift, name="today_shift"),
    path("today/rules/", rules_settings, name="today_rules"),
    path("today/<uuid:resident>/understood/<slug:rule>/", understood, name="today_understood"),
]

"""Visiting pages: the hub. Staff see who is in the building, today's reservations, restrictions
in force (overdue reviews flagged) and door codes due for a change; a family member or resident
sees whether visiting is open for their person, their reservations and the visitor information."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_http_methods

from commonroom.homes.access import HomeRequest
from commonroom.homes.roles import Perm
from commonroom.residents.access import residents_for

from ..services import hub as hub_services
from ..services import spaces as space_services
from .spaces import speaks_for_all


@require_http_methods(["GET"])
def index(request: HomeRequest) -> HttpResponse:
    can = request.membership.can
    if not (can(Perm.VIEW_VISITS) or can(Perm.RESERVE_SPACES)):
        raise PermissionDenied
    home = request.home
    context: dict[str, object] = {
        "staff": can(Perm.VIEW_VISITS),
        "supporter_title": hub_services.supporter_title(home.nation),
    }
    if can(Perm.VIEW_VISITS):
        context["summary"] = hub_services.staff_summary(
            home, with_door_codes=can(Perm.MANAGE_VISITING)
        )
    else:
        residents = list(residents_for(request).current().order_by("full_name"))
        staff = speaks_for_all(request)
        context["people"] = hub_services.visiting_for(home, residents)
        context["upcoming"] = [
            (r, space_services.may_cancel(r, user=request.user, speaks_for_all=staff))
            for r in space_services.upcoming(home, residents)
        ]
        context["info"] = space_services.information(home)
    return render(request, "visiting/hub.html", context)


urlpatterns = [path("", index, name="index")]

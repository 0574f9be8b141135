"""The public visitor information page of a home (no personal data): how to get there, parking,
meals, pets, what to expect in an outbreak, the places to meet and whether visiting is open. No
sign-in; never a resident's name."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_http_methods
from django_scopes import scope

from commonroom.homes.models import Home

from ..services import hub as hub_services
from ..services import spaces as space_services


@require_http_methods(["GET"])
def information(request: HttpRequest, home_slug: str) -> HttpResponse:
    home = Home.objects.filter(slug=home_slug).first()
    if home is None:
        raise Http404("No such home.")
    with scope(home=home):
        context = {
            "public_home": home,
            "info": space_services.information(home),
            "spaces": list(space_services.spaces(home)),
            "status": hub_services.public_status(home),
            "supporter_title": hub_services.supporter_title(home.nation),
        }
        response = render(request, "visiting/public/information.html", context)
    return response


urlpatterns = [path("", information, name="information")]

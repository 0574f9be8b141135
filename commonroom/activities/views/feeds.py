"""Private calendar addresses: planners make and revoke feeds of the programme or of one
resident's sessions; a family member may make one for their own person while the person's
consent to share updates holds. The public ``.ics`` address needs no sign-in: its secret is the
key."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonroom.homes.access import HomeRequest
from commonroom.homes.roles import Perm, Role
from commonroom.residents.access import residents_for

from ..programme_forms import FeedForm
from ..services.feeds import (
    calendar_for_token,
    create_feed,
    feeds_for,
    revoke_feed,
    shares_updates,
)

NEW_FEED_KEY = "activities_new_feed_url"


def _planner(request: HomeRequest) -> bool:
    if request.membership.can(Perm.PLAN_ACTIVITIES):
        return True
    if request.role == Role.FAMILY:
        return False
    raise PermissionDenied


@require_http_methods(["GET", "POST"])
def feeds(request: HomeRequest) -> HttpResponse:
    planner = _planner(request)
    residents = residents_for(request).current().order_by("preferred_name", "full_name")
    data = request.POST if request.method == "POST" else None
    form = FeedForm(data, residents=residents, whole=planner)
    if data is not None and form.is_valid():
        resident = form.cleaned_data["resident"]
        if resident is not None and not shares_updates(resident):
            form.add_error(
                "resident",
                _("This person has not agreed to share updates, so no feed can be made."),
            )
        else:
            _feed, token = create_feed(
                request.home, name=form.cleaned_data["name"], resident=resident, actor=request.user
            )
            request.session[NEW_FEED_KEY] = request.build_absolute_uri(
                reverse("calendar_feed", args=[token])
            )
            messages.success(request, _("Calendar address made. Copy it now: it is shown once."))
            return redirect("activities:feeds", request.home.slug)
    context = {
        "form": form,
        "feeds": list(feeds_for(request.home, user=request.user, everyone=planner)),
        "new_url": request.session.pop(NEW_FEED_KEY, None),
    }
    return render(request, "activities/feeds.html", context, status=400 if form.errors else 200)


@require_POST
def feed_revoke(request: HomeRequest, code: UUID) -> HttpResponse:
    planner = _planner(request)
    feed = feeds_for(request.home, user=request.user, everyone=planner).filter(code=code).first()
    if feed is None:
        raise Http404("No such calendar feed.")
    revoke_feed(feed, actor=request.user)
    messages.success(request, _("Calendar address revoked: it no longer works."))
    return redirect("activities:feeds", request.home.slug)


@require_GET
def calendar(request: HttpRequest, token: str) -> HttpResponse:
    body = calendar_for_token(token)
    if body is None:
        raise Http404("No such calendar.")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


urlpatterns = [
    path("calendars/", feeds, name="feeds"),
    path("calendars/<uuid:code>/revoke/", feed_revoke, name="feed_revoke"),
]

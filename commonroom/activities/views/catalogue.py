"""The catalogue of activity ideas (with those the organisation's other homes share) and the
home's rooms. Planners only: these pages shape the programme."""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commonroom.audit.services import changed_fields
from commonroom.homes.access import HomeRequest, require
from commonroom.homes.roles import Perm

from ..models import Activity, Category, Room
from ..programme_forms import ActivityForm, RoomForm
from ..services.catalogue import (
    FILTER_FLAGS,
    CatalogueFilter,
    catalogue,
    copy_shared_idea,
    save_activity,
    shared_ideas,
)
from ..services.programme import save_room


@require(Perm.PLAN_ACTIVITIES)
def catalogue_list(request: HomeRequest) -> HttpResponse:
    wanted = CatalogueFilter(
        category=request.GET.get("category", ""),
        flags=tuple(f for f in FILTER_FLAGS if request.GET.get(f)),
    )
    context = {
        "activities": list(catalogue(request.home, wanted)),
        "shared": shared_ideas(request.home),
        "wanted": wanted,
        "categories": Category.choices,
        "flags": list(FILTER_FLAGS.items()),
    }
    return render(request, "activities/catalogue.html", context)


@require_http_methods(["GET", "POST"])
@require(Perm.PLAN_ACTIVITIES)
def activity_add(request: HomeRequest) -> HttpResponse:
    return _activity_form(request, Activity())


@require_http_methods(["GET", "POST"])
@require(Perm.PLAN_ACTIVITIES)
def activity_edit(request: HomeRequest, code: UUID) -> HttpResponse:
    activity = Activity.objects.filter(home=request.home, code=code).first()
    if activity is None:
        raise Http404("No such activity.")
    return _activity_form(request, activity)


def _activity_form(request: HomeRequest, activity: Activity) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(data, instance=activity, home=request.home)
    if data is not None and form.is_valid():
        creating = activity.pk is None
        save_activity(
            request.home,
            form.save(commit=False),
            interests=form.cleaned_data["interests"],
            changed=changed_fields(form),
            actor=request.user,
        )
        messages.success(request, _("Idea added.") if creating else _("Idea saved."))
        return redirect("activities:catalogue", request.home.slug)
    status = 400 if data is not None else 200
    context = {"form": form, "activity": activity}
    return render(request, "activities/activity_form.html", context, status=status)


@require_POST
@require(Perm.PLAN_ACTIVITIES)
def activity_copy(request: HomeRequest, code: UUID) -> HttpResponse:
    copy = copy_shared_idea(request.home, code, actor=request.user)
    messages.success(
        request, _("%(title)s is now in this home's catalogue.") % {"title": copy.title}
    )
    return redirect("activities:activity_edit", request.home.slug, copy.code)


@require(Perm.PLAN_ACTIVITIES)
def rooms(request: HomeRequest) -> HttpResponse:
    context = {"rooms": list(Room.objects.filter(home=request.home))}
    return render(request, "activities/rooms.html", context)


@require_http_methods(["GET", "POST"])
@require(Perm.PLAN_ACTIVITIES)
def room_add(request: HomeRequest) -> HttpResponse:
    return _room_form(request, Room())


@require_http_methods(["GET", "POST"])
@require(Perm.PLAN_ACTIVITIES)
def room_edit(request: HomeRequest, code: UUID) -> HttpResponse:
    room = Room.objects.filter(home=request.home, code=code).first()
    if room is None:
        raise Http404("No such room.")
    return _room_form(request, room)


def _room_form(request: HomeRequest, room: Room) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = RoomForm(data, instance=room, home=request.home)
    if data is not None and form.is_valid():
        creating = room.pk is None
        save_room(
            request.home, form.save(commit=False), changed=changed_fields(form), actor=request.user
        )
        messages.success(request, _("Room added.") if creating else _("Room saved."))
        return redirect("activities:rooms", request.home.slug)
    status = 400 if data is not None else 200
    return render(request, "activities/room_form.html", {"form": form, "room": room}, status=status)


urlpatterns = [
    path("catalogue/", catalogue_list, name="catalogue"),
    path("catalogue/add/", activity_add, name="activity_add"),
    path("catalogue/<uuid:code>/edit/", activity_edit, name="activity_edit"),
    path("catalogue/<uuid:code>/copy/", activity_copy, name="activity_copy"),
    path("rooms/", rooms, name="rooms"),
    path("rooms/add/", room_add, name="room_add"),
    path("rooms/<uuid:code>/edit/", room_edit, name="room_edit"),
]

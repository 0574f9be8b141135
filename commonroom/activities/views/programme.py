"""The week's programme (everyone in the home may read it; only staff see residents' names, in
the clash warnings), adding and changing sessions, and residents' appointments."""

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from commonroom.homes.access import HomeRequest, require
from commonroom.homes.roles import Perm
from commonroom.residents.access import get_resident_for_user

from ..models import Appointment, Session
from ..programme_forms import AppointmentForm, SessionChangeForm, SessionForm
from ..services.programme import (
    ProgrammeError,
    SessionRow,
    add_appointment,
    add_session,
    change_session,
    monday_of,
    remove_appointment,
    week_programme,
)
from . import feeds


def _week(request: HomeRequest) -> dt.date:
    try:
        return monday_of(dt.date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        return monday_of(timezone.localdate())


def _programme_url(request: HomeRequest, day: dt.date) -> str:
    url = reverse("activities:programme", args=[request.home.slug])
    return f"{url}?week={monday_of(day):%Y-%m-%d}"


@dataclass(frozen=True)
class Card:
    """One session as the page shows it, worked out here so that a week of 80 sessions renders
    quickly (template lookups are the slow part)."""

    title: str
    time: str
    room: str
    places: str
    who: str
    note: str
    cancelled: bool
    edit_url: str
    session_url: str
    clashes: list[str]


@require(Perm.VIEW_PROGRAMME)
def programme(request: HomeRequest) -> HttpResponse:
    week = week_programme(request.home, _week(request))
    may_plan = request.membership.can(Perm.PLAN_ACTIVITIES)
    # Clashes name residents: only people who may see every resident read them.
    show_clashes = request.membership.can(Perm.VIEW_ALL_RESIDENTS)
    edit_base = reverse("activities:session_edit", args=[request.home.slug, UUID(int=0)])
    session_base = reverse("activities:session", args=[request.home.slug, UUID(int=0)])
    days = [
        (
            day,
            [_card(row, edit_base if may_plan else "", session_base, show_clashes) for row in rows],
        )
        for day, rows in week.days
    ]
    context = {"week": week, "days": days, "today": timezone.localdate(), "may_plan": may_plan}
    return render(request, "activities/programme.html", context)


def _card(row: SessionRow, edit_base: str, session_base: str, show_clashes: bool) -> Card:
    session = row.session
    who = [str(m.user) for m in session.facilitators.all()]
    if session.partner_name:
        who.append(session.partner_name)
    places = ngettext(
        "%(left)d of %(total)d place left", "%(left)d of %(total)d places left", row.places_left
    ) % {"left": row.places_left, "total": session.capacity}
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return Card(
        title=session.activity.title,
        time=f"{starts:%H:%M}\N{EN DASH}{ends:%H:%M}",
        room=session.room.name if session.room else _("Not decided"),
        places=places,
        who=", ".join(who) or _("Not decided"),
        note=session.note,
        cancelled=session.cancelled,
        edit_url=edit_base.replace(str(UUID(int=0)), str(session.code)) if edit_base else "",
        session_url=session_base.replace(str(UUID(int=0)), str(session.code)),
        clashes=[clash.text for clash in row.clashes] if show_clashes else [],
    )


@require_http_methods(["GET", "POST"])
@require(Perm.PLAN_ACTIVITIES)
def session_add(request: HomeRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    initial = {"day": _week(request) if "week" in request.GET else timezone.localdate()}
    form = SessionForm(data, home=request.home, initial={**initial, "minutes": 60})
    if data is not None and form.is_valid():
        try:
            add_session(request.home, form.to_input(), actor=request.user)
        except ProgrammeError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Session added to the programme."))
            return redirect(_programme_url(request, form.cleaned_data["day"]))
    status = 400 if data is not None else 200
    return render(request, "activities/session_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@require(Perm.PLAN_ACTIVITIES)
def session_edit(request: HomeRequest, code: UUID) -> HttpResponse:
    session = (
        Session.objects.filter(home=request.home, code=code)
        .select_related("activity", "room", "series")
        .first()
    )
    if session is None:
        raise Http404("No such session.")
    data = request.POST if request.method == "POST" else None
    form = SessionChangeForm(data, home=request.home, initial=_session_initial(session))
    if data is not None and form.is_valid():
        changed = change_session(session, form.to_change(), actor=request.user)
        messages.success(request, _("Session changed."))
        return redirect(_programme_url(request, timezone.localdate(changed.starts_at)))
    status = 400 if data is not None else 200
    context = {"form": form, "session": session}
    return render(request, "activities/session_edit.html", context, status=status)


def _session_initial(session: Session) -> dict[str, object]:
    starts = timezone.localtime(session.starts_at)
    return {
        "day": starts.date(),
        "time": starts.time(),
        "minutes": int((session.ends_at - session.starts_at).total_seconds() // 60),
        "room": session.room.code if session.room else None,
        "capacity": session.capacity,
        "facilitators": [m.code for m in session.facilitators.all()],
        "note": session.note,
        "cancelled": session.cancelled,
    }


@require_http_methods(["GET", "POST"])
@require(Perm.PLAN_ACTIVITIES)
def appointments(request: HomeRequest, resident: UUID) -> HttpResponse:
    person = get_resident_for_user(request, resident)
    data = request.POST if request.method == "POST" else None
    form = AppointmentForm(data, initial={"minutes": 60})
    if data is not None and form.is_valid():
        add_appointment(
            person,
            starts_at=form.starts_at,
            minutes=form.cleaned_data["minutes"],
            what=form.cleaned_data["what"],
            actor=request.user,
        )
        messages.success(request, _("Appointment added."))
        return redirect("activities:appointments", request.home.slug, person.code)
    upcoming = Appointment.objects.filter(
        home=request.home, resident=person, ends_at__gte=timezone.now() - dt.timedelta(days=7)
    )
    context = {"resident": person, "form": form, "appointments": list(upcoming)}
    status = 400 if data is not None else 200
    return render(request, "activities/appointments.html", context, status=status)


@require_POST
@require(Perm.PLAN_ACTIVITIES)
def appointment_remove(request: HomeRequest, resident: UUID, code: UUID) -> HttpResponse:
    person = get_resident_for_user(request, resident)
    appointment = Appointment.objects.filter(home=request.home, resident=person, code=code).first()
    if appointment is None:
        raise Http404("No such appointment.")
    remove_appointment(appointment, resident=person, actor=request.user)
    messages.success(request, _("Appointment removed."))
    return redirect("activities:appointments", request.home.slug, person.code)


urlpatterns = [
    path("programme/", programme, name="programme"),
    path("programme/add/", session_add, name="session_add"),
    path("programme/sessions/<uuid:code>/", session_edit, name="session_edit"),
    path("residents/<uuid:resident>/appointments/", appointments, name="appointments"),
    path(
        "residents/<uuid:resident>/appointments/<uuid:code>/remove/",
        appointment_remove,
        name="appointment_remove",
    ),
    *feeds.urlpatterns,
]

"""Visiting pages: the home's places to meet, optional reservations of a space or a place at a
meal (never needed to visit), the day's reservations and the visitor information editor."""

import datetime as dt
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from commonroom.homes.access import HomeRequest, require
from commonroom.homes.roles import Perm
from commonroom.lib.dates import today
from commonroom.residents.access import residents_for
from commonroom.residents.forms import DateInput, TimeInput
from commonroom.residents.models import Resident

from ..models import Reservation, Space, VisitorInformation
from ..services import spaces as services
from ..services.spaces import ReservationInput, SpaceError


def speaks_for_all(request: HomeRequest) -> bool:
    """Staff reserve for anyone and cancel any reservation; others only for their own person."""
    can = request.membership.can
    return can(Perm.RESERVE_SPACES) and can(Perm.VIEW_ALL_RESIDENTS)


def _require_any(request: HomeRequest, *perms: Perm) -> None:
    if not any(request.membership.can(perm) for perm in perms):
        raise PermissionDenied


# --- Spaces ---------------------------------------------------------------------------------


class SpaceForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=services.MAX_NAME,
        error_messages={"required": gettext_lazy("Give the space a name.")},
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("What kind of space it is"),
        choices=Space.Kind.choices,
        error_messages={"required": gettext_lazy("Choose what kind of space it is.")},
    )
    description = forms.CharField(
        label=gettext_lazy("What it is like"),
        help_text=gettext_lazy("Where it is, what is there, when it is busy."),
        max_length=services.MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    capacity = forms.IntegerField(
        label=gettext_lazy("How many people it suits"),
        min_value=1,
        max_value=services.MAX_CAPACITY,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "required": gettext_lazy("Say how many people it suits."),
            "invalid": gettext_lazy("Write a number, like 6."),
        },
    )
    step_free = forms.BooleanField(label=gettext_lazy("Step-free access"), required=False)
    accessible_toilet_near = forms.BooleanField(
        label=gettext_lazy("Accessible toilet nearby"), required=False
    )
    hearing_loop = forms.BooleanField(label=gettext_lazy("Hearing loop"), required=False)
    quiet = forms.BooleanField(label=gettext_lazy("Quiet"), required=False)
    outdoor = forms.BooleanField(label=gettext_lazy("Outdoors"), required=False)
    can_reserve = forms.BooleanField(
        label=gettext_lazy("Families can reserve it"),
        help_text=gettext_lazy("Anyone may use it without reserving; reserving keeps it free."),
        required=False,
    )


@require_http_methods(["GET"])
def space_list(request: HomeRequest) -> HttpResponse:
    _require_any(request, Perm.VIEW_VISITS, Perm.RESERVE_SPACES, Perm.MANAGE_VISITING)
    manage = request.membership.can(Perm.MANAGE_VISITING)
    listed = list(services.spaces(request.home, include_out_of_use=manage))
    return render(request, "visiting/spaces/list.html", {"spaces": listed, "manage": manage})


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_VISITING)
def space_new(request: HomeRequest) -> HttpResponse:
    return _space_form(request, None)


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_VISITING)
def space_edit(request: HomeRequest, code: UUID) -> HttpResponse:
    return _space_form(request, _space(request, code))


def _space(request: HomeRequest, code: UUID) -> Space:
    space = Space.objects.filter(home=request.home, code=code).first()
    if space is None:
        raise Http404("No such space.")
    return space


def _space_form(request: HomeRequest, space: Space | None) -> HttpResponse:
    initial: dict[str, Any] = {"kind": Space.Kind.LOUNGE, "capacity": 6, "step_free": True}
    if space is not None:
        initial = {key: getattr(space, key) for key in services.SPACE_FIELDS}
    else:
        initial["can_reserve"] = True
    form = SpaceForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_space(request.home, space, actor=request.user, **form.cleaned_data)
            except SpaceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The space was saved."))
                return redirect("visiting:spaces", request.home.slug)
        status = 400
    return render(
        request, "visiting/spaces/space_form.html", {"form": form, "space": space}, status=status
    )


@require_http_methods(["POST"])
@require(Perm.MANAGE_VISITING)
def space_in_use(request: HomeRequest, code: UUID) -> HttpResponse:
    space = _space(request, code)
    in_use = request.POST.get("in_use") == "yes"
    services.set_space_in_use(space, in_use, actor=request.user)
    if in_use:
        messages.success(request, _("%(space)s is in use again.") % {"space": space.name})
    else:
        messages.success(request, _("%(space)s is out of use.") % {"space": space.name})
    return redirect("visiting:spaces", request.home.slug)


# --- Reservations ---------------------------------------------------------------------------


class ReserveForm(forms.Form):
    resident = forms.ChoiceField(
        label=gettext_lazy("Who is the visit for?"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose who the visit is for.")},
    )
    day = forms.DateField(
        label=gettext_lazy("Day"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Choose the day."),
            "invalid": gettext_lazy("Write the day as a date, like 2026-11-27."),
        },
    )
    space = forms.ChoiceField(
        label=gettext_lazy("Space"),
        error_messages={"required": gettext_lazy("Choose a space.")},
    )
    start = forms.TimeField(
        label=gettext_lazy("From"),
        widget=TimeInput(),
        error_messages={
            "required": gettext_lazy("Say what time you would like it from."),
            "invalid": gettext_lazy("Write the time like 14:30."),
        },
    )
    end = forms.TimeField(
        label=gettext_lazy("Until"),
        widget=TimeInput(),
        error_messages={
            "required": gettext_lazy("Say what time you would like it until."),
            "invalid": gettext_lazy("Write the time like 16:00."),
        },
    )
    meal = forms.ChoiceField(
        label=gettext_lazy("Which meal?"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose which meal.")},
    )
    guests = forms.IntegerField(
        label=gettext_lazy("How many guests are coming?"),
        help_text=gettext_lazy("Not counting the resident."),
        min_value=1,
        max_value=services.MAX_GUESTS,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "required": gettext_lazy("Say how many guests are coming."),
            "invalid": gettext_lazy("Write a number, like 2."),
            "min_value": gettext_lazy("Say how many guests are coming, from 1 to 20."),
            "max_value": gettext_lazy("Say how many guests are coming, from 1 to 20."),
        },
    )
    guest_names = forms.CharField(
        label=gettext_lazy("Who is coming"),
        max_length=services.MAX_SHORT,
        required=False,
    )
    dietary_needs = forms.CharField(
        label=gettext_lazy("Dietary needs of the guests"),
        help_text=gettext_lazy("For example: one vegetarian, one gluten-free."),
        max_length=services.MAX_SHORT,
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Anything else the home should know"),
        max_length=services.MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, kind: str, residents: list[Resident], spaces: list[Space], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.residents = {str(r.code): r for r in residents}
        self.spaces = {str(s.code): s for s in spaces}
        resident_field = self.fields["resident"]
        resident_field.choices = [  # type: ignore[attr-defined]
            (code, r.display_name) for code, r in self.residents.items()
        ]
        if len(self.residents) == 1:
            resident_field.initial = next(iter(self.residents))
        if len(self.residents) > 8:
            resident_field.widget = forms.Select()
            resident_field.choices = [  # type: ignore[attr-defined]
                ("", _("Choose a resident")),
                *resident_field.choices,  # type: ignore[attr-defined]
            ]
        if kind == Reservation.Kind.MEAL:
            for name in ("space", "start", "end"):
                del self.fields[name]
            self.fields["meal"].choices = [  # type: ignore[attr-defined]
                (value, f"{label} ({_times(value)})") for value, label in Reservation.Meal.choices
            ]
        else:
            del self.fields["meal"]
            del self.fields["dietary_needs"]
            self.fields["space"].choices = [  # type: ignore[attr-defined]
                ("", _("Choose a space")),
                *[
                    (code, _("%(name)s (suits %(count)s)") % {"name": s.name, "count": s.capacity})
                    for code, s in self.spaces.items()
                ],
            ]

    def to_input(self) -> ReservationInput:
        data = self.cleaned_data
        return ReservationInput(
            kind=self.kind,
            resident=self.residents[data["resident"]],
            day=data["day"],
            space=self.spaces.get(data.get("space") or ""),
            start=data.get("start"),
            end=data.get("end"),
            meal=data.get("meal", ""),
            guests=data["guests"],
            guest_names=data.get("guest_names", ""),
            dietary_needs=data.get("dietary_needs", ""),
            note=data.get("note", ""),
        )


def _times(meal: str) -> str:
    start, end = services.MEAL_TIMES[meal]
    return f"{start:%H:%M}\u2013{end:%H:%M}"


@require_http_methods(["GET", "POST"])
@require(Perm.RESERVE_SPACES)
def reserve(request: HomeRequest) -> HttpResponse:
    kind = request.GET.get("kind") or request.POST.get("kind") or Reservation.Kind.SPACE
    if kind not in Reservation.Kind.values:
        kind = Reservation.Kind.SPACE
    residents = list(residents_for(request).current().order_by("full_name"))
    reservable = list(services.spaces(request.home).filter(can_reserve=True))
    form = ReserveForm(
        request.POST if request.method == "POST" else None,
        kind=kind,
        residents=residents,
        spaces=reservable,
        initial={"day": today(), "guests": 1, "space": request.GET.get("space", "")},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                reservation = services.reserve(request.home, form.to_input(), actor=request.user)
            except SpaceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _done_message(reservation))
                if request.membership.can(Perm.VIEW_VISITS):
                    day = timezone.localtime(reservation.starts_at).date()
                    url = f"{_reservations_url(request)}?date={day.isoformat()}"
                    return redirect(url)
                return redirect("visiting:index", request.home.slug)
        status = 400
    context = {
        "form": form,
        "kind": kind,
        "has_residents": bool(residents),
        "has_spaces": bool(reservable),
    }
    return render(request, "visiting/spaces/reserve.html", context, status=status)


def _reservations_url(request: HomeRequest) -> str:
    return reverse("visiting:reservations", args=[request.home.slug])


def _done_message(reservation: Reservation) -> str:
    if reservation.kind == Reservation.Kind.MEAL:
        return _("Thank you: the kitchen will lay places for %(meal)s.") % {
            "meal": reservation.get_meal_display().lower()
        }
    return _("Thank you: %(space)s is reserved for you.") % {"space": reservation.space}


@require_http_methods(["GET"])
@require(Perm.VIEW_VISITS)
def reservations(request: HomeRequest) -> HttpResponse:
    day = _chosen_day(request.GET.get("date", ""))
    listed = services.reservations_on(request.home, day)
    staff = speaks_for_all(request)
    rows = [(r, services.may_cancel(r, user=request.user, speaks_for_all=staff)) for r in listed]
    context = {
        "day": day,
        "previous_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
        "is_today": day == today(),
        "space_rows": [row for row in rows if row[0].kind == Reservation.Kind.SPACE],
        "meal_rows": [row for row in rows if row[0].kind == Reservation.Kind.MEAL],
        "guests_total": sum(r.guests for r in listed),
        "meal_guests": sum(r.guests for r in listed if r.kind == Reservation.Kind.MEAL),
    }
    return render(request, "visiting/spaces/reservations.html", context)


def _chosen_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return today()


@require_http_methods(["POST"])
@require(Perm.RESERVE_SPACES)
def reservation_cancel(request: HomeRequest, code: UUID) -> HttpResponse:
    reservation = (
        Reservation.objects.filter(
            home=request.home, code=code, resident__in=residents_for(request)
        )
        .select_related("resident", "space")
        .first()
    )
    if reservation is None:
        raise Http404("No such reservation.")
    if not services.may_cancel(
        reservation, user=request.user, speaks_for_all=speaks_for_all(request)
    ):
        raise PermissionDenied
    services.cancel(reservation, actor=request.user)
    messages.success(request, _("The reservation was cancelled."))
    if request.POST.get("back") == "reservations" and request.membership.can(Perm.VIEW_VISITS):
        day = timezone.localtime(reservation.starts_at).date()
        return redirect(f"{_reservations_url(request)}?date={day.isoformat()}")
    return redirect("visiting:index", request.home.slug)


# --- Visitor information --------------------------------------------------------------------


class InformationForm(forms.ModelForm):
    class Meta:
        model = VisitorInformation
        fields = list(services.INFO_FIELDS)
        labels = {
            "welcome": gettext_lazy("Welcome"),
            "getting_here": gettext_lazy("How to get here"),
            "parking": gettext_lazy("Parking"),
            "meals": gettext_lazy("Joining a meal"),
            "pets": gettext_lazy("Bringing a pet"),
            "during_outbreak": gettext_lazy("What to expect during an outbreak"),
            "contact_name": gettext_lazy("Who to ask about visiting"),
            "contact_details": gettext_lazy("How to reach them"),
            "door_code_rotation_days": gettext_lazy("Change door codes every (days)"),
        }
        help_texts = {
            "welcome": gettext_lazy("A few words to greet visitors. Shown to anyone: no names."),
            "getting_here": gettext_lazy("Buses, trains, the entrance to use."),
            "during_outbreak": gettext_lazy(
                "Visiting stays open wherever it safely can, and named care supporters still visit."
            ),
            "contact_name": gettext_lazy("A role or a name, for example: the deputy manager."),
            "contact_details": gettext_lazy("A phone number or an email address."),
            "door_code_rotation_days": gettext_lazy("From 7 to 365 days."),
        }
        widgets = {
            key: forms.Textarea(attrs={"rows": 3})
            for key in ("welcome", "getting_here", "parking", "meals", "pets", "during_outbreak")
        }
        error_messages = {
            "door_code_rotation_days": {
                "required": gettext_lazy("Choose between 7 and 365 days."),
                "invalid": gettext_lazy("Write a number, like 90."),
            }
        }


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_VISITING)
def information(request: HomeRequest) -> HttpResponse:
    existing = services.information(request.home)
    form = InformationForm(
        request.POST if request.method == "POST" else None,
        instance=existing or VisitorInformation(home=request.home),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            values = {key: form.cleaned_data[key] for key in services.INFO_FIELDS}
            try:
                services.save_information(request.home, actor=request.user, **values)
            except SpaceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The visitor information was saved."))
                return redirect("visiting:information", request.home.slug)
        status = 400
    return render(request, "visiting/spaces/information.html", {"form": form}, status=status)


urlpatterns = [
    path("spaces/", space_list, name="spaces"),
    path("spaces/new/", space_new, name="space_new"),
    path("spaces/<uuid:code>/", space_edit, name="space_edit"),
    path("spaces/<uuid:code>/in-use/", space_in_use, name="space_in_use"),
    path("reserve/", reserve, name="reserve"),
    path("reservations/", reservations, name="reservations"),
    path("reservations/<uuid:code>/cancel/", reservation_cancel, name="reservation_cancel"),
    path("information/", information, name="information"),
]

"""Visiting pages: residents' visits out of the home. Who is out now (late returns said in
words), recent visits out, recording someone leaving and coming back. Going out is a right:
the record is for safety and the connection log, never a permission."""

import datetime as dt
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from commonroom.homes.access import HomeRequest, require
from commonroom.homes.models import Home
from commonroom.homes.roles import Perm
from commonroom.residents.forms import DateInput, TimeInput
from commonroom.residents.models import Resident

from ..models import Outing
from ..services import outings as services
from ..services.outings import OutingError, OutingInput
from ..services.visitors import circle_contacts, contact_label, current_residents

NOBODY = ""


class LeavingForm(forms.Form):
    resident = forms.ChoiceField(
        label=gettext_lazy("Who is going out"),
        error_messages={"required": gettext_lazy("Choose who is going out.")},
    )
    with_contact = forms.ChoiceField(
        label=gettext_lazy("With someone from their circle"), required=False
    )
    with_name = forms.CharField(
        label=gettext_lazy("Or with (name)"),
        help_text=gettext_lazy("If they are going with someone not in their circle."),
        max_length=services.MAX_TEXT,
        required=False,
    )
    destination = forms.CharField(
        label=gettext_lazy("Where"),
        help_text=gettext_lazy("For example: lunch at her daughter's, the football."),
        max_length=services.MAX_TEXT,
        required=False,
    )
    left_time = forms.TimeField(
        label=gettext_lazy("Left at"),
        help_text=gettext_lazy("Leave blank if they are leaving now."),
        required=False,
        widget=TimeInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": gettext_lazy("Write a time like 14:30.")},
    )
    back_day = forms.DateField(
        label=gettext_lazy("Expected back on"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": gettext_lazy("Write a date like 2026-06-01.")},
    )
    back_time = forms.TimeField(
        label=gettext_lazy("Expected back at"),
        required=False,
        widget=TimeInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": gettext_lazy("Write a time like 17:00.")},
    )
    overnight = forms.BooleanField(label=gettext_lazy("Staying overnight"), required=False)
    note = forms.CharField(
        label=gettext_lazy("Anything staff should know"),
        max_length=services.MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, home: Home, residents: list[Resident], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.residents = {str(r.code): r for r in residents}
        ids = {r.pk for r in residents}
        self.contacts = {str(c.code): c for c in circle_contacts(home) if c.resident_id in ids}
        self.fields["resident"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a resident")),
            *((code, r.display_name) for code, r in self.residents.items()),
        ]
        self.fields["with_contact"].choices = [  # type: ignore[attr-defined]
            (NOBODY, _("Nobody from their circle")),
            *((code, contact_label(c)) for code, c in self.contacts.items()),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("back_time") and not data.get("back_day"):
            data["back_day"] = timezone.localdate()
        return data

    def to_input(self) -> OutingInput:
        data = self.cleaned_data
        now = timezone.localtime()
        left = now
        if data["left_time"]:
            left = timezone.make_aware(dt.datetime.combine(now.date(), data["left_time"]))
        back = None
        if data["back_day"]:
            back_time = data["back_time"] or dt.time(23, 59)
            back = timezone.make_aware(dt.datetime.combine(data["back_day"], back_time))
        return OutingInput(
            resident=self.residents[data["resident"]],
            left_at=left,
            with_contact=self.contacts.get(data["with_contact"]),
            with_name=data["with_name"],
            destination=data["destination"],
            expected_back_at=back,
            overnight=data["overnight"],
            note=data["note"],
        )


class ReturnForm(forms.Form):
    time = forms.TimeField(
        label=gettext_lazy("Came back at"),
        help_text=gettext_lazy("Leave blank if they are back now."),
        required=False,
        widget=TimeInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": gettext_lazy("Write a time like 17:30.")},
    )


def _focus(request: HomeRequest) -> Resident | None:
    code = request.GET.get("resident", "")
    if not code:
        return None
    try:
        UUID(code)
    except ValueError:
        return None
    return Resident.objects.filter(home=request.home, code=code).first()


@require_http_methods(["GET", "POST"])
@require(Perm.VIEW_VISITS)
def outing_list(request: HomeRequest) -> HttpResponse:
    may_record = request.membership.can(Perm.SIGN_IN_VISITORS)
    focus = _focus(request)
    initial = {"resident": str(focus.code)} if focus else {}
    data = request.POST if request.method == "POST" else None
    form, out = _leaving_form(request, data, initial)
    if data is not None:
        if not may_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                outing = services.record_leaving(request.home, form.to_input(), actor=request.user)
            except OutingError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request, _("%(name)s is recorded as out. Enjoy!") % {"name": outing.resident}
                )
                return redirect("visiting:outings", request.home.slug)
    return _page(request, form, focus, out, may_record)


def _leaving_form(
    request: HomeRequest, data: Any, initial: dict[str, str]
) -> tuple[LeavingForm, list[Outing]]:
    """The form for someone going out (offering only residents not already out), and who is
    out now."""
    out = list(services.out_now(request.home))
    away = {o.resident_id for o in out}
    residents = [r for r in current_residents(request.home) if r.pk not in away]
    form = LeavingForm(data, initial=initial, home=request.home, residents=residents)
    return form, out


def _page(
    request: HomeRequest,
    form: LeavingForm,
    focus: Resident | None,
    out: list[Outing],
    may_record: bool,
    return_error: str = "",
) -> HttpResponse:
    now = timezone.now()
    shown = [o for o in out if focus is None or o.resident_id == focus.pk]
    context = {
        "form": form,
        "may_record": may_record,
        "focus": focus,
        "out": [(o, services.is_overdue(o, now)) for o in shown],
        "recent": services.recent(request.home, resident=focus),
        "return_error": return_error,
        "now": now,
    }
    status = 400 if form.errors or return_error else 200
    return render(request, "visiting/outings/list.html", context, status=status)


@require_POST
@require(Perm.SIGN_IN_VISITORS)
def outing_back(request: HomeRequest, code: UUID) -> HttpResponse:
    outing = Outing.objects.filter(home=request.home, code=code).select_related("resident").first()
    if outing is None:
        raise Http404("No such visit out.")
    form = ReturnForm(request.POST)
    when = None
    if form.is_valid() and form.cleaned_data["time"]:
        when = timezone.make_aware(
            dt.datetime.combine(timezone.localdate(), form.cleaned_data["time"])
        )
    error = None if form.is_valid() else _("Write a time like 17:30.")
    if error is None:
        try:
            _outing, new = services.record_return(outing, actor=request.user, returned_at=when)
        except OutingError as failed:
            error = failed.message
        else:
            text = _("Welcome back, %(name)s. The visit out is in the connection log.")
            if not new:
                text = _("%(name)s was already recorded as back.")
            messages.success(request, text % {"name": outing.resident})
            return redirect("visiting:outings", request.home.slug)
    form_page, out = _leaving_form(request, None, {})
    return _page(request, form_page, None, out, True, return_error=error or "")


urlpatterns = [
    path("out/", outing_list, name="outings"),
    path("out/<uuid:code>/back/", outing_back, name="outing_back"),
]

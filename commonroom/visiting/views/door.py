"""Staff at the door: door tablets, who is in the building now (the fire list), signing a
visitor in or out for them (and admitting under an exception, with a written reason), and the
day's visits. Family members and residents never see these pages."""

import datetime as dt
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from commonroom.homes.access import HomeRequest, require
from commonroom.homes.roles import Perm
from commonroom.lib.text import uuid_or_none
from commonroom.residents.forms import DateInput
from commonroom.residents.models import Resident

from ..models import Admission, Visitor
from ..services import door as services
from ..services import kiosks as kiosk_services

NEW_KIOSK_KEY = "visiting_new_kiosk_url"
NO_OVERRIDE = ""


class KioskForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the tablet"),
        help_text=gettext_lazy("For example: front door."),
        max_length=100,
        error_messages={
            "required": gettext_lazy("Give the tablet a name."),
            "max_length": gettext_lazy("Use at most 100 characters."),
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_VISITING)
def kiosks(request: HomeRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = KioskForm(data)
    if data is not None and form.is_valid():
        _kiosk, token = kiosk_services.create_kiosk(
            request.home, name=form.cleaned_data["name"], actor=request.user
        )
        request.session[NEW_KIOSK_KEY] = request.build_absolute_uri(
            reverse("kiosk:start", args=[token])
        )
        messages.success(
            request,
            _("Door tablet made. Open its address on the tablet now: it is shown once."),
        )
        return redirect("visiting:kiosks", request.home.slug)
    context = {
        "form": form,
        "kiosks": list(kiosk_services.live_kiosks(request.home)),
        "new_url": request.session.pop(NEW_KIOSK_KEY, None),
    }
    return render(request, "visiting/door/kiosks.html", context, status=400 if form.errors else 200)


@require_POST
@require(Perm.MANAGE_VISITING)
def kiosk_revoke(request: HomeRequest, code: UUID) -> HttpResponse:
    kiosk = kiosk_services.live_kiosks(request.home).filter(code=code).first()
    if kiosk is None:
        raise Http404("No such door tablet.")
    kiosk_services.revoke_kiosk(kiosk, actor=request.user)
    messages.success(request, _("Door tablet stopped: its address no longer works."))
    return redirect("visiting:kiosks", request.home.slug)


@require_http_methods(["GET"])
@require(Perm.VIEW_VISITS)
def in_building(request: HomeRequest) -> HttpResponse:
    visits = list(services.in_building(request.home))
    context = {
        "visits": visits,
        "people": sum(v.party_size for v in visits),
        "now": timezone.localtime(),
        "printable": request.GET.get("print") == "1",
    }
    template = "printable.html" if context["printable"] else "in_building.html"
    return render(request, f"visiting/door/{template}", context)


@require_POST
@require(Perm.SIGN_IN_VISITORS)
def sign_out(request: HomeRequest, code: UUID) -> HttpResponse:
    visit = services.open_visit_for(request.home, code)
    if visit is None:
        raise Http404("No such visit in the building.")
    services.sign_out(visit, actor=request.user)
    messages.success(request, _("%(name)s is signed out.") % {"name": visit.visitor.name})
    return redirect("visiting:in_building", request.home.slug)


class StaffSignInForm(forms.Form):
    visitor = forms.ChoiceField(
        label=gettext_lazy("Visitor"),
        widget=forms.RadioSelect,
        required=False,
    )
    new_name = forms.CharField(
        label=gettext_lazy("Or a new visitor's full name"),
        max_length=200,
        required=False,
        error_messages={"max_length": gettext_lazy("Write a name of at most 200 characters.")},
    )
    new_phone = forms.CharField(
        label=gettext_lazy("New visitor's phone number"), max_length=40, required=False
    )
    residents = forms.MultipleChoiceField(
        label=gettext_lazy("Visiting"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Choose who they are visiting."),
            "invalid_choice": gettext_lazy("Choose residents from the list."),
        },
    )
    party_size = forms.IntegerField(
        label=gettext_lazy("People in the group"),
        min_value=1,
        max_value=services.MAX_PARTY,
        initial=1,
        error_messages={
            "required": gettext_lazy("Say how many people are in the group."),
            "min_value": gettext_lazy("Give a number between 1 and 20."),
            "max_value": gettext_lazy("Give a number between 1 and 20."),
            "invalid": gettext_lazy("Give a number between 1 and 20."),
        },
    )
    admission_override = forms.ChoiceField(
        label=gettext_lazy("If the door would turn them away: admit under an exception"),
        help_text=gettext_lazy("Only when visits are paused and this visit must still go ahead."),
        widget=forms.RadioSelect,
        required=False,
    )
    exception_reason = forms.CharField(
        label=gettext_lazy("Why this visit goes ahead"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, visitors: list[Visitor], residents: list[Resident], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.visitors = {str(v.code): v for v in visitors}
        self.people = {str(r.code): r for r in residents}
        self.fields["visitor"].choices = [  # type: ignore[attr-defined]
            (code, v.name) for code, v in self.visitors.items()
        ]
        self.fields["residents"].choices = [  # type: ignore[attr-defined]
            (code, _label(r)) for code, r in self.people.items()
        ]
        self.fields["admission_override"].choices = [  # type: ignore[attr-defined]
            (NO_OVERRIDE, _("No exception")),
            *[(a.value, a.label) for a in services.OVERRIDES],
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("visitor") and not (data.get("new_name") or "").strip():
            self.add_error("visitor", _("Choose the visitor, or write a new visitor's name."))
        if data.get("admission_override") and not (data.get("exception_reason") or "").strip():
            self.add_error(
                "exception_reason", _("Write why this visit goes ahead despite the restriction.")
            )
        return data


def _label(resident: Resident) -> str:
    return f"{resident.display_name} ({resident.room})" if resident.room else resident.display_name


@require_http_methods(["GET", "POST"])
@require(Perm.SIGN_IN_VISITORS)
def sign_in(request: HomeRequest) -> HttpResponse:
    home = request.home
    data = request.POST if request.method == "POST" else None
    query = (data or request.GET).get("q", "")[:100]
    found = services.find_visitors(home, query, limit=20)
    chosen = data.get("visitor") if data is not None else None
    wanted = uuid_or_none(chosen)
    if wanted is not None and chosen not in {str(v.code) for v in found}:
        found += list(services.active_visitors(home).filter(code=wanted)[:1])
    residents = list(Resident.objects.filter(home=home).current().order_by("preferred_name"))
    form = StaffSignInForm(data, visitors=found, residents=residents, initial={"party_size": 1})
    refused: list[services.Refusal] = []
    if data is not None and form.is_valid():
        response, refused = _staff_sign_in(request, form)
        if response is not None:
            return response
    context = {
        "form": form,
        "query": query,
        "searched": len(query.strip()) >= 2,
        "refused": refused,
    }
    status = 400 if data is not None else 200
    return render(request, "visiting/door/sign_in.html", context, status=status)


def _staff_sign_in(
    request: HomeRequest, form: StaffSignInForm
) -> tuple[HttpResponse | None, list[services.Refusal]]:
    home = request.home
    cleaned = form.cleaned_data
    people = [form.people[c] for c in cleaned["residents"]]
    override = cleaned["admission_override"] or None
    visitor = form.visitors.get(cleaned["visitor"]) if cleaned["visitor"] else None
    if visitor is not None:
        # Ask before signing anyone in: staff untick people or admit them under an exception.
        decisions = services.assess(home, visitor, people)
        refused = [services.Refusal(r, d.reason) for r, d in decisions if not d.admitted]
        if refused and not override:
            form.add_error(
                "admission_override",
                _(
                    "Some people cannot be visited just now. "
                    "Untick them, or admit under an exception with a reason."
                ),
            )
            return None, refused
    try:
        if visitor is None:
            visitor = services.new_visitor(
                home, name=cleaned["new_name"], phone=cleaned["new_phone"], actor=request.user
            )
        result = services.sign_in(
            home,
            visitor,
            people,
            actor=request.user,
            admission_override=override,
            exception_reason=cleaned["exception_reason"],
            party_size=cleaned["party_size"],
        )
    except services.DoorError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return None, []
    if result.visit is None:
        form.add_error(
            "admission_override",
            _("Nobody could be visited. Admit under an exception with a reason, or untick them."),
        )
        return None, result.refused
    if result.already_in:
        messages.success(request, _("%(name)s was already signed in.") % {"name": visitor.name})
    else:
        messages.success(request, _("%(name)s is signed in.") % {"name": visitor.name})
    return redirect("visiting:in_building", home.slug), []


class DayForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Day"),
        widget=DateInput(),
        required=False,
        error_messages={"invalid": gettext_lazy("Give a real date.")},
    )


@require_http_methods(["GET"])
@require(Perm.VIEW_VISITS)
def visits(request: HomeRequest) -> HttpResponse:
    form = DayForm(request.GET or None)
    day = timezone.localdate()
    status = 200
    if form.is_bound:
        if form.is_valid() and form.cleaned_data["date"]:
            day = form.cleaned_data["date"]
        elif not form.is_valid():
            status = 400
    rows = list(services.visits_on(request.home, day))
    now = timezone.now()
    context = {
        "form": form,
        "day": day,
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
        "rows": [(v, services.duration_minutes(v, now)) for v in rows],
        "exceptions": sum(v.admission in services.OVERRIDES for v in rows),
        "admissions": Admission,
    }
    return render(request, "visiting/door/visits.html", context, status=status)


urlpatterns = [
    path("door-tablets/", kiosks, name="kiosks"),
    path("door-tablets/<uuid:code>/revoke/", kiosk_revoke, name="kiosk_revoke"),
    path("in-building/", in_building, name="in_building"),
    path("in-building/<uuid:code>/sign-out/", sign_out, name="sign_out"),
    path("sign-in/", sign_in, name="sign_in"),
    path("visits/", visits, name="visits"),
]

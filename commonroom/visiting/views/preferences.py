"""Visiting pages: a resident's visiting preferences in their personal plan. Who they would like
to see, when and where; their named care supporters (or why they have none); and, for managers
only, the people not to admit. Family members and the resident see their own person's page, and
the resident may change their own wishes."""

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from commonroom.homes.access import HomeRequest, require
from commonroom.homes.models import Home
from commonroom.homes.roles import Perm
from commonroom.lib.dates import today
from commonroom.residents.access import get_resident_for_user, is_own_record
from commonroom.residents.forms import DateInput
from commonroom.residents.models import Resident

from ..models import UnwantedVisitor, VisitingPreferences, Visitor
from ..services import outings as outing_services
from ..services import preferences as services
from ..services.preferences import PreferencesError
from ..services.visitors import own_door_codes

NONE = ""


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class WishesForm(forms.Form):
    who = forms.CharField(
        label=gettext_lazy("Who I would like to see"),
        max_length=services.MAX_TEXT,
        required=False,
        widget=_area(),
    )
    when = forms.CharField(
        label=gettext_lazy("When suits me"),
        help_text=gettext_lazy("For example: afternoons after my rest; not during the football."),
        max_length=services.MAX_TEXT,
        required=False,
        widget=_area(),
    )
    where = forms.CharField(
        label=gettext_lazy("Where I like to see visitors"),
        help_text=gettext_lazy("For example: my room, the garden, the café."),
        max_length=services.MAX_TEXT,
        required=False,
        widget=_area(),
    )
    other_wishes = forms.CharField(
        label=gettext_lazy("Anything else about visits"),
        max_length=services.MAX_TEXT,
        required=False,
        widget=_area(),
    )


class NoSupporterForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Why there is no named care supporter"),
        choices=[
            ("", gettext_lazy("Not recorded")),
            *VisitingPreferences.NoSupporterReason.choices,
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    detail = forms.CharField(
        label=gettext_lazy("More about why"),
        max_length=services.MAX_TEXT,
        required=False,
        widget=_area(),
    )


class UnwantedForm(forms.Form):
    visitor = forms.ChoiceField(label=gettext_lazy("A visitor on the home's list"), required=False)
    contact = forms.ChoiceField(label=gettext_lazy("Or someone from their circle"), required=False)
    name = forms.CharField(
        label=gettext_lazy("Or their name"),
        max_length=services.MAX_NAME,
        required=False,
        error_messages={"max_length": gettext_lazy("Write a name of at most 200 characters.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Why"),
        help_text=gettext_lazy("Only managers see this. It is never shown at the door."),
        max_length=services.MAX_TEXT,
        required=False,
        widget=_area(),
    )
    decided_on = forms.DateField(
        label=gettext_lazy("Decided on"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Give the date it was decided."),
            "invalid": gettext_lazy("Write a date like 2026-06-01."),
        },
    )

    def __init__(self, *args: Any, home: Home, resident: Resident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.visitors = {
            str(v.code): v
            for v in Visitor.objects.filter(home=home, archived_at__isnull=True).order_by("name")
        }
        self.contacts = {str(c.code): c for c in resident.contacts.filter(home=home)}
        self.fields["visitor"].choices = [  # type: ignore[attr-defined]
            (NONE, _("Not on the list")),
            *((code, v.name) for code, v in self.visitors.items()),
        ]
        self.fields["contact"].choices = [  # type: ignore[attr-defined]
            (NONE, _("Not in the circle")),
            *((code, c.name) for code, c in self.contacts.items()),
        ]


def _resident(request: HomeRequest, code: UUID) -> Resident:
    """The resident, if this person may see their visiting preferences: staff who see care
    details, and family members and the resident for their own person (through the one door)."""
    resident = get_resident_for_user(request, code)
    if request.membership.can(Perm.VIEW_ALL_RESIDENTS) and not request.membership.can(
        Perm.VIEW_CARE_DETAILS
    ):
        raise PermissionDenied
    return resident


def _may_edit_wishes(request: HomeRequest, resident: Resident) -> bool:
    return request.membership.can(Perm.EDIT_PROFILE) or is_own_record(request, resident)


@require_http_methods(["GET"])
def preferences(request: HomeRequest, resident: UUID) -> HttpResponse:
    person = _resident(request, resident)
    can = request.membership.can
    prefs = services.preferences_for(person)
    context: dict[str, Any] = {
        "resident": person,
        "prefs": prefs,
        "supporters": services.supporters_for(request.home, person, prefs),
        "may_edit_wishes": _may_edit_wishes(request, person),
        "may_edit_reason": can(Perm.EDIT_PROFILE),
        "may_manage": can(Perm.MANAGE_RESIDENTS),
        "scotland": request.home.nation == Home.Nation.SCOTLAND,
        "own_codes": own_door_codes(request.home, request.user),
        "wishes": [
            (WishesForm.base_fields[name].label, getattr(prefs, name)) for name in services.WISHES
        ],
        "show_outings": can(Perm.VIEW_VISITS),
    }
    if can(Perm.MANAGE_RESIDENTS):
        context["unwanted"] = services.unwanted_for(person)
    if can(Perm.VIEW_VISITS):
        context["out_now"] = list(outing_services.out_now(request.home, resident=person))
        context["recent_out"] = outing_services.recent(request.home, resident=person, limit=10)
    return render(request, "visiting/preferences/page.html", context)


@require_http_methods(["GET", "POST"])
def preferences_edit(request: HomeRequest, resident: UUID) -> HttpResponse:
    person = _resident(request, resident)
    if not _may_edit_wishes(request, person):
        raise PermissionDenied
    prefs = services.preferences_for(person)
    initial = {name: getattr(prefs, name) for name in services.WISHES}
    form = WishesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_wishes(person, actor=request.user, **form.cleaned_data)
        except PreferencesError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The visiting wishes were saved."))
            return redirect("visiting:preferences", request.home.slug, person.code)
    context = {"resident": person, "form": form, "own": is_own_record(request, person)}
    status = 400 if form.errors else 200
    return render(request, "visiting/preferences/edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROFILE)
def no_supporter(request: HomeRequest, resident: UUID) -> HttpResponse:
    person = _resident(request, resident)
    prefs = services.preferences_for(person)
    initial = {"reason": prefs.no_supporter_reason, "detail": prefs.no_supporter_detail}
    form = NoSupporterForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_no_supporter_reason(person, actor=request.user, **form.cleaned_data)
        except PreferencesError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The reason was saved."))
            return redirect("visiting:preferences", request.home.slug, person.code)
    context = {
        "resident": person,
        "form": form,
        "scotland": request.home.nation == Home.Nation.SCOTLAND,
    }
    status = 400 if form.errors else 200
    return render(request, "visiting/preferences/no_supporter.html", context, status=status)


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_RESIDENTS)
def unwanted_add(request: HomeRequest, resident: UUID) -> HttpResponse:
    person = _resident(request, resident)
    data = request.POST if request.method == "POST" else None
    form = UnwantedForm(data, initial={"decided_on": today()}, home=request.home, resident=person)
    if data is not None and form.is_valid():
        values = form.cleaned_data
        try:
            services.add_unwanted(
                person,
                visitor=form.visitors.get(values["visitor"]),
                contact=form.contacts.get(values["contact"]),
                name=values["name"],
                reason=values["reason"],
                decided_on=values["decided_on"],
                actor=request.user,
            )
        except PreferencesError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Saved: they will not be admitted to see this person."))
            return redirect("visiting:preferences", request.home.slug, person.code)
    context = {"resident": person, "form": form}
    status = 400 if form.errors else 200
    return render(request, "visiting/preferences/unwanted_add.html", context, status=status)


@require_POST
@require(Perm.MANAGE_RESIDENTS)
def unwanted_remove(request: HomeRequest, resident: UUID, code: UUID) -> HttpResponse:
    person = _resident(request, resident)
    entry = UnwantedVisitor.objects.filter(home=request.home, resident=person, code=code).first()
    if entry is None:
        raise Http404("No such entry.")
    entry.resident = person
    services.remove_unwanted(entry, actor=request.user)
    messages.success(request, _("Removed from the list of people not to admit."))
    return redirect("visiting:preferences", request.home.slug, person.code)


urlpatterns = [
    path("residents/<uuid:resident>/", preferences, name="preferences"),
    path("residents/<uuid:resident>/wishes/", preferences_edit, name="preferences_edit"),
    path("residents/<uuid:resident>/no-supporter/", no_supporter, name="preferences_no_supporter"),
    path("residents/<uuid:resident>/not-to-admit/", unwanted_add, name="unwanted_add"),
    path(
        "residents/<uuid:resident>/not-to-admit/<uuid:code>/remove/",
        unwanted_remove,
        name="unwanted_remove",
    ),
]

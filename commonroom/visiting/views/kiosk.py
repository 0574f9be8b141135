"""The door tablet: public pages reached through the tablet's secret address.

No sign-in: the address is the key, and a wrong or revoked one answers 404. Visitors find
themselves by name (shown only as first name and initial), by the code on their pass (a
scanner types it into the field and presses Enter) or by their door code, choose whom they are
visiting, and are signed in with one tap. Guessing is slowed down per tablet."""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_scopes import scope

from commonroom.residents.models import Resident

from ..models import Kiosk, Visitor
from ..services import door as services
from ..services import kiosks as kiosk_services
from ..services.credentials import visitor_for_door_code, visitor_for_pass

KioskView = Callable[..., HttpResponse]


class KioskRequest(HttpRequest):
    kiosk: Kiosk


def kiosk_page(view: KioskView) -> KioskView:
    """Resolve the tablet from its secret (404 if unknown or revoked) and run the view inside
    its home's scope. Pages are never cached: they show who is in the building."""

    @wraps(view)
    def wrapped(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        kiosk = kiosk_services.kiosk_for_token(token)
        if kiosk is None:
            raise Http404("No such door tablet.")
        request.kiosk = kiosk  # type: ignore[attr-defined]
        started = time.perf_counter()
        with scope(home=kiosk.home):
            response = view(request, token, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response = response.render()
        # The view's own time (database and page), read by bench/visiting_signin.py.
        response["Server-Timing"] = f"view;dur={(time.perf_counter() - started) * 1000:.1f}"
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapped


def _page(
    request: HttpRequest, token: str, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    kiosk: Kiosk = request.kiosk  # type: ignore[attr-defined]
    context = {"kiosk": kiosk, "token": token, "kiosk_home": kiosk.home, **context}
    return render(request, f"visiting/kiosk/{template}", context, status=status)


def _locked(request: HttpRequest, token: str) -> HttpResponse:
    return _page(request, token, "locked.html", {}, status=429)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Your name"),
        help_text=gettext_lazy("Type at least 2 letters of your first name or surname."),
        max_length=100,
        min_length=services.MIN_SEARCH,
        error_messages={
            "required": gettext_lazy("Type at least 2 letters of your name."),
            "min_length": gettext_lazy("Type at least 2 letters of your name."),
            "max_length": gettext_lazy("Type at most 100 letters."),
        },
    )


class PassForm(forms.Form):
    pass_code = forms.CharField(
        label=gettext_lazy("Scan or type the code on your visitor pass"),
        max_length=100,
        error_messages={"required": gettext_lazy("Scan your pass or type its code.")},
    )


class DoorCodeForm(forms.Form):
    door_code = forms.CharField(
        label=gettext_lazy("Your door code"),
        help_text=gettext_lazy("The 6 numbers the home gave you."),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": gettext_lazy("Type your door code.")},
    )


class VisitingForm(forms.Form):
    residents = forms.MultipleChoiceField(
        label=gettext_lazy("Who are you visiting today?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Choose who you are visiting."),
            "invalid_choice": gettext_lazy("Choose who you are visiting from the list."),
        },
    )
    party_size = forms.IntegerField(
        label=gettext_lazy("How many people are in your group, counting you?"),
        min_value=1,
        max_value=services.MAX_PARTY,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
        error_messages={
            "required": gettext_lazy("Say how many of you there are."),
            "min_value": gettext_lazy("Give a number between 1 and 20."),
            "max_value": gettext_lazy("Give a number between 1 and 20."),
            "invalid": gettext_lazy("Give a number between 1 and 20."),
        },
    )

    def __init__(self, *args: Any, residents: list[Resident], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(r.code): r for r in residents}
        self.fields["residents"].choices = [  # type: ignore[attr-defined]
            (code, _resident_label(r)) for code, r in self.people.items()
        ]

    def chosen(self) -> list[Resident]:
        return [self.people[code] for code in self.cleaned_data["residents"]]


class NewVisitorForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Your full name"),
        max_length=200,
        error_messages={
            "required": gettext_lazy("Write your name."),
            "max_length": gettext_lazy("Write a name of at most 200 characters."),
        },
    )
    phone = forms.CharField(
        label=gettext_lazy("Your phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={
            "max_length": gettext_lazy("Write a phone number of at most 40 characters.")
        },
    )
    find = forms.CharField(
        label=gettext_lazy("Who are you visiting?"),
        help_text=gettext_lazy("Type at least 3 letters of their name, then press Find."),
        max_length=100,
        required=False,
    )


def _resident_label(resident: Resident) -> str:
    name = resident.preferred_name or resident.full_name
    return f"{name} ({resident.room})" if resident.room else name


@require_http_methods(["GET"])
@kiosk_page
def start(request: HttpRequest, token: str) -> HttpResponse:
    return _page(request, token, "start.html", {})


@require_http_methods(["GET", "POST"])
@kiosk_page
def find(request: HttpRequest, token: str) -> HttpResponse:
    """Signing in: find yourself by name, pass or door code."""
    kiosk: Kiosk = request.kiosk  # type: ignore[attr-defined]
    if kiosk_services.is_locked(kiosk):
        return _locked(request, token)
    search = SearchForm(request.GET if "q" in request.GET else None)
    pass_form = PassForm(request.POST if "pass_code" in request.POST else None)
    code_form = DoorCodeForm(request.POST if "door_code" in request.POST else None)
    matches: list[Visitor] | None = None
    status = 200
    if search.is_bound:
        if search.is_valid():
            matches = services.find_visitors(kiosk.home, search.cleaned_data["q"])
            if not matches:
                kiosk_services.note_failure(kiosk)
        else:
            status = 400
    for form, finder, field in (
        (pass_form, visitor_for_pass, "pass_code"),
        (code_form, visitor_for_door_code, "door_code"),
    ):
        if not form.is_bound:
            continue
        if form.is_valid():
            visitor = finder(kiosk.home, form.cleaned_data[field])
            if visitor is not None:
                return redirect("kiosk:visiting", token, visitor.code)
            kiosk_services.note_failure(kiosk)
            if kiosk_services.is_locked(kiosk):
                return _locked(request, token)
            form.add_error(field, _not_found_message(field))
        status = 400
    context = {
        "search": search,
        "pass_form": pass_form,
        "code_form": code_form,
        "matches": [(v, services.door_name(v.name)) for v in matches or []],
        "searched": matches is not None,
    }
    return _page(request, token, "find.html", context, status=status)


def _not_found_message(field: str) -> Any:
    if field == "pass_code":
        return gettext_lazy("We did not recognise that pass. Try again or search by name.")
    return gettext_lazy("We did not recognise that door code. Try again or search by name.")


def _visitor(request: HttpRequest, code: UUID) -> Visitor:
    kiosk: Kiosk = request.kiosk  # type: ignore[attr-defined]
    visitor = services.active_visitors(kiosk.home).filter(code=code).first()
    if visitor is None:
        raise Http404("No such visitor.")
    return visitor


@require_http_methods(["GET", "POST"])
@kiosk_page
def visiting(request: HttpRequest, token: str, visitor: UUID) -> HttpResponse:
    """Whom the returning visitor is seeing today: their usual residents ticked; one tap."""
    kiosk: Kiosk = request.kiosk  # type: ignore[attr-defined]
    person = _visitor(request, visitor)
    extra_text = request.GET.get("find", "")[:100]
    if request.method == "POST":
        # Only the ticked people count now: one query, not the whole list again.
        usual, extra = [], []
        others = services.residents_by_code(kiosk.home, request.POST.getlist("residents")[:20])
    else:
        usual = list(
            Resident.objects.filter(home=kiosk.home, usual_visitors=person)
            .current()
            .order_by("preferred_name", "full_name")
        )
        if kiosk_services.is_locked(kiosk):
            return _locked(request, token)
        found = services.find_residents(kiosk.home, extra_text)
        if len(extra_text.strip()) >= 3 and not found:
            kiosk_services.note_failure(kiosk)
        extra = [r for r in found if r not in usual]
        others = []
    people = usual + [r for r in [*extra, *others] if r not in usual]
    people = list(dict.fromkeys(people))
    initial = {"residents": [str(r.code) for r in usual], "party_size": 1}
    data = request.POST if request.method == "POST" else None
    form = VisitingForm(data, residents=people, initial=initial)
    if data is not None and form.is_valid():
        try:
            result = services.sign_in(
                kiosk.home,
                person,
                form.chosen(),
                actor=services.kiosk_actor(kiosk),
                kiosk=kiosk,
                party_size=form.cleaned_data["party_size"],
            )
        except services.DoorError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return _done(request, token, person, result)
    context = {
        "visitor": person,
        "shown_name": services.door_name(person.name),
        "form": form,
        "find_text": extra_text,
        "searched": len(extra_text.strip()) >= 3,
    }
    return _page(request, token, "visiting.html", context, status=400 if form.errors else 200)


def _done(
    request: HttpRequest, token: str, visitor: Visitor, result: services.SignInResult
) -> HttpResponse:
    visit = result.visit
    context = {
        "shown_name": services.door_name(visitor.name),
        "result": result,
        "signed_in_at": timezone.localtime(visit.signed_in_at) if visit else None,
        "refresh": 20 if visit else 60,
    }
    return _page(request, token, "signed_in.html", context)


@require_http_methods(["GET", "POST"])
@kiosk_page
def new(request: HttpRequest, token: str) -> HttpResponse:
    """A first visit: name, optional phone, and whom they are visiting."""
    kiosk: Kiosk = request.kiosk  # type: ignore[attr-defined]
    data = request.POST if request.method == "POST" else None
    form = NewVisitorForm(data)
    people: list[Resident] = []
    if kiosk_services.is_locked(kiosk):
        return _locked(request, token)
    if data is not None:
        people = services.find_residents(kiosk.home, data.get("find", ""))
        if not people and len(data.get("find", "").strip()) >= 3:
            kiosk_services.note_failure(kiosk)
        people += [
            r
            for r in services.residents_by_code(kiosk.home, data.getlist("residents"))
            if r not in people
        ]
    visiting_form = VisitingForm(
        data if data is not None and "sign_in" in data else None,
        residents=people,
        initial={"party_size": 1},
    )
    status = 200
    if data is not None and "sign_in" in data:
        if form.is_valid() and visiting_form.is_valid():
            home = kiosk.home
            actor = services.kiosk_actor(kiosk)
            try:
                visitor = services.new_visitor(
                    home,
                    name=form.cleaned_data["name"],
                    phone=form.cleaned_data["phone"],
                    actor=actor,
                )
                result = services.sign_in(
                    home,
                    visitor,
                    visiting_form.chosen(),
                    actor=actor,
                    kiosk=kiosk,
                    party_size=visiting_form.cleaned_data["party_size"],
                )
            except services.DoorError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return _done(request, token, visitor, result)
        status = 400
    elif data is not None:
        # "Find" pressed: show the matches; the name is checked only when signing in.
        form = NewVisitorForm(
            initial={key: str(data.get(key, ""))[:200] for key in ("name", "phone", "find")}
        )
    find_text = str(data.get("find", "")) if data is not None else ""
    context = {
        "form": form,
        "visiting_form": visiting_form,
        "people": people,
        "searched": len(" ".join(str(find_text).split())) >= 3,
        "too_short": data is not None and 0 < len(str(find_text).strip()) < 3,
    }
    return _page(request, token, "new.html", context, status=status)


@require_http_methods(["GET"])
@kiosk_page
def leaving(request: HttpRequest, token: str) -> HttpResponse:
    """Signing out: find yourself among the people in the building now."""
    kiosk: Kiosk = request.kiosk  # type: ignore[attr-defined]
    if kiosk_services.is_locked(kiosk):
        return _locked(request, token)
    search = SearchForm(request.GET if "q" in request.GET else None)
    matches = None
    status = 200
    if search.is_bound:
        if search.is_valid():
            text = " ".join(search.cleaned_data["q"].split())
            matches = list(
                services.in_building(kiosk.home).filter(visitor__name__icontains=text)[
                    : services.MAX_MATCHES
                ]
            )
            if not matches:
                kiosk_services.note_failure(kiosk)
        else:
            status = 400
    context = {
        "search": search,
        "matches": [(v, services.door_name(v.visitor.name)) for v in matches or []],
        "searched": matches is not None,
    }
    return _page(request, token, "leaving.html", context, status=status)


@require_POST
@kiosk_page
def sign_out(request: HttpRequest, token: str, visit: UUID) -> HttpResponse:
    kiosk: Kiosk = request.kiosk  # type: ignore[attr-defined]
    found = services.in_building(kiosk.home).filter(code=visit).first()
    if found is None:
        # Already signed out (a double tap) or never here: the start page is the right place.
        return redirect("kiosk:start", token)
    done = services.sign_out(found, actor=services.kiosk_actor(kiosk))
    context = {
        "shown_name": services.door_name(found.visitor.name),
        "signed_out_at": timezone.localtime(done.signed_out_at or timezone.now()),
    }
    return _page(request, token, "signed_out.html", context)


urlpatterns = [
    path("", start, name="start"),
    path("in/", find, name="find"),
    path("in/<uuid:visitor>/", visiting, name="visiting"),
    path("new/", new, name="new"),
    path("out/", leaving, name="leaving"),
    path("out/<uuid:visit>/", sign_out, name="sign_out"),
]

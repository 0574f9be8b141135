"""Visiting pages: the home's visitors. Find and add them, link them to a person in a resident's
circle, give them a printable pass with a QR code, and give, change or withdraw a personal door
code. Passes and codes are shown once, to the member of staff, and never stored."""

from typing import Any
from uuid import UUID

import segno
from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from commonroom.homes.access import HomeRequest, require
from commonroom.homes.roles import Perm

from ..models import Visitor
from ..services import credentials
from ..services import visitors as services
from ..services.visitors import VisitorError

NO_CONTACT = ""


class NewVisitorForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=services.MAX_NAME,
        error_messages={
            "required": gettext_lazy("Write the visitor's name."),
            "max_length": gettext_lazy("Write a name of at most 200 characters."),
        },
    )
    phone = forms.CharField(
        label=gettext_lazy("Phone"),
        max_length=services.MAX_PHONE,
        required=False,
        error_messages={"max_length": gettext_lazy("Use at most 40 characters.")},
    )


class VisitorForm(NewVisitorForm):
    email = forms.EmailField(
        label=gettext_lazy("Email"),
        required=False,
        error_messages={"invalid": gettext_lazy("Write an email address like name@example.org.")},
    )
    contact = forms.ChoiceField(
        label=gettext_lazy("In a resident's circle as"),
        help_text=gettext_lazy("Link them to the person they are in a resident's circle."),
        required=False,
    )
    usual_residents = forms.MultipleChoiceField(
        label=gettext_lazy("Usually visits"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose residents from the list.")},
    )

    def __init__(self, *args: Any, home: Any, linked: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contacts = {str(c.code): c for c in services.circle_contacts(home)}
        if linked is not None:
            # Keep the present link on offer even if that resident has since moved out.
            self.contacts.setdefault(str(linked.code), linked)
        self.residents = {str(r.code): r for r in services.current_residents(home)}
        self.fields["contact"].choices = [  # type: ignore[attr-defined]
            (NO_CONTACT, _("Not linked")),
            *((code, services.contact_label(c)) for code, c in self.contacts.items()),
        ]
        self.fields["usual_residents"].choices = [  # type: ignore[attr-defined]
            (code, r.display_name) for code, r in self.residents.items()
        ]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "phone": data["phone"],
            "email": data["email"],
            "contact": self.contacts.get(data["contact"]),
            "usual_residents": [self.residents[c] for c in data["usual_residents"]],
        }


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_VISITING)
def visitor_list(request: HomeRequest) -> HttpResponse:
    form = NewVisitorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            visitor = services.save_visitor(
                request.home, None, actor=request.user, **form.cleaned_data
            )
        except VisitorError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Visitor added. Add who they usually visit."))
            return redirect("visiting:visitor", request.home.slug, visitor.code)
    text = request.GET.get("q", "")
    archived = request.GET.get("archived") == "1"
    page = services.visitor_page(
        request.home, text=text, page=_page_number(request.GET.get("page")), archived=archived
    )
    context = {
        "form": form,
        "page": page,
        "q": " ".join(text.split())[: services.MAX_SEARCH],
        "archived": archived,
        "rows": [(v, services.code_due(v)) for v in page.visitors],
    }
    return render(
        request, "visiting/visitors/list.html", context, status=400 if form.errors else 200
    )


def _visitor(request: HomeRequest, code: UUID) -> Visitor:
    visitor = (
        Visitor.objects.filter(home=request.home, code=code)
        .select_related("contact__resident")
        .first()
    )
    if visitor is None:
        raise Http404("No such visitor.")
    return visitor


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_VISITING)
def visitor_detail(request: HomeRequest, code: UUID) -> HttpResponse:
    visitor = _visitor(request, code)
    initial = {
        "name": visitor.name,
        "phone": visitor.phone,
        "email": visitor.email,
        "contact": str(visitor.contact.code) if visitor.contact else NO_CONTACT,
        "usual_residents": [str(r.code) for r in visitor.usual_residents.all()],
    }
    data = request.POST if request.method == "POST" else None
    form = VisitorForm(data, initial=initial, home=request.home, linked=visitor.contact)
    if data is not None and form.is_valid():
        try:
            services.save_visitor(request.home, visitor, actor=request.user, **form.values())
        except VisitorError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The visitor's details were saved."))
            return redirect("visiting:visitor", request.home.slug, visitor.code)
    context = {
        "visitor": visitor,
        "form": form,
        "code_due": services.code_due(visitor),
    }
    return render(
        request, "visiting/visitors/detail.html", context, status=400 if form.errors else 200
    )


@require_POST
@require(Perm.MANAGE_VISITING)
def visitor_archive(request: HomeRequest, code: UUID) -> HttpResponse:
    visitor = _visitor(request, code)
    if request.POST.get("restore") == "1":
        services.restore_visitor(visitor, actor=request.user)
        messages.success(request, _("The visitor is back on the list."))
        return redirect("visiting:visitor", request.home.slug, visitor.code)
    services.archive_visitor(visitor, actor=request.user)
    messages.success(
        request, _("The visitor was archived: their pass and door code no longer work.")
    )
    return redirect("visiting:visitors", request.home.slug)


def _secret_page(request: HomeRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"
    return response


def qr_svg(token: str, label: str) -> str:
    """The pass's QR code as inline SVG, named for screen readers."""
    svg = segno.make(token, error="m").svg_inline(scale=6, title=label, omitsize=False)
    return mark_safe(svg.replace("<svg ", '<svg role="img" focusable="false" ', 1))  # noqa: S308


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_VISITING)
def visitor_pass(request: HomeRequest, code: UUID) -> HttpResponse:
    visitor = _visitor(request, code)
    context: dict[str, Any] = {"visitor": visitor}
    if request.method == "POST":
        if visitor.archived_at is not None:
            raise Http404("The visitor is archived.")
        token = credentials.issue_pass(visitor, actor=request.user)
        context["token"] = token
        context["qr"] = qr_svg(
            token, _("QR code for %(name)s's visitor pass") % {"name": visitor.name}
        )
    return _secret_page(request, "visiting/visitors/pass.html", context)


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_VISITING)
def visitor_door_code(request: HomeRequest, code: UUID) -> HttpResponse:
    visitor = _visitor(request, code)
    context: dict[str, Any] = {
        "visitor": visitor,
        "rotation_days": credentials.rotation_days(request.home),
    }
    if request.method == "POST":
        if visitor.archived_at is not None:
            raise Http404("The visitor is archived.")
        if request.POST.get("action") == "withdraw":
            credentials.withdraw_door_code(visitor, actor=request.user)
            messages.success(request, _("The door code was withdrawn: it no longer works."))
            return redirect("visiting:visitor_door_code", request.home.slug, visitor.code)
        context["door_code"] = credentials.issue_door_code(visitor, actor=request.user)
    context["code_due"] = services.code_due(visitor)
    return _secret_page(request, "visiting/visitors/door_code.html", context)


urlpatterns = [
    path("visitors/", visitor_list, name="visitors"),
    path("visitors/<uuid:code>/", visitor_detail, name="visitor"),
    path("visitors/<uuid:code>/archive/", visitor_archive, name="visitor_archive"),
    path("visitors/<uuid:code>/pass/", visitor_pass, name="visitor_pass"),
    path("visitors/<uuid:code>/door-code/", visitor_door_code, name="visitor_door_code"),
]

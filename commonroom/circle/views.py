"""Pages for a resident's circle: contacts, peers, key workers, and the home's supporters."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commonroom.homes.access import HomeRequest, check, require
from commonroom.homes.roles import Perm
from commonroom.residents.access import get_resident_for_user
from commonroom.residents.models import ConsentRecord, Resident

from .forms import ContactForm, EndForm, KeyWorkerForm, PeerForm
from .models import Contact, KeyWorkerAssignment
from .services import CircleError
from .services.contacts import (
    give_portal_access,
    open_invitation,
    remove_contact,
    save_contact,
)
from .services.key_workers import (
    assign_key_worker,
    continuity_of,
    end_key_worker,
    history_of,
    staff_of,
)
from .services.peers import add_peer, end_peer, peers_of
from .services.supporters import supporters_overview


def _record_url(request: HomeRequest, resident: Resident) -> str:
    return reverse("residents:detail", args=[request.home.slug, resident.code]) + "#circle"


def _contact(request: HomeRequest, resident: UUID, code: UUID, perm: Perm) -> Contact:
    person = get_resident_for_user(request, resident, perm=perm)
    contact = Contact.objects.select_related("user").filter(resident=person, code=code).first()
    if contact is None:
        raise Http404("No such contact.")
    contact.resident, contact.home = person, request.home
    return contact


def _contact_form(request: HomeRequest, contact: Contact, *, bound: bool = True) -> ContactForm:
    return ContactForm(
        request.POST if bound and request.method == "POST" else None,
        instance=contact,
        show_details=request.membership.can(Perm.VIEW_CONTACT_DETAILS),
    )


@require_http_methods(["GET", "POST"])
def contact_add(request: HomeRequest, resident: UUID) -> HttpResponse:
    person = get_resident_for_user(request, resident, perm=Perm.EDIT_PROFILE)
    contact = Contact(home=request.home, organisation=request.home.organisation, resident=person)
    form = _contact_form(request, contact)
    if request.method == "POST":
        if form.is_valid():
            save_contact(form.save(commit=False), fields=form.changed_data, actor=request.user)
            messages.success(request, _("%(name)s was added.") % {"name": contact.name})
            return redirect(_record_url(request, person))
        return render(
            request, "circle/contact_form.html", {"resident": person, "form": form}, status=400
        )
    return render(request, "circle/contact_form.html", {"resident": person, "form": form})


@require_http_methods(["GET", "POST"])
def contact_edit(request: HomeRequest, resident: UUID, code: UUID) -> HttpResponse:
    contact = _contact(request, resident, code, Perm.EDIT_PROFILE)
    form = _contact_form(request, contact)
    if request.method == "POST":
        if form.is_valid():
            save_contact(form.save(commit=False), fields=form.changed_data, actor=request.user)
            messages.success(request, _("Changes to %(name)s saved.") % {"name": contact.name})
            return redirect(_record_url(request, contact.resident))
        return _render_contact(request, contact, form, status=400)
    return _render_contact(request, contact, form)


def _render_contact(
    request: HomeRequest,
    contact: Contact,
    form: ContactForm,
    *,
    invite_error: str = "",
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "resident": contact.resident,
        "contact": contact,
        "form": form,
        "invite_error": invite_error,
    }
    if request.membership.can(Perm.MANAGE_MEMBERS):
        context["invitation"] = open_invitation(contact)
        context["updates_consent"] = contact.resident.has_consent(ConsentRecord.Purpose.UPDATES)
    return render(request, "circle/contact_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def contact_remove(request: HomeRequest, resident: UUID, code: UUID) -> HttpResponse:
    contact = _contact(request, resident, code, Perm.EDIT_PROFILE)
    if request.method == "POST":
        remove_contact(contact, actor=request.user)
        messages.success(request, _("%(name)s was removed.") % {"name": contact.name})
        return redirect(_record_url(request, contact.resident))
    substitutes = list(contact.substitutes.all())
    return render(
        request, "circle/contact_remove.html", {"contact": contact, "substitutes": substitutes}
    )


@require(Perm.MANAGE_MEMBERS)
@require_POST
def contact_invite(request: HomeRequest, resident: UUID, code: UUID) -> HttpResponse:
    contact = _contact(request, resident, code, Perm.MANAGE_MEMBERS)
    try:
        invitation = give_portal_access(
            contact, actor=request.user, base_url=request.build_absolute_uri("/")[:-1]
        )
    except CircleError as error:
        form = _contact_form(request, contact, bound=False)
        return _render_contact(request, contact, form, invite_error=str(error), status=400)
    if invitation is None:
        message = _("%(name)s can now sign in with the account they already have here.")
    else:
        message = _("Invitation sent to %(name)s.")
    messages.success(request, message % {"name": contact.name})
    return redirect("circle:contact_edit", request.home.slug, contact.resident.code, contact.code)


@require_http_methods(["GET", "POST"])
def peer_add(request: HomeRequest, resident: UUID) -> HttpResponse:
    person = get_resident_for_user(request, resident, perm=Perm.EDIT_PROFILE)
    form = PeerForm(
        request.POST or None,
        resident=person,
        with_tensions=request.membership.can(Perm.VIEW_TENSIONS),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                add_peer(request.home, person, actor=request.user, **form.cleaned_data)
            except CircleError as error:
                form.add_error("other", str(error))
            else:
                messages.success(request, _("Relationship recorded."))
                return redirect(_record_url(request, person))
        return render(
            request, "circle/peer_add.html", {"resident": person, "form": form}, status=400
        )
    return render(request, "circle/peer_add.html", {"resident": person, "form": form})


@require_http_methods(["GET", "POST"])
def peer_end(request: HomeRequest, resident: UUID, code: UUID) -> HttpResponse:
    person = get_resident_for_user(request, resident, perm=Perm.EDIT_PROFILE)
    with_tensions = request.membership.can(Perm.VIEW_TENSIONS)
    relationship = peers_of(person, with_tensions=with_tensions).filter(code=code).first()
    if relationship is None:
        raise Http404("No such relationship.")
    form = EndForm(request.POST or None)
    context = {"resident": person, "peer": relationship.other(person), "relationship": relationship}
    if request.method == "POST":
        if form.is_valid():
            try:
                end_peer(relationship, actor=request.user, **form.cleaned_data)
            except CircleError as error:
                form.add_error("ended_on", str(error))
            else:
                messages.success(request, _("Relationship ended."))
                return redirect(_record_url(request, person))
        return render(request, "circle/peer_end.html", {**context, "form": form}, status=400)
    return render(request, "circle/peer_end.html", {**context, "form": form})


@require_http_methods(["GET", "POST"])
def key_workers(request: HomeRequest, resident: UUID) -> HttpResponse:
    person = get_resident_for_user(request, resident, perm=Perm.VIEW_CARE_DETAILS)
    if request.method == "POST":
        check(request, Perm.MANAGE_RESIDENTS)
    if not request.membership.can(Perm.MANAGE_RESIDENTS):
        return _render_key_workers(request, person, None)
    form = KeyWorkerForm(request.POST or None, staff=staff_of(request.home))
    if request.method == "POST":
        if form.is_valid():
            try:
                assign_key_worker(request.home, person, actor=request.user, **form.cleaned_data)
            except CircleError as error:
                form.add_error("started_on", str(error))
            else:
                messages.success(request, _("Key worker assigned."))
                return redirect("circle:key_workers", request.home.slug, person.code)
        return _render_key_workers(request, person, form, status=400)
    return _render_key_workers(request, person, form)


def _render_key_workers(
    request: HomeRequest, person: Resident, form: KeyWorkerForm | None, *, status: int = 200
) -> HttpResponse:
    history = list(history_of(person))
    context = {
        "resident": person,
        "history": history,
        "current": next((a for a in history if a.is_current), None),
        "continuity": continuity_of(history),
        "form": form,
        "end_form": EndForm() if form is not None else None,
    }
    return render(request, "circle/key_workers.html", context, status=status)


@require_http_methods(["GET", "POST"])
def key_worker_end(request: HomeRequest, resident: UUID, code: UUID) -> HttpResponse:
    person = get_resident_for_user(request, resident, perm=Perm.MANAGE_RESIDENTS)
    assignment = (
        KeyWorkerAssignment.objects.select_related("staff__user")
        .filter(resident=person, code=code)
        .first()
    )
    if assignment is None:
        raise Http404("No such key worker.")
    assignment.resident = person
    form = EndForm(request.POST or None)
    context = {"resident": person, "assignment": assignment, "form": form}
    if request.method == "POST":
        if form.is_valid():
            try:
                end_key_worker(assignment, actor=request.user, **form.cleaned_data)
            except CircleError as error:
                form.add_error("ended_on", str(error))
            else:
                messages.success(request, _("Key worker's time ended."))
                return redirect("circle:key_workers", request.home.slug, person.code)
        return render(request, "circle/key_worker_end.html", context, status=400)
    return render(request, "circle/key_worker_end.html", context)


@require(Perm.VIEW_CONTACT_DETAILS)
def supporters(request: HomeRequest) -> HttpResponse:
    return render(
        request, "circle/supporters.html", {"overview": supporters_overview(request.home)}
    )

"""Changing the parts of a record: profile, communication, status, photo, About me, interests,
assistive technology and consent."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from commonroom.homes.access import HomeRequest
from commonroom.homes.roles import Perm

from ..access import get_resident_for_user, is_own_record
from ..forms import (
    AboutMeForm,
    AmbitionsForm,
    AssistiveTechnologyForm,
    CommunicationForm,
    ConsentForm,
    InterestForm,
    LanguagesForm,
    PhotoForm,
    ProfileForm,
    StatusForm,
    TechnologyForm,
)
from ..models import AboutMeSection, AssistiveTechnology, ConsentRecord, ResidentInterest
from ..services import about_me, records, residents
from .common import data, files, form_page, record_url, save_part_form


@dataclass(frozen=True)
class Part:
    form: type[forms.ModelForm]
    title: Promise
    section: str


PARTS = {
    "profile": Part(ProfileForm, gettext_lazy("Change profile"), "profile"),
    "communication": Part(
        CommunicationForm, gettext_lazy("Change communication and mobility"), "communication"
    ),
    "languages": Part(
        LanguagesForm, gettext_lazy("Change languages, culture and faith"), "languages"
    ),
    "technology": Part(TechnologyForm, gettext_lazy("Change technology wishes"), "technology"),
    "ambitions": Part(
        AmbitionsForm, gettext_lazy('Change ambitions and "getting out"'), "ambitions"
    ),
}


@require_http_methods(["GET", "POST"])
def edit(request: HomeRequest, code: str, part: str) -> HttpResponse:
    """One of the resident's own details pages (profile, communication, languages, …)."""
    spec = PARTS.get(part)
    if spec is None:
        raise Http404("No such part of the record.")
    resident = get_resident_for_user(request, code, perm=Perm.EDIT_PROFILE)
    form = spec.form(data(request), instance=resident)
    return save_part_form(
        request, resident, form, title=str(spec.title), section=spec.section, saved=_("Saved.")
    )


@require_http_methods(["GET", "POST"])
def status(request: HomeRequest, code: str) -> HttpResponse:
    resident = get_resident_for_user(request, code, perm=Perm.MANAGE_RESIDENTS)
    form = StatusForm(data(request), resident=resident)
    if request.method == "POST" and form.is_valid():
        try:
            residents.change_status(request.home, resident, actor=request.user, **form.cleaned_data)
        except residents.ResidentError as error:
            form.add_error("started_on", str(error))
        else:
            messages.success(request, _("Status changed."))
            return redirect(record_url(request, resident, "status"))
    return form_page(
        request, resident, form, title=_("Change status"), section="status", current=True
    )


@require_http_methods(["GET", "POST"])
def photo_edit(request: HomeRequest, code: str) -> HttpResponse:
    resident = get_resident_for_user(request, code, perm=Perm.EDIT_PROFILE)
    form = PhotoForm(data(request), files(request), instance=resident)
    if request.method == "POST" and form.is_valid():
        residents.set_photo(request.home, resident, actor=request.user, fields=form.changed_data)
        messages.success(request, _("Photo saved."))
        return redirect(record_url(request, resident, "profile"))
    return form_page(
        request,
        resident,
        form,
        title=_("Add or change photo"),
        section="profile",
        photo_remove=bool(resident.photo),
    )


@require_POST
def photo_remove(request: HomeRequest, code: str) -> HttpResponse:
    resident = get_resident_for_user(request, code, perm=Perm.EDIT_PROFILE)
    if resident.photo:
        residents.remove_photo(request.home, resident, actor=request.user)
        messages.success(request, _("Photo removed."))
    return redirect(record_url(request, resident, "profile"))


@require_http_methods(["GET", "POST"])
def about_me_edit(request: HomeRequest, code: str, section: str) -> HttpResponse:
    """Write one About me section: staff who edit profiles, or the person themselves."""
    if section not in AboutMeSection.Section.values:
        raise Http404("No such section.")
    resident = get_resident_for_user(request, code)
    if not (request.membership.can(Perm.EDIT_PROFILE) or is_own_record(request, resident)):
        raise PermissionDenied
    part = AboutMeSection.objects.filter(resident=resident, section=section).first()
    part = part or AboutMeSection(section=section)
    old_picture = part.picture.name or ""
    form = AboutMeForm(data(request), files(request), instance=part)
    if request.method == "POST" and form.is_valid():
        about_me.save_about_me(
            request.home,
            resident,
            form.save(commit=False),
            actor=request.user,
            fields=form.changed_data,
            old_picture=old_picture,
        )
        messages.success(request, _("Saved."))
        return redirect(record_url(request, resident, "about-me"))
    return form_page(
        request,
        resident,
        form,
        title=str(AboutMeSection.Section(section).label),
        section="about-me",
        intro=AboutMeSection.PROMPTS[AboutMeSection.Section(section)],
    )


@require_http_methods(["GET", "POST"])
def interest_add(request: HomeRequest, code: str) -> HttpResponse:
    resident = get_resident_for_user(request, code, perm=Perm.EDIT_PROFILE)
    form = InterestForm(data(request))
    if request.method == "POST" and form.is_valid():
        about_me.add_interest(request.home, resident, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Interest added."))
        return redirect(record_url(request, resident, "interests"))
    return form_page(request, resident, form, title=_("Add an interest"), section="interests")


@require_POST
def interest_remove(request: HomeRequest, code: str, item: str) -> HttpResponse:
    resident = get_resident_for_user(request, code, perm=Perm.EDIT_PROFILE)
    interest = get_object_or_404(ResidentInterest, resident=resident, code=item)
    records.remove_part(request.home, resident, interest, actor=request.user)
    messages.success(request, _("Interest removed."))
    return redirect(record_url(request, resident, "interests"))


@require_http_methods(["GET", "POST"])
def technology_add(request: HomeRequest, code: str) -> HttpResponse:
    resident = get_resident_for_user(request, code, perm=Perm.EDIT_PROFILE)
    form = AssistiveTechnologyForm(data(request))
    return save_part_form(
        request,
        resident,
        form,
        title=_("Add assistive technology"),
        section="technology",
        saved=_("Assistive technology added."),
    )


@require_http_methods(["GET", "POST"])
def technology_edit(request: HomeRequest, code: str, item: str) -> HttpResponse:
    resident = get_resident_for_user(request, code, perm=Perm.EDIT_PROFILE)
    device = get_object_or_404(AssistiveTechnology, resident=resident, code=item)
    form = AssistiveTechnologyForm(data(request), instance=device)
    return save_part_form(
        request,
        resident,
        form,
        title=_("Change assistive technology"),
        section="technology",
        saved=_("Saved."),
        remove_url=reverse(
            "residents:technology_remove", args=[request.home.slug, resident.code, device.code]
        ),
    )


@require_POST
def technology_remove(request: HomeRequest, code: str, item: str) -> HttpResponse:
    resident = get_resident_for_user(request, code, perm=Perm.EDIT_PROFILE)
    device = get_object_or_404(AssistiveTechnology, resident=resident, code=item)
    records.remove_part(request.home, resident, device, actor=request.user)
    messages.success(request, _("Assistive technology removed."))
    return redirect(record_url(request, resident, "technology"))


@require_http_methods(["GET", "POST"])
def consent_add(request: HomeRequest, code: str) -> HttpResponse:
    """Record a consent decision. Earlier ones stay as history; the latest is in force."""
    resident = get_resident_for_user(request, code, perm=Perm.MANAGE_RESIDENTS)
    form = ConsentForm(data(request), initial={"purpose": request.GET.get("purpose")})

    def recorded_by(consent: ConsentRecord) -> None:
        consent.recorded_by = request.user

    return save_part_form(
        request,
        resident,
        form,
        title=_("Record a consent decision"),
        section="consent",
        saved=_("Consent decision recorded."),
        prepare=recorded_by,
    )

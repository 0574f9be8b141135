"""The resident list, admitting someone, the record page, photos and the own-sign-in invite."""

import mimetypes

from django.contrib import messages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from commonroom.audit.services import Action, record
from commonroom.homes.access import HomeRequest, require
from commonroom.homes.roles import Perm, Role
from commonroom.homes.views import invite_from_form

from ..access import get_resident_for_user, record_access, residents_for
from ..forms import AdmitForm, InviteResidentForm
from ..models import AboutMeSection, ResidentInterest
from ..services.residents import admit_resident
from .common import data, form_page, record_url


@require_GET
def resident_list(request: HomeRequest) -> HttpResponse:
    if not request.membership.can(Perm.VIEW_ALL_RESIDENTS):
        return _own_people(request)
    query = request.GET.get("q", "").strip()[:100]
    everyone = request.GET.get("everyone") == "1"
    residents = residents_for(request).with_flags().search(query)
    if not everyone:
        residents = residents.current()
    context = {"residents": list(residents), "query": query, "everyone": everyone}
    return render(request, "residents/list.html", context)


def _own_people(request: HomeRequest) -> HttpResponse:
    """A resident, or a family member with one person, goes straight to that record."""
    people = list(residents_for(request).with_flags())
    if len(people) == 1:
        return redirect(record_url(request, people[0]))
    return render(request, "residents/own_people.html", {"residents": people})


@require(Perm.MANAGE_RESIDENTS)
@require_http_methods(["GET", "POST"])
def resident_add(request: HomeRequest) -> HttpResponse:
    form = AdmitForm(data(request))
    if request.method == "POST" and form.is_valid():
        resident = admit_resident(request.home, form.cleaned_data, actor=request.user)
        messages.success(request, _("%(name)s was added.") % {"name": resident.display_name})
        return redirect(record_url(request, resident))
    status = 400 if form.is_bound else 200
    return render(request, "residents/add.html", {"form": form}, status=status)


@require_GET
def resident_detail(request: HomeRequest, code: str) -> HttpResponse:
    resident = get_resident_for_user(request, code, full_record=True)
    record(request.user, Action.VIEW, resident, home=request.home, resident_code=resident.code)
    written = {section.section: section for section in resident.about_me.all()}
    about_me = [
        (section, written.get(section.value), AboutMeSection.PROMPTS[section])
        for section in AboutMeSection.Section
    ]
    interests = [
        (when.label, [item for item in resident.interests.all() if item.when == when])
        for when in ResidentInterest.When
    ]
    context = {
        "resident": resident,
        "access": record_access(request, resident),
        "about_me": about_me,
        "interests": [(label, items) for label, items in interests if items],
        "flags": resident.flags(),
    }
    return render(request, "residents/detail.html", context)


def _stream(picture: FieldFile) -> FileResponse:
    try:
        handle = picture.open("rb")
    except FileNotFoundError as error:
        raise Http404("The picture file is missing.") from error
    content_type = mimetypes.guess_type(picture.name or "")[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    # Personal data: never kept by shared caches; the viewer's browser may reuse it briefly.
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def photo(request: HomeRequest, code: str) -> FileResponse:
    """The photo, only for people who may see the resident and only with photo consent."""
    resident = get_resident_for_user(request, code)
    if not resident.shows_photo:
        raise Http404("No photo to show.")
    return _stream(resident.photo)


@require_GET
def about_me_picture(request: HomeRequest, code: str, section: str) -> FileResponse:
    resident = get_resident_for_user(request, code)
    part = AboutMeSection.objects.filter(resident=resident, section=section).first()
    if part is None or not part.picture or not resident.photo_consented:
        raise Http404("No picture to show.")
    return _stream(part.picture)


@require_http_methods(["GET", "POST"])
def invite(request: HomeRequest, code: str) -> HttpResponse:
    """Invite the person to sign in themselves; accepting links the account to this record."""
    resident = get_resident_for_user(request, code, perm=Perm.MANAGE_MEMBERS)
    if resident.user_id is not None or not resident.is_current:
        messages.error(request, _("%(name)s cannot be invited.") % {"name": resident.display_name})
        return redirect(record_url(request, resident))
    form = InviteResidentForm(data(request), initial={"full_name": resident.full_name})
    if request.method == "POST" and form.is_valid():
        links = {"resident": str(resident.code)}
        if invite_from_form(request, form, role=Role.RESIDENT, links=links):
            return redirect(record_url(request, resident, "sign-in"))
    return form_page(
        request,
        resident,
        form,
        title=_("Invite %(name)s to sign in") % {"name": resident.preferred_name},
        section="sign-in",
        submit=_("Send invitation"),
    )

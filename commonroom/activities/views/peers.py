"""Peers, buddies and volunteers: suggested introductions, a buddy for each newcomer, seating for
a sociable meal, and volunteers' profiles with the residents they might visit."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonroom.homes.access import HomeRequest, require
from commonroom.homes.models import Membership
from commonroom.homes.roles import Perm, Role
from commonroom.residents.access import get_resident_for_user, residents_for
from commonroom.residents.models import Resident

from ..matching import Introduction, Kind, Reason, Table
from ..peer_forms import PairForm, SeatingForm, VolunteerProfileForm, slot_label
from ..services import peers
from ..services.peers import PeersError

# Interest names read mid-sentence ("both love gardening"), except those that start with a name.
PROPER_NOUN_FIRST = ("bollywood",)


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0].casefold()
    if not text or first in PROPER_NOUN_FIRST or text[:2].isupper():
        return text
    return text[0].lower() + text[1:]


def reason_text(reason: Reason) -> str:
    """A reason in words, in the reader's language."""
    detail = reason.detail
    texts = {
        Kind.INTEREST: lambda: _("both love %(interest)s") % {"interest": _lower_first(detail)},
        Kind.LANGUAGE: lambda: _("both speak %(language)s") % {"language": detail},
        Kind.ERA: lambda: _("both born in the %(decade)ds") % {"decade": int(detail)},
        Kind.FAITH: lambda: _("same faith (%(faith)s)") % {"faith": detail},
        Kind.CULTURE: lambda: _("same culture and background (%(culture)s)") % {"culture": detail},
        Kind.PLACE: lambda: _("both lived in %(place)s") % {"place": detail},
        Kind.WORK: lambda: _("both worked in %(work)s") % {"work": detail},
        Kind.FRIENDS: lambda: _("friends"),
        Kind.QUIET: lambda: _("a quieter table, for their hearing"),
        Kind.NEWCOMER: lambda: _("new to the home"),
    }
    return texts[reason.kind]()


def _texts(reasons: Sequence[Reason]) -> list[str]:
    return [reason_text(reason) for reason in reasons]


# --- introductions and buddies ----------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """A suggested pair, with the two residents (for their codes and links) and the reasons."""

    first: Resident
    second: Resident
    reasons: list[str]


def _card(directory: peers.Directory, found: Introduction) -> Card:
    residents = directory.residents
    return Card(residents[found.first.id], residents[found.second.id], _texts(found.reasons))


def _introductions_page(
    request: HomeRequest, form: PairForm | None = None, error: str = ""
) -> HttpResponse:
    suggestions = peers.suggest_introductions(request.home)
    directory = suggestions.directory
    shown = [((s.first, s.second), s.reasons) for s in suggestions.introductions]
    shown += [
        ((n.proposed.first, n.proposed.second), n.proposed.reasons)
        for n in suggestions.newcomers
        if n.proposed
    ]
    peers.record_reasons_viewed(request.home, shown, actor=request.user)
    newcomers = [
        {
            "resident": directory.residents[n.person.id],
            "buddy": directory.residents[n.buddy.id] if n.buddy else None,
            "proposed": _card(directory, n.proposed) if n.proposed else None,
        }
        for n in suggestions.newcomers
    ]
    context = {
        "cards": [_card(directory, found) for found in suggestions.introductions],
        "newcomers": newcomers,
        "form": form or PairForm(),
        "error": error,
    }
    status = 400 if form is not None else 200
    return render(request, "activities/peers/introductions.html", context, status=status)


@require(Perm.PLAN_ACTIVITIES)
@require_GET
def introductions(request: HomeRequest) -> HttpResponse:
    return _introductions_page(request)


def _accept(request: HomeRequest, kind: str) -> HttpResponse:
    form = PairForm(request.POST)
    if not form.is_valid():
        return _introductions_page(request, form, _("Choose a suggestion from the list."))
    first = get_resident_for_user(request, form.cleaned_data["first"])
    second = get_resident_for_user(request, form.cleaned_data["second"])
    try:
        if kind == "buddy":
            peers.accept_buddy(request.home, first, second, actor=request.user)
            message = _("%(buddy)s is now the buddy of %(newcomer)s.")
        else:
            peers.accept_introduction(request.home, first, second, actor=request.user)
            message = _("%(newcomer)s and %(buddy)s are now recorded as friends.")
    except PeersError as error:
        return _introductions_page(request, form, str(error))
    messages.success(request, message % {"newcomer": first, "buddy": second})
    return redirect("activities:introductions", request.home.slug)


@require(Perm.PLAN_ACTIVITIES)
@require_POST
def introduce(request: HomeRequest) -> HttpResponse:
    """Accept a suggested introduction: the two are recorded as friends in the circle."""
    return _accept(request, "friend")


@require(Perm.PLAN_ACTIVITIES)
@require_POST
def make_buddies(request: HomeRequest) -> HttpResponse:
    """Accept a proposed buddy for a newcomer (``first`` the newcomer, ``second`` the buddy)."""
    return _accept(request, "buddy")


# --- seating ----------------------------------------------------------------------------------


def _table_view(table: Table) -> dict[str, Any]:
    return {
        "number": table.number,
        "quiet": table.quiet,
        "names": [person.name for person in table.people],
        "reasons": [
            {"names": [person.name for person in item.people], "texts": _texts(item.reasons)}
            for item in table.reasons
        ],
    }


@require(Perm.PLAN_ACTIVITIES)
@require_GET
def seating(request: HomeRequest) -> HttpResponse:
    """Tables for a meal. The form is sent with GET so that a plan can be bookmarked and
    printed; nothing is saved."""
    eating = list(residents_for(request).filter(status=Resident.Status.LIVING_HERE))
    bound = "table_size" in request.GET
    form = SeatingForm(request.GET if bound else None, residents=eating)
    tables: list[Table] = []
    if bound and form.is_valid():
        tables = peers.seat(
            request.home,
            form.eating(),
            table_size=form.cleaned_data["table_size"],
            quiet_tables=form.cleaned_data["quiet_tables"],
        )
        shown = [(item.people, item.reasons) for table in tables for item in table.reasons]
        peers.record_reasons_viewed(request.home, shown, actor=request.user)
    context = {"form": form, "tables": [_table_view(t) for t in tables]}
    status = 400 if bound and not form.is_valid() else 200
    return render(request, "activities/peers/seating.html", context, status=status)


# --- volunteers -------------------------------------------------------------------------------


@require(Perm.PLAN_ACTIVITIES)
@require_GET
def volunteers(request: HomeRequest) -> HttpResponse:
    rows, directory = peers.volunteers_with_matches(request.home)
    shown = [((m.resident,), m.reasons) for row in rows for m in row.matches]
    peers.record_reasons_viewed(request.home, shown, actor=request.user)
    context = {
        "rows": [
            {
                "membership": row.membership,
                "profile": row.profile,
                "interests": list(row.profile.interests.all()) if row.profile else [],
                "slots": [slot_label(s) for s in row.profile.availability] if row.profile else [],
                "matches": [
                    {"resident": directory.residents[m.resident.id], "texts": _texts(m.reasons)}
                    for m in row.matches
                ],
            }
            for row in rows
        ]
    }
    return render(request, "activities/peers/volunteers.html", context)


def _volunteer_for(request: HomeRequest, code: UUID) -> Membership:
    """The volunteer with ``code``: planners may open anyone's profile, a volunteer their own."""
    own = request.role == Role.VOLUNTEER and request.membership.code == code
    if not (own or request.membership.can(Perm.PLAN_ACTIVITIES)):
        raise PermissionDenied
    found = (
        Membership.objects.active()
        .filter(home=request.home, role=Role.VOLUNTEER, code=code)
        .select_related("user", "volunteer_profile")
        .first()
    )
    if found is None:
        raise Http404("No such volunteer.")
    return found


def _initial(membership: Membership) -> dict[str, Any]:
    profile = getattr(membership, "volunteer_profile", None)
    if profile is None:
        return {}
    return {
        "languages": ", ".join(profile.languages),
        "interests": list(profile.interests.all()),
        "availability": profile.availability,
        "notes": profile.notes,
    }


@require_http_methods(["GET", "POST"])
def volunteer_edit(request: HomeRequest, member: UUID) -> HttpResponse:
    membership = _volunteer_for(request, member)
    bound = request.method == "POST"
    form = VolunteerProfileForm(request.POST if bound else None, initial=_initial(membership))
    if form.is_valid():
        try:
            peers.save_volunteer_profile(
                request.home, membership, form.to_input(), actor=request.user
            )
        except PeersError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The volunteer profile was saved."))
            if request.membership.can(Perm.PLAN_ACTIVITIES):
                return redirect("activities:volunteers", request.home.slug)
            return redirect("activities:volunteer_edit", request.home.slug, membership.code)
    context = {
        "membership": membership,
        "form": form,
        "own": membership.pk == request.membership.pk,
        "can_plan": request.membership.can(Perm.PLAN_ACTIVITIES),
    }
    status = 400 if bound else 200
    return render(request, "activities/peers/volunteer_edit.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("peers/introductions/", introductions, name="introductions"),
    path("peers/introductions/introduce/", introduce, name="introduce"),
    path("peers/introductions/buddies/", make_buddies, name="make_buddies"),
    path("peers/seating/", seating, name="seating"),
    path("volunteers/", volunteers, name="volunteers"),
    path("volunteers/<uuid:member>/", volunteer_edit, name="volunteer_edit"),
]

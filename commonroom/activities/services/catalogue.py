"""The catalogue of activity ideas: a home's own, and those shared across its organisation."""

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from commonroom.audit.services import Action, record
from commonroom.homes.models import Home
from commonroom.residents.models import Interest

from ..models import Activity, Category

FILTER_FLAGS = {
    "seated": _("Can be done seated"),
    "bedside": _("Can be done at the bedside"),
    "dementia_friendly": _("Dementia-friendly"),
    "hearing_friendly": _("Hearing-friendly"),
}


@dataclass(frozen=True)
class CatalogueFilter:
    category: str = ""
    flags: tuple[str, ...] = ()


def catalogue(home: Home, wanted: CatalogueFilter) -> QuerySet[Activity]:
    """The home's current ideas matching ``wanted``, with their interests and usual room."""
    ideas = Activity.objects.filter(home=home, retired=False)
    if wanted.category in Category.values:
        ideas = ideas.filter(category=wanted.category)
    for flag in wanted.flags:
        if flag in FILTER_FLAGS:
            ideas = ideas.filter(**{flag: True})
    return ideas.select_related("room").prefetch_related("interests")


def save_activity(
    home: Home,
    activity: Activity,
    *,
    interests: Iterable[Interest],
    changed: Iterable[str],
    actor: object,
) -> Activity:
    """Create or change an idea in ``home``'s catalogue (audited)."""
    creating = activity.pk is None
    activity.home = home
    with transaction.atomic():
        activity.save()
        activity.interests.set(interests)
        action = Action.CREATE if creating else Action.UPDATE
        record(actor, action, activity, home=home, fields=changed)
    return activity


def _shared_elsewhere(home: Home) -> QuerySet[Activity]:
    # The tenant scope limits queries to this home; ideas shared by the organisation's other
    # homes are read outside it, filtered by hand to the same organisation.
    return (
        Activity.objects.filter(organisation_id=home.organisation_id, shared=True, retired=False)
        .exclude(home=home)
        .select_related("home")
    )


def shared_ideas(home: Home) -> list[Activity]:
    """Ideas the organisation's other homes have shared (never another organisation's)."""
    with scopes_disabled():
        return list(_shared_elsewhere(home).prefetch_related("interests"))


def copy_shared_idea(home: Home, code: UUID, *, actor: object) -> Activity:
    """Copy an idea shared by another home of the organisation into ``home``'s catalogue
    (404 for anything else). The copy has no room and is not itself shared."""
    with scopes_disabled():
        original = _shared_elsewhere(home).filter(code=code).first()
        if original is None:
            raise Http404("No such shared idea.")
        interests = list(original.interests.all())
    copy = Activity(
        title=original.title,
        description=original.description,
        category=original.category,
        copied_from=original,
        **{name: getattr(original, name) for name in _COPIED},
    )
    return save_activity(home, copy, interests=interests, changed=["copied_from"], actor=actor)


_COPIED = (
    "seated",
    "bedside",
    "dementia_friendly",
    "hearing_friendly",
    "sight_friendly",
    "language",
    "min_people",
    "max_people",
    "staff_needed",
    "volunteers_needed",
    "outdoor",
    "cost",
    "partner",
)

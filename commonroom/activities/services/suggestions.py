"""Residents' suggestions and choices ("I'd like to go to the cricket"), what was done about
them, and the public "you said, we did" board, which never names anyone."""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from commonroom.audit.services import Action, record
from commonroom.homes.models import Home
from commonroom.residents.models import Resident

from ..models import Suggestion

MAX_TEXT = 2000
NEEDS_RESPONSE = frozenset({Suggestion.Status.DONE, Suggestion.Status.NOT_POSSIBLE})
ON_THE_BOARD = (
    Suggestion.Status.CONSIDERING,
    Suggestion.Status.PLANNED,
    Suggestion.Status.DONE,
    Suggestion.Status.NOT_POSSIBLE,
)


class SuggestionError(ValueError):
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def make_suggestion(
    home: Home, text: str, *, resident: Resident | None, actor: Any, public: bool = True
) -> Suggestion:
    """Record a suggestion from ``resident``, or from the residents' meeting when None. Who may
    speak for whom is the caller's check (a resident for themselves, staff for anyone)."""
    text = _text(text, "text")
    if resident is not None and resident.home_id != home.pk:
        raise SuggestionError("resident", _("Choose a resident of this home."))
    with transaction.atomic():
        suggestion = Suggestion.objects.create(
            home=home,
            organisation_id=home.organisation_id,
            resident=resident,
            text=text,
            public=public,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        _audit(suggestion, Action.CREATE, ("text", "public"), actor)
    return suggestion


def respond(
    suggestion: Suggestion, *, status: str, response: str, public: bool, actor: Any
) -> Suggestion:
    """Change where a suggestion stands and write what was done ("we did")."""
    if status not in Suggestion.Status.values:
        raise SuggestionError("status", _("Choose where it stands from the list."))
    response = response.strip()
    if len(response) > MAX_TEXT:
        raise SuggestionError("response", _("Keep it under 2,000 characters."))
    if status in NEEDS_RESPONSE and not response:
        raise SuggestionError("response", _("Say what was done, or why it is not possible."))
    changes = {"status": status, "response": response, "public": public}
    changed = [name for name, value in changes.items() if getattr(suggestion, name) != value]
    if not changed:
        return suggestion
    with transaction.atomic():
        for name in changed:
            setattr(suggestion, name, changes[name])
        suggestion.save(update_fields=[*changed, "updated_at"])
        _audit(suggestion, Action.UPDATE, changed, actor)
    return suggestion


def board(home: Home) -> QuerySet[Suggestion]:
    """What the board shows: public suggestions someone has taken up, newest change first.
    Only the words and the answer: callers must not show who said it."""
    return (
        Suggestion.objects.filter(home=home, public=True, status__in=ON_THE_BOARD)
        .only("code", "text", "status", "response", "updated_at")
        .order_by("-updated_at")
    )


def _text(value: str, field: str) -> str:
    value = value.strip()
    if not value:
        raise SuggestionError(field, _("Write the suggestion."))
    if len(value) > MAX_TEXT:
        raise SuggestionError(field, _("Keep it under 2,000 characters."))
    return value


def _audit(suggestion: Suggestion, action: str, fields: Any, actor: Any) -> None:
    code = suggestion.resident.code if suggestion.resident_id else None  # type: ignore[union-attr]
    record(actor, action, suggestion, home=suggestion.home, resident_code=code, fields=fields)

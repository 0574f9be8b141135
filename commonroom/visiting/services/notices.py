"""Written notice of a restriction when it starts, changes and ends: composed from the record
(what, who, why, precautions, named care supporters and the exceptions, the next review, the
named contact), one email per person, each in their own language and about their own person
only. Deliveries are rows first; a task sends them after the transaction commits."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commonroom.circle.models import Contact, statutory_role_for
from commonroom.homes.models import Home

from ..models import NoticeDelivery, Restriction, RestrictionNotice, Visit

RECENT_VISITS = dt.timedelta(days=90)


@dataclass
class Recipient:
    name: str
    email: str
    language: str
    about: list[str] = field(default_factory=list)


def write_notice(
    restriction: Restriction, event: str, *, note: str = "", actor: Any
) -> RestrictionNotice:
    """Write the notice and one delivery per person, and queue the sending on commit. Call
    inside the change's transaction."""
    subject, body = compose(restriction, event, note=note)
    notice = RestrictionNotice.objects.create(
        home_id=restriction.home_id,
        organisation_id=restriction.organisation_id,
        restriction=restriction,
        event=event,
        subject=subject[:300],
        body=body,
        sent_by=actor if getattr(actor, "pk", None) else None,
    )
    personal = restriction.scope == Restriction.Scope.RESIDENTS
    rows = []
    for person in recipients(restriction):
        with translation.override(person.language):
            own_subject, own_body = compose(
                restriction, event, note=note, about=person.about if personal else None
            )
        rows.append(
            NoticeDelivery(
                home_id=restriction.home_id,
                organisation_id=restriction.organisation_id,
                notice=notice,
                name=person.name[:200],
                email=person.email,
                subject=own_subject[:300],
                body=own_body,
            )
        )
    NoticeDelivery.objects.bulk_create(rows)
    queue_sending(notice)
    return notice


def queue_sending(notice: RestrictionNotice) -> None:
    from ..tasks import send_notice

    code = str(notice.code)
    transaction.on_commit(lambda: send_notice.enqueue(notice_code=code))


def send_failed_again(notice: RestrictionNotice) -> int:
    """Queue the deliveries that failed for another try; answers how many."""
    with transaction.atomic():
        count = (
            NoticeDelivery.objects.filter(notice=notice, sent_at__isnull=True)
            .exclude(error="")
            .update(error="")
        )
        if count:
            queue_sending(notice)
    return count


def recipients(restriction: Restriction) -> list[Recipient]:
    """Circle contacts with an email of the residents covered, and visitors with an email who
    visited them in the last 90 days: one each per address, with the people they are about."""
    covered = dict(restriction.covered.values_list("resident_id", "resident__full_name"))
    names = _display_names(restriction.home, covered)
    found: dict[str, Recipient] = {}
    contacts = (
        Contact.objects.filter(home_id=restriction.home_id, resident_id__in=list(covered))
        .exclude(email="")
        .select_related("user")
        .order_by("name")
    )
    for contact in contacts:
        _add(found, contact.name, contact.email, contact.user, names[contact.resident_id])
    since = timezone.now() - RECENT_VISITS
    visits = (
        Visit.objects.filter(
            home_id=restriction.home_id, signed_in_at__gte=since, residents__in=list(covered)
        )
        .exclude(Q(visitor__email="") | Q(visitor__archived_at__isnull=False))
        .select_related("visitor__user")
        .values_list("visitor__name", "visitor__email", "visitor__user__language", "residents")
        .distinct()
    )
    for name, email, language, resident_id in visits:
        if resident_id in names:
            _add_raw(found, name, email, language, names[resident_id])
    return sorted(found.values(), key=lambda r: (r.name.casefold(), r.email))


def _display_names(home: Home, covered: dict[int, str]) -> dict[int, str]:
    from commonroom.residents.models import Resident

    people = Resident.objects.filter(home=home, pk__in=list(covered)).only(
        "id", "full_name", "preferred_name"
    )
    return {p.pk: p.display_name for p in people}


def _add(found: dict[str, Recipient], name: str, email: str, user: Any, about: str) -> None:
    _add_raw(found, name, email, getattr(user, "language", "") if user else "", about)


def _add_raw(
    found: dict[str, Recipient], name: str, email: str, language: str | None, about: str
) -> None:
    key = email.strip().lower()
    if not key:
        return
    person = found.get(key)
    if person is None:
        person = found[key] = Recipient(name, key, language or settings.LANGUAGE_CODE)
    elif language and person.language == settings.LANGUAGE_CODE:
        person.language = language
    if about not in person.about:
        person.about.append(about)


def compose(
    restriction: Restriction, event: str, *, note: str = "", about: Iterable[str] | None = None
) -> tuple[str, str]:
    """The subject and plain-text body of a notice, in the active language. ``about`` names
    the recipient's own person for a restriction on named residents; otherwise nobody is named."""
    home = restriction.home
    role = statutory_role_for(home.nation)
    context = {
        "restriction": restriction,
        "home": home,
        "event": event,
        "events": RestrictionNotice.Event,
        "levels": Restriction.Level,
        "scopes": Restriction.Scope,
        "note": note.strip(),
        "about": list(about or []),
        "supporter_title": role.label if role else _("named care supporter"),
    }
    subjects = {
        RestrictionNotice.Event.STARTED: _("Visiting at %(home)s: a restriction has started"),
        RestrictionNotice.Event.CHANGED: _("Visiting at %(home)s: a restriction has changed"),
        RestrictionNotice.Event.LIFTED: _("Visiting at %(home)s: a restriction has been lifted"),
    }
    subject = subjects[RestrictionNotice.Event(event)] % {"home": home.name}
    body = render_to_string("visiting/email/restriction_notice.txt", context)
    return " ".join(subject.split()), _tidy(body)


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy) + "\n"


@dataclass(frozen=True)
class Counts:
    sent: int
    waiting: int
    failed: int


def counts(notice: RestrictionNotice) -> Counts:
    """Sent, waiting and failed deliveries, from the prefetched rows."""
    rows = list(notice.deliveries.all())
    sent = sum(1 for d in rows if d.sent_at)
    failed = sum(1 for d in rows if not d.sent_at and d.error)
    return Counts(sent, len(rows) - sent - failed, failed)

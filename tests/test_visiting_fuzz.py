"""Nothing anyone types into a visiting form breaks a page. Every form on every visiting page a
manager and a visitor at the tablet can reach is sent back with odd values in every field:
the answer is a page or a redirect, or a 4xx with a message, never a server error."""

import datetime as dt
import re
from collections.abc import Callable
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonroom.visiting.models import Kiosk, Restriction, Visitor
from commonroom.visiting.services import door, kiosks
from commonroom.visiting.services.spaces import save_space

from .conftest import World

ODD_VALUES = [
    "",
    "-1",
    "99999999999999999999",
    "2026-02-31",
    "😀" * 3 + " مرحبا שלום",
    "x" * 5000,
    '"><script>alert(1)</script>',
    "\x00",
]
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.I)
ACTION = re.compile(r"\baction=\"([^\"]*)\"")
METHOD = re.compile(r"\bmethod=\"([^\"]*)\"", re.I)
LINK = re.compile(r'href="(/(?:homes|kiosk)/[^"#?]*)"')


def _forms(page: str, here: str) -> list[tuple[str, str, list[str]]]:
    """(method, action, field names) of each form on the page."""
    found = []
    for attributes, body in FORM.findall(page):
        action = ACTION.search(attributes)
        method = METHOD.search(attributes)
        names = sorted(set(FIELD.findall(body)) - {"csrfmiddlewaretoken"})
        found.append(
            (
                (method.group(1) if method else "get").lower(),
                unescape(action.group(1)) if action and action.group(1) else here,
                names,
            )
        )
    return found


def _send_odd_values(
    client: Client, start: list[str], inside: str, before_each: Callable[[], object] = list
) -> int:
    """Open each page (and the pages they link to under ``inside``), fill every form with each
    odd value and send it; return how many forms were sent. ``before_each`` runs before each
    page is opened."""
    seen: set[str] = set()
    queue = list(start)
    sent = 0
    while queue:
        page_url = queue.pop()
        if page_url in seen or "/sign-out/" in page_url or "/archive/" in page_url:
            continue
        seen.add(page_url)
        before_each()
        response = client.get(page_url)
        assert response.status_code < 500, (page_url, response.status_code)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        queue += [link for link in LINK.findall(page) if link.startswith(inside)]
        for method, action, names in _forms(page, page_url):
            # Only this part's own forms: not signing out, not the language switch.
            if not action.startswith(inside):
                continue
            for value in ODD_VALUES:
                data = {name: value for name in names}
                send = client.post if method == "post" else client.get
                answer = send(action, data)
                assert answer.status_code < 500, (page_url, action, value[:20], answer.status_code)
                sent += 1
    return sent


@pytest.fixture
def busy(world: World) -> str:
    """A home with something on every page: a visitor in the building, a space, a restriction;
    returns the address of a door tablet."""
    person = Visitor.objects.create(home=world.home_a, name="Susan Ellis")
    person.usual_residents.add(world.resident_a)
    door.sign_in(world.home_a, person, [world.resident_a], actor=world.manager_a)
    save_space(
        world.home_a,
        None,
        actor=None,
        name="Garden room",
        kind="garden",
        capacity=6,
        can_reserve=True,
    )
    Restriction.objects.create(
        home=world.home_a,
        organisation_id=world.home_a.organisation_id,
        title="Flu on the ground floor",
        scope=Restriction.Scope.HOME,
        level=Restriction.Level.PRECAUTIONS,
        risk="Flu",
        risk_assessment="Three residents unwell",
        alternatives_considered="None needed",
        consulted="Residents and families",
        contact_name="Ailsa Grant",
        contact_details="01234 567890",
        started_at=timezone.now() - dt.timedelta(days=1),
        next_review_on=timezone.localdate() + dt.timedelta(days=7),
    )
    _kiosk, token = kiosks.create_kiosk(world.home_a, name="Front door", actor=world.manager_a)
    return reverse("kiosk:start", args=[token])


def test_odd_values_in_every_staff_form(world: World, busy: str) -> None:
    inside = f"/homes/{world.home_a.slug}/visiting/"
    start = [
        reverse("visiting:index", args=[world.home_a.slug]),
        reverse("visiting:preferences", args=[world.home_a.slug, world.resident_a.code]),
    ]
    assert _send_odd_values(world.client("manager_a"), start, inside) > 20


def test_odd_values_at_the_door_tablet(world: World, busy: str) -> None:
    def unlock() -> None:
        # Odd codes count as wrong guesses and lock the tablet; each page starts unlocked so
        # that every form is reached (the lockout has tests of its own).
        Kiosk.objects.update(failed_attempts=0, failures_since=None)

    sent = _send_odd_values(Client(), [busy, f"{busy}in/?q=Susan"], busy, unlock)
    assert sent > 30

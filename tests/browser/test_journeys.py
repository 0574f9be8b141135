"""Whole journeys in a real browser, one per kind of person, on the demo organisation.

Every page visited is checked with axe-core, and the pictures in the user guides (docs/) are taken
here, so the guides always show the app as it is.
"""

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from commonroom.audit.models import AuditEntry
from commonroom.demo.accounts import DEMO_PASSWORD, totp_key_hex
from commonroom.demo.loader import load_demo
from commonroom.homes.models import Invitation
from commonroom.homes.roles import Role
from commonroom.lib.dates import today
from commonroom.residents.models import Resident

from .conftest import SCREENSHOTS, VIEWPORTS, check_accessibility, screenshot, sign_in

pytestmark = pytest.mark.browser

HOME = "rowan-house"
MANAGER = "manager@rowan.demo"
CARE_WORKER = "carer@rowan.demo"
FAMILY = "family@rowan.demo"
ELAINE = "elaine.keay@example.org"
RECORD_URL = re.compile(rf"/homes/{HOME}/residents/([0-9a-f-]{{36}})/")


@pytest.fixture(autouse=True)
def demo() -> None:
    """Heatherfield Care's two homes: realistic people make realistic screenshots."""
    load_demo()


@pytest.fixture
def second_phone(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """Another person's phone, used alongside ``page`` (its own cookies, so its own sign-in)."""
    context = browser.new_context(
        viewport=VIEWPORTS["phone"],  # type: ignore[arg-type]
        base_url=live_server.url,
        locale="en-GB",
        timezone_id=settings.TIME_ZONE,
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def demo_sign_in(page: Page, email: str, *, code_picture: str | None = None) -> None:
    """Sign in as a demo account; staff type the code from their (demo) authenticator app.
    ``code_picture`` names the screenshot of the code page, if one is wanted."""
    key = bytes.fromhex(totp_key_hex(email)) if email != FAMILY else None

    def on_each_page(visited: Page, name: str) -> None:
        if name == "two-factor":
            visit(visited, code_picture)

    sign_in(page, email, DEMO_PASSWORD, key, on_each_page=on_each_page)
    expect(page).to_have_url(re.compile(rf"/homes/{HOME}/$"))


def visit(page: Page, name: str | None = None) -> None:
    """Check the page for accessibility problems and, when named, keep a picture of it."""
    check_accessibility(page)
    if name is not None:
        page.mouse.move(0, 0)  # no hover highlight on whatever was clicked last
        screenshot(page, name)


def capture(part: Locator, name: str) -> Path:
    """A picture of one part of a long page (the whole record would be too tall to read)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    part.screenshot(path=str(path), animations="disabled", caret="hide")
    return path


def glimpse(page: Page, name: str) -> Path:
    """A picture of what fits on the screen: the top of a long page, as a person first sees it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    return path


def done(page: Page, text: str) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(text)


def resident_code(page: Page) -> str:
    found = RECORD_URL.search(page.url)
    assert found, f"Not on a resident's record: {page.url}"
    return found.group(1)


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_manager_admits_a_resident_writes_their_story_and_reads_the_audit_trail(
    page: Page, second_phone: Page
) -> None:
    demo_sign_in(page, MANAGER)
    visit(page, "manager-dashboard")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Residents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Residents")
    visit(page)
    glimpse(page, "manager-residents")

    page.get_by_role("link", name="Add a resident").click()
    page.get_by_label("Full name").fill("Winifred Keay")
    page.get_by_label("Preferred name").fill("Winnie")
    page.get_by_label("Pronouns").fill("she/her")
    page.get_by_label("Date of birth").fill("1938-05-14")
    page.get_by_label("Room").fill("25")
    page.get_by_label("Date moved in").fill((today() - dt.timedelta(days=2)).isoformat())
    page.get_by_label("First language").fill("English")
    page.get_by_label("Faith or beliefs").fill("Church of Scotland")
    visit(page, "manager-admit")
    page.get_by_role("button", name="Add resident").click()

    done(page, "Winnie (Winifred Keay) was added.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Winnie (Winifred Keay)")
    code = resident_code(page)
    visit(page)

    page.get_by_role("link", name=re.compile(r"^Write this\W+What is most important to me")).click()
    page.get_by_label("In my words").fill(
        "I grew up in Dundee and worked in the jute mills. My garden and my grandchildren "
        "matter most to me now."
    )
    page.get_by_label("Supported to write this by").fill("my daughter Elaine")
    visit(page, "manager-about-me")
    page.get_by_role("button", name="Save").click()
    done(page, "Saved.")
    about_me = page.locator("#about-me")
    expect(about_me).to_contain_text("worked in the jute mills")
    expect(about_me).to_contain_text("Supported to write this by my daughter Elaine.")
    visit(page)

    page.get_by_role("link", name="Change (communication and mobility)").click()
    page.get_by_label("How best to communicate with me").fill(
        "Speak clearly on my right side; I do not hear well on the left."
    )
    page.get_by_role("button", name="Save").click()
    done(page, "Saved.")
    visit(page)

    page.get_by_role("link", name="Add a contact").click()
    page.get_by_label("Name", exact=True).fill("Elaine Keay")
    page.get_by_label("Relationship", exact=True).select_option(label="Son or daughter")
    page.get_by_label("Relationship in their words").fill("daughter")
    page.get_by_label("Phone").fill("07700 900555")
    page.get_by_label("Email").fill(ELAINE)
    page.get_by_label("How they like to keep in touch").select_option(label="Visits in person")
    page.get_by_label("How often").select_option(label="Every week")
    page.get_by_label("May receive updates").check()
    visit(page, "manager-add-contact")
    page.get_by_role("button", name="Add contact").click()
    done(page, "Elaine Keay was added.")
    circle = page.locator("#circle")
    expect(circle).to_contain_text("Elaine Keay")
    expect(circle).to_contain_text("May receive updates")
    visit(page)

    page.get_by_role("link", name="Record a decision (consent)").click()
    consent = page.locator("form")
    consent.get_by_label("Updates about me shared with the people I name").check()
    consent.get_by_label("Consent given").check()
    consent.get_by_label("The person themselves").check()
    consent.get_by_label("Date", exact=True).fill(today().isoformat())
    visit(page, "manager-consent")
    page.get_by_role("button", name="Save").click()
    done(page, "Consent decision recorded.")
    visit(page)
    capture(page.locator("#about-me"), "record-about-me")
    capture(page.locator("#circle"), "record-circle")

    page.locator("#circle").get_by_role("link", name="Elaine Keay").click()
    page.get_by_role("button", name="Invite to Common Room").click()
    done(page, "Invitation sent to Elaine Keay.")
    visit(page, "manager-invite-family")

    page.goto(reverse("audit:resident", args=[HOME, code]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Winnie (Winifred Keay)")
    trail = page.locator("table")
    for action, record in [
        ("Created", "Resident"),
        ("Changed", "Resident"),
        ("Viewed", "Resident"),
        ("Created", "About me section"),
        ("Created", "Contact"),
        ("Created", "Consent record"),
    ]:
        row = trail.locator("tr").filter(has_text=action).filter(has_text=record)
        expect(row.first).to_contain_text("Eilidh Sinclair")
    expect(trail).to_contain_text("How best to communicate with me")
    expect(trail).not_to_contain_text("jute mills")
    visit(page, "manager-audit-resident")
    assert AuditEntry.objects.filter(resident_code=code, action=AuditEntry.Action.VIEW).count() >= 4

    family = second_phone
    invitation = Invitation.objects.get(email=ELAINE)
    family.goto(reverse("homes:accept_invitation", args=[invitation.token]))
    expect(family.get_by_role("heading", level=1)).to_have_text("Join Rowan House")
    expect(family.get_by_label("Your full name")).to_have_value("Elaine Keay")
    family.get_by_label("Choose a password").fill("heather kettle lantern harbour")
    visit(family, "family-accept-invitation")
    family.get_by_role("button", name="Accept invitation").click()
    done(family, "Welcome to Rowan House.")
    family.get_by_role("main").get_by_role("link", name="My family member or friend").click()
    expect(family.get_by_role("heading", level=1)).to_have_text("Winnie")
    expect(family.locator("#about-me")).to_contain_text("worked in the jute mills")
    visit(family)


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_care_worker_on_a_phone_finds_a_person_and_adds_an_interest(page: Page) -> None:
    demo_sign_in(page, CARE_WORKER, code_picture="carer-two-factor-phone")
    visit(page)

    page.get_by_role("main").get_by_role("link", name="Residents").click()
    page.get_by_label("Search by name or room").fill("Peigi")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("1 person")
    visit(page, "carer-search-phone")

    page.get_by_role("link", name="Peigi (Margaret MacLeod)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Peigi (Margaret MacLeod)")
    communication = page.locator("#communication")
    expect(communication).to_contain_text("Try a few words of Gaelic first")
    about_me = page.locator("#about-me")
    expect(about_me).to_contain_text("What is most important to me")
    expect(about_me).to_contain_text("please do not call me Margaret")
    visit(page)
    glimpse(page, "carer-record-phone")
    capture(communication, "carer-communication-phone")
    capture(about_me, "carer-about-me-phone")
    capture(page.locator("#circle"), "carer-circle-phone")

    page.get_by_role("link", name="Add an interest (interests)").click()
    page.get_by_role("combobox", name=re.compile(r"^Interest")).select_option(label="Baking")
    page.get_by_label("In their words").fill("Scones and clootie dumpling, as her mother made")
    page.get_by_label("Would like to try").check()
    visit(page, "carer-add-interest-phone")
    page.get_by_role("button", name="Save").click()

    done(page, "Interest added.")
    interests = page.locator("#interests")
    expect(interests).to_contain_text("Scones and clootie dumpling")
    visit(page)
    capture(interests, "carer-interests-phone")


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_family_member_sees_only_their_person(page: Page) -> None:
    # Peigi's daughter Catriona is the demo's family sign-in; Peigi agreed to share updates.
    person = Resident.objects.get(home__slug=HOME, preferred_name="Peigi")
    demo_sign_in(page, FAMILY)
    visit(page, "family-dashboard")

    page.get_by_role("main").get_by_role("link", name="My family member or friend").click()
    expect(page).to_have_url(re.compile(rf"/homes/{HOME}/residents/{person.code}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Peigi")
    expect(page.locator("#about-me")).to_contain_text("hearing my own language")
    expect(page.locator("#profile")).to_have_count(0)
    expect(page.locator("#consent")).to_have_count(0)
    visit(page)
    glimpse(page, "family-record-phone")

    someone_else = Resident.objects.filter(home__slug=HOME).exclude(pk=person.pk).first()
    assert someone_else is not None
    response = page.goto(reverse("residents:detail", args=[HOME, someone_else.code]))
    assert response is not None and response.status == 404
    expect(page.get_by_role("main")).not_to_contain_text(someone_else.full_name)
    visit(page, "family-not-found")

    page.go_back()
    page.get_by_role("button", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    visit(page)
    glimpse(page, "family-record-welsh-phone")


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_manager_invites_a_care_worker_and_imports_residents(page: Page, tmp_path: Path) -> None:
    demo_sign_in(page, MANAGER)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Members").click()
    page.get_by_label("Full name").fill("Ruaridh Fraser")
    page.get_by_label("Email address").fill("ruaridh.fraser@example.org")
    page.get_by_label("Role").select_option(label="Care worker")
    page.get_by_role("button", name="Send invitation").click()
    done(page, "Invitation sent to ruaridh.fraser@example.org.")
    waiting = page.get_by_role("listitem").filter(has_text="ruaridh.fraser@example.org")
    expect(waiting).to_contain_text("Care worker")
    visit(page, "manager-members")
    assert Invitation.objects.filter(email="ruaridh.fraser@example.org", role=Role.CARE_WORKER)

    bad = tmp_path / "new-residents-draft.csv"
    bad.write_text(
        "full_name,preferred_name,admission_date,room\n"
        "Hamish Munro,Hamish,31/02/2024,26\n"
        "Jean Robertson,,2024-03-04,27\n",
        encoding="utf-8",
    )
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Import and export"
    ).click()
    visit(page, "manager-import")
    upload(page, bad)
    expect(page.locator("#problems")).to_contain_text("admission_date")
    expect(page.locator("#problems")).to_contain_text("preferred_name")
    visit(page, "manager-import-problems")

    good = tmp_path / "new-residents.csv"
    good.write_text(
        "full_name,preferred_name,admission_date,room,first_language\n"
        "Hamish Munro,Hamish,2024-02-28,26,English\n"
        "Jean Robertson,Jeannie,04/03/2024,27,Scots\n",
        encoding="utf-8",
    )
    page.get_by_role("link", name="Upload a different file").click()
    upload(page, good)
    expect(page.locator(".govuk-panel")).to_contain_text("2 residents are ready to import")
    visit(page, "manager-import-review")

    page.get_by_role("button", name="Import 2 residents").click()
    done(page, "2 residents imported.")
    expect(page.get_by_role("link", name="Jeannie (Jean Robertson)")).to_be_visible()
    visit(page)


def upload(page: Page, csv_file: Path) -> None:
    page.get_by_label("Residents", exact=True).check()
    page.get_by_label("CSV file", exact=True).set_input_files(str(csv_file))
    page.get_by_role("button", name="Check the file", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your file")


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_manager_reads_a_record_key_workers_and_supporters(page: Page) -> None:
    demo_sign_in(page, MANAGER)
    archie = Resident.objects.get(home__slug=HOME, preferred_name="Archie")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Residents").click()
    page.get_by_role("link", name="Archie (Archibald Robertson)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Archie (Archibald Robertson)")
    visit(page)
    glimpse(page, "manager-record")
    for part in ("consent", "plan", "risks"):
        capture(page.locator(f"#{part}"), f"record-{part}")
    expect(page.locator("#risks")).to_contain_text("Review overdue")

    page.get_by_role("link", name="Key worker history").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Key workers")
    expect(page.get_by_role("button", name="Assign key worker")).to_be_visible()
    visit(page, "manager-key-workers")

    page.goto(reverse("residents:risk_add", args=[HOME, archie.code]))
    visit(page, "manager-risk-decision")
    page.goto(reverse("residents:review_add", args=[HOME, archie.code]))
    visit(page, "manager-plan-review")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Supporters").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supporters, updates and door codes")
    expect(page.locator("#without-supporter")).to_contain_text("Ruth Abernethy")
    expect(page.locator("table")).to_contain_text("Sandra Robertson")
    visit(page, "manager-supporters")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Home settings").click()
    expect(page.get_by_label("UK nation")).to_have_value("scotland")
    visit(page, "manager-home-settings")


PAGES_OF_ISSUES_3_AND_4 = [
    ("connections/today/", "manager-who-needs-connection-today"),
    ("connections/today/rules/", None),
    ("connections/figures/", "manager-connection-figures"),
    ("connections/network/", "manager-network"),
    ("connections/rebuild/", None),
    ("connections/measures/bands/", None),
    ("activities/programme/", None),
    ("activities/catalogue/", None),
    ("activities/rooms/", None),
    ("activities/calendars/", None),
    ("activities/suggestions/", None),
    ("activities/suggestions/board/", None),
    ("activities/peers/introductions/", None),
    ("activities/peers/seating/", None),
    ("activities/volunteers/", None),
    ("activities/catalogue/add/", None),
    ("activities/programme/add/", None),
    ("planner/", None),
    ("transfer/", None),
]


@pytest.mark.parametrize("page", ["phone", "desktop"], indirect=True)
def test_connection_and_activity_pages_are_accessible(page: Page) -> None:
    """Every page of the connection log and the activities, as a manager on the demo home."""
    demo_sign_in(page, MANAGER)
    phone = page.viewport_size is not None and page.viewport_size["width"] < 500
    for path, picture in PAGES_OF_ISSUES_3_AND_4:
        response = page.goto(f"/homes/{HOME}/{path}")
        assert response is not None and response.status == 200, path
        visit(page, picture if picture and not phone else None)
    page.goto(f"/homes/{HOME}/residents/")
    page.locator(".cr-resident-row a").first.click()
    page.get_by_role("link", name="Connections over time").click()
    visit(page, None if phone else "manager-connections-timeline")
    page.go_back()
    page.get_by_role("link", name="Loneliness measures").click()
    visit(page)

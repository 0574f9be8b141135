"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Run them with ``pytest -m browser``. Without Chromium at /usr/bin/chromium (or the path in
COMMONROOM_CHROMIUM) they are skipped, unless COMMONROOM_REQUIRE_BROWSER=1 (set by CI), when they
fail instead: a CI run must not pass because the browser was missing.
"""

import base64
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path(os.environ.get("COMMONROOM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # British date inputs (dd/mm/yyyy) in pages and screenshots.
    "--lang=en-GB",
]
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "tablet": {"width": 820, "height": 1180},
    "desktop": {"width": 1280, "height": 900},
}
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


def _unavailable(reason: str) -> None:
    if os.environ.get("COMMONROOM_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Browser tests are required (COMMONROOM_REQUIRE_BROWSER=1): {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM calls
    # from test code and fixtures; the live server itself runs in its own thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright().start()
    try:
        try:
            launched = manager.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
        except Exception as error:
            _unavailable(f"Chromium would not start: {error}")
        yield launched
        launched.close()
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _live_database(transactional_db: None) -> None:
    """The live server reads the database from another thread, so test data must be committed."""


@pytest.fixture
def page(browser: Browser, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser tab on the live server. Phone-sized unless parametrised indirectly:
    ``@pytest.mark.parametrize("page", ["phone", "desktop"], indirect=True)``."""
    viewport = VIEWPORTS[getattr(request, "param", "phone")]
    context = browser.new_context(
        viewport=viewport,  # type: ignore[arg-type]
        base_url=live_server.url,
        locale="en-GB",
        timezone_id=settings.TIME_ZONE,
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def sign_in(
    page: Page,
    email: str,
    password: str,
    totp_key: bytes | None = None,
    *,
    on_each_page: Callable[[Page, str], None] | None = None,
) -> None:
    """Sign in through the real form, then the two-factor page if it is shown.

    ``totp_key`` is the device's key; when it is omitted and the page is the first-time set-up,
    the key is read from the "I cannot scan the code" text, as a person would type it.
    ``on_each_page(page, name)`` runs on each page before it is submitted, for example to check
    accessibility or take a screenshot; names are "sign-in", "two-factor-setup", "two-factor".
    """
    page.goto("/account/sign-in/")
    _visit(page, "sign-in", on_each_page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/account/two-factor/" not in page.url:
        return
    manual_key = page.get_by_test_id("manual-key")
    setting_up = manual_key.count() > 0
    _visit(page, "two-factor-setup" if setting_up else "two-factor", on_each_page)
    if totp_key is None:
        if not setting_up:
            raise AssertionError("The two-factor key is needed: this account is already set up.")
        totp_key = base64.b32decode((manual_key.text_content() or "").strip())
    page.get_by_label("6-digit code").fill(f"{totp(totp_key):06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def _visit(page: Page, name: str, on_each_page: Callable[[Page, str], None] | None) -> None:
    if on_each_page is not None:
        on_each_page(page, name)


def check_accessibility(page: Page) -> None:
    """Fail on any axe-core violation of serious or critical impact on the current page."""
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"{len(blocking)} serious or critical accessibility problem(s) on {page.url}:"]
        for violation in blocking:
            targets = [", ".join(node["target"]) for node in violation["nodes"]]
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}"
            )
        message = "\n".join(lines)
        print(message)
        pytest.fail(message)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG for the documentation as docs/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    return path

"""Signing in, lockout, two-factor, password reset and personal settings."""

import re
from collections.abc import Iterator

import pytest
from axes.utils import reset as reset_axes
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from commonroom.accounts.models import User

from .conftest import World
from .factories import PASSWORD, make_user, verified_device

SIGN_IN = reverse("accounts:sign_in")
TWO_FACTOR = reverse("accounts:two_factor")


@pytest.fixture(autouse=True)
def _fresh_lockouts(db: None) -> Iterator[None]:
    yield
    reset_axes()


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(SIGN_IN, {"username": email, "password": password, **extra})


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def dashboard(world: World) -> str:
    return reverse("homes:dashboard", args=[world.home_a.slug])


# Signing in


def test_sign_in_page_renders() -> None:
    response = Client().get(SIGN_IN)
    assert response.status_code == 200
    assert 'autocomplete="email"' in response.content.decode()


def test_sign_in_ignores_the_case_of_the_email(world: World) -> None:
    client = Client()
    response = sign_in(client, "SUSAN@Example.ORG")
    assert response.status_code == 302
    assert client.get(dashboard(world)).status_code == 200


def test_non_staff_go_straight_to_their_home(world: World) -> None:
    client = Client()
    response = sign_in(client, world.family_a.email)
    assert response["Location"] == reverse("homes:choose")
    assert client.get(response["Location"])["Location"] == dashboard(world)


def test_wrong_password_gives_a_clear_message(world: World) -> None:
    client = Client()
    response = sign_in(client, world.family_a.email, "not the password")
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "email address or password is not right" in html
    assert "_auth_user_id" not in client.session


def test_unknown_account_gets_the_same_message() -> None:
    response = sign_in(Client(), "nobody@example.org", "whatever it is")
    assert response.status_code == 400
    assert "email address or password is not right" in response.content.decode()


def test_lockout_after_five_failures_refuses_even_the_right_password(world: World) -> None:
    client = Client()
    email = world.family_a.email
    for _ in range(4):
        assert sign_in(client, email, "wrong password").status_code == 400
    locked = sign_in(client, email, "wrong password")
    assert locked.status_code == 429
    assert "Too many tries" in locked.content.decode()
    refused = sign_in(client, email)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_counts_every_spelling_of_the_same_address(world: World) -> None:
    client = Client()
    for spelling in ["susan@example.org", "SUSAN@example.org", "Susan@Example.org"] * 2:
        sign_in(client, spelling, "wrong password")
    assert sign_in(client, "susan@example.org").status_code == 429


def test_a_success_resets_the_count(world: World) -> None:
    client = Client()
    for _ in range(4):
        sign_in(client, world.family_a.email, "wrong password")
    assert sign_in(client, world.family_a.email).status_code == 302
    client.post(reverse("accounts:sign_out"))
    assert sign_in(client, world.family_a.email, "wrong password").status_code == 400


def test_passwords_are_hashed_with_argon2(world: World) -> None:
    assert get_hasher().algorithm == "argon2"
    world.family_a.refresh_from_db()
    assert world.family_a.password.startswith("argon2$")


def test_signed_in_people_skip_the_sign_in_page(world: World) -> None:
    response = world.client("family_a").get(SIGN_IN)
    assert response.status_code == 302


def test_sign_out_needs_post(world: World) -> None:
    client = world.client("family_a")
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    assert client.post(reverse("accounts:sign_out")).status_code == 302
    assert client.get(dashboard(world)).status_code == 302


def test_sign_in_honours_a_local_next_but_not_an_external_one(world: World) -> None:
    target = reverse("residents:list", args=[world.home_a.slug])
    response = sign_in(Client(), world.family_a.email, next=target)
    assert response["Location"] == target
    response = sign_in(Client(), world.family_a.email, next="https://evil.example/")
    assert response["Location"] == reverse("homes:choose")


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"username": "susan@example.org"},
        {"password": PASSWORD},
        {"username": "x" * 100_000, "password": "y" * 100_000},
        {"username": "not an email", "password": PASSWORD},
        {"username": ["a@example.org", "b@example.org"], "password": ["1", "2"]},
        {"username": "\x00@example.org", "password": "\x00"},
    ],
)
def test_sign_in_garbage_is_a_form_error(world: World, data: dict[str, object]) -> None:
    response = Client().post(SIGN_IN, data)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_sign_in_undecodable_body_is_not_a_500() -> None:
    response = Client().post(
        SIGN_IN, data=b"\xff\xfe\x00=%ZZ", content_type="application/x-www-form-urlencoded"
    )
    assert 400 <= response.status_code < 500


# Two-factor


def test_staff_without_a_device_set_up_two_factor_then_reach_the_home(world: World) -> None:
    client = Client()
    response = sign_in(client, world.care_worker_a.email, next=dashboard(world))
    assert response["Location"].startswith(TWO_FACTOR)
    setup = client.get(response["Location"])
    html = setup.content.decode()
    assert "Set up two-factor sign-in" in html
    assert 'src="data:image/svg+xml' in html
    device = TOTPDevice.objects.get(user=world.care_worker_a, confirmed=False)
    manual_key = re.search(r'data-testid="manual-key">([A-Z2-7=]+)<', html)
    assert manual_key is not None
    done = client.post(response["Location"], {"code": code_for(device), "next": dashboard(world)})
    assert done["Location"] == dashboard(world)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(dashboard(world)).status_code == 200


def test_staff_with_a_device_are_asked_for_a_code(world: World) -> None:
    device = verified_device(world.manager_a)
    client = Client()
    response = client.get(sign_in(client, world.manager_a.email)["Location"])
    html = response.content.decode()
    assert "Enter your code" in html
    assert "data:image/svg+xml" not in html
    done = client.post(TWO_FACTOR, {"code": code_for(device)})
    assert done["Location"] == reverse("homes:choose")


def test_staff_session_not_verified_is_sent_to_two_factor(world: World) -> None:
    client = Client()
    client.force_login(world.care_worker_a)
    response = client.get(dashboard(world))
    assert response.status_code == 302
    assert response["Location"] == f"{TWO_FACTOR}?next={dashboard(world)}"


@pytest.mark.parametrize("persona", ["family_a", "resident_user", "volunteer_a", "visitor_a"])
def test_other_roles_do_not_need_two_factor(world: World, persona: str) -> None:
    client = Client()
    client.force_login(getattr(world, persona))
    assert client.get(dashboard(world)).status_code == 200
    response = sign_in(Client(), getattr(world, persona).email)
    assert not response["Location"].startswith(TWO_FACTOR)


def test_wrong_code_gives_a_clear_error(world: World) -> None:
    device = verified_device(world.manager_a)
    client = Client()
    client.force_login(world.manager_a)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(TWO_FACTOR, {"code": wrong})
    assert response.status_code == 400
    assert "That code did not work" in response.content.decode()
    assert client.get(dashboard(world)).status_code == 302


def test_too_many_wrong_codes_say_to_wait(world: World) -> None:
    device = verified_device(world.manager_a)
    client = Client()
    client.force_login(world.manager_a)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    client.post(TWO_FACTOR, {"code": wrong})
    response = client.post(TWO_FACTOR, {"code": code_for(device)})
    assert response.status_code == 400
    assert "Wait" in response.content.decode()


def test_two_factor_honours_a_local_next_only(world: World) -> None:
    members = reverse("homes:members", args=[world.home_a.slug])
    client = Client()
    client.force_login(world.manager_a)
    code = code_for(verified_device(world.manager_a))
    assert client.post(TWO_FACTOR, {"code": code, "next": members})["Location"] == members


@pytest.mark.parametrize(
    ("persona", "target"),
    [
        ("manager_a", "https://evil.example/"),
        ("senior_carer_a", "//evil.example/"),
        ("care_worker_a", "javascript:alert(1)"),
    ],
)
def test_two_factor_refuses_an_external_next(world: World, persona: str, target: str) -> None:
    user = getattr(world, persona)
    client = Client()
    client.force_login(user)
    form = client.get(TWO_FACTOR, {"next": target}).content.decode()
    assert '<input type="hidden" name="next" value="/">' in form
    response = client.post(TWO_FACTOR, {"code": code_for(verified_device(user)), "next": target})
    assert response["Location"] == reverse("homes:choose")


def test_two_factor_needs_a_signed_in_person() -> None:
    response = Client().get(TWO_FACTOR)
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"code": ""},
        {"code": "abcdef"},
        {"code": "1" * 5000},
        {"code": ["1", "2"]},
        {"code": "12 34"},
    ],
)
def test_two_factor_garbage_is_a_form_error(world: World, data: dict[str, object]) -> None:
    client = Client()
    client.force_login(world.manager_a)
    response = client.post(TWO_FACTOR, data)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


# Password reset


def _reset_link() -> str:
    body = mail.outbox[-1].body
    found = re.search(r"https?://testserver(/\S+)", body)
    assert found is not None
    return found.group(1)


def test_password_reset_by_email_works_once(world: World) -> None:
    client = Client()
    response = client.post(reverse("accounts:password_reset"), {"email": "SUSAN@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["susan@example.org"]
    link = _reset_link()
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    new = "a lighthouse at low tide"
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done["Location"] == reverse("accounts:password_reset_complete")
    again = Client().get(link, follow=True)
    assert "This link has expired" in again.content.decode()
    assert sign_in(Client(), "susan@example.org", new).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("12345678901234", "entirely numeric"),
        ("susan@example.org", "too similar"),
    ],
)
def test_password_reset_refuses_weak_passwords(world: World, password: str, message: str) -> None:
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": "susan@example.org"})
    set_url = client.get(_reset_link(), follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert sign_in(Client(), "susan@example.org").status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same() -> None:
    response = Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_garbage_is_a_form_error() -> None:
    response = Client().post(reverse("accounts:password_reset"), {"email": "x" * 5000})
    assert response.status_code == 400
    assert mail.outbox == []


# Settings


def test_account_settings_change_name_and_language(world: World) -> None:
    client = world.client("family_a")
    assert client.get(reverse("accounts:account")).status_code == 200
    response = client.post(
        reverse("accounts:account"), {"full_name": "Susan Ellis-Ward", "language": "cy"}
    )
    assert response["Location"] == reverse("accounts:account")
    world.family_a.refresh_from_db()
    assert world.family_a.full_name == "Susan Ellis-Ward"
    assert world.family_a.language == "cy"
    page = client.get(dashboard(world))
    assert '<html lang="cy"' in page.content.decode()
    assert page["Content-Language"] == "cy"


def test_english_is_the_default_language(world: World) -> None:
    page = world.client("family_a").get(dashboard(world))
    assert '<html lang="en-GB"' in page.content.decode()
    assert page["Content-Language"] == "en-gb"


def test_footer_language_switch_is_remembered_for_the_account(world: World) -> None:
    client = world.client("family_a")
    client.post(reverse("set_language"), {"language": "cy", "next": dashboard(world)})
    world.family_a.refresh_from_db()
    assert world.family_a.language == "cy"
    assert '<html lang="cy"' in client.get(dashboard(world)).content.decode()


def test_footer_language_switch_works_before_signing_in() -> None:
    client = Client()
    client.post(reverse("set_language"), {"language": "cy", "next": SIGN_IN})
    assert '<html lang="cy"' in client.get(SIGN_IN).content.decode()


def test_account_settings_need_sign_in() -> None:
    response = Client().get(reverse("accounts:account"))
    assert response["Location"].startswith(SIGN_IN)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"full_name": "", "language": "cy"},
        {"full_name": "x" * 10_000, "language": "en-gb"},
        {"full_name": "Susan", "language": "fr"},
        {"full_name": ["a", "b"], "language": ["cy", "zz"]},
    ],
)
def test_account_settings_garbage_is_a_form_error(world: World, data: dict[str, object]) -> None:
    response = world.client("family_a").post(reverse("accounts:account"), data)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    world.family_a.refresh_from_db()
    assert world.family_a.full_name == "Susan Ellis"


# Security headers


def test_security_headers_on_pages(world: World) -> None:
    for response in [Client().get(SIGN_IN), world.client("manager_a").get(dashboard(world))]:
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy
        assert "style-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_http_only(world: World) -> None:
    client = Client()
    sign_in(client, world.family_a.email)
    assert client.cookies["sessionid"]["httponly"]
    assert client.cookies["sessionid"]["samesite"] == "Lax"


def test_new_users_get_unusable_addresses_lowercased() -> None:
    user = make_user(email="Mixed.Case@Example.ORG")
    assert user.email == "mixed.case@example.org"
    assert User.objects.get(email="mixed.case@example.org") == user

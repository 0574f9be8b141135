"""The API tokens page under My settings: make a token (shown once), list and revoke."""

import pytest
from django.test import Client

from commonroom.api.models import ApiToken
from commonroom.api.services.tokens import MAX_ACTIVE_TOKENS, hash_secret, issue_token
from commonroom.api.views import NEW_SECRET_KEY

from .factories import make_user

URL = "/account/api-tokens/"


@pytest.mark.parametrize(
    "persona", ["manager_a", "care_worker_a", "family_a", "resident_user", "volunteer_a"]
)
def test_make_a_token_and_see_it_once(world, persona, django_assert_max_num_queries):
    user = getattr(world, persona)
    client = world.client(persona)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"name": "Weekly report"})
    assert response.status_code == 302
    assert response["Location"] == URL
    token = ApiToken.objects.get(user=user)
    with django_assert_max_num_queries(12):
        page = client.get(URL)
    secret = page.context["new_secret"]
    assert secret and token.token_hash == hash_secret(secret)
    assert secret in page.content.decode()
    assert token.two_factor_verified is (persona in {"manager_a", "care_worker_a"})
    again = client.get(URL)
    assert secret not in again.content.decode()
    assert "Weekly report" in again.content.decode()
    assert NEW_SECRET_KEY not in client.session


def test_the_new_token_works_at_once(world):
    client = world.client("care_worker_a")
    client.post(URL, {"name": "Script"})
    secret = client.get(URL).context["new_secret"]
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/homes/rowan-house/residents").status_code == 200


def test_staff_without_two_factor_are_sent_to_it(world):
    client = Client()
    client.force_login(world.care_worker_a)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/")
    assert client.post(URL, {"name": "x"}).status_code == 302
    assert not ApiToken.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(world):
    response = Client().get(URL)
    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]


def test_a_name_is_required_and_bounded(world):
    client = world.client("family_a")
    response = client.post(URL, {"name": ""})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert client.post(URL, {"name": "n" * 101}).status_code == 400
    assert not ApiToken.objects.exists()


def test_too_many_tokens_is_a_form_error(world):
    for n in range(MAX_ACTIVE_TOKENS):
        issue_token(world.family_a, name=f"t{n}", two_factor_verified=False)
    response = world.client("family_a").post(URL, {"name": "one more"})
    assert response.status_code == 400
    assert ApiToken.objects.count() == MAX_ACTIVE_TOKENS


def test_revoke_own_token_only(world):
    mine, secret = issue_token(world.family_a, name="mine", two_factor_verified=False)
    theirs, _ = issue_token(world.manager_a, name="theirs", two_factor_verified=True)
    client = world.client("family_a")
    assert client.post(f"{URL}{theirs.code}/revoke/").status_code == 404
    assert client.get(f"{URL}{mine.code}/revoke/").status_code == 405
    response = client.post(f"{URL}{mine.code}/revoke/")
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    assert (
        Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/homes").status_code
        == 401
    )
    assert "Revoked" in client.get(URL).content.decode()


def test_a_person_with_no_home_may_still_make_a_token(db):
    user = make_user()
    client = Client()
    client.force_login(user)
    assert client.post(URL, {"name": "x"}).status_code == 302

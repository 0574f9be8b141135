"""The homes route, tokens as credentials, and the API's answers to bad requests."""

import pytest
from django.test import Client
from django.utils import timezone

from commonroom.api.models import ApiToken
from commonroom.api.services.tokens import issue_token, revoke_token, token_for_secret

from .api_support import api_client


def test_my_homes_lists_each_membership_with_role(world):
    response = api_client(world.care_worker_a).get("/api/v1/homes")
    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "rowan-house",
            "name": "Rowan House",
            "nation": "scotland",
            "organisation": "Kindly Care",
            "role": "care_worker",
            "role_label": "Care worker",
        }
    ]
    assert [h["slug"] for h in api_client(world.manager_b).get("/api/v1/homes").json()] == [
        "birch-court"
    ]


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer cr_not-a-real-token", "Token abc", "Bearer " + "x" * 10_000],
)
def test_missing_or_wrong_token_is_401(world, header):
    client = Client(headers={"Authorization": header}) if header else Client()
    response = client.get("/api/v1/homes")
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_session_sign_in_is_not_an_api_credential(world):
    assert world.client("manager_a").get("/api/v1/homes").status_code == 401


def test_revoked_token_and_inactive_user_are_401(world):
    token, secret = issue_token(world.manager_a, name="old", two_factor_verified=True)
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    assert client.get("/api/v1/homes").status_code == 200
    revoke_token(token)
    assert client.get("/api/v1/homes").status_code == 401
    _token, secret = issue_token(world.family_a, name="x", two_factor_verified=False)
    world.family_a.is_active = False
    world.family_a.save()
    assert token_for_secret(secret) is None


def test_only_the_hash_is_stored_and_use_is_noted(world):
    token, secret = issue_token(world.manager_a, name="report", two_factor_verified=True)
    assert secret.startswith("cr_") and len(secret) > 40
    assert secret not in (token.token_hash, token.prefix)
    assert secret.startswith(token.prefix)
    assert token.last_used_at is None
    Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/homes")
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert timezone.now() - token.last_used_at < timezone.timedelta(minutes=1)


def test_unknown_route_and_method_are_not_500(world):
    client = api_client(world.manager_a)
    assert client.delete("/api/v1/homes").status_code == 405
    assert ApiToken.objects.filter(user=world.manager_a).count() == 1

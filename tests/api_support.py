"""Helpers for the API tests: token clients and JSON calls."""

import json
from typing import Any

from django.test import Client
from django.test.client import Client as _Client

from commonroom.accounts.models import User
from commonroom.api.services.tokens import issue_token
from commonroom.homes.models import Home

PERSONAS_A = [
    "manager_a",
    "senior_carer_a",
    "care_worker_a",
    "activity_lead_a",
    "volunteer_a",
    "visitor_a",
    "family_a",
    "resident_user",
]


def api_client(user: User, *, two_factor_verified: bool = True) -> Client:
    """A client that sends a fresh API token of ``user`` (and no session cookie)."""
    _token, secret = issue_token(user, name="tests", two_factor_verified=two_factor_verified)
    return Client(headers={"Authorization": f"Bearer {secret}"})


def call(client: _Client, method: str, url: str, body: Any = None, *, raw: str | None = None):
    data = raw if raw is not None else (json.dumps(body) if body is not None else "")
    return client.generic(method, url, data=data, content_type="application/json")


def residents_url(home: Home, *parts: object) -> str:
    return "/".join([f"/api/v1/homes/{home.slug}/residents", *(str(part) for part in parts)])

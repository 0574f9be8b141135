"""The OpenAPI schema and its docs page: complete, and served without any outside network."""

import json
import re

from django.contrib.staticfiles import finders
from django.test import Client

EXPECTED_ROUTES = {
    ("get", "/api/v1/homes"),
    ("get", "/api/v1/homes/{home_slug}/residents"),
    ("post", "/api/v1/homes/{home_slug}/residents"),
    ("get", "/api/v1/homes/{home_slug}/residents/{code}"),
    ("patch", "/api/v1/homes/{home_slug}/residents/{code}"),
    ("get", "/api/v1/homes/{home_slug}/residents/{code}/about-me"),
    ("put", "/api/v1/homes/{home_slug}/residents/{code}/about-me/{section}"),
    ("get", "/api/v1/homes/{home_slug}/residents/{code}/contacts"),
    ("post", "/api/v1/homes/{home_slug}/residents/{code}/contacts"),
    ("patch", "/api/v1/homes/{home_slug}/residents/{code}/contacts/{contact_code}"),
    ("delete", "/api/v1/homes/{home_slug}/residents/{code}/contacts/{contact_code}"),
    ("get", "/api/v1/homes/{home_slug}/residents/{code}/key-workers"),
    ("post", "/api/v1/homes/{home_slug}/residents/{code}/key-workers"),
    ("post", "/api/v1/homes/{home_slug}/residents/{code}/key-workers/{assignment_code}/end"),
    ("get", "/api/v1/homes/{home_slug}/moments"),
    ("post", "/api/v1/homes/{home_slug}/moments"),
    ("post", "/api/v1/homes/{home_slug}/moments/batch"),
    ("delete", "/api/v1/homes/{home_slug}/moments/{code}"),
    ("get", "/api/v1/homes/{home_slug}/connections/today"),
    ("get", "/api/v1/homes/{home_slug}/spaces"),
    ("get", "/api/v1/homes/{home_slug}/reservations"),
    ("post", "/api/v1/homes/{home_slug}/reservations"),
    ("delete", "/api/v1/homes/{home_slug}/reservations/{code}"),
    ("get", "/api/v1/homes/{home_slug}/sessions"),
    ("post", "/api/v1/homes/{home_slug}/sessions"),
    ("get", "/api/v1/homes/{home_slug}/sessions/{code}/invitations"),
    ("post", "/api/v1/homes/{home_slug}/sessions/{code}/invitations"),
    ("post", "/api/v1/homes/{home_slug}/sessions/{code}/attendance"),
    ("get", "/api/v1/homes/{home_slug}/suggestions/board"),
    ("get", "/api/v1/homes/{home_slug}/restrictions"),
    ("post", "/api/v1/homes/{home_slug}/restrictions"),
    ("get", "/api/v1/homes/{home_slug}/restrictions/{code}"),
    ("post", "/api/v1/homes/{home_slug}/restrictions/{code}/lift"),
    ("get", "/api/v1/homes/{home_slug}/visits"),
    ("post", "/api/v1/homes/{home_slug}/visits"),
    ("get", "/api/v1/homes/{home_slug}/visits/in-building"),
    ("post", "/api/v1/homes/{home_slug}/visits/{code}/sign-out"),
    ("get", "/api/v1/homes/{home_slug}/visitors"),
}


def test_schema_loads_and_lists_every_route(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    routes = {
        (method, path) for path, operations in schema["paths"].items() for method in operations
    }
    assert routes == EXPECTED_ROUTES
    operation_ids = [op["operationId"] for ops in schema["paths"].values() for op in ops.values()]
    assert len(operation_ids) == len(set(operation_ids))
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert operation["security"] == [{"TokenAuth": []}]
            assert {"401", "403", "404", "422"} <= operation["responses"].keys()
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    detail = schema["components"]["schemas"]["ResidentDetail"]
    assert "date_of_birth" not in detail.get("required", [])


def test_docs_page_uses_only_local_files_and_the_strict_policy(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "http://" not in html and "https://" not in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert not re.search(r"<script(?![^>]*\b(src=|type=\"application/json\"))", html)
    for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(asset), asset

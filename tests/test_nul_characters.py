"""A NUL character is refused with a 400 and plain words before it can reach the database
(PostgreSQL cannot hold one): in a query string by the middleware, on every page and in the API;
in a form or an API body by the field that holds it."""

import json

from django.urls import reverse

from commonroom.connections.models import Moment
from commonroom.visiting.models import Visitor

from .api_support import api_client, call
from .conftest import World


def test_a_search_with_nul_is_a_plain_400(world: World) -> None:
    client = world.client("manager_a")
    address = reverse("visiting:visitors", args=[world.home_a.slug])
    response = client.get(address, {"q": "Sue\x00"})
    assert response.status_code == 400
    assert "Something in the request was not right" in response.content.decode()
    assert client.get(address, {"q": "Sue"}).status_code == 200


def test_a_form_with_nul_names_the_field_and_stores_nothing(world: World) -> None:
    client = world.client("manager_a")
    address = reverse("visiting:sign_in", args=[world.home_a.slug])
    response = client.post(address, {"new_name": "Bea\x00", "residents": [world.resident_a.code]})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not Visitor.objects.filter(name__startswith="Bea").exists()


def test_the_400_page_is_in_the_readers_language(world: World) -> None:
    world.manager_a.language = "cy"
    world.manager_a.save(update_fields=["language"])
    address = reverse("visiting:visitors", args=[world.home_a.slug])
    response = world.client("manager_a").get(address, {"q": "\x00"})
    assert response.status_code == 400
    assert 'lang="cy"' in response.content.decode()


def test_the_api_answers_nul_in_a_query_string_with_its_usual_error(world: World) -> None:
    address = f"/api/v1/homes/{world.home_a.slug}/residents"
    response = api_client(world.care_worker_a).get(address, {"search": "Peg\x00"})
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_the_api_refuses_nul_in_a_body_by_field(world: World) -> None:
    address = f"/api/v1/homes/{world.home_a.slug}/moments"
    body = json.dumps({"residents": [str(world.resident_a.code)], "kind": "phone", "note": "a\x00"})
    response = call(api_client(world.care_worker_a), "POST", address, raw=body)
    assert response.status_code == 422
    assert not Moment.objects.exists()

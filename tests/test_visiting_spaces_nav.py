"""The Visiting item in the menu and the card on the front page, for the roles that may use it."""

import pytest
from django.urls import reverse

from .conftest import PERSONAS


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "manager_b"])
def test_visiting_is_in_the_menu_and_on_the_front_page(world, persona):
    page = world.client(persona).get(reverse("homes:dashboard", args=[world.home_a.slug]))
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count(reverse("visiting:index", args=[world.home_a.slug])) >= 2

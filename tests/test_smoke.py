from django.urls import reverse

from .conftest import World


def test_manager_sees_resident_list(world: World) -> None:
    response = world.client("manager_a").get(reverse("residents:list", args=[world.home_a.slug]))
    assert response.status_code == 200
    assert "Peggy" in response.content.decode()


def test_other_home_is_404(world: World) -> None:
    response = world.client("manager_b").get(reverse("residents:list", args=[world.home_a.slug]))
    assert response.status_code == 404

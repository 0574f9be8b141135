"""The public visitor information page: no sign-in, no resident's name, the home's words, its
spaces with their accessibility, and whether visiting is open; unknown homes are not found."""

import pytest
from django.test import Client
from django.urls import reverse

from commonroom.visiting.models import Restriction
from commonroom.visiting.services.spaces import save_information, save_space, set_space_in_use

from .test_visiting_hub import restriction


def _url(slug):
    return reverse("visit:information", args=[slug])


@pytest.fixture
def info(world):
    save_information(
        world.home_a,
        actor=None,
        welcome="Come in and make yourself at home.",
        getting_here="Bus 22 stops at the gate.",
        parking="Six spaces at the front.",
        meals="Lunch is at half past twelve.",
        pets="Dogs on leads are welcome.",
        during_outbreak="We keep visiting open wherever we safely can.",
        contact_name="Deputy manager",
        contact_details="01234 567890",
        door_code_rotation_days=90,
    )
    garden = save_space(
        world.home_a,
        None,
        actor=None,
        name="Garden",
        kind="garden",
        capacity=12,
        outdoor=True,
        step_free=True,
        description="Raised beds and a bench <b>in the sun</b>",
    )
    save_space(world.home_a, None, actor=None, name="Old store", kind="other", capacity=2)
    set_space_in_use(
        save_space(world.home_a, None, actor=None, name="Attic", kind="other", capacity=2),
        False,
        actor=None,
    )
    return garden


def test_anyone_reads_it_without_signing_in(world, info, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = Client().get(_url(world.home_a.slug))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Rowan House",
        "Bus 22",
        "Six spaces",
        "Dogs on leads",
        "Deputy manager",
        "01234 567890",
        "Garden",
        "Outdoors",
        "Step-free access",
        "Visiting is open",
    ):
        assert text in page
    assert "Attic" not in page
    assert "&lt;b&gt;in the sun" in page
    assert world.resident_a.full_name not in page and "Peggy" not in page


def test_signed_in_people_also_read_it(world, info):
    assert world.client("family_a").get(_url(world.home_a.slug)).status_code == 200
    assert world.client("manager_b").get(_url(world.home_a.slug)).status_code == 200


def test_unknown_home_is_not_found(world):
    assert Client().get(_url("no-such-home")).status_code == 404


def test_a_home_with_nothing_written_still_says_visiting_is_open(world):
    page = Client().get(_url(world.home_b.slug)).content.decode()
    assert "Visiting is open" in page and "Birch Court" in page


def test_restrictions_are_told_without_names(world, info):
    restriction(
        world.home_a,
        scope=Restriction.Scope.RESIDENTS,
        residents=[world.resident_a],
        title="Peggy has flu",
        precautions="Peggy Ellis asks for masks",
    )
    page = Client().get(_url(world.home_a.slug)).content.decode()
    assert "There are visiting restrictions in part of the home" in page
    assert "named care supporters" in page and "essential care supporter" in page
    assert "Peggy" not in page and "Margaret" not in page and "flu" not in page


def test_a_floor_restriction_names_the_floor_and_the_precautions(world, info):
    restriction(world.home_b, scope=Restriction.Scope.AREA, level=Restriction.Level.PRECAUTIONS)
    page = Client().get(_url(world.home_b.slug)).content.decode()
    assert "In part of the home we ask visitors to take some precautions" in page
    assert "First floor" in page and "Wash your hands" in page
    assert "care supporter" in page


def test_a_whole_home_pause_is_said_plainly(world, info):
    restriction(world.home_a)
    page = Client().get(_url(world.home_a.slug)).content.decode()
    assert "Visits are paused in the home for now" in page
    assert "still visit" in page

"""Places to meet and optional reservations: the rules (overlaps, capacity, the past, spaces not
reservable or out of use), who may reserve for whom, the day's list, and the pages per persona."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from commonroom.audit.models import AuditEntry
from commonroom.visiting.models import Reservation, Space, VisitorInformation
from commonroom.visiting.services.spaces import (
    ReservationInput,
    SpaceError,
    cancel,
    reservations_on,
    reserve,
    save_information,
    save_space,
    set_space_in_use,
)

from .conftest import PERSONAS
from .factories import make_resident

MANAGERS = {"manager_a", "senior_carer_a"}
RESERVERS = {"manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "family_a"}
RESERVERS |= {"resident_user"}
VIEWERS = {"manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a", "volunteer_a"}
VIEWERS |= {"visitor_a"}
HOSTILE = [
    "Nain 👵🏽 and Taid 🎉",
    "مريم وأحمد",
    "שרה",
    "Bea " + "x" * 240,
    "<script>alert('x')</script><b>bold</b>",
]


def _url(world, name, *args):
    return reverse(f"visiting:{name}", args=[world.home_a.slug, *args])


def _space(home, name="Family room", **values):
    data = {
        "name": name,
        "kind": Space.Kind.FAMILY_ROOM,
        "description": "",
        "capacity": 6,
        "step_free": True,
        "can_reserve": True,
    }
    data.update(values)
    return save_space(home, None, actor=None, **data)


@pytest.fixture
def tomorrow():
    return timezone.localdate() + dt.timedelta(days=1)


@pytest.fixture
def rooms(world):
    return {
        "family": _space(world.home_a),
        "lounge": _space(world.home_a, "Lounge", kind=Space.Kind.LOUNGE, can_reserve=False),
        "garden": _space(world.home_a, "Garden", kind=Space.Kind.GARDEN, outdoor=True),
        "other_home": _space(world.home_b, "Conservatory"),
    }


def _ask(world, rooms, day, *, start=14, end=15, guests=2, space="family", resident=None):
    return ReservationInput(
        kind=Reservation.Kind.SPACE,
        resident=resident or world.resident_a,
        day=day,
        space=rooms[space],
        start=dt.time(start),
        end=dt.time(end),
        guests=guests,
    )


# --- Rules ---------------------------------------------------------------------------------


def test_a_space_is_reserved_and_audited_with_the_resident(world, rooms, tomorrow):
    made = reserve(world.home_a, _ask(world, rooms, tomorrow), actor=world.family_a)
    assert made.space == rooms["family"] and made.guests == 2
    assert timezone.localtime(made.starts_at).hour == 14
    entry = AuditEntry.objects.get(object_code=made.code)
    assert entry.resident_code == world.resident_a.code and entry.action == "create"


@pytest.mark.parametrize(("start", "end"), [(14, 15), (13, 15), (14, 16), (13, 17)])
def test_an_overlapping_time_is_refused_in_words(world, rooms, tomorrow, start, end):
    reserve(world.home_a, _ask(world, rooms, tomorrow, start=14, end=16), actor=None)
    with pytest.raises(SpaceError) as refused:
        reserve(
            world.home_a,
            _ask(world, rooms, tomorrow, start=start, end=end, resident=world.resident_a2),
            actor=None,
        )
    assert "already reserved from 14:00 to 16:00" in refused.value.message


def test_back_to_back_and_cancelled_are_not_overlaps(world, rooms, tomorrow):
    first = reserve(world.home_a, _ask(world, rooms, tomorrow, start=14, end=15), actor=None)
    reserve(world.home_a, _ask(world, rooms, tomorrow, start=15, end=16), actor=None)
    cancel(first, actor=None)
    reserve(world.home_a, _ask(world, rooms, tomorrow, start=14, end=15), actor=None)
    assert len(reservations_on(world.home_a, tomorrow)) == 2


def test_more_people_than_the_space_suits_is_refused(world, rooms, tomorrow):
    with pytest.raises(SpaceError) as refused:
        reserve(world.home_a, _ask(world, rooms, tomorrow, guests=6), actor=None)
    assert refused.value.field == "guests" and "suits 6 people" in refused.value.message
    reserve(world.home_a, _ask(world, rooms, tomorrow, guests=5), actor=None)


def test_the_past_and_an_end_before_the_start_are_refused(world, rooms, tomorrow):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(SpaceError) as past:
        reserve(world.home_a, _ask(world, rooms, yesterday), actor=None)
    assert past.value.field == "day"
    with pytest.raises(SpaceError) as backwards:
        reserve(world.home_a, _ask(world, rooms, tomorrow, start=15, end=14), actor=None)
    assert backwards.value.field == "end"
    with pytest.raises(SpaceError):
        reserve(world.home_a, _ask(world, rooms, tomorrow, start=15, end=15), actor=None)


def test_spaces_not_reservable_out_of_use_or_of_another_home_are_refused(world, rooms, tomorrow):
    with pytest.raises(SpaceError, match="cannot be reserved"):
        reserve(world.home_a, _ask(world, rooms, tomorrow, space="lounge"), actor=None)
    set_space_in_use(rooms["garden"], False, actor=None)
    with pytest.raises(SpaceError, match="out of use"):
        reserve(world.home_a, _ask(world, rooms, tomorrow, space="garden"), actor=None)
    with pytest.raises(SpaceError):
        reserve(world.home_a, _ask(world, rooms, tomorrow, space="other_home"), actor=None)
    with pytest.raises(SpaceError):
        reserve(world.home_a, _ask(world, rooms, tomorrow, resident=world.resident_b), actor=None)


def test_joining_a_meal_takes_the_meal_times_and_dietary_needs(world, tomorrow):
    made = reserve(
        world.home_a,
        ReservationInput(
            kind=Reservation.Kind.MEAL,
            resident=world.resident_a,
            day=tomorrow,
            meal=Reservation.Meal.LUNCH,
            guests=3,
            dietary_needs="One vegetarian",
        ),
        actor=None,
    )
    assert made.space is None and timezone.localtime(made.starts_at).time() == dt.time(12, 30)
    # Meals have no space, so two families can join the same lunch.
    reserve(
        world.home_a,
        ReservationInput(
            kind=Reservation.Kind.MEAL,
            resident=world.resident_a2,
            day=tomorrow,
            meal=Reservation.Meal.LUNCH,
        ),
        actor=None,
    )
    with pytest.raises(SpaceError):
        reserve(
            world.home_a,
            ReservationInput(kind="meal", resident=world.resident_a, day=tomorrow, meal="brunch"),
            actor=None,
        )


def test_space_names_are_unique_in_a_home_and_capacity_is_bounded(world, rooms):
    with pytest.raises(SpaceError, match="already a space"):
        _space(world.home_a, "family ROOM")
    _space(world.home_b, "Family room")
    with pytest.raises(SpaceError):
        _space(world.home_a, "Big hall", capacity=0)


def test_visitor_information_is_made_on_first_save_and_updated_after(world):
    values = {
        "welcome": "Hello",
        "getting_here": "",
        "parking": "",
        "meals": "",
        "pets": "",
        "during_outbreak": "",
        "contact_name": "Deputy manager",
        "contact_details": "01234 567890",
        "door_code_rotation_days": 60,
    }
    save_information(world.home_a, actor=world.manager_a, **values)
    save_information(world.home_a, actor=world.manager_a, **{**values, "welcome": "Croeso"})
    info = VisitorInformation.objects.get(home=world.home_a)
    assert info.welcome == "Croeso" and info.door_code_rotation_days == 60
    with pytest.raises(SpaceError):
        save_information(world.home_a, actor=None, **{**values, "door_code_rotation_days": 2})


# --- Pages per persona ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_spaces_page(world, rooms, persona, django_assert_max_num_queries):
    client = world.client(persona)
    with django_assert_max_num_queries(12):
        response = client.get(_url(world, "spaces"))
    if persona == "manager_b":
        assert response.status_code == 404
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert "Family room" in page and "Conservatory" not in page
    assert "You never need to reserve to visit" in page
    assert ("Add a space" in page) == (persona in MANAGERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_adding_a_space(world, persona):
    client = world.client(persona)
    response = client.get(_url(world, "space_new"))
    if persona == "manager_b":
        assert response.status_code == 404
        return
    assert response.status_code == (200 if persona in MANAGERS else 403)
    response = client.post(
        _url(world, "space_new"),
        {"name": "Quiet room", "kind": "quiet_room", "capacity": "4", "quiet": "on"},
    )
    if persona in MANAGERS:
        assert response.status_code == 302
        space = Space.objects.get(home=world.home_a, name="Quiet room")
        assert space.quiet and not space.can_reserve and space.capacity == 4
    else:
        assert response.status_code == 403
        assert not Space.objects.filter(name="Quiet room").exists()


def test_editing_and_taking_a_space_out_of_use(world, rooms):
    client = world.client("senior_carer_a")
    url = _url(world, "space_edit", rooms["family"].code)
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "", "kind": "family_room", "capacity": "6"})
    assert response.status_code == 400 and "Give the space a name" in response.content.decode()
    response = client.post(url, {"name": "Lounge", "kind": "family_room", "capacity": "6"})
    assert response.status_code == 400 and "already a space" in response.content.decode()
    response = client.post(url, {"name": "Snug", "kind": "family_room", "capacity": "3"})
    assert response.status_code == 302
    assert Space.objects.get(pk=rooms["family"].pk).name == "Snug"
    response = client.post(_url(world, "space_in_use", rooms["family"].code), {"in_use": "no"})
    assert response.status_code == 302
    assert not Space.objects.get(pk=rooms["family"].pk).active
    # Another home's space is not found from this home.
    assert client.get(_url(world, "space_edit", rooms["other_home"].code)).status_code == 404
    other = _url(world, "space_in_use", rooms["other_home"].code)
    assert client.post(other, {"in_use": "no"}).status_code == 404
    assert world.client("care_worker_a").post(other, {"in_use": "no"}).status_code == 403


def _reserve_post(world, rooms, when, **overrides):
    data = {
        "kind": "space",
        "resident": str(world.resident_a.code),
        "day": when.isoformat(),
        "space": str(rooms["family"].code),
        "start": "14:00",
        "end": "15:30",
        "guests": "2",
        "guest_names": "Susan and Tom",
        "note": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", PERSONAS)
def test_reserve_page(world, rooms, tomorrow, persona, django_assert_max_num_queries):
    client = world.client(persona)
    with django_assert_max_num_queries(14):
        response = client.get(_url(world, "reserve"))
    if persona == "manager_b":
        assert response.status_code == 404
        return
    if persona not in RESERVERS:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert "You never need to reserve to visit" in page
    if persona == "family_a":
        assert "Peggy" in page and "Arthur" not in page
    if persona == "resident_user":
        assert "Arthur" in page and "Peggy" not in page
    assert client.get(_url(world, "reserve") + "?kind=meal").status_code == 200


def test_family_reserve_for_their_own_person_only(world, rooms, tomorrow):
    client = world.client("family_a")
    response = client.post(_url(world, "reserve"), _reserve_post(world, rooms, tomorrow))
    assert response.status_code == 302 and response["Location"] == _url(world, "index")
    made = Reservation.objects.get(home=world.home_a)
    assert made.resident == world.resident_a and made.booked_by == world.family_a
    other = _reserve_post(world, rooms, tomorrow, resident=str(world.resident_a2.code))
    response = client.post(_url(world, "reserve"), other)
    assert response.status_code == 400
    assert Reservation.objects.filter(resident=world.resident_a2).count() == 0


def test_staff_reserve_for_anyone_and_land_on_the_day(world, rooms, tomorrow):
    client = world.client("care_worker_a")
    data = _reserve_post(world, rooms, tomorrow, resident=str(world.resident_a2.code))
    response = client.post(_url(world, "reserve"), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?date={tomorrow.isoformat()}")


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"start": "16:00", "end": "15:00"}, "The end time must be after the start time"),
        ({"guests": "9"}, "suits 6 people"),
        ({"day": "2020-01-01"}, "That time has passed"),
        ({"space": ""}, "Choose a space"),
        ({"start": "not a time"}, "Write the time like 14:30"),
    ],
)
def test_reserve_refusals_are_words_and_400(world, rooms, tomorrow, overrides, words):
    client = world.client("family_a")
    response = client.post(
        _url(world, "reserve"), _reserve_post(world, rooms, tomorrow, **overrides)
    )
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Reservation.objects.exists()


def test_reserve_refuses_an_overlap_and_a_lounge_not_reservable_on_the_page(world, rooms, tomorrow):
    reserve(world.home_a, _ask(world, rooms, tomorrow, start=14, end=16), actor=None)
    client = world.client("family_a")
    response = client.post(_url(world, "reserve"), _reserve_post(world, rooms, tomorrow))
    assert response.status_code == 400
    assert "already reserved from 14:00 to 16:00" in response.content.decode()
    lounge = _reserve_post(world, rooms, tomorrow, space=str(rooms["lounge"].code))
    assert client.post(_url(world, "reserve"), lounge).status_code == 400


def test_joining_a_meal_on_the_page(world, tomorrow):
    client = world.client("resident_user")
    data = {
        "kind": "meal",
        "resident": str(world.resident_a2.code),
        "day": tomorrow.isoformat(),
        "meal": "dinner",
        "guests": "2",
        "dietary_needs": "No nuts",
    }
    assert client.post(_url(world, "reserve"), data).status_code == 302
    made = Reservation.objects.get()
    assert made.meal == "dinner" and made.dietary_needs == "No nuts" and made.space is None


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_guest_names_and_notes_are_kept_and_shown_safely(world, rooms, tomorrow, text):
    client = world.client("family_a")
    data = _reserve_post(world, rooms, tomorrow, guest_names=text[:300], note=text)
    assert client.post(_url(world, "reserve"), data).status_code == 302
    made = Reservation.objects.get()
    assert made.guest_names == text[:300].strip() and made.note == text.strip()
    for persona, page in (("family_a", "index"), ("manager_a", "reservations")):
        response = world.client(persona).get(_url(world, page) + f"?date={tomorrow.isoformat()}")
        body = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert" not in body
        if "<script>" in text:
            assert "&lt;script&gt;" in body


def test_too_long_guest_names_are_refused(world, rooms, tomorrow):
    client = world.client("family_a")
    data = _reserve_post(world, rooms, tomorrow, guest_names="x" * 301)
    assert client.post(_url(world, "reserve"), data).status_code == 400


@pytest.mark.parametrize("persona", PERSONAS)
def test_reservations_page(world, rooms, tomorrow, persona, django_assert_max_num_queries):
    for hour in range(9, 17):
        reserve(
            world.home_a,
            _ask(world, rooms, tomorrow, start=hour, end=hour + 1, guests=1),
            actor=world.family_a,
        )
    reserve(
        world.home_a,
        ReservationInput(
            kind="meal",
            resident=world.resident_a2,
            day=tomorrow,
            meal="tea",
            guests=3,
            dietary_needs="Gluten-free",
        ),
        actor=None,
    )
    client = world.client(persona)
    with django_assert_max_num_queries(12):
        response = client.get(_url(world, "reservations") + f"?date={tomorrow.isoformat()}")
    if persona == "manager_b":
        assert response.status_code == 404
        return
    if persona not in VIEWERS:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gluten-free" in page and "Afternoon tea" in page and "15:00" in page
    assert page.count("Family room") >= 8
    # Only staff who reserve may cancel; the volunteer and the inspector only read.
    assert ("Cancel" in page) == (persona in RESERVERS)


def test_reservations_page_defaults_to_today_and_survives_a_bad_date(world):
    client = world.client("manager_a")
    assert client.get(_url(world, "reservations")).status_code == 200
    assert client.get(_url(world, "reservations") + "?date=nonsense").status_code == 200


def test_cancelling_own_person_only_and_staff_any(world, rooms, tomorrow):
    mine = reserve(world.home_a, _ask(world, rooms, tomorrow), actor=world.family_a)
    theirs = reserve(
        world.home_a,
        _ask(world, rooms, tomorrow, start=16, end=17, resident=world.resident_a2),
        actor=world.resident_user,
    )
    family = world.client("family_a")
    assert family.post(_url(world, "reservation_cancel", theirs.code)).status_code == 404
    assert (
        world.client("volunteer_a").post(_url(world, "reservation_cancel", mine.code)).status_code
        == 403
    )
    assert (
        world.client("manager_b").post(_url(world, "reservation_cancel", mine.code)).status_code
        == 404
    )
    assert family.post(_url(world, "reservation_cancel", mine.code)).status_code == 302
    mine.refresh_from_db()
    assert mine.cancelled_at is not None
    response = world.client("care_worker_a").post(
        _url(world, "reservation_cancel", theirs.code), {"back": "reservations"}
    )
    assert response.status_code == 302 and "date=" in response["Location"]
    theirs.refresh_from_db()
    assert theirs.cancelled_at is not None
    assert AuditEntry.objects.filter(object_code=theirs.code, action="update").exists()


def test_a_reservation_someone_else_in_the_family_made_is_not_cancelled_by_another(
    world, rooms, tomorrow
):
    made = reserve(world.home_a, _ask(world, rooms, tomorrow), actor=world.manager_a)
    response = world.client("family_a").post(_url(world, "reservation_cancel", made.code))
    assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_visitor_information_editor(world, persona):
    client = world.client(persona)
    response = client.get(_url(world, "information"))
    if persona == "manager_b":
        assert response.status_code == 404
        return
    assert response.status_code == (200 if persona in MANAGERS else 403)
    data = {
        "welcome": "Welcome to Rowan House 🌳",
        "getting_here": "Bus 22",
        "parking": "Six spaces",
        "meals": "",
        "pets": "Dogs on leads",
        "during_outbreak": "",
        "contact_name": "Deputy manager",
        "contact_details": "01234 567890",
        "door_code_rotation_days": "90",
    }
    response = client.post(_url(world, "information"), data)
    if persona in MANAGERS:
        assert response.status_code == 302
        assert VisitorInformation.objects.get(home=world.home_a).pets == "Dogs on leads"
        bad = client.post(_url(world, "information"), {**data, "door_code_rotation_days": "1"})
        assert bad.status_code == 400
    else:
        assert response.status_code == 403
        assert not VisitorInformation.objects.exists()


def test_another_homes_resident_cannot_be_reserved_for_by_staff(world, rooms, tomorrow):
    stranger = make_resident(world.home_b, full_name="Other Person")
    client = world.client("manager_a")
    data = _reserve_post(world, rooms, tomorrow, resident=str(stranger.code))
    assert client.post(_url(world, "reserve"), data).status_code == 400


def test_reserving_from_the_spaces_page_chooses_the_space(world, rooms):
    page = world.client("family_a").get(_url(world, "spaces")).content.decode()
    link = f"{_url(world, 'reserve')}?space={rooms['family'].code}"
    assert link in page
    assert f"?space={rooms['lounge'].code}" not in page
    form = world.client("family_a").get(link).content.decode()
    assert f'<option value="{rooms["family"].code}" selected>' in form

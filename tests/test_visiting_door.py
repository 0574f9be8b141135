"""Signing in and out at the door: who is admitted in each case, the visit on the fire list, the
connection log written once and its minutes made right at sign-out, replays changing nothing."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from commonroom.audit.models import AuditEntry
from commonroom.circle.models import SupportRole
from commonroom.connections.models import DailyConnection, Domain, Kind, Moment, WithType
from commonroom.lib.dates import today
from commonroom.residents.models import Resident
from commonroom.visiting.models import (
    Admission,
    Restriction,
    RestrictionResident,
    UnwantedVisitor,
    Visit,
    VisitingException,
    Visitor,
)
from commonroom.visiting.services import door

from .conftest import World
from .factories import make_contact, make_resident


def restrict(world: World, *, level: str = "paused", covers: Resident | None = None) -> Restriction:
    restriction = Restriction.objects.create(
        home=world.home_a,
        title="Norovirus outbreak",
        scope=Restriction.Scope.RESIDENTS if covers else Restriction.Scope.HOME,
        level=level,
        risk="Sickness.",
        risk_assessment="With the health protection team.",
        precautions="Wash hands on arrival.",
        alternatives_considered="Garden visits.",
        consulted="Everyone.",
        contact_name="Jo Manager",
        contact_details="01234 567890",
        started_at=timezone.now() - dt.timedelta(days=1),
        next_review_on=today() + dt.timedelta(days=3),
    )
    if covers:
        RestrictionResident.objects.create(
            home=world.home_a, restriction=restriction, resident=covers
        )
    return restriction


def visitor(world: World, name: str = "Susan Ellis", **overrides: Any) -> Visitor:
    return Visitor.objects.create(home=world.home_a, name=name, **overrides)


def sign(world: World, who: Visitor, *residents: Resident, **kwargs: Any) -> door.SignInResult:
    kwargs.setdefault("actor", world.care_worker_a)
    return door.sign_in(world.home_a, who, list(residents or [world.resident_a]), **kwargs)


def test_open_visiting_admits_and_writes_the_fire_list_and_the_log(world: World) -> None:
    susan = visitor(world, contact=world.family_contact)
    result = sign(world, susan, world.resident_a, party_size=2)
    visit = result.visit
    assert visit is not None and result.admitted == [world.resident_a] and not result.refused
    assert visit.admission == Admission.OPEN and visit.party_size == 2
    assert list(door.in_building(world.home_a)) == [visit]
    moment = Moment.objects.get(idempotency_key=f"visit:{visit.code}")
    assert moment.kind == Kind.VISIT and moment.domain == Domain.FAMILY
    assert moment.with_type == WithType.CONTACT and moment.with_contact == world.family_contact
    assert visit.moment == moment
    susan.refresh_from_db()
    assert susan.last_visit_at == visit.signed_in_at
    assert list(susan.usual_residents.all()) == [world.resident_a]
    assert AuditEntry.objects.filter(
        object_code=visit.code, resident_code=world.resident_a.code
    ).exists()


def test_a_stranger_is_wider_community_named_in_the_log(world: World) -> None:
    vicar = visitor(world, "Revd Alan Brown")
    visit = sign(world, vicar, world.resident_a, world.resident_a2).visit
    assert visit is not None
    moment = Moment.objects.get(idempotency_key=f"visit:{visit.code}")
    assert moment.domain == Domain.COMMUNITY and moment.with_name == "Revd Alan Brown"
    assert moment.participant_count == 2


def test_contact_of_another_resident_is_named_not_linked(world: World) -> None:
    other = make_contact(world.resident_a2, name="Tom Singh")
    tom = visitor(world, "Tom Singh", contact=other)
    visit = sign(world, tom, world.resident_a).visit
    assert visit is not None
    moment = Moment.objects.get(idempotency_key=f"visit:{visit.code}")
    assert moment.with_contact is None and moment.with_name == "Tom Singh"
    assert moment.domain == Domain.FAMILY


def test_a_second_sign_in_while_inside_is_a_replay(world: World) -> None:
    susan = visitor(world)
    first = sign(world, susan).visit
    again = sign(world, susan)
    assert again.already_in and again.visit == first
    assert Visit.objects.count() == 1 and Moment.objects.count() == 1


def test_paused_refuses_an_ordinary_visitor_with_the_named_contact(world: World) -> None:
    restrict(world)
    result = sign(world, visitor(world, "Joe Bloggs"))
    assert result.visit is None and not result.admitted
    assert "Jo Manager" in result.refused[0].reason
    assert Visit.objects.count() == 0 and Moment.objects.count() == 0


def test_paused_admits_the_named_care_supporter_and_a_substitute(world: World) -> None:
    restriction = restrict(world)
    named = make_contact(
        world.resident_a, support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER, name="Ann Ellis"
    )
    result = sign(world, visitor(world, "Ann Ellis", contact=named))
    assert result.visit is not None
    assert result.visit.admission == Admission.NAMED_SUPPORTER
    assert result.visit.restriction == restriction
    assert result.precautions == ("Wash hands on arrival.",)
    sub = make_contact(world.resident_a, name="Bill Ellis", substitute_for=named)
    result = sign(world, visitor(world, "Bill Ellis", contact=sub))
    assert result.visit is not None and result.visit.admission == Admission.NAMED_SUPPORTER


def test_supporter_of_one_resident_is_not_admitted_to_another(world: World) -> None:
    restrict(world)
    named = make_contact(world.resident_a, support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER)
    result = sign(world, visitor(world, contact=named), world.resident_a, world.resident_a2)
    assert result.admitted == [world.resident_a]
    assert [r.resident for r in result.refused] == [world.resident_a2]


def test_ended_supporter_role_does_not_count(world: World) -> None:
    restrict(world)
    named = make_contact(
        world.resident_a,
        support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER,
        role_from=today() - dt.timedelta(days=30),
        role_until=today() - dt.timedelta(days=1),
    )
    assert sign(world, visitor(world, contact=named)).visit is None


def test_end_of_life_exception_admits_while_it_lasts(world: World) -> None:
    restrict(world)
    VisitingException.objects.create(
        home=world.home_a,
        resident=world.resident_a,
        kind=VisitingException.Kind.END_OF_LIFE,
        reason="Receiving end of life care.",
        starts_on=today() - dt.timedelta(days=2),
    )
    result = sign(world, visitor(world))
    assert result.visit is not None and result.visit.admission == Admission.END_OF_LIFE
    VisitingException.objects.update(ends_on=today() - dt.timedelta(days=1))
    assert sign(world, visitor(world, "Another One")).visit is None


def test_a_restriction_on_named_residents_leaves_others_open(world: World) -> None:
    restrict(world, covers=world.resident_a)
    result = sign(world, visitor(world), world.resident_a, world.resident_a2)
    assert result.admitted == [world.resident_a2]
    assert result.visit is not None and result.visit.admission == Admission.OPEN


def test_precautions_admit_with_precautions(world: World) -> None:
    restrict(world, level=Restriction.Level.PRECAUTIONS)
    result = sign(world, visitor(world))
    assert result.visit is not None and result.visit.admission == Admission.WITH_PRECAUTIONS


def test_lifted_restrictions_do_not_count(world: World) -> None:
    restriction = restrict(world)
    restriction.lifted_at = timezone.now()
    restriction.save()
    assert sign(world, visitor(world)).visit is not None


def test_unwanted_visitor_is_refused_without_saying_why(world: World) -> None:
    joe = visitor(world, "Joe Bloggs")
    UnwantedVisitor.objects.create(
        home=world.home_a, resident=world.resident_a, visitor=joe, name="Joe", decided_on=today()
    )
    result = sign(world, joe)
    assert result.visit is None
    assert "staff" in result.refused[0].reason and "Joe" not in result.refused[0].reason


def test_unwanted_by_contact(world: World) -> None:
    UnwantedVisitor.objects.create(
        home=world.home_a,
        resident=world.resident_a,
        contact=world.family_contact,
        name="Susan",
        decided_on=today(),
    )
    assert sign(world, visitor(world, contact=world.family_contact)).visit is None


def test_staff_may_admit_under_an_exception_with_a_reason(world: World) -> None:
    restrict(world)
    joe = visitor(world, "Joe Bloggs")
    with pytest.raises(door.DoorError) as error:
        sign(world, joe, admission_override=Admission.OTHER_EXCEPTION)
    assert error.value.field == "exception_reason"
    result = sign(
        world,
        joe,
        admission_override=Admission.OTHER_EXCEPTION,
        exception_reason="Bringing the wedding photographs; agreed with the manager.",
    )
    assert result.visit is not None and result.visit.admission == Admission.OTHER_EXCEPTION
    assert "wedding" in result.visit.exception_reason


def test_bad_input_is_refused(world: World) -> None:
    joe = visitor(world)
    with pytest.raises(door.DoorError):
        sign(world, joe, world.resident_b)
    with pytest.raises(door.DoorError):
        door.sign_in(world.home_a, joe, [], actor=world.manager_a)
    with pytest.raises(door.DoorError):
        sign(world, joe, party_size=0)
    with pytest.raises(door.DoorError):
        sign(world, joe, admission_override="bogus", exception_reason="x")


def test_sign_out_makes_the_minutes_right_once(world: World) -> None:
    start = timezone.now() - dt.timedelta(minutes=45)
    visit = sign(world, visitor(world), now=start).visit
    assert visit is not None
    daily = DailyConnection.objects.get(resident=world.resident_a)
    assert (daily.moments, daily.minutes) == (1, 0)
    door.sign_out(visit, actor=world.care_worker_a, now=start + dt.timedelta(minutes=45))
    visit.refresh_from_db()
    assert visit.signed_out_at is not None and not list(door.in_building(world.home_a))
    moments = Moment.objects.filter(home=world.home_a)
    assert moments.count() == 1
    assert moments.get().minutes == 45 and moments.get().idempotency_key.endswith(":out")
    daily.refresh_from_db()
    assert (daily.moments, daily.minutes) == (1, 45)
    # A double tap on "sign out" changes nothing.
    door.sign_out(visit, actor=world.care_worker_a)
    daily.refresh_from_db()
    assert (daily.moments, daily.minutes) == (1, 45) and Moment.objects.count() == 1


def test_find_visitors_needs_two_letters_and_shows_at_most_eight(world: World) -> None:
    for n in range(12):
        visitor(world, f"Pat Smith{n}")
    Visitor.objects.create(home=world.home_b, name="Pat Smith Other")
    assert door.find_visitors(world.home_a, "S") == []
    found = door.find_visitors(world.home_a, "smith")
    assert len(found) == 8 and all(v.home == world.home_a for v in found)


def test_door_name_is_first_name_and_initial(world: World) -> None:
    assert door.door_name("Susan Mary Ellis") == "Susan E."
    assert door.door_name("Cher") == "Cher"
    assert door.door_name("  ") == ""


def test_restrictions_covering(world: World) -> None:
    other = make_resident(world.home_a)
    restrict(world, covers=world.resident_a)
    covering = door.restrictions_covering(world.home_a, [world.resident_a, other])
    assert [f.title for f in covering[world.resident_a.pk]] == ["Norovirus outbreak"]
    assert covering[other.pk] == []

"""Outbreak services: declaring with each nation's test, the snapshot of named care supporters
(and, in Scotland, the reasons there are none), reviews, lifting, notices and their deliveries."""

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from commonroom.circle.models import SupportRole
from commonroom.homes.models import Home
from commonroom.lib.dates import today
from commonroom.visiting import rules
from commonroom.visiting.models import (
    Admission,
    NoticeDelivery,
    Restriction,
    RestrictionNotice,
    RestrictionReview,
    Visit,
    VisitingException,
    VisitingPreferences,
    Visitor,
)
from commonroom.visiting.services import exceptions as exception_services
from commonroom.visiting.services import notices
from commonroom.visiting.services import restrictions as services
from commonroom.visiting.services.restrictions import RestrictionError, RestrictionInput

from .conftest import World
from .factories import make_contact, make_home, make_resident, make_user


def data(**overrides: Any) -> RestrictionInput:
    values: dict[str, Any] = {
        "title": "Norovirus outbreak",
        "scope": Restriction.Scope.HOME,
        "level": Restriction.Level.PAUSED,
        "risk": "Several residents and staff unwell with sickness.",
        "risk_assessment": "Assessed with the health protection team.",
        "precautions": "Wash hands on arrival.",
        "alternatives_considered": "Visits in the garden room only; not enough.",
        "consulted": "Health protection team, residents' meeting.",
        "residents_consulted": True,
        "families_consulted": True,
        "contact_name": "Jo Manager",
        "contact_details": "01234 567890",
        "next_review_on": today() + dt.timedelta(days=3),
        "confirmed": True,
    }
    values.update(overrides)
    return RestrictionInput(**values)


def declare(world: World, **overrides: Any) -> Restriction:
    return services.declare(world.home_a, data(**overrides), actor=world.manager_a)


def test_declare_needs_the_nations_confirmation_to_pause(world: World) -> None:
    with pytest.raises(RestrictionError) as error:
        declare(world, confirmed=False)
    assert error.value.field == "confirmed"
    restriction = declare(world, confirmed=False, level=Restriction.Level.PRECAUTIONS)
    assert restriction.is_active


def test_confirmation_words_follow_the_nation() -> None:
    assert "78C" in services.confirmation_text(Home.Nation.SCOTLAND)
    assert "Regulation 9A" in services.confirmation_text(Home.Nation.ENGLAND)
    assert "proportionate" in services.confirmation_text(Home.Nation.WALES)
    assert "proportionate" in services.confirmation_text(Home.Nation.NORTHERN_IRELAND)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("risk", "  "),
        ("risk_assessment", ""),
        ("alternatives_considered", ""),
        ("consulted", ""),
        ("contact_name", ""),
        ("contact_details", ""),
        ("next_review_on", today() - dt.timedelta(days=1)),
        ("title", "x" * 201),
        ("risk", "bad\x00text"),
        ("started_at", timezone.now() + dt.timedelta(days=2)),
    ],
)
def test_declare_refuses_an_incomplete_record(world: World, field: str, value: Any) -> None:
    with pytest.raises(RestrictionError) as error:
        declare(world, **{field: value})
    assert error.value.field == field
    assert not Restriction.objects.exists()


def test_area_and_named_scopes_need_residents(world: World) -> None:
    with pytest.raises(RestrictionError) as error:
        declare(world, scope=Restriction.Scope.AREA, area_name="")
    assert error.value.field == "area_name"
    with pytest.raises(RestrictionError) as error:
        declare(world, scope=Restriction.Scope.RESIDENTS)
    assert error.value.field == "residents"
    with pytest.raises(RestrictionError) as error:
        declare(world, scope=Restriction.Scope.RESIDENTS, residents=[world.resident_b])
    assert error.value.field == "residents"


def test_review_date_far_ahead_is_a_warning_not_an_error(world: World) -> None:
    far = data(next_review_on=today() + dt.timedelta(days=30))
    assert services.validate(world.home_a, far)
    assert services.validate(world.home_a, data()) == []


def test_whole_home_snapshots_every_current_resident_with_supporters(world: World) -> None:
    ecs = make_contact(
        world.resident_a, name="Tom Ellis", support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER
    )
    make_contact(
        world.resident_a,
        name="Ann Ellis",
        support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER,
        substitute_for=ecs,
    )
    make_contact(
        world.resident_a,
        name="Old Supporter",
        support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER,
        role_until=today() - dt.timedelta(days=10),
    )
    VisitingPreferences.objects.create(
        home=world.home_a,
        resident=world.resident_a2,
        no_supporter_reason=VisitingPreferences.NoSupporterReason.PERSONS_WISH,
        no_supporter_detail="Arthur prefers not to.",
    )
    make_resident(world.home_a, status="moved_out")
    restriction = declare(world)
    rows = {row.resident_id: row for row in restriction.covered.all()}
    assert set(rows) == {world.resident_a.pk, world.resident_a2.pk}
    supporters = rows[world.resident_a.pk].supporters
    assert [s["name"] for s in supporters] == ["Tom Ellis", "Ann Ellis"]
    assert supporters[1]["substitute_of"] == "Tom Ellis"
    assert supporters[0]["role_label"] == "Essential care supporter"
    assert "person's wish" in rows[world.resident_a2.pk].no_supporter_reason
    assert "Arthur prefers not to." in rows[world.resident_a2.pk].no_supporter_reason


def test_scotland_lists_residents_missing_a_reason_and_records_one(world: World) -> None:
    restriction = declare(world)
    missing = services.missing_reasons(restriction)
    assert {row.resident_id for row in missing} == {world.resident_a.pk, world.resident_a2.pk}
    services.record_no_supporter_reason(
        restriction,
        world.resident_a2,
        reason=VisitingPreferences.NoSupporterReason.NOBODY_ABLE,
        detail="No family nearby.",
        actor=world.manager_a,
    )
    prefs = VisitingPreferences.objects.get(resident=world.resident_a2)
    assert prefs.no_supporter_reason == VisitingPreferences.NoSupporterReason.NOBODY_ABLE
    assert {row.resident_id for row in services.missing_reasons(restriction)} == {
        world.resident_a.pk
    }
    with pytest.raises(RestrictionError):
        services.record_no_supporter_reason(
            restriction, world.resident_a2, reason="made-up", detail="", actor=world.manager_a
        )


def test_past_review_date_is_flagged_and_reviewing_moves_it(world: World) -> None:
    restriction = declare(world)
    Restriction.objects.filter(pk=restriction.pk).update(
        next_review_on=today() - dt.timedelta(days=4)
    )
    restriction.refresh_from_db()
    assert services.overdue_reviews(world.home_a) == [restriction]
    assert services.days_overdue(restriction) == 4
    services.review(
        restriction,
        outcome=RestrictionReview.Outcome.CONTINUE,
        notes="Still two new cases a day.",
        next_review_on=today() + dt.timedelta(days=3),
        actor=world.manager_a,
    )
    restriction.refresh_from_db()
    assert restriction.next_review_on == today() + dt.timedelta(days=3)
    assert services.overdue_reviews(world.home_a) == []
    assert services.days_overdue(restriction) == 0
    assert services.overdue_reviews(world.home_a, on=today() + dt.timedelta(days=4))


def test_review_refuses_a_past_date_and_lift_outcome_lifts(world: World) -> None:
    restriction = declare(world)
    with pytest.raises(RestrictionError):
        services.review(
            restriction,
            outcome=RestrictionReview.Outcome.CONTINUE,
            notes="x",
            next_review_on=today() - dt.timedelta(days=1),
            actor=world.manager_a,
        )
    services.review(
        restriction,
        outcome=RestrictionReview.Outcome.LIFT,
        notes="No new cases for 48 hours.",
        next_review_on=None,
        actor=world.manager_a,
    )
    restriction.refresh_from_db()
    assert not restriction.is_active
    assert restriction.lifted_reason == "No new cases for 48 hours."


def test_lifting_stops_it_reaching_the_door(world: World) -> None:
    restriction = declare(world)
    facts = services.facts_for(world.home_a, world.resident_a)
    assert [f.pk for f in facts] == [restriction.pk]
    decision = rules.decide(
        nation=world.home_a.nation, restrictions=facts, is_named_supporter=False
    )
    assert not decision.admitted
    services.lift(restriction, reason="Outbreak over.", actor=world.manager_a)
    facts = services.facts_for(world.home_a, world.resident_a)
    assert facts == []
    decision = rules.decide(
        nation=world.home_a.nation, restrictions=facts, is_named_supporter=False
    )
    assert decision.admitted and decision.admission == Admission.OPEN
    with pytest.raises(RestrictionError):
        services.lift(restriction, reason="again", actor=world.manager_a)


def test_restrictions_for_residents_by_scope(world: World) -> None:
    whole = declare(world, level=Restriction.Level.PRECAUTIONS, confirmed=False)
    named = declare(world, scope=Restriction.Scope.RESIDENTS, residents=[world.resident_a2])
    found = services.restrictions_for_residents(world.home_a, [world.resident_a, world.resident_a2])
    assert found[world.resident_a.pk] == [whole]
    assert set(found[world.resident_a2.pk]) == {whole, named}
    newcomer = make_resident(world.home_a)
    assert services.restrictions_for_residents(world.home_a, [newcomer])[newcomer.pk] == [whole]
    assert services.active_restrictions(world.home_b) == []


def _visit(world: World, resident: Any, name: str, email: str, days_ago: int = 5) -> Visit:
    visitor = Visitor.objects.create(home=world.home_a, name=name, email=email)
    visit = Visit.objects.create(
        home=world.home_a,
        visitor=visitor,
        signed_in_at=timezone.now() - dt.timedelta(days=days_ago),
    )
    visit.residents.add(resident)
    return visit


def test_notices_go_to_contacts_and_recent_visitors_once_each(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    make_contact(world.resident_a, name="Susan again", email="SUSAN@example.org")
    make_contact(world.resident_a2, name="Raj Singh", email="raj@example.org")
    make_contact(world.resident_a2, name="No Email")
    make_contact(world.resident_b, name="Other Home", email="other@example.org")
    _visit(world, world.resident_a, "Friend Fay", "fay@example.org")
    _visit(world, world.resident_a, "Long Ago", "old@example.org", days_ago=120)
    _visit(world, world.resident_a2, "Susan Ellis", "susan@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = declare(world)
    notice = RestrictionNotice.objects.get(restriction=restriction)
    assert notice.event == RestrictionNotice.Event.STARTED
    emails = sorted(NoticeDelivery.objects.filter(notice=notice).values_list("email", flat=True))
    assert emails == ["fay@example.org", "raj@example.org", "susan@example.org"]
    assert len(mail.outbox) == 3
    assert all(d.sent_at for d in NoticeDelivery.objects.filter(notice=notice))
    body = mail.outbox[0].body
    for words in ("Jo Manager", "01234 567890", "Wash hands", "end of life", "Norovirus"):
        assert words in body
    assert "essential care supporter" in body


def test_named_residents_notices_name_only_the_recipients_own_person(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    make_contact(world.resident_a2, name="Raj Singh", email="raj@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        declare(
            world,
            scope=Restriction.Scope.RESIDENTS,
            residents=[world.resident_a, world.resident_a2],
        )
    by_email = {m.to[0]: m.body for m in mail.outbox}
    assert "Margaret Ellis" in by_email["susan@example.org"]
    assert "Arthur" not in by_email["susan@example.org"]
    assert "Arthur" in by_email["raj@example.org"]
    assert "Margaret" not in by_email["raj@example.org"]
    notice = RestrictionNotice.objects.get()
    assert "Margaret" not in notice.body and "Arthur" not in notice.body


def test_area_notice_never_names_residents(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        declare(
            world,
            scope=Restriction.Scope.AREA,
            area_name="First floor",
            residents=[world.resident_a],
        )
    (message,) = mail.outbox
    assert "First floor" in message.body
    assert "Margaret" not in message.body and "Peggy" not in message.body


def test_change_and_lift_write_notices(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        restriction = declare(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.change(
            restriction,
            data(level=Restriction.Level.PRECAUTIONS, title="Norovirus: easing"),
            what_changed="Visits can start again with hand washing.",
            actor=world.manager_a,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.lift(restriction, reason="No cases for a week.", actor=world.manager_a)
    events = list(
        RestrictionNotice.objects.filter(restriction=restriction)
        .order_by("created_at")
        .values_list("event", flat=True)
    )
    assert events == ["started", "changed", "lifted"]
    assert "Visits can start again with hand washing." in mail.outbox[1].body
    assert "No cases for a week." in mail.outbox[2].body
    with pytest.raises(RestrictionError):
        services.change(restriction, data(), what_changed="x", actor=world.manager_a)


def test_notice_in_the_recipients_language(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.family_a.language = "cy"
    world.family_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        declare(world)
    delivery = NoticeDelivery.objects.get(email="susan@example.org")
    assert delivery.body


def test_failed_deliveries_are_kept_and_sent_again(
    world: World, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    import commonroom.visiting.tasks as tasks

    def broken(**kwargs: Any) -> None:
        raise OSError("mail server down")

    monkeypatch.setattr(tasks, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        restriction = declare(world)
    notice = restriction.notices.get()
    delivery = notice.deliveries.get()
    assert delivery.sent_at is None and "mail server down" in delivery.error
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.send_failed_again(notice) == 1
    delivery.refresh_from_db()
    assert delivery.sent_at is not None and delivery.error == ""


def test_exceptions_record_end_and_feed_the_door(world: World) -> None:
    exception = exception_services.record_exception(
        world.home_a,
        world.resident_a,
        kind=VisitingException.Kind.END_OF_LIFE,
        reason="Receiving end of life care.",
        starts_on=today(),
        ends_on=None,
        actor=world.manager_a,
    )
    assert services.exception_kinds(world.home_a, world.resident_a) == {"end_of_life"}
    assert exception_services.end_exception(exception, actor=world.manager_a) is None
    assert not VisitingException.objects.filter(pk=exception.pk).exists()
    assert services.exception_kinds(world.home_a, world.resident_a) == set()
    older = exception_services.record_exception(
        world.home_a,
        world.resident_a,
        kind=VisitingException.Kind.SERIOUS_HARM,
        reason="Distressed without visits.",
        starts_on=today() - dt.timedelta(days=5),
        ends_on=None,
        actor=world.manager_a,
    )
    assert services.exception_kinds(world.home_a, world.resident_a) == {"serious_harm"}
    ended = exception_services.end_exception(older, actor=world.manager_a)
    assert ended is not None and ended.ends_on == today() - dt.timedelta(days=1)
    assert services.exception_kinds(world.home_a, world.resident_a) == set()
    with pytest.raises(RestrictionError):
        exception_services.end_exception(older, actor=world.manager_a)
    with pytest.raises(RestrictionError):
        exception_services.record_exception(
            world.home_a,
            world.resident_b,
            kind=VisitingException.Kind.END_OF_LIFE,
            reason="x",
            starts_on=today(),
            ends_on=None,
            actor=world.manager_a,
        )
    with pytest.raises(RestrictionError):
        exception_services.record_exception(
            world.home_a,
            world.resident_a,
            kind=VisitingException.Kind.SERIOUS_HARM,
            reason="x",
            starts_on=today(),
            ends_on=today() - dt.timedelta(days=1),
            actor=world.manager_a,
        )


def test_england_home_declares_with_its_own_rule(db: None) -> None:
    home = make_home(nation=Home.Nation.ENGLAND)
    resident = make_resident(home)
    make_contact(resident, name="Cara", support_role=SupportRole.CARE_SUPPORTER)
    restriction = services.declare(home, data(), actor=make_user())
    (row,) = restriction.covered.all()
    assert row.supporters[0]["role_label"] == "Care supporter"

"""The planner's solver on small hand-built weeks whose best plan is known, and a property test
that no plan ever breaks a hard rule."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from commonroom.planner.greedy import greedy
from commonroom.planner.problem import Interval, Needs, PlanResident, PlanSession, Week
from commonroom.planner.solve import blocker, solve

MONDAY = dt.date(2025, 3, 3)


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime.combine(MONDAY + dt.timedelta(days=day), dt.time(hour))


def session(id: int, day: int = 0, hour: int = 10, **kw: object) -> PlanSession:
    fields: dict[str, object] = {
        "title": f"S{id}",
        "interval": Interval(at(day, hour), at(day, hour + 1)),
        "category": "games",
        "capacity": 10,
        "seated": True,
        "dementia_friendly": True,
        "hearing_friendly": True,
        "sight_friendly": True,
    }
    fields.update(kw)
    return PlanSession(id=id, **fields)  # type: ignore[arg-type]


def person(id: int, share: int = 1, **kw: object) -> PlanResident:
    return PlanResident(id=id, name=f"R{id}", share=share, **kw)  # type: ignore[arg-type]


def pairs(plan) -> set[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return {(a.resident, a.session) for a in plan.assignments}


def quick(week: Week):  # type: ignore[no-untyped-def]
    return solve(week, time_limit=5)


def test_interests_decide_who_goes_where() -> None:
    week = Week(
        MONDAY,
        (
            person(1, interests=frozenset({"brass bands"})),
            person(2, interests=frozenset({"bingo"})),
            person(3, interests=frozenset({"bingo"})),
        ),
        (
            session(10, hour=10, interests=frozenset({"brass bands"})),
            session(20, hour=14, interests=frozenset({"bingo"})),
        ),
    )
    plan = quick(week)
    assert plan.status == "optimal" and plan.gap == 0.0
    assert pairs(plan) == {(1, 10), (2, 20), (3, 20)}
    assert plan.shortfalls == ()
    reasons = {a.resident: a.reasons for a in plan.assignments}
    assert ("interest", "brass bands") in {(r.code, r.detail) for r in reasons[1]}


def test_capacity_is_respected_and_the_priority_person_gets_the_place() -> None:
    week = Week(
        MONDAY,
        (person(1), person(2, priority=2, priority_reasons=("early_warning",))),
        (session(10, capacity=1),),
    )
    plan = quick(week)
    assert pairs(plan) == {(2, 10)}
    [short] = plan.shortfalls
    assert (short.resident, short.share, short.offered, short.missing) == (1, 1, 0, 1)
    assert short.why[0] == "full"
    [assignment] = plan.assignments
    assert "early_warning" in {r.code for r in assignment.reasons}


def test_tensions_are_never_in_the_same_session() -> None:
    week = Week(
        MONDAY,
        (person(1, tensions=frozenset({2})), person(2, tensions=frozenset({1}))),
        (session(10),),
    )
    plan = quick(week)
    assert len(plan.assignments) == 1
    assert len(plan.shortfalls) == 1


def test_busy_times_and_overlapping_sessions_are_respected() -> None:
    gp = Interval(at(0, 10), at(0, 11))
    week = Week(
        MONDAY,
        (person(1, share=3, busy=(gp,)),),
        (
            session(10, hour=10),
            session(20, hour=14),
            session(30, hour=14, interval=Interval(at(0, 14), at(0, 16))),
            session(40, day=1),
        ),
    )
    plan = quick(week)
    chosen = pairs(plan)
    assert (1, 10) not in chosen
    assert not {(1, 20), (1, 30)} <= chosen
    assert len(chosen) == 2
    [short] = plan.shortfalls
    assert short.missing == 1 and "busy" in short.why


def test_needs_rule_sessions_out_and_the_shortfall_says_which() -> None:
    week = Week(
        MONDAY,
        (person(1, share=3, needs=Needs(hearing=True)),),
        (
            session(10, day=0),
            session(20, day=1, hearing_friendly=False),
            session(30, day=2, hearing_friendly=False),
        ),
    )
    plan = quick(week)
    assert pairs(plan) == {(1, 10)}
    [short] = plan.shortfalls
    assert (short.offered, short.share, short.why) == (1, 3, ("hearing",))


def test_language_where_talk_matters() -> None:
    speaker = person(1, languages=frozenset({"punjabi"}), preferred_language="punjabi")
    assert blocker(speaker, session(10, language_needed=True)) == "language"
    assert blocker(speaker, session(10)) is None
    assert blocker(speaker, session(10, language="punjabi", language_needed=True)) is None


def test_unstaffed_sessions_invite_nobody_and_are_reported() -> None:
    week = Week(MONDAY, (person(1),), (session(10, staff_needed=2, staff_available=1),))
    plan = quick(week)
    assert plan.assignments == ()
    assert [(u.session, u.staff_missing) for u in plan.unstaffed] == [(10, 1)]
    assert plan.shortfalls[0].why == ("staffing",)


def test_friends_are_grouped_when_it_costs_nothing() -> None:
    week = Week(
        MONDAY,
        (
            person(1, friends=frozenset({2})),
            person(2, friends=frozenset({1})),
        ),
        (session(10, hour=10), session(20, hour=14)),
    )
    plan = quick(week)
    chosen = pairs(plan)
    assert chosen in ({(1, 10), (2, 10)}, {(1, 20), (2, 20)})
    friend = [r for a in plan.assignments for r in a.reasons if r.code == "friend"]
    assert {r.detail for r in friend} == {"R1", "R2"}


def test_newcomer_goes_with_their_buddy_over_interests() -> None:
    week = Week(
        MONDAY,
        (
            person(1, buddy=2, interests=frozenset({"bingo"})),
            person(2, interests=frozenset({"choir"})),
        ),
        (
            session(10, hour=10, interests=frozenset({"bingo"}), capacity=1),
            session(20, hour=14, interests=frozenset({"choir"})),
        ),
    )
    plan = quick(week)
    assert pairs(plan) == {(1, 20), (2, 20)}
    [reason] = [
        r for a in plan.assignments if a.resident == 1 for r in a.reasons if r.code == "buddy"
    ]
    assert reason.detail == "R2"


def test_variety_prefers_a_second_category() -> None:
    games = [session(i, day=i, category="games") for i in range(3)]
    week = Week(MONDAY, (person(1, share=3),), (*games, session(9, day=5, category="music")))
    plan = quick(week)
    assert (1, 9) in pairs(plan)


def test_reasons_count_sessions_so_far_this_week() -> None:
    week = Week(MONDAY, (person(1, share=2, had_this_week=1),), (session(10), session(20, day=1)))
    plan = quick(week)
    counts = [r.count for a in plan.assignments for r in a.reasons if r.code == "had_this_week"]
    assert counts == [1, 2]


def test_greedy_is_first_come_first_invited() -> None:
    week = Week(
        MONDAY,
        (person(1, interests=frozenset({"bingo"})), person(2, interests=frozenset({"choir"}))),
        (
            session(10, hour=10, capacity=1, interests=frozenset({"choir"})),
            session(20, hour=14, capacity=1, interests=frozenset({"bingo"})),
        ),
    )
    baseline = greedy(week)
    assert pairs(baseline) == {(1, 10), (2, 20)}
    assert baseline.gap is None
    assert pairs(quick(week)) == {(1, 20), (2, 10)}


def test_greedy_keeps_the_hard_rules() -> None:
    week = Week(
        MONDAY,
        (person(1, share=2, tensions=frozenset({2})), person(2, tensions=frozenset({1}))),
        (session(10, hour=10), session(20, hour=10)),
    )
    chosen = pairs(greedy(week))
    assert chosen == {(1, 10), (2, 20)}


@st.composite
def weeks(draw: st.DrawFn) -> Week:
    n_people = draw(st.integers(1, 6))
    n_sessions = draw(st.integers(1, 5))
    ids = list(range(1, n_people + 1))
    tensions = draw(st.sets(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=4))
    friends = draw(st.sets(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=4))
    people = []
    for i in ids:
        busy_day = draw(st.none() | st.integers(0, 2))
        people.append(
            person(
                i,
                share=draw(st.integers(0, 3)),
                priority=draw(st.integers(0, 2)),
                needs=Needs(hearing=draw(st.booleans()), seated=draw(st.booleans())),
                busy=() if busy_day is None else (Interval(at(busy_day, 10), at(busy_day, 12)),),
                tensions=frozenset(
                    {b for a, b in tensions if a == i and b != i}
                    | {a for a, b in tensions if b == i and a != i}
                ),
                friends=frozenset({b for a, b in friends if a == i and b != i}),
                buddy=draw(st.none() | st.sampled_from(ids)),
            )
        )
    sessions = [
        session(
            100 + j,
            day=draw(st.integers(0, 2)),
            hour=draw(st.integers(9, 12)),
            capacity=draw(st.integers(0, 3)),
            hearing_friendly=draw(st.booleans()),
            seated=draw(st.booleans()),
            category=draw(st.sampled_from(["games", "music"])),
        )
        for j in range(n_sessions)
    ]
    return Week(MONDAY, tuple(people), tuple(sessions))


def assert_hard_rules(week: Week, chosen: set[tuple[int, int]]) -> None:
    people = {r.id: r for r in week.residents}
    sessions = {s.id: s for s in week.sessions}
    for r, s in chosen:
        assert blocker(people[r], sessions[s]) is None
    for s in week.sessions:
        going = {r for r, s2 in chosen if s2 == s.id}
        assert len(going) <= s.capacity
        for r in going:
            assert not people[r].tensions & going
    for r in week.residents:
        mine = [sessions[s] for r2, s in chosen if r2 == r.id]
        assert len(mine) <= r.share
        for a in mine:
            for b in mine:
                assert a is b or not a.interval.overlaps(b.interval)


@settings(max_examples=40, deadline=None)
@given(weeks())
def test_no_plan_breaks_a_hard_rule(week: Week) -> None:
    plan = solve(week, time_limit=2)
    chosen = pairs(plan)
    assert_hard_rules(week, chosen)
    assert_hard_rules(week, pairs(greedy(week)))
    offered = {r.id: sum(1 for r2, _s in chosen if r2 == r.id) for r in week.residents}
    reported = {s.resident: s.offered for s in plan.shortfalls}
    assert reported == {r.id: offered[r.id] for r in week.residents if offered[r.id] < r.share}

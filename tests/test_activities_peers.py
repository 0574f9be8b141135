"""The peer rules on small hand-built homes whose right answer is plain to see."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commonroom.activities.matching import (
    Kind,
    Person,
    Reason,
    Volunteer,
    buddies,
    buddy_for,
    common_ground,
    introductions,
    pair,
    seating,
    volunteer_matches,
)

GARDENER = frozenset({"Gardening"})


def person(id: int, name: str = "", **fields: object) -> Person:
    return Person(id=id, name=name or f"P{id}", **fields)  # type: ignore[arg-type]


def test_common_ground_names_each_thing_shared() -> None:
    one = person(
        1,
        interests=frozenset({"Gardening", "Bingo"}),
        languages=frozenset({"English", "Punjabi"}),
        faith="Sikh",
        culture="Punjabi",
        era=1940,
        work=frozenset({"Nursing"}),
    )
    other = person(
        2,
        interests=frozenset({"gardening", "Chess"}),
        languages=frozenset({"english", "punjabi"}),
        faith="sikh",
        culture="Welsh",
        era=1940,
        work=frozenset({"nursing"}),
    )
    assert common_ground(one, other) == (
        Reason(Kind.INTEREST, "Gardening"),
        Reason(Kind.LANGUAGE, "Punjabi"),
        Reason(Kind.FAITH, "Sikh"),
        Reason(Kind.WORK, "Nursing"),
        Reason(Kind.ERA, "1940"),
    )


def test_english_and_no_faith_are_not_common_ground() -> None:
    one = person(1, languages=frozenset({"English"}), faith="None")
    other = person(2, languages=frozenset({"English"}), faith="none")
    assert common_ground(one, other) == ()


def test_introductions_rank_by_what_is_shared() -> None:
    ann = person(1, "Ann", interests=GARDENER, languages=frozenset({"Welsh"}))
    bob = person(2, "Bob", interests=GARDENER, languages=frozenset({"Welsh"}))
    cai = person(3, "Cai", interests=GARDENER)
    dee = person(4, "Dee", interests=frozenset({"Chess"}))
    found = introductions([ann, bob, cai, dee], friends=set(), tensions=set(), per_person=5)
    assert [(i.first.name, i.second.name) for i in found] == [
        ("Ann", "Bob"),
        ("Ann", "Cai"),
        ("Bob", "Cai"),
    ]
    assert found[0].reasons == (Reason(Kind.INTEREST, "Gardening"), Reason(Kind.LANGUAGE, "Welsh"))


def test_introductions_never_across_a_tension_nor_between_friends() -> None:
    people = [person(i, interests=GARDENER) for i in (1, 2, 3)]
    found = introductions(people, friends={pair(1, 2)}, tensions={pair(2, 3)}, per_person=5)
    assert [(i.first.id, i.second.id) for i in found] == [(1, 3)]


def test_introductions_share_the_list_out() -> None:
    # Ann has most in common with everyone, but appears in at most two suggestions.
    ann = person(1, "Ann", interests=frozenset({"Gardening", "Bingo"}))
    others = [person(i, interests=frozenset({"Gardening", "Bingo"})) for i in (2, 3, 4)]
    found = introductions([ann, *others], set(), set(), limit=10, per_person=2)
    assert sum(ann in (i.first, i.second) for i in found) <= 2
    assert len(introductions([ann, *others], set(), set(), limit=1)) == 1


def test_buddy_is_the_best_matched_settled_resident() -> None:
    newcomer = person(1, "New", interests=GARDENER, languages=frozenset({"Urdu"}), newcomer=True)
    gardener = person(2, "Gardener", interests=GARDENER)
    urdu_gardener = person(3, "Urdu", interests=GARDENER, languages=frozenset({"Urdu"}))
    other_newcomer = person(4, "New too", interests=GARDENER, newcomer=True)
    people = [newcomer, gardener, urdu_gardener, other_newcomer]
    found = buddy_for(newcomer, people, tensions=set())
    assert found is not None
    assert found.second == urdu_gardener
    assert Reason(Kind.LANGUAGE, "Urdu") in found.reasons


def test_buddy_never_in_tension_nor_overloaded() -> None:
    newcomer = person(1, interests=GARDENER, newcomer=True)
    people = [newcomer, person(2, interests=GARDENER), person(3, interests=GARDENER)]
    assert buddy_for(newcomer, people, tensions={pair(1, 2)}, taken={3}) is None
    found = buddy_for(newcomer, people, tensions={pair(1, 2)})
    assert found is not None and found.second.id == 3


def test_two_newcomers_do_not_share_a_buddy() -> None:
    first = person(1, interests=GARDENER, newcomer=True)
    second = person(2, interests=GARDENER, newcomer=True)
    settled = [person(3, interests=GARDENER), person(4, interests=GARDENER)]
    proposed = buddies([first, second], [first, second, *settled], tensions=set())
    chosen = {intro.second.id for intro in proposed.values() if intro}
    assert chosen == {3, 4}


def test_no_buddy_without_common_ground() -> None:
    newcomer = person(1, interests=GARDENER, newcomer=True)
    assert buddy_for(newcomer, [newcomer, person(2)], tensions=set()) is None


def _together(tables: list) -> set[frozenset[int]]:
    return {
        pair(one.id, other.id)
        for table in tables
        for one, other in itertools.combinations(table.people, 2)
    }


def test_seating_puts_friends_and_common_ground_together() -> None:
    welsh = frozenset({"Welsh"})
    people = [
        person(1, "Ann", languages=welsh),
        person(2, "Bob", interests=GARDENER),
        person(3, "Cai", languages=welsh),
        person(4, "Dee", interests=GARDENER),
    ]
    tables = seating(people, table_size=2, friends=set(), tensions=set())
    assert _together(tables) == {pair(1, 3), pair(2, 4)}
    assert tables[0].reasons[0].reasons == (Reason(Kind.LANGUAGE, "Welsh"),) or tables[1].reasons[
        0
    ].reasons == (Reason(Kind.LANGUAGE, "Welsh"),)


def test_seating_keeps_a_tension_apart_even_against_common_ground() -> None:
    people = [person(i, interests=GARDENER) for i in (1, 2, 3, 4)]
    tables = seating(people, table_size=4, friends={pair(1, 2)}, tensions={pair(1, 2)})
    assert pair(1, 2) not in _together(tables)
    assert len(tables) == 2


def test_seating_gives_hearing_needs_the_quiet_table() -> None:
    people = [person(1), person(2, hearing=True), person(3), person(4, hearing=True)]
    tables = seating(people, table_size=2, friends=set(), tensions=set(), quiet_tables=1)
    quiet = next(table for table in tables if table.quiet)
    assert {p.id for p in quiet.people} == {2, 4}
    assert quiet.reasons[0].reasons == (Reason(Kind.QUIET),)


def test_seating_is_the_same_every_time() -> None:
    people = [person(i, interests=frozenset({f"I{i % 3}"})) for i in range(12)]
    first = seating(people, 4, set(), {pair(0, 3)})
    assert all(seating(people, 4, set(), {pair(0, 3)}) == first for _ in range(3))


def test_seating_refuses_tables_for_one() -> None:
    with pytest.raises(ValueError):
        seating([person(1)], 1, set(), set())


@st.composite
def dinners(draw: st.DrawFn) -> tuple[list[Person], int, set, set, int]:
    count = draw(st.integers(1, 14))
    topics = ["Gardening", "Bingo", "Chess"]
    people = [
        person(
            i,
            interests=frozenset(draw(st.lists(st.sampled_from(topics), max_size=2))),
            hearing=draw(st.booleans()),
        )
        for i in range(count)
    ]
    every_pair = [pair(a, b) for a, b in itertools.combinations(range(count), 2)]
    tensions = set(draw(st.lists(st.sampled_from(every_pair), max_size=8))) if every_pair else set()
    friends = set(draw(st.lists(st.sampled_from(every_pair), max_size=8))) if every_pair else set()
    return people, draw(st.integers(2, 6)), friends, tensions, draw(st.integers(0, 2))


@settings(max_examples=80, deadline=None)
@given(dinners())
def test_seating_never_breaks_a_hard_rule(dinner: tuple) -> None:
    people, size, friends, tensions, quiet = dinner
    tables = seating(people, size, friends, tensions, quiet)
    seated = [p.id for table in tables for p in table.people]
    assert sorted(seated) == sorted(p.id for p in people)
    assert all(1 <= len(table.people) <= size for table in tables)
    assert not _together(tables) & tensions
    assert [table.number for table in tables] == list(range(1, len(tables) + 1))


def test_volunteers_matched_by_language_and_interests_when_available() -> None:
    urdu = person(1, "Urdu speaker", languages=frozenset({"Urdu", "English"}))
    gardener = person(2, "Gardener", interests=GARDENER)
    stranger = person(3, "Nothing shared", languages=frozenset({"English"}))
    newcomer = person(4, "Newcomer", interests=GARDENER, newcomer=True)
    volunteer = Volunteer(
        10,
        "Vol",
        languages=frozenset({"urdu", "English"}),
        interests=GARDENER,
        availability=frozenset({"mon_morning"}),
    )
    away = Volunteer(11, "Away", interests=GARDENER)
    found = volunteer_matches([volunteer, away], [urdu, gardener, stranger, newcomer])
    assert [m.resident.name for m in found[10]] == ["Newcomer", "Urdu speaker", "Gardener"]
    assert found[10][1].reasons == (Reason(Kind.LANGUAGE, "urdu"),)
    assert found[10][0].reasons == (Reason(Kind.INTEREST, "Gardening"), Reason(Kind.NEWCOMER))
    assert found[11] == []

"""The early-warning rules on small, hand-built facts where the right answer is obvious: each
rule fires at its edge and not just inside it, the private person is left in peace, and the
ranking follows the weights."""

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from commonroom.connections.rules import (
    RULES,
    RULES_BY_CODE,
    FriendDeath,
    HomeLevel,
    LonelyMeasure,
    Person,
    Reason,
    Recent,
    RuleConfig,
    Understood,
    defaults,
    home_usual,
    rank,
    reasons_for,
    speaks,
    visits_per_week,
)

TODAY = dt.date(2026, 5, 20)
"""A Wednesday."""
LEVEL = HomeLevel(TODAY, usual_per_week=10.0, shift_known=True)


def person(**overrides: Any) -> Person:
    """Someone settled and well connected: no rule has anything to say about them."""
    values: dict[str, Any] = {
        "key": 1,
        "name": "Joan",
        "days_here": 400,
        "days_known": 400,
        "days_since_visit": 1,
        "days_since_family": 1,
        "days_since_any": 0,
        "weekly_moments": (10,) * 12,
        "weekly_visits": (2,) * 12,
        "recent": Recent(moments=10, rated=8),
        "has_circle": True,
    }
    values.update(overrides)
    return Person(**values)


def fired(who: Person, level: HomeLevel = LEVEL, **tuned: RuleConfig) -> dict[str, Reason]:
    return {reason.code: reason for reason in reasons_for(who, level, {**defaults(), **tuned})}


def test_a_settled_well_connected_person_has_no_reason() -> None:
    assert fired(person()) == {}


def test_every_rule_has_its_default_and_reason_written_down() -> None:
    guide = (Path(settings.BASE_DIR) / "docs" / "early-warning.md").read_text()
    assert len({rule.code for rule in RULES}) == len(RULES) >= 11
    for rule in RULES:
        assert str(rule.name) and len(str(rule.why)) > 40
        assert rule.weight >= 1
        threshold = "none"
        if rule.threshold is not None:
            assert rule.minimum <= rule.threshold <= rule.maximum
            threshold = f"{rule.threshold} {rule.unit}"
        row = f"| {rule.name} (`{rule.code}`) | {threshold} | {rule.weight} | {rule.why} |"
        assert row in guide, f"docs/early-warning.md is out of date for {rule.code}"


# --- no visitor --------------------------------------------------------------------------------


def test_no_visitor_reads_against_their_usual_rhythm() -> None:
    reason = fired(person(days_since_visit=24))["no_visitor"]
    assert reason.text == "No visitor for 24 days (usually about 2 a week)"
    assert reason.numbers["days"] == 24
    assert reason.numbers["usual_visits_per_week"] == 2


def test_no_visitor_fires_at_the_floor_for_someone_visited_often() -> None:
    assert "no_visitor" not in fired(person(days_since_visit=9))
    assert "no_visitor" in fired(person(days_since_visit=10))


def test_someone_visited_monthly_is_not_flagged_at_ten_days() -> None:
    monthly = (0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1)
    assert visits_per_week(monthly) == 0.25
    assert "no_visitor" not in fired(person(weekly_visits=monthly, days_since_visit=10))
    assert "no_visitor" not in fired(person(weekly_visits=monthly, days_since_visit=41))
    reason = fired(person(weekly_visits=monthly, days_since_visit=42))["no_visitor"]
    assert reason.text == "No visitor for 42 days (usually about once every 4 weeks)"


def test_the_silence_itself_does_not_lower_the_rhythm() -> None:
    # Weekly visits that stopped six weeks ago: still "usually once a week".
    stopped = (1,) * 6 + (0,) * 6
    assert visits_per_week(stopped) == 1
    reason = fired(person(weekly_visits=stopped, days_since_visit=45))["no_visitor"]
    assert reason.text == "No visitor for 45 days (usually about once a week)"


def test_nobody_visits_any_more_falls_back_to_the_floor() -> None:
    reason = fired(person(weekly_visits=(0,) * 12, days_since_visit=200))["no_visitor"]
    assert reason.text == "No visitor for 200 days"


def test_never_visited_counts_from_when_the_log_covered_them() -> None:
    assert "no_visitor" not in fired(person(days_since_visit=None, days_known=9))
    assert fired(person(days_since_visit=None, days_known=10))["no_visitor"].numbers["days"] == 10


def test_no_visitor_threshold_can_be_tuned() -> None:
    tuned = RuleConfig(True, 30, 3)
    assert "no_visitor" not in fired(person(days_since_visit=24), no_visitor=tuned)
    assert fired(person(days_since_visit=30), no_visitor=tuned)["no_visitor"].weight == 3


# --- below their usual --------------------------------------------------------------------------


def test_below_their_own_usual_this_week() -> None:
    reason = fired(person(recent=Recent(moments=4)))["below_usual"]
    assert reason.text == "Fewer moments than usual in the last 7 days: 4 (usually about 10 a week)"
    assert "below_usual" not in fired(person(recent=Recent(moments=5)))


def test_a_week_partly_spent_in_hospital_is_not_compared_with_a_usual_one() -> None:
    back = person(recent=Recent(moments=2), days_since_hospital=2)
    found = fired(back)
    assert "below_usual" not in found
    assert "back_from_hospital" in found
    # A full week home again is compared as usual.
    assert "below_usual" in fired(dataclasses.replace(back, days_since_hospital=7))


def test_a_private_person_at_their_own_low_usual_is_not_flagged() -> None:
    private = person(weekly_moments=(2, 1, 2, 3, 2, 2, 1, 2, 2, 3, 2, 2), weekly_visits=(0,) * 12)
    # Far below the home's usual of 10, and at their own usual: no reason to nag.
    for count in (1, 2, 3):
        assert "below_usual" not in fired(
            dataclasses.replace(private, recent=Recent(moments=count))
        )
    # Nothing at all is a real change even for them.
    assert "below_usual" in fired(dataclasses.replace(private, recent=Recent(moments=0)))


def test_a_sociable_person_having_a_quieter_week_is_not_flagged() -> None:
    sociable = person(weekly_moments=(30,) * 12, recent=Recent(moments=12))
    assert "below_usual" not in fired(sociable)


def test_a_newcomer_is_judged_against_the_home() -> None:
    newcomer = person(days_here=20, days_known=20, weekly_moments=(6, 7))
    reason = fired(dataclasses.replace(newcomer, recent=Recent(moments=4)))["below_usual"]
    assert reason.text == (
        "Fewer moments than most people here in the last 7 days: 4 (about 10 a week is usual here)"
    )
    assert "below_usual" not in fired(dataclasses.replace(newcomer, recent=Recent(moments=5)))


def test_the_homes_usual_is_the_median_of_its_peoples_own() -> None:
    people = [
        person(weekly_moments=(2,) * 12),
        person(weekly_moments=(8,) * 12),
        person(weekly_moments=(20,) * 12),
        person(weekly_moments=(50,)),  # too new to have a usual: left out
    ]
    assert home_usual(people) == 8
    assert home_usual([]) is None


# --- this week ---------------------------------------------------------------------------------


def test_declined_every_group_activity() -> None:
    both = Recent(moments=10, group_offered=2, group_declined=2)
    reason = fired(person(recent=both))["declined_groups"]
    assert reason.text == "Declined every group activity in the last 7 days (2 offered)"
    one = Recent(moments=10, group_offered=1, group_declined=1)
    assert "declined_groups" not in fired(person(recent=one))
    some = Recent(moments=10, group_offered=3, group_declined=2)
    assert "declined_groups" not in fired(person(recent=some))


def test_seemed_low_in_most_moments() -> None:
    low = Recent(moments=10, low_mood=3, rated=4)
    reason = fired(person(recent=low))["low_mood"]
    assert reason.text == "Seemed low or upset in 3 of 4 moments in the last 7 days"
    half = Recent(moments=10, low_mood=2, rated=4)
    assert "low_mood" not in fired(person(recent=half))
    too_few = Recent(moments=10, low_mood=2, rated=2)
    assert "low_mood" not in fired(person(recent=too_few))


# --- events ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (0, "New here: moved in today"),
        (5, "New here: 5 days"),
        (21, "New here: 3 weeks"),
        (55, "New here: 7 weeks"),
        (56, None),
    ],
)
def test_new_here(days: int, text: str | None) -> None:
    reason = fired(person(days_here=days)).get("new_here")
    assert (reason.text if reason else None) == text


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (0, "Back from hospital today"),
        (1, "Back from hospital yesterday"),
        (2, "Back from hospital 2 days ago"),
        (13, "Back from hospital 13 days ago"),
        (14, None),
        (None, None),
    ],
)
def test_back_from_hospital(days: int | None, text: str | None) -> None:
    reason = fired(person(days_since_hospital=days)).get("back_from_hospital")
    assert (reason.text if reason else None) == text


def test_a_friend_died() -> None:
    monday = dt.date(2026, 5, 18)
    joan = FriendDeath("Joan", monday)
    assert fired(person(friends_died=(joan,)))["friend_died"].text == (
        "Their friend Joan died on Monday"
    )
    earlier = FriendDeath("Bill", TODAY - dt.timedelta(days=27))
    assert fired(person(friends_died=(earlier,)))["friend_died"].text == (
        "Their friend Bill died on 23 April"
    )
    too_long = FriendDeath("Bill", TODAY - dt.timedelta(days=28))
    assert "friend_died" not in fired(person(friends_died=(too_long,)))
    both = fired(person(friends_died=(earlier, joan)))["friend_died"]
    assert both.text == "Their friends Joan and Bill died in the last 28 days"
    assert both.numbers["friends"] == 2


def test_preferred_language_nobody_on_shift_speaks() -> None:
    punjabi = person(preferred_language="Punjabi", language_spoken=False)
    assert fired(punjabi)["language"].text == (
        "Preferred language Punjabi; nobody on today's shift speaks it"
    )
    unknown_shift = HomeLevel(TODAY, 10.0, shift_known=False)
    assert fired(punjabi, unknown_shift)["language"].text == (
        "Preferred language Punjabi; none of the staff speaks it (nobody has said they are on "
        "shift today)"
    )
    assert "language" not in fired(person(preferred_language="Punjabi", language_spoken=True))


def test_who_speaks_a_language() -> None:
    assert speaks("Punjabi", ["Urdu", " punjabi "])
    assert not speaks("Punjabi", ["Urdu"])
    assert speaks("English", [])
    assert speaks("", [])


def test_no_family_or_friends_contact_ever_after_the_first_fortnight() -> None:
    never = person(days_since_family=None, days_since_visit=None, days_here=14, days_known=14)
    assert fired(never)["no_family_ever"].text == "No family or friends contact recorded ever"
    assert "no_family_ever" not in fired(dataclasses.replace(never, days_here=13, days_known=13))
    alone = dataclasses.replace(never, has_circle=False)
    assert fired(alone)["no_family_ever"].text == (
        "No family or friends contact recorded ever, and nobody is listed in their circle"
    )


def test_no_contact_of_any_kind() -> None:
    assert "no_contact" not in fired(person(days_since_any=2))
    reason = fired(person(days_since_any=3))["no_contact"]
    assert reason.text == "No contact of any kind recorded for 3 days"


def test_no_contact_waits_longer_for_someone_whose_usual_is_slow() -> None:
    slow = person(weekly_moments=(2,) * 12, recent=Recent(moments=2))
    assert "no_contact" not in fired(dataclasses.replace(slow, days_since_any=4))
    assert "no_contact" in fired(dataclasses.replace(slow, days_since_any=5))


def test_a_recent_lonely_measure() -> None:
    measure = LonelyMeasure(TODAY - dt.timedelta(days=10), "UCLA 3-item loneliness scale: Lonely")
    reason = fired(person(lonely_measure=measure))["lonely_measure"]
    assert reason.text == (
        "A loneliness measure on 10 May 2026 read as lonely (UCLA 3-item loneliness scale: Lonely)"
    )
    old = LonelyMeasure(TODAY - dt.timedelta(days=90), "UCLA 3-item loneliness scale: Lonely")
    assert "lonely_measure" not in fired(person(lonely_measure=old))


def test_a_rule_switched_off_gives_no_reason() -> None:
    off = dataclasses.replace(RULES_BY_CODE["new_here"].default, enabled=False)
    assert "new_here" not in fired(person(days_here=3), new_here=off)


# --- the ranked list ---------------------------------------------------------------------------


def test_a_flagged_person_moves_up_the_list() -> None:
    configs = defaults()
    joan = person(key=1, name="Joan", days_here=10)  # new here: weight 2
    bill = person(key=2, name="Bill")
    ranked = rank([joan, bill], LEVEL, configs, {})
    assert [item.person.name for item in ranked] == ["Joan"]
    bill_home = dataclasses.replace(bill, days_since_hospital=2, days_here=10)
    ranked = rank([joan, bill_home], LEVEL, configs, {})
    assert [(item.person.name, item.score) for item in ranked] == [("Bill", 5), ("Joan", 2)]


def test_ties_go_to_the_longest_since_any_contact() -> None:
    configs = defaults()
    recent = person(key=1, name="Ann", days_here=10, days_since_any=0)
    quiet = person(key=2, name="Zoe", days_here=10, days_since_any=2)
    never = person(key=3, name="Max", days_here=10, days_since_any=None, days_known=1)
    ranked = rank([recent, quiet, never], LEVEL, configs, {})
    assert [item.person.name for item in ranked] == ["Max", "Zoe", "Ann"]


def test_an_understood_reason_is_shown_but_does_not_count() -> None:
    configs = defaults()
    joan = person(key=1, name="Joan", days_since_visit=24, days_here=10)
    bill = person(key=2, name="Bill", days_here=10)
    note = Understood("Prefers her own company; reviewed with her on 3 May", TODAY)
    assert rank([joan, bill], LEVEL, configs, {})[0].person.name == "Joan"
    ranked = rank([joan, bill], LEVEL, configs, {(1, "no_visitor"): note})
    # Equal now (and equally recently in touch), so by name.
    assert [(item.person.name, item.score) for item in ranked] == [("Bill", 2), ("Joan", 2)]
    shown = {s.reason.code: s.understood for s in ranked[1].reasons}
    assert shown == {"no_visitor": note, "new_here": None}
    everything = {(1, "no_visitor"): note, (1, "new_here"): note}
    ranked = rank([joan, bill], LEVEL, configs, everything)
    assert [(item.person.name, item.score, item.needs) for item in ranked] == [
        ("Bill", 2, True),
        ("Joan", 0, False),
    ]

"""The admission rule at the door, per UK nation, with small hand-built cases (no database)."""

import pytest

from commonroom.visiting.models import Admission, Restriction, VisitingException
from commonroom.visiting.rules import NAMED_SUPPORTER_TITLES, RestrictionFacts, decide

NATIONS = ["scotland", "england", "wales", "northern_ireland"]

PAUSED = RestrictionFacts(
    title="Flu outbreak",
    level=Restriction.Level.PAUSED,
    precautions="Masks in corridors.",
    contact_name="Jo Manager",
    contact_details="01234 567890",
    pk=1,
)
PRECAUTIONS = RestrictionFacts(
    title="Covid case on the first floor",
    level=Restriction.Level.PRECAUTIONS,
    precautions="Wash hands on arrival.",
    contact_name="Jo Manager",
    contact_details="01234 567890",
    pk=2,
)


@pytest.mark.parametrize("nation", NATIONS)
def test_open_visiting_with_no_restriction(nation: str) -> None:
    decision = decide(nation=nation, restrictions=[], is_named_supporter=False)
    assert decision.admitted
    assert decision.admission == Admission.OPEN
    assert decision.restriction is None
    assert not decision.needs_staff


@pytest.mark.parametrize("nation", NATIONS)
def test_a_visitor_is_blocked_in_an_outbreak(nation: str) -> None:
    decision = decide(nation=nation, restrictions=[PAUSED], is_named_supporter=False)
    assert not decision.admitted
    assert decision.admission is None
    assert decision.needs_staff
    assert decision.restriction == PAUSED
    assert "Jo Manager" in decision.reason and "01234 567890" in decision.reason
    assert "Named care supporters still visit" in decision.reason


@pytest.mark.parametrize(
    ("nation", "words"),
    [
        ("scotland", "Essential care supporters"),
        ("england", "Care supporters"),
        ("wales", "Designated visitors"),
        ("northern_ireland", "Care partners"),
    ],
)
def test_the_same_person_as_the_nations_named_supporter_is_admitted(
    nation: str, words: str
) -> None:
    decision = decide(nation=nation, restrictions=[PAUSED], is_named_supporter=True)
    assert decision.admitted
    assert decision.admission == Admission.NAMED_SUPPORTER
    assert words in decision.reason
    assert decision.precautions == ("Masks in corridors.",)
    assert NAMED_SUPPORTER_TITLES[nation].split()[-1] in decision.reason.lower()


def test_anne_s_law_is_named_in_scotland_and_regulation_9a_in_england() -> None:
    scotland = decide(nation="scotland", restrictions=[PAUSED], is_named_supporter=True)
    england = decide(nation="england", restrictions=[PAUSED], is_named_supporter=True)
    assert "Anne's Law" in scotland.reason
    assert "Regulation 9A" in england.reason


@pytest.mark.parametrize("nation", NATIONS)
def test_end_of_life_exception_admits_during_a_pause(nation: str) -> None:
    decision = decide(
        nation=nation,
        restrictions=[PAUSED],
        is_named_supporter=False,
        exceptions={VisitingException.Kind.END_OF_LIFE},
    )
    assert decision.admitted
    assert decision.admission == Admission.END_OF_LIFE
    assert decision.precautions == ("Masks in corridors.",)


@pytest.mark.parametrize("nation", NATIONS)
def test_serious_harm_exception_admits_during_a_pause(nation: str) -> None:
    decision = decide(
        nation=nation,
        restrictions=[PAUSED],
        is_named_supporter=False,
        exceptions=[VisitingException.Kind.SERIOUS_HARM],
    )
    assert decision.admitted
    assert decision.admission == Admission.SERIOUS_HARM


@pytest.mark.parametrize("nation", NATIONS)
def test_precautions_only_admits_with_precautions(nation: str) -> None:
    decision = decide(nation=nation, restrictions=[PRECAUTIONS], is_named_supporter=False)
    assert decision.admitted
    assert decision.admission == Admission.WITH_PRECAUTIONS
    assert decision.precautions == ("Wash hands on arrival.",)
    assert decision.restriction == PRECAUTIONS


@pytest.mark.parametrize("nation", NATIONS)
def test_a_pause_wins_over_precautions_and_all_precautions_are_shown(nation: str) -> None:
    decision = decide(nation=nation, restrictions=[PRECAUTIONS, PAUSED], is_named_supporter=True)
    assert decision.admission == Admission.NAMED_SUPPORTER
    assert decision.restriction == PAUSED
    assert decision.precautions == ("Wash hands on arrival.", "Masks in corridors.")
    refused = decide(nation=nation, restrictions=[PRECAUTIONS, PAUSED], is_named_supporter=False)
    assert not refused.admitted


@pytest.mark.parametrize("nation", NATIONS)
def test_unwanted_visitor_is_refused_even_with_no_outbreak(nation: str) -> None:
    for restrictions in ([], [PRECAUTIONS], [PAUSED]):
        decision = decide(
            nation=nation,
            restrictions=restrictions,
            is_named_supporter=True,
            exceptions={VisitingException.Kind.END_OF_LIFE},
            unwanted=True,
        )
        assert not decision.admitted
        assert decision.admission is None
        assert decision.needs_staff
        # Never a reason at the door: only a word to staff.
        assert decision.reason == "Please speak to a member of staff before this visit."


def test_a_precaution_free_restriction_gives_no_empty_precautions() -> None:
    quiet = RestrictionFacts("Quiet", Restriction.Level.PRECAUTIONS, "", "Jo", "x")
    decision = decide(nation="wales", restrictions=[quiet], is_named_supporter=False)
    assert decision.precautions == ()

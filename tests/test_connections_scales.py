"""Scoring of the three loneliness instruments: worked examples from the published rules, and
properties that must hold for every set of answers."""

import datetime as dt
from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commonroom.connections import measure_charts, scales
from commonroom.connections.models import Instrument
from commonroom.connections.scales import (
    DJG_SCALE,
    ONS_SCALE,
    UCLA_SCALE,
    Cutoffs,
    ScaleError,
    Scores,
)

# Worked examples of the De Jong Gierveld rules (standards.md §6.3): items 2, 3 and 5 are the
# social subscale and score a lonely point for "no" or "more or less"; items 1, 4 and 6 are the
# emotional subscale and score a lonely point for "yes" or "more or less".
DJG_EXAMPLES = [
    (
        "not lonely at all",
        ["no", "yes", "yes", "no", "yes", "no"],
        Scores(total=0, social=0, emotional=0),
    ),
    (
        "lonely on every item",
        ["yes", "no", "no", "yes", "no", "yes"],
        Scores(total=6, social=3, emotional=3),
    ),
    (
        "social 1, emotional 2",
        ["yes", "yes", "more_or_less", "more_or_less", "yes", "no"],
        Scores(total=3, social=1, emotional=2),
    ),
    (
        "emotional only",
        ["more_or_less", "yes", "yes", "yes", "yes", "yes"],
        Scores(total=3, social=0, emotional=3),
    ),
    (
        "social only",
        ["no", "no", "more_or_less", "no", "no", "no"],
        Scores(total=3, social=3, emotional=0),
    ),
    (
        "neutral counts as lonely everywhere",
        ["more_or_less"] * 6,
        Scores(total=6, social=3, emotional=3),
    ),
]


def djg(answers: list[str]) -> dict[str, str]:
    return {item.key: answer for item, answer in zip(DJG_SCALE.items, answers, strict=True)}


def ucla(answer: str) -> dict[str, str]:
    return {item.key: answer for item in UCLA_SCALE.items}


@pytest.mark.parametrize(
    ("case", "answers", "expected"), DJG_EXAMPLES, ids=[e[0] for e in DJG_EXAMPLES]
)
def test_de_jong_gierveld_worked_examples(case: str, answers: list[str], expected: Scores) -> None:
    assert scales.score(DJG_SCALE, djg(answers)) == expected


def test_de_jong_gierveld_items_in_published_order() -> None:
    assert [str(item.text) for item in DJG_SCALE.items] == [
        "I experience a general sense of emptiness",
        "There are plenty of people I can rely on when I have problems",
        "There are many people I can trust completely",
        "I miss having people around me",
        "There are enough people I feel close to",
        "I often feel rejected",
    ]
    assert [item.subscale for item in DJG_SCALE.items] == [
        "emotional",
        "social",
        "social",
        "emotional",
        "social",
        "emotional",
    ]
    assert [str(option.label) for option in DJG_SCALE.options] == ["Yes", "More or less", "No"]


@pytest.mark.parametrize(
    ("answer", "total"), [("hardly_ever", 3), ("some_of_the_time", 6), ("often", 9)]
)
def test_ucla_every_item_the_same(answer: str, total: int) -> None:
    assert scales.score(UCLA_SCALE, ucla(answer)) == Scores(total=total)


def test_ucla_mixed_answers_add_up() -> None:
    answers = {"companionship": "often", "left_out": "hardly_ever", "isolated": "some_of_the_time"}
    assert scales.score(UCLA_SCALE, answers).total == 6


def test_ucla_wording_and_answers() -> None:
    assert [str(item.text) for item in UCLA_SCALE.items] == [
        "How often do you feel that you lack companionship?",
        "How often do you feel left out?",
        "How often do you feel isolated from others?",
    ]
    assert [str(option.label) for option in UCLA_SCALE.options] == [
        "Hardly ever or never",
        "Some of the time",
        "Often",
    ]


def test_ons_has_five_answers_and_no_score() -> None:
    assert str(ONS_SCALE.items[0].text) == "How often do you feel lonely?"
    assert [str(option.label) for option in ONS_SCALE.options] == [
        "Often/always",
        "Some of the time",
        "Occasionally",
        "Hardly ever",
        "Never",
    ]
    assert scales.score(ONS_SCALE, {"lonely": "often"}) == Scores()


def test_instrument_keys_match_the_model() -> None:
    assert set(scales.SCALES) == set(Instrument.values)


def test_every_item_scores_every_answer() -> None:
    for scale in (UCLA_SCALE, DJG_SCALE):
        keys = {option.key for option in scale.options}
        assert all(set(item.points) == keys for item in scale.items), scale.key


@pytest.mark.parametrize(
    ("scale", "answers", "message"),
    [
        (UCLA_SCALE, {"lonely": "often"}, "no item 'lonely'"),
        (UCLA_SCALE, {"left_out": "always"}, "no answer 'always'"),
        (DJG_SCALE, {"emptiness": "often"}, "no answer 'often'"),
        (ONS_SCALE, {"lonely": "more_or_less"}, "no answer 'more_or_less'"),
    ],
)
def test_unknown_item_or_answer_is_refused(
    scale: scales.Scale, answers: Mapping[str, str], message: str
) -> None:
    with pytest.raises(ScaleError, match=message):
        scales.score(scale, answers)


def test_unknown_instrument_is_refused() -> None:
    with pytest.raises(ScaleError):
        scales.scale_for("lsns6")


def test_clean_answers_names_every_item() -> None:
    assert scales.clean_answers(UCLA_SCALE, {"left_out": "often", "isolated": ""}) == {
        "companionship": None,
        "left_out": "often",
        "isolated": None,
    }


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (None, None),
        (0, "not_lonely"),
        (1, "not_lonely"),
        (2, "moderate"),
        (4, "moderate"),
        (5, "severe"),
        (6, "severe"),
    ],
)
def test_de_jong_gierveld_default_bands(total: int | None, band: str | None) -> None:
    found = scales.djg_band(total, 2, 5)
    assert (found.key if found else None) == band


@pytest.mark.parametrize(
    ("total", "lonely_from", "lonely"), [(5, 6, False), (6, 6, True), (4, 4, True), (3, 4, False)]
)
def test_ucla_band_from_the_homes_cut_off(total: int, lonely_from: int, lonely: bool) -> None:
    band = scales.ucla_band(total, lonely_from)
    assert band is not None and band.lonely is lonely


def test_ons_band_reads_the_homes_list() -> None:
    assert scales.ons_band("often", ["often"]) == scales.LONELY
    assert scales.ons_band("some_of_the_time", ["often"]) == scales.NOT_LONELY
    assert scales.ons_band("some_of_the_time", ["often", "some_of_the_time"]) == scales.LONELY
    assert scales.ons_band(None, ["often"]) is None


def test_band_for_uses_each_instruments_rule() -> None:
    cutoffs = Cutoffs(ucla_lonely_from=4)
    assert scales.band_for(UCLA_SCALE, ucla("hardly_ever"), cutoffs) == scales.NOT_LONELY
    almost = {**ucla("hardly_ever"), "left_out": "some_of_the_time"}
    assert scales.band_for(UCLA_SCALE, almost, cutoffs) == scales.LONELY
    assert scales.band_for(DJG_SCALE, djg(["more_or_less"] * 6), cutoffs) == scales.SEVERELY_LONELY
    assert scales.band_for(ONS_SCALE, {"lonely": "often"}, cutoffs) == scales.LONELY
    assert scales.band_for(DJG_SCALE, {"emptiness": "yes"}, cutoffs) is None


@pytest.mark.parametrize(
    ("cutoffs", "fields"),
    [
        (Cutoffs(), set()),
        (Cutoffs(ucla_lonely_from=2), {"ucla_lonely_from"}),
        (Cutoffs(ucla_lonely_from=10), {"ucla_lonely_from"}),
        (Cutoffs(djg_severe_from=7), {"djg_severe_from"}),
        (Cutoffs(djg_moderate_from=5, djg_severe_from=5), {"djg_severe_from"}),
        (Cutoffs(djg_moderate_from=4, djg_severe_from=3), {"djg_severe_from"}),
        (Cutoffs(ons_lonely_answers=()), {"ons_lonely_answers"}),
        (Cutoffs(ons_lonely_answers=("always",)), {"ons_lonely_answers"}),
        (
            Cutoffs(ucla_lonely_from=1, djg_moderate_from=3, djg_severe_from=2),
            {"ucla_lonely_from", "djg_severe_from"},
        ),
    ],
)
def test_cutoff_problems(cutoffs: Cutoffs, fields: set[str]) -> None:
    assert set(scales.cutoff_problems(cutoffs)) == fields


# Property tests: any answers at all, including missing ones.


def answers_for(
    scale: scales.Scale, *, missing: bool = True
) -> st.SearchStrategy[dict[str, str | None]]:
    choices: list[str | None] = [option.key for option in scale.options]
    if missing:
        choices.append(None)
    return st.fixed_dictionaries({item.key: st.sampled_from(choices) for item in scale.items})


@given(answers_for(UCLA_SCALE, missing=False))
def test_ucla_total_always_within_3_to_9(answers: dict[str, str | None]) -> None:
    total = scales.score(UCLA_SCALE, answers).total
    assert total is not None and 3 <= total <= 9


@given(answers_for(DJG_SCALE, missing=False))
def test_djg_subscales_add_up_to_the_total(answers: dict[str, str | None]) -> None:
    scores = scales.score(DJG_SCALE, answers)
    assert scores.total is not None and scores.social is not None and scores.emotional is not None
    assert 0 <= scores.total <= 6
    assert 0 <= scores.social <= 3 and 0 <= scores.emotional <= 3
    assert scores.social + scores.emotional == scores.total


@given(
    st.sampled_from([UCLA_SCALE, DJG_SCALE]).flatmap(
        lambda s: st.tuples(st.just(s), answers_for(s))
    )
)
def test_any_missing_answer_gives_no_score(
    case: tuple[scales.Scale, dict[str, str | None]],
) -> None:
    scale, answers = case
    scores = scales.score(scale, answers)
    if any(answer is None for answer in answers.values()):
        assert scores == Scores()
    else:
        assert scores.total is not None


@given(answers_for(UCLA_SCALE, missing=False), st.sampled_from(UCLA_SCALE.items))
def test_dropping_one_answer_always_removes_the_score(
    answers: dict[str, str | None], dropped: scales.Item
) -> None:
    del answers[dropped.key]
    assert scales.score(UCLA_SCALE, answers) == Scores()


@given(st.integers(3, 9), st.integers(3, 8))
def test_ucla_band_monotone_in_the_score(lonely_from: int, total: int) -> None:
    lower, higher = scales.ucla_band(total, lonely_from), scales.ucla_band(total + 1, lonely_from)
    assert lower is not None and higher is not None
    assert lower.level <= higher.level


@given(
    st.integers(0, 5).flatmap(lambda m: st.tuples(st.just(m), st.integers(m + 1, 6))),
    st.integers(0, 5),
)
def test_djg_band_monotone_in_the_score(cutoffs: tuple[int, int], total: int) -> None:
    moderate, severe = cutoffs
    lower = scales.djg_band(total, moderate, severe)
    higher = scales.djg_band(total + 1, moderate, severe)
    assert lower is not None and higher is not None
    assert lower.level <= higher.level


@given(st.integers(1, 4), st.integers(0, 3))
def test_ons_band_monotone_when_the_top_answers_are_lonely(first_lonely: int, rank: int) -> None:
    order = scales.ONS_FROM_LEAST_LONELY
    lonely = order[first_lonely:]
    lower = scales.ons_band(order[rank], lonely)
    higher = scales.ons_band(order[rank + 1], lonely)
    assert lower is not None and higher is not None
    assert lower.level <= higher.level


# The chart layout is pure too.


def day(n: int) -> dt.date:
    return dt.date(2025, 1, 1) + dt.timedelta(days=n)


def test_chart_draws_cut_offs_between_the_bands() -> None:
    samples = [
        measure_charts.Sample(day, value, str(value), value >= 6)
        for day, value in zip([day(1), day(40), day(100)], [4, 7, 9], strict=True)
    ]
    chart = measure_charts.scale_chart(UCLA_SCALE, samples, Cutoffs())
    ticks = {tick.label: tick.y for tick in chart.ticks}
    assert len(chart.cuts) == 1
    assert ticks["6"] > chart.cuts[0].y > ticks["5"] or ticks["5"] > chart.cuts[0].y > ticks["6"]
    assert [point.lonely for point in chart.points] == [False, True, True]
    assert chart.points[0].x < chart.points[1].x < chart.points[2].x
    assert chart.path.startswith("M") and chart.path.count("L") == 2


def test_chart_leaves_a_gap_for_a_missing_value() -> None:
    samples = [
        measure_charts.Sample(day(n), value) for n, value in enumerate([2.0, None, 3.0, 3.5])
    ]
    chart = measure_charts.line_chart(samples, lowest=1, highest=4, ticks=[(1, "1"), (4, "4")])
    assert len(chart.points) == 3
    assert chart.path.count("M") == 2 and chart.path.count("L") == 1


def test_ons_chart_line_only_when_lonely_answers_are_the_top_ones() -> None:
    sample = [measure_charts.Sample(day(1), 4, "", True)]
    top = measure_charts.scale_chart(ONS_SCALE, sample, Cutoffs())
    odd = measure_charts.scale_chart(ONS_SCALE, sample, Cutoffs(ons_lonely_answers=("never",)))
    assert len(top.cuts) == 1 and odd.cuts == []

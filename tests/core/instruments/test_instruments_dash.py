"""DASH: count of yes, band edges, don't know, judgement raising and refused lowering."""

from __future__ import annotations

import pytest

from foursight.core.instruments import (
    Band,
    Judgement,
    Level,
    ScoringConfig,
    ScoringContext,
    score,
)
from foursight.errors import InvalidInput, NotFound


@pytest.mark.parametrize(
    ("yes", "level"),
    [
        (0, "standard"),
        (1, "standard"),
        (9, "standard"),
        (10, "medium"),
        (13, "medium"),
        (14, "high"),
        (27, "high"),
    ],
)
def test_band_edges(dash_answers, yes, level):
    result = score("dash", dash_answers(yes=yes))
    assert result.score == yes
    assert result.level == Level(level)
    assert result.actuarial_level == Level(level)
    assert result.counts == {"yes": yes, "no": 27 - yes, "dont_know": 0, "unanswered": 0}


@pytest.mark.parametrize(("yes", "referral"), [(0, False), (13, False), (14, True)])
def test_14_or_more_is_visible_high_risk_and_marac(dash_answers, yes, referral):
    result = score("dash", dash_answers(yes=yes))
    assert result.marac_referral is referral
    assert list(result.criteria) == (["visible_high_risk"] if referral else [])


def test_dont_know_is_not_counted(dash_answers):
    result = score("dash", dash_answers(yes=9, dont_know=10))
    assert result.score == 9
    assert result.level is Level.STANDARD
    assert result.counts == {"yes": 9, "no": 8, "dont_know": 10, "unanswered": 0}


def test_thirteen_yes_plus_dont_knows_is_still_medium(dash_answers):
    result = score("dash", dash_answers(yes=13, dont_know=14))
    assert (result.score, result.level, result.marac_referral) == (13, Level.MEDIUM, False)


def test_judgement_raises_with_rationale(dash_answers):
    judgement = Judgement("high", "  Non-fatal strangulation last night; threats to kill.  ")
    result = score("dash", dash_answers(yes=5), judgement)
    assert result.score == 5
    assert result.actuarial_level is Level.STANDARD
    assert result.judged_level is Level.HIGH
    assert result.level is Level.HIGH
    assert result.raised_by_judgement is True
    assert result.rationale == "Non-fatal strangulation last night; threats to kill."
    assert list(result.criteria) == ["professional_judgement"]
    assert result.marac_referral is True


def test_judgement_to_medium_is_no_marac(dash_answers):
    result = score("dash", dash_answers(yes=3), Judgement("medium", "Escalating jealousy."))
    assert (result.level, result.raised_by_judgement, result.marac_referral) == (
        Level.MEDIUM,
        True,
        False,
    )


def test_judgement_confirming_the_count_is_not_a_raise(dash_answers):
    result = score("dash", dash_answers(yes=14), Judgement("high", "Agree with the count."))
    assert result.raised_by_judgement is False
    assert list(result.criteria) == ["visible_high_risk"]


def test_judgement_may_not_lower_a_14_plus_result(dash_answers):
    with pytest.raises(InvalidInput) as err:
        score("dash", dash_answers(yes=14), Judgement("medium", "Victim seems calmer now."))
    assert err.value.field == "judgement.level"
    assert "cannot be lowered" in err.value.message
    assert "visible high risk" in err.value.message


def test_judgement_may_not_lower_a_medium_result(dash_answers):
    with pytest.raises(InvalidInput, match="only raise") as err:
        score("dash", dash_answers(yes=11), Judgement("standard", "Minor."))
    assert err.value.field == "judgement.level"


@pytest.mark.parametrize("rationale", ["", "   \n"])
def test_judgement_needs_a_rationale(dash_answers, rationale):
    with pytest.raises(InvalidInput, match="rationale") as err:
        score("dash", dash_answers(yes=2), Judgement("high", rationale))
    assert err.value.field == "judgement.rationale"


def test_judgement_level_must_be_known(dash_answers):
    with pytest.raises(InvalidInput, match="very_high") as err:
        score("dash", dash_answers(), Judgement("very_high", "Because."))
    assert err.value.field == "judgement.level"


def test_unknown_question_ids_are_named(dash_answers):
    answers = dash_answers() | {"q28": "yes", "q99": "no"}
    with pytest.raises(InvalidInput, match="q28, q99") as err:
        score("dash", answers)
    assert err.value.field == "answers.q28"


@pytest.mark.parametrize("value", ["Yes", "maybe", "", "1"])
def test_answers_outside_yes_no_dont_know_are_refused(dash_answers, value):
    answers = dash_answers() | {"q3": value}
    with pytest.raises(InvalidInput, match="yes, no, dont_know") as err:
        score("dash", answers)
    assert err.value.field == "answers.q3"


def test_missing_answers_are_named(dash_answers):
    answers = dash_answers()
    del answers["q5"], answers["q27"]
    with pytest.raises(InvalidInput, match="q5, q27") as err:
        score("dash", answers)
    assert err.value.field == "answers.q5"


def test_unknown_instrument_is_not_found(dash_answers):
    with pytest.raises(NotFound) as err:
        score("oasys", dash_answers())
    assert err.value.field == "instrument_id"


def test_configured_bands_move_the_thresholds(dash_answers):
    bands = (Band(Level.STANDARD, 0, 7), Band(Level.MEDIUM, 8, 11), Band(Level.HIGH, 12))
    config = ScoringConfig(bands={"dash": bands})
    assert score("dash", dash_answers(yes=7), config=config).level is Level.STANDARD
    assert score("dash", dash_answers(yes=8), config=config).level is Level.MEDIUM
    high = score("dash", dash_answers(yes=12), config=config)
    assert (high.level, high.marac_referral) == (Level.HIGH, True)


def test_configured_bands_without_medium(dash_answers):
    config = ScoringConfig(bands={"dash": (Band(Level.STANDARD, 0, 13), Band(Level.HIGH, 14))})
    assert score("dash", dash_answers(yes=12), config=config).level is Level.STANDARD


@pytest.mark.parametrize(
    ("bands", "problem"),
    [
        ((Band(Level.STANDARD, 1, 9), Band(Level.HIGH, 10)), "must start at 0"),
        ((Band(Level.STANDARD, 0, 9), Band(Level.HIGH, 11)), "must start at 10"),
        ((Band(Level.STANDARD, 0, 9), Band(Level.MEDIUM, 10)), "last band must be 'high'"),
        ((Band(Level.HIGH, 0, 9), Band(Level.MEDIUM, 10)), "higher level"),
        ((Band(Level.STANDARD, 0), Band(Level.HIGH, 10)), "only the last band"),
        ((Band(Level.STANDARD, 0, 9), Band(Level.HIGH, 10, 27)), "open-ended"),
        ((), "at least one band"),
    ],
)
def test_invalid_configured_bands_are_refused(dash_answers, bands, problem):
    with pytest.raises(InvalidInput, match=problem) as err:
        score("dash", dash_answers(), config=ScoringConfig(bands={"dash": bands}))
    assert err.value.field == "config.bands.dash"


def test_bands_for_a_judgement_instrument_are_refused(sdash_answers):
    config = ScoringConfig(bands={"sdash": (Band(Level.HIGH, 0),)})
    with pytest.raises(InvalidInput, match="takes no bands"):
        score("sdash", sdash_answers(), Judgement("high", "Threats."), config=config)


def test_red_flag_prompts_below_high_only(dash_answers):
    below = score("dash", dash_answers(also_yes=("q18",)))
    assert "red_flag" in [p.id for p in below.prompts]
    high = score("dash", dash_answers(yes=14, also_yes=("q18",)))
    assert "red_flag" not in [p.id for p in high.prompts]
    assert "refer_marac" in [p.id for p in high.prompts]


def test_cluster_of_three_prompt(dash_answers):
    result = score("dash", dash_answers(also_yes=("q6", "q15", "q1")))
    assert "cluster_of_three" in [p.id for p in result.prompts]
    partial = score("dash", dash_answers(also_yes=("q6", "q15")))
    assert "cluster_of_three" not in [p.id for p in partial.prompts]


def test_escalation_alone_refers_a_standard_dash(dash_answers):
    context = ScoringContext(occasion_dates=["2026-01-05", "2026-04-01", "2026-09-30"])
    result = score("dash", dash_answers(yes=2), context=context)
    assert result.level is Level.STANDARD
    assert list(result.criteria) == ["potential_escalation"]
    assert result.marac_referral is True

"""S-DASH: when it is triggered, and how it is graded (judgement with the yes count shown)."""

from __future__ import annotations

from datetime import date

import pytest

from foursight.core.instruments import Judgement, Level, ScoringContext, score
from foursight.errors import InvalidInput


def test_dash_q8_yes_triggers_sdash(dash_answers):
    result = score("dash", dash_answers(also_yes=("q8",)))
    assert result.triggers == ("sdash",)
    assert "complete_sdash" in [p.id for p in result.prompts]


def test_two_occasions_trigger_sdash(dash_answers):
    context = ScoringContext(occasion_dates=[date(2026, 3, 1), date(2026, 3, 9)])
    assert score("dash", dash_answers(), context=context).triggers == ("sdash",)


def test_undated_occasions_count_towards_the_trigger(dash_answers):
    context = ScoringContext(occasion_dates=[date(2026, 3, 1)], undated_occasions=1)
    assert score("dash", dash_answers(), context=context).triggers == ("sdash",)


def test_one_occasion_does_not_trigger_sdash(dash_answers):
    context = ScoringContext(occasion_dates=[date(2026, 3, 1)])
    assert score("dash", dash_answers(), context=context).triggers == ()


def test_very_frightened_victim_triggers_sdash(dash_answers):
    context = ScoringContext(victim_very_frightened=True)
    assert score("dash", dash_answers(), context=context).triggers == ("sdash",)


def test_no_trigger_without_any_condition(dash_answers):
    result = score("dash", dash_answers(yes=7), context=ScoringContext())
    assert result.triggers == ()
    assert "complete_sdash" not in [p.id for p in result.prompts]


def test_all_conditions_together_recommend_sdash_once(dash_answers):
    context = ScoringContext(
        occasion_dates=[date(2026, 3, 1), date(2026, 3, 2)], victim_very_frightened=True
    )
    result = score("dash", dash_answers(also_yes=("q8",)), context=context)
    assert result.triggers == ("sdash",)
    assert [p.id for p in result.prompts].count("complete_sdash") == 1


def test_dara_triggers_sdash_on_context(dash_answers):
    judgement = Judgement("standard", "No current risk factors disclosed.")
    frightened = ScoringContext(victim_very_frightened=True)
    assert score("dara", {}, judgement, frightened).triggers == ("sdash",)
    assert score("dara", {}, judgement).triggers == ()


@pytest.mark.parametrize("level", ["standard", "medium", "high"])
def test_sdash_level_is_the_judged_level_with_yes_count_shown(sdash_answers, level):
    result = score("sdash", sdash_answers(yes=3), Judgement(level, "Loitering daily at work."))
    assert result.score == 3
    assert result.level is Level(level)
    assert result.judged_level is Level(level)
    assert result.actuarial_level is None
    assert result.rationale == "Loitering daily at work."


def test_sdash_has_no_numeric_cut_off(sdash_answers):
    result = score("sdash", sdash_answers(yes=11), Judgement("standard", "All historic."))
    assert (result.score, result.level) == (11, Level.STANDARD)


def test_sdash_requires_a_judgement(sdash_answers):
    with pytest.raises(InvalidInput, match="professional judgement") as err:
        score("sdash", sdash_answers(yes=4))
    assert err.value.field == "judgement"


def test_sdash_judgement_requires_a_rationale(sdash_answers):
    with pytest.raises(InvalidInput) as err:
        score("sdash", sdash_answers(yes=4), Judgement("high", " "))
    assert err.value.field == "judgement.rationale"


def test_sdash_prompts_follow_the_level(sdash_answers):
    standard = score("sdash", sdash_answers(), Judgement("standard", "Single approach."))
    high = score("sdash", sdash_answers(yes=6), Judgement("high", "Threats and loitering."))
    assert [p.id for p in standard.prompts] == ["safety_plan"]
    assert [p.id for p in high.prompts] == [
        "safety_plan",
        "stalking_advocate",
        "stalking_panel",
        "domestic_context",
    ]
    assert high.marac_referral is False

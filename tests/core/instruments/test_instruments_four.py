"""FOUR screen: stalking indicated, s.4A, dates prompt, and its triggers for DASH and S-DASH."""

from __future__ import annotations

from datetime import date

import pytest

from foursight.core.instruments import Judgement, ScoringContext, get_instrument, score
from foursight.errors import InvalidInput

TWO_OCCASIONS = ScoringContext(occasion_dates=[date(2026, 2, 1), date(2026, 2, 14)])


def answers(**yes: bool) -> dict[str, str]:
    """FOUR answers: the named items yes, every other required item no."""
    out = {q.id: "no" for q in get_instrument("four").questions if q.required}
    out.update({qid: "yes" if value else "no" for qid, value in yes.items()})
    return out


STALKING = {"fixated": True, "unwanted": True, "repeated": True, "act_following": True}


def prompt_ids(result) -> list[str]:
    return [p.id for p in result.prompts]


def test_stalking_indicated_gives_all_four_prompts_and_triggers():
    result = score("four", answers(**STALKING, impact_daily_life=True), context=TWO_OCCASIONS)
    assert result.outcomes == {
        "course_of_conduct": True,
        "stalking_indicated": True,
        "s4a_indicated": True,
    }
    assert prompt_ids(result) == [
        "record_as_stalking",
        "consider_s4a",
        "consider_spo",
        "complete_dash",
        "complete_sdash",
    ]
    assert result.triggers == ("dash", "sdash")
    assert (result.level, result.score) == (None, 5)


def test_no_s4a_without_fear_or_substantial_effect():
    result = score("four", answers(**STALKING), context=TWO_OCCASIONS)
    assert result.outcomes["stalking_indicated"] is True
    assert result.outcomes["s4a_indicated"] is False
    assert "consider_s4a" not in prompt_ids(result)


def test_one_dated_occasion_is_not_a_course_of_conduct():
    context = ScoringContext(occasion_dates=[date(2026, 2, 1)])
    result = score("four", answers(**STALKING), context=context)
    assert result.outcomes["course_of_conduct"] is False
    assert result.outcomes["stalking_indicated"] is False
    assert "record_dates" in prompt_ids(result)
    assert "review_on_new_incident" in prompt_ids(result)
    assert result.triggers == ()


@pytest.mark.parametrize("missing", ["unwanted", "fixated", "act_following"])
def test_each_element_is_needed(missing):
    given = dict(STALKING) | {missing: False}
    result = score("four", answers(**given), context=TWO_OCCASIONS)
    assert result.outcomes["stalking_indicated"] is False


def test_obsessive_stands_in_for_fixated_and_checklist_for_statutory_acts():
    given = {"obsessive": True, "unwanted": True, "beh_tracking": True}
    result = score("four", answers(**given), context=TWO_OCCASIONS)
    assert result.outcomes["stalking_indicated"] is True


def test_very_frightened_victim_triggers_sdash_without_stalking():
    context = ScoringContext(victim_very_frightened=True)
    result = score("four", answers(), context=context)
    assert result.triggers == ("sdash",)
    assert "review_on_new_incident" not in prompt_ids(result)


def test_four_takes_no_judgement():
    with pytest.raises(InvalidInput, match="screen") as err:
        score("four", answers(), Judgement("high", "Worried."))
    assert err.value.field == "judgement"


def test_four_core_items_are_required():
    given = answers()
    del given["unwanted"]
    with pytest.raises(InvalidInput, match="unwanted") as err:
        score("four", given)
    assert err.value.field == "answers.unwanted"

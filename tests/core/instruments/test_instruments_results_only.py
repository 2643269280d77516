"""SRP and SAM (results only, licensed assessors) and DARA (judgement with rationale)."""

from __future__ import annotations

import pytest

from foursight.core.instruments import Judgement, Level, ScoringContext, score
from foursight.errors import InvalidInput

LICENSED = ScoringContext(licensed_assessor=True)
SRP = {
    "type": "rejected",
    "violence": "high",
    "persistence": "moderate",
    "recurrence": "low",
    "psychosocial_damage": "moderate",
}


def test_srp_results_are_recorded_as_given():
    result = score("srp", SRP, context=LICENSED)
    assert result.answers == SRP
    assert (result.score, result.level, result.marac_referral) == (None, None, False)
    assert [p.id for p in result.prompts] == ["plan_high_domains"]


def test_srp_needs_a_licensed_assessor():
    with pytest.raises(InvalidInput, match="licensed assessor") as err:
        score("srp", SRP)
    assert err.value.field == "context.licensed_assessor"


@pytest.mark.parametrize(
    ("question", "value"), [("type", "jealous"), ("violence", "very_high"), ("recurrence", "yes")]
)
def test_srp_values_outside_the_typology_or_ratings_are_refused(question, value):
    with pytest.raises(InvalidInput, match=value) as err:
        score("srp", SRP | {question: value}, context=LICENSED)
    assert err.value.field == f"answers.{question}"


def test_srp_predatory_type_prompt():
    result = score("srp", SRP | {"type": "predatory", "violence": "low"}, context=LICENSED)
    assert [p.id for p in result.prompts] == ["predatory"]


def test_srp_takes_no_judgement():
    with pytest.raises(InvalidInput, match="results only") as err:
        score("srp", SRP, Judgement("high", "Clinician view."), LICENSED)
    assert err.value.field == "judgement"


def test_sam_summary_judgements():
    ratings = {
        "case_prioritisation": "high",
        "continued_stalking": "moderate",
        "stalking_violence": "low",
    }
    result = score("sam", ratings, context=LICENSED)
    assert result.answers == ratings
    assert [p.id for p in result.prompts] == ["urgent_review"]
    with pytest.raises(InvalidInput, match="stalking_violence"):
        score("sam", {k: v for k, v in ratings.items() if k != "stalking_violence"}, None, LICENSED)


def test_dara_is_judged_with_a_rationale():
    result = score("dara", {}, Judgement("medium", "Coercive control disclosed, no violence."))
    assert (result.level, result.score, result.marac_referral) == (Level.MEDIUM, None, False)


def test_dara_high_is_a_professional_judgement_marac_referral():
    result = score("dara", {}, Judgement("high", "Post-separation stalking and threats."))
    assert list(result.criteria) == ["professional_judgement"]
    assert [p.id for p in result.prompts] == ["refer_marac"]


def test_dara_without_judgement_or_rationale_is_refused():
    with pytest.raises(InvalidInput) as err:
        score("dara", {})
    assert err.value.field == "judgement"
    with pytest.raises(InvalidInput) as err:
        score("dara", {}, Judgement("high", ""))
    assert err.value.field == "judgement.rationale"


def test_dara_ships_no_items():
    with pytest.raises(InvalidInput, match="q1"):
        score("dara", {"q1": "yes"}, Judgement("high", "Reason."))

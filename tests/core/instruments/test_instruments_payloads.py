"""JSON in and out: the shapes the API will use for score requests and results."""

from __future__ import annotations

import json
from datetime import date

import pytest

from foursight.core.instruments import (
    ScoringConfig,
    ScoringContext,
    score,
    score_request,
)
from foursight.errors import InvalidInput


def test_score_request_parses_a_json_body(dash_answers):
    body = json.loads(
        json.dumps(
            {
                "answers": dash_answers(yes=4),
                "judgement": {"level": "high", "rationale": "Threats to kill with a knife."},
                "context": {
                    "occasion_dates": ["2026-01-10", "2026-02-10T21:00:00+00:00"],
                    "victim_very_frightened": True,
                    "last_marac": None,
                    "as_of": "2026-02-11",
                },
            }
        )
    )
    result = score_request("dash", body)
    assert (result.score, result.level.value, result.triggers) == (4, "high", ("sdash",))
    assert list(result.criteria) == ["professional_judgement"]


def test_result_to_dict_is_json_ready(dash_answers):
    result = score("dash", dash_answers(yes=15))
    data = json.loads(json.dumps(result.to_dict()))
    assert data["level"] == "high"
    assert data["criteria"] == ["visible_high_risk"]
    assert data["counts"] == {"yes": 15, "no": 12, "dont_know": 0, "unanswered": 0}
    assert set(data) >= {
        "score",
        "level",
        "marac_referral",
        "criteria",
        "triggers",
        "prompts",
        "counts",
        "version",
    }
    assert all(set(p) == {"id", "text"} for p in data["prompts"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"answers": {"q1": 1}}, "answers.q1"),
        ({"answers": []}, "answers"),
        ({"answers": {}, "extra": 1}, "body.extra"),
        ({"answers": {}, "judgement": {"level": 3}}, "judgement.level"),
        (
            {"answers": {}, "context": {"occasion_dates": ["31/01/2026"]}},
            "context.occasion_dates[0]",
        ),
        (
            {"answers": {}, "context": {"occasion_dates": ["2026-01-31T10:00:00"]}},
            "context.occasion_dates[0]",
        ),
        ({"answers": {}, "context": {"undated_occasions": -1}}, "context.undated_occasions"),
        (
            {"answers": {}, "context": {"victim_very_frightened": "yes"}},
            "context.victim_very_frightened",
        ),
        ({"answers": {}, "context": {"mood": "calm"}}, "context.mood"),
    ],
)
def test_bad_bodies_name_the_field(body, field):
    with pytest.raises(InvalidInput) as err:
        score_request("dash", body)
    assert err.value.field == field


def test_context_round_trips_through_json():
    context = ScoringContext(
        occasion_dates=[date(2026, 1, 1), date(2026, 1, 8)],
        undated_occasions=2,
        victim_very_frightened=True,
        last_marac=date(2025, 11, 1),
        as_of=date(2026, 1, 9),
    )
    assert ScoringContext.from_dict(json.loads(json.dumps(context.to_dict()))) == context
    assert context.occasions == 4


def test_config_from_json_settings(dash_answers):
    config = ScoringConfig.from_dict(
        {
            "bands": {
                "dash": [{"level": "standard", "min": 0, "max": 11}, {"level": "high", "min": 12}]
            },
            "marac": {"escalation_window_days": 183, "escalation_count": 3},
        }
    )
    assert config.marac.escalation_window_days == 183
    assert score("dash", dash_answers(yes=12), config=config).marac_referral is True
    with pytest.raises(InvalidInput) as err:
        ScoringConfig.from_dict({"marac": {"escalation_window_days": 0}})
    assert err.value.field == "config.marac.escalation_window_days"
    with pytest.raises(InvalidInput) as err:
        ScoringConfig.from_dict({"bands": {"dash": [{"level": "medium", "min": 0}]}})
    assert err.value.field == "config.bands.dash"


@pytest.mark.parametrize("module", ["scoring", "loader", "marac"])
def test_docstring_examples_hold(module):
    import doctest
    import importlib

    outcome = doctest.testmod(importlib.import_module(f"foursight.core.instruments.{module}"))
    assert outcome.attempted > 0
    assert outcome.failed == 0

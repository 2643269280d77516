"""The instruments API: the integrators' contract for listing and scoring."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import World


def _score(world: World, instrument: str, body: dict[str, Any]) -> Any:
    return world.api("officer_cn").post(
        f"/api/v1/instruments/{instrument}/score",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_list_instruments(world: World) -> None:
    items = world.api("officer_cn").get("/api/v1/instruments").json()
    ids = {item["id"] for item in items}
    assert ids == {"four", "dash", "sdash", "srp", "sam", "dara"}
    dash = next(item for item in items if item["id"] == "dash")
    assert dash["version"] and len(dash["questions"]) == 27
    assert {"id", "section", "topic"} <= set(dash["questions"][0])


def test_dash_13_against_14(world: World) -> None:
    questions = [
        q["id"] for q in world.api("officer_cn").get("/api/v1/instruments/dash").json()["questions"]
    ]
    for yes, level, marac in ((13, "medium", False), (14, "high", True)):
        answers = {q: ("yes" if i < yes else "no") for i, q in enumerate(questions)}
        result = _score(world, "dash", {"answers": answers})
        assert result.status_code == 200, result.content
        body = result.json()
        assert (body["score"], body["level"], body["marac_referral"]) == (yes, level, marac)
        assert "sdash" in body["triggers"]  # question 8 (constant contact) is among the yes answers


def test_lowering_a_high_result_is_refused(world: World) -> None:
    questions = [
        q["id"] for q in world.api("officer_cn").get("/api/v1/instruments/dash").json()["questions"]
    ]
    answers = dict.fromkeys(questions, "yes")
    result = _score(
        world,
        "dash",
        {"answers": answers, "judgement": {"level": "medium", "rationale": "seems fine"}},
    )
    assert result.status_code == 400
    assert result.json()["error"]["code"] == "invalid_input"


def test_unknown_question_and_instrument(world: World) -> None:
    result = _score(world, "dash", {"answers": {"q99": "yes"}})
    assert result.status_code == 400 and "q99" in result.json()["error"]["message"]
    assert _score(world, "nope", {"answers": {}}).status_code == 404

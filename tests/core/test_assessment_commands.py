"""The rules an assessment meets before it is scored, as plain functions: no database."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from foursight.core.assessment_commands import RecordAssessment, check_assessment, party_id
from foursight.core.instruments import Judgement
from foursight.errors import InvalidInput

BODY = {
    "instrument": "dash",
    "victim_party_id": 4,
    "suspect_party_id": "5",
    "answers": {"q1": "yes"},
    "judgement": {"level": "high", "rationale": "Escalating"},
}


def test_an_assessment_from_the_body_reads_its_parties_and_judgement() -> None:
    command = RecordAssessment.from_dict(BODY)
    assert (command.victim_party_id, command.suspect_party_id) == (4, 5)
    assert command.judgement == Judgement("high", "Escalating")
    assert check_assessment(command) == command
    plain = RecordAssessment.from_dict({**BODY, "judgement": None, "answers": None})
    assert plain.judgement is None and plain.answers == {} and plain.undated_occasions == 0


@pytest.mark.parametrize("value", [None, "", "four", True, [4]])
def test_a_party_that_is_not_a_number_names_its_field(value: Any) -> None:
    with pytest.raises(InvalidInput, match="suspect_party_id: expected a party id"):
        RecordAssessment.from_dict({**BODY, "suspect_party_id": value})
    with pytest.raises(InvalidInput) as caught:
        party_id(value, "victim_party_id")
    assert caught.value.field == "victim_party_id"


def test_a_judgement_level_must_be_text() -> None:
    with pytest.raises(InvalidInput) as caught:
        RecordAssessment.from_dict({**BODY, "judgement": {"level": 3}})
    assert caught.value.field == "judgement.level"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"answers": ["yes"]}, "answers"),
        ({"victim_very_frightened": "yes"}, "victim_very_frightened"),
        ({"undated_occasions": -1}, "undated_occasions"),
        ({"undated_occasions": True}, "undated_occasions"),
        ({"undated_occasions": 1.5}, "undated_occasions"),
    ],
)
def test_each_assessment_rule_names_its_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_assessment(replace(RecordAssessment.from_dict(BODY), **change))
    assert caught.value.field == field

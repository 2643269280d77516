"""The shipped definitions load, are versioned, and carry ids and topics in form order."""

from __future__ import annotations

import json
import re

import pytest

from foursight.core.instruments import (
    Level,
    ScoringRule,
    get_instrument,
    load_definition,
    load_instruments,
    parse_definition,
)
from foursight.errors import InvalidInput, NotFound

SHIPPED = ["dara", "dash", "four", "sam", "sdash", "srp"]


def test_all_shipped_instruments_load():
    assert sorted(load_instruments()) == SHIPPED


@pytest.mark.parametrize("instrument_id", SHIPPED)
def test_each_definition_is_versioned_and_licensed(instrument_id):
    instrument = get_instrument(instrument_id)
    assert instrument.id == instrument_id
    assert re.fullmatch(r"\d+\.\d+(\.\d+)?", instrument.version)
    assert instrument.licence.strip()
    assert instrument.edition.strip()
    assert instrument.sources


def test_load_instruments_returns_a_fresh_dict():
    first = load_instruments()
    first.pop("dash")
    assert "dash" in load_instruments()


def test_dash_has_27_questions_in_four_sections_in_order():
    dash = get_instrument("dash")
    assert dash.rule is ScoringRule.COUNT_YES
    assert dash.question_ids == tuple(f"q{n}" for n in range(1, 28))
    assert [q.number for q in dash.questions] == list(range(1, 28))
    by_section = {
        s.id: [q.number for q in dash.questions if q.section == s.id] for s in dash.sections
    }
    assert by_section == {
        "current_situation": list(range(1, 9)),
        "children_dependants": list(range(9, 13)),
        "abuse_history": list(range(13, 23)),
        "abuser": list(range(23, 28)),
    }
    assert all(q.answer_type.options == ("yes", "no", "dont_know") for q in dash.questions)
    assert [(b.level, b.minimum, b.maximum) for b in dash.bands] == [
        (Level.STANDARD, 0, 9),
        (Level.MEDIUM, 10, 13),
        (Level.HIGH, 14, None),
    ]
    assert dash.marac is True


def test_sdash_has_11_questions_and_is_judged():
    sdash = get_instrument("sdash")
    assert sdash.rule is ScoringRule.SPJ
    assert sdash.question_ids == tuple(f"q{n}" for n in range(1, 12))
    assert sdash.bands == ()


def test_four_covers_four_statutory_acts_and_checklist():
    four = get_instrument("four")
    sections = {s.id: [q.id for q in four.questions if q.section == s.id] for s in four.sections}
    assert sections["four"] == ["fixated", "obsessive", "unwanted", "repeated"]
    assert len(sections["statutory_acts"]) == 7
    assert len(sections["behaviours"]) >= 10
    assert {o.id for o in four.outcomes} == {
        "course_of_conduct",
        "stalking_indicated",
        "s4a_indicated",
    }


def test_srp_and_sam_are_results_only_for_licensed_assessors():
    srp, sam = get_instrument("srp"), get_instrument("sam")
    assert {srp.rule, sam.rule} == {ScoringRule.RESULTS_ONLY}
    assert srp.requires_licensed_assessor and sam.requires_licensed_assessor
    assert srp.question("type").answer_type.options == (
        "rejected",
        "resentful",
        "intimacy_seeking",
        "incompetent_suitor",
        "predatory",
    )
    assert {q.answer_type.options for q in srp.questions[1:] + sam.questions} == {
        ("low", "moderate", "high")
    }


def test_to_dict_is_the_api_shape():
    shape = get_instrument("dash").to_dict()
    json.dumps(shape)
    assert (shape["id"], shape["version"], shape["rule"]) == ("dash", "1.0", "count_yes")
    questions = shape["questions"]
    assert isinstance(questions, list)
    assert questions[7] == {
        "id": "q8",
        "number": 8,
        "section": "current_situation",
        "topic": "Constant contact, following, stalking or harassment",
        "answer_type": "yes_no_dont_know",
        "options": ["yes", "no", "dont_know"],
        "required": True,
    }
    assert shape["levels"] == ["standard", "medium", "high"]
    assert shape["triggers"] == ["sdash"]
    assert get_instrument("four").to_dict()["triggers"] == ["dash", "sdash"]


def test_get_unknown_instrument_is_not_found():
    with pytest.raises(NotFound):
        get_instrument("nope")


def _minimal(**changes: object) -> dict[str, object]:
    definition: dict[str, object] = {
        "schema": "foursight.instrument/1",
        "id": "vsdash",
        "version": "1.0",
        "name": "VS-DASH",
        "edition": "Victim self-completion variant",
        "licence": "Force-supplied definition.",
        "note": "Test definition.",
        "sources": [],
        "rule": "spj",
        "answer_types": {"yes_no_dont_know": ["yes", "no", "dont_know"]},
        "sections": [{"id": "main", "title": "Main"}],
        "questions": [
            {
                "id": "q1",
                "number": 1,
                "section": "main",
                "topic": "Fear",
                "answer_type": "yes_no_dont_know",
            }
        ],
        "prompts": [{"id": "p", "text": "Advice.", "when": {"answer": "q1", "in": ["yes"]}}],
    }
    definition.update(changes)
    return definition


def test_a_force_definition_file_loads(tmp_path):
    path = tmp_path / "vsdash.json"
    path.write_text(json.dumps(_minimal()), encoding="utf-8")
    instrument = load_definition(path)
    assert (instrument.id, instrument.question_ids) == ("vsdash", ("q1",))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"version": "one"}, "version"),
        ({"schema": "other/1"}, "schema"),
        ({"rule": "vibes"}, "rule must be one of"),
        ({"colour": "red"}, "unknown key"),
        ({"bands": [{"level": "high", "min": 0}]}, "only for it"),
        ({"rule": "count_yes"}, "bands are required"),
        ({"marac": True, "rule": "screen"}, "only instruments with levels"),
        (
            {"prompts": [{"id": "p", "text": "x", "when": {"answer": "q9", "in": ["yes"]}}]},
            "unknown question 'q9'",
        ),
        (
            {"prompts": [{"id": "p", "text": "x", "when": {"answer": "q1", "in": ["sure"]}}]},
            "cannot take: sure",
        ),
        ({"prompts": [{"id": "p", "text": "x", "when": {"context": "weather"}}]}, "context flag"),
        ({"prompts": [{"id": "p", "text": "x", "when": {"outcome": "later"}}]}, "not defined"),
        ({"prompts": [{"id": "p", "text": "x", "when": {"colour": 1}}]}, "not a known condition"),
        (
            {
                "questions": [
                    {
                        "id": "q1",
                        "number": 1,
                        "section": "other",
                        "topic": "T",
                        "answer_type": "yes_no_dont_know",
                    }
                ]
            },
            "unknown section",
        ),
        (
            {
                "questions": [
                    {
                        "id": "q1",
                        "number": 1,
                        "section": "main",
                        "topic": "T",
                        "answer_type": "yes_no_dont_know",
                    },
                    {
                        "id": "q1",
                        "number": 2,
                        "section": "main",
                        "topic": "U",
                        "answer_type": "yes_no_dont_know",
                    },
                ]
            },
            "repeats the id 'q1'",
        ),
    ],
)
def test_broken_definitions_are_refused_with_a_reason(changes, message):
    with pytest.raises(InvalidInput, match=message):
        parse_definition(_minimal(**changes))


def test_a_definition_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidInput, match="not valid JSON"):
        load_definition(path)


def test_a_trigger_must_name_another_loaded_instrument():
    from foursight.core.instruments.loader import check_triggers

    trigger = {"instrument": "sam", "text": "Do SAM.", "when": {"answer": "q1", "in": ["yes"]}}
    instrument = parse_definition(_minimal(triggers=[trigger]))
    with pytest.raises(InvalidInput, match="'sam'"):
        check_triggers({"vsdash": instrument})
    check_triggers({"vsdash": instrument, "sam": get_instrument("sam")})
    self_trigger = parse_definition(_minimal(triggers=[trigger | {"instrument": "vsdash"}]))
    with pytest.raises(InvalidInput, match="'vsdash'"):
        check_triggers({"vsdash": self_trigger})

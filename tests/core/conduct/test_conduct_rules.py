"""The rule engine and the bundled rule sets: hits with spans, hard negatives, loading."""

from __future__ import annotations

import json

import pytest

from foursight.core.conduct import load_rule_set, parse_rule_set, stop_rules, threat_rules
from foursight.errors import InvalidInput


def _hits(text):
    return [(h.rule_id, h.category, h.severity, h.text) for h in threat_rules().match(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm going to kill you", [("TV-001", "THREAT_VIOLENCE", 4, "I'm going to kill you")]),
        ("I'll torch your flat", [("TP-001", "THREAT_PROPERTY", 3, "torch your flat")]),
        ("I know where you live", [("SV-001", "SURVEILLANCE", 2, "I know where you live")]),
        ("Watch your back", [("MN-001", "MENACE", 3, "Watch your back")]),
        ("You belong to me", [("CP-002", "CONDITIONAL_POSSESSIVE", 2, "You belong to me")]),
        (
            "My death will be on you",
            [("SH-002", "SELF_HARM_COERCION", 3, "My death will be on you")],
        ),
        (
            "I still have all your nudes",
            [
                ("IM-004", "IMAGE_BASED", 3, "still have all your nudes"),
                ("IM-001", "IMAGE_BASED", 3, "nudes"),
            ],
        ),
        ("I rang your work today", [("TH-001", "THIRD_PARTY", 2, "I rang your work")]),
        ("I'm downstairs", [("TU-001", "TURNING_UP", 3, "I'm downstairs")]),
    ],
)
def test_each_category_fires_with_its_span(text, expected):
    assert _hits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to kill it at the interview tomorrow",
        "I'm dying to see the film",
        "the traffic is murder",
        "My feet are killing me",
        "I could murder a cup of tea",
        "Break a leg tonight!",
        "I'll shoot you a message later",
        "I'll beat you at pool next time",
        "You'll regret not coming, the band is amazing",
        "It isn't over till the final whistle",
        "I'll never hurt you, I promise",
        "I'm not going to come round, don't worry",
        "Would love to see the photos from the party",
        "I'll tell your mum you said hi",
        "Enjoy the sunshine while you can, rain tomorrow",
        "Last chance to buy tickets for Friday",
        "If you need anything I'll come round and help",
        "I'm killing myself laughing at this",
    ],
)
def test_hard_negatives_do_not_fire(text):
    assert _hits(text) == []


def test_span_indexes_the_original_body_with_curly_apostrophes():
    body = "ok.\u200e I\u2019ll  kill you"
    (hit,) = threat_rules().match(body)
    assert body[hit.start : hit.end] == hit.text == "I\u2019ll  kill you"


def test_negation_is_only_for_negatable_rules():
    assert _hits("You'll never be free of me")[0][0] == "CP-002"
    assert _hits("I would never hurt you") == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Please stop contacting me.", "ST-001"),
        ("Leave me alone", "ST-002"),
        ("Never contact me again", "ST-003"),
        ("I'm blocking you", "ST-004"),
        ("Blocked.", "ST-004"),
        ("I've reported you to the police", "ST-005"),
        ("Delete my number", "ST-006"),
    ],
)
def test_stop_rules(text, rule):
    assert rule in [h.rule_id for h in stop_rules().match(text)]


@pytest.mark.parametrize(
    "text", ["Stop by later if you want", "Can't stop laughing", "Don't ring me before 9"]
)
def test_stop_rule_hard_negatives(text):
    assert stop_rules().match(text) == []


def test_bundled_sets_are_versioned_and_hashed():
    for rule_set in (threat_rules(), stop_rules()):
        described = rule_set.describe()
        assert set(described) == {"id", "version", "sha256"}
        assert len(described["sha256"]) == 64
        assert described["version"].count(".") == 2


def _doc(**rule):
    base = {"id": "R-1", "category": "C", "severity": 1, "patterns": ["x"]}
    return json.dumps(
        {
            "id": "t",
            "version": "0.1.0",
            "categories": {"C": "c"},
            "macros": {"A": "alpha"},
            "rules": [base | rule],
        }
    ).encode()


def test_custom_rule_set_from_a_file(tmp_path):
    path = tmp_path / "force.json"
    path.write_bytes(_doc(patterns=["{A} beta"]))
    rule_set = load_rule_set(path)
    assert [h.text for h in rule_set.match("ALPHA   beta")] == ["ALPHA   beta"]
    assert rule_set.match("alphabeta") == []


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (_doc(patterns=["{NOPE}"]), "unknown macro {NOPE}"),
        (_doc(patterns=["(unclosed"]), "rule R-1: bad pattern"),
        (_doc(category="Z"), "unknown category Z"),
        (b"{not json", "not valid JSON"),
    ],
)
def test_bad_rule_sets_are_refused_with_the_place(doc, message):
    with pytest.raises(InvalidInput, match=message.replace("{", r"\{").replace("(", r"\(")):
        parse_rule_set(doc, "force.json")


def test_duplicate_rule_ids_are_refused():
    doc = json.loads(_doc())
    doc["rules"].append(doc["rules"][0])
    with pytest.raises(InvalidInput, match="duplicate rule id R-1"):
        parse_rule_set(json.dumps(doc).encode())


def test_docstring_examples_run():
    import doctest

    from foursight.core.conduct import analysis, report, rules

    for module in (rules, analysis, report):
        result = doctest.testmod(module)
        assert result.attempted > 0
        assert result.failed == 0


def test_a_forces_own_rule_set_is_used_and_recorded(ev, suspect):
    from datetime import datetime

    from foursight.core.conduct import ConductConfig, analyse_conduct

    doc = json.loads(_doc(patterns=["{A} beta"]))
    doc["categories"] = {"MENACE": "force wording"}
    doc["rules"][0]["category"] = "MENACE"
    rules = parse_rule_set(json.dumps(doc).encode(), "force.json")
    out = analyse_conduct(
        [ev(1, datetime(2024, 1, 1, 12), "alpha beta")],
        suspect_ids=[suspect],
        config=ConductConfig(threat_rules=rules),
    ).to_json()
    # kept, or set aside by the model as everyday talk (severity 3): reported either way
    found = out["threats"] + out["threats_set_aside"]
    assert [(t["rule"], t["category"], t["text"]) for t in found] == [
        ("R-1", "MENACE", "alpha beta")
    ]
    assert out["analysis"]["threat_rules"] == rules.describe()
    assert out["analysis"]["threat_rules"]["version"] == "0.1.0"

"""The rule sets against the labelled evaluation set (tests/fixtures/conduct/threat_eval.csv).

Targets (overall threat recall >= 0.9, precision >= 0.85) are asserted on the whole set
and on the dev split the rules were tuned on. The held-out split was written after the
last tuning and never tuned on; its figures are lower and are asserted only as a floor at
the measured value, so a rule change that loses held-out performance fails here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from foursight.core.conduct import evaluate_splits, read_eval_file, threat_rules

EVAL = Path(__file__).resolve().parents[2] / "fixtures" / "conduct" / "threat_eval.csv"


@pytest.fixture(scope="module")
def report():
    return evaluate_splits(EVAL)


def test_the_set_is_large_and_covers_every_category():
    lines = read_eval_file(EVAL)
    assert len(lines) >= 300
    labels = Counter(line.label for line in lines)
    assert labels["none"] >= 100
    assert set(labels) == {"threat", "surveillance", "stop", "none"}
    expected = {c for line in lines for c in line.expected}
    assert expected == set(threat_rules().categories) | {"STOP_REQUEST"}
    assert {line.split for line in lines} == {"dev", "heldout"}
    assert sum(1 for line in lines if line.split == "heldout") >= 80


@pytest.mark.parametrize("split", ["all", "dev"])
def test_threat_targets_on_the_evaluation_set(report, split):
    threat = report[split]["threat"]
    assert threat["recall"] >= 0.9
    assert threat["precision"] >= 0.85


@pytest.mark.parametrize("split", ["all", "dev"])
def test_stop_rules_on_the_evaluation_set(report, split):
    stop = report[split]["stop"]
    assert stop["recall"] >= 0.9
    assert stop["precision"] >= 0.85


def test_held_out_floor(report):
    held = report["heldout"]
    assert held["threat"]["recall"] >= 0.64
    assert held["threat"]["precision"] >= 0.92
    assert held["stop"]["recall"] >= 0.75
    assert held["stop"]["precision"] >= 0.95


def test_every_rule_is_scored(report):
    per_rule = report["all"]["per_rule"]
    assert set(per_rule) >= {r.id for r in threat_rules().rules}
    for row in per_rule.values():
        assert row["hits"] >= row["tp"]

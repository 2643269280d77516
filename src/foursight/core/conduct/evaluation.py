"""Precision and recall of the language rule sets on a labelled evaluation file.

The file is CSV with columns ``text,label,rule_expected,split``. ``label`` is ``threat``,
``surveillance``, ``stop`` or ``none``; ``rule_expected`` holds the expected categories
separated by ``|`` (empty for ``none``); ``split`` is ``dev`` (lines the rules were tuned
on) or ``heldout`` (lines written after tuning and never tuned on).

*Threat* figures treat a line as positive when its label is ``threat`` or
``surveillance`` and as flagged when any threat rule fires. *Stop* figures do the same for
``stop`` lines and the stop rule set. Per category, recall is the share of lines expecting
that category on which a rule of that category fired. Per rule, precision is the share of
its hits on lines that expect its category; ``line_precision`` counts any positive line;
``recall`` is the share of lines expecting its category on which it fired (its coverage:
rules of one category overlap, so these do not add up to the category's recall).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foursight.core.conduct.rules import RuleSet, stop_rules, threat_rules

THREAT_LABELS = frozenset({"threat", "surveillance"})


@dataclass(frozen=True, slots=True)
class EvalLine:
    text: str
    label: str
    expected: frozenset[str]
    split: str


def read_eval_file(path: str | Path) -> list[EvalLine]:
    """Read an evaluation CSV; a missing ``split`` column reads as ``dev``."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        EvalLine(
            text=row["text"],
            label=row["label"].strip(),
            expected=frozenset(p for p in (row.get("rule_expected") or "").split("|") if p),
            split=(row.get("split") or "dev").strip(),
        )
        for row in rows
    ]


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _binary(
    lines: Sequence[EvalLine], flagged: Sequence[bool], labels: Iterable[str]
) -> dict[str, Any]:
    wanted = frozenset(labels)
    tp = sum(1 for line, f in zip(lines, flagged, strict=True) if f and line.label in wanted)
    fp = sum(1 for line, f in zip(lines, flagged, strict=True) if f and line.label not in wanted)
    fn = sum(1 for line, f in zip(lines, flagged, strict=True) if not f and line.label in wanted)
    return {
        "lines": len(lines),
        "positives": tp + fn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
    }


def evaluate(
    lines: Sequence[EvalLine],
    threats: RuleSet | None = None,
    stops: RuleSet | None = None,
) -> dict[str, Any]:
    """Score both rule sets on ``lines``: overall, per category and per rule, plus misses."""
    threats = threats or threat_rules()
    stops = stops or stop_rules()
    threat_hits = [threats.match(line.text) for line in lines]
    stop_hits = [stops.match(line.text) for line in lines]
    per_rule: dict[str, dict[str, Any]] = {}
    for rule in (*threats.rules, *stops.rules):
        per_rule[rule.id] = {"category": rule.category, "hits": 0, "tp": 0, "line_tp": 0}
    for line, hits in zip(lines, [*threat_hits], strict=True):
        _tally(per_rule, line, hits, THREAT_LABELS)
    for line, hits in zip(lines, stop_hits, strict=True):
        _tally(per_rule, line, hits, {"stop"})
    expected_counts = Counter(c for line in lines for c in line.expected)
    for row in per_rule.values():
        row["precision"] = _ratio(row["tp"], row["hits"])
        row["line_precision"] = _ratio(row["line_tp"], row["hits"])
        row["recall"] = _ratio(row["tp"], expected_counts[row["category"]])
    categories = sorted({c for line in lines for c in line.expected})
    per_category: dict[str, dict[str, Any]] = {}
    for category in categories:
        expecting = [i for i, line in enumerate(lines) if category in line.expected]
        found = sum(
            1
            for i in expecting
            if any(h.category == category for h in (*threat_hits[i], *stop_hits[i]))
        )
        per_category[category] = {
            "lines": len(expecting),
            "found": found,
            "recall": _ratio(found, len(expecting)),
        }
    misses = [
        {
            "text": line.text,
            "label": line.label,
            "split": line.split,
            "fired": [h.rule_id for h in (*t, *s)],
        }
        for line, t, s in zip(lines, threat_hits, stop_hits, strict=True)
        if (line.label in THREAT_LABELS) != bool(t) or (line.label == "stop") != bool(s)
    ]
    return {
        "threat": _binary(lines, [bool(h) for h in threat_hits], THREAT_LABELS),
        "stop": _binary(lines, [bool(h) for h in stop_hits], {"stop"}),
        "per_category": per_category,
        "per_rule": per_rule,
        "errors": misses,
        "rule_sets": {"threat": threats.describe(), "stop": stops.describe()},
    }


def _tally(
    per_rule: dict[str, dict[str, Any]],
    line: EvalLine,
    hits: Sequence[Any],
    positive: Iterable[str],
) -> None:
    wanted = frozenset(positive)
    for hit in hits:
        row = per_rule[hit.rule_id]
        row["hits"] += 1
        if hit.category in line.expected:
            row["tp"] += 1
        if line.label in wanted:
            row["line_tp"] += 1


def evaluate_splits(path: str | Path) -> dict[str, dict[str, Any]]:
    """:func:`evaluate` on each split of the file and on all of it (key ``all``)."""
    lines = read_eval_file(path)
    out = {"all": evaluate(lines)}
    for split in sorted({line.split for line in lines}):
        out[split] = evaluate([line for line in lines if line.split == split])
    return out

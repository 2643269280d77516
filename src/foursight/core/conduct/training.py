"""Train the learned tier's model file from the labelled lines in the repository.

``foursight conduct-train-model`` runs :func:`train_model_file`: it reads

- ``src/foursight/core/conduct/training/lines.csv`` (``text,label``; labels ``threat``,
  ``surveillance``, ``turning_up``, ``stop``, ``none``): lines written for training,
  composed from phrasings of each category in several texting styles, with many hard
  negatives ("I'll kill for a coffee", "I'm outside the chippy, want anything?");
- the ``dev`` split of ``tests/fixtures/conduct/threat_eval.csv`` (the rules' tuning
  lines; ``threat`` lines expecting ``TURNING_UP`` count as turning up);

fits TF-IDF features (:func:`~foursight.core.conduct.learned.analyse`) and a multinomial
logistic regression, and a one-layer network over the static sentence embeddings
(``embedding.py``; scikit-learn, fixed seeds, CPU), their probabilities mixed half and
half; sets each class's threshold by
five-fold cross-validation on the same training lines, each phrasing group kept whole (for
inbound messages the probability of threat, surveillance or turning up at which the
out-of-fold flags have the best F1, never below 0.5; likewise for stop requests;
and the probability of everyday talk above which a rule hit of severity 3 or less may be
set aside, where at least 90 % of the rule-flagged training lines are everyday talk),
and writes plain JSON with rounded numbers, so the same lines give the same bytes.

Held-out lines (``tests/fixtures/conduct/learned_heldout.csv`` and the ``heldout`` split
of the evaluation file) are never read here.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from foursight.core.conduct.distil import SOURCE
from foursight.core.conduct.embedding import FILE, StaticEmbeddings, threat_embeddings
from foursight.core.conduct.learned import (
    INBOUND,
    NONE,
    OUTBOUND,
    analyse,
    char_grams,
    words_of,
)

MODEL_ID = "foursight.threat-model"
MODEL_VERSION = "2.0.0"
LABELS = {
    "threat": "THREAT",
    "surveillance": "SURVEILLANCE",
    "turning_up": "TURNING_UP",
    "stop": "STOP_REQUEST",
    "none": NONE,
}
SET_ASIDE_GOAL = 0.90
C = 2.0
#: The n-gram regression's share of the probabilities; the embedding network has the rest.
BLEND = 0.5
HIDDEN = 128
ALPHA = 1e-2


def read_labelled(path: str | Path, groups: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """``(text, CLASS)`` pairs from a ``text,label[,group]`` CSV (labels as in
    :data:`LABELS`). ``group`` names the phrasing a line was written from; when
    ``groups`` is given it is filled with each text's group."""
    out = []
    with open(path, encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle), start=2):
            label = (row.get("label") or "").strip()
            if label not in LABELS:
                raise ValueError(f"{path}: line {n}: unknown label {label!r}")
            out.append((row["text"], LABELS[label]))
            if groups is not None:
                groups.setdefault(row["text"], row.get("group") or f"line-{n}")
    return out


def read_eval_dev(path: str | Path) -> list[tuple[str, str]]:
    """The ``dev`` split of the rules' evaluation file, as training pairs."""
    out = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if (row.get("split") or "dev").strip() != "dev":
                continue
            label = row["label"].strip()
            expected = set((row.get("rule_expected") or "").split("|"))
            if label == "threat" and expected == {"TURNING_UP"}:
                label = "turning_up"
            out.append((row["text"], LABELS[label]))
    return out


def training_lines(root: str | Path, groups: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Every training pair, in a fixed order (duplicates dropped, first label kept).
    ``groups``, when given, is filled with each text's phrasing group."""
    base = Path(root)
    pairs = read_labelled(base / "src/foursight/core/conduct/training/lines.csv", groups)
    pairs += read_eval_dev(base / "tests/fixtures/conduct/threat_eval.csv")
    seen: dict[str, str] = {}
    for text, label in pairs:
        seen.setdefault(text, label)
    return sorted(seen.items())


def word_features(text: str) -> list[str]:
    """The comparison approach without character n-grams: words and word pairs only."""
    return [f for f in analyse(text) if not f.startswith("c:")]


def fit(
    pairs: Sequence[tuple[str, str]],
    analyzer: Callable[[str], list[str]] = analyse,
    model: str = "logistic",
) -> tuple[Any, Any]:
    """Fit a vectoriser and a classifier (``logistic`` or ``svm``) on ``pairs``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    vectoriser = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=2)
    matrix = vectoriser.fit_transform([t for t, _ in pairs])
    labels = [label for _, label in pairs]
    classifier: Any
    if model == "svm":
        classifier = LinearSVC(C=0.5, class_weight="balanced", random_state=0)
    else:
        classifier = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    classifier.fit(matrix, labels)
    return vectoriser, classifier


def fit_head(pairs: Sequence[tuple[str, str]], embeddings: StaticEmbeddings) -> Any:
    """Fit the embedding network (one hidden layer, fixed seed, a fixed number of passes:
    stopping early on a tolerance is allowed but not required) on ``pairs``."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    from threadpoolctl import threadpool_limits

    network = MLPClassifier(hidden_layer_sizes=(HIDDEN,), alpha=ALPHA, max_iter=400, random_state=0)
    # one BLAS thread: the matrices are small, and threads that wait on each other make a
    # fit on a busy machine many times slower (and the arithmetic's order fixed)
    with warnings.catch_warnings(), threadpool_limits(1):
        warnings.simplefilter("ignore", ConvergenceWarning)
        network.fit(embeddings.embed([t for t, _ in pairs]), [label for _, label in pairs])
    return network


def blended(
    pairs: Sequence[tuple[str, str]], texts: Sequence[str], embeddings: StaticEmbeddings
) -> tuple[list[str], np.ndarray]:
    """Train both parts on ``pairs``; their mixed probabilities for ``texts`` (columns
    in the order of the class names returned)."""
    vectoriser, classifier = fit(pairs)
    probs = BLEND * classifier.predict_proba(vectoriser.transform(texts))
    if BLEND < 1:
        network = fit_head(pairs, embeddings)
        assert list(network.classes_) == list(classifier.classes_)
        probs += (1 - BLEND) * network.predict_proba(embeddings.embed(texts))
    return [str(c) for c in classifier.classes_], probs


def _thresholds(
    pairs: Sequence[tuple[str, str]], groups: dict[str, str], embeddings: StaticEmbeddings
) -> dict[str, float]:
    """Per class, the lowest probability at which out-of-fold predictions are precise
    enough. Folds keep each phrasing group whole, so a line is always scored by a model
    that never saw its phrasing: the nearest the training lines come to unseen wording."""
    from sklearn.model_selection import StratifiedGroupKFold

    labels = np.asarray([label for _, label in pairs])
    texts = [t for t, _ in pairs]
    group_ids = [groups.get(t, t) for t in texts]
    classes = sorted(set(labels))
    probs = np.zeros((len(pairs), len(classes)))
    folds = StratifiedGroupKFold(5, shuffle=True, random_state=15)
    for train, test in folds.split(texts, labels, group_ids):
        _, probs[test] = blended([pairs[i] for i in train], [texts[i] for i in test], embeddings)
    out = {
        "INBOUND": _best_f1(probs, labels, classes, INBOUND),
        "OUTBOUND": _best_f1(probs, labels, classes, OUTBOUND),
    }
    # Rule hits the model may set aside: the lowest NONE probability at which the training
    # lines the rules fire on are, out of fold, at least SET_ASIDE_GOAL everyday talk.
    from foursight.core.conduct.rules import threat_rules

    fired = np.asarray([bool(h) for h in threat_rules().match_many(texts)])
    none = probs[:, classes.index(NONE)]
    chosen = 2.0  # above any probability: never
    for t in np.arange(0.99, 0.69, -0.01):
        picked = fired & (none >= t)
        if picked.sum() < 5:
            continue
        if (labels[picked] == NONE).mean() < SET_ASIDE_GOAL:
            break
        chosen = round(float(t), 2)
    out["SET_ASIDE"] = chosen
    return out


def _best_f1(
    probs: np.ndarray, labels: np.ndarray, classes: list[str], wanted: frozenset[str]
) -> float:
    """The probability of any ``wanted`` class (0.5 to 0.95) at which the out-of-fold
    flags have the best F1 (the lowest such, on a tie)."""
    cols = [i for i, c in enumerate(classes) if c in wanted]
    scores = probs[:, cols].sum(axis=1)
    truth = np.isin(labels, sorted(wanted))
    best, chosen = -1.0, 0.5
    for t in np.arange(0.5, 0.951, 0.01):
        flagged = scores >= t
        tp = float((flagged & truth).sum())
        f1 = 2 * tp / (flagged.sum() + truth.sum()) if flagged.sum() else 0.0
        if f1 > best + 1e-9:
            best, chosen = f1, round(float(t), 2)
    return chosen


def _round(values: Any) -> list[Any]:
    return np.round(np.asarray(values, dtype=np.float64), 6).tolist()  # type: ignore[no-any-return]


def train_model_file(root: str | Path) -> bytes:
    """The bytes of a model file trained on the repository at ``root`` (with the bundled
    embeddings)."""
    groups: dict[str, str] = {}
    pairs = training_lines(root, groups)
    return model_bytes(pairs, groups, threat_embeddings())


def model_bytes(
    pairs: Sequence[tuple[str, str]], groups: dict[str, str], embeddings: StaticEmbeddings
) -> bytes:
    """The bytes of a model file trained on ``pairs`` (``groups``: each text's phrasing)."""
    vectoriser, classifier = fit(pairs)
    network = fit_head(pairs, embeddings)
    features = [str(f) for f in vectoriser.get_feature_names_out()]
    counts: dict[str, int] = {}
    for _, label in pairs:
        counts[label] = counts.get(label, 0) + 1
    doc = {
        "id": MODEL_ID,
        "version": MODEL_VERSION,
        "description": "Multinomial logistic regression over TF-IDF word, word-pair and "
        "character 3-5-gram features, mixed with a one-layer network over static "
        "sentence embeddings; see docs/conduct.md (the learned tier).",
        "classes": [str(c) for c in classifier.classes_],
        "thresholds": _thresholds(pairs, groups, embeddings),
        "training": {
            "lines": len(pairs),
            "per_class": dict(sorted(counts.items())),
            "C": C,
            "hidden": HIDDEN,
            "alpha": ALPHA,
        },
        "blend": BLEND,
        "embedding": {
            "file": FILE,
            "sha256": embeddings.sha256,
            "source": SOURCE,
            "hidden_weights": [_round(row) for row in network.coefs_[0]],
            "hidden_bias": _round(network.intercepts_[0]),
            "out_weights": [_round(row) for row in network.coefs_[1]],
            "out_bias": _round(network.intercepts_[1]),
        },
        "features": features,
        "idf": _round(vectoriser.idf_),
        "coef": [_round(row) for row in classifier.coef_],
        "intercept": _round(classifier.intercept_),
    }
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


__all__ = [
    "LABELS",
    "char_grams",
    "fit",
    "model_bytes",
    "read_eval_dev",
    "read_labelled",
    "train_model_file",
    "training_lines",
    "word_features",
    "words_of",
]

"""Train the learned tier's model file from the labelled lines in the repository.

``foursight conduct-train-model`` runs :func:`train_model_file`: it reads

- ``src/foursight/core/conduct/training/lines.csv`` (``text,label``; labels ``threat``,
  ``surveillance``, ``turning_up``, ``stop``, ``none``): lines written for training,
  composed from phrasings of each category in several texting styles, with many hard
  negatives ("I'll kill for a coffee", "I'm outside the chippy, want anything?");
- the ``dev`` split of ``tests/fixtures/conduct/threat_eval.csv`` (the rules' tuning
  lines; ``threat`` lines expecting ``TURNING_UP`` count as turning up);

fits TF-IDF features (:func:`~foursight.core.conduct.learned.analyse`) and a multinomial
logistic regression (scikit-learn, fixed seeds, CPU); sets the thresholds from five-fold
out-of-fold probabilities on the same training lines, each phrasing group kept whole: for
stop requests the probability at which the model's flags have the best F1; for inbound
messages the prompt threshold and the set-aside threshold (the probability of everyday talk
at which a rule hit of severity 3 or less is set aside) together, at the best F1 of the
flag the analysis raises from both tiers (:func:`inbound_thresholds`). It writes plain JSON
with rounded numbers, so the same lines give the same bytes.

``BLEND`` below 1 mixes in a one-layer network over the static sentence embeddings
(``embedding.py``): the approach model 2.0.0 shipped, kept for the comparison in
``benchmarks/bench_learned.py``; model 3.0.0 is the regression alone (docs/benchmarks.md).

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
MODEL_VERSION = "3.0.0"
LABELS = {
    "threat": "THREAT",
    "surveillance": "SURVEILLANCE",
    "turning_up": "TURNING_UP",
    "stop": "STOP_REQUEST",
    "none": NONE,
}
C = 8.0
#: At most this share of the real threats of the highest severity that the rules flag may,
#: out of fold, be set aside as everyday talk (one in two hundred).
SEVERE_LOSS = 0.005
#: Thresholds are chosen on the F1 surface averaged over this many steps of 0.01 (centred).
SMOOTH = 5
#: The n-gram regression's share of the probabilities; the embedding network has the rest.
BLEND = 1.0
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
    pairs: Sequence[tuple[str, str]],
    texts: Sequence[str],
    embeddings: StaticEmbeddings,
    blend: float = BLEND,
) -> tuple[list[str], np.ndarray]:
    """Train the parts on ``pairs`` (the embedding network only when ``blend`` < 1); their
    mixed probabilities for ``texts`` (columns in the order of the class names returned)."""
    vectoriser, classifier = fit(pairs)
    probs = blend * classifier.predict_proba(vectoriser.transform(texts))
    if blend < 1:
        network = fit_head(pairs, embeddings)
        assert list(network.classes_) == list(classifier.classes_)
        probs += (1 - blend) * network.predict_proba(embeddings.embed(texts))
    return [str(c) for c in classifier.classes_], probs


def out_of_fold(
    pairs: Sequence[tuple[str, str]],
    groups: dict[str, str],
    embeddings: StaticEmbeddings,
    blend: float = BLEND,
) -> tuple[list[str], np.ndarray]:
    """Five-fold out-of-fold probabilities of every training line, each phrasing group kept
    whole, so a line is always scored by a model that never saw its phrasing: the nearest
    the training lines come to unseen wording."""
    from sklearn.model_selection import StratifiedGroupKFold

    labels = np.asarray([label for _, label in pairs])
    texts = [t for t, _ in pairs]
    group_ids = [groups.get(t, t) for t in texts]
    classes = sorted(set(labels))
    probs = np.zeros((len(pairs), len(classes)))
    folds = StratifiedGroupKFold(5, shuffle=True, random_state=15)
    for train, test in folds.split(texts, labels, group_ids):
        _, probs[test] = blended(
            [pairs[i] for i in train], [texts[i] for i in test], embeddings, blend
        )
    return classes, probs


def _thresholds(
    pairs: Sequence[tuple[str, str]],
    groups: dict[str, str],
    embeddings: StaticEmbeddings,
    blend: float = BLEND,
) -> dict[str, float]:
    """The thresholds, from out-of-fold probabilities (:func:`out_of_fold`): for stop
    requests the best F1 of the model alone (the stop rules are never set aside); for
    inbound messages the prompt threshold and the set-aside threshold together, at the
    best F1 of the flag the analysis raises (rule hits kept, plus prompts)."""
    from foursight.core.conduct.rules import threat_rules

    classes, probs = out_of_fold(pairs, groups, embeddings, blend)
    labels = np.asarray([label for _, label in pairs])
    hits = threat_rules().match_many([t for t, _ in pairs])
    top = np.asarray([max((h.severity for h in found), default=0) for found in hits])
    severe = severe_threshold(probs, labels, classes, top)
    inbound, set_aside = inbound_thresholds(probs, labels, classes, top, severe)
    return {
        "INBOUND": inbound,
        "OUTBOUND": _best_f1(probs, labels, classes, OUTBOUND),
        "SET_ASIDE": set_aside,
        "SET_ASIDE_SEVERE": severe,
    }


def severe_threshold(
    probs: np.ndarray, labels: np.ndarray, classes: list[str], top: np.ndarray
) -> float:
    """The probability of everyday talk (0.70 to 0.99, or 2.0: never) at which a rule hit
    of the highest severity (a threat to kill or injure) is set aside: the lowest at which,
    out of fold, at most :data:`SEVERE_LOSS` of the real threats the rules flag at that
    severity would be set aside, and at least five everyday lines would. ``top`` is each
    line's highest rule-hit severity (0: no hit). Such a hit stays in
    ``threats_set_aside`` for an officer to read."""
    from foursight.core.conduct.learned import MILD_SEVERITY

    none = probs[:, classes.index(NONE)]
    severe = top > MILD_SEVERITY
    real = severe & np.isin(labels, sorted(INBOUND))
    everyday = severe & (labels == NONE)
    if not real.any():
        return 2.0
    for t in np.round(np.arange(0.7, 0.991, 0.01), 2):
        lost = float((real & (none >= t)).sum()) / float(real.sum())
        if lost <= SEVERE_LOSS and (everyday & (none >= t)).sum() >= 5:
            return float(t)
    return 2.0


def inbound_thresholds(
    probs: np.ndarray,
    labels: np.ndarray,
    classes: list[str],
    top: np.ndarray,
    severe: float = 2.0,
) -> tuple[float, float]:
    """The prompt threshold (probability of threat, surveillance or turning up, 0.50 to
    0.95) and the set-aside threshold (probability of everyday talk, 0.50 to 0.99, or 2.0:
    never) at which the analysis's inbound flag has the best F1 over the inbound training
    lines (stop requests are the victim's own and left out). The flag is what
    ``tiers.py`` raises: a rule hit, unless the everyday probability reaches the set-aside
    threshold (all its hits of severity ``MILD_SEVERITY`` or less) or ``severe`` (a hit
    above it); or, with no rule hit, a model score at the prompt threshold. The pair
    chosen has the best mean F1 over its neighbours within 0.02 (:data:`SMOOTH`); on a
    tie the lower set-aside threshold, then the lower prompt threshold. (Setting aside is
    tried from 0.5 up: below that the model reads the message as more likely not everyday
    talk.)"""
    from scipy.ndimage import uniform_filter

    from foursight.core.conduct.learned import MILD_SEVERITY

    rows = labels != "STOP_REQUEST"
    cols = [i for i, c in enumerate(classes) if c in INBOUND]
    score = probs[rows][:, cols].sum(axis=1)
    none = probs[rows][:, classes.index(NONE)]
    fired = top[rows] > 0
    low = fired & (top[rows] <= MILD_SEVERITY)
    severe_aside = fired & ~low & (none >= severe)
    truth = np.isin(labels[rows], sorted(INBOUND))
    aside = np.round(np.arange(0.5, 0.991, 0.01), 2)
    prompt = np.round(np.arange(0.5, 0.951, 0.01), 2)
    f1 = np.zeros((len(aside), len(prompt)))
    for i, s in enumerate(aside):
        kept = fired & ~(low & (none >= s)) & ~severe_aside
        for j, t in enumerate(prompt):
            flagged = kept | (~fired & (score >= t))
            f1[i, j] = 2 * float((flagged & truth).sum()) / (flagged.sum() + truth.sum())
    # the F1 surface is flat near its top, so a few lines more or fewer move its highest
    # point a long way: take the pair whose neighbourhood (0.02 either way) is best on
    # average, which a handful of lines does not move
    smooth = uniform_filter(f1, size=SMOOTH, mode="nearest")
    row, col = np.unravel_index(int(np.argmax(smooth)), smooth.shape)
    return float(prompt[col]), float(aside[row])


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
    pairs: Sequence[tuple[str, str]],
    groups: dict[str, str],
    embeddings: StaticEmbeddings,
    blend: float = BLEND,
) -> bytes:
    """The bytes of a model file trained on ``pairs`` (``groups``: each text's phrasing).
    With ``blend`` 1 (the default) the file holds the n-gram regression alone and names no
    embeddings; below 1 it also holds the embedding network, mixed in at ``1 - blend``."""
    vectoriser, classifier = fit(pairs)
    counts: dict[str, int] = {}
    for _, label in pairs:
        counts[label] = counts.get(label, 0) + 1
    training: dict[str, Any] = {
        "lines": len(pairs),
        "per_class": dict(sorted(counts.items())),
        "C": C,
    }
    doc: dict[str, Any] = {
        "id": MODEL_ID,
        "version": MODEL_VERSION,
        "description": "Multinomial logistic regression over TF-IDF word, word-pair and "
        "character 3-5-gram features"
        + (", mixed with a one-layer network over static sentence embeddings" if blend < 1 else "")
        + "; see docs/conduct.md (the learned tier).",
        "classes": [str(c) for c in classifier.classes_],
        "thresholds": _thresholds(pairs, groups, embeddings, blend),
        "training": training,
        "blend": blend,
    }
    if blend < 1:
        network = fit_head(pairs, embeddings)
        training.update(hidden=HIDDEN, alpha=ALPHA)
        doc["embedding"] = {
            "file": FILE,
            "sha256": embeddings.sha256,
            "source": SOURCE,
            "hidden_weights": [_round(row) for row in network.coefs_[0]],
            "hidden_bias": _round(network.intercepts_[0]),
            "out_weights": [_round(row) for row in network.coefs_[1]],
            "out_bias": _round(network.intercepts_[1]),
        }
    doc.update(
        features=[str(f) for f in vectoriser.get_feature_names_out()],
        idf=_round(vectoriser.idf_),
        coef=[_round(row) for row in classifier.coef_],
        intercept=_round(classifier.intercept_),
    )
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

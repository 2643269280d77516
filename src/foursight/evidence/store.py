"""The originals store and the custody log: evidence is never altered.

Originals are kept write-once under ``settings.DATA_DIR / "originals"``, named by their
SHA-256 (``ab/abcdef...``) and made read-only; a file already there is never replaced,
only checked. Custody entries are hash-chained per exhibit: each entry's ``hash`` is the
SHA-256 of its canonical JSON (sorted keys, no spaces, UTF-8) without ``hash``, and it
names the previous entry's hash, so any edit, insertion or deletion is detected.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from foursight.cases.models import Report
from foursight.core.importers import sha256_file
from foursight.errors import IntegrityFailure
from foursight.evidence.models import CustodyEntry

GENESIS = "0" * 64
TOOL = "foursight-evidence 1"


def originals_dir() -> Path:
    return Path(settings.DATA_DIR) / "originals"


def incoming_dir() -> Path:
    """Uploads waiting for a background import (not evidence until imported)."""
    path = Path(settings.DATA_DIR) / "incoming"
    path.mkdir(parents=True, exist_ok=True)
    return path


#: Longest file name kept on disk, in UTF-8 bytes (file systems allow 255).
NAME_BYTES = 200


def fit_name(name: str, limit: int = NAME_BYTES) -> str:
    """``name`` shortened to at most ``limit`` UTF-8 bytes, keeping its extension (some
    formats are recognised partly by name: ``_chat.txt``, ``.mbox``, ``.csv``)."""
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or len(suffix.encode("utf-8")) > 16:
        stem, suffix = name, ""
    tail = f".{suffix}" if suffix else ""
    room = limit - len(tail.encode("utf-8"))
    cut = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return cut + tail


def holding_path(name: str) -> Path:
    """A private holding place for an upload, under its own name, shortened to fit the
    file system (see :func:`fit_name`)."""
    folder = incoming_dir() / uuid.uuid4().hex
    folder.mkdir()
    return folder / fit_name(name)


def release(path: Path) -> None:
    """Remove a holding file and its folder."""
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        path.parent.rmdir()


def original_path(sha256: str) -> Path:
    return originals_dir() / sha256[:2] / sha256


def keep_original(source: Path, sha256: str) -> Path:
    """Copy ``source`` into the store under its hash, read-only; never overwrite.

    An existing stored copy is re-hashed: a mismatch is an integrity failure.
    """
    target = original_path(sha256)
    if target.exists():
        if sha256_file(target) != sha256:
            raise IntegrityFailure(f"stored original {sha256} no longer matches its hash")
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{sha256}.{os.getpid()}.partial")
    shutil.copyfile(source, partial)
    if sha256_file(partial) != sha256:
        partial.unlink()
        raise IntegrityFailure(f"the copy of {source.name} did not match its hash")
    partial.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    os.replace(partial, target)
    return target


def entry_hash(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_dict(entry: CustodyEntry) -> dict[str, Any]:
    """The custody entry in the shape of the custody JSON Lines file."""
    out: dict[str, Any] = {
        "seq": entry.seq,
        "ts_utc": entry.ts_utc,
        "actor": entry.actor,
        "action": entry.action,
        "exhibit": entry.exhibit_reference,
        "input": entry.input,
        "tool": entry.tool,
        "outputs": entry.outputs,
        "basis": entry.basis,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }
    if entry.detail:
        out["detail"] = entry.detail
    return out


def add_custody(
    report: Report,
    exhibit_reference: str,
    *,
    actor: str,
    action: str,
    input: dict[str, Any],
    outputs: list[dict[str, Any]],
    basis: str,
    detail: str = "",
) -> CustodyEntry:
    """Append one entry to the exhibit's custody chain (inside the caller's transaction)."""
    with transaction.atomic():
        last = (
            CustodyEntry.objects.select_for_update()
            .filter(report=report, exhibit_reference=exhibit_reference)
            .order_by("-seq")
            .first()
        )
        entry = CustodyEntry(
            report=report,
            exhibit_reference=exhibit_reference,
            seq=(last.seq + 1) if last else 1,
            ts_utc=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            actor=actor,
            action=action,
            input=input,
            tool=TOOL,
            outputs=outputs,
            basis=basis,
            detail=detail,
            prev_hash=last.hash if last else GENESIS,
        )
        entry.hash = entry_hash(entry_dict(entry))
        entry.save()
        return entry


def verify_chain(entries: list[dict[str, Any]], *, first_prev: str = GENESIS) -> tuple[bool, str]:
    """Check a custody chain: each hash matches its entry and names the one before."""
    prev = first_prev
    for index, entry in enumerate(entries):
        if entry.get("prev_hash") != prev:
            return False, f"entry {entry.get('seq', index + 1)}: does not follow the entry before"
        if entry_hash(entry) != entry.get("hash"):
            return False, f"entry {entry.get('seq', index + 1)}: its contents were changed"
        prev = str(entry["hash"])
    return True, f"{len(entries)} custody entries verified"


def custody_log(report: Report, exhibit_reference: str) -> list[dict[str, Any]]:
    rows = CustodyEntry.objects.filter(report=report, exhibit_reference=exhibit_reference)
    return [entry_dict(e) for e in rows.order_by("seq")]

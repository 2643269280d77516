"""The issued bundle (``bundle.zip``) and its verification.

A bundle holds ``casefile.html``, ``casefile.pdf`` and ``manifest.json``. The manifest
names the case file and version and lists the SHA-256 and size of each part and the
SHA-256 of every exhibit the file cites; the version's hash is the SHA-256 of the
manifest's bytes, so it covers the parts and the exhibits at once. The zip is written
with fixed member times, so the same version gives the same bytes.

:func:`verify_bundle` checks, in order: the bundle is a zip with a manifest; each part's
bytes match the manifest; the manifest matches the hash the service recorded for the
version (when the caller has it); each cited exhibit's original still hashes to the
manifest's value. It stops at the first that does not hold and names it.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
HTML = "casefile.html"
PDF = "casefile.pdf"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_for(
    *,
    case_file: int,
    report: str,
    version: int,
    issued_at: str,
    issued_by: str,
    parts: dict[str, bytes],
    exhibits: list[dict[str, str]],
) -> bytes:
    """The manifest's canonical bytes (sorted keys, two-space indent, UTF-8, final newline)."""
    body: dict[str, Any] = {
        "format": "foursight-casefile-bundle 1",
        "case_file": case_file,
        "report": report,
        "version": version,
        "issued_at": issued_at,
        "issued_by": issued_by,
        "parts": [
            {"name": name, "sha256": sha256_bytes(data), "bytes": len(data)}
            for name, data in sorted(parts.items())
        ],
        "exhibits": [
            {"reference": x["reference"], "sha256": x["sha256"]}
            for x in sorted(exhibits, key=lambda x: (x["reference"], x["sha256"]))
        ],
    }
    text = json.dumps(body, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    return text.encode("utf-8")


def build_bundle(parts: dict[str, bytes], manifest: bytes) -> bytes:
    """The zip of the parts and the manifest, byte-for-byte the same each time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in [*sorted(parts.items()), (MANIFEST, manifest)]:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o444 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


@dataclass(frozen=True)
class BundleCheck:
    ok: bool
    message: str
    manifest: dict[str, Any] | None = None


def verify_bundle(
    path: Path,
    exhibit_hash: Callable[[str], str | None],
    recorded: Callable[[dict[str, Any]], str | None] | None = None,
) -> BundleCheck:
    """Check a bundle; ``exhibit_hash(sha)`` re-hashes the stored original (None: missing),
    ``recorded(manifest)`` gives the version hash the service recorded (None: unknown)."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        return BundleCheck(False, f"{path.name}: not a readable bundle ({exc})")
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            return BundleCheck(False, f"{path.name}: no {MANIFEST} in the bundle")
        raw = archive.read(MANIFEST)
        try:
            manifest = json.loads(raw)
            parts = list(manifest["parts"])
            exhibits = list(manifest["exhibits"])
        except (ValueError, KeyError, TypeError):
            return BundleCheck(False, f"{MANIFEST}: not a case-file manifest")
        for part in parts:
            if part["name"] not in names:
                return BundleCheck(False, f"part {part['name']}: missing from the bundle", manifest)
            actual = sha256_bytes(archive.read(part["name"]))
            if actual != part["sha256"]:
                return BundleCheck(
                    False,
                    f"part {part['name']}: SHA-256 {actual} does not match the manifest's {part['sha256']}",
                    manifest,
                )
    if recorded is not None:
        expected = recorded(manifest)
        if expected is not None and expected != sha256_bytes(raw):
            return BundleCheck(
                False,
                f"{MANIFEST}: SHA-256 {sha256_bytes(raw)} is not the issued version's {expected}",
                manifest,
            )
    for x in exhibits:
        actual_sha = exhibit_hash(x["sha256"])
        if actual_sha is None:
            return BundleCheck(
                False,
                f"exhibit {x['reference']} ({x['sha256']}): original not in the store",
                manifest,
            )
        if actual_sha != x["sha256"]:
            return BundleCheck(
                False,
                f"exhibit {x['reference']} ({x['sha256']}): the stored original now hashes to {actual_sha}",
                manifest,
            )
    return BundleCheck(
        True,
        f"bundle verified: {len(parts)} parts and {len(exhibits)} exhibits match "
        f"(case file {manifest.get('case_file')} version {manifest.get('version')}, "
        f"manifest SHA-256 {sha256_bytes(raw)})",
        manifest,
    )

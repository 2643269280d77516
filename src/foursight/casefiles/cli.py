"""Commands: ``foursight pack verify BUNDLE``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from foursight.errors import InvalidInput


def cmd_verify(args: argparse.Namespace) -> int:
    """Check an issued bundle: its parts against its manifest, the manifest against the
    issued version, and every cited exhibit against the originals store."""
    path = Path(args.bundle)
    if not path.is_file():
        raise InvalidInput(f"BUNDLE: {path} is not a file", field="bundle")
    from foursight.cli import django_setup

    django_setup()
    from foursight.casefiles.models import CaseFileVersion
    from foursight.core.casefile import verify_bundle
    from foursight.core.importers import sha256_file
    from foursight.evidence.store import original_path

    def exhibit_hash(sha: str) -> str | None:
        stored = original_path(sha)
        return sha256_file(stored) if stored.is_file() else None

    def recorded(manifest: dict[str, Any]) -> str | None:
        case_file, n = manifest.get("case_file"), manifest.get("version")
        if not isinstance(case_file, int) or not isinstance(n, int):
            return None
        version = CaseFileVersion.objects.filter(case_file_id=case_file, n=n).first()
        return version.sha256 if version is not None else None

    result = verify_bundle(path, exhibit_hash, recorded)
    if result.ok:
        print(result.message)
        return 0
    print(f"pack verify failed: {result.message}", file=sys.stderr)
    return 1


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pack = subparsers.add_parser("pack", help="issued case-file bundles")
    sub = pack.add_subparsers(dest="pack_command", required=True)
    verify = sub.add_parser(
        "verify",
        help="check a bundle.zip against its manifest and the originals store; "
        "non-zero naming the first mismatch",
    )
    verify.add_argument("bundle", metavar="BUNDLE", help="the bundle.zip of an issued version")
    verify.set_defaults(func=cmd_verify)

"""Re-deriving an exhibit's events from its stored original, to show they reproduce.

The original is read from the write-once store (through a link under the exhibit's file
name, since some formats are recognised partly by name), parsed again with the exhibit's
recorded metadata, and serialised as the canonical JSON Lines whose SHA-256 was recorded
at import. Same inputs, same parser version: the same bytes, so the hashes match.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from foursight.errors import IntegrityFailure
from foursight.evidence.importing import parse
from foursight.evidence.meta import clean_meta
from foursight.evidence.models import Exhibit
from foursight.evidence.store import original_path


def derived_jsonl(exhibit: Exhibit) -> bytes:
    """The exhibit's events as canonical JSON Lines, parsed again from the original."""
    source = original_path(exhibit.original_id)
    if not source.is_file():
        raise IntegrityFailure(f"the original of exhibit {exhibit.reference} is missing")
    meta = clean_meta(
        {
            "exhibit": exhibit.reference,
            "victim_ids": exhibit.victim_ids,
            "tz": exhibit.tz,
            "locale": exhibit.locale,
            "consent_reference": exhibit.consent_reference,
            "scope_from": exhibit.scope_from,
            "scope_to": exhibit.scope_to,
            "scope_apps": exhibit.scope_apps,
            "scope_conversations": exhibit.scope_conversations,
            "format": exhibit.format,
        }
    )
    with tempfile.TemporaryDirectory(prefix="foursight-derive-") as folder:
        link = Path(folder) / exhibit.file_name
        link.symlink_to(source)
        _, events, _ = parse(link, exhibit.file_name, meta)
    lines = (
        json.dumps(e.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n" for e in events
    )
    return "".join(lines).encode("utf-8")

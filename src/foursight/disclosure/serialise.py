"""Disclosure copies in API shapes: whole for those who redact, existence for the rest."""

from __future__ import annotations

from typing import Any

from foursight.core.redaction.spans import plain_name
from foursight.disclosure.models import RedactedCopy


def copy_summary(copy: RedactedCopy) -> dict[str, Any]:
    """What a reader without content access may see: that a copy exists, and its hashes."""
    return {
        "id": copy.pk,
        "report_id": copy.report_id,
        "source": copy.source_kind,
        "exhibit_id": copy.exhibit_id,
        "exhibit_reference": copy.exhibit.reference if copy.exhibit is not None else "",
        "original_sha256": copy.original_sha256,
        "derived_sha256": copy.derived_sha256,
        "created_at": copy.created_at,
    }


def copy_out(copy: RedactedCopy, *, log: bool = False) -> dict[str, Any]:
    out = copy_summary(copy)
    counts = {
        k: sum(1 for e in copy.log if e.get("decision") == k)
        for k in ("accepted", "rejected", "added")
    }
    out.update(
        title=copy.title,
        size=copy.derived_size,
        tool=copy.tool,
        created_by=copy.created_by.username if copy.created_by else "",
        counts=counts,
    )
    if log:
        out["log"] = [dict(e, kind=plain_name(str(e.get("entity", "")))) for e in copy.log]
    return out

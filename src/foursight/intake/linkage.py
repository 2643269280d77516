"""Anonymous information as a linkage mention: the item's name and identifiers in the
fields the offender linkage model compares, scored against every linked mention."""

from __future__ import annotations

from typing import Any

from foursight.intake.models import IntelligenceItem
from foursight.server.apps import app_module


def mention_fields(item: IntelligenceItem) -> dict[str, str | None]:
    """The item as raw linkage fields (first of each kind of identifier, as given)."""
    parts = item.about_name.split()
    first: dict[str, str] = {}
    for identifier in item.identifiers:
        first.setdefault(identifier.get("kind", ""), identifier.get("value", ""))
    handle = first.get("handle")
    return {
        "first_name": " ".join(parts[:-1]) if len(parts) > 1 else (parts[0] if parts else None),
        "surname": parts[-1] if len(parts) > 1 else None,
        "dob": None,
        "phone": first.get("phone") or None,
        "email": first.get("email") or None,
        "handle": handle or None,
        "postcode": item.postcode or None,
    }


def possible_offenders(item: IntelligenceItem, *, limit: int = 5) -> list[dict[str, Any]]:
    """Offender identities the item may be about, best first (none without a link run)."""
    matching = app_module("offenders", "matching")
    models = app_module("offenders", "models")
    if matching is None or models is None:
        return []
    found = matching.candidates_for_fields(mention_fields(item), limit=limit * 3)
    out: dict[str, dict[str, Any]] = {}
    mentions = {
        m.mention_id: m
        for m in models.Mention.objects.filter(
            mention_id__in=[c.mention_id for c in found]
        ).select_related("person")
    }
    for candidate in found:
        mention = mentions.get(candidate.mention_id)
        code = candidate.person_id
        if mention is None or code in out:
            continue
        out[code] = {
            "offender": code,
            "match_probability": round(candidate.match_probability, 4),
            "person_id": mention.person_id,
        }
    return list(out.values())[:limit]

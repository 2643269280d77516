"""The course-of-conduct analysis as a person reads it: markers and indicators named in
words, and every cited event shown by its time (UTC) and a snippet of what it said,
linking to the event on the timeline, instead of by its hash."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from foursight.cases.models import Report
from foursight.core import labels
from foursight.evidence.models import StoredEvent

CITED_PER_MARKER = 20
SNIPPET = 60


def _snippet(row: Mapping[str, Any]) -> str:
    body = " ".join(str(row["body"] or "").split())
    if not body:
        return labels.label(row["kind"], "event_kind")
    return body if len(body) <= SNIPPET else body[: SNIPPET - 1].rstrip() + "…"


def _cited_ids(result: dict[str, Any]) -> set[str]:
    ids: set[str] = set()
    for part in (result.get("four") or {}).values():
        ids.update(part.get("event_ids", [])[:CITED_PER_MARKER])
    ids.update(t["event_id"] for t in result.get("threats", []) if t.get("event_id"))
    ids.update(s["event_id"] for s in result.get("stops", []) if s.get("event_id"))
    return ids


def cited_events(report: Report, result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Event id -> ``{"event_id", "time", "snippet", "href"}`` for every event the page cites."""
    rows = StoredEvent.objects.filter(report=report, event_id__in=_cited_ids(result))
    return {
        r["event_id"]: {
            "event_id": r["event_id"],
            "time": r["ts_utc"],
            "snippet": _snippet(r),
            "href": f"/reports/{report.pk}/timeline?event={r['event_id']}",
        }
        for r in rows.values("event_id", "ts_utc", "body", "kind")
    }


def four_rows(result: dict[str, Any], cited: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per FOUR marker, with its indicators named and its cited events."""
    rows = []
    for code, part in (result.get("four") or {}).items():
        ids = part.get("event_ids", [])
        rows.append(
            {
                "name": labels.label(code, "four_marker"),
                "indicated": part.get("indicated", False),
                "indicators": [
                    (labels.label(k, "indicator"), v) for k, v in part.get("indicators", {}).items()
                ],
                "events": [cited[i] for i in ids[:CITED_PER_MARKER] if i in cited],
                "more": max(0, len(ids) - CITED_PER_MARKER),
            }
        )
    return rows


def with_events(
    items: list[dict[str, Any]], cited: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Stops or threat hits, each with the event it cites (``cited``: None if not stored)."""
    return [{**item, "cited": cited.get(item.get("event_id", ""))} for item in items]

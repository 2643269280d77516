"""The MG12 exhibit list, the MG6C and MG6D schedules and the continuity paragraphs.

An exhibit relied on is listed on the MG12 with its SHA-256. Unused material that is not
sensitive goes on the MG6C (disclosed to the defence); a redacted copy of an item is listed
there as "edited", with the hash of the copy, and the original is never marked. Sensitive
unused material (risk assessments, referrals, the victim's contact details) goes on the
MG6D, which is not disclosed. Continuity paragraphs come from each exhibit's custody log.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

ACTIONS = {
    "ingest": "received and stored",
    "upload": "received and stored",
    "duplicate": "received again (an identical copy; the stored original was kept)",
    "reject": "offered but not accepted",
    "read": "read",
    "view": "viewed",
    "download": "downloaded",
    "move": "moved",
    "seize": "seized",
    "redact": "used to make a redacted copy",
}


def when(iso: str) -> str:
    """An ISO UTC time as a reader writes it: ``2026-02-17T19:05:00Z`` -> ``17 Feb 2026 19:05``.

    >>> when("2026-02-17T19:05:00Z"), when("")
    ('17 Feb 2026 19:05', '')
    """
    if not iso:
        return ""
    try:
        at = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if at.tzinfo is not None:
        at = at.astimezone(UTC)
    return f"{at.day} {at:%b %Y %H:%M}"


def exhibit_list(data: dict[str, Any]) -> list[dict[str, Any]]:
    """MG12: each exhibit relied on, with its description, producer, seizure and hash."""
    rows = []
    for x in data.get("exhibits", []):
        at, where = x.get("seized_at") or "", x.get("seized_where") or ""
        seized = ", ".join(p for p in (f"{when(at)} UTC" if at else "", where) if p)
        rows.append(
            {
                "reference": x["reference"],
                "kind": x.get("kind") or "phone export",
                "description": x.get("description") or x["file_name"],
                "produced_by": x.get("produced_by") or "",
                "seized": seized,
                "file_name": x["file_name"],
                "bytes": x.get("bytes", 0),
                "sha256": x["sha256"],
            }
        )
    return rows


def _entries(n: int) -> str:
    return f"{n} entr{'y' if n == 1 else 'ies'}"


def unused(data: dict[str, Any]) -> list[dict[str, Any]]:
    """MG6C: relevant material not relied on and not sensitive."""
    rows: list[dict[str, Any]] = []
    for x in data.get("exhibits", []):
        rows.append(
            {
                "item": f"Custody log of exhibit {x['reference']} ({_entries(len(x.get('custody', [])))})",
                "reason": "continuity record of an exhibit relied on",
                "edited": False,
                "derived_sha256": "",
            }
        )
        for copy in x.get("edited", []):
            rows.append(
                {
                    "item": f"Redacted copy of exhibit {x['reference']} (original {x['sha256']})",
                    "reason": "disclosure copy with personal data removed",
                    "edited": True,
                    "derived_sha256": copy,
                }
            )
    for copy in data.get("other_copies", []):
        rows.append(
            {
                "item": f"Redacted copy of {copy['title']} (original {copy['original_sha256']})",
                "reason": "disclosure copy with personal data removed",
                "edited": True,
                "derived_sha256": copy["derived_sha256"],
            }
        )
    analysis = data.get("analysis") or {}
    if analysis:
        tool = analysis.get("analysis", {})
        rows.append(
            {
                "item": f"Course-of-conduct analysis ({tool.get('tool', '')} {tool.get('version', '')}), "
                f"{analysis.get('events', 0)} events",
                "reason": "the analysis the chronology and FOUR markers were taken from",
                "edited": False,
                "derived_sha256": "",
            }
        )
        for t in analysis.get("threats_set_aside", []):
            rows.append(
                {
                    "item": f"Message of {t['time']} UTC from {t['identifier']} (rule {t['rule']} set aside)",
                    "reason": "a rule matched but the message reads as everyday talk; not relied on",
                    "edited": False,
                    "derived_sha256": "",
                }
            )
    return rows


def sensitive(data: dict[str, Any]) -> list[dict[str, Any]]:
    """MG6D: sensitive unused material, each with why it is sensitive (not disclosed)."""
    return [{"item": s["item"], "reason": s["reason"]} for s in data.get("sensitive", [])]


def _entry(reference: str, e: dict[str, Any]) -> str:
    what = ACTIONS.get(str(e.get("action", "")), str(e.get("action", "")))
    name = (e.get("input") or {}).get("name", "")
    sha = (e.get("input") or {}).get("sha256", "")
    basis = f" Basis: {e['basis']}." if e.get("basis") else ""
    file = f" the file {name}" if name else ""
    digest = f" (SHA-256 {sha})" if sha else ""
    return (
        f"On {when(str(e['ts_utc']))} UTC exhibit {reference}{file}{digest} was {what} by {e['actor']} "
        f"using {e.get('tool', '')}.{basis} Custody entry {e['seq']}, hash {e['hash']}."
    )


def continuity(data: dict[str, Any]) -> list[dict[str, Any]]:
    """For each exhibit, one statement paragraph per custody entry, in order."""
    return [
        {
            "reference": x["reference"],
            "paragraphs": [_entry(x["reference"], e) for e in x.get("custody", [])]
            or [f"No custody entries are recorded for exhibit {x['reference']}."],
        }
        for x in data.get("exhibits", [])
    ]

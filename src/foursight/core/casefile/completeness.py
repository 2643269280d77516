"""What a charging decision for stalking needs, and whether the file has it.

Each item is ``{"key", "label", "present", "detail"}``. The list follows what the CPS
asks of a stalking file: evidence of each element of the offence (PHA 1997 s.2A, and
s.4A where charged), the course of conduct on at least two occasions, the victim's
statement, the effect on the victim, evidence of the suspect's identity behind each
identifier the contact came from, and previous convictions and orders.

>>> items = completeness({"offence": {"elements": []}, "chronology": [], "identifiers": []}, {})
>>> [(i["key"], i["present"]) for i in items][:2]
[('occasions', False), ('victim_statement', False)]
"""

from __future__ import annotations

from typing import Any


def _item(key: str, label: str, present: bool, detail: str) -> dict[str, Any]:
    return {"key": key, "label": label, "present": present, "detail": detail}


def _text(edits: dict[str, str], key: str) -> str:
    return (edits.get(key) or "").strip()


def completeness(doc: dict[str, Any], edits: dict[str, str]) -> list[dict[str, Any]]:
    """The present/missing list for a generated file ``doc`` and the officer's ``edits``."""
    n = len(doc.get("chronology", []))
    items = [
        _item(
            "occasions",
            "Course of conduct on at least two occasions",
            n >= 2,
            f"{n} occasion{'s' if n != 1 else ''} in the chronology",
        ),
        _item(
            "victim_statement",
            "The victim's statement",
            bool(_text(edits, "victim_statement")),
            "recorded"
            if _text(edits, "victim_statement")
            else "write when and by whom the MG11 was taken",
        ),
        _item(
            "effect_on_victim",
            "The effect on the victim",
            bool(_text(edits, "effect_on_victim")),
            "recorded"
            if _text(edits, "effect_on_victim")
            else "describe fear, alarm or distress and its effect on daily life",
        ),
    ]
    for element in doc.get("offence", {}).get("elements", []):
        items.append(
            _item(
                f"element:{element['id']}",
                element["text"],
                bool(element["met"])
                or (element["id"] == "fear_or_distress" and bool(_text(edits, "effect_on_victim"))),
                f"{len(element['facts'])} cited fact{'s' if len(element['facts']) != 1 else ''}",
            )
        )
    idents = doc.get("identifiers", [])
    for ident in idents:
        items.append(
            _item(
                f"identity:{ident['identifier']}",
                f"Evidence that the suspect is behind {ident['identifier']}",
                bool(ident["evidence"]),
                ident["evidence"]
                or "attribute the identifier with its basis (course of conduct page)",
            )
        )
    if not idents:
        items.append(
            _item(
                "identity",
                "Evidence of the suspect's identity",
                bool(_text(edits, "identity")),
                "recorded"
                if _text(edits, "identity")
                else "no identifiers in the evidence: write how the suspect is identified",
            )
        )
    antecedents = _text(edits, "antecedents")
    orders = len(doc.get("orders", []))
    items.append(
        _item(
            "antecedents",
            "Previous convictions and orders",
            bool(antecedents),
            (
                f"PNC result recorded; {orders} order entries from Foursight"
                if antecedents
                else f"record the PNC result ({orders} order entries from Foursight)"
            ),
        )
    )
    return items

"""Answers of the FOUR screen that the conduct analysis already supports.

:func:`four_suggestions` reads a report's stored course-of-conduct analysis (the JSON of
``foursight conduct --json``) and suggests "yes" for the FOUR questions it measures, each
with a plain-English reason and the events that support it, for the officer to confirm or
change. It never suggests "no": evidence that is not in the phone export is not evidence
that something did not happen. Only rule matches count; the learned model's hits are
prompts to read, not findings, so they pre-fill nothing.

>>> four_suggestions({"four": {"repeated": {"indicated": True,
...     "indicators": {"contacts": 9, "occasions": 6}, "event_ids": ["e1"]}}})["repeated"].why
'9 contacts on 6 occasions'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_CITED = 5

# Threat-rule categories (core/conduct/rules) -> the FOUR question they answer.
CATEGORY_QUESTIONS = {
    "THREAT_VIOLENCE": "beh_threats",
    "THREAT_PROPERTY": "beh_threats",
    "MENACE": "beh_threats",
    "TURNING_UP": "beh_turning_up",
    "SURVEILLANCE": "act_watching",
    "THIRD_PARTY": "beh_third_parties",
    "IMAGE_BASED": "beh_intimate_images",
    "SELF_HARM_COERCION": "beh_suicide_threats",
}
CATEGORY_WHY = {
    "beh_threats": ("threatening message", "threatening messages"),
    "beh_turning_up": ("message about turning up", "messages about turning up"),
    "act_watching": (
        "message showing the victim is watched",
        "messages showing the victim is watched",
    ),
    "beh_third_parties": (
        "message about the victim's family, friends or colleagues",
        "messages about the victim's family, friends or colleagues",
    ),
    "beh_intimate_images": (
        "message threatening to share images",
        "messages threatening to share images",
    ),
    "beh_suicide_threats": (
        "message using self-harm to force contact",
        "messages using self-harm to force contact",
    ),
}


@dataclass(frozen=True)
class Suggestion:
    """A suggested answer, why the evidence supports it, and the events that show it."""

    answer: str
    why: str
    event_ids: tuple[str, ...] = field(default_factory=tuple)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _parts(indicators: dict[str, Any], words: dict[str, tuple[str, str]]) -> str:
    parts = [_count(int(indicators[k]), *words[k]) for k in words if indicators.get(k)]
    return "; ".join(parts)


FOUR_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "fixated": {
        "days_with_contact": ("day with contact", "days with contact"),
        "turning_up_events": ("message about turning up", "messages about turning up"),
        "surveillance_events": ("message about watching", "messages about watching"),
        "third_party_events": ("message about third parties", "messages about third parties"),
    },
    "obsessive": {
        "night_contacts": ("contact at night", "contacts at night"),
        "bursts": ("burst of contacts", "bursts of contacts"),
        "new_identifiers_after_stop": (
            "new number or account after a stop request",
            "new numbers or accounts after a stop request",
        ),
        "possessive_or_conditional_events": ("possessive message", "possessive messages"),
        "self_harm_coercion_events": ("self-harm coercion message", "self-harm coercion messages"),
    },
    "unwanted": {
        "stop_requests": ("request to stop", "requests to stop"),
        "contacts_after_first_stop": (
            "contact after the first request to stop",
            "contacts after the first request to stop",
        ),
        "blocks": ("block", "blocks"),
        "blocked_calls": ("blocked call", "blocked calls"),
    },
}


def _four_parts(four: dict[str, Any]) -> dict[str, Suggestion]:
    out = {}
    for question, words in FOUR_WORDS.items():
        part = four.get(question) or {}
        if part.get("indicated"):
            why = _parts(part.get("indicators", {}), words) or "Indicated by the analysis"
            out[question] = Suggestion("yes", why, tuple(part.get("event_ids", [])[:MAX_CITED]))
    repeated = four.get("repeated") or {}
    if repeated.get("indicated"):
        ind = repeated.get("indicators", {})
        why = f"{_count(int(ind.get('contacts', 0)), 'contact')} on " + _count(
            int(ind.get("occasions", 0)), "occasion"
        )
        out["repeated"] = Suggestion("yes", why, tuple(repeated.get("event_ids", [])[:MAX_CITED]))
    return out


def _contact(conduct: dict[str, Any]) -> dict[str, Suggestion]:
    out = {}
    in_scope = int(conduct.get("contacts_in_scope") or 0)
    if in_scope:
        ids = [e for occ in conduct.get("occasions", []) for e in occ.get("event_ids", [])[:1]]
        why = f"{_count(in_scope, 'contact')} from the suspect's numbers and accounts"
        out["act_contacting"] = Suggestion("yes", why, tuple(ids[:MAX_CITED]))
    after = [s for s in conduct.get("stops", []) if (s.get("contacts_after") or {}).get("events")]
    new_ids = conduct.get("new_identifiers_after_block", [])
    if after or new_ids:
        ids = [s["event_id"] for s in after] + [
            e for s in after for e in s["contacts_after"].get("event_ids", [])[:2]
        ]
        ids += [n["first_event_id"] for n in new_ids if n.get("first_event_id")]
        reasons = []
        if after:
            reasons.append("contact went on after a request to stop")
        if new_ids:
            reasons.append(
                _count(len(new_ids), "new number or account", "new numbers or accounts")
                + " after a request to stop or a block"
            )
        why = "; ".join(reasons).capitalize()
        out["beh_unwanted_messages"] = Suggestion("yes", why, tuple(ids[:MAX_CITED]))
    return out


def _threats(conduct: dict[str, Any]) -> dict[str, Suggestion]:
    cited: dict[str, list[str]] = {}
    for hit in conduct.get("threats", []):
        question = CATEGORY_QUESTIONS.get(str(hit.get("category")))
        if question and hit.get("rule") and hit.get("in_scope", True):
            cited.setdefault(question, []).append(str(hit["event_id"]))
    return {
        q: Suggestion(
            "yes", _count(len(ids), *CATEGORY_WHY[q]) + " matched a rule", tuple(ids[:MAX_CITED])
        )
        for q, ids in cited.items()
    }


def four_suggestions(conduct: dict[str, Any] | None) -> dict[str, Suggestion]:
    """FOUR question id -> suggested answer, from a stored conduct analysis (or none)."""
    if not conduct:
        return {}
    out = _four_parts(conduct.get("four") or {})
    out.update(_contact(conduct))
    out.update(_threats(conduct))
    return out

"""Threat hits from both tiers on the inbound messages: the rules first, then the model.

1. The threat rule set runs on every distinct inbound text (``RuleSet.match_many``).
2. The learned model (when the configuration has one) scores every distinct inbound text
   in batches.
3. Per message: rule hits are kept, unless every hit on it has severity 3 or less and the
   model reads the message as everyday talk beyond its set-aside threshold ("I'm outside
   the chippy, want anything?"); such hits move to ``threats_set_aside``, with the model's
   probability, for an officer to check. A message with no rule hit that the model flags
   becomes a *prompt* (tier ``model``): a reason to read the message, never a finding.

Only rule hits that stay count as threat events in counterparts, escalation and FOUR.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from foursight.core.conduct.learned import INBOUND, Prediction
from foursight.core.conduct.model import ConductConfig, Contact, utc
from foursight.core.conduct.rules import RuleHit

MAX_SET_ASIDE_SEVERITY = 3


@dataclass(slots=True)
class Threats:
    """Rule hits kept and set aside, and model prompts, by event id."""

    hits: dict[str, list[RuleHit]] = field(default_factory=dict)
    set_aside: dict[str, tuple[list[RuleHit], Prediction]] = field(default_factory=dict)
    prompts: dict[str, Prediction] = field(default_factory=dict)


def find_threats(contacts: Sequence[Contact], config: ConductConfig) -> Threats:
    texts = [c for c in contacts if c.is_contact and c.is_text]
    bodies = list(dict.fromkeys(c.event.body for c in texts))
    model = config.threat_model
    # the model starts first: on a large phone it scores in a second process meanwhile
    pending = model.start(bodies) if model is not None else None
    hits = dict(zip(bodies, config.threat_rules.match_many(bodies), strict=True))
    readings: dict[str, Prediction] = {}
    if model is not None and pending is not None:
        readings = dict(zip(bodies, model.predict(bodies, INBOUND, pending()), strict=True))
    out = Threats()
    for c in texts:
        body = c.event.body
        found, reading = hits[body], readings.get(body)
        if found:
            if (
                model is not None
                and reading is not None
                and max(h.severity for h in found) <= MAX_SET_ASIDE_SEVERITY
                and model.sets_aside(reading)
            ):
                out.set_aside[c.id] = (found, reading)
            else:
                out.hits[c.id] = found
        elif reading is not None and reading.flagged:
            out.prompts[c.id] = reading
    return out


def _base(c: Contact) -> dict[str, Any]:
    return {
        "event_id": c.id,
        "time": utc(c.ts),
        "identifier": c.key,
        "in_scope": c.in_scope,
        "message": c.event.body,
    }


def rule_row(c: Contact, h: RuleHit) -> dict[str, Any]:
    return {
        **_base(c),
        "tier": "rule",
        "rule": h.rule_id,
        "category": h.category,
        "severity": h.severity,
        "score": 1.0,
        "text": h.text,
        "span": [h.start, h.end],
        "why": f"rule {h.rule_id} matched characters {h.start}-{h.end}: {h.text!r}",
    }


def prompt_wording(p: Prediction) -> str:
    words = ", ".join(repr(w) for w in p.why) or "the message as a whole"
    return (
        f"Read this message: the learned model scores it {p.score:.2f} as "
        f"{p.category.lower().replace('_', ' ')} language (the words that weighed most: "
        f"{words}). It is a prompt to read, not a finding; no rule matched it."
    )


def model_row(c: Contact, p: Prediction) -> dict[str, Any]:
    return {
        **_base(c),
        "tier": "model",
        "rule": None,
        "category": p.category,
        "severity": None,
        "score": p.score,
        "text": c.event.body,
        "span": [0, len(c.event.body)],
        "why": prompt_wording(p),
        "top_words": list(p.why),
    }


def threat_rows(contacts: Sequence[Contact], threats: Threats) -> list[dict[str, Any]]:
    """Every kept rule hit and every model prompt, in timeline order."""
    rows: list[dict[str, Any]] = []
    for c in contacts:
        if c.id in threats.hits:
            rows += [rule_row(c, h) for h in threats.hits[c.id]]
        elif c.id in threats.prompts:
            rows.append(model_row(c, threats.prompts[c.id]))
    return rows


def set_aside_rows(contacts: Sequence[Contact], threats: Threats) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for c in contacts:
        if c.id in threats.set_aside:
            found, reading = threats.set_aside[c.id]
            for h in found:
                row = rule_row(c, h)
                row["model_none_score"] = round(reading.none, 4)
                row["why"] += (
                    f"; set aside: the learned model reads the message as everyday talk "
                    f"({reading.none:.2f}). Check it."
                )
                rows.append(row)
    return rows

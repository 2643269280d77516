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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from foursight.core.conduct.learned import INBOUND, Prediction
from foursight.core.conduct.model import NOT_CONTACT, TEXT_KINDS, ConductConfig, Contact, utc
from foursight.core.conduct.parallel import in_child, worth_a_child
from foursight.core.conduct.rules import RuleHit
from foursight.core.events import ContactEvent, Direction

MAX_SET_ASIDE_SEVERITY = 3


@dataclass(slots=True)
class Threats:
    """Rule hits kept and set aside, and model prompts, by event id."""

    hits: dict[str, list[RuleHit]] = field(default_factory=dict)
    set_aside: dict[str, tuple[list[RuleHit], Prediction]] = field(default_factory=dict)
    prompts: dict[str, Prediction] = field(default_factory=dict)


#: The share of the threat rules' texts matched in the second process, beside the model.
CHILD_RULE_SHARE = 0.5

#: Rule hits and model readings by message text.
Prepared = tuple[dict[str, list[RuleHit]], dict[str, Prediction]]


def inbound_bodies(events: Iterable[ContactEvent]) -> list[str]:
    """The distinct texts of inbound messages: what both tiers read (a superset of the
    contacts' texts, as the victim's own identifiers are not yet left out)."""
    return list(
        dict.fromkeys(
            e.body
            for e in events
            if e.direction == Direction.IN
            and e.kind in TEXT_KINDS
            and e.kind not in NOT_CONTACT
            and e.body.strip()
        )
    )


def start_threats(bodies: Sequence[str], config: ConductConfig) -> Callable[[], Prepared]:
    """Start both tiers on ``bodies``; the function returned gives their results.

    On a large phone the model, and the rules on the last :data:`CHILD_RULE_SHARE` of the
    texts, run in a second process (:mod:`~foursight.core.conduct.parallel`) while this
    one builds the timeline; this process matches the rest when the result is asked for.
    Every text gets the same hits and readings wherever it was read."""
    rules, model = config.threat_rules, config.threat_model
    cut = len(bodies) - int(len(bodies) * CHILD_RULE_SHARE) if worth_a_child(len(bodies)) else 0
    mine, theirs = bodies[:cut], bodies[cut:]

    def work() -> tuple[np.ndarray | None, list[list[RuleHit]]]:
        return (model.batched(bodies) if model is not None else None), rules.match_many(theirs)

    pending = in_child(work, len(bodies))

    def finish() -> Prepared:
        found = rules.match_many(mine)
        probs, rest = pending()
        hits = dict(zip(bodies, found + rest, strict=True))
        readings: dict[str, Prediction] = {}
        if model is not None:
            readings = dict(zip(bodies, model.predict(bodies, INBOUND, probs), strict=True))
        return hits, readings

    return finish


def find_threats(
    contacts: Sequence[Contact], config: ConductConfig, prepared: Prepared | None = None
) -> Threats:
    """Kept rule hits, set-aside rule hits and model prompts, from ``prepared`` (from
    :func:`start_threats`) or worked out here."""
    texts = [c for c in contacts if c.is_contact and c.is_text]
    if prepared is None:
        prepared = start_threats(list(dict.fromkeys(c.event.body for c in texts)), config)()
    hits, readings = prepared
    model = config.threat_model
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

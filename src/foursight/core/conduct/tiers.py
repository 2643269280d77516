"""Threat hits from both tiers on the inbound messages: the rules first, then the model.

1. The threat rule set runs on every distinct inbound text (``RuleSet.match_many``).
2. The learned model (when the configuration has one) scores every distinct inbound text
   in batches.
3. Per message: rule hits are kept, unless the model reads the message as everyday talk
   beyond its set-aside threshold ("I'm outside the chippy, want anything?"), a stricter
   one when a hit is a threat to kill or injure ("you're dead meat at Monopoly lol");
   such hits move to ``threats_set_aside``, with the model's probability, for an officer
   to check. A message with no rule hit that the model flags
   becomes a *prompt* (tier ``model``): a reason to read the message, never a finding.

Only rule hits that stay count as threat events in counterparts, escalation and FOUR.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from foursight.core.conduct import parallel
from foursight.core.conduct.learned import INBOUND, Prediction
from foursight.core.conduct.model import NOT_CONTACT, TEXT_KINDS, ConductConfig, Contact, utc
from foursight.core.conduct.parallel import ChildStream, worth_a_child
from foursight.core.conduct.rules import RuleHit
from foursight.core.events import ContactEvent, Direction


@dataclass(slots=True)
class Threats:
    """Rule hits kept and set aside, and model prompts, by event id."""

    hits: dict[str, list[RuleHit]] = field(default_factory=dict)
    set_aside: dict[str, tuple[list[RuleHit], Prediction]] = field(default_factory=dict)
    prompts: dict[str, Prediction] = field(default_factory=dict)


#: Distinct texts handed to the second process at a time.
CHUNK = 10_000

#: Rule hits by message text (texts without any left out), and the model's readings of
#: the texts that need one.
Prepared = tuple[dict[str, list[RuleHit]], dict[str, Prediction]]


_TEXT_CONTACT = TEXT_KINDS - NOT_CONTACT


def _inbound_texts(events: Iterable[ContactEvent]) -> list[str]:
    """The texts of inbound messages, in order (one comprehension: it sees every event)."""
    inbound, kinds = Direction.IN, _TEXT_CONTACT
    return [e.body for e in events if e.direction == inbound and e.kind in kinds and e.body.strip()]


def inbound_bodies(events: Iterable[ContactEvent]) -> list[str]:
    """The distinct texts of inbound messages: what both tiers read (a superset of the
    contacts' texts, as the victim's own identifiers are not yet left out)."""
    return list(dict.fromkeys(_inbound_texts(events)))


def read_texts(texts: Sequence[str], config: ConductConfig) -> Prepared:
    """Both tiers on ``texts``: the rule hits of each text that has any, and the model's reading of each
    text that has a rule hit (whether it may be set aside) or that the model flags (a
    prompt); the analysis reads no other."""
    hits = config.threat_rules.match_many(texts)
    model = config.threat_model
    readings: dict[str, Prediction] = {}
    if model is not None and texts:
        probs = model.batched(texts)
        wanted = np.flatnonzero(model.flags(probs, INBOUND) | np.asarray([bool(h) for h in hits]))
        chosen = [texts[i] for i in wanted.tolist()]
        readings = dict(zip(chosen, model.predict(chosen, INBOUND, probs[wanted]), strict=True))
    return {t: h for t, h in zip(texts, hits, strict=True) if h}, readings


class ThreatFeed:
    """Both tiers on the inbound texts, fed as the events arrive (:meth:`add`, e.g. while
    a file is still being parsed); :meth:`finish` gives the hits and readings by text.

    On a large phone (:func:`~foursight.core.conduct.parallel.worth_a_child`), once
    :data:`~foursight.core.conduct.parallel.PARALLEL_MIN` distinct texts have come, a
    second process is started and every further :data:`CHUNK` of texts is handed to it as
    it comes: it runs both tiers on them (:func:`read_texts`) while this process goes on
    parsing and building the timeline. Every text gets the same hits and readings wherever
    it was read (a test compares them); should the child fail, the work is done here
    instead. Smaller phones, one-core machines and processes running other threads work
    in one process."""

    def __init__(self, config: ConductConfig) -> None:
        self.config = config
        self.seen: dict[str, None] = {}
        self.pending: list[str] = []
        self.stream: ChildStream | None = None
        self._done: tuple[dict[str, list[RuleHit]], dict[str, Prediction]] = ({}, {})

    def add(self, events: Iterable[ContactEvent]) -> None:
        """Take the inbound texts of ``events`` (repeats and earlier texts left out)."""
        self.add_texts(_inbound_texts(events))

    def add_texts(self, texts: Iterable[str]) -> None:
        seen = self.seen
        fresh = [text for text in dict.fromkeys(texts) if text not in seen]  # in order
        seen.update(dict.fromkeys(fresh))
        self.pending += fresh
        if self.stream is None and len(seen) >= parallel.PARALLEL_MIN and worth_a_child(len(seen)):
            self.stream = ChildStream(self._child_step, self._child_result)
        if self.stream is not None:
            while len(self.pending) >= CHUNK:
                self.stream.send(self.pending[:CHUNK])
                del self.pending[:CHUNK]

    def _child_step(self, item: object) -> None:  # pragma: no cover - runs in the child
        hits, readings = read_texts(item, self.config)  # type: ignore[arg-type]
        self._done[0].update(hits)
        self._done[1].update(readings)

    def _child_result(self) -> object:  # pragma: no cover - runs in the child
        return self._done

    def abandon(self) -> None:
        """Stop the second process, if any, without its result (the analysis is not going
        ahead: a file was rejected)."""
        if self.stream is not None:
            self.stream.abandon()
            self.stream = None

    def finish(self) -> Prepared:
        """Rule hits for every text taken, and the readings the analysis needs."""
        if self.stream is not None:
            if self.pending:
                self.stream.send(self.pending)
            done = self.stream.result()
            self.stream = None
            if done is not None:
                return done  # type: ignore[return-value]
        return read_texts(list(self.seen), self.config)


def start_threats(bodies: Sequence[str], config: ConductConfig) -> Callable[[], Prepared]:
    """Start both tiers on ``bodies``; the function returned gives their results (see
    :class:`ThreatFeed`)."""
    feed = ThreatFeed(config)
    feed.add_texts(bodies)
    return feed.finish


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
        found, reading = hits.get(body, []), readings.get(body)
        if found:
            if (
                model is not None
                and reading is not None
                and model.sets_aside(reading, max(h.severity for h in found))
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

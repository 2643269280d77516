"""Stop events, contact after them, and identifiers first seen after them.

A *stop* is one of:

- ``stop_request``: a message the victim sent to an in-scope identifier on which the stop
  rule set fires ("Please stop contacting me", "I'm blocking you", "I've reported you");
- ``block``: a block line in the timeline (WhatsApp "You blocked this contact") for an
  in-scope identifier;
- ``call_blocked``: the first call the phone blocked from an in-scope identifier (the
  block list was in place by then; later blocked calls count as contact after it).

*Contact after a stop* is every in-scope inbound contact later than the stop, counted per
identifier and channel (event ids are listed up to the next stop, so that together the
stops list every contact after the first one once): a request to stop addressed to one of the suspect's numbers is a
request to the person, so it covers all of their identifiers.

*New identifiers after a block or stop* are identifiers whose first inbound contact comes
after the earliest stop. They are candidates for an officer to attribute, shown with the
gap since the last stop, the gap since the suspect's last contact, the words they share
with the suspect's messages and their threat hits; the analysis never attributes them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from foursight.core.conduct.learned import OUTBOUND
from foursight.core.conduct.model import ConductConfig, Contact, ordered, utc
from foursight.core.events import Direction, EventKind

_WORD = re.compile(r"[a-z][a-z']{3,}")
_COMMON = frozenset(
    """about after again also back been before being could didn't does doing don't from
    going gonna have here just know like make more much need only over really right said
    same should some still that their them then there these they thing think this those
    time very want wanna were what when where which while will with would your you're
    yours i'm i'll i've it's that's can't won't""".split()
)


@dataclass(frozen=True, slots=True)
class Stop:
    contact: Contact
    kind: str
    rules: tuple[str, ...]
    text: str
    #: ``rule`` (stop rules, blocks, blocked calls) or ``model`` (the learned tier).
    tier: str = "rule"
    score: float = 1.0
    why: str = ""


def _stop_requests(outbound: Sequence[Contact], config: ConductConfig) -> dict[str, Stop]:
    """Stop requests among the victim's messages: stop rules first, then the model on the
    messages no rule matched (one batch)."""
    bodies = list(dict.fromkeys(c.event.body for c in outbound))
    hits = dict(zip(bodies, config.stop_rules.match_many(bodies), strict=True))
    model = config.threat_model
    unmatched = [b for b in bodies if not hits[b]]
    readings = (
        dict(zip(unmatched, model.predict(unmatched, OUTBOUND), strict=True)) if model else {}
    )
    out: dict[str, Stop] = {}
    for c in outbound:
        found = hits[c.event.body]
        if found:
            spans = " … ".join(h.text for h in found)
            why = "; ".join(f"rule {h.rule_id} matched {h.text!r}" for h in found)
            out[c.id] = Stop(c, "stop_request", tuple(h.rule_id for h in found), spans, why=why)
            continue
        reading = readings.get(c.event.body)
        if reading is not None and reading.flagged:
            words = ", ".join(repr(w) for w in reading.why) or "the message as a whole"
            why = (
                f"Read this message: the learned model scores it {reading.score:.2f} as a "
                f"request to stop (the words that weighed most: {words}). No stop rule matched."
            )
            out[c.id] = Stop(c, "stop_request", (), c.event.body, "model", reading.score, why)
    return out


def find_stops(contacts: Sequence[Contact], config: ConductConfig) -> list[Stop]:
    """Every stop event for in-scope identifiers, in time order."""
    timeline = ordered(contacts)
    outbound = [
        c for c in timeline if c.in_scope and c.event.direction == Direction.OUT and c.is_text
    ]
    requests = _stop_requests(outbound, config)
    stops: list[Stop] = []
    blocked_seen: set[str] = set()
    for c in timeline:
        if not c.in_scope:
            continue
        event = c.event
        if event.kind == EventKind.BLOCK:
            stops.append(Stop(c, "block", (), event.body, why="a block in the timeline"))
        elif event.kind == EventKind.CALL_BLOCKED and c.key not in blocked_seen:
            blocked_seen.add(c.key)
            stops.append(Stop(c, "call_blocked", (), "", why="the first call the phone blocked"))
        elif c.id in requests:
            stops.append(requests[c.id])
    return stops


class _Suffixes:
    """Contact per identifier and channel from any position of the in-scope timeline on,
    answered by bisection (one pass to build, so many stops cost little each)."""

    def __init__(self, scoped: Sequence[Contact]) -> None:
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, c in enumerate(scoped):
            groups[(c.key, c.event.channel.value)].append(i)
        self.scoped = scoped
        self.groups = sorted(groups.items())

    def rows(self, start: int) -> list[dict[str, Any]]:
        out = []
        for (key, channel), positions in self.groups:
            first = bisect_left(positions, start)
            if first == len(positions):
                continue
            out.append(
                {
                    "identifier": key,
                    "channel": channel,
                    "events": len(positions) - first,
                    "first": utc(self.scoped[positions[first]].ts),
                    "last": utc(self.scoped[positions[-1]].ts),
                }
            )
        return out


def stop_rows(contacts: Sequence[Contact], stops: Sequence[Stop]) -> list[dict[str, Any]]:
    """JSON rows for stops, each with the contact that followed it.

    ``events`` and ``by_identifier_channel`` count every in-scope contact after the stop;
    ``event_ids`` lists those up to the next stop only, so the output grows with the
    number of events, not with events times stops.
    """
    scoped = [c for c in ordered(contacts) if c.in_scope and c.is_contact]
    times = [c.ts for c in scoped]
    suffixes = _Suffixes(scoped)
    rows = []
    for i, stop in enumerate(stops):
        start = bisect_right(times, stop.contact.ts)
        until = bisect_right(times, stops[i + 1].contact.ts) if i + 1 < len(stops) else len(scoped)
        rows.append(
            {
                "event_id": stop.contact.id,
                "time": utc(stop.contact.ts),
                "kind": stop.kind,
                "identifier": stop.contact.key,
                "channel": stop.contact.event.channel.value,
                "rules": list(stop.rules),
                "text": stop.text,
                "message": stop.contact.event.body,
                "tier": stop.tier,
                "score": stop.score,
                "why": stop.why,
                "contacts_after": {
                    "events": len(scoped) - start,
                    "by_identifier_channel": suffixes.rows(start),
                    "until_next_stop": until - start,
                    "event_ids": [c.id for c in scoped[start:until]],
                },
            }
        )
    return rows


def words(text: str) -> set[str]:
    """Distinctive lower-case words of four letters or more (for overlap, not style)."""
    return {w for w in _WORD.findall(text.lower()) if w not in _COMMON}


def new_identifiers(
    contacts: Sequence[Contact],
    stops: Sequence[Stop],
    threat_counts: dict[str, int],
) -> list[dict[str, Any]]:
    """Identifiers first seen (inbound) after the earliest stop, as attribution candidates."""
    if not stops:
        return []
    first_stop = stops[0].contact.ts
    by_key: dict[str, list[Contact]] = defaultdict(list)
    for c in ordered(contacts):
        if c.is_contact:
            by_key[c.key].append(c)
    scoped = [c for c in ordered(contacts) if c.in_scope and c.is_contact]
    memo: dict[str, set[str]] = {}

    def body_words(c: Contact) -> set[str]:
        body = c.event.body
        found = memo.get(body)
        if found is None:
            found = memo[body] = words(body)
        return found

    rows = []
    for key in sorted(by_key):
        seq = by_key[key]
        first = seq[0]
        if first.ts <= first_stop:
            continue
        prior = [s for s in stops if s.contact.ts < first.ts][-1]
        scope_before = [c for c in scoped if c.key != key and c.ts < first.ts]
        reference = set().union(*(body_words(c) for c in scope_before if c.is_text))
        own = set().union(*(body_words(c) for c in seq if c.is_text))
        shared = sorted(own & reference)
        union = own | reference
        rows.append(
            {
                "identifier": key,
                "in_scope": first.in_scope,
                "channels": sorted({c.event.channel.value for c in seq}),
                "first_seen": utc(first.ts),
                "first_event_id": first.id,
                "events": len(seq),
                "after_stop": {
                    "event_id": prior.contact.id,
                    "kind": prior.kind,
                    "time": utc(prior.contact.ts),
                },
                "hours_since_stop": round((first.ts - prior.contact.ts).total_seconds() / 3600, 2),
                "hours_since_last_in_scope_contact": round(
                    (first.ts - scope_before[-1].ts).total_seconds() / 3600, 2
                )
                if scope_before
                else None,
                "shared_words": shared[:20],
                "word_overlap": round(len(shared) / len(union), 4) if union else 0.0,
                "threat_events": threat_counts.get(key, 0),
            }
        )
    return rows

"""The conduct analysis entry point: a victim's timeline in, one JSON-ready dict out.

Example::

    >>> from datetime import UTC, datetime
    >>> from foursight.core.events import Channel, ContactEvent, Direction, EventKind
    >>> from foursight.core.events import TsConfidence
    >>> def sms(n, when, body):
    ...     return ContactEvent(event_id=f"e{n}", source_file_sha256="0" * 64,
    ...         source_locator=f"row {n}", channel=Channel.SMS, direction=Direction.IN,
    ...         counterpart_raw="07700 900123", counterpart="+447700900123",
    ...         author_label="", ts_raw="", ts_utc=when, tz_assumed="Europe/London",
    ...         ts_confidence=TsConfidence.EXACT, body=body, kind=EventKind.MESSAGE)
    >>> out = analyse_conduct(
    ...     [sms(1, datetime(2024, 3, 1, 12, tzinfo=UTC), "I know where you live"),
    ...      sms(2, datetime(2024, 3, 2, 12, tzinfo=UTC), "That order won't save you")],
    ...     suspect_ids=["07700 900123"])
    >>> out.course_of_conduct, [(t["tier"], t["rule"]) for t in out.threats]
    (True, [('rule', 'SV-001'), ('model', None)])
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from foursight.core.conduct.escalation import escalation
from foursight.core.conduct.four import four_summary
from foursight.core.conduct.model import (
    NOTE,
    UNKNOWN,
    WITHHELD,
    ConductConfig,
    Contact,
    folded,
    identifier_key,
    normalise_ids,
    ordered,
    utc,
)
from foursight.core.conduct.occasions import course_of_conduct, group_occasions, occasion_rows
from foursight.core.conduct.result import ConductResult
from foursight.core.conduct.rules import RuleHit
from foursight.core.conduct.stops import find_stops, new_identifiers, stop_rows
from foursight.core.conduct.tiers import (
    ThreatFeed,
    find_threats,
    set_aside_rows,
    threat_rows,
)
from foursight.core.conduct.volume import (
    find_bursts,
    night_contacts,
    volume_rows,
    withheld_contacts,
)
from foursight.core.events import ContactEvent, Direction
from foursight.core.gcpause import paused_gc

ANALYSIS_VERSION = "1.0.0"


def _chat_partners(
    events: Sequence[ContactEvent], config: ConductConfig
) -> dict[tuple[str, str], str]:
    """The one other party of each one-to-one chat (file and conversation).

    Chat exports name the sender of inbound messages but not the recipient of the victim's
    own messages or of block lines; when a file's conversation has exactly one inbound
    counterpart, those events are taken to be with that counterpart. Group chats (two or
    more inbound counterparts) are left ``unknown``.
    """
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for event in events:
        if event.direction == Direction.IN:
            key = identifier_key(event, config.region)
            if key not in {UNKNOWN, WITHHELD}:
                seen[(event.source_file_sha256, event.conversation)].add(key)
    return {chat: keys.pop() for chat, keys in seen.items() if len(keys) == 1}


def _contacts(
    events: Sequence[ContactEvent],
    suspects: frozenset[str],
    own: frozenset[str],
    config: ConductConfig,
) -> tuple[list[Contact], int]:
    zone = config.zone
    partner = _chat_partners(events, config)
    out: list[Contact] = []
    excluded = 0
    memo: dict[str, tuple[bool, bool]] = {}  # key: (the victim's own, in scope)
    make = Contact.of
    for event in events:
        key = identifier_key(event, config.region)
        if key == UNKNOWN:
            key = partner.get((event.source_file_sha256, event.conversation), UNKNOWN)
        seen = memo.get(key)
        if seen is None:
            folded_key = key.casefold()
            seen = memo[key] = (
                folded_key in own,
                folded_key in suspects if suspects else True,
            )
        if seen[0]:
            excluded += 1
            continue
        out.append(make(event, key, seen[1], event.ts_utc.astimezone(zone)))
    return ordered(out), excluded


def _counterparts(
    contacts: Sequence[Contact],
    config: ConductConfig,
    first_stop: datetime | None,
    threats: dict[str, list[RuleHit]],
) -> list[dict[str, Any]]:
    groups: dict[str, list[Contact]] = defaultdict(list)
    for c in contacts:
        groups[c.key].append(c)
    rows = []
    is_night, out = config.is_night, Direction.OUT
    for key in sorted(groups):
        group = groups[key]
        raw: set[str] = set()
        channels: set[str] = set()
        inbound = outbound = night = withheld = after = threat_events = 0
        for c in group:  # one pass: large phones hold hundreds of thousands of contacts
            event = c.event
            raw.add(event.counterpart_raw)
            channels.add(event.channel)
            if event.direction == out:
                outbound += 1
            if c.is_contact:
                inbound += 1
                night += is_night(c.local)
                withheld += event.withheld
                after += first_stop is not None and c.ts > first_stop
                threat_events += c.id in threats
        rows.append(
            {
                "identifier": key,
                "raw": sorted(raw),
                "in_scope": group[0].in_scope,
                "channels": sorted(map(str, channels)),
                "events": len(group),
                "inbound": inbound,
                "outbound": outbound,
                "first": utc(group[0].ts),
                "last": utc(group[-1].ts),
                "night": night,
                "withheld": withheld,
                "after_stop": after if group[0].in_scope else None,
                "threat_events": threat_events,
            }
        )
    return rows


def _warnings(contacts: Sequence[Contact], suspects: frozenset[str]) -> list[str]:
    """What the officer should know about how the scope was read."""
    out = []
    keys = {c.key for c in contacts if c.is_contact}
    if not suspects and len(keys) > 1:
        out.append(
            f"No suspect identifiers were given, so all {len(keys)} counterparts are treated "
            "as one suspect; name the suspect's identifiers for a multi-party export."
        )
    unknown = sum(1 for c in contacts if c.key == UNKNOWN)
    if unknown:
        out.append(f"{unknown} events have no identifiable counterpart (group chats or notices).")
    return out


@paused_gc()  # hundreds of thousands of contacts and rows, no cycles: see core.gcpause
def analyse_conduct(
    events: Iterable[ContactEvent],
    *,
    suspect_ids: Iterable[str] = (),
    victim_ids: Iterable[str] = (),
    config: ConductConfig | None = None,
    feed: ThreatFeed | None = None,
) -> ConductResult:
    """Analyse one victim's timeline (:class:`ConductResult`; ``to_json()`` is docs/conduct.md).

    ``suspect_ids`` are the identifiers (numbers, addresses, handles, chat names) an officer
    attributes to the suspect; their events are *in scope*. Every other counterpart is an
    unattributed *candidate*: listed, scanned for threats and checked as a new identifier
    after a block, but not counted in occasions, escalation or FOUR. With no suspect ids
    every counterpart is in scope. ``victim_ids`` are the victim's own identifiers, whose
    events are left out. The same input always gives the same output, byte for byte, when
    serialised with ``json.dumps(..., sort_keys=True)``. ``feed`` is a
    :class:`~foursight.core.conduct.tiers.ThreatFeed` already given these events (as
    :func:`~foursight.core.conduct.files.analyse_conduct_files` does while parsing, so both
    tiers start before the parse ends); by default one is made here.
    """
    config = config or ConductConfig()
    event_list = list(events)
    suspects = normalise_ids(suspect_ids, config.region)
    own = normalise_ids(victim_ids, config.region)
    # both tiers start first: on a large phone they run in a second process meanwhile
    if feed is None:
        feed = ThreatFeed(config)
        feed.add(event_list)
    contacts, excluded = _contacts(event_list, folded(suspects), folded(own), config)
    scoped = [c for c in contacts if c.in_scope and c.is_contact]

    # the steps that do not need the threat hits run while the second process works
    groups = group_occasions(contacts, config)
    bursts = find_bursts(contacts, config)
    night = night_contacts(contacts, config)
    withheld = withheld_contacts(contacts)
    stops = find_stops(contacts, config)
    stop_list = stop_rows(contacts, stops)
    volumes = volume_rows(contacts)
    tiers = find_threats(contacts, config, feed.finish())
    threats = tiers.hits
    threat_keys: dict[str, int] = defaultdict(int)
    for c in contacts:
        if c.id in threats:
            threat_keys[c.key] += 1
    new_ids = new_identifiers(contacts, stops, dict(threat_keys))
    by_id = {c.id: c for c in contacts}
    scoped_hits = {eid: hs for eid, hs in threats.items() if by_id[eid].in_scope}
    severity = {eid: max(h.severity for h in hs) for eid, hs in scoped_hits.items()}
    first_stop = stops[0].contact.ts if stops else None

    return ConductResult(
        analysis={
            "tool": "foursight.core.conduct",
            "version": ANALYSIS_VERSION,
            "threat_rules": config.threat_rules.describe(),
            "stop_rules": config.stop_rules.describe(),
            "threat_model": config.threat_model.describe() if config.threat_model else None,
            "config": config.to_dict(),
            "sources": [
                {"sha256": sha, "events": n}
                for sha, n in sorted(Counter(e.source_file_sha256 for e in event_list).items())
            ],
        },
        note=NOTE,
        scope={
            "mode": "suspect_ids" if suspects else "all_counterparts",
            "suspect_ids": sorted(suspects),
            "victim_ids": sorted(own),
            "excluded_own_events": excluded,
            "warnings": _warnings(contacts, suspects),
        },
        events=len(event_list),
        contacts_in_scope=len(scoped),
        counterparts=_counterparts(contacts, config, first_stop, threats),
        occasions=occasion_rows(groups),
        course_of_conduct=len(groups) >= 2,
        course_of_conduct_detail=course_of_conduct(groups),
        volumes={
            "by_identifier_channel": volumes,
            "bursts": bursts,
            "night": {
                "window": config.to_dict()["night_window"],
                "tz": config.tz,
                "events": len(night),
                "in_scope": sum(1 for c in night if c.in_scope),
                "event_ids": [c.id for c in night],
            },
            "withheld": {
                "events": len(withheld),
                "event_ids": [c.id for c in withheld],
            },
        },
        stops=stop_list,
        threats=threat_rows(contacts, tiers),
        threats_set_aside=set_aside_rows(contacts, tiers),
        new_identifiers_after_block=new_ids,
        escalation=escalation(contacts, severity, config),
        four=four_summary(
            scoped=scoped,
            hits=scoped_hits,
            occasions=groups,
            bursts=bursts,
            night=night,
            withheld=[c for c in withheld if c.in_scope],
            stops=stop_list,
            new_ids=new_ids,
            config=config,
        ),
    )

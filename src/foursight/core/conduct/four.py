"""The FOUR summary: Fixated, Obsessive, Unwanted, Repeated.

FOUR is the police and Suzy Lamplugh Trust mnemonic for stalking. Each letter is shown
with the measured indicators behind it and the event ids that show them; ``indicated`` is
true when at least one of its indicators is present as defined below. It is a prompt to
complete S-DASH and consider the case, never a finding.

- **Fixated**: surveillance, turning-up and third-party language (watching, following,
  knowing where the victim is, coming to them, contacting their family or work); contact
  on at least ``fixation_days`` distinct days. Indicated by any such hit or that many days.
- **Obsessive**: bursts, night-time contact, a day with at least ``obsessive_daily``
  contacts, possessive or conditional and self-harm-coercion language, and new
  identifiers after a stop (evading a block). Indicated by any of these.
- **Unwanted**: the victim's stop requests and blocks, contact after the first stop,
  blocked calls and withheld-number calls. Indicated by contact after a stop or a
  blocked call.
- **Repeated**: occasions, weeks with contact, and repeated threatening language (threat,
  menace, property, image-based). Indicated by at least two occasions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from foursight.core.conduct.model import ConductConfig, Contact
from foursight.core.conduct.rules import RuleHit
from foursight.core.events import EventKind

FIXATED = frozenset({"SURVEILLANCE", "TURNING_UP", "THIRD_PARTY"})
OBSESSIVE = frozenset({"CONDITIONAL_POSSESSIVE", "SELF_HARM_COERCION"})
REPEATED = frozenset({"THREAT_VIOLENCE", "THREAT_PROPERTY", "MENACE", "IMAGE_BASED"})


def _ids_with(hits: dict[str, list[RuleHit]], categories: frozenset[str]) -> list[str]:
    return sorted(eid for eid, hs in hits.items() if any(h.category in categories for h in hs))


def four_summary(
    *,
    scoped: Sequence[Contact],
    hits: dict[str, list[RuleHit]],
    occasions: Sequence[Sequence[Contact]],
    bursts: Sequence[dict[str, Any]],
    night: Sequence[Contact],
    withheld: Sequence[Contact],
    stops: Sequence[dict[str, Any]],
    new_ids: Sequence[dict[str, Any]],
    config: ConductConfig,
) -> dict[str, Any]:
    """Build the FOUR block. ``scoped`` are in-scope contacts; ``hits`` maps in-scope
    event ids to their threat-rule hits; the rest are the outputs of the other steps."""
    days: dict[str, int] = {}
    for c in scoped:
        days[c.day.isoformat()] = days.get(c.day.isoformat(), 0) + 1
    fixated_ids = _ids_with(hits, FIXATED)
    fixated = {
        "days_with_contact": len(days),
        "surveillance_events": len(_ids_with(hits, frozenset({"SURVEILLANCE"}))),
        "turning_up_events": len(_ids_with(hits, frozenset({"TURNING_UP"}))),
        "third_party_events": len(_ids_with(hits, frozenset({"THIRD_PARTY"}))),
    }
    scoped_bursts = [b for b in bursts if b["in_scope"]]
    night_ids = [c.id for c in night if c.in_scope]
    obsessive_ids = _ids_with(hits, OBSESSIVE)
    max_day = max(days.values(), default=0)
    obsessive = {
        "bursts": len(scoped_bursts),
        "night_contacts": len(night_ids),
        "max_contacts_in_a_day": max_day,
        "possessive_or_conditional_events": len(
            _ids_with(hits, frozenset({"CONDITIONAL_POSSESSIVE"}))
        ),
        "self_harm_coercion_events": len(_ids_with(hits, frozenset({"SELF_HARM_COERCION"}))),
        "new_identifiers_after_stop": len(new_ids),
    }
    first_after = stops[0]["contacts_after"]["events"] if stops else 0
    # Each stop lists the contact up to the next stop: together, all contact after the first.
    after_ids = {i for s in stops for i in s["contacts_after"]["event_ids"]}
    blocked = [c.id for c in scoped if c.event.kind == EventKind.CALL_BLOCKED]
    unwanted = {
        "stop_requests": sum(1 for s in stops if s["kind"] == "stop_request"),
        "blocks": sum(1 for s in stops if s["kind"] in {"block", "call_blocked"}),
        "contacts_after_first_stop": first_after,
        "blocked_calls": len(blocked),
        "withheld_calls": len(withheld),
    }
    repeated_ids = _ids_with(hits, REPEATED)
    repeated = {
        "occasions": len(occasions),
        "weeks_with_contact": len({c.local.isocalendar()[:2] for c in scoped}),
        "threatening_events": len(repeated_ids),
        "contacts": len(scoped),
    }
    return {
        "fixated": {
            "indicated": bool(fixated_ids) or len(days) >= config.fixation_days,
            "indicators": fixated,
            "event_ids": fixated_ids,
        },
        "obsessive": {
            "indicated": bool(scoped_bursts or night_ids or obsessive_ids or new_ids)
            or max_day >= config.obsessive_daily,
            "indicators": obsessive,
            "event_ids": sorted(
                {*obsessive_ids, *night_ids, *(i for b in scoped_bursts for i in b["event_ids"])}
                | {n["first_event_id"] for n in new_ids}
            ),
        },
        "unwanted": {
            "indicated": first_after > 0 or bool(blocked),
            "indicators": unwanted,
            "event_ids": sorted(
                {s["event_id"] for s in stops} | after_ids | set(blocked) | {c.id for c in withheld}
            ),
        },
        "repeated": {
            "indicated": len(occasions) >= 2,
            "indicators": repeated,
            "event_ids": sorted({g[0].id for g in occasions} | set(repeated_ids)),
        },
    }

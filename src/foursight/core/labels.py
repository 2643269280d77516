"""Plain-English names for every code a person reads: one registry for every page.

A page never shows a stored code such as ``new_identifiers_after_stop`` or ``spo_interim``;
it shows ``label(code, kind)``. Where reference data already names a code (offences,
outcomes, vocabularies, instruments, threat categories) the name is read from it; the
engine's own codes (conduct indicators, event kinds, MARAC criteria ...) are named here.
The service adds the codes its apps define as Django choices (``register``), so one
lookup serves every kind. An unknown code is still written in words ("Some new code"),
never with underscores.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources

from foursight.core import reference

Names = Mapping[str, str]

CONDUCT_INDICATORS: Names = {
    # fixated
    "days_with_contact": "Days with contact",
    "surveillance_events": "Messages showing watching or tracking",
    "turning_up_events": "Messages about turning up",
    "third_party_events": "Messages about family, friends or work",
    # obsessive
    "bursts": "Bursts of contact",
    "night_contacts": "Contacts at night",
    "max_contacts_in_a_day": "Most contacts in one day",
    "possessive_or_conditional_events": "Possessive or conditional messages",
    "self_harm_coercion_events": "Messages using self-harm to force contact",
    "new_identifiers_after_stop": "New numbers or accounts after a stop or block",
    # unwanted
    "stop_requests": "Requests to stop",
    "blocks": "Blocks",
    "contacts_after_first_stop": "Contacts after the first request to stop",
    "blocked_calls": "Blocked calls",
    "withheld_calls": "Calls from a withheld number",
    # repeated
    "occasions": "Occasions",
    "weeks_with_contact": "Weeks with contact",
    "threatening_events": "Threatening messages",
    "contacts": "Contacts",
}

FOUR_MARKERS: Names = {
    "fixated": "Fixated",
    "obsessive": "Obsessive",
    "unwanted": "Unwanted",
    "repeated": "Repeated",
}

EVIDENCE_CHANNELS: Names = {
    "sms": "SMS",
    "mms": "MMS",
    "call": "Phone call",
    "whatsapp": "WhatsApp",
    "imessage": "iMessage",
    "email": "Email",
    "fb": "Facebook Messenger",
    "ig": "Instagram",
    "voice": "Voicemail",
    "carrier": "Phone company record",
}

DIRECTIONS: Names = {
    "in": "To the victim",
    "out": "From the victim",
    "unknown": "Not known",
}

EVENT_KINDS: Names = {
    "message": "Message",
    "call_missed": "Missed call",
    "call_answered": "Answered call",
    "call_outgoing": "Outgoing call",
    "call_rejected": "Rejected call",
    "call_blocked": "Blocked call",
    "block": "Blocked",
    "unblock": "Unblocked",
    "deleted": "Deleted message",
    "edited": "Edited message",
    "system": "System line",
}

TIME_CONFIDENCE: Names = {
    "exact": "exact",
    "local": "local time, converted",
    "minute": "to the minute",
    "ambiguous": "clock change: earlier time taken",
    "nonexistent": "clock change: moved forward",
}

STOP_KINDS: Names = {
    "stop_request": "Asked to stop",
    "block": "Blocked",
    "call_blocked": "Blocked a call",
}

THREAT_TIERS: Names = {"rule": "Rule", "model": "Model prompt"}

TRENDS: Names = {
    "insufficient": "Not enough weeks to tell",
    "rising": "Rising",
    "falling": "Falling",
    "stable": "Steady",
}

THREAT_CATEGORIES: Names = {
    "THREAT_VIOLENCE": "Threat of violence",
    "THREAT_PROPERTY": "Threat to property",
    "SURVEILLANCE": "Watching or tracking",
    "MENACE": "Veiled threat",
    "CONDITIONAL_POSSESSIVE": "Possessive or conditional",
    "SELF_HARM_COERCION": "Self-harm used to force contact",
    "IMAGE_BASED": "Intimate images",
    "THIRD_PARTY": "Family, friends or work",
    "TURNING_UP": "Turning up",
    "STOP_REQUEST": "Request to stop",
}

MARAC_CRITERIA: Names = {
    "visible_high_risk": "Visible high risk",
    "professional_judgement": "Professional judgement",
    "potential_escalation": "Potential escalation",
    "repeat": "Repeat referral",
}

RISK_LEVELS: Names = {"standard": "Standard", "medium": "Medium", "high": "High"}

IDENTIFIER_KINDS: Names = {
    "phone": "Phone number",
    "email": "Email address",
    "handle": "Social media handle",
    "vehicle": "Vehicle",
    "address": "Address",
}

ORDER_STATUSES: Names = {
    "in_force": "In force",
    "expired": "Expired",
    "discharged": "Discharged",
}

SCOPE_MODES: Names = {
    "suspect_ids": "identifiers attributed to a suspect",
    "all_counterparts": "every counterpart",
}


def _vocabulary(key: str) -> Callable[[], Names]:
    return lambda: reference.code_names(reference.vocabulary(key))


def _instruments() -> Names:
    from foursight.core.instruments.loader import load_instruments

    return {i.id: i.name for i in load_instruments().values()}


def _evidence_formats() -> Names:
    from foursight.core.importers.registry import importers

    return {i.id: i.name for i in importers()}


def _redaction_entities() -> Names:
    from foursight.core.redaction.spans import NAMES

    return {code: name[:1].upper() + name[1:] for code, name in NAMES.items()}


def _threat_categories() -> Names:
    """Short names, with any category the rule files add named from their own text."""
    names = dict(THREAT_CATEGORIES)
    for file in ("threat_rules.json", "stop_rules.json"):
        raw = resources.files("foursight.core.conduct").joinpath("rules", file).read_text("utf-8")
        for code, text in json.loads(raw).get("categories", {}).items():
            names.setdefault(str(code), str(text))
    return names


def _fixed(names: Names) -> Callable[[], Names]:
    return lambda: names


_CORE: dict[str, Callable[[], Names]] = {
    "offence": lambda: reference.code_names(reference.offences()),
    "offence_category": lambda: reference.code_names(reference.offence_category_names()),
    "outcome": lambda: reference.code_names(reference.outcomes()),
    "withdrawal_reason": lambda: reference.code_names(reference.withdrawal_reasons()),
    "behaviour": _vocabulary("behaviours"),
    "relationship": _vocabulary("relationships"),
    "report_channel": _vocabulary("channels"),
    "occasion_source": _vocabulary("occasion_sources"),
    "report_status": _vocabulary("report_statuses"),
    "gender": _vocabulary("genders"),
    "instrument": _instruments,
    "evidence_format": _evidence_formats,
    "redaction_entity": _redaction_entities,
    "threat_category": _threat_categories,
    "indicator": _fixed(CONDUCT_INDICATORS),
    "four_marker": _fixed(FOUR_MARKERS),
    "channel": _fixed(EVIDENCE_CHANNELS),
    "direction": _fixed(DIRECTIONS),
    "event_kind": _fixed(EVENT_KINDS),
    "time_confidence": _fixed(TIME_CONFIDENCE),
    "stop_kind": _fixed(STOP_KINDS),
    "threat_tier": _fixed(THREAT_TIERS),
    "trend": _fixed(TRENDS),
    "marac_criterion": _fixed(MARAC_CRITERIA),
    "risk_level": _fixed(RISK_LEVELS),
    "identifier_kind": _fixed(IDENTIFIER_KINDS),
    "scope_mode": _fixed(SCOPE_MODES),
    "order_status": _fixed(ORDER_STATUSES),
}

_REGISTERED: dict[str, Callable[[], Names]] = {}


def register(kind: str, names: Callable[[], Names]) -> None:
    """Add a kind whose names live outside the engine (the service's choice lists).

    ``names`` is called when first needed, so registering costs nothing at start-up.
    A kind of the engine cannot be replaced.
    """
    if kind in _CORE:
        raise ValueError(f"{kind!r} is named by the engine")
    _REGISTERED[kind] = names
    names_of.cache_clear()


def kinds() -> tuple[str, ...]:
    """Every kind the registry names, engine kinds first."""
    return (*_CORE, *(k for k in _REGISTERED if k not in _CORE))


@cache
def names_of(kind: str) -> Names:
    """Code -> name for ``kind``; an unknown kind raises ``KeyError``."""
    source = _CORE.get(kind) or _REGISTERED.get(kind)
    if source is None:
        raise KeyError(kind)
    return dict(source())


def words(code: str) -> str:
    """A code nobody named yet, written in words: ``some_new_code`` is ``Some new code``."""
    text = code.replace("_", " ").replace("-", " ").strip()
    if text.isupper():
        text = text.lower()
    return text[:1].upper() + text[1:]


def label(code: object, kind: str) -> str:
    """The plain-English name of ``code`` of ``kind``; ``""`` for no code.

    An offence keeps its code beside its name (``Stalking (8Q)``), as officers quote both.
    """
    if code is None or code == "":
        return ""
    text = str(code)
    try:
        name = names_of(kind).get(text)
    except KeyError:
        name = None
    if name is None:
        return words(text)
    return f"{name} ({text})" if kind == "offence" else name


def raw_codes(min_length: int = 4) -> frozenset[str]:
    """Every code of every kind that a person must never read as it is stored.

    These are the codes written as identifiers (``new_identifiers_after_stop``,
    ``TURNING_UP``): with an underscore. The page crawl fails on any of them.
    """
    found: set[str] = set()
    for kind in kinds():
        found.update(c for c in names_of(kind) if "_" in c and len(c) >= min_length)
    return frozenset(found)

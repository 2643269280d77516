"""The "Add step" forms: which fields each kind shows, and the step they make.

A form posts plain strings; :func:`payload_from_post` turns them into the same fields
the API takes, so the one action checks both. Times on the forms are UK local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import QueryDict

from foursight.core import path_kinds as path
from foursight.core import reference
from foursight.errors import InvalidInput
from foursight.orders.rules import LOCAL_ZONE

CONDITION_ROWS = 3


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str  # datetime, date, text, textarea, select, checkbox, offences, number
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False


def _choices(mapping: dict[str, str], blank: bool = False) -> tuple[tuple[str, str], ...]:
    items = tuple(mapping.items())
    return (("", "Choose"), *items) if blank else items


def _order_kinds() -> dict[str, str]:
    from foursight.prosecution.actions import order_kinds

    return order_kinds()


def fields_for(kind: str) -> list[Field]:
    """The form fields of a kind, in the order shown (results and conditions aside)."""
    at = Field("at", "Date and time (UK time)", "datetime", required=True)
    on = Field("on", "Date", "date", required=True)
    offences = Field("offences", "Offences", "offences", required=True)
    court = Field("court", "Court", "text")
    note = Field("note", "Note", "textarea")
    spec: dict[str, list[Field]] = {
        "arrest": [
            at,
            offences,
            Field("where", "Where", "text"),
            Field("by", "Arrested by", "text"),
        ],
        "interview": [
            at,
            Field("type", "Type of interview", "select", _choices(path.INTERVIEW_TYPES)),
            Field("legal_advice", "Had legal advice", "checkbox"),
            Field("account", "Short account given", "textarea"),
        ],
        "custody_decision": [
            at,
            Field("decision", "Decision", "select", _choices(path.CUSTODY_DECISIONS, True), True),
            Field("by", "Decided by", "text"),
            note,
        ],
        "bail": [on, Field("return_on", "Answer bail on", "date", required=True)],
        "rui": [on],
        "nfa": [
            on,
            Field("reason", "Reason", "select", _choices(path.NFA_REASONS, True), True),
            Field(
                "withdrawal_reason",
                "Why the victim withdrew (if they did)",
                "select",
                _choices(reference.code_names(reference.withdrawal_reasons()), True),
            ),
            note,
        ],
        "caution": [on, Field("youth", "Youth caution (under 18)", "checkbox")],
        "community_resolution": [on],
        "charge": [
            on,
            offences,
            Field(
                "authorised_by", "Authorised by", "select", _choices(path.AUTHORISED_BY, True), True
            ),
            note,
        ],
        "remand": [on, court],
        "court_bail": [on, court],
        "hearing": [
            on,
            Field("court", "Court", "text", required=True),
            Field("hearing_kind", "Hearing", "select", _choices(path.HEARING_KINDS)),
        ],
        "plea": [on],
        "verdict": [on, court],
        "sentence": [
            on,
            court,
            Field("disposal", "Sentence", "select", _choices(path.DISPOSALS, True), True),
            Field("months", "Length in months", "number"),
            Field("expected_release_on", "Expected release date (custody)", "date"),
        ],
        "release": [on, Field("licence_ends_on", "Licence ends on", "date"), note],
        "outcome": [
            on,
            Field(
                "code",
                "Home Office outcome",
                "select",
                _choices(reference.code_names(reference.outcomes()), True),
                True,
            ),
            Field("reason", "Reason the path does not decide it", "textarea", required=True),
            Field(
                "withdrawal_reason",
                "Why the victim withdrew (outcomes 14 and 16)",
                "select",
                _choices(reference.code_names(reference.withdrawal_reasons()), True),
            ),
        ],
    }
    return spec[kind]


def has_conditions(kind: str) -> bool:
    return kind in path.WITH_CONDITIONS


def result_choices(kind: str) -> tuple[tuple[str, str], ...]:
    """Per charged offence: the plea or verdict choices (blank: none given)."""
    if kind == "plea":
        return _choices(path.PLEAS, True)
    if kind == "verdict":
        return _choices(path.RESULTS, True)
    return ()


def order_choices(kind: str) -> tuple[tuple[str, str], ...]:
    kinds = _order_kinds()
    if kind == "verdict":
        return (("", "No order"), ("restraining_acquittal", kinds["restraining_acquittal"]))
    if kind == "sentence":
        return (
            ("", "No order"),
            *((k, v) for k, v in kinds.items() if k != "restraining_acquittal"),
        )
    return ()


def _local(value: str) -> str:
    try:
        naive = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput("at: give a date and time", field="at") from exc
    return naive.replace(tzinfo=LOCAL_ZONE).isoformat()


def payload_from_post(kind: str, post: QueryDict, charged: list[str]) -> dict[str, Any]:
    """The step's fields from a posted form (blank fields left out)."""
    if kind not in path.KINDS:
        raise InvalidInput(f"kind: one of {', '.join(path.KINDS)}", field="kind")
    out: dict[str, Any] = {"kind": kind}
    for field in fields_for(kind):
        if field.type == "offences":
            out[field.name] = post.getlist(field.name)
        elif field.type == "checkbox":
            out[field.name] = bool(post.get(field.name))
        elif str(post.get(field.name, "")).strip():
            value = str(post[field.name]).strip()
            out[field.name] = _local(value) if field.type == "datetime" else value
    if has_conditions(kind):
        out["conditions"] = [
            {
                "kind": post.get(f"condition_kind_{i}"),
                "text": post.get(f"condition_text_{i}", ""),
                "ends_on": post.get(f"condition_ends_{i}") or None,
            }
            for i in range(CONDITION_ROWS)
            if post.get(f"condition_kind_{i}")
        ]
    if kind in ("plea", "verdict"):
        key, name = ("plea", "pleas") if kind == "plea" else ("result", "results")
        out[name] = [
            {"offence": code, key: post[f"{key}_{code}"]}
            for code in charged
            if post.get(f"{key}_{code}")
        ]
    if kind in ("verdict", "sentence") and post.get("order_kind"):
        out["orders"] = [
            {
                "kind": post["order_kind"],
                "starts_on": post.get("order_starts_on") or None,
                "ends_on": post.get("order_ends_on") or None,
            }
        ]
    return out

"""A suspect's path through a case: the fields of each step and what each kind records.

Pure functions over plain values (no Django). :func:`parse_step` turns what a person
typed or sent (strings or dates) into a :class:`ParsedStep`, refusing bad input with
:class:`~foursight.errors.InvalidInput` naming the field. The order of steps and the
Home Office outcome that follows from a path are in :mod:`foursight.core.path_rules`.

Example::

    >>> parse_step({"kind": "rui", "on": "2026-03-02"}, offences={"8Q": "Stalking"}).on
    datetime.date(2026, 3, 2)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from foursight.core.path_kinds import (
    AUTHORISED_BY,
    CONDITION_KINDS,
    CUSTODY_DECISIONS,
    DISPOSALS,
    FIELDS,
    HEARING_KINDS,
    INTERVIEW_TYPES,
    KINDS,
    NFA_REASONS,
    PLEAS,
    RESULTS,
    TIMED,
    WITH_CONDITIONS,
    WITH_MONTHS,
)
from foursight.errors import InvalidInput


@dataclass(frozen=True)
class ParsedCondition:
    kind: str
    text: str
    ends_on: date | None


@dataclass(frozen=True)
class ParsedOrder:
    kind: str
    starts_on: date
    ends_on: date | None


@dataclass(frozen=True)
class ParsedStep:
    """A step ready to store: its kind, date (and time), fields, conditions and orders."""

    kind: str
    on: date
    at: datetime | None
    data: dict[str, Any]
    conditions: tuple[ParsedCondition, ...] = ()
    orders: tuple[ParsedOrder, ...] = field(default=())

    @property
    def offences(self) -> list[str]:
        """The offences the step names: arrested or charged for, or given a result."""
        if "offences" in self.data:
            return list(self.data["offences"])
        return [r["offence"] for r in self.data.get("results", [])]


def _missing(name: str) -> InvalidInput:
    return InvalidInput(f"{name}: required", field=name)


def _date(payload: Mapping[str, Any], name: str, *, required: bool = True) -> date | None:
    value = payload.get(name)
    if value in (None, ""):
        if required:
            raise _missing(name)
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidInput(f"{name}: expected a date (YYYY-MM-DD)", field=name) from exc


def _when(payload: Mapping[str, Any], name: str) -> datetime:
    value = payload.get(name)
    if value in (None, ""):
        raise _missing(name)
    if not isinstance(value, datetime):
        try:
            value = datetime.fromisoformat(str(value))
        except ValueError as exc:
            raise InvalidInput(
                f"{name}: expected a date and time (2026-03-01T21:00:00+00:00)", field=name
            ) from exc
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(
            f"{name}: give a time zone (for example 2026-03-01T21:00:00+00:00)", field=name
        )
    return value


def _text(
    payload: Mapping[str, Any], name: str, *, required: bool = False, limit: int = 2000
) -> str:
    value = payload.get(name)
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise _missing(name)
    if len(text) > limit:
        raise InvalidInput(f"{name}: at most {limit} characters", field=name)
    return text


def _choice(value: Any, allowed: Mapping[str, str], name: str) -> str:
    if value in (None, ""):
        raise _missing(name)
    if value not in allowed:
        raise InvalidInput(f"{name}: one of {', '.join(allowed)}", field=name)
    return str(value)


def _bool(payload: Mapping[str, Any], name: str) -> bool | None:
    value = payload.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "yes", "on", "1"):
        return True
    if str(value).lower() in ("false", "no", "off", "0"):
        return False
    raise InvalidInput(f"{name}: yes or no", field=name)


def _list(payload: Mapping[str, Any], name: str, *, required: bool) -> list[Any]:
    value = payload.get(name)
    if value in (None, ""):
        value = []
    if not isinstance(value, list):
        raise InvalidInput(f"{name}: expected a list", field=name)
    if required and not value:
        raise InvalidInput(f"{name}: name at least one", field=name)
    return value


def _offences(payload: Mapping[str, Any], name: str, known: Mapping[str, str]) -> list[str]:
    codes = _list(payload, name, required=True)
    for index, code in enumerate(codes):
        if code not in known:
            raise InvalidInput(
                f"{name}[{index}]: unknown offence code {code!r}; see GET /api/v1/reference",
                field=name,
            )
    if len(set(codes)) != len(codes):
        raise InvalidInput(f"{name}: each offence once", field=name)
    return [str(c) for c in codes]


def _conditions(payload: Mapping[str, Any]) -> tuple[ParsedCondition, ...]:
    out = []
    for index, item in enumerate(_list(payload, "conditions", required=False)):
        name = f"conditions[{index}]"
        if not isinstance(item, Mapping):
            raise InvalidInput(f"{name}: expected an object with kind and text", field=name)
        kind = _choice(item.get("kind"), CONDITION_KINDS, f"{name}.kind")
        text = _text(item, "text", limit=500)
        if not text:
            raise _missing(f"{name}.text")
        out.append(ParsedCondition(kind, text, _date(item, "ends_on", required=False)))
    return tuple(out)


def _orders(payload: Mapping[str, Any], order_kinds: Mapping[str, str]) -> tuple[ParsedOrder, ...]:
    out = []
    for index, item in enumerate(_list(payload, "orders", required=False)):
        name = f"orders[{index}]"
        if not isinstance(item, Mapping):
            raise InvalidInput(f"{name}: expected an object with kind and starts_on", field=name)
        kind = _choice(item.get("kind"), order_kinds, f"{name}.kind")
        starts = _date(item, "starts_on", required=False) or _date(payload, "on")
        assert starts is not None
        ends = _date(item, "ends_on", required=False)
        if ends is not None and ends < starts:
            raise InvalidInput(f"{name}.ends_on: before starts_on", field=f"{name}.ends_on")
        out.append(ParsedOrder(kind, starts, ends))
    return tuple(out)


def _results(
    payload: Mapping[str, Any],
    name: str,
    key: str,
    allowed: Mapping[str, str],
    known: Mapping[str, str],
) -> list[dict[str, str]]:
    out = []
    seen = set()
    for index, item in enumerate(_list(payload, name, required=True)):
        where = f"{name}[{index}]"
        if not isinstance(item, Mapping):
            raise InvalidInput(f"{where}: expected an object with offence and {key}", field=where)
        offence = item.get("offence")
        if offence not in known:
            raise InvalidInput(
                f"{where}.offence: unknown offence code {offence!r}", field=f"{where}.offence"
            )
        if offence in seen:
            raise InvalidInput(f"{where}.offence: each offence once", field=f"{where}.offence")
        seen.add(offence)
        out.append(
            {"offence": str(offence), key: _choice(item.get(key), allowed, f"{where}.{key}")}
        )
    return out


def parse_step(
    payload: Mapping[str, Any],
    *,
    offences: Mapping[str, str],
    order_kinds: Mapping[str, str] | None = None,
    outcomes: Mapping[str, str] | None = None,
    withdrawal_reasons: Mapping[str, str] | None = None,
) -> ParsedStep:
    """Validate one step's fields for its ``kind``; the reference lists come from the caller.

    ``offences``, ``order_kinds``, ``outcomes`` and ``withdrawal_reasons`` map codes to
    names (``foursight.core.reference`` and the orders app's kinds).
    """
    kind = _choice(payload.get("kind"), KINDS, "kind")
    allowed = FIELDS[kind] | {"kind", "at" if kind in TIMED else "on"}
    for name in payload:
        if name not in allowed:
            raise InvalidInput(
                f"{name}: not a field of a {KINDS[kind].lower()} step "
                f"(its fields: {', '.join(sorted(allowed - {'kind'}))})",
                field=name,
            )
    data: dict[str, Any] = {}
    at: datetime | None = None
    if kind in TIMED:
        at = _when(payload, "at")
        on = at.date()
    else:
        on_value = _date(payload, "on")
        assert on_value is not None
        on = on_value
    conditions: tuple[ParsedCondition, ...] = ()
    orders: tuple[ParsedOrder, ...] = ()
    if kind == "arrest":
        data["offences"] = _offences(payload, "offences", offences)
        data["where"] = _text(payload, "where", limit=200)
        data["by"] = _text(payload, "by", limit=150)
    elif kind == "interview":
        data["type"] = _choice(payload.get("type") or "custody", INTERVIEW_TYPES, "type")
        data["legal_advice"] = bool(_bool(payload, "legal_advice"))
        data["account"] = _text(payload, "account", limit=2000)
    elif kind == "custody_decision":
        data["decision"] = _choice(payload.get("decision"), CUSTODY_DECISIONS, "decision")
        data["by"] = _text(payload, "by", limit=150)
        data["note"] = _text(payload, "note")
    elif kind in WITH_CONDITIONS:
        conditions = _conditions(payload)
        if kind == "bail":
            return_on = _date(payload, "return_on")
            assert return_on is not None
            if return_on < on:
                raise InvalidInput("return_on: before the bail was given", field="return_on")
            data["return_on"] = return_on.isoformat()
        else:
            data["court"] = _text(payload, "court", limit=200)
        data["conditions"] = [
            {"kind": c.kind, "text": c.text, "ends_on": c.ends_on and c.ends_on.isoformat()}
            for c in conditions
        ]
    elif kind == "nfa":
        data["reason"] = _choice(payload.get("reason"), NFA_REASONS, "reason")
        if data["reason"] == "victim_withdrawal":
            data["withdrawal_reason"] = _choice(
                payload.get("withdrawal_reason"), withdrawal_reasons or {}, "withdrawal_reason"
            )
        data["note"] = _text(payload, "note")
    elif kind == "caution":
        data["youth"] = bool(_bool(payload, "youth"))
    elif kind == "charge":
        data["offences"] = _offences(payload, "offences", offences)
        data["authorised_by"] = _choice(
            payload.get("authorised_by"), AUTHORISED_BY, "authorised_by"
        )
        data["note"] = _text(payload, "note")
    elif kind == "remand":
        data["court"] = _text(payload, "court", limit=200)
    elif kind == "hearing":
        data["court"] = _text(payload, "court", required=True, limit=200)
        data["kind"] = _choice(_hearing_kind(payload), HEARING_KINDS, "hearing_kind")
    elif kind == "plea":
        data["pleas"] = _results(payload, "pleas", "plea", PLEAS, offences)
    elif kind == "verdict":
        data["results"] = _results(payload, "results", "result", RESULTS, offences)
        data["court"] = _text(payload, "court", limit=200)
        orders = _orders(payload, order_kinds or {})
    elif kind == "sentence":
        _sentence(payload, data)
        orders = _orders(payload, order_kinds or {})
    elif kind == "release":
        data["licence_ends_on"] = _iso(_date(payload, "licence_ends_on", required=False))
        data["note"] = _text(payload, "note")
    elif kind == "outcome":
        data["code"] = _choice(payload.get("code"), outcomes or {}, "code")
        data["reason"] = _text(payload, "reason", required=True)
        if data["code"] in ("14", "16"):
            data["withdrawal_reason"] = _choice(
                payload.get("withdrawal_reason"), withdrawal_reasons or {}, "withdrawal_reason"
            )
    if orders:
        data["orders"] = [
            {"kind": o.kind, "starts_on": o.starts_on.isoformat(), "ends_on": _iso(o.ends_on)}
            for o in orders
        ]
    if at is not None:
        data["at"] = at.isoformat()
    else:
        data["on"] = on.isoformat()
    return ParsedStep(kind, on, at, data, conditions, orders)


def _hearing_kind(payload: Mapping[str, Any]) -> Any:
    """A hearing's own kind travels as ``hearing_kind`` (``kind`` names the step); a
    hearing listed with no kind is the first hearing."""
    return payload.get("hearing_kind") or payload.get("type") or "first"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _sentence(payload: Mapping[str, Any], data: dict[str, Any]) -> None:
    disposal = _choice(payload.get("disposal"), DISPOSALS, "disposal")
    data["disposal"] = disposal
    data["court"] = _text(payload, "court", limit=200)
    months = payload.get("months")
    if months in (None, ""):
        if disposal in WITH_MONTHS:
            raise InvalidInput("months: required for this sentence", field="months")
        data["months"] = None
    else:
        try:
            data["months"] = int(str(months))
        except (TypeError, ValueError) as exc:
            raise InvalidInput("months: a whole number of months", field="months") from exc
        if not 0 < data["months"] <= 1200:
            raise InvalidInput("months: from 1 to 1200", field="months")
    custody = disposal == "immediate_custody"
    suspended = disposal == "suspended_custody"
    for name, derived in (("custody", custody), ("suspended", suspended)):
        given = _bool(payload, name)
        if given is not None and given != derived:
            raise InvalidInput(
                f"{name}: does not match the disposal {DISPOSALS[disposal]!r}", field=name
            )
    data["custody"], data["suspended"] = custody, suspended
    release = _date(payload, "expected_release_on", required=False)
    if release is not None and not custody:
        raise InvalidInput(
            "expected_release_on: only an immediate custodial sentence has a release date",
            field="expected_release_on",
        )
    data["expected_release_on"] = _iso(release)

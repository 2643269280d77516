"""Checking what the public types: lengths, identifiers, honeypot. Each problem raises
``InvalidInput`` naming the field, so a form can show it beside the question."""

from __future__ import annotations

from typing import Any

from foursight.core.identifiers import normalise
from foursight.errors import InvalidInput

KINDS = ("phone", "email", "handle", "vehicle", "address")
#: The hidden field a person never sees or fills; a robot filling every field does.
HONEYPOT = "website"


def text(data: dict[str, Any], key: str, *, required: str = "", limit: int = 5000) -> str:
    """``data[key]`` stripped; ``required`` is the message when it is missing."""
    value = data.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{key}: expected text", field=key)
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{key}: {required}", field=key)
    if len(value) > limit:
        raise InvalidInput(f"{key}: keep this under {limit} characters", field=key)
    return value


def guess_kind(value: str) -> str:
    """The kind of a bare identifier the public typed: e-mail, phone, handle, else text."""
    if "@" in value.strip("@") and normalise("email", value):
        return "email"
    if value.startswith("@") and normalise("handle", value):
        return "handle"
    if normalise("phone", value):
        return "phone"
    return "text"


def identifiers(raw: Any, field: str) -> list[dict[str, str]]:
    """A list of ``{kind, value}`` (or bare strings): phones, e-mails, handles ...

    A given kind must parse as that kind; a bare string is kept, its kind guessed.
    """
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise InvalidInput(f"{field}: expected a list", field=field)
    if len(raw) > 30:
        raise InvalidInput(f"{field}: at most 30 identifiers", field=field)
    out = []
    for index, item in enumerate(raw):
        where = f"{field}[{index}]"
        if isinstance(item, str):
            value = item.strip()
            kind = guess_kind(value)
        elif isinstance(item, dict):
            value = str(item.get("value") or "").strip()
            kind = str(item.get("kind") or "") or guess_kind(value)
        else:
            raise InvalidInput(f"{where}: expected text or {{kind, value}}", field=where)
        if not value:
            continue
        if len(value) > 300:
            raise InvalidInput(f"{where}: keep this under 300 characters", field=where)
        if kind not in (*KINDS, "text"):
            raise InvalidInput(f"{where}.kind: expected one of {', '.join(KINDS)}", field=where)
        if kind != "text" and normalise(kind, value) is None:
            raise InvalidInput(f"{where}: {value!r} is not a valid {kind}", field=where)
        out.append({"kind": kind, "value": value})
    return out


def lines(value: str, kind: str) -> list[dict[str, str]]:
    """A form's textarea (one per line) as identifiers of ``kind`` (``""``: guess)."""
    out = []
    for line in value.splitlines():
        line = line.strip()
        if line:
            out.append({"kind": kind or guess_kind(line), "value": line})
    return out


def honeypot(data: dict[str, Any]) -> bool:
    """Whether the hidden field was filled: the form is from a robot."""
    return bool(str(data.get(HONEYPOT) or "").strip())

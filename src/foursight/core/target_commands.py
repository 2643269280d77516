"""Operation targets: reading what a person typed to find a target, and removing a target.

:func:`parse_target_query` reads one search box ("Find a person to target") as a date of
birth (``12/04/1990``, ``1990-04-12``, ``04/1990``, ``1990``), an identifier (a phone
number, an e-mail address, a ``@handle``) or names, so an officer never needs a person's
internal number. :class:`RemoveTarget` carries the reason a target is taken off an
operation's list; the reason is required, because the removal is audited and shown in the
operation's history. Both are plain values, tested without a database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from foursight.core.identifiers import (
    normalise_email,
    normalise_handle,
    normalise_name,
    normalise_phone,
)
from foursight.errors import InvalidInput

REASON_LIMIT = 500
QUERY_LIMIT = 120

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_MY = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_YEAR = re.compile(r"^(19|20)\d{2}$")
_PHONE = re.compile(r"^\+?[\d\s()-]{7,}$")
_PART_PHONE = re.compile(r"^\+?[\d\s()-]+$")


@dataclass(frozen=True)
class TargetQuery:
    """What a search box held, read as one kind of search.

    ``kind`` is ``"birth"`` (``birth``: year, month or None, day or None), ``"identifier"``
    (``identifier``: its normalised form, as stored on a person), ``"phone_part"`` (part of
    a phone number: ``identifier`` holds its digits without the trunk zero), ``"name"``
    (``words``: folded name words) or ``"empty"``.
    """

    text: str
    kind: str
    birth: tuple[int, int | None, int | None] | None = None
    identifier: str = ""
    words: tuple[str, ...] = ()


def _birth(text: str) -> tuple[int, int | None, int | None] | None:
    """A date of birth, whole or in part, or None when the text is not one."""
    parts: tuple[int, int | None, int | None] | None = None
    if match := _DMY.match(text):
        parts = (int(match[3]), int(match[2]), int(match[1]))
    elif match := _YMD.match(text):
        parts = (int(match[1]), int(match[2]), int(match[3]) if match[3] else None)
    elif match := _MY.match(text):
        parts = (int(match[2]), int(match[1]), None)
    elif _YEAR.match(text):
        parts = (int(text), None, None)
    if parts is None:
        return None
    year, month, day = parts
    try:
        date(year, month or 1, day or 1)
    except ValueError as exc:
        raise InvalidInput(
            "q: not a real date of birth; write it as 12/04/1990", field="q"
        ) from exc
    return parts


def _identifier(text: str) -> str:
    """The normalised phone, e-mail or handle the text names, or "" when it names none."""
    if "@" in text and not text.startswith("@"):
        return normalise_email(text) or ""
    if text.startswith("@"):
        return normalise_handle(text) or ""
    if _PHONE.match(text):
        return normalise_phone(text) or ""
    return ""


def _digits(text: str) -> str:
    """Part of a phone number (``07700 9``): its digits without the trunk zero, else ""."""
    if not _PART_PHONE.match(text):
        return ""
    digits = re.sub(r"\D", "", text).lstrip("0")
    return digits if len(digits) >= 4 else ""


def parse_target_query(raw: Any) -> TargetQuery:
    """Read a search for a person to target.

    >>> parse_target_query("12/04/1990").birth
    (1990, 4, 12)
    >>> parse_target_query("07700 900456").identifier
    '+447700900456'
    >>> parse_target_query("Mark Denton").words
    ('mark', 'denton')
    """
    text = str(raw or "").strip()
    if not text:
        return TargetQuery(text, "empty")
    if len(text) > QUERY_LIMIT:
        raise InvalidInput(f"q: at most {QUERY_LIMIT} characters", field="q")
    birth = _birth(text)
    if birth is not None:
        return TargetQuery(text, "birth", birth=birth)
    identifier = _identifier(text)
    if identifier:
        return TargetQuery(text, "identifier", identifier=identifier)
    digits = _digits(text)
    if digits:
        return TargetQuery(text, "phone_part", identifier=digits)
    words = tuple(normalise_name(text).split())
    if not words or max(len(w) for w in words) < 2:
        raise InvalidInput(
            "q: give a name, a date of birth, or a phone number, e-mail address or handle",
            field="q",
        )
    return TargetQuery(text, "name", words=words)


@dataclass(frozen=True)
class RemoveTarget:
    """Take a target off an operation's list, saying why (required, audited)."""

    reason: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RemoveTarget:
        return check_removal(cls(reason=str(data.get("reason") or "")))


def check_removal(command: RemoveTarget) -> RemoveTarget:
    """The reason trimmed; an error naming the field when it is empty or too long."""
    reason = command.reason.strip()
    if not reason:
        raise InvalidInput("reason: say why the target is being removed", field="reason")
    if len(reason) > REASON_LIMIT:
        raise InvalidInput(f"reason: at most {REASON_LIMIT} characters", field="reason")
    return RemoveTarget(reason=reason)

"""Reference data as data: units, offence codes, outcome codes and vocabularies.

The files live in ``foursight/core/data/`` with a version each, so that a force can
replace them (for example with its current HOCR list) without code changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Code:
    """One entry of a code list: a stable code and the name a person reads."""

    code: str
    name: str


@cache
def load(name: str) -> dict[str, Any]:
    """Load ``core/data/<name>.json`` (cached; the files are read-only package data)."""
    text = resources.files("foursight.core.data").joinpath(f"{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def codes(file: str, key: str) -> tuple[Code, ...]:
    """The ``key`` list of a data file as :class:`Code` entries, in file order."""
    return tuple(Code(str(item["code"]), str(item["name"])) for item in load(file)[key])


def offences() -> tuple[Code, ...]:
    return codes("offences", "offences")


def offence_categories() -> dict[str, str]:
    """Offence code -> category (stalking_harassment, breach_of_order, violence ...)."""
    return {str(o["code"]): str(o["category"]) for o in load("offences")["offences"]}


def outcomes() -> tuple[Code, ...]:
    return codes("outcomes", "outcomes")


def outcome_groups() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in load("outcomes")["groups"].items()}


def withdrawal_reasons() -> tuple[Code, ...]:
    return codes("outcomes", "withdrawal_reasons")


def vocabulary(key: str) -> tuple[Code, ...]:
    """A vocabulary list: behaviours, relationships, channels, occasion_sources ..."""
    return codes("vocabulary", key)


def code_names(items: tuple[Code, ...]) -> dict[str, str]:
    return {c.code: c.name for c in items}

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


@dataclass(frozen=True, slots=True)
class OffenceEntry:
    """One offence of the list with its Home Office Counting Rules classification.

    ``code`` is Foursight's stable code; ``ho_class`` the HOCR class ("" where not
    known) and ``ho_code`` the HO offence code within it; ``verified`` says a listed
    source shows that class for the offence. ``order_kinds`` names the orders app's
    kinds whose breach this offence is.
    """

    code: str
    name: str
    statute: str
    category: str
    ho_class: str
    ho_code: str
    verified: bool
    sources: tuple[str, ...]
    note: str
    order_kinds: tuple[str, ...]


def offence_entries() -> tuple[OffenceEntry, ...]:
    """Every offence with its classification, source ids and category, in file order."""
    return tuple(
        OffenceEntry(
            code=str(o["code"]),
            name=str(o["name"]),
            statute=str(o["statute"]),
            category=str(o["category"]),
            ho_class=str(o.get("ho_class") or ""),
            ho_code=str(o.get("ho_code") or ""),
            verified=bool(o.get("verified")),
            sources=tuple(str(s) for s in o.get("sources") or ()),
            note=str(o.get("note") or ""),
            order_kinds=tuple(str(k) for k in o.get("order_kinds") or ()),
        )
        for o in load("offences")["offences"]
    )


def offence_category_names() -> tuple[Code, ...]:
    """The offence categories in display order, with their names."""
    return codes("offences", "categories")


def offence_sources() -> dict[str, dict[str, str]]:
    """Source id -> {"title", "url"}: where each verified classification was checked."""
    return {
        str(s["id"]): {"title": str(s["title"]), "url": str(s["url"])}
        for s in load("offences")["sources"]
    }


def breach_offences(order_kind: str) -> tuple[str, ...]:
    """The offence codes that are a breach of an order of ``order_kind``."""
    return tuple(e.code for e in offence_entries() if order_kind in e.order_kinds)


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

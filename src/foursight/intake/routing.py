"""Route a London postcode (or a named borough) to its borough and BCU.

The table ``data/london_postcode_districts.json`` maps each postcode district of Greater
London to the borough holding most of it (its ``source`` field names where it comes from).
A postcode outside London, or in the City of London (its own police force), is refused
with an error naming ``postcode``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from foursight.accounts.models import Unit
from foursight.errors import InvalidInput

_FULL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
_DISTRICT = re.compile(r"^([A-Z]{1,2})[0-9][A-Z0-9]?$")
OUTSIDE = (
    "postcode: {code} is outside the Metropolitan Police area. Report to the police force "
    "where you live (call 101), or call 999 if you are in danger now."
)


@cache
def table() -> dict[str, Any]:
    path = Path(__file__).with_name("data") / "london_postcode_districts.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Route:
    postcode: str
    district: str
    borough: str
    unit: Unit


def normalise(raw: str) -> tuple[str, str]:
    """``(postcode as written in capitals, district)``; a full postcode or a district alone."""
    text = re.sub(r"\s+", " ", (raw or "").strip().upper())
    if not text:
        raise InvalidInput("postcode: enter a postcode, like SW1A 2AA", field="postcode")
    full = _FULL.match(text)
    if full:
        return f"{full.group(1)} {full.group(2)}", full.group(1)
    if _DISTRICT.match(text):
        return text, text
    raise InvalidInput(
        "postcode: enter a real postcode, like SW1A 2AA (or its first part, like SW1A)",
        field="postcode",
    )


def boroughs() -> list[str]:
    """The boroughs the force polices, by name, as the unit table holds them."""
    return sorted(
        Unit.objects.filter(kind=Unit.Kind.BOROUGH).values_list("name", flat=True).distinct()
    )


def _borough_unit(name: str, field: str) -> Unit:
    unit = Unit.objects.filter(kind=Unit.Kind.BOROUGH, name__iexact=name.strip()).first()
    if unit is None:
        raise InvalidInput(f"{field}: {name!r} is not a London borough", field=field)
    return unit


def route(postcode: str, borough: str = "") -> Route:
    """The borough unit for a postcode; a named ``borough`` decides a straddling district."""
    written, district = normalise(postcode)
    data = table()
    found = data["districts"].get(district)
    if found is None:
        raise InvalidInput(OUTSIDE.format(code=written), field="postcode")
    if found == data["city_of_london"]:
        raise InvalidInput(
            f"postcode: {written} is in the City of London, which has its own police force "
            "(City of London Police, call 101), or call 999 if you are in danger now.",
            field="postcode",
        )
    unit = (
        _borough_unit(borough, "borough") if borough.strip() else _borough_unit(found, "postcode")
    )
    return Route(written, district, unit.name, unit)

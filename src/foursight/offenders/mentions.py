"""Person mentions from the database: one per suspect party per report, raw and cleaned.

The raw values are what the report recorded (first names, surname, date of birth as
recorded, the person's first phone, e-mail, handle and address postcode); the cleaned
values are the core's (:func:`foursight.core.linkage.clean_mentions`), kept beside them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from foursight.cases.models import Party
from foursight.core.linkage import CLEAN_COLUMNS, INPUT_COLUMNS, clean_mentions
from foursight.people.models import Identifier, Person

RAW_FIELDS = INPUT_COLUMNS[1:]


def mention_id(party: Party) -> str:
    """The stable mention id of a suspect party (``M`` and the party's id)."""
    return f"M{party.pk}"


def _first(person: Person, kind: str) -> Identifier | None:
    found = [i for i in person.identifiers.all() if i.kind == kind]
    return min(found, key=lambda i: i.pk) if found else None


def raw_fields(person: Person) -> dict[str, str | None]:
    """The linkage fields of a person, as recorded (``None`` when not recorded)."""
    phone = _first(person, Identifier.Kind.PHONE)
    email = _first(person, Identifier.Kind.EMAIL)
    handle = _first(person, Identifier.Kind.HANDLE)
    address = _first(person, Identifier.Kind.ADDRESS)
    handle_raw = None
    if handle is not None:
        handle_raw = f"{handle.platform}:{handle.raw}" if handle.platform else handle.raw
    return {
        "first_name": person.first_names or None,
        "surname": person.surname or None,
        "dob": person.date_of_birth or None,
        "phone": phone.raw if phone else None,
        "email": email.raw if email else None,
        "handle": handle_raw,
        "postcode": (address.postcode or None) if address else None,
    }


def raw_table(rows: Iterable[dict[str, Any]]) -> pa.Table:
    """Raw mentions as an Arrow table of string columns (every input column present)."""
    listed = list(rows)
    return pa.table(
        {name: pa.array([r.get(name) for r in listed], pa.string()) for name in INPUT_COLUMNS}
    )


def cleaned(rows: Iterable[dict[str, Any]]) -> tuple[pa.Table, dict[str, dict[str, Any]]]:
    """Clean raw mentions with the core; returns the table and each mention's clean values."""
    table = clean_mentions(raw_table(rows))
    values = table.select(list(CLEAN_COLUMNS)).to_pylist()
    return table, {str(v["mention_id"]): {k: v[k] for k in CLEAN_COLUMNS[1:]} for v in values}


def clean_table(rows: Iterable[tuple[str, dict[str, Any]]]) -> pa.Table:
    """Stored clean values back into the table the core's index takes."""
    listed = list(rows)
    columns = {"mention_id": pa.array([m for m, _ in listed], pa.string())}
    for name in CLEAN_COLUMNS[1:]:
        columns[name] = pa.array([c.get(name) for _, c in listed], pa.string())
    return pa.table(columns)

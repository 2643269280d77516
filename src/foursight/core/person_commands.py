"""Changing a person's details: the command and the rules it must meet.

:class:`UpdatePerson` is built once by the API (from the fields its body sent) or by a
caller holding a mapping (``from_dict``), and handed to
``foursight.people.actions.update_person``, which changes only the fields sent. The rules
need no database, so they are tested as plain functions:

* a date of birth is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a real day), or empty;
* a gender is one of the recorded values;
* a person keeps a first name or a surname.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from foursight.errors import InvalidInput

PERSON_FIELDS = ("first_names", "surname", "date_of_birth", "gender", "protected")
GENDERS = ("female", "male", "non_binary", "unknown")


def parse_partial_date(
    value: str | None, field: str = "date_of_birth"
) -> tuple[int | None, int | None, int | None]:
    """``"1990-04-12"``, ``"1990-04"``, ``"1990"`` or empty -> (year, month, day)."""
    if not value:
        return None, None, None
    parts = value.strip().split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError as exc:
        raise InvalidInput(
            f"{field}: use YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}", field=field
        ) from exc
    if len(numbers) > 3 or not 1880 <= numbers[0] <= 2100:
        raise InvalidInput(f"{field}: use YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}", field=field)
    padded: list[int | None] = [*numbers, None, None]
    year, month, day = padded[:3]
    if month is not None and not 1 <= month <= 12:
        raise InvalidInput(f"{field}: month {month} is not 1 to 12", field=field)
    if year is not None and month is not None and day is not None:
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise InvalidInput(
                f"{field}: day {day} does not exist in {year}-{month:02d}", field=field
            )
    return year, month, day


def person_columns(sent: Mapping[str, Any]) -> dict[str, Any]:
    """The person's columns the ``sent`` details set, or ``InvalidInput`` naming the field.

    Only the keys of :data:`PERSON_FIELDS` present in ``sent`` count; a date of birth
    becomes ``birth_year``, ``birth_month`` and ``birth_day``; a missing name is blank.
    """
    columns: dict[str, Any] = {}
    for key in PERSON_FIELDS:
        if key not in sent:
            continue
        value = sent[key]
        if key == "date_of_birth":
            year, month, day = parse_partial_date(value)
            columns |= {"birth_year": year, "birth_month": month, "birth_day": day}
        elif key == "gender":
            if value not in GENDERS:
                raise InvalidInput(f"gender: expected one of {', '.join(GENDERS)}", field="gender")
            columns["gender"] = value
        else:
            columns[key] = value if value is not None else ""
    return columns


def check_named(first_names: str, surname: str) -> None:
    """A person needs a first name or a surname."""
    if not (first_names or surname):
        raise InvalidInput("A person needs a first name or a surname.", field="surname")


@dataclass(frozen=True)
class UpdatePerson:
    """New details for a person: only the names in ``fields`` were sent and are changed.

    New identifiers and aliases are the API's identifier and alias bodies, added, never
    replacing the ones held.
    """

    fields: frozenset[str] = frozenset()
    first_names: str | None = None
    surname: str | None = None
    date_of_birth: str | None = None
    gender: str | None = None
    protected: bool | None = None
    identifiers: tuple[Mapping[str, Any], ...] = field(default=())
    aliases: tuple[Mapping[str, Any], ...] = field(default=())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UpdatePerson:
        """The command from the fields a body or a form sent; absent fields stay as held."""
        sent = {key: data[key] for key in PERSON_FIELDS if key in data}
        return cls(
            fields=frozenset(sent),
            identifiers=tuple(data.get("identifiers") or ()),
            aliases=tuple(data.get("aliases") or ()),
            **sent,
        )

    def sent(self) -> dict[str, Any]:
        """The details sent, by field name."""
        return {key: getattr(self, key) for key in PERSON_FIELDS if key in self.fields}

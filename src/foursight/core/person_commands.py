"""Recording a person and changing their details: the commands and the rules they meet.

:class:`CreatePerson` and :class:`UpdatePerson` are built once by the API (from its body;
for an update, from the fields sent), the pages and the intake (from what the public
sent), or by a caller holding a mapping (``from_dict``), and handed to
``foursight.people.actions.create_person`` and ``update_person``; an update changes only
the fields sent. The rules need no database, so they are tested as plain functions:

* a date of birth is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a real day), or empty;
* a gender is one of the recorded values;
* a person has, and keeps, a first name or a surname;
* an identifier (:class:`NewIdentifier`) is of a known kind and its value is valid for
  that kind (a phone number, an e-mail address, a handle, a registration, an address with
  its postcode); it is stored as given and normalised (:func:`check_identifiers`);
* an alias (:class:`NewAlias`) is of a known kind.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from foursight.core.identifiers import IdentifierKind, normalise, normalise_postcode
from foursight.errors import InvalidInput

PERSON_FIELDS = ("first_names", "surname", "date_of_birth", "gender", "protected")
GENDERS = ("female", "male", "non_binary", "unknown")
IDENTIFIER_KINDS = tuple(kind.value for kind in IdentifierKind)
ALIAS_KINDS = ("alias", "nickname", "previous", "spelling")


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
class NewIdentifier:
    """A phone, e-mail, handle, vehicle or address of a person, as given."""

    kind: str
    value: str
    platform: str = ""
    postcode: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NewIdentifier:
        return cls(
            kind=str(data.get("kind") or ""),
            value=str(data.get("value") or ""),
            platform=str(data.get("platform") or ""),
            postcode=str(data.get("postcode") or ""),
        )


@dataclass(frozen=True)
class CheckedIdentifier:
    """An identifier as stored: raw as given, normalised for comparison."""

    kind: str
    raw: str
    normalised: str
    platform: str = ""
    postcode: str = ""


def check_identifiers(items: tuple[NewIdentifier, ...]) -> tuple[CheckedIdentifier, ...]:
    """The identifiers normalised, or ``InvalidInput`` naming the first one wrong.

    An address keeps its postcode: the one given, else the one read from the address.
    """
    out = []
    for index, item in enumerate(items):
        field = f"identifiers[{index}]"
        if item.kind not in IDENTIFIER_KINDS:
            raise InvalidInput(
                f"{field}.kind: expected one of {', '.join(IDENTIFIER_KINDS)}", field=field
            )
        raw = item.value.strip()
        if not raw:
            raise InvalidInput(f"{field}.value: must not be empty", field=field)
        normalised = normalise(IdentifierKind(item.kind), raw)
        if normalised is None:
            raise InvalidInput(f"{field}.value: {raw!r} is not a valid {item.kind}", field=field)
        postcode = ""
        if item.kind == IdentifierKind.ADDRESS:
            postcode = normalise_postcode(item.postcode) or normalised.rsplit("|", 1)[1]
        out.append(CheckedIdentifier(item.kind, raw, normalised, item.platform, postcode))
    return tuple(out)


@dataclass(frozen=True)
class NewAlias:
    """Another name a person goes by: an alias, a nickname, a previous name or a spelling."""

    first_names: str = ""
    surname: str = ""
    kind: str = "alias"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NewAlias:
        return cls(
            first_names=str(data.get("first_names") or ""),
            surname=str(data.get("surname") or ""),
            kind=str(data.get("kind") or "alias"),
        )


def check_aliases(items: tuple[NewAlias, ...]) -> tuple[NewAlias, ...]:
    """The aliases, or ``InvalidInput`` naming the first of an unknown kind."""
    for index, item in enumerate(items):
        if item.kind not in ALIAS_KINDS:
            raise InvalidInput(
                f"aliases[{index}].kind: expected one of {', '.join(ALIAS_KINDS)}",
                field=f"aliases[{index}]",
            )
    return items


def _identifiers(items: Any) -> tuple[NewIdentifier, ...]:
    return tuple(
        i if isinstance(i, NewIdentifier) else NewIdentifier.from_dict(i) for i in items or ()
    )


def _aliases(items: Any) -> tuple[NewAlias, ...]:
    return tuple(i if isinstance(i, NewAlias) else NewAlias.from_dict(i) for i in items or ())


@dataclass(frozen=True)
class CreatePerson:
    """A new person. ``gender`` ``None`` is not recorded (stored as unknown)."""

    first_names: str = ""
    surname: str = ""
    date_of_birth: str | None = None
    gender: str | None = None
    protected: bool = False
    identifiers: tuple[NewIdentifier, ...] = ()
    aliases: tuple[NewAlias, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CreatePerson:
        """The command from a body, a form or a test's dict."""
        return cls(
            first_names=data.get("first_names") or "",
            surname=data.get("surname") or "",
            date_of_birth=data.get("date_of_birth") or None,
            gender=data.get("gender"),
            protected=data.get("protected", False),
            identifiers=_identifiers(data.get("identifiers")),
            aliases=_aliases(data.get("aliases")),
        )

    def details(self) -> dict[str, Any]:
        """The details given, by field name (a gender not recorded left out)."""
        return {
            key: getattr(self, key)
            for key in PERSON_FIELDS
            if not (key == "gender" and self.gender is None)
        }

    def given(self) -> list[str]:
        """The names of the details given, for the audit entry."""
        names = (*PERSON_FIELDS, "identifiers", "aliases")
        return sorted(name for name in names if getattr(self, name))


def check_person(command: CreatePerson) -> dict[str, Any]:
    """The new person's columns, or ``InvalidInput`` naming the first field wrong."""
    columns = person_columns(command.details())
    check_named(columns["first_names"], columns["surname"])
    return columns


@dataclass(frozen=True)
class UpdatePerson:
    """New details for a person: only the names in ``fields`` were sent and are changed.

    New identifiers and aliases are added, never replacing the ones held.
    """

    fields: frozenset[str] = frozenset()
    first_names: str | None = None
    surname: str | None = None
    date_of_birth: str | None = None
    gender: str | None = None
    protected: bool | None = None
    identifiers: tuple[NewIdentifier, ...] = ()
    aliases: tuple[NewAlias, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UpdatePerson:
        """The command from the fields a body or a form sent; absent fields stay as held."""
        sent = {key: data[key] for key in PERSON_FIELDS if key in data}
        return cls(
            fields=frozenset(sent),
            identifiers=_identifiers(data.get("identifiers")),
            aliases=_aliases(data.get("aliases")),
            **sent,
        )

    def sent(self) -> dict[str, Any]:
        """The details sent, by field name."""
        return {key: getattr(self, key) for key in PERSON_FIELDS if key in self.fields}

"""Court orders: the commands and the rules an order, a condition and a breach must meet.

:class:`CreateOrder`, :class:`UpdateOrder`, :class:`NewCondition` and :class:`RecordBreach`
are built once by the API (from its schema), the order pages and the prosecution outcome
(each with ``from_dict`` where it holds a mapping) and handed to
``foursight.orders.actions``. The rules need no database, so they are tested as plain
functions:

* dates are ``YYYY-MM-DD`` (a time is refused);
* an order names its court and the date it was made (not in the future); it has an expiry
  date or runs until further order, never both, and does not expire before it was made; a
  full Stalking Protection Order lasts at least two years; service, notification and
  discharge come after it was made, and only the discharge may be set ahead;
* a no-contact condition names some of the order's protected persons, an address exclusion
  its address, a postcode exclusion a UK postcode and a radius of 1 to 50,000 metres, a
  requirement or other condition its text;
* a breach is recorded with its date, time and UTC offset, not in the future.

An update changes only the fields it was sent: :attr:`UpdateOrder.sent` names them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from foursight.core.identifiers import normalise_postcode
from foursight.errors import InvalidInput

ORDER_FIELDS = (
    "court",
    "court_reference",
    "made_on",
    "expires_on",
    "until_further_order",
    "served_on",
    "notified_on",
    "discharged_on",
    "notes",
)
DATE_FIELDS = ("made_on", "expires_on", "served_on", "notified_on", "discharged_on")


def parse_date(value: Any, field: str) -> date | None:
    """A date from a ``date`` or ``YYYY-MM-DD`` text; ``None`` for nothing given."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        raise InvalidInput(f"{field}: give a date (YYYY-MM-DD), not a time", field=field)
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidInput(f"{field}: use YYYY-MM-DD, not {value!r}", field=field) from exc


def order_value(key: str, value: Any) -> Any:
    """An order field's value as stored: a date, a flag, or trimmed text."""
    if key in DATE_FIELDS:
        return parse_date(value, key)
    if key == "until_further_order":
        return bool(value)
    return str(value or "").strip()


def _unique(values: Any) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(values or []))


@dataclass(frozen=True)
class NewCondition:
    kind: str
    person_ids: tuple[int, ...] = ()
    address: str = ""
    postcode: str = ""
    radius_m: int | None = None
    text: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NewCondition:
        return cls(
            kind=data.get("kind") or "",
            person_ids=_unique(data.get("person_ids")),
            address=str(data.get("address") or ""),
            postcode=str(data.get("postcode") or ""),
            radius_m=data.get("radius_m"),
            text=str(data.get("text") or ""),
        )


def check_condition(
    command: NewCondition, *, field: str, kinds: Collection[str], protected_ids: Collection[int]
) -> NewCondition:
    """The condition with its text trimmed and postcode normalised, or the first rule broken.

    ``field`` prefixes the field named in an error (``condition`` or ``conditions[2]``).
    """
    kind = command.kind
    if kind not in kinds:
        raise InvalidInput(
            f"{field}.kind: expected one of {', '.join(kinds)}", field=f"{field}.kind"
        )
    text = command.text.strip()
    address, postcode, radius = "", "", None
    person_ids: tuple[int, ...] = ()
    if kind == "no_contact":
        person_ids = command.person_ids
        if not person_ids or any(pid not in protected_ids for pid in person_ids):
            raise InvalidInput(
                f"{field}.person_ids: name one or more of the order's protected persons",
                field=f"{field}.person_ids",
            )
    elif kind == "exclusion_address":
        address = command.address.strip()
        if not address:
            raise InvalidInput(f"{field}.address: give the address", field=f"{field}.address")
    elif kind == "exclusion_postcode":
        normalised = normalise_postcode(command.postcode)
        if normalised is None:
            raise InvalidInput(f"{field}.postcode: not a UK postcode", field=f"{field}.postcode")
        radius = command.radius_m
        if not isinstance(radius, int) or isinstance(radius, bool) or not 1 <= radius <= 50000:
            raise InvalidInput(
                f"{field}.radius_m: a whole number of metres from 1 to 50000",
                field=f"{field}.radius_m",
            )
        postcode = normalised
    elif kind in ("requirement", "other") and not text:
        raise InvalidInput(f"{field}.text: describe the condition", field=f"{field}.text")
    return NewCondition(kind, person_ids, address, postcode, radius, text)


@dataclass(frozen=True)
class OrderTerms:
    """What the rules read of an order once a change is applied."""

    court: str
    made_on: date | None
    expires_on: date | None
    until_further_order: bool
    served_on: date | None = None
    notified_on: date | None = None
    discharged_on: date | None = None


def check_order_terms(
    terms: OrderTerms, *, today: date, minimum_expiry: Callable[[date], date] | None = None
) -> None:
    """Raise ``InvalidInput`` for the first rule the order breaks.

    ``minimum_expiry``: for a full Stalking Protection Order, the earliest expiry date
    for the date it was made.
    """
    if not terms.court:
        raise InvalidInput("court: name the court that made the order", field="court")
    made_on = terms.made_on
    if made_on is None:
        raise InvalidInput("made_on: give the date the order was made", field="made_on")
    if made_on > today:
        raise InvalidInput("made_on: the order cannot be made in the future", field="made_on")
    if terms.until_further_order and terms.expires_on is not None:
        raise InvalidInput(
            "expires_on: an order until further order has no expiry date", field="expires_on"
        )
    if not terms.until_further_order and terms.expires_on is None:
        raise InvalidInput(
            "expires_on: give the expiry date, or set until_further_order", field="expires_on"
        )
    if terms.expires_on is not None and terms.expires_on < made_on:
        raise InvalidInput("expires_on: the order expires before it was made", field="expires_on")
    if minimum_expiry is not None and terms.expires_on is not None:
        minimum = minimum_expiry(made_on)
        if terms.expires_on < minimum:
            raise InvalidInput(
                f"expires_on: a full Stalking Protection Order lasts at least 2 years "
                f"(to {minimum.isoformat()} or later), or until further order",
                field="expires_on",
            )
    for key in ("served_on", "notified_on", "discharged_on"):
        value = getattr(terms, key)
        if value is not None and value < made_on:
            raise InvalidInput(f"{key}: before the order was made", field=key)
        if value is not None and value > today and key != "discharged_on":
            raise InvalidInput(f"{key}: cannot be in the future", field=key)


@dataclass(frozen=True)
class CreateOrder:
    kind: str
    subject_id: int | None
    protected_ids: tuple[int, ...]
    court: str = ""
    made_on: date | None = None
    expires_on: date | None = None
    until_further_order: bool = False
    report_id: int | None = None
    court_reference: str = ""
    served_on: date | None = None
    notified_on: date | None = None
    discharged_on: date | None = None
    notes: str = ""
    conditions: tuple[NewCondition, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CreateOrder:
        """The command from an API body, form data or a fixture; dates are parsed here."""
        values = {key: order_value(key, data[key]) for key in ORDER_FIELDS if key in data}
        return cls(
            kind=data.get("kind") or "",
            subject_id=data.get("subject_id"),
            protected_ids=_unique(data.get("protected_ids")),
            report_id=data.get("report_id"),
            conditions=tuple(
                c if isinstance(c, NewCondition) else NewCondition.from_dict(c)
                for c in data.get("conditions") or []
            ),
            **values,
        )

    def order_values(self) -> dict[str, Any]:
        """The order's own fields, parsed and trimmed."""
        return {key: order_value(key, getattr(self, key)) for key in ORDER_FIELDS}


UPDATABLE = (*ORDER_FIELDS, "report_id")


@dataclass(frozen=True)
class UpdateOrder:
    """A change to the fields named in ``sent``; the others are left as they are."""

    sent: frozenset[str]
    court: str = ""
    court_reference: str = ""
    made_on: date | None = None
    expires_on: date | None = None
    until_further_order: bool = False
    served_on: date | None = None
    notified_on: date | None = None
    discharged_on: date | None = None
    notes: str = ""
    report_id: int | None = None

    def __post_init__(self) -> None:
        unknown = sorted(self.sent - set(UPDATABLE))
        if unknown:
            raise InvalidInput(f"{unknown[0]}: not a field of an order", field=unknown[0])

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UpdateOrder:
        """The fields present in ``data`` (others are ignored), parsed and trimmed."""
        values: dict[str, Any] = {
            key: order_value(key, data[key]) for key in ORDER_FIELDS if key in data
        }
        if "report_id" in data:
            values["report_id"] = data["report_id"]
        return cls(sent=frozenset(values), **values)

    def values(self) -> dict[str, Any]:
        """The order fields sent (``report_id`` aside), with their new values."""
        return {key: getattr(self, key) for key in ORDER_FIELDS if key in self.sent}


@dataclass(frozen=True)
class RecordBreach:
    occurred_at: datetime | None
    report_id: int | None = None
    occasion_ids: tuple[int, ...] = ()
    description: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RecordBreach:
        return cls(
            occurred_at=data.get("occurred_at"),
            report_id=data.get("report_id"),
            occasion_ids=_unique(data.get("occasion_ids")),
            description=str(data.get("description") or ""),
        )


def check_breach_time(occurred_at: Any, *, now: datetime) -> datetime:
    """The breach's time, which must carry its UTC offset and not be in the future."""
    if not isinstance(occurred_at, datetime) or occurred_at.tzinfo is None:
        raise InvalidInput(
            "occurred_at: give the date and time with its UTC offset", field="occurred_at"
        )
    if occurred_at > now:
        raise InvalidInput("occurred_at: cannot be in the future", field="occurred_at")
    return occurred_at

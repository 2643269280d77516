"""Redaction spans: character offsets into a text, merged, checked and applied.

A span is ``[start, end)`` in Python string offsets (Unicode code points) of the text as
given. Proposals overlap (an e-mail address contains a web address, a street address
contains a house number); :func:`merge_spans` joins overlapping spans, and spans of an
address that touch across a comma or space (street, town, postcode) into one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Entities that make up a postal address: neighbours of these join across ", " or spaces.
ADDRESS_PARTS = frozenset({"ADDRESS", "UK_POSTCODE"})
_JOIN_GAP = re.compile(r"[\s,]{0,3}")
#: Two names with only a comma or a space between ("WHITLOCK, Dean") are one name.
_NAME_GAP = re.compile(r",?[ \t]{0,2}")


@dataclass(frozen=True, order=True)
class Span:
    """One proposed or accepted redaction: ``text[start:end]`` is personal data of kind
    ``entity``; ``score`` is the recogniser's confidence (1.0 for the case's own names)."""

    start: int
    end: int
    entity: str
    score: float = 1.0

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "entity": self.entity,
            "score": round(self.score, 2),
        }


class SpanError(ValueError):
    """A span that does not fit the text; ``index`` is its place in the list given."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.message = message


def check_spans(text: str, spans: Sequence[Span]) -> None:
    """Raise :class:`SpanError` naming the first span outside ``text`` or empty."""
    size = len(text)
    for index, span in enumerate(spans):
        where = f"span {index} ({span.start}-{span.end})"
        if span.start < 0 or span.end > size:
            raise SpanError(index, f"{where} lies outside the text of {size} characters")
        if span.end <= span.start:
            raise SpanError(index, f"{where} is empty: its end must be after its start")
        if not span.entity.strip():
            raise SpanError(index, f"{where} has no entity")


def _joins(text: str, left: Span, right: Span) -> bool:
    if right.start <= left.end:
        return True
    if left.entity in ADDRESS_PARTS and right.entity in ADDRESS_PARTS:
        return _JOIN_GAP.fullmatch(text, left.end, right.start) is not None
    if left.entity == right.entity == "PERSON":
        return _NAME_GAP.fullmatch(text, left.end, right.start) is not None
    return False


def merge_spans(text: str, spans: Iterable[Span]) -> list[Span]:
    """Overlapping spans (and touching address parts) as one span each, in text order.

    The merged span keeps the entity of its widest part (the surer one on a tie) and the
    highest score of its parts, so a name inside an e-mail address stays an e-mail
    address, and a street and its postcode become one address.
    """
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    out: list[Span] = []
    for span in ordered:
        if out and _joins(text, out[-1], span):
            last = out[-1]
            # The wider span names the whole: a name inside an e-mail address or a handle
            # is that address or handle; on equal widths the surer recogniser wins.
            best = max((last, span), key=lambda s: (s.end - s.start, s.score))
            entity = best.entity
            if {last.entity, span.entity} <= ADDRESS_PARTS and last.entity != span.entity:
                entity = "ADDRESS"
            out[-1] = Span(last.start, max(last.end, span.end), entity, max(last.score, span.score))
        else:
            out.append(span)
    return out


#: Plain names of the entities, for pages and for the words left in a redacted copy.
NAMES = {
    "PERSON": "name",
    "PHONE_NUMBER": "phone number",
    "EMAIL_ADDRESS": "email address",
    "UK_POSTCODE": "postcode",
    "ADDRESS": "address",
    "DATE_OF_BIRTH": "date of birth",
    "AGE": "age",
    "UK_VEHICLE_REGISTRATION": "vehicle registration",
    "UK_NINO": "National Insurance number",
    "UK_PASSPORT": "passport number",
    "UK_DRIVING_LICENCE": "driving licence number",
    "UK_NHS": "NHS number",
    "SOCIAL_HANDLE": "social media account",
    "CASE_IDENTIFIER": "case identifier",
    "CREDIT_CARD": "card number",
    "IBAN_CODE": "bank account",
    "BANK_ACCOUNT": "bank account",
    "IP_ADDRESS": "IP address",
    "MAC_ADDRESS": "device address",
    "CRYPTO": "crypto wallet",
    "OTHER": "personal data",
}


def plain_name(entity: str) -> str:
    return NAMES.get(entity, entity.replace("_", " ").lower())


def label(entity: str) -> str:
    """The words put in place of a redaction: ``PHONE_NUMBER`` -> ``[REDACTED: phone number]``."""
    return f"[REDACTED: {plain_name(entity)}]"

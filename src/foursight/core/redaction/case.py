"""The case's own deny-lists: the names and identifiers of the people a report knows.

There is no name detection in the engine (that needs a statistical model, which is not
shipped): a name is redacted only when it is one of the case's own people. Each person
gives their full name, each first name and the surname on their own (and the parts of a
double-barrelled surname), their aliases, and their identifiers. Matching ignores case
and accents and allows any spacing between the words of a name; possessives ("Alice's",
"Walkers'") match because only the name itself must stand as a whole word.

Phone numbers match by their digits, written in any grouping, with 0, +44 or 0044.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

#: Shorter words are never matched on their own (initials, "Jo" is kept, "J" is not).
MIN_NAME = 2
MIN_IDENTIFIER = 3

IDENTIFIER_ENTITIES = {
    "phone": "PHONE_NUMBER",
    "email": "EMAIL_ADDRESS",
    "handle": "SOCIAL_HANDLE",
    "vehicle": "UK_VEHICLE_REGISTRATION",
    "address": "ADDRESS",
}


@dataclass(frozen=True)
class CasePerson:
    """One of the report's people whose details must not be disclosed."""

    first_names: str = ""
    surname: str = ""
    aliases: tuple[tuple[str, str], ...] = ()
    #: (kind, value): kind is phone, email, handle, vehicle, address or anything else.
    identifiers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CaseTerms:
    """Deny-list terms: ``names`` redact as PERSON, ``identifiers`` as their kind."""

    names: frozenset[str] = field(default_factory=frozenset)
    identifiers: tuple[tuple[str, str], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.names and not self.identifiers


def fold(text: str) -> str:
    """Lower case without accents: "Zoë" -> "zoe"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _name_terms(first: str, surname: str) -> set[str]:
    first, surname = " ".join(first.split()), " ".join(surname.split())
    terms = {first, surname, f"{first} {surname}".strip()}
    for word in (*first.split(), *surname.split()):
        terms.add(word)
        terms.update(part for part in re.split(r"[-\u2019']", word) if len(part) >= 3)
    return {t for t in terms if len(t) >= MIN_NAME}


def case_terms(people: Iterable[CasePerson], extra: Iterable[str] = ()) -> CaseTerms:
    """The deny-lists for ``people``, plus ``extra`` words an officer gives (a child's
    name the report does not hold as a person, a nickname, a workplace)."""
    names: set[str] = set()
    identifiers: list[tuple[str, str]] = []
    for person in people:
        names |= _name_terms(person.first_names, person.surname)
        for first, surname in person.aliases:
            names |= _name_terms(first, surname)
        for kind, value in person.identifiers:
            value = " ".join(str(value).split())
            if len(value) >= MIN_IDENTIFIER:
                identifiers.append((kind, value))
            if kind == "address" and "," in value:
                street = value.split(",", 1)[0].strip()
                if len(street) >= MIN_IDENTIFIER + 2:
                    identifiers.append((kind, street))
    for word in extra:
        word = " ".join(str(word).split())
        if len(word) >= MIN_NAME:
            names.add(word)
    return CaseTerms(frozenset(names), tuple(dict.fromkeys(identifiers)))


def _phrase(term: str) -> str:
    """A term as a pattern: any run of spaces between its words, any case."""
    return r"\s+".join(re.escape(word) for word in term.split())


def _phone_pattern(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    if digits.startswith("44") and len(digits) > 10:
        digits = digits[2:]
    digits = digits.lstrip("0")
    if len(digits) < 6:
        return None
    body = r"[\s\-.()]{0,3}".join(digits)
    return rf"(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)?{body}"


def compile_terms(terms: CaseTerms) -> list[tuple[str, re.Pattern[str]]]:
    """One (entity, pattern) per kind of term; names in one alternation, longest first."""
    out: list[tuple[str, re.Pattern[str]]] = []
    variants = {v for name in terms.names for v in (name, fold(name))}
    if variants:
        body = "|".join(_phrase(t) for t in sorted(variants, key=lambda t: (-len(t), t)))
        # A plural possessive ("the Watsons' house") takes its "s" with it.
        out.append(
            ("PERSON", re.compile(rf"(?<!\w)(?:{body})(?:s(?=['\u2019]))?(?!\w)", re.IGNORECASE))
        )
    for kind, value in terms.identifiers:
        entity = IDENTIFIER_ENTITIES.get(kind, "CASE_IDENTIFIER")
        pattern = _phone_pattern(value) if kind == "phone" else None
        text = pattern or _phrase(value)
        out.append((entity, re.compile(rf"(?<![\w+])(?:{text})(?![\w])", re.IGNORECASE)))
    return out


#: Curly quotes and dashes written as their plain forms (one character for one).
_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-"})


def fold_text(text: str) -> str:
    """``text`` with accents removed and curly quotes made plain, one character for one
    (so offsets still hold)."""
    out = []
    for ch in text.translate(_PLAIN):
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base if len(base) == 1 else ch)
    return "".join(out)

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
    #: (year, month, day) when the full date of birth is known.
    birth: tuple[int, int, int] | None = None


@dataclass(frozen=True)
class CaseTerms:
    """Deny-list terms: ``names`` redact as PERSON, ``identifiers`` as their kind."""

    names: frozenset[str] = field(default_factory=frozenset)
    identifiers: tuple[tuple[str, str], ...] = ()
    births: tuple[tuple[int, int, int], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.names and not self.identifiers and not self.births


#: Curly quotes and dashes written as their plain forms (one character for one).
_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-"})


def fold(text: str) -> str:
    """Lower case without accents: "Zoë" -> "zoe"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _name_terms(first: str, surname: str) -> set[str]:
    first, surname = " ".join(first.split()), " ".join(surname.split())
    terms = {first, surname, f"{first} {surname}".strip()}
    # Written without its apostrophe or its spaces: "ONeill", "MacGiolla".
    terms.update(t.replace("'", "").replace("\u2019", "") for t in list(terms))
    if " " in surname:
        terms.add(surname.replace(" ", ""))
    for word in (*first.split(), *surname.split()):
        terms.add(word)
        terms.update(part for part in re.split(r"[-\u2019']", word) if len(part) >= 3)
    return {t for t in terms if len(t) >= MIN_NAME}


def case_terms(people: Iterable[CasePerson], extra: Iterable[str] = ()) -> CaseTerms:
    """The deny-lists for ``people``, plus ``extra`` words an officer gives (a child's
    name the report does not hold as a person, a nickname, a workplace)."""
    names: set[str] = set()
    identifiers: list[tuple[str, str]] = []
    births: list[tuple[int, int, int]] = []
    for person in people:
        if person.birth is not None:
            births.append(person.birth)
        names |= _name_terms(person.first_names, person.surname)
        for first, surname in person.aliases:
            names |= _name_terms(first, surname)
        for kind, value in person.identifiers:
            value = " ".join(str(value).split())
            if len(value) >= MIN_IDENTIFIER:
                identifiers.append((kind, value))
            if kind == "address":
                identifiers.extend((kind, part) for part in _address_parts(value))
            if kind == "handle" and value.startswith("@") and len(value) > 4:
                identifiers.append((kind, value[1:]))
    for word in extra:
        word = " ".join(str(word).split())
        if len(word) >= MIN_NAME:
            names.add(word)
    return CaseTerms(
        frozenset(names), tuple(dict.fromkeys(identifiers)), tuple(dict.fromkeys(births))
    )


_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b", re.IGNORECASE)


def _address_parts(value: str) -> list[str]:
    """An address's street line (before the first comma) and its postcode, to be found
    on their own as well as whole."""
    parts = []
    street = value.split(",", 1)[0].strip()
    if "," in value and len(street) >= MIN_IDENTIFIER + 2:
        parts.append(street)
    parts.extend(m.group(0) for m in _POSTCODE.finditer(value))
    return parts


MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()


def birth_pattern(year: int, month: int, day: int) -> str:
    """A date of birth in the ways it is written: 04/03/1991, 4.3.91, 1991-03-04,
    4th March 1991, 4 Mar 91, March 4th, 1991."""
    d, m = rf"0?{day}", rf"0?{month}"
    y = rf"(?:{year}|'?{year % 100:02d})"
    name = MONTH_NAMES[month - 1]
    mon = rf"(?:{name}|{name[:3]}\.?|{name[:4]}\.?)"
    ordinal = rf"{d}(?:st|nd|rd|th)?"
    sep = r"\s?[/.\-]\s?"
    return (
        rf"(?:{d}{sep}{m}{sep}{y}|{year}-0?{month}-0?{day}"
        rf"|{ordinal}\s*(?:of\s+)?{mon}\s*,?\s*{y}|{mon}\s+{ordinal}\s*,?\s*{y})"
    )


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


def _common_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _capitalised(word: str) -> str:
    """A one-word name that is also a common English word ("Will", "May"), matched only
    with its capital: "Will" and "WILL", never "will"."""
    return re.escape(word[0].upper()) + "(?i:" + re.escape(word[1:]) + ")"


def compile_terms(terms: CaseTerms) -> list[tuple[str, re.Pattern[str]]]:
    """One (entity, pattern) per kind of term; names in one alternation, longest first.

    Names match in any case, except a one-word name that is also one of spaCy's English
    stop words ("Will", "May", "Am"), which must start with its capital letter."""
    out: list[tuple[str, re.Pattern[str]]] = []
    common = _common_words()
    variants = {v for name in terms.names for v in (name, fold(name))}
    words = {v for v in variants if " " not in v and v.casefold() in common}
    variants -= words
    if words:
        body = "|".join(_capitalised(w) for w in sorted(words, key=lambda t: (-len(t), t)))
        out.append(("PERSON", re.compile(rf"(?<!\w)(?:{body})(?:s(?=['\u2019]))?(?!\w)")))
    if variants:
        body = "|".join(_phrase(t) for t in sorted(variants, key=lambda t: (-len(t), t)))
        # A plural possessive ("the Watsons' house") takes its "s" with it.
        out.append(
            ("PERSON", re.compile(rf"(?<!\w)(?:{body})(?:s(?=['\u2019]))?(?!\w)", re.IGNORECASE))
        )
    for kind, value in terms.identifiers:
        entity = IDENTIFIER_ENTITIES.get(kind, "CASE_IDENTIFIER")
        pattern = _phone_pattern(value) if kind == "phone" else None
        if kind == "vehicle":
            pattern = r"\s?".join(re.escape(ch) for ch in value if ch.isalnum())
        elif kind == "address":
            pattern = r"[\s,]+".join(re.escape(w) for w in re.split(r"[\s,]+", value) if w)
        text = pattern or _phrase(value)
        out.append((entity, re.compile(rf"(?<![\w+])(?:{text})(?![\w])", re.IGNORECASE)))
    for year, month, day in terms.births:
        out.append(
            (
                "DATE_OF_BIRTH",
                re.compile(rf"(?<![\w/.\-])(?:{birth_pattern(year, month, day)})(?![\w/])", re.I),
            )
        )
    return out


def fold_text(text: str) -> str:
    """``text`` with accents removed and curly quotes made plain, one character for one
    (so offsets still hold)."""
    out = []
    for ch in text.translate(_PLAIN):
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base if len(base) == 1 else ch)
    return "".join(out)

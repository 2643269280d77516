"""The regular expressions behind the UK recognisers Presidio does not ship, or ships too
weak for disclosure (postcodes at 0.1, phone numbers in Ofcom's drama ranges missed).

Each pattern names the part to redact ``(?P<pii>...)``; the words around it (``DOB``,
``passport no``) are context and stay in the copy. Every pattern is case-insensitive
unless it says otherwise; messages are often written in lower case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
#: A written date: 04/03/1991, 4.3.91, 1991-03-04, 4 March 1991, 4th of March, 1991, March 4th 1991.
DATE = (
    r"(?:\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?:\d{4}|\d{2})"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}{_ORD}\s*(?:of\s+)?{MONTHS}\s*,?\s*(?:\d{{4}}|'?\d{{2}}(?![:.]\d))"
    rf"|{MONTHS}\s+\d{{1,2}}{_ORD}\s*,?\s*(?:\d{{4}}|'?\d{{2}}(?![:.]\d)))"
)
DOB_CONTEXT = (
    r"(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?|birthday(?:\s+is)?"
    r"|b\.)"
)

STREET_TYPES = (
    r"(?:street|st|road|rd|avenue|ave|lane|ln|close|cl|drive|dr|way|crescent|cres|place|pl"
    r"|gardens|gdns|court|ct|terrace|terr|grove|gr|hill|park|square|sq|mews|row|walk|rise"
    r"|view|green|parade|mansions|estate|villas|vale|wharf|yard|gate|boulevard|broadway"
    r"|embankment|quay|meadows?|fields?|chase|croft|heights|drove|wynd|esplanade|circus"
    r"|approach|passage|copse|grange|orchard|glade|path|hall|cottages|buildings|house|bank|brow"
    r"|fold|nook|ridge|mount|hey|side|garth|shaw|leys|loke|tce|gdns|cres|ave|sq)"
)
_STOP = (
    r"(?:the|a|an|my|your|his|her|our|their|to|down|up|at|in|on|of|and|or|for|from|by|with"
    r"|times?|minutes?|hours?|days?|weeks?|months?|years?|mins?|hrs?|miles?|yards?|metres?"
    r"|meters?|people|cars?|doors?|houses?|am|pm|was|is|are|were|be|i|you|he|she|we|they)"
)
_NAME_WORD = rf"(?!{_STOP}\b)[a-z][a-z'\u2019\-]*"
_FLAT_ONE = (
    r"(?:flat|apartment|apt\.?|unit|room|suite|floor|block)\s+(?:\d+[a-z]?(?:/\d+[a-z]?)?|[a-h]\b)"
)
#: "Flat 3", "Flat C", "Room 14, Block C": one or two of them before a building or street.
_FLAT = rf"(?:{_FLAT_ONE}\s*,?\s+(?:{_FLAT_ONE}\s*,?\s+)?)"
_HOUSE_NO = r"\d{1,4}[a-z]?(?:\s?[-\u2013]\s?\d{1,4}[a-z]?)?"
_TOWN = r"(?:\s*,\s*(?-i:[A-Z][a-z]+(?:[ \-](?:upon|on|under|in|le|[A-Z][a-z]+)){0,3}))"
#: A street address: "12 Acacia Avenue", "Flat 3, 45 High Street, Leeds", "Flat 3 Rose Court".
ADDRESS = (
    rf"(?<![\w/.£$])(?P<pii>{_FLAT}?{_HOUSE_NO},?\s+(?:{_NAME_WORD}\s+){{1,3}}{STREET_TYPES}\b"
    rf"{_TOWN}{{0,2}}"
    rf"|{_FLAT}(?:{_NAME_WORD}\s+){{1,3}}{STREET_TYPES}\b{_TOWN}{{0,2}})"
)
#: A named street without a house number, capitalised: "lives on Acacia Avenue".
STREET_NAME = (
    r"(?-i:(?<![\w])(?P<pii>(?:[A-Z][a-z'\u2019]+(?:-[A-Z][a-z]+)?\s){1,3}"
    r"(?:Street|Road|Avenue|Lane|Close|Drive|Crescent|Gardens|Terrace|Grove|Mews|Rise"
    r"|Parade|Mansions|Estate|Villas|Way|Place|Square|Court|View|Hill|Walk|Row|Green|Park"
    r"|Vale|Gate|Wharf|Quay|Yard|Meadows?|Fields|Heights|Grange|Croft|Chase|Boulevard"
    r"|Rd|Ave|Gdns|Cres|Tce|Sq)\b\.?))"
)

#: A house number and a street called "The ...": "3 The Paddocks", "Flat 2, 7 The Maltings".
THE_STREET = (
    rf"(?<![\w/.£$])(?P<pii>{_FLAT}?{_HOUSE_NO},?\s+(?-i:The\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?))\b"
)

#: A flat or unit number makes what follows an address even without a street word:
#: "Apartment 4, 61 Deansgate", "Flat 2, Seacole House".
FLAT_ADDRESS = (
    rf"(?<![\w])(?P<pii>{_FLAT}(?:{_HOUSE_NO},?\s+)?(?-i:[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){{0,3}}))"
)

#: A named building, school or practice written before its street address:
#: "Seacole House, 120 Borough High Street", "Greenfield Primary, 3 School Lane".
BUILDING = (
    r"(?-i:(?<![\w])(?P<pii>(?:[Tt]he\s)?(?:[A-Z][a-z'\u2019]+\s){0,3}(?:House|Court|Lodge|Cottages?|Farm"
    r"|Hall|Primary|School|Nursery|Academy|College|Centre|Center|Mansions|Tower|Apartments"
    r"|Rectory|Manor|Barn|Mill|Surgery|Practice|Clinic|Hospital|Church|Chapel|Club|Works"
    r"|Buildings|Studios|Chambers|Vicarage|Grange|Cottage|Villa|Bungalow))"
    rf"(?=\s*,\s*(?:{_HOUSE_NO},?\s+(?i:(?:{_NAME_WORD}\s+){{1,3}}{STREET_TYPES}\b)"
    r"|(?:[A-Z][a-z]+\s){1,3}(?:Street|Road|Avenue|Lane|Close|Drive|Way|Hill|Green)\b)))"
)

#: A school or nursery by its name: "St Mary's Primary", "Greenacres Primary School",
#: "Hillcrest Juniors". (A child's school locates the child.)
SCHOOL = (
    r"(?-i:(?<![\w])(?P<pii>(?:St\.?\s|Saint\s)?(?:[A-Z][a-z'\u2019]+\s){1,3}"
    r"(?:(?:Primary|Junior|Infant|High|Grammar|Secondary|Community|C of E|RC)\s(?:School|Academy)"
    r"|Primary|Juniors|Infants|Academy|Nursery|Pre-School|Preschool)\b))"
)

#: An age: "aged 41", "Age: 9", "41 years old", "(9 yrs)", "a 34-year-old", "16yo".
AGES = (
    r"\bage(?:d|\s*:)?\s+(?P<pii>\d{1,3})(?!\d|[:/.]\d|%)",
    r"\bage:\s*(?P<pii>\d{1,3})(?!\d|[:/.]\d|%)",
    r"(?<![\w£$.])(?P<pii>\d{1,3}\s?(?:-\s?)?(?:years?|yrs?)\s?(?:-\s?)?old\b|\d{1,2}\s?y/?o\b)",
    r"\(\s*(?P<pii>\d{1,2}\s?yrs?)\s*\)",
    # "Dean WHITLOCK (41)": two digits in brackets straight after a capitalised word.
    r"(?-i:(?<![\w])(?!(?i:item|page|para(?:graph)?|section|annex|appendix|exhibit|schedule"
    r"|count|charge|rule|reg(?:ulation)?|article|clause|part|chapter|table|figure|line|box"
    r"|question|point|step|stage|no)\b)[A-Z][A-Za-z'\u2019]+ \((?P<pii>[1-9]\d)\))",
)

#: Courts and police stations are places of hearing and work, not anyone's address.
_COURT = re.compile(
    r"(?:magistrates|crown|county|family|youth|coroner|high)['\u2019s]*\s+court"
    r"|justice\s+centre|law\s+courts|police\s+station|tribunal",
    re.IGNORECASE,
)


def not_a_court(value: str) -> bool:
    return _COURT.search(value) is None


#: Full UK postcodes in any case, spaced or not (BS 7666 shape, plus GIR 0AA).
POSTCODE = (
    r"(?<![\w])(?P<pii>(?:gir\s?0aa|[a-pr-uwyz](?:\d[a-hjkpstuw\d]?|[a-hk-y]\d[abehmnprv-y\d]?)"
    r"\s?\d[abd-hjlnp-uw-z]{2}))(?![\w])"
)

#: UK numbers: 0 or +44 / 0044 (with an optional "(0)"), then 9-10 digits in any grouping
#: of spaces, dots, hyphens and brackets: 07700 900123, (020) 7946 0018, +44 (0)161 496 0000.
UK_PHONE = (
    r"(?<![\w+\-/.])(?P<pii>(?:(?:\+|00)\s?44\s?[\-.]?\s?(?:\(\s?0\s?\)\s?)?\(?|\(?0\)?[ \-.]?)"
    r"\d(?:(?:[ \-.]|\)\s?|\s?\(\s?)?\d){8,9})(?!\d)"
)
#: International numbers written with + and a country code other than the UK's.
INTL_PHONE = (
    r"(?<![\w+\-/.])(?P<pii>(?:\+|00)(?!44)[1-9]\d{0,2}(?:[ \-.]?\(?\d{1,4}\)?){2,5})(?![\d])"
)

#: A town or city written just before a postcode: "Leeds LS1 4AB", "Bristol\nBS1 6XN".
TOWN_BEFORE_POSTCODE = (
    r"(?-i:(?<![\w])(?P<pii>[A-Z][a-z]+(?:[ \-](?:upon|on|under|le|[A-Z][a-z]+)){0,3}))"
    rf"[ \t]*,?[ \t]*\n?[ \t]*(?={POSTCODE.replace('(?P<pii>', '(?:')})"
)

#: The lines of a written address above its postcode (a letter's heading, a form):
#: up to five short lines without sentence punctuation, each starting with a capital or
#: a digit, then the postcode line.
ADDRESS_BLOCK = (
    r"(?m)^(?P<pii>(?:(?-i:[A-Z0-9])[^\n.!?:;]{0,49}[ \t]*\n){1,5})"
    rf"[ \t]*(?={POSTCODE.replace('(?P<pii>', '(?:')})"
)

#: An e-mail address written to dodge filters: "alice [at] example [dot] com".
EMAIL_SPELT = (
    r"(?<![\w.])(?P<pii>[a-z0-9][a-z0-9._\-]*\s*(?:\(at\)|\[at\]|\{at\})\s*"
    r"[a-z0-9\-]+(?:\s*(?:\(dot\)|\[dot\]|\{dot\}|\s+dot\s+|\.)\s*[a-z0-9\-]+)+"
    r"|[a-z0-9][a-z0-9._\-]*\s+at\s+[a-z0-9\-]+(?:\s+dot\s+[a-z0-9\-]+)+)(?![\w])"
)

#: Bank details written beside their words: sort code 12-34-56, account number 12345678.
SORT_CODE = r"sort\s*code\b[^\d\n]{0,15}(?P<pii>\d{2}[\s\-]?\d{2}[\s\-]?\d{2})(?!\d)"
ACCOUNT = r"(?:account|acc|a/c)\.?\s*(?:number|no\.?|#)?\s*[:\-]?\s*(?P<pii>\d{8})(?!\d)"

EMAIL = r"(?<![\w.+\-])(?P<pii>[a-z0-9][a-z0-9._%+\-]*@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+)"
HANDLE = r"(?<![\w@./])(?P<pii>@[a-z0-9_](?:[a-z0-9_.]{1,28}[a-z0-9_]))(?![\w@])"
SOCIAL_URL = (
    r"(?P<pii>(?:https?://)?(?:www\.|m\.)?(?:facebook|fb|instagram|twitter|x|tiktok|snapchat"
    r"|linkedin|onlyfans|youtube|threads|reddit)\.com/[\w.\-@/?=%&]+)"
)
NINO = (
    r"(?<![\w])(?P<pii>(?:qq|(?!bg|gb|nk|kn|tn|nt|zz)[a-ceghj-pr-tw-z][a-ceghj-npr-tw-z])"
    r"\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]?)(?![\w])"
)
PASSPORT = r"passport\b[^\d\n]{0,30}?(?P<pii>\d{9})(?!\d)"
DRIVING_LICENCE = (
    r"(?<![\w])(?P<pii>[a-z9]{5}\d[0156]\d(?:[0][1-9]|[12]\d|3[01])\d[a-z9]{2}\d[a-z]{2})(?![\w])"
)
VEHICLE = (
    r"(?<![\w])(?P<pii>(?-i:[A-Z]{2}\d{2}\s?[A-Z]{3}|[A-Z]\s?\d{1,3}\s?[A-Z]{3}"
    r"|[A-Z]{3}\s?\d{1,3}\s?[A-Z])"
    r"|[a-z]{2}\d{2}\s?[a-z]{3})(?![\w])"
)


@dataclass(frozen=True)
class Rule:
    """One recogniser pattern: what it finds, how sure it is, and its expression."""

    entity: str
    score: float
    pattern: re.Pattern[str]
    #: Whether a match (the ``pii`` text) is kept; every match when ``None``.
    check: Callable[[str], bool] | None = None


def _rule(
    entity: str,
    score: float,
    pattern: str,
    flags: int = re.IGNORECASE,
    check: Callable[[str], bool] | None = None,
) -> Rule:
    return Rule(entity, score, re.compile(pattern, flags), check)


#: A full date this many years or more in the past is more likely a birth date than an
#: event in a stalking case (events are recent); proposed at a lower score without context.
BIRTH_YEARS_BACK = 10
_YEAR = re.compile(r"(\d{4}|'?\d{2})\s*$")


def long_ago(value: str) -> bool:
    """Whether a written full date falls at least ``BIRTH_YEARS_BACK`` years ago (two-digit
    years are read as 19xx above the current two-digit year, 20xx otherwise)."""
    iso = re.match(r"\s*(\d{4})-", value)
    found = iso or _YEAR.search(value)
    if found is None:
        return False
    now = datetime.now(UTC).year
    text = found.group(1).lstrip("'")
    year = int(text)
    if len(text) == 2:
        year += 2000 if year <= now % 100 else 1900
    return 1900 <= year <= now - BIRTH_YEARS_BACK


#: Words just before a date, a dotted number or a number that make it something other
#: than personal data: a legal or procedural date ("order made 12/11/2014", "judgment
#: dated 2 May 2008"), a software version ("version 10.2.14", "UFED 7.68.0.32").
NOT_PERSONAL_BEFORE = re.compile(
    r"(?:\b(?:dated|made|varied|expires?|expired|issued|granted|served|signed|judgment"
    r"|judgement|convicted|sentenced|hearing|listed|heard|adjourned|released|effective"
    r"|commenced|version|ver|build|release|firmware|ios|android|ufed|v)(?:\s+on)?\.?\s*)$",
    re.IGNORECASE,
)
#: Entities whose proposals below this score (found without a word such as "DOB") are
#: dropped after one of the words above.
REFUSABLE = {"DATE_OF_BIRTH": 0.9, "IP_ADDRESS": 1.01}


def refused(text: str, start: int, entity: str, score: float) -> bool:
    """Whether a proposal at ``start`` is a legal date or a version number, not
    personal data, by the words just before it."""
    limit = REFUSABLE.get(entity)
    if limit is None or score >= limit:
        return False
    return NOT_PERSONAL_BEFORE.search(text, max(0, start - 30), start) is not None


def not_freephone(value: str) -> bool:
    """Freephone numbers (0800, 0808) are organisations' helplines, not a person's."""
    return re.sub(r"\D", "", value)[:4] not in {"0800", "0808"}


def digits(value: str) -> int:
    return sum(ch.isdigit() for ch in value)


RULES: tuple[Rule, ...] = (
    _rule("PHONE_NUMBER", 0.85, UK_PHONE, check=not_freephone),
    _rule("PHONE_NUMBER", 0.7, INTL_PHONE, check=lambda v: digits(v) >= 9),
    _rule("EMAIL_ADDRESS", 0.95, EMAIL),
    _rule("EMAIL_ADDRESS", 0.7, EMAIL_SPELT),
    _rule("BANK_ACCOUNT", 0.85, SORT_CODE),
    _rule("BANK_ACCOUNT", 0.8, ACCOUNT),
    _rule("UK_POSTCODE", 0.85, POSTCODE),
    _rule("ADDRESS", 0.75, ADDRESS),
    _rule("ADDRESS", 0.6, STREET_NAME, check=not_a_court),
    _rule("ADDRESS", 0.6, SCHOOL),
    _rule("ADDRESS", 0.6, THE_STREET),
    _rule("ADDRESS", 0.6, TOWN_BEFORE_POSTCODE),
    _rule("ADDRESS", 0.7, FLAT_ADDRESS),
    _rule("ADDRESS", 0.5, ADDRESS_BLOCK),
    _rule("ADDRESS", 0.6, BUILDING, check=not_a_court),
    _rule("DATE_OF_BIRTH", 0.9, rf"{DOB_CONTEXT}[\s:(\-\u2013]*(?:is|was)?[\s:(]*(?P<pii>{DATE})"),
    _rule("DATE_OF_BIRTH", 0.5, rf"(?<![\w/.\-])(?P<pii>{DATE})(?![\w/])", check=long_ago),
    _rule("DATE_OF_BIRTH", 0.75, r"born\s+in\s+(?P<pii>(?:19|20)\d{2})\b"),
    _rule("SOCIAL_HANDLE", 0.6, HANDLE),
    _rule("SOCIAL_HANDLE", 0.8, SOCIAL_URL),
    _rule("UK_NINO", 0.85, NINO),
    _rule("UK_PASSPORT", 0.85, PASSPORT),
    _rule("UK_DRIVING_LICENCE", 0.85, DRIVING_LICENCE),
    _rule("UK_VEHICLE_REGISTRATION", 0.8, VEHICLE),
    *(_rule("AGE", 0.6, pattern) for pattern in AGES),
)

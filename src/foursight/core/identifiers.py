"""Identifiers: normalise phones, e-mails, handles, names, postcodes and vehicles.

Every normaliser keeps the raw value untouched (the caller stores both) and returns the
normalised form, or ``None`` when the raw value cannot be a valid identifier of that kind.
Normalised forms are what matching and linkage compare; raw forms are what a court sees.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers


class IdentifierKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    HANDLE = "handle"
    VEHICLE = "vehicle"
    ADDRESS = "address"


@dataclass(frozen=True, slots=True)
class Identifier:
    """One identifier as given (``raw``) and as compared (``normalised``)."""

    kind: IdentifierKind
    raw: str
    normalised: str | None
    platform: str = ""


_WITHHELD = {"", "withheld", "private", "unknown", "-1", "-2", "anonymous", "restricted"}


def normalise_phone(raw: str, default_region: str = "GB") -> str | None:
    """Return the E.164 form of ``raw`` (``"07700 900456"`` -> ``"+447700900456"``).

    Withheld or unparseable numbers give ``None``; short codes that are possible numbers
    but not valid in the region are still returned in E.164 so that they can be matched.
    """
    text = raw.strip()
    if text.lower() in _WITHHELD:
        return None
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


def normalise_email(raw: str) -> str | None:
    """Lower-case an e-mail address; for Gmail drop dots and ``+tags`` in the local part."""
    text = raw.strip().strip("<>").lower()
    if not _EMAIL.match(text):
        return None
    local, domain = text.rsplit("@", 1)
    if domain in _GMAIL_DOMAINS:
        local = local.split("+", 1)[0].replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


_HANDLE = re.compile(r"^[a-z0-9._]{1,64}$")


def normalise_handle(raw: str) -> str | None:
    """Lower-case a social-media handle and drop a leading ``@`` or profile URL prefix."""
    text = raw.strip().lower()
    text = re.sub(r"^https?://(www\.)?[^/]+/", "", text).strip("/")
    text = text.lstrip("@")
    return text if _HANDLE.match(text) else None


_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")


def normalise_postcode(raw: str) -> str | None:
    """Return a UK postcode as ``"N1 9GU"`` (upper case, one space), or ``None``."""
    text = re.sub(r"\s+", "", raw.upper())
    match = _POSTCODE.match(text)
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def postcode_district(postcode: str | None) -> str | None:
    """The outward code of a normalised postcode (``"N1 9GU"`` -> ``"N1"``)."""
    return postcode.split(" ", 1)[0] if postcode else None


def normalise_vehicle(raw: str) -> str | None:
    """Upper-case a vehicle registration and remove spaces and dashes."""
    text = re.sub(r"[\s-]+", "", raw.upper())
    return text if re.fullmatch(r"[A-Z0-9]{2,8}", text) else None


def normalise_name(raw: str) -> str:
    """Fold a name for comparison: strip accents, lower-case, keep letters, one space.

    ``"  O'Brien-Smith "`` -> ``"obrien smith"``.
    """
    decomposed = unicodedata.normalize("NFKD", raw)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = re.sub(r"['\u2019`]", "", ascii_only.lower())
    cleaned = re.sub(r"[^a-z]+", " ", cleaned)
    return cleaned.strip()


def normalise(kind: IdentifierKind | str, raw: str) -> str | None:
    """Normalise ``raw`` as an identifier of ``kind``; addresses normalise by postcode."""
    kind = IdentifierKind(kind)
    if kind is IdentifierKind.PHONE:
        return normalise_phone(raw)
    if kind is IdentifierKind.EMAIL:
        return normalise_email(raw)
    if kind is IdentifierKind.HANDLE:
        return normalise_handle(raw)
    if kind is IdentifierKind.VEHICLE:
        return normalise_vehicle(raw)
    match = re.search(r"[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}\s*$", raw.strip())
    postcode = normalise_postcode(match.group(0)) if match else None
    return f"{normalise_name(raw)}|{postcode or ''}"

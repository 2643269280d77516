"""The import metadata an officer gives with an exhibit, checked field by field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from foursight.core.events import Channel
from foursight.core.importers import ImportContext, importers
from foursight.errors import InvalidInput

_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/._-]{0,59}$")
_LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


@dataclass(frozen=True)
class ImportMeta:
    """Exhibit reference, the victim's identifiers, locale, zone and the consent record."""

    reference: str
    victim_ids: tuple[str, ...]
    tz: str = "Europe/London"
    locale: str = ""
    consent_reference: str = ""
    scope_from: date | None = None
    scope_to: date | None = None
    scope_apps: tuple[str, ...] = ()
    scope_conversations: tuple[str, ...] = field(default=())
    format: str = ""

    def context(self) -> ImportContext:
        zone = ZoneInfo(self.tz)
        start = end = None
        if self.scope_from is not None:
            start = datetime.combine(self.scope_from, time(), zone)
        if self.scope_to is not None:
            end = datetime.combine(self.scope_to + timedelta(days=1), time(), zone)
        return ImportContext(
            own_identifiers=frozenset(self.victim_ids),
            own_names=frozenset(self.victim_ids),
            locale=self.locale or None,
            tz_name=self.tz,
            date_from=start,
            date_to=end,
            channels=frozenset(Channel(a) for a in self.scope_apps),
            conversations=frozenset(self.scope_conversations),
        )

    def basis(self) -> str:
        if not self.consent_reference:
            return "no PCSC22 s.37 agreement recorded (not taken from a victim's device)"
        parts = [f"PCSC22 s.37 agreement ref {self.consent_reference}"]
        parts.append(f"scope {self.scope_from or 'start'}..{self.scope_to or 'end'}")
        parts.append("apps " + (", ".join(self.scope_apps) or "all"))
        if self.scope_conversations:
            parts.append("conversations " + ", ".join(self.scope_conversations))
        return ", ".join(parts)


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else str(value).replace("\n", ",").split(",")
    return [str(v).strip() for v in items if str(v).strip()]


def _date(value: Any, name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise InvalidInput(f"{name}: give a date as YYYY-MM-DD", field=name) from exc


def clean_meta(data: dict[str, Any]) -> ImportMeta:
    """Check the metadata; ``InvalidInput`` names the first bad field."""
    reference = str(data.get("exhibit") or "").strip()
    if not _REFERENCE.match(reference):
        raise InvalidInput(
            "exhibit: give the exhibit reference (letters, digits, / . _ -; up to 60)",
            field="exhibit",
        )
    victim_ids = _list(data.get("victim_ids"))
    if not victim_ids:
        raise InvalidInput(
            "victim_ids: give at least one of the victim's own numbers, addresses or names",
            field="victim_ids",
        )
    if any(len(v) > 200 for v in victim_ids):
        raise InvalidInput("victim_ids: each identifier at most 200 characters", field="victim_ids")
    tz = str(data.get("tz") or "Europe/London").strip()
    try:
        if tz not in available_timezones():
            raise ZoneInfoNotFoundError(tz)
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            f"tz: unknown time zone {tz!r} (use an IANA name such as Europe/London)", field="tz"
        ) from exc
    locale = str(data.get("locale") or "").strip()
    if locale and not _LOCALE.match(locale):
        raise InvalidInput(f"locale: {locale!r} is not a locale such as en_GB", field="locale")
    consent = str(data.get("consent_reference") or "").strip()
    if len(consent) > 80:
        raise InvalidInput("consent_reference: at most 80 characters", field="consent_reference")
    scope_from = _date(data.get("scope_from"), "scope_from")
    scope_to = _date(data.get("scope_to"), "scope_to")
    if consent and (scope_from is None or scope_to is None):
        field = "scope_from" if scope_from is None else "scope_to"
        raise InvalidInput(
            f"{field}: a s.37 agreement has a date range; give scope_from and scope_to",
            field=field,
        )
    if scope_from and scope_to and scope_to < scope_from:
        raise InvalidInput("scope_to: the scope ends before it starts", field="scope_to")
    apps = _list(data.get("scope_apps"))
    known = {c.value for c in Channel}
    for app in apps:
        if app not in known:
            raise InvalidInput(
                f"scope_apps: unknown app {app!r}; expected some of {', '.join(sorted(known))}",
                field="scope_apps",
            )
    conversations = _list(data.get("scope_conversations"))
    fmt = str(data.get("format") or "").strip()
    ids = sorted(i.id for i in importers())
    if fmt and fmt not in ids:
        raise InvalidInput(
            f"format: unknown format {fmt!r}; expected one of {', '.join(ids)}", field="format"
        )
    return ImportMeta(
        reference=reference,
        victim_ids=tuple(victim_ids),
        tz=tz,
        locale=locale,
        consent_reference=consent,
        scope_from=scope_from,
        scope_to=scope_to,
        scope_apps=tuple(sorted(set(apps))),
        scope_conversations=tuple(conversations),
        format=fmt,
    )

"""The report's event timeline: filters and keyset pagination shared by API and pages.

Pages are keyed on ``(ts_utc, id)`` and read through the ``event_timeline`` index, so the
first screen costs the same at a thousand events or a million. The cursor ``after`` is
``<microseconds since the epoch>-<row id>`` of the last row shown.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from foursight.cases.models import Report
from foursight.core.events import Channel, EventKind
from foursight.core.importers import normalise_counterpart
from foursight.errors import InvalidInput
from foursight.evidence.models import EventSource, Exhibit, ExhibitLink, RuleHit, StoredEvent


@dataclass(frozen=True)
class EventFilters:
    channel: str = ""
    counterpart: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    rule: str = ""
    event: str = ""

    def audit_detail(self) -> dict[str, Any]:
        return {k: str(v) for k, v in asdict(self).items() if v}


def check_filters(filters: EventFilters) -> EventFilters:
    if filters.channel and filters.channel not in {c.value for c in Channel}:
        raise InvalidInput(f"channel: unknown channel {filters.channel!r}", field="channel")
    if filters.kind and filters.kind not in {k.value for k in EventKind}:
        raise InvalidInput(f"kind: unknown kind {filters.kind!r}", field="kind")
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        raise InvalidInput("date_to: the range ends before it starts", field="date_to")
    if filters.event and not (len(filters.event) == 32 and filters.event.isalnum()):
        raise InvalidInput("event: an event id is 32 hex digits", field="event")
    if len(filters.rule) > 20 or len(filters.counterpart) > 300:
        raise InvalidInput("rule or counterpart: too long", field="rule")
    return filters


def _bound(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def filtered(report: Report, filters: EventFilters) -> QuerySet[StoredEvent]:
    rows = StoredEvent.objects.filter(report=report)
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    if filters.counterpart:
        wanted = normalise_counterpart(filters.counterpart)
        rows = rows.filter(Q(counterpart=wanted) | Q(counterpart_raw=filters.counterpart))
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.date_from:
        rows = rows.filter(ts_utc__gte=_bound(filters.date_from))
    if filters.date_to:
        rows = rows.filter(ts_utc__lt=_bound(filters.date_to + timedelta(days=1)))
    if filters.event:
        rows = rows.filter(event_id=filters.event)
    if filters.rule:
        hits = RuleHit.objects.filter(report=report, rule=filters.rule).values("event_id")
        rows = rows.filter(event_id__in=hits)
    return rows


def cursor_of(row: StoredEvent) -> str:
    micros = int(row.ts_utc.timestamp() * 1_000_000)
    return f"{micros}-{row.pk}"


def parse_cursor(after: str) -> tuple[datetime, int] | None:
    if not after:
        return None
    try:
        micros, pk = after.split("-", 1)
        ts = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(micros))
        return ts, int(pk)
    except ValueError as exc:
        raise InvalidInput("after: not a cursor from a previous page", field="after") from exc


def _unfiltered_count(report: Report) -> int:
    """Every event of the report, from the imported exhibits' counts (the rows of an
    import under way or left by one that died are not evidence, and are not counted),
    so the first screen does not count a million rows."""
    exhibits = Exhibit.objects.filter(report=report, status=Exhibit.Status.IMPORTED)
    return sum(exhibits.values_list("events", flat=True))


def page(
    report: Report, filters: EventFilters, after: str = "", limit: int = 50
) -> tuple[list[StoredEvent], str, int]:
    """One page of events in time order, the cursor of the next page ("" at the end), and
    how many events match."""
    rows = filtered(report, check_filters(filters))
    count = _unfiltered_count(report) if filters == EventFilters() else rows.count()
    position = parse_cursor(after)
    if position is not None:
        ts, pk = position
        rows = rows.filter(Q(ts_utc__gt=ts) | Q(ts_utc=ts, pk__gt=pk))
    found = list(rows.select_related("exhibit").order_by("ts_utc", "id")[: limit + 1])
    more = len(found) > limit
    found = found[:limit]
    return found, cursor_of(found[-1]) if more and found else "", count


def events_out(report: Report, rows: list[StoredEvent]) -> list[dict[str, Any]]:
    """Events as the API and pages show them, with rule hits and every source reference."""
    ids = [r.event_id for r in rows]
    hits: dict[str, list[dict[str, Any]]] = {}
    for hit in RuleHit.objects.filter(report=report, event_id__in=ids).order_by("rule"):
        hits.setdefault(hit.event_id, []).append({"rule": hit.rule, "severity": hit.severity})
    sources: dict[int, list[dict[str, str]]] = {}
    extra = EventSource.objects.filter(event__in=[r.pk for r in rows]).select_related("exhibit")
    for s in extra.order_by("id"):
        sources.setdefault(s.event_id, []).append(
            {
                "exhibit": s.exhibit.reference,
                "event_id": s.source_event_id,
                "sha256": s.source_sha256,
                "locator": s.locator,
            }
        )
    proved: dict[int, list[dict[str, Any]]] = {}
    links = ExhibitLink.objects.filter(event__in=[r.pk for r in rows]).select_related("exhibit")
    for link in links.order_by("id"):
        assert link.event_id is not None
        proved.setdefault(link.event_id, []).append(
            {"exhibit": link.exhibit.reference, "exhibit_id": link.exhibit_id, "note": link.note}
        )
    out = []
    for r in rows:
        first = {
            "exhibit": r.exhibit.reference,
            "event_id": r.event_id,
            "sha256": r.source_sha256,
            "locator": r.locator,
        }
        out.append(
            {
                "id": r.pk,
                "event_id": r.event_id,
                "channel": r.channel,
                "direction": r.direction,
                "counterpart_raw": r.counterpart_raw,
                "counterpart": r.counterpart,
                "author_label": r.author_label,
                "ts_raw": r.ts_raw,
                "ts_utc": r.ts_utc,
                "tz_assumed": r.tz_assumed,
                "ts_confidence": r.ts_confidence,
                "body": r.body,
                "kind": r.kind,
                "withheld": r.withheld,
                "conversation": r.conversation,
                "duration_s": r.duration_s,
                "attachments": json.loads(r.attachments or "[]"),
                "meta": json.loads(r.meta or "{}"),
                "parser": r.parser,
                "rules": hits.get(r.event_id, []),
                "sources": [first, *sources.get(r.pk, [])],
                "proved_by": proved.get(r.pk, []),
            }
        )
    return out

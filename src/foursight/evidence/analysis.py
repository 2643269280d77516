"""The course-of-conduct analysis of a report's stored events, and what follows from it.

After each import and each attribution the analysis is run again over every stored event
of the report (:func:`foursight.core.conduct.analyse_conduct`, with the identifiers
attributed to suspects), stored as canonical JSON, its threat-rule hits indexed for the
timeline filter, and the report's evidence occasions handed to the cases app, which owns
them (:func:`foursight.cases.occasion_actions.replace_derived_occasions`): an occasion
already on the report is kept, a new one is added, one the evidence no longer shows is
removed. Re-running on unchanged events changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Party, Report
from foursight.cases.occasion_actions import DerivedOccasion, replace_derived_occasions
from foursight.core.conduct import ConductConfig, ConductResult, analyse_conduct
from foursight.core.events import (
    Attachment,
    Channel,
    ContactEvent,
    Direction,
    EventKind,
    TsConfidence,
)
from foursight.evidence.models import Analysis, Attribution, Exhibit, RuleHit, StoredEvent
from foursight.people.models import Identifier

FIELDS = (
    "event_id source_sha256 locator channel direction counterpart_raw counterpart author_label "
    "ts_raw ts_utc tz_assumed ts_confidence body kind withheld conversation duration_s "
    "attachments meta parser"
).split()


def to_event(row: tuple[Any, ...]) -> ContactEvent:
    v = dict(zip(FIELDS, row, strict=True))
    return ContactEvent(
        event_id=v["event_id"],
        source_file_sha256=v["source_sha256"],
        source_locator=v["locator"],
        channel=Channel(v["channel"]),
        direction=Direction(v["direction"]),
        counterpart_raw=v["counterpart_raw"],
        counterpart=v["counterpart"],
        author_label=v["author_label"],
        ts_raw=v["ts_raw"],
        ts_utc=v["ts_utc"],
        tz_assumed=v["tz_assumed"],
        ts_confidence=TsConfidence(v["ts_confidence"]),
        body=v["body"],
        kind=EventKind(v["kind"]),
        attachments=tuple(Attachment(**a) for a in json.loads(v["attachments"] or "[]")),
        withheld=v["withheld"],
        conversation=v["conversation"],
        duration_s=v["duration_s"],
        meta=tuple(sorted(json.loads(v["meta"] or "{}").items())),
        parser=v["parser"],
    )


def report_events(report: Report) -> list[ContactEvent]:
    rows = StoredEvent.objects.filter(report=report).order_by("ts_utc", "id")
    return [to_event(r) for r in rows.values_list(*FIELDS).iterator(chunk_size=5000)]


def suspect_ids(report: Report) -> list[str]:
    """Identifiers attributed on this report, plus those recorded on its suspects."""
    ids = set(Attribution.objects.filter(report=report).values_list("identifier", flat=True))
    persons = Party.objects.filter(report=report, role=Party.Role.SUSPECT).values("person_id")
    recorded = Identifier.objects.filter(
        person_id__in=persons, kind__in=["phone", "email", "handle"]
    )
    ids |= {i.normalised or i.raw for i in recorded}
    return sorted(ids)


def victim_ids(report: Report) -> list[str]:
    ids: set[str] = set()
    imported = Exhibit.objects.filter(report=report, status=Exhibit.Status.IMPORTED)
    for values in imported.values_list("victim_ids", flat=True):
        ids.update(values)
    return sorted(ids)


def files(report: Report) -> list[dict[str, Any]]:
    exhibits = Exhibit.objects.filter(report=report, status=Exhibit.Status.IMPORTED)
    return [
        {
            "path": x.file_name,
            "exhibit": x.reference,
            "sha256": x.original_id,
            "format": x.format,
            "parser_version": x.parser_version,
            "events": x.events + x.duplicates,
            "problems": x.problems,
        }
        for x in exhibits.order_by("id")
    ]


def report_tz(report: Report) -> str:
    first = (
        Exhibit.objects.filter(report=report, status=Exhibit.Status.IMPORTED).order_by("id").first()
    )
    return first.tz if first else "Europe/London"


NOT_CONTACT = {EventKind.SYSTEM, EventKind.BLOCK, EventKind.UNBLOCK}


def heatmap(events: list[ContactEvent], tz: str) -> list[list[int]]:
    """Inbound contacts by weekday (Monday first) and local hour in ``tz``."""
    zone = ZoneInfo(tz)
    grid = [[0] * 24 for _ in range(7)]
    for e in events:
        if e.direction == Direction.IN and e.kind not in NOT_CONTACT:
            local = e.ts_utc.astimezone(zone)
            grid[local.weekday()][local.hour] += 1
    return grid


def compute(report: Report, events: list[ContactEvent] | None = None) -> ConductResult:
    """The analysis of the report's events; ``to_json()`` is ``foursight conduct --json``."""
    tz = report_tz(report)
    result = analyse_conduct(
        report_events(report) if events is None else events,
        suspect_ids=suspect_ids(report),
        victim_ids=victim_ids(report),
        config=ConductConfig(tz=tz),
    )
    return replace(result, files=tuple(files(report)))


def _derived_occasions(result: ConductResult) -> list[DerivedOccasion]:
    threat_ids = {t["event_id"] for t in result.threats if t.get("rule")}
    derived = []
    for occ in result.occasions:
        channels = ", ".join(occ.channels)
        ids = ", ".join(occ.identifiers)
        behaviours = (
            ("contacting", "threats") if threat_ids & set(occ.event_ids) else ("contacting",)
        )
        derived.append(
            DerivedOccasion(
                started_at=occ.start,
                ended_at=occ.end,
                behaviours=behaviours,
                description=f"{occ.events} contacts by {channels} from {ids} (phone evidence)",
            )
        )
    return derived


def refresh(actor: User | None, report: Report) -> dict[str, Any]:
    """Run the analysis again; store it, its rule hits and the evidence occasions."""
    events = report_events(report)
    result = compute(report, events)
    tz = report_tz(report)
    text = json.dumps(result.to_json(), sort_keys=True, ensure_ascii=False)
    with transaction.atomic():
        Analysis.objects.update_or_create(
            report=report,
            defaults={
                "result": text,
                "computed_at": timezone.now(),
                "tz": tz,
                "heatmap": heatmap(events, tz),
            },
        )
        RuleHit.objects.filter(report=report).delete()
        RuleHit.objects.bulk_create(
            [
                RuleHit(
                    report=report,
                    event_id=t["event_id"],
                    rule=t["rule"],
                    severity=int(t.get("severity") or 0),
                )
                for t in result.threats
                if t.get("rule")  # model prompts have no rule
            ],
            batch_size=1000,
        )
        added, removed = replace_derived_occasions(
            actor, report, "evidence", _derived_occasions(result)
        )
        record(
            actor,
            Verb.CONDUCT_ANALYSED,
            "conduct",
            report.pk,
            detail={
                "events": result.events,
                "occasions_added": added,
                "occasions_removed": removed,
            },
        )
    return result.to_json()


def stored(report: Report) -> dict[str, Any] | None:
    row = Analysis.objects.filter(report=report).first()
    return json.loads(row.result) if row else None


def stored_row(report: Report) -> Analysis | None:
    return Analysis.objects.filter(report=report).first()

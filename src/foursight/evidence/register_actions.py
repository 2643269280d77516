"""The exhibit register: body-worn video, CCTV, photographs, screenshots, documents and
audio, each under a producer's reference (``AR/1``), kept write-once in the originals
store with its custody log, and linked to the occasions and contact events it proves.

Actions take a typed command built by the API, the pages and the CLI; a bad field
raises an error naming it and changes nothing (the received bytes are removed).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Occasion
from foursight.core.exhibits import RuleBroken, check_content, clean_kind, clean_reference
from foursight.core.importers import sha256_file
from foursight.errors import Conflict, IntegrityFailure, InvalidInput
from foursight.evidence.access import evidence_writer_report, exhibit_by_id
from foursight.evidence.importing import actor_label
from foursight.evidence.models import Exhibit, ExhibitLink, Original, StoredEvent
from foursight.evidence.receiving import ReceivedFile
from foursight.evidence.store import add_custody, original_path

LONDON = ZoneInfo("Europe/London")
MAX_NAME = 200


@dataclass(frozen=True)
class RegisterExhibit:
    """Register one exhibit file on a report."""

    report_id: int
    reference: str
    kind: str
    description: str
    produced_by: str
    seized_at: datetime | None
    seized_where: str
    justification: str = ""


@dataclass(frozen=True)
class LinkExhibit:
    """Link an exhibit to one occasion or one contact event of its report."""

    exhibit_id: int
    occasion_id: int | None
    event_id: int | None
    note: str = ""
    justification: str = ""


def _when(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise InvalidInput(
                "seized_at: give the date and time of seizure as YYYY-MM-DDTHH:MM",
                field="seized_at",
            ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=LONDON)
    return parsed


def _rule(run: Any, *args: Any) -> Any:
    try:
        return run(*args)
    except RuleBroken as exc:
        raise InvalidInput(exc.message, field=exc.field) from None


def register_command(
    report_id: int, data: dict[str, Any], justification: str = ""
) -> RegisterExhibit:
    """The command from form or API fields; each bad field is named."""
    reference = _rule(clean_reference, str(data.get("reference") or ""))
    kind = _rule(clean_kind, str(data.get("kind") or ""))
    description = " ".join(str(data.get("description") or "").split())
    if not description:
        raise InvalidInput("description: describe the exhibit", field="description")
    produced_by = " ".join(str(data.get("produced_by") or "").split())
    if not produced_by:
        raise InvalidInput(
            "produced_by: give the name of the officer who produced or seized it",
            field="produced_by",
        )
    seized_where = " ".join(str(data.get("seized_where") or "").split())
    for field, text, limit in (
        ("description", description, 4000),
        ("produced_by", produced_by, 150),
        ("seized_where", seized_where, 200),
    ):
        if len(text) > limit:
            raise InvalidInput(f"{field}: at most {limit} characters", field=field)
    return RegisterExhibit(
        report_id,
        reference,
        kind,
        description,
        produced_by,
        _when(data.get("seized_at")),
        seized_where,
        justification,
    )


def _file_name(name: str) -> str:
    base = "".join(ch for ch in Path(name or "").name if ch.isprintable()).strip()
    if not base:
        raise InvalidInput("file: give the exhibit file", field="file")
    return base[-MAX_NAME:]


def _place(received: ReceivedFile) -> Path:
    """Move the received bytes into the store under their hash, read-only; a copy already
    there is re-hashed instead and the received bytes are removed."""
    target = original_path(received.sha256)
    if target.exists():
        if sha256_file(target) != received.sha256:
            raise IntegrityFailure(f"stored original {received.sha256} no longer matches its hash")
        received.discard()
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    received.path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    os.replace(received.path, target)
    return target


def register_exhibit(actor: User, cmd: RegisterExhibit, received: ReceivedFile | None) -> Exhibit:
    """Register the received file as an exhibit; on any refusal nothing is kept."""
    try:
        return _register(actor, cmd, received)
    finally:
        if received is not None and received.path.exists():
            received.discard()


def _register(actor: User, cmd: RegisterExhibit, received: ReceivedFile | None) -> Exhibit:
    report = evidence_writer_report(actor, cmd.report_id, justification=cmd.justification)
    if received is None or received.size == 0:
        raise InvalidInput("file: give the exhibit file (it is empty or missing)", field="file")
    name = _file_name(received.name or "")
    found = _rule(check_content, cmd.kind, received.head)
    if Exhibit.objects.filter(report=report, reference=cmd.reference).exists():
        raise Conflict(
            f"reference: {cmd.reference} is already an exhibit on this report; "
            "give the next number",
            field="reference",
        )
    same = Exhibit.objects.filter(report=report, original_id=received.sha256).first()
    if same is not None:
        raise Conflict(
            f"file: this file (same SHA-256) is already exhibit {same.reference}; nothing stored",
            field="file",
        )
    basis = f"{Exhibit.Kind(cmd.kind).label} produced by {cmd.produced_by}"
    if cmd.seized_at:
        basis += f", seized {cmd.seized_at.isoformat(timespec='minutes')}"
    if cmd.seized_where:
        basis += f" at {cmd.seized_where}"
    try:
        with transaction.atomic():
            Original.objects.get_or_create(sha256=received.sha256, defaults={"size": received.size})
            exhibit = Exhibit.objects.create(
                report=report,
                reference=cmd.reference,
                kind=cmd.kind,
                description=cmd.description,
                produced_by=cmd.produced_by,
                seized_at=cmd.seized_at,
                seized_where=cmd.seized_where,
                original_id=received.sha256,
                file_name=name,
                format=found.extension,
                tz="",
                status=Exhibit.Status.IMPORTED,
                created_by=actor,
            )
            add_custody(
                report,
                cmd.reference,
                actor=actor_label(actor),
                action="received",
                input={"name": name, "sha256": received.sha256, "bytes": received.size},
                outputs=[
                    {
                        "name": f"originals/{received.sha256[:2]}/{received.sha256}",
                        "sha256": received.sha256,
                    }
                ],
                basis=basis,
                detail=f"{found.mime}; SHA-256 computed as the bytes arrived",
            )
            record(
                actor,
                Verb.EXHIBIT_REGISTERED,
                "exhibit",
                exhibit.pk,
                justification=cmd.justification,
                detail={
                    "report": report.pk,
                    "reference": cmd.reference,
                    "kind": cmd.kind,
                    "sha256": received.sha256,
                    "bytes": received.size,
                },
            )
            _place(received)
    except IntegrityError:
        raise Conflict(
            f"reference: {cmd.reference} is already an exhibit on this report",
            field="reference",
        ) from None
    return exhibit


def link_command(exhibit_id: int, data: dict[str, Any], justification: str = "") -> LinkExhibit:
    def number(field: str) -> int | None:
        value = data.get(field)
        if value in (None, ""):
            return None
        try:
            return int(str(value))
        except (TypeError, ValueError):
            raise InvalidInput(f"{field}: give a number", field=field) from None

    occasion, event = number("occasion_id"), number("event_id")
    if (occasion is None) == (event is None):
        raise InvalidInput(
            "occasion_id: link to exactly one occasion or one contact event (event_id)",
            field="occasion_id",
        )
    note = " ".join(str(data.get("note") or "").split())
    if len(note) > 2000:
        raise InvalidInput("note: at most 2000 characters", field="note")
    return LinkExhibit(exhibit_id, occasion, event, note, justification)


def link_exhibit(actor: User, cmd: LinkExhibit) -> ExhibitLink:
    """Link the exhibit to an occasion or a contact event of the same report."""
    exhibit = exhibit_by_id(actor, cmd.exhibit_id, justification=cmd.justification, write=True)
    occasion = event = None
    if cmd.occasion_id is not None:
        occasion = Occasion.objects.filter(pk=cmd.occasion_id, report=exhibit.report).first()
        if occasion is None:
            raise InvalidInput(
                "occasion_id: no such occasion on this exhibit's report", field="occasion_id"
            )
        target = {"occasion": occasion.pk, "started_at": occasion.started_at.isoformat()}
        duplicate = ExhibitLink.objects.filter(exhibit=exhibit, occasion=occasion).exists()
    else:
        assert cmd.event_id is not None
        event = StoredEvent.objects.filter(pk=cmd.event_id, report=exhibit.report).first()
        if event is None:
            raise InvalidInput(
                "event_id: no such contact event on this exhibit's report", field="event_id"
            )
        target = {"event": event.event_id, "ts_utc": event.ts_utc.isoformat()}
        duplicate = ExhibitLink.objects.filter(exhibit=exhibit, event=event).exists()
    if duplicate:
        field = "occasion_id" if occasion else "event_id"
        raise Conflict(f"{field}: the exhibit is already linked to it", field=field)
    with transaction.atomic():
        link = ExhibitLink.objects.create(
            exhibit=exhibit, occasion=occasion, event=event, note=cmd.note, created_by=actor
        )
        add_custody(
            exhibit.report,
            exhibit.reference,
            actor=actor_label(actor),
            action="linked",
            input={"name": exhibit.file_name, "sha256": exhibit.original_id},
            outputs=[],
            basis=cmd.note,
            detail="linked to " + ", ".join(f"{k} {v}" for k, v in target.items()),
        )
        record(
            actor,
            Verb.EXHIBIT_LINKED,
            "exhibit",
            exhibit.pk,
            justification=cmd.justification,
            detail={"report": exhibit.report_id, **target},
        )
    return link


def link_out(link: ExhibitLink) -> dict[str, Any]:
    return {
        "id": link.pk,
        "exhibit_id": link.exhibit_id,
        "occasion_id": link.occasion_id,
        "event_id": link.event_id,
        "event": link.event.event_id if link.event_id and link.event else "",
        "when": (
            link.occasion.started_at
            if link.occasion_id and link.occasion
            else (link.event.ts_utc if link.event else None)
        ),
        "note": link.note,
        "created_by": link.created_by.username if link.created_by else "",
        "created_at": link.created_at,
    }

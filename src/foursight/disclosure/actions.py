"""Making a redacted disclosure copy: the officer's decisions applied to a new file.

The command carries every proposed span with the officer's decision (accepted or
rejected) and every span the officer added. A span outside the text is refused, naming
it, and nothing is stored. The redacted text is written write-once into the originals
store under its own SHA-256; the source (an exhibit's original) is only read. For an
exhibit, the derivation goes into its custody log through the evidence app.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.core.redaction import Span, SpanError, apply, check_spans, tool_version
from foursight.disclosure.access import content_report
from foursight.disclosure.models import RedactedCopy
from foursight.disclosure.redacting import check_text, exhibit_text, report_exhibit
from foursight.errors import InvalidInput
from foursight.evidence.actions import record_derivation
from foursight.evidence.store import holding_path, keep_original, release

DECISIONS = ("accepted", "rejected", "added")
SOURCES = ("exhibit", "text", "schedule")
MAX_SPANS = 20_000


@dataclass(frozen=True)
class Decision:
    """One span and what the officer decided: ``accepted`` or ``rejected`` (a proposal),
    or ``added`` (the officer's own)."""

    start: int
    end: int
    entity: str
    decision: str
    score: float = 1.0


@dataclass(frozen=True)
class CreateCopy:
    report_id: int
    source_kind: str
    title: str
    decisions: tuple[Decision, ...]
    exhibit_id: int | None = None
    text: str | None = None
    justification: str = ""


def _check(cmd: CreateCopy) -> None:
    if cmd.source_kind not in SOURCES:
        raise InvalidInput("source: choose exhibit, text or schedule", field="source")
    title = cmd.title.strip()
    if not title or len(title) > 200:
        raise InvalidInput("title: give a title of 1 to 200 characters", field="title")
    if cmd.source_kind == "exhibit":
        if cmd.exhibit_id is None:
            raise InvalidInput("exhibit_id: choose the exhibit to redact", field="exhibit_id")
        if cmd.text:
            raise InvalidInput(
                "text: give no text for an exhibit (its stored original is read)", field="text"
            )
    elif cmd.exhibit_id is not None:
        raise InvalidInput("exhibit_id: only for source exhibit", field="exhibit_id")
    if len(cmd.decisions) > MAX_SPANS:
        raise InvalidInput(f"spans: at most {MAX_SPANS}", field="spans")
    for index, d in enumerate(cmd.decisions):
        if d.decision not in DECISIONS:
            raise InvalidInput(
                f"spans[{index}].decision: choose accepted, rejected or added",
                field=f"spans[{index}].decision",
            )
        if not d.entity.strip() or len(d.entity) > 40:
            raise InvalidInput(
                f"spans[{index}].entity: give the kind of data (1 to 40 characters)",
                field=f"spans[{index}].entity",
            )


def create_copy(actor: User, cmd: CreateCopy) -> RedactedCopy:
    """Apply the accepted and added spans to the source and store the redacted copy."""
    report = content_report(actor, cmd.report_id, justification=cmd.justification, audit=False)
    _check(cmd)
    exhibit = None
    if cmd.source_kind == "exhibit":
        assert cmd.exhibit_id is not None
        exhibit = report_exhibit(report, cmd.exhibit_id)
        text = exhibit_text(exhibit)
        original_sha = exhibit.original.sha256
    else:
        text = check_text(cmd.text or "")
        original_sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    spans = [Span(d.start, d.end, d.entity.strip(), d.score) for d in cmd.decisions]
    try:
        check_spans(text, spans)
    except SpanError as exc:
        raise InvalidInput(
            f"spans[{exc.index}]: {exc.message}", field=f"spans[{exc.index}]"
        ) from exc
    chosen = [s for s, d in zip(spans, cmd.decisions, strict=True) if d.decision != "rejected"]
    data = apply(text, chosen).encode("utf-8")
    derived_sha = hashlib.sha256(data).hexdigest()
    holding = holding_path(f"redacted-{derived_sha}.txt")
    try:
        holding.write_bytes(data)
        keep_original(holding, derived_sha)
    finally:
        release(holding)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    log = [
        {
            "start": d.start,
            "end": d.end,
            "entity": d.entity.strip(),
            "score": round(d.score, 2),
            "decision": d.decision,
            "by": actor.username,
            "at": now,
        }
        for d in sorted(cmd.decisions, key=lambda d: (d.start, d.end))
    ]
    counts = {k: sum(d.decision == k for d in cmd.decisions) for k in DECISIONS}
    with transaction.atomic():
        copy = RedactedCopy.objects.create(
            report=report,
            exhibit=exhibit,
            source_kind=cmd.source_kind,
            title=cmd.title.strip(),
            original_sha256=original_sha,
            derived_sha256=derived_sha,
            derived_size=len(data),
            tool=tool_version()[:80],
            log=log,
            created_by=actor,
        )
        if exhibit is not None:
            record_derivation(
                actor,
                exhibit,
                output_name=f"redacted copy {copy.pk}.txt",
                output_sha256=derived_sha,
                basis="redacted disclosure copy; the original is unchanged",
                detail="{accepted} accepted, {rejected} rejected, {added} added".format(**counts),
            )
        record(
            actor,
            Verb.COPY_REDACTED,
            "redacted_copy",
            copy.pk,
            justification=cmd.justification.strip(),
            detail={
                "report": report.pk,
                "exhibit": exhibit.pk if exhibit else None,
                "source": cmd.source_kind,
                "original_sha256": original_sha,
                "derived_sha256": derived_sha,
                **counts,
            },
        )
    return copy

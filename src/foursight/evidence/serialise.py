"""Exhibits and jobs as the API and pages show them."""

from __future__ import annotations

from typing import Any

from foursight.core.exhibits import PRESENTATION
from foursight.evidence.models import Exhibit, Job
from foursight.evidence.store import custody_log, verify_chain


def exhibit_out(exhibit: Exhibit, *, custody: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": exhibit.pk,
        "reference": exhibit.reference,
        "file_name": exhibit.file_name,
        "sha256": exhibit.original_id,
        "size": exhibit.original.size,
        "format": exhibit.format,
        "parser_version": exhibit.parser_version,
        "status": exhibit.status,
        "status_label": Exhibit.Status(exhibit.status).label,
        "message": exhibit.message,
        "events": exhibit.events,
        "duplicates": exhibit.duplicates,
        "problems": exhibit.problems,
        "members": exhibit.members,
        "derived_sha256": exhibit.derived_sha256,
        "locale": exhibit.locale,
        "tz": exhibit.tz,
        "victim_ids": exhibit.victim_ids,
        "consent_reference": exhibit.consent_reference,
        "scope_from": exhibit.scope_from,
        "scope_to": exhibit.scope_to,
        "scope_apps": exhibit.scope_apps,
        "scope_conversations": exhibit.scope_conversations,
        "created_at": exhibit.created_at,
        "kind": exhibit.kind,
        "kind_label": Exhibit.Kind(exhibit.kind).label,
        "presentation": PRESENTATION.get(exhibit.kind, "none"),
        "description": exhibit.description,
        "produced_by": exhibit.produced_by,
        "seized_at": exhibit.seized_at,
        "seized_where": exhibit.seized_where,
    }
    if custody:
        entries = custody_log(exhibit.report, exhibit.reference)
        ok, message = verify_chain(entries)
        out["custody"] = entries
        out["custody_verified"] = ok
        out["custody_message"] = message
    return out


def job_out(job: Job) -> dict[str, Any]:
    percent = int(100 * job.done / job.total) if job.total else 0
    return {
        "id": job.pk,
        "exhibit_reference": job.exhibit_reference,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "percent": percent,
        "message": job.message,
        "exhibit_id": job.exhibit_id,
    }

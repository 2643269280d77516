"""Plain dictionaries for the API and pages: the triage queue, items, the victim's view."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from foursight.accounts.models import User
from foursight.cases.models import Party
from foursight.intake.access import triage_diary, triage_reports, visible_information
from foursight.intake.models import (
    DiaryEntry,
    IntelligenceItem,
    TriageStatus,
    VictimSession,
    VictimUpload,
)

SUPPORT = (
    {
        "name": "National Stalking Helpline (Suzy Lamplugh Trust)",
        "phone": "0808 802 0300",
        "web": "https://www.suzylamplugh.org",
    },
    {
        "name": "Paladin National Stalking Advocacy Service",
        "phone": "020 3866 4107",
        "web": "https://paladinservice.co.uk",
    },
    {
        "name": "Victim Support",
        "phone": "08 08 16 89 111",
        "web": "https://www.victimsupport.org.uk",
    },
)
NEXT_STEPS = (
    "Your officer reads every diary entry and file you send. Each entry is added to your "
    "case once they have checked it; they may ask you about it first.",
    "Keep the originals of messages and pictures on your phone: do not delete them.",
    "If anything changes, or you feel less safe, tell your officer. If you are in danger "
    "now, call 999.",
)


def waiting(since: datetime, now: datetime) -> tuple[int, str]:
    """Seconds waited and the same in words (``3 days 4 hours``)."""
    seconds = max(0, int((now - since).total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        words = f"{days} day{'s' * (days != 1)} {hours} hour{'s' * (hours != 1)}"
    elif hours:
        words = f"{hours} hour{'s' * (hours != 1)} {minutes} min"
    else:
        words = f"{minutes} min"
    return seconds, words


def triage_items(user: User, kind: str = "") -> list[dict[str, Any]]:
    """Everything awaiting review that ``user`` triages, oldest first."""
    now = timezone.now()
    items: list[dict[str, Any]] = []
    if kind in ("", "online_report"):
        for online in triage_reports(user).filter(status=TriageStatus.NEW):
            items.append(
                {
                    "kind": "online_report",
                    "id": online.pk,
                    "reference": online.report.reference,
                    "report_id": online.report_id,
                    "received_at": online.received_at,
                    "text": online.what_happened,
                    "borough": online.borough,
                }
            )
    if kind in ("", "information"):
        for info in visible_information(user).filter(status=TriageStatus.NEW):
            items.append(
                {
                    "kind": "information",
                    "id": info.pk,
                    "reference": info.reference,
                    "report_id": None,
                    "received_at": info.received_at,
                    "text": info.what,
                    "borough": info.borough,
                }
            )
    if kind in ("", "diary_entry"):
        for entry in triage_diary(user).filter(status=TriageStatus.NEW):
            items.append(
                {
                    "kind": "diary_entry",
                    "id": entry.pk,
                    "reference": entry.report.reference,
                    "report_id": entry.report_id,
                    "received_at": entry.submitted_at,
                    "text": entry.what_happened,
                    "borough": "",
                }
            )
    items.sort(key=lambda i: (i["received_at"], i["kind"], i["id"]))
    for row in items:
        row["waiting_seconds"], row["waiting"] = waiting(row["received_at"], now)
    return items


def information_out(item: IntelligenceItem, *, full: bool = True) -> dict[str, Any]:
    """An item for the triaging officer (``full``) or, sanitised, for a person's page."""
    out: dict[str, Any] = {
        "id": item.pk,
        "reference": item.reference,
        "received_at": item.received_at,
        "status": item.status,
        "grading": item.grading,
        "source_evaluation": item.source_evaluation,
        "assessment": item.assessment,
        "handling": item.handling,
        "handling_conditions": item.handling_conditions,
        "sanitised": item.sanitised,
        "person_id": item.person_id,
        "borough": item.borough,
    }
    if full:
        out.update(
            about_name=item.about_name,
            identifiers=item.identifiers,
            place=item.place,
            postcode=item.postcode,
            what=item.what,
        )
    return out


def diary_out(entry: DiaryEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "report_id": entry.report_id,
        "submitted_at": entry.submitted_at,
        "occurred_at": entry.occurred_at,
        "place": entry.place,
        "what_happened": entry.what_happened,
        "effect": entry.effect,
        "witnesses": entry.witnesses,
        "status": entry.status,
        "status_label": TriageStatus(entry.status).label,
        "officer_note": entry.officer_note,
        "occasion_id": entry.occasion_id,
    }


def upload_out(upload: VictimUpload) -> dict[str, Any]:
    return {
        "id": upload.pk,
        "submitted_at": upload.submitted_at,
        "file_name": upload.file_name,
        "bytes": upload.bytes,
        "sha256": upload.sha256,
        "kind": upload.kind,
        "exhibit": upload.exhibit_reference,
        "diary_entry_id": upload.diary_entry_id,
    }


def victim_view(session: VictimSession) -> dict[str, Any]:
    """What the victim sees: their officer, next steps, support, their own entries and
    files. Nothing about the suspect beyond what they entered themselves."""
    access = session.access
    report = access.report
    officer = report.allocated_officer or access.created_by
    advocates = sorted(
        {
            a.advocate.get_full_name() or a.advocate.username
            for p in Party.objects.filter(report=report, role=Party.Role.VICTIM)
            for a in p.advocates.select_related("advocate")
        }
    )
    return {
        "reference": report.reference,
        "officer": {
            "name": officer.get_full_name() or officer.username,
            "unit": officer.unit.name,
            "email": officer.email,
        },
        "advocates": advocates,
        "next_steps": list(NEXT_STEPS),
        "support": [dict(s) for s in SUPPORT],
        "diary": [diary_out(e) for e in access.diary.order_by("-occurred_at", "-id")],
        "uploads": [upload_out(u) for u in access.uploads.order_by("-submitted_at", "-id")],
        "session_expires_at": session.expires_at,
    }

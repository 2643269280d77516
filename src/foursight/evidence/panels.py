"""The evidence summary shown on the report page, for roles that may read the evidence."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from foursight.evidence import analysis
from foursight.evidence.access import sees_evidence
from foursight.evidence.models import Exhibit, ExhibitLink


def report_panel(request: HttpRequest, user: Any, report: Any) -> str:
    """Exhibits, events and the course-of-conduct answer; "" for roles without evidence
    access (the report page has already passed the report's gatekeeper and audited)."""
    if not sees_evidence(user):
        return ""
    imported = Exhibit.objects.filter(report=report, status=Exhibit.Status.IMPORTED)
    exhibits = list(imported.values_list("events", flat=True))
    result = analysis.stored(report) if exhibits else None
    linked = ExhibitLink.objects.filter(exhibit__report=report, occasion__isnull=False)
    proving: dict[Any, list[Exhibit]] = {}
    for link in linked.select_related("occasion", "exhibit").order_by("occasion__started_at", "id"):
        proving.setdefault(link.occasion, []).append(link.exhibit)
    context = {
        "report": report,
        "registered": Exhibit.objects.filter(report=report)
        .exclude(kind=Exhibit.Kind.PHONE_EXPORT)
        .count(),
        "proving": list(proving.items()),
        "exhibits": len(exhibits),
        "events": sum(exhibits),
        "result": result,
    }
    return render_to_string("evidence/_report_panel.html", context, request=request)

"""Harassment reports to review as stalking: the supervisor's list and home panel.

The rule is :func:`foursight.core.persistence.stalking_review`; this module feeds it the
open harassment reports a supervisor may see, with their conduct analysis (evidence)
and FOUR screens (risk), and lists those it flags with the reasons.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from foursight.accounts.access import check_justification
from foursight.accounts.models import Role, User
from foursight.accounts.views import page_justification
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.access import visible_reports
from foursight.cases.models import Report
from foursight.core.persistence import harassment_codes, stalking_review
from foursight.errors import JustificationRequired, NotFound
from foursight.evidence.models import Analysis
from foursight.risk.models import Assessment

REVIEWERS = frozenset({Role.SUPERVISOR, Role.ADMIN})
LIMIT = 200


def stalking_reviews(user: User, *, justification: str = "") -> list[dict[str, Any]]:
    """Open harassment reports the user supervises whose evidence or screen says stalking.

    Supervisors see their BCU's reports; admins the force's, with a justification. The
    listing is audited as a search. Newest report first, at most ``LIMIT``.
    """
    if user.role not in REVIEWERS:
        raise NotFound("page")
    reason = ""
    if user.role == Role.ADMIN:
        reason = check_justification(user, None, justification)
    record(user, Verb.SEARCHED, "stalking_reviews", justification=reason)
    candidates = list(
        visible_reports(user)
        .filter(offences__code__in=harassment_codes())
        .exclude(status="closed")
        .distinct()
        .prefetch_related("offences")
        .order_by("-reported_at", "-id")[: LIMIT * 5]
    )
    ids = [r.pk for r in candidates]
    conduct = {
        a.report_id: a.result for a in Analysis.objects.filter(report_id__in=ids).only("result")
    }
    screens: dict[int, list[tuple[str, dict[str, Any]]]] = {}
    for s in Assessment.objects.filter(report_id__in=ids, instrument="four").order_by(
        "assessed_at"
    ):
        label = f"FOUR screen of {s.assessed_at:%Y-%m-%d} by {s.assessor_name}"
        screens.setdefault(s.report_id, []).append((label, dict(s.result.get("outcomes") or {})))
    out = []
    for report in candidates:
        four = json.loads(conduct[report.pk]).get("four") if report.pk in conduct else None
        review = stalking_review(
            [o.code for o in report.offences.all()], four, screens.get(report.pk, ())
        )
        if review is not None:
            out.append(_item(report, review.reasons))
        if len(out) >= LIMIT:
            break
    return out


def _item(report: Report, reasons: tuple[str, ...]) -> dict[str, Any]:
    return {
        "report_id": report.pk,
        "reference": report.reference,
        "reported_at": report.reported_at,
        "offences": sorted(o.code for o in report.offences.all()),
        "reasons": list(reasons),
    }


def home_panel(request: HttpRequest, user: User, _obj: object) -> str:
    """The supervisor's "review as stalking" list on the My work page."""
    if user.role not in REVIEWERS:
        return ""
    try:
        items = stalking_reviews(user, justification=page_justification(request))
    except JustificationRequired:  # an admin without a purpose of access yet
        return ""
    return render_to_string("risk/_stalking_reviews.html", {"items": items}, request=request)

"""The offender unit's worklist on My work: open operations with their outstanding targets,
and the compliance checks and visits falling due, with summary counts on top.

Force-wide, so a purpose of access first (until then the page asks for one). The lists
are read in a fixed number of queries whatever their length.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from foursight.accounts.access import check_justification
from foursight.accounts.models import Role, User
from foursight.accounts.views import page_justification
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.errors import JustificationRequired
from foursight.operations import access
from foursight.operations.models import ComplianceCheck, Target
from foursight.people.access import shown_person_ids

SHOWN = 100
DUE_OPTIONS = (("overdue", "Overdue"), ("week", "Due within 7 days"))


def open_operations(user: User, today: date) -> list[dict[str, Any]]:
    """Operations not yet ended, with their target counts, ending soonest first."""
    outstanding = Q(targets__status=Target.Status.OUTSTANDING)
    ops = (
        access.visible_operations(user)
        .filter(ends_on__gte=today)
        .annotate(
            total=Count("targets", distinct=True),
            outstanding=Count("targets", filter=outstanding, distinct=True),
            unassigned=Count(
                "targets", filter=outstanding & Q(targets__assigned_to__isnull=True), distinct=True
            ),
        )
        .order_by("ends_on", "name")
    )
    return [
        {
            "id": op.pk,
            "name": op.name,
            "ends_on": op.ends_on,
            "ends_sort": op.ends_on.isoformat(),
            "total": op.total,
            "outstanding": op.outstanding,
            "unassigned": op.unassigned,
        }
        for op in ops[:SHOWN]
    ]


def visits_due(user: User, today: date) -> list[dict[str, Any]]:
    """Each person's latest check whose next one is due within 7 days (or overdue)."""
    later = ComplianceCheck.objects.filter(
        person=OuterRef("person"), checked_at__gt=OuterRef("checked_at")
    )
    checks = list(
        access.visible_checks(user)
        .filter(next_due__lte=today + timedelta(days=7))
        .exclude(Exists(later))
        .order_by("next_due", "id")[:500]
    )
    shown = shown_person_ids(user, [c.person_id for c in checks])
    return [
        {
            "person_id": c.person_id if c.person_id in shown else None,
            "name": c.person.display_name if c.person_id in shown else "Protected person",
            "due": c.next_due,
            "due_sort": c.next_due.isoformat() if c.next_due else "",
            "overdue": c.next_due is not None and c.next_due < today,
            "last": c.get_result_display(),
            "kind": c.get_kind_display(),
            "bcu": c.bcu.code if c.bcu else "",
        }
        for c in checks
    ]


def _filtered(
    ops: list[dict[str, Any]], visits: list[dict[str, Any]], chosen: dict[str, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    text = chosen["q"].lower()
    if text:
        ops = [o for o in ops if text in o["name"].lower()]
        visits = [v for v in visits if text in v["name"].lower()]
    if chosen["due"] == "overdue":
        visits = [v for v in visits if v["overdue"]]
    return ops, visits


def home_panel(request: HttpRequest, user: User, _obj: object) -> str:
    """The offender unit's worklist; nothing for other roles."""
    if user.role != Role.OFFENDER_UNIT:
        return ""
    try:
        reason = check_justification(user, None, page_justification(request))
    except JustificationRequired:
        return ""
    record(user, Verb.SEARCHED, "operation", justification=reason)
    record(user, Verb.SEARCHED, "compliance_check", justification=reason)
    today = timezone.localdate()
    ops, visits = open_operations(user, today), visits_due(user, today)
    due = request.GET.get("due", "")
    chosen = {
        "q": request.GET.get("q", "").strip()[:60],
        "due": due if due in dict(DUE_OPTIONS) else "",
    }
    shown_ops, shown_visits = _filtered(ops, visits, chosen)
    figures = [
        ("open-operations", "Open operations", len(ops)),
        ("outstanding", "Outstanding targets", sum(o["outstanding"] for o in ops)),
        ("visits-week", "Visits due within 7 days", sum(1 for v in visits if not v["overdue"])),
        ("visits-overdue", "Visits overdue", sum(1 for v in visits if v["overdue"])),
    ]
    context = {
        "figures": [{"id": f"count-{k}", "label": label, "value": n} for k, label, n in figures],
        "operations": shown_ops,
        "visits": shown_visits[:SHOWN],
        "chosen": chosen,
        "filtered": any(chosen.values()),
        "due_options": DUE_OPTIONS,
        "action": request.path,
    }
    return render_to_string("operations/_worklist.html", context, request=request)

"""The worklists on each role's home page (My work), and the advocate's one list of victims.

* officer: their open reports;
* supervisor: the BCU's open reports with no officer or with the next action overdue;
* STAC: the referred cases by status (awaiting a plan, plan review overdue, plan in place);
* advocate: the victims referred to them (the same list as ``/risk/advocate``);
* admin: the most recent reports (after a purpose of access).

Each shows summary counts over the whole list, a filter form (risk level, due, text, and
the status for the STAC) and a sortable table. The offender unit's worklist is the
operations app's (``operations/worklist.py``); analysts see aggregates only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from foursight.accounts.models import Role, User
from foursight.accounts.views import page_justification
from foursight.cases.access import search_reports
from foursight.cases.models import AdvocateAssignment, Report
from foursight.errors import JustificationRequired
from foursight.people.access import shown_person_ids
from foursight.risk.access import stac_cases
from foursight.risk.models import Referral
from foursight.risk.worklist import (
    FILTER_DUE,
    FILTER_RISK,
    Row,
    apply_filters,
    by_urgency,
    counts,
    filters_from,
    make_row,
    rows_for,
    with_worklist_facts,
)

SHOWN = 100
STAC_STATUSES = (
    ("awaiting_plan", "Awaiting a plan"),
    ("plan_review_overdue", "Plan review overdue"),
    ("plan_in_place", "Plan in place"),
)


def _figure(key: str, label: str, value: int) -> dict[str, Any]:
    return {"id": f"count-{key}", "label": label, "value": value}


_USUAL = {"overdue": "Overdue", "high": "High risk", "week": "Due within 7 days"}


def _usual(c: dict[str, int], *keys: str) -> list[dict[str, Any]]:
    """The counts every worklist shows (overdue, high risk, due within a week), in order."""
    return [_figure(k, _USUAL[k], c[k]) for k in keys]


def officer_list(user: User, reports: Any, today: date) -> dict[str, Any]:
    mine = with_worklist_facts(reports.filter(allocated_officer=user).exclude(status="closed"))
    rows = rows_for(user, mine[:500], today)
    c = counts(rows, today)
    return {
        "title": "My open reports",
        "rows": rows,
        "figures": [
            _figure("open", "Open reports", c["total"]),
            *_usual(c, "overdue", "high", "week"),
        ],
    }


def supervisor_list(user: User, reports: Any, today: date) -> dict[str, Any]:
    open_reports = with_worklist_facts(reports.exclude(status="closed"))
    every = rows_for(user, open_reports[:1000], today)
    rows = [r for r in every if not r.officer or r.overdue]
    c = counts(every, today)
    return {
        "title": "Reports in the BCU with no officer or overdue",
        "rows": rows,
        "show_officer": True,
        "figures": [
            _figure("unallocated", "No officer", sum(1 for r in every if not r.officer)),
            *_usual(c, "overdue", "high", "week"),
        ],
    }


def _stac_status(report: Any, today: date) -> str:
    plan = getattr(report, "plan", None)
    if plan is None:
        return "awaiting_plan"
    return "plan_review_overdue" if plan.review_on < today else "plan_in_place"


def stac_list(user: User, reason: str, today: date) -> dict[str, Any]:
    referred = list(with_worklist_facts(stac_cases(user, justification=reason)))
    names = dict(STAC_STATUSES)
    extra: dict[int, dict[str, Any]] = {}
    for report in referred:
        status = _stac_status(report, today)
        extra[report.pk] = {
            "status": status,
            "status_name": names[status],
            "referred": report.stac_referred_at,
            "referred_sort": report.stac_referred_at.isoformat() if report.stac_referred_at else "",
        }
    rows = rows_for(user, referred, today, extra)
    c = counts(rows, today)
    return {
        "title": "Referrals to the STAC",
        "rows": rows,
        "show_stac": True,
        "statuses": STAC_STATUSES,
        "figures": [
            _figure("referrals", "Referrals", c["total"]),
            _figure("awaiting", "Awaiting a plan", sum(1 for r in rows if not _has_plan(r))),
            *_usual(c, "overdue", "high"),
        ],
    }


def _has_plan(row: Row) -> bool:
    return row.extra.get("status") != "awaiting_plan"


def advocate_rows(user: User, today: date) -> list[Row]:
    """The victims referred to the advocate, one row each: the advocate's one list.

    The referral to the advocate (``AdvocateAssignment``) is the advocate's need to know;
    an advocate-service referral, where one was made, adds its date, the support needed
    and the consent. Home and ``/risk/advocate`` both show these rows.
    """
    assigned = list(
        AdvocateAssignment.objects.filter(advocate=user)
        .select_related("party__person")
        .order_by("-id")
    )
    ids = {a.party.report_id for a in assigned}
    by_id = {r.pk: r for r in with_worklist_facts(Report.objects.filter(pk__in=ids))}
    referrals = {
        r.victim_id: r
        for r in Referral.objects.filter(
            kind=Referral.Kind.ADVOCATE, advocate=user, victim__in=[a.party for a in assigned]
        ).order_by("referred_on", "id")
    }
    shown = shown_person_ids(user, [a.party.person_id for a in assigned])
    rows = []
    for assignment in assigned:
        party = assignment.party
        referral = referrals.get(party.pk)
        referred_on = referral.referred_on if referral else assignment.assigned_at.date()
        extra = {
            "referred_on": referred_on,
            "referred_sort": referred_on.isoformat(),
            "support_needs": referral.support_needs if referral else "",
            "consent": referral.consent_note if referral else assignment.consent_reference,
            "person_id": party.person_id if party.person_id in shown else None,
        }
        name = party.person.display_name if party.person_id in shown else "Protected person"
        rows.append(make_row(by_id[party.report_id], (name,), today, extra))
    return by_urgency(rows)


def advocate_list(user: User, today: date) -> dict[str, Any]:
    rows = advocate_rows(user, today)
    c = counts(rows, today)
    return {
        "title": "Victims referred to me",
        "rows": rows,
        "show_advocate": True,
        "figures": [
            _figure("victims", "Victims", c["total"]),
            *_usual(c, "overdue", "high", "week"),
        ],
    }


def admin_list(user: User, reports: Any, today: date) -> dict[str, Any]:
    recent = with_worklist_facts(reports.order_by("-reported_at", "-id"))[:50]
    rows = rows_for(user, recent, today)
    c = counts(rows, today)
    return {
        "title": "Recent reports",
        "rows": rows,
        "show_officer": True,
        "figures": [
            _figure("recent", "Recent reports", c["total"]),
            *_usual(c, "overdue", "high"),
        ],
    }


def worklist_for(request: HttpRequest, user: User, today: date) -> dict[str, Any] | None:
    """The role's worklist, before filtering; None for roles without one here."""
    reason = page_justification(request)
    if user.role == Role.STAC:
        return stac_list(user, reason, today)
    if user.role == Role.ADVOCATE:
        return advocate_list(user, today)
    if user.role not in (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN):
        return None
    reports = search_reports(user, {"view": "my work"}, justification=reason)
    if user.role == Role.OFFICER:
        return officer_list(user, reports, today)
    if user.role == Role.SUPERVISOR:
        return supervisor_list(user, reports, today)
    return admin_list(user, reports, today)


def render_worklist(
    request: HttpRequest, worklist: dict[str, Any], params: Mapping[str, str], today: date
) -> str:
    chosen = filters_from(params)
    matching = apply_filters(worklist["rows"], chosen, today)
    context = {
        **worklist,
        "rows": matching[:SHOWN],
        "matching": len(matching),
        "chosen": chosen,
        "filtered": any(chosen.values()),
        "risk_options": FILTER_RISK,
        "due_options": FILTER_DUE,
        "action": request.path,
    }
    return render_to_string("risk/_worklist.html", context, request=request)


def home_panel(request: HttpRequest, user: User, _obj: object) -> str:
    """The role's worklist on the My work page."""
    today = timezone.localdate()
    try:
        worklist = worklist_for(request, user, today)
    except JustificationRequired:  # a force-wide role without a purpose of access yet
        return ""
    if worklist is None:
        return ""
    return render_worklist(request, worklist, request.GET, today)

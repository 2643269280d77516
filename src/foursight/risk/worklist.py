"""Worklist rows: each report with its victim (as the viewer may see them), risk level, next
action and due date, read in a fixed number of queries whatever the number of rows.

The next action is the earliest dated of: a reassessment at the review interval after the
last risk assessment, an open reassessment request, the earliest open plan action, the
plan's review and the report's review date. A report never risk assessed has "Complete a
risk assessment" (no date) when nothing dated is due. The full reassessment rules
(new occasions, breaches, threat hits) are on the tasks page (``tasks.py``); the worklist
reads only what one query can carry, so the home page stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from foursight.accounts.models import User
from foursight.cases.models import Party, Report
from foursight.people.access import shown_person_ids
from foursight.risk.models import Assessment, PlanAction, ReassessmentRequest
from foursight.risk.tasks import REASON_LABELS, RISK_INSTRUMENTS

LEVEL_NAMES = {"high": "High", "medium": "Medium", "standard": "Standard"}
LEVEL_RANK = {"high": 0, "medium": 1, "standard": 2}
NOT_ASSESSED = "Not assessed"
ACTION_TEXT_LIMIT = 90


def with_worklist_facts(reports: QuerySet[Report]) -> QuerySet[Report]:
    """``reports`` annotated with what a worklist row needs, victims prefetched."""
    latest = (
        Assessment.objects.filter(report=OuterRef("pk")).exclude(level="").order_by("-assessed_at")
    )
    last_risk = Assessment.objects.filter(
        report=OuterRef("pk"), instrument__in=RISK_INSTRUMENTS
    ).order_by("-assessed_at")
    action = PlanAction.objects.filter(
        plan__report=OuterRef("pk"), status=PlanAction.Status.OPEN
    ).order_by("due_on", "id")
    request = ReassessmentRequest.objects.filter(report=OuterRef("pk")).order_by("-raised_at")
    victims = Party.objects.filter(role=Party.Role.VICTIM).select_related("person")
    return (
        reports.select_related("unit", "unit__parent", "allocated_officer", "plan")
        .annotate(
            latest_level=Subquery(latest.values("level")[:1]),
            last_assessed=Subquery(last_risk.values("assessed_at")[:1]),
            action_text=Subquery(action.values("description")[:1]),
            action_due=Subquery(action.values("due_on")[:1]),
            request_reason=Subquery(request.values("reason")[:1]),
            request_due=Subquery(request.values("due_on")[:1]),
            request_raised=Subquery(request.values("raised_at")[:1]),
        )
        .prefetch_related(Prefetch("parties", queryset=victims, to_attr="victim_parties"))
    )


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= ACTION_TEXT_LIMIT else text[: ACTION_TEXT_LIMIT - 1] + "…"


def next_action(report: Any) -> tuple[str, date | None]:
    """The report's next action and its due date (None when nothing dated is due)."""
    dated: list[tuple[date, str]] = []
    last = report.last_assessed
    if last is not None:
        review = last.date() + timedelta(days=settings.RISK_REVIEW_DAYS)
        dated.append((review, "Reassess the risk (review interval reached)"))
    raised = report.request_raised
    if raised is not None and (last is None or raised > last):
        label = REASON_LABELS.get(report.request_reason, "requested")
        dated.append((report.request_due, f"Reassess the risk: {label.lower()}"))
    if report.action_due is not None:
        dated.append((report.action_due, f"Plan action: {_short(report.action_text)}"))
    plan = getattr(report, "plan", None)  # no plan: the reverse one-to-one raises AttributeError
    if plan is not None and plan.review_on:
        dated.append((plan.review_on, "Review the management plan"))
    if report.review_due is not None:
        dated.append((report.review_due, "Review the report"))
    if dated:
        due, text = min(dated, key=lambda d: d[0])
        return text, due
    return ("Complete a risk assessment" if last is None else "No action due"), None


@dataclass(frozen=True)
class Row:
    """One line of a worklist."""

    report_id: int
    reference: str
    status: str
    victims: tuple[str, ...]
    officer: str
    level: str
    action: str
    due: date | None
    overdue: bool
    extra: Mapping[str, Any]

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES.get(self.level, NOT_ASSESSED)

    @property
    def level_rank(self) -> int:
        return LEVEL_RANK.get(self.level, 3)

    @property
    def due_sort(self) -> str:
        return self.due.isoformat() if self.due else "9999-12-31"

    @property
    def victim_text(self) -> str:
        return "; ".join(self.victims) or "None recorded"


def victim_names(user: User, reports: list[Any]) -> dict[int, tuple[str, ...]]:
    """Each report's victims as ``user`` may see them: a name, or "Protected person"."""
    persons = [p.person for r in reports for p in r.victim_parties]
    shown = shown_person_ids(user, persons)
    return {
        r.pk: tuple(
            p.person.display_name if p.person_id in shown else "Protected person"
            for p in r.victim_parties
        )
        for r in reports
    }


def make_row(
    report: Any, victims: tuple[str, ...], today: date, extra: Mapping[str, Any] | None = None
) -> Row:
    """One worklist row for an annotated report (:func:`with_worklist_facts`)."""
    action, due = next_action(report)
    officer = report.allocated_officer
    return Row(
        report_id=report.pk,
        reference=report.reference,
        status=report.status_name,
        victims=victims,
        officer=(officer.get_full_name() or officer.username) if officer else "",
        level=report.latest_level or "",
        action=action,
        due=due,
        overdue=due is not None and due < today,
        extra=extra or {},
    )


def by_urgency(rows: list[Row]) -> list[Row]:
    """Earliest due first (undated last), then higher risk, then reference."""
    return sorted(rows, key=lambda row: (row.due_sort, row.level_rank, row.reference))


def rows_for(
    user: User,
    reports: Iterable[Any],
    today: date,
    extra: Mapping[int, Mapping[str, Any]] | None = None,
) -> list[Row]:
    """Worklist rows for annotated reports (:func:`with_worklist_facts`), most urgent first."""
    reports = list(reports)
    names = victim_names(user, reports)
    return by_urgency([make_row(r, names[r.pk], today, (extra or {}).get(r.pk)) for r in reports])


def counts(rows: list[Row], today: date) -> dict[str, int]:
    """The summary figures over every row (before any filter)."""
    week = today + timedelta(days=7)
    return {
        "total": len(rows),
        "overdue": sum(1 for r in rows if r.overdue),
        "high": sum(1 for r in rows if r.level == "high"),
        "week": sum(1 for r in rows if r.due is not None and today <= r.due <= week),
    }


FILTER_RISK = (
    ("high", "High"),
    ("medium", "Medium"),
    ("standard", "Standard"),
    ("none", "Not assessed"),
)
FILTER_DUE = (("overdue", "Overdue"), ("week", "Due within 7 days"))


def filters_from(params: Mapping[str, str]) -> dict[str, str]:
    """The worklist filters in the query string; unknown values are ignored."""
    risk = params.get("risk", "")
    due = params.get("due", "")
    return {
        "risk": risk if risk in dict(FILTER_RISK) else "",
        "due": due if due in dict(FILTER_DUE) else "",
        "q": params.get("q", "").strip()[:60],
        "status": params.get("status", "").strip()[:40],
    }


def apply_filters(rows: list[Row], chosen: Mapping[str, str], today: date) -> list[Row]:
    """Rows matching the chosen risk level, due state, status and text (reference or name)."""
    week = today + timedelta(days=7)
    out = rows
    if chosen.get("risk"):
        wanted = "" if chosen["risk"] == "none" else chosen["risk"]
        out = [r for r in out if r.level == wanted]
    if chosen.get("due") == "overdue":
        out = [r for r in out if r.overdue]
    elif chosen.get("due") == "week":
        out = [r for r in out if r.due is not None and r.due <= week]
    if chosen.get("status"):
        out = [r for r in out if r.extra.get("status") == chosen["status"]]
    text = chosen.get("q", "").lower()
    if text:
        out = [
            r
            for r in out
            if text in r.reference.lower() or any(text in v.lower() for v in r.victims)
        ]
    return out

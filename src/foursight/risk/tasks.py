"""Reassessments due and plan actions overdue, read from the stored records.

A report's risk assessment (DASH, S-DASH or DARA) falls due again, as a task with a due
date, for any of these reasons; the task closes itself when the report is next assessed:

* ``review_interval``: ``FOURSIGHT_RISK_REVIEW_DAYS`` after the last assessment (always
  scheduled once a report has been assessed);
* ``new_occasion``: an occasion recorded after the last assessment, due
  ``FOURSIGHT_RISK_TRIGGER_DAYS`` after it was recorded;
* ``escalation``: those new occasions now meet MARAC potential escalation (3 or more in
  the window) where the last assessment did not;
* ``breach``: a breach of an order on the report confirmed after the last assessment
  (``orders``), due when the breach's risk-review task is due;
* ``threat_hits``: threat-rule hits on evidence imported after the last assessment
  (``evidence``), due ``FOURSIGHT_RISK_TRIGGER_DAYS`` after the import;
* ``breach``, ``threat_hits``, ``escalation``, ``requested``: a stored
  :class:`~foursight.risk.models.ReassessmentRequest` raised after the last assessment.

Breaches and threat hits are read for reports that have been risk assessed; before the
first assessment the report's own screening prompts apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery

from foursight.cases.models import Report
from foursight.core.instruments import incidents_in_window
from foursight.evidence.models import RuleHit, StoredEvent
from foursight.orders.models import Breach, BreachTask
from foursight.risk.models import Assessment, PlanAction, ReassessmentRequest

RISK_INSTRUMENTS = ("dash", "sdash", "dara")
REASON_LABELS = {
    "review_interval": "Review interval reached",
    "new_occasion": "New occasion since the last assessment",
    "escalation": "Escalation",
    "breach": "Breach of an order or condition",
    "threat_hits": "New threat hits in the evidence",
    "requested": "Requested by a colleague",
}


@dataclass
class DueTask:
    report_id: int
    reference: str
    due_on: date
    reasons: list[str] = field(default_factory=list)
    last_assessed: datetime | None = None

    def overdue(self, today: date) -> bool:
        return self.due_on < today

    def to_dict(self, today: date) -> dict[str, object]:
        return {
            "report_id": self.report_id,
            "reference": self.reference,
            "due_on": self.due_on.isoformat(),
            "overdue": self.overdue(today),
            "reasons": self.reasons,
            "last_assessed": None if self.last_assessed is None else self.last_assessed.isoformat(),
        }


def _escalation_new(report: Report, last: datetime, latest: Assessment | None) -> bool:
    """The occasions now meet potential escalation and the last assessment did not."""
    if latest is not None and "potential_escalation" in latest.result.get("criteria", []):
        return False
    days = [o.started_at.astimezone(UTC).date() for o in report.occasions.all()]
    as_of = max(days, default=last.date())
    count = incidents_in_window(days, as_of, settings.MARAC_ESCALATION_DAYS)
    return count >= 3


def _evidence_and_breaches(report: Report, last: datetime) -> list[tuple[str, date]]:
    """Confirmed breaches and new threat hits since ``last``, with their due dates."""
    out = []
    breaches = Breach.objects.filter(
        report=report, status=Breach.Status.CONFIRMED, decided_at__gt=last
    )
    if breaches.exists():
        review = (
            BreachTask.objects.filter(breach__in=breaches, kind=BreachTask.Kind.RISK_REVIEW)
            .order_by("due_at")
            .first()
        )
        first = breaches.order_by("decided_at").values_list("decided_at", flat=True)[0]
        assert first is not None
        due = (
            review.due_at.date()
            if review
            else first.date() + timedelta(days=settings.RISK_TRIGGER_DAYS)
        )
        out.append(("breach", due))
    new_events = StoredEvent.objects.filter(report=report, exhibit__created_at__gt=last)
    hit = (
        new_events.filter(event_id__in=RuleHit.objects.filter(report=report).values("event_id"))
        .order_by("exhibit__created_at")
        .values_list("exhibit__created_at", flat=True)
        .first()
    )
    if hit is not None:
        out.append(("threat_hits", hit.date() + timedelta(days=settings.RISK_TRIGGER_DAYS)))
    return out


def report_tasks(report: Report, assessments: Iterable[Assessment] | None = None) -> DueTask | None:
    """The reassessment task of one report, or ``None`` before its first risk assessment.

    ``assessments``: every assessment of the report, when the caller has read them
    already (the report page's risk panel); the report is then not read again.
    """
    if assessments is None:
        return next(iter(due_tasks(Report.objects.filter(pk=report.pk))), None)
    times = [a.assessed_at for a in assessments if a.instrument in RISK_INSTRUMENTS]
    last = max(times, default=None)
    requests = list(ReassessmentRequest.objects.filter(report=report).order_by("due_on"))
    if last is None and not requests:
        return None
    return _task_for(report, last, requests)


def due_tasks(reports: QuerySet[Report], *, within_days: int | None = None) -> list[DueTask]:
    """Reassessment tasks over ``reports``, earliest due first.

    ``within_days``: only tasks due within that many days from today (overdue included).
    """
    today = datetime.now(UTC).date()
    risk = Q(assessments__instrument__in=RISK_INSTRUMENTS)
    rows = (
        reports.annotate(last=Max("assessments__assessed_at", filter=risk))
        .filter(Q(last__isnull=False) | Q(reassessment_requests__isnull=False))
        .distinct()
        .prefetch_related("occasions")
    )
    tasks = []
    for report in rows:
        requests = ReassessmentRequest.objects.filter(report=report)
        task = _task_for(report, report.last, requests.order_by("due_on"))
        if within_days is not None and task.due_on > today + timedelta(days=within_days):
            continue
        tasks.append(task)
    return sorted(tasks, key=lambda t: (t.due_on, t.reference))


def _task_for(
    report: Report, last: datetime | None, requests: Iterable[ReassessmentRequest]
) -> DueTask:
    """The task of a report last risk assessed at ``last``, with its requests by due date."""
    task = DueTask(report.pk, report.reference, date.max, last_assessed=last)
    if last is not None:
        task.due_on = last.date() + timedelta(days=settings.RISK_REVIEW_DAYS)
        task.reasons.append("review_interval")
        added = [o.created_at for o in report.occasions.all() if o.created_at > last]
        if added:
            task.reasons.append("new_occasion")
            trigger = min(added).date() + timedelta(days=settings.RISK_TRIGGER_DAYS)
            task.due_on = min(task.due_on, trigger)
            latest = (
                Assessment.objects.filter(report=report, instrument__in=("dash", "dara"))
                .order_by("-assessed_at", "-id")
                .first()
            )
            if _escalation_new(report, last, latest):
                task.reasons.append("escalation")
        for reason, due in _evidence_and_breaches(report, last):
            task.reasons.append(reason)
            task.due_on = min(task.due_on, due)
    for request in requests:
        if last is not None and request.raised_at <= last:
            continue
        if request.reason not in task.reasons:
            task.reasons.append(request.reason)
        task.due_on = min(task.due_on, request.due_on)
    return task


def overdue_actions(reports: QuerySet[Report]) -> QuerySet[PlanAction]:
    """Open plan actions past their due date, over ``reports``, oldest first."""
    today = datetime.now(UTC).date()
    return (
        PlanAction.objects.filter(
            plan__report__in=reports, status=PlanAction.Status.OPEN, due_on__lt=today
        )
        .select_related("plan__report")
        .order_by("due_on", "id")
    )


def stac_overview(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Referred cases annotated for the STAC list in one query: latest level and instrument,
    plan (joined) and the number of overdue plan actions, newest referral first."""
    today = datetime.now(UTC).date()
    latest = (
        Assessment.objects.filter(report=OuterRef("pk"))
        .exclude(level="")
        .order_by("-assessed_at", "-id")
    )
    return (
        reports.select_related("unit", "unit__parent", "plan")
        .annotate(
            latest_level=Subquery(latest.values("level")[:1]),
            latest_instrument=Subquery(latest.values("instrument")[:1]),
            overdue=Count(
                "plan__actions",
                filter=Q(plan__actions__status="open", plan__actions__due_on__lt=today),
                distinct=True,
            ),
        )
        .order_by("-stac_referred_at", "-id")
    )

"""The work a confirmed breach creates, inside the confirming action's transaction.

Two order tasks: arrest the subject (due in 24 hours) and review the protected person's
risk (due in 72 hours). The risk review is also raised with the risk app
(:func:`foursight.risk.actions.request_reassessment`, reason ``breach``) on the breach's
report, or the order's, so the report's risk reassessment falls due with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from foursight.orders.models import Breach, BreachTask

ARREST_WITHIN = timedelta(hours=24)
RISK_REVIEW_WITHIN = timedelta(hours=72)


@dataclass(frozen=True)
class BreachWork:
    tasks: list[BreachTask]
    reassessment_id: int | None

    def detail(self) -> dict[str, object]:
        return {"tasks": [t.pk for t in self.tasks], "reassessment": self.reassessment_id}


def create_breach_work(breach: Breach, who: str) -> BreachWork:
    """Create the arrest and risk-review tasks (once each) and the risk reassessment."""
    from foursight.risk.actions import request_reassessment

    now = timezone.now()
    tasks = []
    created_review = False
    for kind, within in (
        (BreachTask.Kind.ARREST, ARREST_WITHIN),
        (BreachTask.Kind.RISK_REVIEW, RISK_REVIEW_WITHIN),
    ):
        task, created = BreachTask.objects.get_or_create(
            breach=breach, kind=kind, defaults={"due_at": now + within}
        )
        tasks.append(task)
        created_review = created_review or (created and kind == BreachTask.Kind.RISK_REVIEW)
    report_id = breach.report_id or breach.order.report_id
    reassessment = None
    if created_review and report_id is not None:
        reassessment = request_reassessment(
            None,  # the orders action has checked the user's access; the risk app records it
            report_id,
            "breach",
            note=f"Breach {breach.pk} of order {breach.order_id} confirmed by {who}",
            due_on=timezone.localtime(tasks[1].due_at).date(),
        )
    return BreachWork(tasks, reassessment.pk if reassessment is not None else None)

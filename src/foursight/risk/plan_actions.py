"""STAC state changes: case conferences and the management plan with its actions.

Each action checks the role, validates, writes in one transaction with its audit entry;
bad input raises ``InvalidInput`` naming the field and changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb, snapshot
from foursight.audit.vocabulary import changes as diff
from foursight.core.conferences import RecordConference, check_conference
from foursight.core.plans import (
    AddPlanAction,
    SetPlan,
    UpdatePlanAction,
    check_plan_action,
    plan_action_changes,
)
from foursight.errors import InvalidInput, NotFound
from foursight.risk.access import (
    CONFERENCE_WRITERS,
    PLAN_WRITERS,
    require_role,
    risk_report_for,
)
from foursight.risk.models import Agency, CaseConference, Plan, PlanAction


def _day(value: Any, field: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(f"{field}: expected a date (YYYY-MM-DD)", field=field)
    return value


def record_conference(
    actor: User, report_id: int, command: RecordConference, *, justification: str = ""
) -> CaseConference:
    """Record a case conference (rules: :func:`foursight.core.conferences.check_conference`)."""
    require_role(actor, CONFERENCE_WRITERS, "record case conferences")
    command = check_conference(command, today=timezone.now().date(), agencies=Agency.values)
    cleaned = [{"name": a.name, "agency": a.agency} for a in command.attendees]
    with transaction.atomic():
        report = risk_report_for(actor, report_id, justification=justification, audit=False)
        conference = CaseConference.objects.create(
            report=report,
            held_on=command.held_on,
            attendees=cleaned,
            decisions=command.decisions,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        record(
            actor,
            Verb.CREATED,
            "case_conference",
            conference.pk,
            justification=justification.strip(),
            detail={"report": report.pk, "attendees": len(cleaned)},
        )
    return conference


def set_plan(actor: User, report_id: int, command: SetPlan, *, justification: str = "") -> Plan:
    """Create or change the report's management plan: ``review_on`` and ``summary``."""
    require_role(actor, PLAN_WRITERS, "change management plans")
    review_on = _day(command.review_on, "review_on")
    summary = command.summary.strip()
    with transaction.atomic():
        report = risk_report_for(actor, report_id, justification=justification, audit=False)
        plan, created = Plan.objects.update_or_create(
            report=report,
            defaults={"review_on": review_on, "summary": summary, "updated_at": timezone.now()},
        )
        record(
            actor,
            Verb.CREATED if created else Verb.UPDATED,
            "plan",
            plan.pk,
            justification=justification.strip(),
            detail={"report": report.pk, "review_on": review_on},
        )
    return plan


def add_plan_action(
    actor: User, report_id: int, command: AddPlanAction, *, justification: str = ""
) -> PlanAction:
    """Add an action to the plan (rules: :func:`foursight.core.plans.check_plan_action`)."""
    require_role(actor, PLAN_WRITERS, "change management plans")
    command = check_plan_action(command, agencies=Agency.values)
    agency, description, owner = command.agency, command.description, command.owner
    due_on = _day(command.due_on, "due_on")
    with transaction.atomic():
        report = risk_report_for(actor, report_id, justification=justification, audit=False)
        plan = Plan.objects.filter(report=report).first()
        if plan is None:
            raise InvalidInput("review_on: set the plan's review date first", field="review_on")
        now = timezone.now()
        action = PlanAction.objects.create(
            plan=plan,
            agency=agency,
            description=description,
            owner=owner,
            due_on=due_on,
            created_at=now,
            updated_at=now,
        )
        record(
            actor,
            Verb.CREATED,
            "plan_action",
            action.pk,
            justification=justification.strip(),
            detail={"report": report.pk, "agency": agency, "due_on": due_on},
        )
    return action


def update_plan_action(
    actor: User, action_id: int, command: UpdatePlanAction, *, justification: str = ""
) -> PlanAction:
    """Change an action's ``status`` (open, done, cancelled), ``owner`` or ``due_on``."""
    require_role(actor, PLAN_WRITERS, "change management plans")
    changes = plan_action_changes(command, statuses=PlanAction.Status.values)
    with transaction.atomic():
        report_id = (
            PlanAction.objects.filter(pk=action_id)
            .values_list("plan__report_id", flat=True)
            .first()
        )
        if report_id is None:
            raise NotFound("plan action")
        try:
            risk_report_for(actor, report_id, justification=justification, audit=False)
        except NotFound as exc:
            raise NotFound("plan action") from exc
        action = PlanAction.objects.select_for_update().get(pk=action_id)
        before = snapshot(action, list(changes))
        for key, value in changes.items():
            setattr(action, key, value)
        action.updated_at = timezone.now()
        action.save(update_fields=[*changes, "updated_at"])
        record(
            actor,
            Verb.UPDATED,
            "plan_action",
            action.pk,
            justification=justification.strip(),
            detail={"report": report_id, **changes, "changes": diff(before, changes)},
        )
    return action

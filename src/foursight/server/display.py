"""Template filters for the one display rule (``core/display.py``), loaded on every
template as a builtin (``TEMPLATES`` in settings): ``{{ when|local }}``,
``{{ event.time|utc }}``, ``{{ day|day }}``, ``{{ rate|percent }}``, and plain-English
names for codes (``core/labels.py``): ``{{ code|label:"kind" }}``."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from django import template

from foursight.core import display, labels

register = template.Library()


@register.filter
def day(value: date | datetime | str | None) -> str:
    return display.day(value)


@register.filter
def born(value: str | None) -> str:
    return display.birth(value)


@register.filter
def local(value: datetime | str | None) -> str:
    return display.local_time(value)


@register.filter
def utc(value: datetime | str | None) -> str:
    return display.evidence_time(value)


@register.filter
def utc_minutes(value: datetime | str | None) -> str:
    return display.evidence_time(value, seconds=False)


@register.filter
def iso(value: datetime | str | None) -> str:
    """The machine-readable instant for ``<time datetime="...">``, in UTC."""
    moment = display.instant(value)
    if moment is None:
        return ""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


@register.filter
def percent(value: float | None) -> str:
    return display.percent(value)


# Codes the apps define as Django choices, named by their choice labels (kind -> class).
APP_CHOICES = {
    "role": "foursight.accounts.models.Role",
    "unit_kind": "foursight.accounts.models.Unit.Kind",
    "party_role": "foursight.cases.models.Party.Role",
    "order_kind": "foursight.orders.models.OrderKind",
    "order_condition": "foursight.orders.models.Condition.Kind",
    "breach_status": "foursight.orders.models.Breach.Status",
    "breach_source": "foursight.orders.models.Breach.Source",
    "breach_task": "foursight.orders.models.BreachTask.Kind",
    "reassessment_reason": "foursight.risk.models.ReassessmentRequest.Reason",
    "agency": "foursight.risk.models.Agency",
    "plan_action_status": "foursight.risk.models.PlanAction.Status",
    "referral_kind": "foursight.risk.models.Referral.Kind",
    "case_file_status": "foursight.casefiles.models.CaseFile.Status",
    "link_status": "foursight.offenders.models.Edge.Status",
    "link_decision": "foursight.offenders.models.Decision.Kind",
    "target_status": "foursight.operations.models.Target.Status",
    "target_source": "foursight.operations.models.Target.Source",
    "check_kind": "foursight.operations.models.ComplianceCheck.Kind",
    "check_result": "foursight.operations.models.ComplianceCheck.Result",
    "triage_status": "foursight.intake.models.TriageStatus",
    "intelligence_source": "foursight.intake.models.IntelligenceItem.Source",
    "intelligence_assessment": "foursight.intake.models.IntelligenceItem.Assessment",
    "handling": "foursight.intake.models.IntelligenceItem.Handling",
    "exhibit_status": "foursight.evidence.models.Exhibit.Status",
    "exhibit_kind": "foursight.evidence.models.Exhibit.Kind",
    "job_status": "foursight.evidence.models.Job.Status",
    "copy_source": "foursight.disclosure.models.RedactedCopy.Source",
    "step_kind": "foursight.prosecution.models.StepKind",
    "bail_condition": "foursight.prosecution.models.BailCondition.Kind",
    "alias_kind": "foursight.people.models.Alias.Kind",
    "person_identifier_kind": "foursight.people.models.Identifier.Kind",
}


def _choices(path: str) -> Callable[[], dict[str, str]]:
    def names() -> dict[str, str]:
        module, _, name = path.partition(".models.")
        found: Any = importlib.import_module(f"{module}.models")
        for part in name.split("."):
            found = getattr(found, part)
        return {str(value): str(text) for value, text in found.choices}

    return names


for _kind, _path in APP_CHOICES.items():
    if _kind not in labels.kinds():
        labels.register(_kind, _choices(_path))


@register.filter
def label(code: object, kind: str) -> str:
    """``{{ order.kind|label:"order_kind" }}``: the plain-English name of a code."""
    return labels.label(code, kind)

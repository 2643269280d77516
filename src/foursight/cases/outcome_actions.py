"""The report's outcome: set by an officer, or decided by the suspects' paths.

Each action validates its input against the reference data, writes in one transaction and
records its audit entry in that transaction; invalid input raises ``InvalidInput`` naming
the field and changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from foursight.accounts.access import require_writer
from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.access import report_for
from foursight.cases.actions import _choice
from foursight.cases.models import Outcome, Report
from foursight.core import reference
from foursight.core.path_rules import DerivedOutcome
from foursight.errors import InvalidInput


def set_outcome(
    actor: User, report_id: int, data: dict[str, Any], *, justification: str = ""
) -> Outcome:
    """Record or change the report's outcome (Home Office code, charge, court dates)."""
    require_writer(actor)
    code = _choice(data.get("code"), reference.code_names(reference.outcomes()), "code")
    reason = data.get("withdrawal_reason") or ""
    if reason:
        _choice(reason, reference.code_names(reference.withdrawal_reasons()), "withdrawal_reason")
    if code in ("14", "16") and not reason:
        raise InvalidInput(
            "withdrawal_reason: required with outcome 14 or 16", field="withdrawal_reason"
        )
    dates = {k: data.get(k) for k in ("outcome_date", "charged_on", "first_hearing", "trial_date")}
    for key, value in dates.items():
        if value is not None and not isinstance(value, date):
            raise InvalidInput(f"{key}: expected a date (YYYY-MM-DD)", field=key)
    if (
        dates["first_hearing"]
        and dates["trial_date"]
        and dates["trial_date"] < dates["first_hearing"]
    ):
        raise InvalidInput("trial_date: the trial is before the first hearing", field="trial_date")
    with transaction.atomic():
        report = report_for(actor, report_id, justification=justification, audit=False)
        if dates["charged_on"] and dates["charged_on"] < report.reported_at.date():
            raise InvalidInput("charged_on: before the report was made", field="charged_on")
        outcome, created = Outcome.objects.update_or_create(
            report=report,
            defaults={
                "code": code,
                "outcome_date": dates["outcome_date"] or timezone.localdate(),
                "charge": data.get("charge") or "",
                "charged_on": dates["charged_on"],
                "first_hearing": dates["first_hearing"],
                "trial_date": dates["trial_date"],
                "withdrawal_reason": reason,
                "notes": data.get("notes") or "",
            },
        )
        if code in ("1", "1A") and report.status == "open":
            report.status = "suspect_charged"
            report.save(update_fields=["status", "updated_at"])
        record(
            actor,
            Verb.CREATED if created else Verb.UPDATED,
            "outcome",
            outcome.pk,
            justification=justification,
            detail={"report": report.pk, "code": code},
        )
    return outcome


def set_outcome_from_path(
    actor: User | None, report: Report, derived: DerivedOutcome, *, justification: str = ""
) -> Outcome | None:
    """Set the report's outcome to what its suspects' paths decide (``prosecution``).

    The caller has opened the report through its gatekeeper. Nothing is written when the
    stored outcome already says the same; the audit entry names the path as the source.
    """
    fields = {
        "code": derived.code,
        "outcome_date": derived.on,
        "charge": derived.charge,
        "charged_on": derived.charged_on,
        "first_hearing": derived.first_hearing,
        "trial_date": derived.trial_date,
        "withdrawal_reason": derived.withdrawal_reason,
        "notes": derived.notes,
    }
    current = Outcome.objects.filter(report=report).first()
    if current is not None and all(getattr(current, k) == v for k, v in fields.items()):
        return current
    with transaction.atomic():
        outcome, created = Outcome.objects.update_or_create(report=report, defaults=fields)
        if derived.code in reference.outcome_groups()["charge"] and report.status == "open":
            report.status = "suspect_charged"
            report.save(update_fields=["status", "updated_at"])
        record(
            actor,
            Verb.CREATED if created else Verb.UPDATED,
            "outcome",
            outcome.pk,
            justification=justification.strip(),
            detail={"report": report.pk, "code": derived.code, "source": "path"},
        )
    return outcome

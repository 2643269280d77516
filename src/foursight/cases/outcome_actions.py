"""The report's outcome: set by an officer, or decided by the suspects' paths.

Each action validates its input against the reference data, writes in one transaction and
records its audit entry in that transaction; invalid input raises ``InvalidInput`` naming
the field and changes nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from foursight.accounts.access import require_writer
from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.access import report_for
from foursight.cases.models import Outcome, Report
from foursight.core import reference
from foursight.core.path_rules import DerivedOutcome
from foursight.core.report_commands import SetOutcome, check_outcome
from foursight.errors import InvalidInput


def set_outcome(
    actor: User, report_id: int, command: SetOutcome, *, justification: str = ""
) -> Outcome:
    """Record or change the report's outcome (Home Office code, charge, court dates)."""
    require_writer(actor)
    command = check_outcome(command)
    code = command.code
    with transaction.atomic():
        report = report_for(actor, report_id, justification=justification, audit=False)
        if command.charged_on and command.charged_on < report.reported_at.date():
            raise InvalidInput("charged_on: before the report was made", field="charged_on")
        outcome, created = Outcome.objects.update_or_create(
            report=report,
            defaults={
                "code": code,
                "outcome_date": command.outcome_date or timezone.localdate(),
                "charge": command.charge,
                "charged_on": command.charged_on,
                "first_hearing": command.first_hearing,
                "trial_date": command.trial_date,
                "withdrawal_reason": command.withdrawal_reason,
                "notes": command.notes,
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

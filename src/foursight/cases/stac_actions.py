"""The STAC's decision on a report's referral: accept it, or decline it with a reason.

The referral is the report's (``cases.actions.refer_to_stac`` stores its time, the
officer and the reason), so the decision is stored on the report by this app.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from foursight.accounts.models import Role, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb, changes
from foursight.cases.access import report_for
from foursight.cases.models import Report
from foursight.core.stac_commands import DecideStacReferral
from foursight.errors import Conflict, Forbidden

DECIDERS = frozenset({Role.STAC, Role.ADMIN})


def decide_stac_referral(
    actor: User, report_id: int, command: DecideStacReferral, *, justification: str = ""
) -> Report:
    """Record the STAC's decision on the report's referral, with the old and new values.

    Only the STAC (and admins) decide; a decision may be changed (an accepted case later
    declined, with the reason), which the log keeps.
    """
    if actor.role not in DECIDERS:
        raise Forbidden("Only the STAC may accept or decline a referral.")
    command = command.checked()
    with transaction.atomic():
        report = report_for(actor, report_id, justification=justification, audit=False)
        if report.stac_referred_at is None:
            raise Conflict("This report has not been referred to the STAC.")
        before: dict[str, object] = {
            "stac_decision": report.stac_decision,
            "stac_decision_reason": report.stac_decision_reason,
        }
        report.stac_decision = command.decision
        report.stac_decision_reason = command.reason
        report.stac_decided_by = actor
        report.stac_decided_at = timezone.now()
        report.save(
            update_fields=[
                "stac_decision",
                "stac_decision_reason",
                "stac_decided_by",
                "stac_decided_at",
                "updated_at",
            ]
        )
        record(
            actor,
            Verb.STAC_DECIDED,
            "report",
            report.pk,
            justification=justification.strip(),
            detail={
                "changes": changes(
                    before,
                    {"stac_decision": command.decision, "stac_decision_reason": command.reason},
                )
            },
        )
    return report

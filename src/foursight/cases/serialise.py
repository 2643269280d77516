"""Reports as plain dicts for a given user: what the API returns and pages show.

Need-to-know is applied here once: hidden parties are left out, protected persons are
shown as "Protected person" without an id.
"""

from __future__ import annotations

from typing import Any

from foursight.accounts.models import User
from foursight.cases.access import visible_parties
from foursight.cases.models import Occasion, Outcome, Party, Report
from foursight.core import reference
from foursight.core.stac_commands import DECISIONS as STAC_DECISION_NAMES
from foursight.people.access import can_see_person


def _name(vocabulary: str, code: str) -> str:
    return reference.code_names(reference.vocabulary(vocabulary)).get(code, code)


def unit_out(report: Report) -> dict[str, Any]:
    unit = report.unit
    bcu = unit if unit.kind == "bcu" else unit.parent
    return {"code": unit.code, "name": unit.name, "bcu": bcu.code if bcu else None}


def party_out(user: User, party: Party) -> dict[str, Any]:
    person = party.person
    visible = can_see_person(user, person)
    return {
        "party_id": party.pk,
        "role": party.role,
        "relationship": party.relationship,
        "relationship_name": _name("relationships", party.relationship)
        if party.relationship
        else "",
        "person_id": person.pk if visible else None,
        "name": person.display_name if visible else "Protected person",
        "date_of_birth": person.date_of_birth if visible else "",
        "protected": person.protected,
    }


def occasion_out(occasion: Occasion) -> dict[str, Any]:
    return {
        "id": occasion.pk,
        "started_at": occasion.started_at,
        "ended_at": occasion.ended_at,
        "behaviours": list(occasion.behaviours),
        "location": occasion.location,
        "description": occasion.description,
        "source": occasion.source,
        "source_name": _name("occasion_sources", occasion.source),
    }


def outcome_out(outcome: Outcome | None) -> dict[str, Any] | None:
    if outcome is None:
        return None
    names = reference.code_names(reference.outcomes())
    return {
        "code": outcome.code,
        "name": names.get(outcome.code, ""),
        "outcome_date": outcome.outcome_date,
        "charge": outcome.charge,
        "charged_on": outcome.charged_on,
        "first_hearing": outcome.first_hearing,
        "trial_date": outcome.trial_date,
        "withdrawal_reason": outcome.withdrawal_reason,
        "notes": outcome.notes,
    }


def stac_referral_out(report: Report) -> dict[str, Any]:
    """The report's STAC referral: when, by whom and why, and the STAC's decision."""
    by = report.stac_referred_by
    decider = report.stac_decided_by
    return {
        "report_id": report.pk,
        "referred_at": report.stac_referred_at,
        "referred_by": by.username if by else None,
        "reason": report.stac_reason,
        "decision": report.stac_decision,
        "decision_name": STAC_DECISION_NAMES.get(report.stac_decision, "Waiting for a decision"),
        "decision_reason": report.stac_decision_reason,
        "decided_by": decider.username if decider else None,
        "decided_at": report.stac_decided_at,
    }


def report_item(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "reference": report.reference,
        "unit": report.unit.code,
        "bcu": unit_out(report)["bcu"],
        "reported_at": report.reported_at,
        "status": report.status,
        "offences": sorted(o.code for o in report.offences.all()),
    }


def report_out(user: User, report: Report) -> dict[str, Any]:
    parties = visible_parties(user, report)
    offence_names = reference.code_names(reference.offences())
    return {
        "id": report.pk,
        "reference": report.reference,
        "unit": report.unit.code,
        "unit_detail": unit_out(report),
        "reported_at": report.reported_at,
        "channel": report.channel,
        "channel_name": _name("channels", report.channel),
        "status": report.status,
        "status_name": _name("report_statuses", report.status),
        "summary": report.summary,
        "domestic_abuse": report.domestic_abuse,
        "cyber_element": report.cyber_element,
        "allocated_officer": report.allocated_officer.username
        if report.allocated_officer
        else None,
        "review_due": report.review_due,
        "stac_referred_at": report.stac_referred_at,
        "offences": [
            {"code": o.code, "name": offence_names.get(o.code, "")}
            for o in report.offences.order_by("code")
        ],
        "victim_count": report.parties.filter(role=Party.Role.VICTIM).count(),
        "victims": [party_out(user, p) for p in parties if p.role == Party.Role.VICTIM],
        "suspects": [party_out(user, p) for p in parties if p.role == Party.Role.SUSPECT],
        "witnesses": [party_out(user, p) for p in parties if p.role == Party.Role.WITNESS],
        "occasions": [occasion_out(o) for o in report.occasions.all()],
        "outcome": outcome_out(Outcome.objects.filter(report=report).first()),
    }

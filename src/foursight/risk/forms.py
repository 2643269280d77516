"""Reading the risk pages' POST data into the dicts the actions take; errors name the field."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import QueryDict

from foursight.core import typed_dates
from foursight.core.conferences import Attendee, RecordConference
from foursight.core.instruments import Instrument
from foursight.core.plans import AddPlanAction, SetPlan
from foursight.core.referrals import MakeReferral
from foursight.errors import InvalidInput

DATE_LABELS = {
    "referred_on": "Referral date",
    "review_on": "Plan review date",
    "due_on": "Due date",
    "held_on": "Date held",
}


def day(post: QueryDict, field: str, *, required: bool = True) -> date | None:
    """A date typed as d/m/yyyy or yyyy-mm-dd (``core.typed_dates``); errors name the field."""
    raw = (post.get(field) or "").strip()
    label = DATE_LABELS.get(field, "Date")
    if not raw:
        if required:
            raise InvalidInput(f"{label} is required: enter it as day/month/year", field=field)
        return None
    try:
        return typed_dates.parse_day(raw, label)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field=field) from exc


def number(post: QueryDict, field: str) -> int | None:
    raw = (post.get(field) or "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise InvalidInput(f"{field}: expected a whole number", field=field) from exc


def assessment_data(post: QueryDict, instrument: Instrument) -> dict[str, Any]:
    """The assessment form: one radio group per question, judgement, context flags."""
    answers = {q.id: post[q.id] for q in instrument.questions if post.get(q.id)}
    level = (post.get("judgement_level") or "").strip()
    rationale = (post.get("rationale") or "").strip()
    judgement = None
    if level or rationale:
        judgement = {"level": level, "rationale": rationale}
    return {
        "instrument": instrument.id,
        "victim_party_id": post.get("victim_party_id"),
        "suspect_party_id": post.get("suspect_party_id"),
        "answers": answers,
        "judgement": judgement,
        "victim_very_frightened": post.get("victim_very_frightened") == "on",
        "undated_occasions": number(post, "undated_occasions") or 0,
    }


def referral_data(post: QueryDict) -> MakeReferral:
    """The referral form as the command ``risk.actions.make_referral`` takes."""
    consent = post.get("consent")
    if consent not in ("yes", "no"):
        raise InvalidInput("consent: say whether the victim consented", field="consent")
    victim = post.get("victim_party_id", "")
    if not victim.isdigit():
        raise InvalidInput("victim_party_id: choose the victim", field="victim_party_id")
    return MakeReferral(
        kind=post.get("kind", ""),
        victim_party_id=int(victim),
        consent=consent == "yes",
        consent_note=post.get("consent_note", ""),
        reason=post.get("reason", ""),
        referred_on=day(post, "referred_on", required=False),
        mappa_category=number(post, "mappa_category"),
        mappa_level=number(post, "mappa_level"),
        advocate=post.get("advocate") or None,
        support_needs=post.get("support_needs", ""),
    )


def required_day(post: QueryDict, field: str) -> date:
    value = day(post, field)
    if value is None:
        raise InvalidInput(f"{DATE_LABELS.get(field, 'Date')} is required", field=field)
    return value


def plan_data(post: QueryDict) -> SetPlan:
    return SetPlan(review_on=required_day(post, "review_on"), summary=post.get("summary", ""))


def plan_action_data(post: QueryDict) -> AddPlanAction:
    return AddPlanAction(
        agency=post.get("agency", ""),
        description=post.get("description", ""),
        owner=post.get("owner", ""),
        due_on=required_day(post, "due_on"),
    )


def conference_data(post: QueryDict) -> RecordConference:
    """Attendees as parallel lists ``attendee_name`` / ``attendee_agency`` (blank rows skipped)."""
    names = post.getlist("attendee_name")
    agencies = post.getlist("attendee_agency")
    attendees = tuple(
        Attendee(name.strip(), agency)
        for name, agency in zip(names, agencies, strict=False)
        if name.strip()
    )
    return RecordConference(
        held_on=required_day(post, "held_on"),
        attendees=attendees,
        decisions=post.get("decisions", ""),
    )

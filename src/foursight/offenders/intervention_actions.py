"""State changes for perpetrator interventions: refer, change status, record a MAPPA review.

Each takes a typed command, checks it with the rules in ``foursight.core.interventions``,
writes in one transaction with its audit entry, and changes nothing when refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.access import report_for
from foursight.cases.models import Party
from foursight.core import interventions as rules
from foursight.errors import InvalidInput, NotFound
from foursight.offenders.intervention_access import (
    intervention_for,
    require_intervention_writer,
    subject_for,
)
from foursight.offenders.intervention_models import Intervention, InterventionStatus, MappaReview


@dataclass(frozen=True)
class ReferToIntervention:
    person_id: int
    kind: str
    status: str
    on: date
    provider: str = ""
    report_id: int | None = None
    mappa_category: int | None = None
    mappa_level: int | None = None
    review_on: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class ChangeInterventionStatus:
    intervention_id: int
    status: str
    on: date
    reason: str = ""


@dataclass(frozen=True)
class RecordMappaReview:
    intervention_id: int
    held_on: date
    mappa_level: int
    next_review_on: date | None = None
    notes: str = ""


def refer(actor: User, cmd: ReferToIntervention, *, justification: str = "") -> Intervention:
    """Record a suspect's referral to a programme, MAPPA or probation with its first status."""
    require_intervention_writer(actor)
    today = timezone.now().date()
    with transaction.atomic():
        try:
            person = subject_for(actor, cmd.person_id, justification=justification, audit=False)
        except NotFound as exc:
            raise InvalidInput(
                "person_id: no such person, or not visible to you", field="person_id"
            ) from exc
        suspect_of = Party.objects.filter(person=person, role=Party.Role.SUSPECT)
        if not suspect_of.exists():
            raise InvalidInput(
                "person_id: an intervention is for a suspect; this person is no report's suspect",
                field="person_id",
            )
        report = None
        if cmd.report_id is not None:
            try:
                report = report_for(actor, cmd.report_id, justification=justification, audit=False)
            except NotFound as exc:
                raise InvalidInput(
                    "report_id: no such report, or not visible to you", field="report_id"
                ) from exc
            if not suspect_of.filter(report=report).exists():
                raise InvalidInput(
                    f"report_id: {report.reference} does not name this person as a suspect",
                    field="report_id",
                )
        rules.check_mappa(cmd.kind, cmd.mappa_category, cmd.mappa_level, cmd.review_on, cmd.on)
        rules.check_status(None, None, rules.StatusChange(cmd.status, cmd.on), today)
        if report is not None and cmd.on < report.reported_at.date():
            raise InvalidInput("on: before the report was made", field="on")
        now = timezone.now()
        intervention = Intervention.objects.create(
            person=person,
            report=report,
            kind=cmd.kind,
            provider=cmd.provider.strip(),
            status=cmd.status,
            status_on=cmd.on,
            mappa_category=cmd.mappa_category,
            mappa_level=cmd.mappa_level,
            review_on=cmd.review_on,
            notes=cmd.notes,
            created_by=actor,
            created_at=now,
        )
        InterventionStatus.objects.create(
            intervention=intervention,
            status=cmd.status,
            on=cmd.on,
            recorded_by=actor,
            recorded_at=now,
        )
        record(
            actor,
            Verb.CREATED,
            "intervention",
            intervention.pk,
            justification=justification,
            detail={"person": person.pk, "kind": cmd.kind, "status": cmd.status},
        )
    return intervention


def change_status(
    actor: User, cmd: ChangeInterventionStatus, *, justification: str = ""
) -> Intervention:
    """Move an intervention to a new status on a date; going back needs a reason."""
    require_intervention_writer(actor)
    with transaction.atomic():
        found = intervention_for(
            actor, cmd.intervention_id, justification=justification, audit=False
        )
        intervention = Intervention.objects.select_for_update().get(pk=found.pk)
        before = intervention.status
        change = rules.StatusChange(cmd.status, cmd.on, cmd.reason.strip())
        rules.check_status(before, intervention.status_on, change, timezone.now().date())
        intervention.status, intervention.status_on = cmd.status, cmd.on
        intervention.save(update_fields=["status", "status_on"])
        InterventionStatus.objects.create(
            intervention=intervention,
            status=cmd.status,
            on=cmd.on,
            reason=change.reason,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        detail = {"status": [before, cmd.status], "on": cmd.on.isoformat()}
        if change.reason:
            detail["reason"] = change.reason
        record(
            actor,
            Verb.UPDATED,
            "intervention",
            intervention.pk,
            justification=justification,
            detail=detail,
        )
    return intervention


def record_review(actor: User, cmd: RecordMappaReview, *, justification: str = "") -> MappaReview:
    """Record a MAPPA review: the level it set and the date of the next one."""
    require_intervention_writer(actor)
    with transaction.atomic():
        found = intervention_for(
            actor, cmd.intervention_id, justification=justification, audit=False
        )
        intervention = Intervention.objects.select_for_update().get(pk=found.pk)
        if intervention.kind != "mappa":
            raise InvalidInput(
                "intervention: only a MAPPA referral has reviews", field="intervention"
            )
        if cmd.held_on > timezone.now().date():
            raise InvalidInput("held_on: a review cannot be dated in the future", field="held_on")
        first = intervention.history.order_by("on", "id").first()
        if first is not None and cmd.held_on < first.on:
            raise InvalidInput("held_on: before the referral", field="held_on")
        rules.check_mappa("mappa", intervention.mappa_category, cmd.mappa_level, None, cmd.held_on)
        if cmd.next_review_on is not None and cmd.next_review_on <= cmd.held_on:
            raise InvalidInput(
                "next_review_on: must be after the review it follows", field="next_review_on"
            )
        review = MappaReview.objects.create(
            intervention=intervention,
            held_on=cmd.held_on,
            mappa_level=cmd.mappa_level,
            next_review_on=cmd.next_review_on,
            notes=cmd.notes,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        intervention.mappa_level = cmd.mappa_level
        intervention.review_on = cmd.next_review_on
        intervention.save(update_fields=["mappa_level", "review_on"])
        record(
            actor,
            Verb.UPDATED,
            "intervention",
            intervention.pk,
            justification=justification,
            detail={"review": review.pk, "mappa_level": cmd.mappa_level},
        )
    return review

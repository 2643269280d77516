"""Risk state changes: assessments, reassessment requests and referrals.

Each action checks the role, validates, writes in one transaction and records its audit
entry there; bad input raises ``InvalidInput`` naming the field and changes nothing.
Plans and case conferences are in ``plan_actions.py``.

Other apps raise a reassessment with :func:`request_reassessment` (orders on a breach,
evidence on new threat hits)::

    request_reassessment(actor, report_id, "breach", note="Contact after the SPO")
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from foursight.accounts.models import Role, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases import actions as case_actions
from foursight.cases.models import Party, Report
from foursight.core.assessment_commands import RecordAssessment, check_assessment
from foursight.core.instruments import (
    MaracConfig,
    ScoreResult,
    ScoringConfig,
    ScoringContext,
    get_instrument,
    score,
)
from foursight.core.referrals import MakeReferral, check_referral
from foursight.core.report_commands import AssignAdvocate
from foursight.errors import Forbidden, InvalidInput, NotFound
from foursight.risk.access import (
    ASSESSORS,
    REFERRERS,
    is_licensed_assessor,
    pair_for,
    require_role,
    risk_report_for,
)
from foursight.risk.models import Assessment, ReassessmentRequest, Referral


def scoring_config() -> ScoringConfig:
    """The area's scoring configuration from the settings (MARAC escalation window)."""
    return ScoringConfig(marac=MaracConfig(escalation_window_days=settings.MARAC_ESCALATION_DAYS))


def last_marac(victim: Party, before: date | None = None) -> date | None:
    """The date of the last MARAC referral for this victim (the person, across reports)."""
    referrals = Referral.objects.filter(kind=Referral.Kind.MARAC, victim__person=victim.person_id)
    if before is not None:
        referrals = referrals.filter(referred_on__lte=before)
    found: date | None = referrals.aggregate(last=Max("referred_on"))["last"]
    return found


def build_context(
    actor: User,
    report: Report,
    victim: Party,
    *,
    as_of: date,
    very_frightened: bool = False,
    undated_occasions: int = 0,
) -> ScoringContext:
    """Scoring context from the report: occasion days up to ``as_of`` and the last MARAC."""
    days = sorted({o.started_at.astimezone(UTC).date() for o in report.occasions.all()})
    return ScoringContext(
        occasion_dates=[day for day in days if day <= as_of],
        undated_occasions=undated_occasions,
        victim_very_frightened=very_frightened,
        last_marac=last_marac(victim, as_of),
        as_of=as_of,
        licensed_assessor=is_licensed_assessor(actor),
    )


def record_assessment(
    actor: User, report_id: int, command: RecordAssessment, *, justification: str = ""
) -> Assessment:
    """Score the command's answers with the engine and store them as the next version for
    the pair. SRP and SAM need a licensed assessor (the STAC role)."""
    require_role(actor, ASSESSORS, "record risk assessments")
    instrument = get_instrument(command.instrument)
    if instrument.requires_licensed_assessor and not is_licensed_assessor(actor):
        raise Forbidden(
            f"{instrument.name} results are recorded only by licensed assessors (the STAC)."
        )
    command = check_assessment(command)
    judgement = command.judgement
    now = timezone.now()
    with transaction.atomic():
        report = risk_report_for(actor, report_id, justification=justification, audit=False)
        victim, suspect = pair_for(report, command.victim_party_id, command.suspect_party_id)
        context = build_context(
            actor,
            report,
            victim,
            as_of=now.date(),
            very_frightened=command.victim_very_frightened,
            undated_occasions=command.undated_occasions,
        )
        result = score(
            instrument.id, dict(command.answers), judgement, context, config=scoring_config()
        )
        assessment = _next_version(report, victim, suspect, result, context, actor, now)
        assessment.judgement_level = judgement.level if judgement else ""
        assessment.save()
        record(
            actor,
            Verb.CREATED,
            "assessment",
            assessment.pk,
            justification=justification.strip(),
            detail={
                "report": report.pk,
                "instrument": instrument.id,
                "version": assessment.version,
                "level": assessment.level,
                "score": assessment.score,
            },
        )
    return assessment


def _next_version(
    report: Report,
    victim: Party,
    suspect: Party,
    result: ScoreResult,
    context: ScoringContext,
    actor: User,
    now: datetime,
) -> Assessment:
    """The pair's next assessment version of the scored ``result`` (not yet saved)."""
    # Lock the victim's party row so two assessments of the pair get distinct versions.
    Party.objects.select_for_update().filter(pk=victim.pk).first()
    previous = Assessment.objects.filter(
        victim=victim, suspect=suspect, instrument=result.instrument
    ).aggregate(v=Max("version"))["v"]
    return Assessment(
        report=report,
        victim=victim,
        suspect=suspect,
        instrument=result.instrument,
        definition_version=result.version,
        version=(previous or 0) + 1,
        answers=dict(result.answers),
        rationale=result.rationale or "",
        context=context.to_dict(),
        result=result.to_dict(),
        score=result.score,
        level=result.level.value if result.level else "",
        marac_referral=result.marac_referral,
        assessed_by=actor,
        assessor_name=actor.username,
        assessed_at=now,
    )


def request_reassessment(
    actor: User | None,
    report_id: int,
    reason: str,
    *,
    note: str = "",
    due_on: date | None = None,
    justification: str = "",
) -> ReassessmentRequest:
    """Raise a reassessment task for a report (breach, threat hits, escalation, requested).

    ``actor`` ``None`` is the system (another app's job); a person needs report access.
    The task is due ``FOURSIGHT_RISK_TRIGGER_DAYS`` days from today unless ``due_on`` is
    given, and stays open until the report is next assessed.
    """
    if reason not in ReassessmentRequest.Reason.values:
        allowed = ", ".join(ReassessmentRequest.Reason.values)
        raise InvalidInput(f"reason: expected one of {allowed}", field="reason")
    today = timezone.now().date()
    if due_on is not None and not isinstance(due_on, date):
        raise InvalidInput("due_on: expected a date (YYYY-MM-DD)", field="due_on")
    if due_on is not None and due_on < today:
        raise InvalidInput("due_on: the due date is in the past", field="due_on")
    with transaction.atomic():
        if actor is None:
            report = Report.objects.filter(pk=report_id).first()
            if report is None:
                raise NotFound("report")
        else:
            require_role(actor, ASSESSORS, "request reassessments")
            report = risk_report_for(actor, report_id, justification=justification, audit=False)
        task = ReassessmentRequest.objects.create(
            report=report,
            reason=reason,
            note=note.strip(),
            due_on=due_on or today + timedelta(days=settings.RISK_TRIGGER_DAYS),
            raised_by=actor,
            raised_at=timezone.now(),
        )
        record(
            actor,
            Verb.CREATED,
            "reassessment_request",
            task.pk,
            justification=justification.strip(),
            detail={"report": report.pk, "reason": reason, "due_on": task.due_on},
        )
    return task


def make_referral(
    actor: User, report_id: int, command: MakeReferral, *, justification: str = ""
) -> Referral:
    """Refer the victim's case (MARAC, MAPPA, advocate, behaviour change, mental health).

    The rules a referral meets are :func:`foursight.core.referrals.check_referral`. An
    advocate-service referral assigns the advocate to the victim through
    ``cases.actions.assign_advocate``.
    """
    require_role(actor, REFERRERS, "make referrals")
    command = check_referral(command, today=timezone.now().date(), by_stac=actor.role == Role.STAC)
    kind, consent = command.kind, command.consent
    with transaction.atomic():
        report = risk_report_for(actor, report_id, justification=justification, audit=False)
        victim = report.parties.filter(pk=command.victim_party_id, role=Party.Role.VICTIM).first()
        if victim is None:
            raise InvalidInput(
                "victim_party_id: not a victim on this report", field="victim_party_id"
            )
        advocate = None
        if kind == Referral.Kind.ADVOCATE:
            assignment = case_actions.assign_advocate(
                actor,
                report.pk,
                AssignAdvocate(
                    party_id=victim.pk,
                    advocate=command.advocate or "",
                    consent_reference=command.consent_note,
                ),
                justification=justification,
            )
            advocate = assignment.advocate
        referral = Referral.objects.create(
            report=report,
            victim=victim,
            kind=kind,
            referred_on=command.referred_on or timezone.now().date(),
            consent=consent,
            consent_note=command.consent_note,
            mappa_category=command.mappa_category,
            mappa_level=command.mappa_level,
            advocate=advocate,
            support_needs=command.support_needs,
            reason=command.reason,
            made_by=actor,
            made_at=timezone.now(),
        )
        record(
            actor,
            Verb.CREATED,
            "referral",
            referral.pk,
            justification=justification.strip(),
            detail={"report": report.pk, "kind": kind, "consent": consent},
        )
    return referral

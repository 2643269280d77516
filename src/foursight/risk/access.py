"""Gatekeepers for risk records: the only path from an id to an assessment, plan or referral.

Need-to-know (one rule per line; missing and forbidden give the same NotFound):

* risk records (assessments, reassessment tasks, conferences, plans, referrals) are read by
  whoever may open the report *and* sees its victims: officers and supervisors in the
  report's BCU, the STAC for referred reports (force-wide), administrators (with a
  justification outside their BCU); never the offender unit (suspects only) or analysts;
* an advocate reads only the advocate-service referrals of victims referred to them
  (name, report, support needs, consent), never assessments or plans;
* FOUR, DASH, S-DASH and DARA are recorded by officers, supervisors, the STAC and admins;
* SRP and SAM results are recorded only by licensed assessors: the STAC role, whose
  clinicians hold the licences;
* case conferences are recorded by the STAC (and admins); management plans by the STAC,
  supervisors and admins;
* referrals are made by officers, supervisors, the STAC and admins; an advocate-service
  referral grants the advocate access to the victim, so it needs a report writer
  (officer, supervisor, admin), as ``cases.actions.assign_advocate`` requires.
"""

from __future__ import annotations

from django.db.models import QuerySet

from foursight.accounts.access import check_justification, sees_victims
from foursight.accounts.models import Role, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.access import report_for, visible_reports
from foursight.cases.models import Party, Report
from foursight.errors import Forbidden, InvalidInput, NotFound
from foursight.risk.models import Assessment, Referral

ASSESSORS = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.STAC, Role.ADMIN})
LICENSED_ASSESSORS = frozenset({Role.STAC})
CONFERENCE_WRITERS = frozenset({Role.STAC, Role.ADMIN})
PLAN_WRITERS = frozenset({Role.STAC, Role.SUPERVISOR, Role.ADMIN})
REFERRERS = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.STAC, Role.ADMIN})
STAC_VIEWERS = frozenset({Role.STAC, Role.ADMIN})
TASK_VIEWERS = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.STAC, Role.ADMIN})


def is_licensed_assessor(user: User) -> bool:
    """Whether the user may record SRP and SAM results (the engine's ``licensed_assessor``)."""
    return user.role in LICENSED_ASSESSORS


def require_role(user: User, roles: frozenset[str], what: str) -> None:
    if user.role not in roles:
        raise Forbidden(f"Your role may not {what}.")


def risk_report_for(
    user: User, report_id: int, *, justification: str = "", audit: bool = True
) -> Report:
    """The report if the user may see its risk records (report access and victims)."""
    if not sees_victims(user):
        raise NotFound("report")
    return report_for(user, report_id, justification=justification, audit=audit)


def pair_for(report: Report, victim_id: int, suspect_id: int) -> tuple[Party, Party]:
    """The victim and suspect parties of ``report`` named by party id; InvalidInput otherwise."""
    victim = report.parties.filter(pk=victim_id, role=Party.Role.VICTIM).first()
    if victim is None:
        raise InvalidInput("victim_party_id: not a victim on this report", field="victim_party_id")
    suspect = report.parties.filter(pk=suspect_id, role=Party.Role.SUSPECT).first()
    if suspect is None:
        raise InvalidInput(
            "suspect_party_id: not a suspect on this report", field="suspect_party_id"
        )
    return victim, suspect


def assessment_for(user: User, assessment_id: int, *, justification: str = "") -> Assessment:
    """One stored assessment, if the user may see the report's risk records; audited."""
    report_id = (
        Assessment.objects.filter(pk=assessment_id).values_list("report_id", flat=True).first()
    )
    if report_id is None:
        raise NotFound("assessment")
    try:
        risk_report_for(user, report_id, justification=justification, audit=False)
    except NotFound as exc:
        raise NotFound("assessment") from exc
    assessment = Assessment.objects.select_related("report", "victim__person").get(pk=assessment_id)
    record(user, Verb.VIEWED, "assessment", assessment.pk, justification=justification.strip())
    return assessment


def reports_with_risk(
    user: User, *, justification: str = "", what: str = "risk_tasks"
) -> QuerySet[Report]:
    """Reports whose risk records the user may list (dashboards); the listing is audited.

    Admins list across the force and so give a justification.
    """
    if user.role not in TASK_VIEWERS:
        raise NotFound("page")
    reason = ""
    if user.role == Role.ADMIN:
        reason = check_justification(user, None, justification)
    record(user, Verb.SEARCHED, what, justification=reason)
    return visible_reports(user)


def stac_cases(user: User, *, justification: str = "") -> QuerySet[Report]:
    """Every report referred to the STAC, across BCUs: for the STAC and admins only."""
    if user.role not in STAC_VIEWERS:
        raise NotFound("page")
    reason = ""
    if user.role == Role.ADMIN:
        reason = check_justification(user, None, justification)
    record(user, Verb.SEARCHED, "stac_cases", justification=reason)
    return visible_reports(user).filter(stac_referred_at__isnull=False)


def advocate_referrals(user: User) -> QuerySet[Referral]:
    """The advocate-service referrals of the victims referred to this advocate."""
    if user.role != Role.ADVOCATE:
        return Referral.objects.none()
    return Referral.objects.filter(
        kind=Referral.Kind.ADVOCATE,
        victim__advocates__advocate=user,
        advocate=user,
    ).select_related("report", "victim__person")

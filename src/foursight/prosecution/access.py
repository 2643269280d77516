"""Gatekeepers for a suspect's path: the report's need-to-know rules, then the suspect's.

A path is read through the report's gatekeeper (:func:`foursight.cases.access.report_for`)
and the report's party rule (:func:`foursight.cases.access.party_rule`): whoever may
open the report and see its suspects sees their paths. Advocates and analysts never do.
Missing and forbidden give the same :class:`NotFound`; reads are audited here.
"""

from __future__ import annotations

from django.db.models import QuerySet

from foursight.accounts.models import Role, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.access import party_rule, report_for
from foursight.cases.models import Party, Report
from foursight.errors import Forbidden, NotFound
from foursight.prosecution.models import Step, path_order

# the offender unit arrests and charges in operations, so it may record steps too
WRITERS = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.OFFENDER_UNIT, Role.ADMIN})


def require_path_writer(user: User) -> None:
    if user.role not in WRITERS:
        raise Forbidden("Your role may not record steps on a suspect's path.")


def suspect_for(
    user: User, report_id: int, party_id: int, *, justification: str = "", audit: bool = True
) -> tuple[Report, Party]:
    """The report and its suspect ``party_id``, if the user may see that suspect."""
    report = report_for(user, report_id, justification=justification, audit=False)
    party = (
        report.parties.filter(party_rule(user))
        .filter(pk=party_id, role=Party.Role.SUSPECT)
        .select_related("person")
        .first()
    )
    if party is None:
        raise NotFound("suspect")
    if audit:
        record(
            user,
            Verb.VIEWED,
            "suspect_path",
            party.pk,
            justification=justification.strip(),
            detail={"report": report.pk},
        )
    return report, party


def steps_of(party: Party) -> QuerySet[Step]:
    """The suspect's steps in time order, with their conditions and creators."""
    return (
        Step.objects.filter(party=party)
        .select_related("created_by", "operation_target__operation")
        .prefetch_related("conditions")
        .order_by(*path_order())
    )

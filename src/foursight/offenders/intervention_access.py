"""Gatekeepers for perpetrator interventions.

Who sees a person's interventions: a role that sees suspects (officer, supervisor,
stac, offender_unit, admin) and may open the person through the people gatekeeper (so
an officer sees the suspects of their BCU's reports, the STAC those of referred reports,
the offender unit everyone with a justification outside their BCU). The same roles
record them. Advocates and analysts never see them. Missing and forbidden give the same
NotFound, so an id leaks nothing.
"""

from __future__ import annotations

from django.db.models import QuerySet

from foursight.accounts.access import sees_suspects
from foursight.accounts.models import Role, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.errors import Forbidden, NotFound
from foursight.offenders.intervention_models import Intervention
from foursight.people.access import person_for
from foursight.people.models import Person

INTERVENTION_WRITERS = frozenset(
    {Role.OFFICER, Role.SUPERVISOR, Role.STAC, Role.OFFENDER_UNIT, Role.ADMIN}
)


def require_intervention_writer(user: User) -> None:
    if user.role not in INTERVENTION_WRITERS:
        raise Forbidden("Your role may not record interventions.")


def subject_for(
    user: User, person_id: int, *, justification: str = "", audit: bool = True
) -> Person:
    """The person ``person_id`` if the user may see their interventions; audited."""
    if not sees_suspects(user):
        raise NotFound("person")
    person = person_for(user, person_id, justification=justification, audit=False)
    if audit:
        record(user, Verb.VIEWED, "interventions", person.pk, justification=justification)
    return person


def interventions_of(person: Person) -> QuerySet[Intervention]:
    return person.interventions.prefetch_related("history", "reviews").select_related("report")


def intervention_for(
    user: User, intervention_id: int, *, justification: str = "", audit: bool = True
) -> Intervention:
    """The intervention if the user may see its subject; audited."""
    intervention = Intervention.objects.filter(pk=intervention_id).first()
    if intervention is None or not sees_suspects(user):
        raise NotFound("intervention")
    try:
        person_for(user, intervention.person_id, justification=justification, audit=False)
    except NotFound as exc:
        raise NotFound("intervention") from exc
    if audit:
        record(user, Verb.VIEWED, "intervention", intervention.pk, justification=justification)
    return intervention

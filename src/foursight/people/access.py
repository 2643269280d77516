"""Gatekeepers for persons: the only path from an id to a person for a user.

A person is visible when they appear, in a role the user may see, on a report the user may
open. A protected person is visible only with a grant. Missing and forbidden look alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from foursight.accounts.access import check_justification, require_personal_data
from foursight.accounts.models import Role, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.access import visible_reports
from foursight.errors import Forbidden, NotFound
from foursight.people.models import Person


def protection_ok(user: User, prefix: str = "") -> Q:
    """Unprotected persons, or protected ones the user holds a grant for.

    ``prefix`` applies the rule through a relation, e.g. ``"person__"`` on parties.
    """
    return Q(**{f"{prefix}protected": False}) | Q(**{f"{prefix}grants__user": user})


def visible_persons(user: User) -> QuerySet[Person]:
    if user.role == Role.ANALYST:
        return Person.objects.none()
    reports = visible_reports(user).values("pk")
    role_filter = Q(parties__report__in=reports)
    if user.role == Role.OFFENDER_UNIT:
        role_filter &= Q(parties__role="suspect")
    elif user.role == Role.ADVOCATE:
        role_filter = Q(parties__advocates__advocate=user)
    if user.role in (Role.OFFICER, Role.SUPERVISOR):
        role_filter |= Q(created_by=user)  # a person just recorded, before it is on a report
    persons = Person.objects.filter(role_filter).filter(protection_ok(user))
    if user.role == Role.ADMIN:
        persons = Person.objects.filter(protection_ok(user))
    return persons.distinct()


def shown_person_ids(user: User, persons: Iterable[Person | int]) -> set[int]:
    """Of ``persons``, the ids whose identity ``user`` may see wherever they are named.

    This is the person rule itself (:func:`visible_persons`: the role's parties on the
    reports the user may open, and the protected-person grants), applied to persons that
    other records name: an order's subject and protected persons, its conditions, a
    breach's events. A person outside it is shown as "Protected person", without an id.
    """
    ids = {p if isinstance(p, int) else p.pk for p in persons}
    if not ids:
        return set()
    return set(visible_persons(user).filter(pk__in=ids).values_list("pk", flat=True))


def can_see_person(user: User, person: Person) -> bool:
    """Whether the protected-person rule lets ``user`` see ``person``'s identity."""
    return not person.protected or person.grants.filter(user=user).exists()


def _person_bcu(user: User, person: Person) -> int | None:
    """The user's home BCU if the person appears on a report there, else None (elsewhere)."""
    home = user.home_bcu_id
    if (
        home is not None
        and person.parties.filter(
            Q(report__unit_id=home) | Q(report__unit__parent_id=home)
        ).exists()
    ):
        return home
    return None


def person_for(
    user: User, person_id: int, *, justification: str = "", audit: bool = True
) -> Person:
    """The person ``person_id`` if the user may see them; records the consultation."""
    try:
        require_personal_data(user)
    except Forbidden as exc:
        raise NotFound("person") from exc
    person = visible_persons(user).filter(pk=person_id).first()
    if person is None:
        raise NotFound("person")
    reason = check_justification(user, _person_bcu(user, person), justification)
    if audit:
        record(user, Verb.VIEWED, "person", person.pk, justification=reason)
    return person


def search_persons(user: User, query: str, *, justification: str = "") -> QuerySet[Person]:
    try:
        require_personal_data(user)
    except Forbidden as exc:
        raise NotFound("person") from exc
    reason = (
        check_justification(user, None, justification)
        if user.role in (Role.OFFENDER_UNIT, Role.ADMIN)
        else ""
    )
    record(
        user, Verb.SEARCHED, "person", justification=reason, detail={"q": query} if query else None
    )
    return visible_persons(user)

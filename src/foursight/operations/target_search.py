"""Finding a person to target by name, date of birth or identifier, and the bulk preview.

Only persons the user may see (``people.access``: the protected-person rule included) who
are suspects on a report the user may open can be targets, so only they are found. The
search is audited as a person search; nothing here writes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from foursight.accounts.models import Unit, User
from foursight.cases.access import visible_reports
from foursight.cases.models import Party
from foursight.core.display import day
from foursight.core.target_commands import TargetQuery
from foursight.errors import InvalidInput
from foursight.operations import sources
from foursight.operations.models import Operation
from foursight.people.access import search_persons, visible_persons
from foursight.people.models import Person

LIMIT = 20


def _matching(persons: QuerySet[Person], query: TargetQuery) -> QuerySet[Person]:
    if query.kind == "birth" and query.birth is not None:
        year, month, day = query.birth
        persons = persons.filter(birth_year=year)
        if month is not None:
            persons = persons.filter(birth_month=month)
        if day is not None:
            persons = persons.filter(birth_day=day)
        return persons
    if query.kind == "identifier":
        exact = Q(identifiers__normalised=query.identifier)
        if query.identifier.startswith("+"):  # a phone number, whole or its start
            exact |= Q(
                identifiers__kind="phone", identifiers__normalised__startswith=query.identifier
            )
        return persons.filter(exact)
    if query.kind == "phone_part":
        return persons.filter(
            identifiers__kind="phone", identifiers__normalised__contains=query.identifier
        )
    for word in query.words:
        persons = persons.filter(
            Q(first_names__icontains=word)
            | Q(surname__icontains=word)
            | Q(aliases__surname__icontains=word)
            | Q(aliases__first_names__icontains=word)
        )
    return persons


def find_persons(
    user: User, operation: Operation, query: TargetQuery, *, justification: str = ""
) -> dict[str, Any]:
    """Suspects the user may see matching ``query``, at most :data:`LIMIT`, by name.

    Each row says whether the person is already a target of ``operation`` and on which
    reports (that the user may open) they are a suspect. Three queries whatever the count.
    """
    if query.kind == "empty":
        return {"query": query, "rows": [], "more": False}
    reports = visible_reports(user).values("pk")
    suspects = Party.objects.filter(role=Party.Role.SUSPECT, report__in=reports)
    persons = (
        _matching(search_persons(user, query.text, justification=justification), query)
        .filter(pk__in=suspects.values("person_id"))
        .distinct()
        .order_by("surname", "first_names", "id")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=suspects.select_related("report").order_by("-report__reported_at"),
                to_attr="suspect_on",
            )
        )
    )
    found = list(persons[: LIMIT + 1])
    already = set(
        operation.targets.filter(person__in=[p.pk for p in found]).values_list(
            "person_id", flat=True
        )
    )
    rows = [
        {
            "person": p,
            "born": born(p),
            "reports": [party.report for party in p.suspect_on[:3]],
            "already": p.pk in already,
        }
        for p in found[:LIMIT]
    ]
    return {"query": query, "rows": rows, "more": len(found) > LIMIT}


def born(person: Person) -> str:
    """The date of birth as people write it: "17 Feb 1966", "Feb 1966", "1966" or ""."""
    if person.birth_year is None:
        return ""
    if person.birth_month is None:
        return str(person.birth_year)
    when = date(person.birth_year, person.birth_month, person.birth_day or 1)
    return day(when) if person.birth_day else when.strftime("%b %Y")


def preview(
    user: User, operation: Operation, data: dict[str, Any], *, justification: str = ""
) -> dict[str, Any]:
    """Who "Add targets from list" would add, before anything is added.

    The same list, limit and BCU as ``actions.build_targets`` reads, less those already
    targets, so the count and names on the confirmation page are what confirming adds.
    """
    limit = data.get("limit", 50)
    if not isinstance(limit, int) or not 1 <= limit <= 1000:
        raise InvalidInput("limit: a number from 1 to 1000", field="limit")
    bcu = None
    if data.get("bcu"):
        bcu = Unit.objects.filter(code=data["bcu"], kind=Unit.Kind.BCU).first()
        if bcu is None:
            raise InvalidInput(f"bcu: unknown BCU {data['bcu']!r}", field="bcu")
    source = str(data.get("source", ""))
    ids = sources.candidates(user, source, limit, bcu, justification=justification)
    existing = set(operation.targets.values_list("person_id", flat=True))
    new_ids = [i for i in ids if i not in existing]
    persons = visible_persons(user).filter(pk__in=new_ids).in_bulk()
    return {
        "persons": [(persons[i], born(persons[i])) for i in new_ids if i in persons],
        "count": len(new_ids),
        "already": len(ids) - len(new_ids),
        "source": source,
        "source_name": dict(SOURCE_NAMES).get(source, source),
        "limit": limit,
        "bcu": bcu,
    }


SOURCE_NAMES = (
    ("outstanding_suspects", "Outstanding suspects"),
    ("highest_harm", "Highest-harm list"),
)

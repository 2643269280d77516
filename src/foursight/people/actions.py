"""State changes for persons: create, update, grant access to a protected person."""

from __future__ import annotations

import calendar
from typing import Any

from django.db import transaction

from foursight.accounts.access import require_personal_data, require_writer
from foursight.accounts.models import Role, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb, changes, snapshot
from foursight.cases.access import visible_reports
from foursight.core.identifiers import IdentifierKind, normalise, normalise_postcode
from foursight.errors import Forbidden, InvalidInput, NotFound
from foursight.people.access import person_for
from foursight.people.models import Alias, Gender, Identifier, Person, ProtectedAccessGrant

PERSON_FIELDS = ("first_names", "surname", "date_of_birth", "gender", "protected")
PERSON_COLUMNS = (
    "first_names",
    "surname",
    "birth_year",
    "birth_month",
    "birth_day",
    "gender",
    "protected",
)


def parse_partial_date(
    value: str | None, field: str = "date_of_birth"
) -> tuple[int | None, int | None, int | None]:
    """``"1990-04-12"``, ``"1990-04"``, ``"1990"`` or empty -> (year, month, day)."""
    if not value:
        return None, None, None
    parts = value.strip().split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError as exc:
        raise InvalidInput(
            f"{field}: use YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}", field=field
        ) from exc
    if len(numbers) > 3 or not 1880 <= numbers[0] <= 2100:
        raise InvalidInput(f"{field}: use YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}", field=field)
    padded: list[int | None] = [*numbers, None, None]
    year, month, day = padded[:3]
    if month is not None and not 1 <= month <= 12:
        raise InvalidInput(f"{field}: month {month} is not 1 to 12", field=field)
    if year is not None and month is not None and day is not None:
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise InvalidInput(
                f"{field}: day {day} does not exist in {year}-{month:02d}", field=field
            )
    return year, month, day


def _apply(person: Person, data: dict[str, Any]) -> dict[str, Any]:
    changed: dict[str, Any] = {}
    for key in PERSON_FIELDS:
        if key not in data:
            continue
        value = data[key]
        if key == "date_of_birth":
            person.birth_year, person.birth_month, person.birth_day = parse_partial_date(value)
        elif key == "gender":
            if value not in Gender.values:
                raise InvalidInput(
                    f"gender: expected one of {', '.join(Gender.values)}", field="gender"
                )
            person.gender = value
        else:
            setattr(person, key, value if value is not None else "")
        changed[key] = value
    if not (person.first_names or person.surname):
        raise InvalidInput("A person needs a first name or a surname.", field="surname")
    return changed


def _add_identifiers(person: Person, identifiers: list[dict[str, Any]]) -> None:
    for index, item in enumerate(identifiers):
        field = f"identifiers[{index}]"
        kind = item.get("kind", "")
        if kind not in Identifier.Kind.values:
            raise InvalidInput(
                f"{field}.kind: expected one of {', '.join(Identifier.Kind.values)}", field=field
            )
        raw = (item.get("value") or "").strip()
        if not raw:
            raise InvalidInput(f"{field}.value: must not be empty", field=field)
        normalised = normalise(IdentifierKind(kind), raw)
        if normalised is None:
            raise InvalidInput(f"{field}.value: {raw!r} is not a valid {kind}", field=field)
        postcode = ""
        if kind == Identifier.Kind.ADDRESS:
            postcode = (
                normalise_postcode(item.get("postcode") or "") or normalised.rsplit("|", 1)[1]
            )
        Identifier.objects.create(
            person=person,
            kind=kind,
            raw=raw,
            normalised=normalised,
            platform=item.get("platform") or "",
            postcode=postcode,
        )


def _add_aliases(person: Person, aliases: list[dict[str, Any]]) -> None:
    for index, item in enumerate(aliases):
        kind = item.get("kind") or Alias.Kind.ALIAS
        if kind not in Alias.Kind.values:
            raise InvalidInput(
                f"aliases[{index}].kind: expected one of {', '.join(Alias.Kind.values)}"
            )
        Alias.objects.create(
            person=person,
            first_names=item.get("first_names", ""),
            surname=item.get("surname", ""),
            kind=kind,
        )


def create_person(actor: User, data: dict[str, Any]) -> Person:
    """Create a person with their identifiers and aliases, in one audited transaction."""
    require_writer(actor)
    with transaction.atomic():
        person = Person(created_by=actor)
        _apply(person, data)
        person.save()
        _add_identifiers(person, data.get("identifiers") or [])
        _add_aliases(person, data.get("aliases") or [])
        record(
            actor,
            Verb.CREATED,
            "person",
            person.pk,
            detail={"fields": sorted(k for k in data if data[k])},
        )
        if person.protected:
            ProtectedAccessGrant.objects.create(
                person=person, user=actor, granted_by=actor, reason="created the protected record"
            )
    return person


def update_person(
    actor: User, person_id: int, data: dict[str, Any], *, justification: str = ""
) -> Person:
    """Change a person's details; new identifiers and aliases are added, never replaced."""
    require_writer(actor)
    with transaction.atomic():
        person = person_for(actor, person_id, justification=justification, audit=False)
        fields = PERSON_COLUMNS
        before = snapshot(person, fields)
        changed = _apply(person, data)
        person.save()
        _add_identifiers(person, data.get("identifiers") or [])
        _add_aliases(person, data.get("aliases") or [])
        record(
            actor,
            Verb.UPDATED,
            "person",
            person.pk,
            justification=justification,
            detail={
                "fields": sorted(changed),
                "changes": changes(before, snapshot(person, fields)),
            },
        )
    return person


def grant_protected_access(
    actor: User, person_id: int, user: User, reason: str
) -> ProtectedAccessGrant:
    """A supervisor or admin lets ``user`` see a protected person they can already see."""
    require_personal_data(actor)
    if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise Forbidden(
            "Only a supervisor or an administrator grants access to a protected person."
        )
    if len(reason.strip()) < 5:
        raise InvalidInput(
            "reason: say why access is needed (at least 5 characters)", field="reason"
        )
    with transaction.atomic():
        # Protection hides the person from the supervisor too, so reach them through reports.
        candidates = Person.objects.all()
        if actor.role != Role.ADMIN:
            candidates = candidates.filter(parties__report__in=visible_reports(actor).values("pk"))
        person = candidates.filter(pk=person_id).distinct().first()
        if person is None:
            raise NotFound("person")
        grant, _ = ProtectedAccessGrant.objects.get_or_create(
            person=person, user=user, defaults={"granted_by": actor, "reason": reason.strip()}
        )
        record(
            actor,
            Verb.ACCESS_GRANTED,
            "person",
            person.pk,
            detail={"user": user.username, "reason": reason.strip()},
        )
    return grant

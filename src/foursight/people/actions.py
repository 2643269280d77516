"""State changes for persons: create, update, grant access to a protected person."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction

from foursight.accounts.access import require_personal_data, require_writer
from foursight.accounts.models import Role, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb, changes, snapshot
from foursight.cases.access import visible_reports
from foursight.core.identifiers import IdentifierKind, normalise, normalise_postcode
from foursight.core.person_commands import (
    PERSON_FIELDS,
    UpdatePerson,
    check_named,
    person_columns,
)
from foursight.errors import Forbidden, InvalidInput, NotFound
from foursight.people.access import person_for
from foursight.people.models import Alias, Identifier, Person, ProtectedAccessGrant

PERSON_COLUMNS = (
    "first_names",
    "surname",
    "birth_year",
    "birth_month",
    "birth_day",
    "gender",
    "protected",
)


def _apply(person: Person, sent: Mapping[str, Any]) -> dict[str, Any]:
    """Set the details ``sent`` on ``person``; the fields set, with the values sent."""
    for column, value in person_columns(sent).items():
        setattr(person, column, value)
    check_named(person.first_names, person.surname)
    return {key: sent[key] for key in PERSON_FIELDS if key in sent}


def _add_identifiers(person: Person, identifiers: Sequence[Mapping[str, Any]]) -> None:
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


def _add_aliases(person: Person, aliases: Sequence[Mapping[str, Any]]) -> None:
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
    actor: User, person_id: int, command: UpdatePerson, *, justification: str = ""
) -> Person:
    """Change the person's details sent; new identifiers and aliases are added, never replaced."""
    require_writer(actor)
    with transaction.atomic():
        person = person_for(actor, person_id, justification=justification, audit=False)
        fields = PERSON_COLUMNS
        before = snapshot(person, fields)
        changed = _apply(person, command.sent())
        person.save()
        _add_identifiers(person, command.identifiers)
        _add_aliases(person, command.aliases)
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

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
from foursight.core.person_commands import (
    PERSON_FIELDS,
    CheckedIdentifier,
    CreatePerson,
    NewAlias,
    UpdatePerson,
    check_aliases,
    check_identifiers,
    check_named,
    check_person,
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


def _add_identifiers(person: Person, identifiers: Sequence[CheckedIdentifier]) -> None:
    Identifier.objects.bulk_create(
        [
            Identifier(
                person=person,
                kind=item.kind,
                raw=item.raw,
                normalised=item.normalised,
                platform=item.platform,
                postcode=item.postcode,
            )
            for item in identifiers
        ]
    )


def _add_aliases(person: Person, aliases: Sequence[NewAlias]) -> None:
    Alias.objects.bulk_create(
        [
            Alias(person=person, first_names=a.first_names, surname=a.surname, kind=a.kind)
            for a in aliases
        ]
    )


def create_person(actor: User, command: CreatePerson) -> Person:
    """Create a person with their identifiers and aliases, in one audited transaction."""
    require_writer(actor)
    columns = check_person(command)
    identifiers = check_identifiers(command.identifiers)
    aliases = check_aliases(command.aliases)
    with transaction.atomic():
        person = Person.objects.create(created_by=actor, **columns)
        _add_identifiers(person, identifiers)
        _add_aliases(person, aliases)
        record(actor, Verb.CREATED, "person", person.pk, detail={"fields": command.given()})
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
    identifiers = check_identifiers(command.identifiers)
    aliases = check_aliases(command.aliases)
    with transaction.atomic():
        person = person_for(actor, person_id, justification=justification, audit=False)
        fields = PERSON_COLUMNS
        before = snapshot(person, fields)
        changed = _apply(person, command.sent())
        person.save()
        _add_identifiers(person, identifiers)
        _add_aliases(person, aliases)
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

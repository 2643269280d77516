"""API for persons: list and search, create, read and update."""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from foursight.accounts.models import User
from foursight.core.identifiers import normalise_name
from foursight.core.person_commands import CreatePerson, UpdatePerson
from foursight.errors import InvalidInput
from foursight.people import actions
from foursight.people.access import person_for, search_persons
from foursight.people.models import Person
from foursight.server.api import actor, justification
from foursight.server.schemas import Page, PageParams, Strict

PREFIX = "/persons"
router = Router(tags=["persons"])


class IdentifierIn(Strict):
    kind: Literal["phone", "email", "handle", "vehicle", "address"]
    value: str = Field(min_length=1, max_length=300)
    platform: str = ""
    postcode: str = ""


class AliasIn(Strict):
    first_names: str = ""
    surname: str = ""
    kind: Literal["alias", "nickname", "previous", "spelling"] = "alias"


class PersonIn(Strict):
    first_names: str = Field("", max_length=120)
    surname: str = Field("", max_length=120)
    date_of_birth: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    gender: Literal["female", "male", "non_binary", "unknown"] = "unknown"
    protected: bool = False
    identifiers: list[IdentifierIn] = []
    aliases: list[AliasIn] = []


class PersonPatch(Strict):
    first_names: str | None = Field(None, max_length=120)
    surname: str | None = Field(None, max_length=120)
    date_of_birth: str | None = None
    gender: Literal["female", "male", "non_binary", "unknown"] | None = None
    protected: bool | None = None
    identifiers: list[IdentifierIn] = []
    aliases: list[AliasIn] = []


class IdentifierOut(Schema):
    kind: str
    raw: str
    normalised: str
    platform: str
    postcode: str


class AliasOut(Schema):
    first_names: str
    surname: str
    kind: str


class PersonOut(Schema):
    id: int
    first_names: str
    surname: str
    display_name: str
    date_of_birth: str
    gender: str
    protected: bool
    identifiers: list[IdentifierOut]
    aliases: list[AliasOut]


class PersonItem(Schema):
    id: int
    display_name: str
    date_of_birth: str
    protected: bool


class PersonFilters(PageParams):
    q: str = Field("", description="name, alias or identifier")


def person_out(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "first_names": person.first_names,
        "surname": person.surname,
        "display_name": person.display_name,
        "date_of_birth": person.date_of_birth,
        "gender": person.gender,
        "protected": person.protected,
        "identifiers": list(
            person.identifiers.values("kind", "raw", "normalised", "platform", "postcode")
        ),
        "aliases": list(person.aliases.values("first_names", "surname", "kind")),
    }


def filter_persons(user: User, query: str, reason: str) -> Any:
    persons = search_persons(user, query, justification=reason)
    text = query.strip()
    if text:
        words = normalise_name(text).split() or [text]
        cond = Q()
        for word in words:
            cond &= (
                Q(first_names__icontains=word)
                | Q(surname__icontains=word)
                | Q(aliases__surname__icontains=word)
                | Q(aliases__first_names__icontains=word)
            )
        persons = persons.filter(
            cond | Q(identifiers__normalised__icontains=text.replace(" ", ""))
        ).distinct()
    return persons.order_by("surname", "first_names", "id")


@router.get("", response=Page[PersonItem])
def list_persons(request: HttpRequest, filters: Query[PersonFilters]) -> dict[str, Any]:
    """Search the persons you may see, by name, alias or identifier."""
    persons = filter_persons(actor(request), filters.q, justification(request))
    page = persons[filters.offset : filters.offset + filters.limit]
    items = [
        {
            "id": p.pk,
            "display_name": p.display_name,
            "date_of_birth": p.date_of_birth,
            "protected": p.protected,
        }
        for p in page
    ]
    return {"items": items, "count": persons.count()}


@router.post("", response={201: PersonOut})
def create_person(request: HttpRequest, payload: PersonIn) -> Status[dict[str, Any]]:
    person = actions.create_person(actor(request), CreatePerson.from_dict(payload.model_dump()))
    return Status(201, person_out(person))


@router.get("/{int:person_id}", response=PersonOut)
def get_person(request: HttpRequest, person_id: int) -> dict[str, Any]:
    return person_out(person_for(actor(request), person_id, justification=justification(request)))


@router.patch("/{int:person_id}", response=PersonOut)
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch) -> dict[str, Any]:
    command = UpdatePerson.from_dict(payload.model_dump(exclude_unset=True))
    person = actions.update_person(
        actor(request), person_id, command, justification=justification(request)
    )
    return person_out(person)


class GrantIn(Strict):
    username: str
    reason: str


@router.post("/{int:person_id}/grants", response={201: Schema})
def grant(request: HttpRequest, person_id: int, payload: GrantIn) -> Status[dict[str, Any]]:
    """Let another user see a protected person (supervisors and administrators)."""
    target = User.objects.filter(username=payload.username, is_active=True).first()
    if target is None:
        raise InvalidInput("username: no such active user", field="username")
    actions.grant_protected_access(actor(request), person_id, target, payload.reason)
    return Status(201, {})

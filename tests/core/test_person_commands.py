"""The rules a new person and a change to a person's details meet, as plain functions:
no database."""

from __future__ import annotations

import pytest

from foursight.core.person_commands import (
    CheckedIdentifier,
    CreatePerson,
    NewAlias,
    NewIdentifier,
    UpdatePerson,
    check_aliases,
    check_identifiers,
    check_named,
    check_person,
    parse_partial_date,
    person_columns,
)
from foursight.errors import InvalidInput


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ("1990-04-12", (1990, 4, 12)),
        ("1990-04", (1990, 4, None)),
        (" 1990 ", (1990, None, None)),
        ("", (None, None, None)),
        (None, (None, None, None)),
    ],
)
def test_a_partial_date_of_birth_is_read(value: str | None, parts: tuple[int | None, ...]) -> None:
    assert parse_partial_date(value) == parts


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12/04/1990", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("1700", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("1990-13", "month 13 is not 1 to 12"),
        ("2023-02-29", "day 29 does not exist in 2023-02"),
    ],
)
def test_a_bad_date_of_birth_names_the_field(value: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=f"date_of_birth: {message}") as caught:
        parse_partial_date(value)
    assert caught.value.field == "date_of_birth"


def test_only_the_fields_sent_become_columns() -> None:
    assert person_columns({"surname": "Ward", "identifiers": []}) == {"surname": "Ward"}
    assert person_columns({"first_names": None, "date_of_birth": "1990-04"}) == {
        "first_names": "",
        "birth_year": 1990,
        "birth_month": 4,
        "birth_day": None,
    }


def test_an_unknown_gender_is_refused() -> None:
    with pytest.raises(InvalidInput, match="gender: expected one of female, male") as caught:
        person_columns({"gender": "other"})
    assert caught.value.field == "gender"


def test_a_person_keeps_a_name() -> None:
    check_named("", "Ward")
    check_named("Dee", "")
    with pytest.raises(InvalidInput, match="A person needs a first name or a surname"):
        check_named("", "")


def test_update_from_dict_remembers_what_was_sent() -> None:
    command = UpdatePerson.from_dict(
        {"surname": "Warde", "protected": False, "aliases": [{"surname": "Ward"}]}
    )
    assert command.fields == {"surname", "protected"}
    assert command.sent() == {"surname": "Warde", "protected": False}
    assert command.aliases == (NewAlias(surname="Ward"),) and command.identifiers == ()
    assert UpdatePerson.from_dict({"first_names": None}).sent() == {"first_names": None}
    assert UpdatePerson().sent() == {}


def test_a_new_person_is_their_columns_with_the_date_of_birth_split() -> None:
    command = CreatePerson(first_names="Ann Marie", surname="Lee", date_of_birth="1990-04")
    columns = check_person(command)
    assert columns == {
        "first_names": "Ann Marie",
        "surname": "Lee",
        "birth_year": 1990,
        "birth_month": 4,
        "birth_day": None,
        "protected": False,
    }
    assert command.given() == ["date_of_birth", "first_names", "surname"]


def test_a_new_person_needs_a_name_and_a_known_gender() -> None:
    with pytest.raises(InvalidInput, match="a first name or a surname"):
        check_person(CreatePerson(date_of_birth="1990"))
    with pytest.raises(InvalidInput) as caught:
        check_person(CreatePerson(surname="Lee", gender="other"))
    assert caught.value.field == "gender"


def test_a_new_person_from_the_api_body_lists_what_was_given() -> None:
    command = CreatePerson.from_dict(
        {
            "first_names": "Dee",
            "surname": "",
            "gender": "unknown",
            "identifiers": [{"kind": "email", "value": "Dee@Example.org"}],
            "aliases": [],
        }
    )
    assert command.identifiers == (NewIdentifier("email", "Dee@Example.org"),)
    assert command.given() == ["first_names", "gender", "identifiers"]


def test_identifiers_are_stored_as_given_and_normalised() -> None:
    checked = check_identifiers(
        (NewIdentifier("email", " Dee@Example.org "), NewIdentifier("phone", "07700 900456"))
    )
    assert checked[0] == CheckedIdentifier("email", "Dee@Example.org", "dee@example.org")
    assert checked[1].normalised == "+447700900456"


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (NewIdentifier("fax", "0207"), r"identifiers\[1\]\.kind: expected one of phone, "),
        (NewIdentifier("phone", "  "), r"identifiers\[1\]\.value: must not be empty"),
        (NewIdentifier("email", "not-mail"), r"identifiers\[1\]\.value: 'not-mail' is not a"),
    ],
)
def test_each_identifier_rule_names_the_identifier(item: NewIdentifier, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        check_identifiers((NewIdentifier("phone", "07700 900456"), item))
    assert caught.value.field == "identifiers[1]"


def test_an_alias_is_of_a_known_kind() -> None:
    assert check_aliases((NewAlias("Dee", kind="nickname"),)) == (NewAlias("Dee", kind="nickname"),)
    with pytest.raises(InvalidInput, match=r"aliases\[0\]\.kind: expected one of alias"):
        check_aliases((NewAlias("Dee", kind="stage"),))

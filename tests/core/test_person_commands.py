"""The rules a change to a person's details meets, as plain functions: no database."""

from __future__ import annotations

import pytest

from foursight.core.person_commands import (
    UpdatePerson,
    check_named,
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
    assert command.aliases == ({"surname": "Ward"},) and command.identifiers == ()
    assert UpdatePerson.from_dict({"first_names": None}).sent() == {"first_names": None}
    assert UpdatePerson().sent() == {}

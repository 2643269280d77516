"""The rules an attribution of an identifier to a suspect meets: no database."""

from __future__ import annotations

from typing import Any

import pytest

from foursight.core.attributions import Attribute, check_attribution, counterpart
from foursight.errors import InvalidInput


def test_an_attribution_is_trimmed_and_compared_in_its_normal_form() -> None:
    command = check_attribution(Attribute(" 07700 900777 ", 4, " subscriber check "))
    assert command == Attribute("07700 900777", 4, "subscriber check")
    assert counterpart(command) == "+447700900777"
    assert len(check_attribution(Attribute("x", 4, "b" * 3000)).basis) == 2000


@pytest.mark.parametrize(
    ("data", "person_id"),
    [({"person_id": "12"}, 12), ({"person_id": 12}, 12), ({"person_id": "x"}, None), ({}, None)],
)
def test_a_form_or_body_names_the_suspect_by_number(data: dict[str, Any], person_id: Any) -> None:
    assert Attribute.from_dict({"identifier": "a", **data}).person_id == person_id


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (Attribute("  ", 4, "subscriber check"), "identifier"),
        (Attribute("07700 900777", None, "subscriber check"), "person_id"),
        (Attribute("07700 900777", 4, " why "), "basis"),
    ],
)
def test_each_attribution_rule_names_its_field(command: Attribute, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_attribution(command)
    assert caught.value.field == field

"""PATCH /persons/{id} changes only the fields sent, and refuses bad input naming the field."""

from __future__ import annotations

from foursight.people.models import Person
from tests.conftest import World


def test_patch_changes_only_what_was_sent(world: World) -> None:
    person = world.persons["suspect_cn"]
    Person.objects.filter(pk=person.pk).update(first_names="Dan", birth_year=1980)
    client = world.api("officer_cn")
    response = client.patch(
        f"/api/v1/persons/{person.pk}",
        data={"surname": "Warde", "aliases": [{"surname": "Ward"}]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert (person.first_names, person.surname, person.birth_year) == ("Dan", "Warde", 1980)
    assert list(person.aliases.values_list("surname", flat=True)) == ["Ward"]


def test_patch_with_a_bad_date_changes_nothing(world: World) -> None:
    person = world.persons["suspect_cn"]
    surname = person.surname
    response = world.api("officer_cn").patch(
        f"/api/v1/persons/{person.pk}",
        data={"surname": "Other", "date_of_birth": "1990-13"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "date_of_birth: month 13 is not 1 to 12" in response.content.decode()
    person.refresh_from_db()
    assert person.surname == surname

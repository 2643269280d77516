"""Operation targets: found by name, date of birth or identifier (never a person the user
may not see), added from a person's page, bulk additions confirmed with the count first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from foursight.core.target_commands import parse_target_query
from foursight.errors import InvalidInput
from foursight.operations.models import Target
from foursight.people.models import Person
from tests.conftest import World

WHY = "Operation Nightjar briefing"


def purpose(client: Client, reason: str = WHY) -> Client:
    assert client.post("/purpose", {"reason": reason, "next": "/"}).status_code == 302
    return client


def open_operation(world: World, units: tuple[str, ...] = ("CN", "NE")) -> int:
    """An operation running until next month, made by the admin through the API."""
    today = timezone.localdate()
    body = {
        "name": "Nightjar",
        "objective": "arrest the outstanding suspects",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=30)).isoformat(),
        "units": list(units),
    }
    response = world.api("admin", WHY).post(
        "/api/v1/operations", body, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def search(client: Client, op: int, q: str) -> str:
    response = client.get(f"/operations/{op}/targets/search", {"q": q}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200, response.content
    return response.content.decode()


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("12/04/1990", "birth", (1990, 4, 12)),
        ("1990-04-12", "birth", (1990, 4, 12)),
        ("06/1985", "birth", (1985, 6, None)),
        ("1985", "birth", (1985, None, None)),
        ("07700 900456", "identifier", "+447700900456"),
        ("Mark.Denton@Example.com", "identifier", "mark.denton@example.com"),
        ("@Mark_D", "identifier", "mark_d"),
        ("07700", "phone_part", "7700"),
        ("Mark  Denton", "name", ("mark", "denton")),
    ],
)
def test_the_search_box_reads_dates_identifiers_and_names(
    typed: str, kind: str, value: object
) -> None:
    query = parse_target_query(typed)
    assert query.kind == kind
    assert value in (query.birth, query.identifier, query.words)


@pytest.mark.parametrize("typed", ["31/02/1990", "x", "?" * 3, "a" * 121])
def test_the_search_box_refuses_what_it_cannot_read(typed: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_target_query(typed)
    assert raised.value.field == "q"


def test_a_suspect_is_found_by_name_date_of_birth_or_identifier(world: World) -> None:
    op = open_operation(world)
    client = purpose(world.page("pou"))
    suspect = world.persons["suspect_cn"]
    for q in ("denton", "Mark Denton", "06/1985", "1985", "07700 900456", "+44 7700 900"):
        html = search(client, op, q)
        assert f'name="person_id" value="{suspect.pk}"' in html, q
        assert "Add as target" in html and "Jun 1985" in html
    assert "No suspect you can see matches" in search(client, op, "07700 111111")
    assert "No suspect you can see matches" in search(client, op, "Walker")  # a victim


def test_the_search_never_finds_a_person_the_user_may_not_see(world: World) -> None:
    op = open_operation(world)
    supervisor = world.page("supervisor_cn")
    assert "DENTON" in search(supervisor, op, "denton")
    assert "No suspect you can see matches" in search(supervisor, op, "hume")  # another BCU
    pou = purpose(world.page("pou"))
    assert "HUME" in search(pou, op, "hume")
    Person.objects.filter(pk=world.persons["suspect_ne"].pk).update(protected=True)
    assert "No suspect you can see matches" in search(pou, op, "hume")
    for who in ("officer_cn", "stac", "advocate", "analyst"):
        response = world.page(who).get(f"/operations/{op}/targets/search", {"q": "denton"})
        assert response.status_code in (403, 404), who


def test_a_search_that_cannot_be_read_says_so_on_the_page(world: World) -> None:
    op = open_operation(world)
    response = purpose(world.page("pou")).get(f"/operations/{op}/targets/search", {"q": "x"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html and 'href="#target-q"' in html and "q:" not in html


def test_add_as_target_from_the_search_and_already_a_target(world: World) -> None:
    op = open_operation(world)
    client = purpose(world.page("pou"))
    suspect = world.persons["suspect_cn"]
    added = client.post(f"/operations/{op}/targets", {"person_id": suspect.pk})
    assert added.status_code == 302
    assert Target.objects.filter(operation_id=op, person=suspect, source="named").exists()
    assert "Already a target" in search(client, op, "denton")


def test_bulk_addition_shows_the_count_and_names_before_adding(world: World) -> None:
    op = open_operation(world)
    client = purpose(world.page("pou"))
    form = {"source": "outstanding_suspects", "limit": "10"}
    page = client.get(f"/operations/{op}/targets/from-list", form)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Add 2 targets to Operation Nightjar?" in html
    assert "Mark DENTON" in html and "Carl HUME" in html
    assert not Target.objects.filter(operation_id=op).exists()  # nothing added yet
    unconfirmed = client.post(f"/operations/{op}/targets/from-list", form)
    assert unconfirmed.status_code == 200 and not Target.objects.filter(operation_id=op).exists()
    done = client.post(
        f"/operations/{op}/targets/from-list", {**form, "confirm": "yes"}, follow=True
    )
    assert Target.objects.filter(operation_id=op).count() == 2
    assert "2 targets added to Operation Nightjar." in done.content.decode()
    again = client.get(f"/operations/{op}/targets/from-list", form).content.decode()
    assert "No one to add to Operation Nightjar" in again
    assert "2 people are already a target" in again


def test_add_to_an_operation_from_the_person_page(world: World) -> None:
    op = open_operation(world)
    client = purpose(world.page("pou"))
    suspect = world.persons["suspect_cn"]
    page = client.get(f"/persons/{suspect.pk}").content.decode()
    assert "Add to an operation" in page and f'<option value="{op}">Nightjar' in page
    response = client.post(
        "/operations/add-target",
        {"operation": op, "person_id": suspect.pk, "back": f"/persons/{suspect.pk}"},
    )
    target = Target.objects.get(operation_id=op, person=suspect)
    assert (
        response.status_code == 302
        and response["Location"] == f"/operations/{op}#target-{target.pk}"
    )
    page = client.get(f"/persons/{suspect.pk}").content.decode()
    assert f'<option value="{op}">Nightjar' not in page  # already a target of it


def test_the_person_page_offers_no_operation_for_a_victim_or_an_officer(world: World) -> None:
    op = open_operation(world)
    victim = world.persons["victim_cn"]
    admin = purpose(world.page("admin"))
    assert "Add to an operation" not in admin.get(f"/persons/{victim.pk}").content.decode()
    refused = admin.post(
        "/operations/add-target",
        {"operation": op, "person_id": victim.pk, "back": f"/persons/{victim.pk}"},
        follow=True,
    )
    assert "Not added. Not a suspect on a report you can see" in refused.content.decode()
    assert not Target.objects.filter(operation_id=op).exists()
    officer = world.page("officer_cn")
    suspect = world.persons["suspect_cn"]
    assert "Add to an operation" not in officer.get(f"/persons/{suspect.pk}").content.decode()
    officer.post("/operations/add-target", {"operation": op, "person_id": suspect.pk})
    assert not Target.objects.filter(operation_id=op).exists()


def test_a_supervisor_adds_only_to_operations_covering_their_bcu(world: World) -> None:
    elsewhere = open_operation(world, ("NE",))
    covering = open_operation(world, ("CN",))
    page = world.page("supervisor_cn").get(f"/persons/{world.persons['suspect_cn'].pk}")
    html = page.content.decode()
    assert f'<option value="{covering}">Nightjar' in html
    assert f'<option value="{elsewhere}">Nightjar' not in html

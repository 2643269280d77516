"""Operation pages: create, build the list, record an arrest and a charge, see the counts."""

from __future__ import annotations

from foursight.audit.models import AuditEntry
from foursight.operations.models import Operation, Target
from tests.conftest import World


def _purpose(client: object, reason: str = "Operation Nightjar briefing") -> None:
    response = client.post("/purpose", {"reason": reason, "next": "/operations"})  # type: ignore[attr-defined]
    assert response.status_code == 302


def test_pou_runs_an_operation_through_the_pages(world: World) -> None:
    client = world.page("pou")
    assert client.get("/operations").status_code == 403  # purpose of access first
    _purpose(client)
    made = client.post(
        "/operations",
        {
            "name": "Nightjar",
            "objective": "Arrest outstanding suspects",
            "starts_on": "2026-03-01",
            "ends_on": "2026-03-16",
            "units": ["CN", "NE"],
        },
    )
    assert made.status_code == 302, made.content
    op = Operation.objects.get(name="Nightjar")
    asked = client.post(
        f"/operations/{op.pk}/targets/from-list", {"source": "outstanding_suspects", "limit": "10"}
    )
    assert asked.status_code == 200 and not op.targets.exists()  # confirmation first
    built = client.post(
        f"/operations/{op.pk}/targets/from-list",
        {"source": "outstanding_suspects", "limit": "10", "confirm": "yes"},
    )
    assert built.status_code == 302
    target = Target.objects.get(operation=op, person=world.persons["suspect_cn"])
    arrested = client.post(
        f"/operations/{op.pk}/targets/{target.pk}",
        {"status": "arrested", "offences": ["8Q"], "at": "2026-03-03T06:10:00+00:00"},
    )
    assert arrested.status_code == 302
    charged = client.post(
        f"/operations/{op.pk}/targets/{target.pk}/charges",
        {"charged_on": "2026-03-04", "offences": ["8Q"]},
    )
    assert charged.status_code == 302
    page = client.get(f"/operations/{op.pk}")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<dd id="count-arrested">1</dd>' in html
    assert '<dd id="count-charged">1</dd>' in html
    assert '<dd id="count-outstanding">1</dd>' in html
    assert "<svg" in html and "Arrests by offence category" in html
    assert "stalking harassment: 1" in html
    assert '<span class="tag" data-status="arrested">Arrested</span>' in html
    assert '<span class="tag" data-status="outstanding">Outstanding</span>' in html
    export = client.get(f"/operations/{op.pk}/export.csv")
    assert export["Content-Type"].startswith("text/csv") and b"DENTON" in export.content
    assert AuditEntry.objects.filter(action="exported", object_id=str(op.pk)).exists()


def test_form_errors_show_on_the_page_and_change_nothing(world: World) -> None:
    client = world.page("pou")
    _purpose(client)
    bad = client.post(
        "/operations",
        {
            "name": "X",
            "objective": "y",
            "starts_on": "2026-03-10",
            "ends_on": "2026-03-01",
            "units": ["CN"],
        },
    )
    assert bad.status_code == 400 and b"Ends on: before starts_on" in bad.content
    assert not Operation.objects.exists()
    client.post(
        "/operations",
        {
            "name": "Kestrel",
            "objective": "y",
            "starts_on": "2026-03-01",
            "ends_on": "2026-03-10",
            "units": ["CN"],
        },
    )
    op = Operation.objects.get()
    client.post(f"/operations/{op.pk}/targets", {"person_id": world.persons["suspect_cn"].pk})
    target = Target.objects.get()
    response = client.post(f"/operations/{op.pk}/targets/{target.pk}", {"status": "arrested"})
    assert (
        response.status_code == 400
        and b"Offences: give at least one offence code" in response.content
    )
    assert Target.objects.get().status == "outstanding"


def test_suspect_list_page_adds_to_an_operation(world: World) -> None:
    client = world.page("supervisor_cn")
    client.post(
        "/operations",
        {
            "name": "Local",
            "objective": "CN sweep",
            "starts_on": "2026-03-01",
            "ends_on": "2026-03-10",
            "units": ["CN-CAMDEN"],
        },
    )
    op = Operation.objects.get()
    page = client.get("/operations/outstanding-suspects").content.decode()
    assert "DENTON" in page and "HUME" not in page
    added = client.post(
        "/operations/outstanding-suspects",
        {"operation": op.pk, "person_id": world.persons["suspect_cn"].pk},
    )
    assert added.status_code == 302
    assert Target.objects.get(operation=op).source == "outstanding_suspects"


def test_checks_page_records_a_visit(world: World) -> None:
    client = world.page("officer_cn")
    response = client.post(
        "/operations/checks",
        {
            "person_id": world.persons["suspect_cn"].pk,
            "kind": "visit",
            "result": "no_contact",
            "next_due": "2026-01-01",
            "checked_at": "2025-12-30T10:00:00+00:00",
        },
    )
    assert response.status_code == 302
    page = client.get("/operations/checks").content.decode()
    assert "Mark DENTON" in page and "Nothing due" not in page
    assert "No contact made" in page and "Visit" in page


def test_person_page_shows_operations_and_checks(world: World) -> None:
    client = world.page("supervisor_cn")
    client.post(
        "/operations",
        {
            "name": "Local",
            "objective": "CN sweep",
            "starts_on": "2026-03-01",
            "ends_on": "2026-03-10",
            "units": ["CN"],
        },
    )
    op = Operation.objects.get()
    client.post(f"/operations/{op.pk}/targets", {"person_id": world.persons["suspect_cn"].pk})
    client.post(
        "/operations/checks",
        {"person_id": world.persons["suspect_cn"].pk, "kind": "visit", "result": "compliant"},
    )
    page = client.get(f"/persons/{world.persons['suspect_cn'].pk}").content.decode()
    assert 'id="operations-panel"' in page and "Local" in page and "Compliant" in page
    other = world.page("officer_ne").get(f"/persons/{world.persons['suspect_ne'].pk}")
    assert b'id="operations-panel"' not in other.content

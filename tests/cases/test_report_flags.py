"""Domestic-abuse and cyber-element flags on a report: API, page, bad input, reference."""

from __future__ import annotations

import json
from typing import Any

import pytest

from foursight.audit.models import AuditEntry
from foursight.cases.models import Report
from foursight.core import reference
from foursight.orders.models import OrderKind
from tests.conftest import World


def _send(world: World, method: str, path: str, body: Any) -> Any:
    client = world.api("officer_cn")
    call = client.post if method == "post" else client.patch
    return call(f"/api/v1{path}", data=json.dumps(body), content_type="application/json")


def test_flags_recorded_on_create_and_changed_by_patch(world: World) -> None:
    body = {
        "unit": "CN-CAMDEN",
        "channel": "online",
        "offences": ["8Q-4AF", "66B"],
        "domestic_abuse": True,
        "cyber_element": True,
    }
    created = _send(world, "post", "/reports", body)
    assert created.status_code == 201, created.content
    out = created.json()
    assert (out["domestic_abuse"], out["cyber_element"]) == (True, True)
    assert {o["code"]: o["name"] for o in out["offences"]}["66B"].startswith("Sharing")
    patched = _send(world, "patch", f"/reports/{out['id']}", {"cyber_element": False})
    assert patched.status_code == 200
    report = Report.objects.get(pk=out["id"])
    assert (report.domestic_abuse, report.cyber_element) == (True, False)
    update = AuditEntry.objects.filter(
        action="updated", object_type="report", object_id=str(report.pk)
    ).last()
    assert update is not None and "cyber_element" in update.detail


@pytest.mark.parametrize(
    ("body", "field"),
    [({"domestic_abuse": None}, "domestic_abuse"), ({"offences": ["8Q", "XX1"]}, "offences[1]")],
)
def test_bad_flag_or_offence_names_the_field_and_changes_nothing(
    world: World, body: dict[str, Any], field: str
) -> None:
    report = world.reports["cn"]
    response = _send(world, "patch", f"/reports/{report.pk}", body)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == field
    report.refresh_from_db()
    assert report.domestic_abuse is False
    assert list(report.offences.values_list("code", flat=True)) == ["8Q"]


def test_flags_page_form_sets_and_clears(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("officer_cn")
    response = client.post(f"/reports/{report.pk}/flags", {"domestic_abuse": "on"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.domestic_abuse, report.cyber_element) == (True, False)
    page = client.get(f"/reports/{report.pk}").content.decode()
    assert "Domestic abuse</strong>" in page and f'action="/reports/{report.pk}/flags"' in page
    client.post(f"/reports/{report.pk}/flags", {})
    report.refresh_from_db()
    assert report.domestic_abuse is False


def test_analyst_may_not_set_flags(world: World) -> None:
    report = world.reports["cn"]
    response = world.page("analyst").post(f"/reports/{report.pk}/flags", {"domestic_abuse": "on"})
    assert response.status_code in (403, 404)
    report.refresh_from_db()
    assert report.domestic_abuse is False


def test_reference_lists_offences_with_names_classes_and_sources(world: World) -> None:
    body = world.api("officer_cn").get("/api/v1/reference").json()
    offences = {o["code"]: o for o in body["offences"]}
    assert offences["3A"]["name"] == "Threats to kill" and offences["3A"]["ho_class"] == "3B"
    assert offences["19C"]["category"] == "sexual"
    assert offences["BSPO"]["order_kinds"] == ["spo", "spo_interim"]
    assert {s["id"] for s in body["offence_sources"]} >= set(offences["8Q"]["sources"])
    assert "homicide" in {c["code"] for c in body["offence_categories"]}


def test_every_order_kind_has_a_breach_offence() -> None:
    assert [k for k in OrderKind.values if not reference.breach_offences(k)] == []

"""Bounded input: huge numbers, NUL bytes and oversized bodies are 4xx naming the field,
and every error under /api/ comes back in the one JSON error shape (pages keep HTML)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from foursight.people.models import Person
from foursight.server.api import api
from tests.conftest import World

HUGE = "100000000000000000000"
FORM = "application/x-www-form-urlencoded"  # what a browser sends for a page's form


def _openapi() -> dict[str, Any]:
    return api.get_openapi_schema()


def _list_routes() -> list[str]:
    """Every GET operation that takes the shared ``offset`` parameter, path ids filled in."""
    out = []
    for path, operations in _openapi()["paths"].items():
        params = {p["name"] for p in operations.get("get", {}).get("parameters", [])}
        if "offset" in params and "{" not in path:
            out.append(path)
    return out


def assert_error(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] and error["message"]
    assert "Traceback" not in error["message"]
    if field is not None:
        assert error["field"] == field and field in error["message"]
    return dict(error)


def test_the_six_list_routes_of_the_report_are_among_those_checked() -> None:
    routes = set(_list_routes())
    assert {
        "/api/v1/reports",
        "/api/v1/persons",
        "/api/v1/offenders",
        "/api/v1/operations",
        "/api/v1/operations/outstanding-suspects",
        "/api/v1/operations/checks",
        "/api/v1/orders",
        "/api/v1/linkage/review",
    } <= routes


@pytest.mark.parametrize("route", _list_routes())
@pytest.mark.parametrize("value", [HUGE, "1000001", "-1"])
def test_a_huge_offset_is_a_400_naming_it_on_every_list_route(
    world: World, route: str, value: str
) -> None:
    client = world.api("pou", "fuzzing the list bounds")
    assert_error(client.get(route, {"offset": value}), 400, "offset")
    assert_error(client.get(route, {"limit": HUGE}), 400, "limit")
    assert client.get(route, {"offset": "1000000"}).status_code == 200


def test_a_huge_day_window_on_risk_tasks_is_a_400_naming_it(world: World) -> None:
    client = world.api("officer_cn")
    assert_error(client.get("/api/v1/risk/tasks", {"within_days": "4638614"}), 400, "within_days")
    assert_error(client.get("/api/v1/risk/tasks", {"within_days": HUGE}), 400, "within_days")
    assert client.get("/api/v1/risk/tasks", {"within_days": "3650"}).status_code == 200


def test_every_integer_query_parameter_has_both_bounds() -> None:
    unbounded = []
    for path, operations in _openapi()["paths"].items():
        for method, operation in operations.items():
            for param in operation.get("parameters", []):
                schema = param["schema"]
                kinds = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
                if param["in"] == "query" and "integer" in kinds:
                    bounded = [s for s in [schema, *schema.get("anyOf", [])] if "maximum" in s]
                    if not bounded or not any("minimum" in s for s in bounded):
                        unbounded.append(f"{method.upper()} {path} {param['name']}")
    assert unbounded == []


# NUL bytes: refused with the field named, nothing stored.


def test_nul_in_a_json_body_names_the_field_even_when_nested(world: World) -> None:
    client, before = world.api("officer_cn"), Person.objects.count()
    body = {"first_names": "A\x00nn", "surname": "Smith"}
    assert_error(client.post("/api/v1/persons", body, "application/json"), 400, "first_names")
    body = {"first_names": "Ann", "surname": "Smith", "identifiers": [{"kind": "phone"}]}
    body["identifiers"].append({"kind": "email", "value": "a\x00@example.com"})
    response = client.post("/api/v1/persons", body, "application/json")
    assert_error(response, 400, "identifiers[1].value")
    assert Person.objects.count() == before


def test_nul_in_a_query_or_an_address_is_refused(world: World) -> None:
    client = world.api("officer_cn")
    assert_error(client.get("/api/v1/reports", {"q": "Wal\x00ker"}), 400, "q")
    assert_error(client.get("/api/v1/offenders/AB%00CD"), 400, "address")


def test_nul_in_the_exhibit_form_is_refused(world: World) -> None:
    client = world.api("officer_cn")
    report = world.reports["cn"].pk
    export = SimpleUploadedFile("sms.xml", b"<smses count='0'></smses>")
    form = {"exhibit": "AR/1", "victim_ids": "07700900123", "consent_reference": "C\x00-1"}
    response = client.post(f"/api/v1/reports/{report}/exhibits", {**form, "file": export})
    assert_error(response, 400, "consent_reference")
    assert client.get(f"/api/v1/reports/{report}/exhibits").json() == []


def test_nul_in_a_page_form_is_refused_with_an_error_page(world: World) -> None:
    client, before = world.page("officer_cn"), Person.objects.count()
    report = world.reports["cn"].pk
    form = {"first_names": "Eve\x00", "surname": "Stone", "role": "witness"}
    response = client.post(f"/reports/{report}/parties", urlencode(form), FORM)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert b"first_names" in response.content
    assert Person.objects.count() == before
    response = client.get("/reports", {"q": "a\x00"})
    assert response.status_code == 400 and b"q: contains a NUL byte" in response.content


# Every error under /api/ in the JSON shape; pages keep their HTML error pages.


def test_unknown_api_addresses_are_json_404s(world: World) -> None:
    client = world.api("officer_cn")
    for path in ("/api/v1/nowhere", "/api/v1/reports/", "/api/v2/reports", "/api/"):
        assert_error(client.get(path), 404)
    page = world.page("officer_cn").get("/nowhere")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_a_method_the_route_does_not_take_is_a_json_405_with_allow(world: World) -> None:
    response = world.api("officer_cn").delete("/api/v1/reports")
    assert_error(response, 405)
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}


def test_an_unexpected_failure_is_a_json_500_without_a_traceback(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("foursight.cases.api.search_reports", broken)
    response = world.api("officer_cn").get("/api/v1/reports")
    error = assert_error(response, 500)
    assert error["code"] == "server_error" and b"secret internals" not in response.content
    assert "unhandled error on /api/v1/reports" in caplog.text


def test_a_body_over_the_memory_limit_is_a_json_413(world: World, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client, before = world.api("officer_cn"), Person.objects.count()
    body = {"first_names": "A" * 2000, "surname": "Long"}
    error = assert_error(client.post("/api/v1/persons", body, "application/json"), 413)
    assert error["code"] == "too_large" and "1,000 bytes" in error["message"]
    report = world.reports["cn"].pk
    form = {"exhibit": "AR/1", "victim_ids": "0" * 2000}
    assert_error(client.post(f"/api/v1/reports/{report}/exhibits", form), 413)
    assert Person.objects.count() == before


def test_a_page_form_over_the_memory_limit_is_an_error_page(world: World, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client, report = world.page("officer_cn"), world.reports["cn"].pk
    response = client.post(f"/reports/{report}/parties", urlencode({"surname": "S" * 2000}), FORM)
    assert response.status_code == 413 and response["Content-Type"].startswith("text/html")
    assert b"1,000 bytes" in response.content


def test_unknown_fields_in_the_exhibit_form_are_refused_by_name(world: World) -> None:
    client = world.api("officer_cn")
    report = world.reports["cn"].pk
    form = {"exhibit": "AR/1", "victim_ids": "07700900123", "consent_ref": "C-1"}
    response = client.post(f"/api/v1/reports/{report}/exhibits", form)
    assert_error(response, 400, "consent_ref")
    assert client.get(f"/api/v1/reports/{report}/exhibits").json() == []

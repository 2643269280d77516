"""Schemathesis over the OpenAPI document, as an officer and as the offender unit.

Every operation is called with generated input, valid and invalid, through the Django
application in this process (WSGI; no server). It fails on any 5xx, and on any error
that is not in the one JSON error shape or whose status the document does not declare.
Generation is derandomised with a fixed seed and has no time deadline, so a run is the
same every time; the example budget keeps the whole run to a few minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from foursight.accounts.actions import issue_token
from foursight.server.api import api
from foursight.server.wsgi import application
from tests.conftest import World

pytestmark = pytest.mark.slow

#: Examples per operation and generation phase; raise it locally for a deeper run.
EXAMPLES = 12
SEED = 20260416

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application
schema.config.seed = SEED
schema.config.generation.update(max_examples=EXAMPLES, deterministic=True, database="none")
#: The world is built once per operation and shared by its examples, on purpose.
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


WHY = "Schemathesis contract run"


def _post(client: Any, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/api/v1{path}", body, "application/json")
    assert response.status_code == 201, response.content
    return dict(response.json())


@pytest.fixture
def in_process(world: World) -> Iterator[dict[str, Any]]:
    """The world plus an order and an operation with a target; requests run inside the
    test's transaction, as Django's test client arranges."""
    victim, suspect = world.persons["victim_cn"].pk, world.persons["suspect_cn"].pk
    order = _post(
        world.api("officer_cn"),
        "/orders",
        {
            "kind": "restraining_conviction",
            "subject_id": suspect,
            "protected_ids": [victim],
            "report_id": world.reports["cn"].pk,
            "court": "Wood Green Crown Court",
            "made_on": "2026-04-01",
            "expires_on": "2027-04-01",
        },
    )
    pou = world.api("pou", WHY)
    operation = _post(
        pou,
        "/operations",
        {
            "name": "Nightjar",
            "objective": "Arrest outstanding stalking suspects",
            "starts_on": "2026-03-01",
            "ends_on": "2026-03-16",
            "units": ["CN", "NE"],
        },
    )
    target = _post(pou, f"/operations/{operation['id']}/targets", {"person_id": suspect})
    ids = {
        "report_id": world.reports["cn"].pk,
        "person_id": suspect,
        "order_id": order["id"],
        "operation_id": operation["id"],
        "target_id": target["id"],
    }
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        tokens = {who: issue_token(world.users[who]) for who in ("officer_cn", "pou")}
        yield {"world": world, "ids": ids, "tokens": tokens}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _call(case: Any, fixture: dict[str, Any], who: str) -> None:
    ids = fixture["ids"]
    # Half the generated ids (the even ones) name a real record, so bodies reach the actions.
    for name, value in (case.path_parameters or {}).items():
        if name in ids and isinstance(value, int) and value % 2 == 0:
            case.path_parameters[name] = ids[name]
    headers = {"Authorization": f"Bearer {fixture['tokens'][who]}"}
    if who == "pou":
        headers["X-Justification"] = WHY
    response = case.call(headers=headers)
    where = f"{case.method} {case.formatted_path} -> {response.status_code}"
    assert response.status_code < 500, f"{where}: {response.text[:500]}"
    if response.status_code >= 400:
        declared = {str(code) for code in case.operation.definition.raw["responses"]}
        if case.method.upper() == case.operation.method.upper():  # not a probe with TRACE etc.
            assert str(response.status_code) in declared, where
        error = response.json()["error"]
        assert error["code"] and error["message"], where


@schema.parametrize()
@FUZZ
def test_api_as_an_officer(case: Any, in_process: dict[str, Any]) -> None:
    _call(case, in_process, "officer_cn")


@schema.parametrize()
@FUZZ
def test_api_as_the_offender_unit(case: Any, in_process: dict[str, Any]) -> None:
    _call(case, in_process, "pou")

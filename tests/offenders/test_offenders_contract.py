"""The review decision route takes the body its documentation and OpenAPI describe."""

from __future__ import annotations

import pytest

from foursight.offenders import actions
from foursight.offenders.models import Decision, Edge
from foursight.offenders.ranking_actions import refresh_harm
from foursight.server.api import api
from tests.offenders.conftest import Linked

DECISION = "/api/v1/linkage/review/{edge_id}/decision"


@pytest.fixture
def ready(linked: Linked) -> Linked:
    actions.link_run(None)
    refresh_harm(None)
    return linked


def _documented_body() -> dict[str, object]:
    """A body built only from the OpenAPI document: first enum value, long enough text."""
    schema = api.get_openapi_schema()
    body_schema = schema["paths"][DECISION]["post"]["requestBody"]["content"]["application/json"]
    name = body_schema["schema"]["$ref"].rsplit("/", 1)[1]
    component = schema["components"]["schemas"][name]
    body: dict[str, object] = {}
    for field in component["required"]:
        prop = component["properties"][field]
        if "enum" in prop:
            body[field] = prop["enum"][0]
        else:
            body[field] = "x" * max(prop.get("minLength", 1), 20)
    return body


def test_the_documented_body_is_accepted(ready: Linked) -> None:
    body = _documented_body()
    assert set(body) == {"kind", "reason"}  # as docs/offenders.md says
    edge = Edge.objects.first()
    assert edge is not None
    client = ready.world.api("pou", "Operation Nightjar target review")
    response = client.post(DECISION.format(edge_id=edge.pk), body, "application/json")
    assert response.status_code == 201, response.content
    assert Decision.objects.get().kind == body["kind"]

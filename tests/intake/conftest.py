"""Intake fixtures: fresh rate-limit counters per test, and JSON helpers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from foursight.intake import throttle
from tests.offenders.conftest import linked, params  # noqa: F401 (the offenders' fixtures)


@pytest.fixture(autouse=True)
def _fresh_counters() -> Iterator[None]:
    throttle.reset()
    yield
    throttle.reset()


def post(client: Client, path: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(
        f"/api/v1{path}", data=json.dumps(body), content_type="application/json", headers=headers
    )


REPORT = {
    "what_happened": "My ex keeps turning up at my work and messaging me every night.",
    "started": "January 2026",
    "postcode": "NW1 2DB",
    "reporter": {"name": "Jane Smith", "phone": "07700 900982"},
    "suspect": {
        "name": "Tom Brown",
        "relationship": "ex_partner",
        "identifiers": [{"kind": "phone", "value": "07700 900123"}, "@tombrown"],
    },
    "safe_contact": "Text first, weekdays after 6pm",
}
INFORMATION = {
    "about": {"name": "Gary Stone", "identifiers": ["07700 900777", "gary@example.com"]},
    "what": "He follows a woman home from the station most evenings.",
    "where": "Camden Road station",
    "postcode": "NW1",
}

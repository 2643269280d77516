"""Case-file tests: a report with imported phone evidence, a private store, no worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import World
from tests.evidence.conftest import upload

JUSTIFY = "Charging file review"


@pytest.fixture(autouse=True)
def casefile_store(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    settings.EVIDENCE_WORKER = "off"
    return Path(settings.DATA_DIR)


@pytest.fixture
def evidence(world: World) -> World:
    """The Camden report with an SMS backup imported as AR/1."""
    response = upload(world.api("officer_cn"), world.reports["cn"].pk, "sms-20240314093000.xml")
    assert response.status_code == 201, response.content
    return world


def post(world: World, who: str, path: str, body: Any = None) -> Any:
    import json

    client = world.api(who, JUSTIFY if who in ("pou", "admin") else None)
    data = json.dumps(body) if body is not None else None
    return client.post(f"/api/v1{path}", data=data, content_type="application/json")


def call(world: World, who: str, method: str, path: str, body: Any = None) -> Any:
    import json

    client = world.api(who, JUSTIFY if who in ("pou", "admin") else None)
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(f"/api/v1{path}", data=data, content_type="application/json")

"""Evidence tests: a private originals store per test, and no worker thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "evidence"
JUSTIFY = "Operation Nightjar evidence review"
VICTIM = ["Alex R", "+447700900123"]


@pytest.fixture(autouse=True)
def evidence_store(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    settings.EVIDENCE_WORKER = "off"
    return Path(settings.DATA_DIR)


def upload(client: Client, report_id: int, name: str, **fields: Any) -> Any:
    data: dict[str, Any] = {
        "exhibit": "AR/1",
        "victim_ids": VICTIM,
        "tz": "Europe/London",
        "locale": "en_GB",
    }
    data.update(fields)
    path = fields.pop("path", None) or FIXTURES / name
    data.pop("path", None)
    with open(path, "rb") as handle:
        data["file"] = handle
        return client.post(f"/api/v1/reports/{report_id}/exhibits", data=data)

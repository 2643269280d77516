"""Reassessment triggers read from other apps: new threat hits in imported evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from foursight.risk import actions
from tests.conftest import World
from tests.risk.risk_support import assessment_command, call, dash_answers

THREATS = (
    "01/03/2024, 21:00 - Sam K: answer me\n"
    "02/03/2024, 22:00 - Sam K: I know where you live\n"
    "03/03/2024, 23:30 - Sam K: you will regret ignoring me\n"
)


def test_new_threat_hits_make_the_reassessment_due(
    world: World, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path / "data"
    settings.EVIDENCE_WORKER = "off"
    report = world.reports["cn"]
    actions.record_assessment(
        world.users["officer_cn"], report.pk, assessment_command(report, "dash", dash_answers(4))
    )
    path = f"/reports/{report.pk}/reassessment"
    assert "threat_hits" not in call(world, "officer_cn", "get", path).json()["task"]["reasons"]
    chat = tmp_path / "whatsapp-threats.txt"
    chat.write_text(THREATS, encoding="utf-8")
    with open(chat, "rb") as handle:
        uploaded = world.api("officer_cn").post(
            f"/api/v1/reports/{report.pk}/exhibits",
            data={
                "exhibit": "AR/1",
                "victim_ids": ["Alex R", "+447700900123"],
                "tz": "Europe/London",
                "locale": "en_GB",
                "file": handle,
            },
        )
    assert uploaded.status_code == 201, uploaded.content
    assert "threat_hits" in call(world, "officer_cn", "get", path).json()["task"]["reasons"]

"""The risk CLI commands and the demo data loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from foursight.cli import main
from foursight.risk import actions, demo_data
from foursight.risk.models import Assessment, PlanAction
from tests.conftest import World
from tests.risk.risk_support import assessment_command, dash_answers


def test_score_prints_the_result(tmp_path: Path, capsys: Any) -> None:
    body = tmp_path / "dash.json"
    body.write_text(json.dumps({"answers": dash_answers(14)}), encoding="utf-8")
    assert main(["risk", "score", "dash", str(body)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["score"], out["level"], out["marac_referral"]) == (14, "high", True)


def test_score_refuses_bad_input_in_one_line(tmp_path: Path, capsys: Any) -> None:
    body = tmp_path / "dash.json"
    body.write_text(json.dumps({"answers": {"q1": "yes"}}), encoding="utf-8")
    assert main(["risk", "score", "dash", str(body)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("foursight: Missing answer(s) for dash: q2") and err.count("\n") == 1
    assert main(["risk", "score", "dash", str(tmp_path / "missing.json")]) == 2


def test_tasks_lists_the_users_due_work(world: World, capsys: Any) -> None:
    report = world.reports["cn"]
    officer = world.users["officer_cn"]
    actions.record_assessment(
        officer, report.pk, assessment_command(report, "dash", dash_answers(4))
    )
    actions.request_reassessment(officer, report.pk, "breach", note="Contact after SPO")
    assert main(["risk", "tasks", "--user", "officer_cn"]) == 0
    out = capsys.readouterr().out
    assert report.reference in out and "Breach of an order" in out
    assert main(["risk", "tasks", "--user", "officer_ne"]) == 0
    assert report.reference not in capsys.readouterr().out
    assert main(["risk", "tasks", "--user", "nobody"]) == 2


def test_demo_data(world: World) -> None:
    made = demo_data.load()
    assert made["plans"] == 1 and made["plan actions"] == 3 and made["conferences"] == 1
    assert Assessment.objects.filter(report=world.reports["cn"], instrument="dash").exists()
    assert Assessment.objects.filter(report=world.reports["ne"]).count() == 2
    assert PlanAction.objects.filter(description__startswith="Serve").get().due_on < (
        PlanAction.objects.filter(description__startswith="Clinical").get().due_on
    )

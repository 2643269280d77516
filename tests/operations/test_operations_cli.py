"""The CLI for operations and insights, in process on the test database; the demo data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from foursight.audit.models import AuditEntry
from foursight.cli import main
from foursight.core.operation_commands import AddTarget, CreateOperation, UpdateTarget
from foursight.operations import actions, demo_data
from foursight.operations.models import ComplianceCheck, Operation, Target
from tests.conftest import World

WHY = "Operation Nightjar briefing"


@pytest.fixture
def operation(world: World) -> Operation:
    pou = world.users["pou"]
    op = actions.create_operation(
        pou,
        CreateOperation.from_dict(
            {
                "name": "Nightjar",
                "objective": "x",
                "starts_on": date(2026, 3, 1),
                "ends_on": date(2026, 3, 9),
                "units": ["CN", "NE"],
            }
        ),
        justification=WHY,
    )
    target = actions.add_target(
        pou,
        op.pk,
        AddTarget.from_dict({"person_id": world.persons["suspect_cn"].pk}),
        justification=WHY,
    )
    actions.update_target(
        pou,
        op.pk,
        target.pk,
        UpdateTarget.from_dict({"status": "arrested", "offences": ["NFS"]}),
        justification=WHY,
    )
    return op


def test_summary_export_and_suspects(operation: Operation, tmp_path: Path, capsys: Any) -> None:
    assert (
        main(["operations", "summary", str(operation.pk), "--as", "pou", "--why", WHY, "--json"])
        == 0
    )
    figures = json.loads(capsys.readouterr().out)
    assert figures["targets"]["arrested"] == 1
    assert figures["arrests_by_category"]["assault_strangulation"] == 1
    out = tmp_path / "targets.csv"
    assert (
        main(
            [
                "operations",
                "export",
                str(operation.pk),
                "--as",
                "pou",
                "--why",
                WHY,
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert "DENTON" in out.read_text()
    assert AuditEntry.objects.filter(action="exported", actor="pou").exists()
    # arrested in the operation: no longer outstanding; the other BCU's suspect still is
    assert main(["operations", "suspects", "--as", "officer_cn"]) == 0
    assert "Mark DENTON" not in capsys.readouterr().out
    assert main(["operations", "suspects", "--as", "officer_ne"]) == 0
    assert "Carl HUME" in capsys.readouterr().out


def test_errors_are_one_line(operation: Operation, capsys: Any) -> None:
    assert main(["operations", "summary", str(operation.pk), "--as", "nobody"]) == 2
    assert capsys.readouterr().err.strip() == "foursight: --as: no active user 'nobody'"
    assert main(["operations", "summary", str(operation.pk), "--as", "officer_ne"]) == 2
    assert "No such operation" in capsys.readouterr().err
    assert main(["operations", "summary", str(operation.pk), "--as", "pou"]) == 2
    assert "justification" in capsys.readouterr().err


def test_insights_commands(world: World, settings: Any, tmp_path: Path, capsys: Any) -> None:
    settings.DATA_DIR = tmp_path
    assert main(["insights", "refresh"]) == 0
    assert "reports 2" in capsys.readouterr().out
    assert (tmp_path / "insights" / "reports.parquet").exists()
    assert main(["insights", "attrition", "--as", "admin", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["evidential_difficulties"] == 2
    out = tmp_path / "by-bcu.parquet"
    args = [
        "insights",
        "export",
        "attrition_by_bcu",
        "--as",
        "analyst",
        "--format",
        "parquet",
        "--out",
        str(out),
    ]
    assert main(args) == 0
    assert pq.read_table(out).num_rows == 2
    assert main(["insights", "attrition", "--as", "officer_cn"]) == 2
    assert main(["insights", "attrition", "--as", "admin", "--from", "2026/03"]) == 2
    assert "month_from" in capsys.readouterr().err


def test_demo_data(world: World) -> None:
    counts = demo_data.load()
    assert counts["operations"] == 1 and counts["targets"] == 2
    op = Operation.objects.get(name="Nightjar (demo)")
    assert set(Target.objects.filter(operation=op).values_list("status", flat=True)) == {"arrested"}
    assert ComplianceCheck.objects.filter(operation=op).count() == 2

"""Insights through the API: attrition figures, filters, scope, suppression, exports."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from foursight.audit.models import AuditEntry
from foursight.cases import actions as case_actions
from foursight.cases import outcome_actions
from foursight.core.operation_commands import AddCharge, AddTarget, CreateOperation, UpdateTarget
from foursight.core.report_commands import CreateReport, SetOutcome
from foursight.operations import actions as op_actions
from tests.conftest import World

WHY = "Operation Nightjar briefing"


@pytest.fixture
def insight_world(world: World, settings: Any, tmp_path: Path) -> World:
    """The world plus CN reports: 6 withdrawn (14), 2 charged (1), in March and April 2026."""
    settings.DATA_DIR = tmp_path
    settings.INSIGHTS_MAX_AGE = 0
    officer = world.users["officer_cn"]
    for i in range(8):
        report = case_actions.create_report(
            officer,
            CreateReport.from_dict(
                {
                    "unit": "CN-CAMDEN",
                    "reported_at": datetime(2026, 3 + i % 2, 2 + i, 9, tzinfo=UTC),
                    "channel": "online",
                    "offences": ["8Q"] if i % 2 else ["8L"],
                    "suspects": [{"person_id": world.persons["suspect_cn"].pk}],
                }
            ),
        )
        outcome: dict[str, Any] = (
            {"code": "14", "withdrawal_reason": "fear_of_reprisal"}
            if i < 6
            else {
                "code": "1",
                "charge": "Stalking",
                "charged_on": date(2026, 4, 30),
                "trial_date": date(2026, 6, 1),
            }
        )
        outcome_actions.set_outcome(officer, report.pk, SetOutcome.from_dict(outcome))
    return world


def _get(world: World, who: str, path: str) -> Any:
    return world.api(who, WHY if who in ("pou", "admin") else None).get(f"/api/v1{path}")


def test_attrition_figures_for_admin(insight_world: World) -> None:
    data = _get(insight_world, "admin", "/insights/attrition").json()
    totals = data["totals"]
    assert totals["reports"] == 10 and totals["with_outcome"] == 10
    assert totals["victim_withdrawal"] == 6 and totals["evidential_difficulties"] == 2
    assert totals["charge_summons"] == 2
    assert totals["shares"]["victim_withdrawal"] == 0.6
    assert data["withdrawal_reasons"] == [
        {"reason": "fear_of_reprisal", "name": "Fear of reprisal", "n": 6}
    ]
    assert {r["bcu"]: r["reports"] for r in data["by_bcu"]} == {"CN": 9, "NE": 1}
    assert data["time_to_charge"]["n"] == 2 and data["time_to_trial"]["n"] == 2
    assert data["time_to_charge"]["median_days"] > 0
    assert AuditEntry.objects.filter(action="viewed", object_type="insights").exists()


def test_filters_month_bcu_offence(insight_world: World) -> None:
    data = _get(
        insight_world,
        "admin",
        "/insights/attrition?month_from=2026-04&month_to=2026-04&bcu=CN&offence=8Q",
    ).json()
    assert data["filters"] == {
        "month_from": "2026-04",
        "month_to": "2026-04",
        "bcu": "CN",
        "offence": "8Q",
    }
    assert data["totals"]["reports"] == 4
    assert [m["month"] for m in data["by_month"]] == ["2026-04"]
    for query, field in (
        ("month_from=2026-13", "month_from"),
        ("month_from=2026-04&month_to=2026-03", "month_to"),
        ("offence=XX", "offence"),
        ("colour=red", None),
    ):
        response = _get(insight_world, "admin", f"/insights/attrition?{query}")
        if field is None:
            assert response.status_code == 200  # unknown query parameters are ignored
            continue
        assert response.status_code == 400, query
        assert response.json()["error"]["field"] == field
    assert _get(insight_world, "admin", "/insights/attrition?bcu=ZZ").status_code == 404


def test_supervisor_gets_own_bcu_only(insight_world: World) -> None:
    data = _get(insight_world, "supervisor_cn", "/insights/attrition").json()
    assert data["filters"]["bcu"] == "CN" and data["totals"]["reports"] == 9
    assert _get(insight_world, "supervisor_cn", "/insights/attrition?bcu=NE").status_code == 404


def test_analyst_small_numbers_are_suppressed(insight_world: World) -> None:
    data = _get(insight_world, "analyst", "/insights/attrition").json()
    assert data["threshold"] == 5
    totals = data["totals"]
    # counts rounded to the base of 5 (10 stays 10, 6 gives 5, 9 gives 10), rates from them
    assert totals["reports"] == 10 and totals["victim_withdrawal"] == 5
    assert totals["charge_summons"] is None and totals["evidential_difficulties"] is None
    assert totals["shares"]["charge_summons"] is None
    assert totals["shares"]["victim_withdrawal"] == 0.5
    assert {r["bcu"]: r["reports"] for r in data["by_bcu"]} == {"CN": 10, "NE": None}
    assert data["time_to_charge"] == {"n": None, "median_days": None, "mean_days": None}
    body = _get(insight_world, "analyst", "/insights/dashboard").content.decode()
    for name in ("DENTON", "Denton", "Walker", "CN-26-"):
        assert name not in body


def test_dashboard_counts_operations_arrests_and_charges(insight_world: World) -> None:
    pou = insight_world.users["pou"]
    op = op_actions.create_operation(
        pou,
        CreateOperation.from_dict(
            {
                "name": "N",
                "objective": "x",
                "starts_on": date(2026, 3, 1),
                "ends_on": date(2026, 3, 9),
                "units": ["CN"],
            }
        ),
        justification=WHY,
    )
    target = op_actions.add_target(
        pou,
        op.pk,
        AddTarget.from_dict({"person_id": insight_world.persons["suspect_cn"].pk}),
        justification=WHY,
    )
    op_actions.update_target(
        pou,
        op.pk,
        target.pk,
        UpdateTarget.from_dict(  # the target's report is the suspect's latest (9 April): an arrest follows it
            {"status": "arrested", "offences": ["8Q"], "at": datetime(2026, 4, 10, tzinfo=UTC)}
        ),
        justification=WHY,
    )
    op_actions.add_charge(
        pou,
        op.pk,
        target.pk,
        AddCharge.from_dict({"charged_on": date(2026, 4, 11), "offences": ["8Q"]}),
        justification=WHY,
    )
    data = _get(insight_world, "admin", "/insights/dashboard").json()
    assert data["arrests_by_month"] == {"2026-04": 1}
    assert data["charges_by_month"] == {"2026-04": 1}
    assert data["operations"] == {"operations": 1, "targets": {"arrested": 1}}
    assert data["reports_by_month_offence"]["2026-03"]["8L"] == 4
    assert data["repeat_offenders"]["reports_with_repeat_suspect"] == 9
    assert data["repeat_offenders"]["share"] == 0.9
    assert sum(v for v in data["occasions_by_month"].values() if v) == 2


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_exports_are_audited(insight_world: World, fmt: str) -> None:
    response = _get(
        insight_world, "analyst", f"/insights/export?table=attrition_by_bcu&format={fmt}"
    )
    assert response.status_code == 200, response.content
    if fmt == "csv":
        lines = response.content.decode().splitlines()
        assert lines[0].startswith('"bcu","reports"')
        assert lines[1].startswith('"CN",10')  # 9, rounded to the base of 5
    else:
        table = pq.read_table(io.BytesIO(response.content)).to_pylist()
        assert table[0]["bcu"] == "CN" and table[1]["reports"] is None
    entry = AuditEntry.objects.filter(action="exported", object_type="insights").get()
    assert entry.object_id == "attrition_by_bcu" and fmt in entry.detail
    bad = _get(insight_world, "analyst", "/insights/export?table=persons&format=csv")
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "table"

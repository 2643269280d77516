"""The demo evidence: a backup per report, imported like an upload, analysed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from foursight.audit.models import AuditEntry
from foursight.core.importers import ImportContext, get_importer
from foursight.evidence import analysis, demo_data
from foursight.evidence.models import Exhibit
from tests.conftest import World, make_user


def test_demo_backup_parses(tmp_path: Path) -> None:
    path = tmp_path / "sms-20260301093000.xml"
    path.write_text(
        demo_data.backup("07700 900456", "07700 901001", datetime(2026, 3, 1, tzinfo=UTC))
    )
    events = list(get_importer("sms_backup").parse(path, ImportContext(locale="en_GB")))
    assert len(events) == len(demo_data.SCRIPT)
    assert {e.counterpart for e in events} == {"+447700900456", "+447700901001"}


def test_demo_evidence_loads_and_is_analysed(world: World) -> None:
    make_user("officer.cn", "officer", "CN")
    assert demo_data.load() == {"exhibits": 1, "events": len(demo_data.SCRIPT)}
    exhibit = Exhibit.objects.get()
    report = world.reports["cn"]
    assert exhibit.report_id == report.pk and exhibit.events == len(demo_data.SCRIPT)
    result = analysis.stored(report)
    assert result is not None
    assert result["course_of_conduct"] is True
    assert [s["kind"] for s in result["stops"]] == ["stop_request", "stop_request"]
    assert [n["identifier"] for n in result["new_identifiers_after_block"]] == ["+447700901001"]
    assert {t["rule"] for t in result["threats"]} >= {"SV-001"}
    assert report.occasions.filter(source="evidence").exists()
    assert AuditEntry.objects.filter(actor="officer.cn", object_type="exhibit").exists()

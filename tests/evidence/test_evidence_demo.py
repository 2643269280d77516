"""The demo evidence: a backup per report, imported like an upload, analysed."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from foursight.audit.models import AuditEntry
from foursight.core.importers import ImportContext, get_importer
from foursight.evidence import analysis, demo_data, demo_register
from foursight.evidence.models import Exhibit, ExhibitLink
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
    assert demo_data.load() == {
        "exhibits": 1,
        "events": len(demo_data.SCRIPT),
        "registered": 3,
        "links": 3,
    }
    exhibit = Exhibit.objects.get(kind="phone_export")
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


def test_demo_register_plays_from_the_store(world: World) -> None:
    make_user("officer.cn", "officer", "CN")
    demo_data.load()
    report = world.reports["cn"]
    registered = Exhibit.objects.filter(report=report).exclude(kind="phone_export")
    assert sorted(registered.values_list("reference", "kind")) == [
        ("AR/1", "body_worn_video"),
        ("AR/2", "photograph"),
        ("AR/3", "photograph"),
    ]
    assert ExhibitLink.objects.filter(exhibit__in=registered).count() == 3
    video = registered.get(reference="AR/1")
    client = world.page("officer_cn")
    played = client.get(f"/reports/{report.pk}/evidence/exhibits/{video.pk}/media")
    assert played.status_code == 200 and played["Content-Type"] == "video/mp4"
    body = b"".join(played.streaming_content)  # type: ignore[attr-defined]
    assert hashlib.sha256(body).hexdigest() == video.original_id
    assert (demo_register.ASSETS / "bwv-placeholder.mp4").read_bytes() == body

"""An import that dies part-way: nothing of it is evidence, and the same file completes it.

A process killed with SIGKILL runs no clean-up code; here the import is stopped by a
``BaseException`` raised from its progress hook, which the import's own error handling
does not catch either, so the database is left exactly as a killed process leaves it
(the lock is released as the kernel or database would release it). The real SIGKILL is
in ``test_evidence_crash_cli.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from foursight.errors import ImportRejected, InvalidInput
from foursight.evidence import storing
from foursight.evidence.actions import import_into
from foursight.evidence.analysis import compute
from foursight.evidence.importing import import_exhibit
from foursight.evidence.meta import ImportMeta, clean_meta
from foursight.evidence.models import CustodyEntry, EventSource, Exhibit, StoredEvent
from foursight.evidence.timeline import EventFilters, page
from tests.conftest import World
from tests.evidence.conftest import VICTIM, make_sms_backup


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 1,000 rather than 10,000, so a few thousand events span several."""
    monkeypatch.setattr(storing, "BATCH", 1000)


class Killed(BaseException):
    """Stands for SIGKILL: not an Exception, so no clean-up path handles it."""


def _meta(reference: str) -> ImportMeta:
    return clean_meta({"exhibit": reference, "victim_ids": VICTIM, "tz": "Europe/London"})


def _die_after(stored: int) -> Any:
    def progress(phase: str, done: int, total: int) -> None:
        if phase == "storing" and done >= stored:
            raise Killed

    return progress


def _visible(world: World, report_id: int) -> dict[str, Any]:
    api = world.api("officer_cn")
    events = api.get(f"/api/v1/reports/{report_id}/events?limit=500").json()
    conduct = api.get(f"/api/v1/reports/{report_id}/conduct").json()
    timeline = world.page("officer_cn").get(f"/reports/{report_id}/timeline")
    return {
        "api_count": events["count"],
        "api_items": len(events["items"]),
        "further_sources": sum(len(e["sources"]) - 1 for e in events["items"]),
        "conduct_events": conduct["events"],
        "timeline": timeline.context["count"],
    }


def test_a_killed_import_counts_for_nothing_and_the_same_file_completes_it(
    world: World, tmp_path: Path
) -> None:
    report = world.reports["cn"]
    officer = world.users["officer_cn"]
    path = make_sms_backup(tmp_path / "sms-backup.xml", 3_000)
    with pytest.raises(Killed):
        import_exhibit(officer, report, path, path.name, _meta("AR/7"), _die_after(2_000))
    exhibit = Exhibit.objects.get(report=report, reference="AR/7")
    assert exhibit.status == Exhibit.Status.STORING
    assert StoredEvent.all_rows.filter(exhibit=exhibit).count() == 2_000  # left behind
    assert _visible(world, report.pk) == {
        "api_count": 0,
        "api_items": 0,
        "further_sources": 0,
        "conduct_events": 0,
        "timeline": 0,
    }
    assert compute(report).events == 0

    outcome = import_into(officer, report, path, path.name, _meta("AR/7"))

    assert not outcome.duplicate
    exhibit.refresh_from_db()
    assert (exhibit.status, exhibit.events, exhibit.duplicates) == ("imported", 3_000, 0)
    rows = StoredEvent.all_rows.filter(report=report)
    assert rows.count() == 3_000
    assert rows.values("fingerprint").distinct().count() == 3_000
    assert _visible(world, report.pk)["api_count"] == 3_000
    assert _visible(world, report.pk)["conduct_events"] == 3_000
    actions = list(
        CustodyEntry.objects.filter(report=report, exhibit_reference="AR/7").values_list(
            "action", flat=True
        )
    )
    assert actions == ["interrupted", "ingest"]


def test_an_overlapping_export_killed_part_way_leaves_the_first_intact(
    world: World, tmp_path: Path
) -> None:
    report = world.reports["cn"]
    officer = world.users["officer_cn"]
    first = make_sms_backup(tmp_path / "first.xml", 800)
    import_into(officer, report, first, first.name, _meta("AR/1"))
    later = make_sms_backup(tmp_path / "later.xml", 3_000)  # the first 800 are the same
    with pytest.raises(Killed):
        import_exhibit(officer, report, later, later.name, _meta("AR/2"), _die_after(2_000))
    second = Exhibit.objects.get(report=report, reference="AR/2")
    assert EventSource.all_rows.filter(exhibit=second).count() == 800  # left behind
    seen = _visible(world, report.pk)
    assert (seen["api_count"], seen["further_sources"], seen["conduct_events"]) == (800, 0, 800)

    # a different file into the same report: the dead import is found and cleaned first
    other = make_sms_backup(tmp_path / "other.xml", 50, seed=9, start=10**6)
    import_into(officer, report, other, other.name, _meta("AR/3"))
    second.refresh_from_db()
    assert second.status == Exhibit.Status.FAILED
    assert "import the same file as exhibit AR/2 again" in second.message
    assert not StoredEvent.all_rows.filter(exhibit=second).exists()
    assert not EventSource.all_rows.filter(exhibit=second).exists()
    with pytest.raises(InvalidInput, match="this file is exhibit AR/2"):
        import_into(officer, report, later, later.name, _meta("AR/4"))

    import_into(officer, report, later, later.name, _meta("AR/2"))

    second.refresh_from_db()
    assert (second.status, second.events, second.duplicates) == ("imported", 2_200, 800)
    assert StoredEvent.objects.filter(report=report).count() == 800 + 2_200 + 50
    assert _visible(world, report.pk)["further_sources"] == 500  # first page: AR/1 and AR/2
    assert _visible(world, report.pk)["api_count"] == 3_050
    assert page(report, EventFilters(), "", 5)[2] == 3_050


def test_a_file_rejected_part_way_leaves_no_exhibit_and_no_rows(
    world: World, tmp_path: Path
) -> None:
    report = world.reports["cn"]
    path = make_sms_backup(tmp_path / "broken.xml", 2_500)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("</smses>\n", "<sms address='+447700900999' "), encoding="utf-8")
    with pytest.raises(ImportRejected, match=r"broken\.xml"):
        import_exhibit(world.users["officer_cn"], report, path, path.name, _meta("AR/5"))
    assert not Exhibit.objects.filter(report=report, reference="AR/5").exists()
    assert not StoredEvent.all_rows.filter(report=report).exists()
    entry = CustodyEntry.objects.get(report=report, exhibit_reference="AR/5")
    assert entry.action == "reject"

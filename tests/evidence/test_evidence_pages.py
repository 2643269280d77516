"""The evidence pages: upload, rejection, background job progress, timeline, conduct."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django_tasks_db.models import DBTaskResult

from foursight.audit.models import AuditEntry
from foursight.evidence.jobs import run_pending
from foursight.evidence.models import Attribution, CustodyEntry, Exhibit, Job, StoredEvent
from tests.conftest import World
from tests.evidence.conftest import FIXTURES


def _post(client: Any, report_id: int, path: Path, **fields: str) -> Any:
    data = {
        "exhibit": "AR/1",
        "victim_ids": "Alex R\n+447700900123",
        "locale": "en_GB",
        "tz": "Europe/London",
        **fields,
    }
    with open(path, "rb") as handle:
        return client.post(f"/reports/{report_id}/evidence", {**data, "file": handle})


def _course_of_conduct(page: str) -> str:
    """The answer the conduct page gives to "course of conduct (at least two occasions)"."""
    found = re.search(
        r"Course of conduct \(at least two occasions\)</dt>\s*<dd[^>]*><strong>(\w+)</strong>", page
    )
    assert found is not None
    return found.group(1)


def test_upload_through_the_page_then_timeline_and_conduct(world: World) -> None:
    report = world.reports["ne"]
    client = world.page("officer_ne")
    response = _post(client, report.pk, FIXTURES / "whatsapp-android-en_GB.txt")
    assert response.status_code == 302
    exhibit = Exhibit.objects.get(report=report)
    assert response["Location"] == f"/reports/{report.pk}/evidence/exhibits/{exhibit.pk}"
    page = client.get(response["Location"]).content.decode()
    assert exhibit.original_id in page and "Hash chain verified" in page and "ingest" in page
    tab = client.get(f"/reports/{report.pk}/evidence").content.decode()
    assert "AR/1" in tab and "whatsapp" in tab
    timeline = client.get(f"/reports/{report.pk}/timeline").content.decode()
    assert "pick up<br>the phone" in timeline and "12/03/2024, 21:15" in timeline
    assert "8 events match" in timeline
    filtered = client.get(f"/reports/{report.pk}/timeline?kind=block").content.decode()
    assert "1 event match" in filtered and "You blocked this contact" in filtered
    conduct = client.get(f"/reports/{report.pk}/conduct").content.decode()
    assert conduct.count("<svg") == 2 and "Asked to stop" in conduct
    assert "stop_request" not in conduct  # named, not the stored code
    assert "Please stop" in conduct and "Obsessive" in conduct
    assert _course_of_conduct(conduct) == "Yes"
    assert 'stroke-dasharray="4,3"' in conduct  # the stop marked on the per-day chart
    assert 'role="img"' in conduct and "The numbers behind" in conduct


def test_rejected_upload_names_the_file_and_stores_nothing(world: World, tmp_path: Path) -> None:
    report = world.reports["cn"]
    bad = tmp_path / "chat.txt"
    bad.write_bytes(b"\x00\x01\x02garbage\xff\xfe" * 20)
    response = _post(world.page("officer_cn"), report.pk, bad)
    assert response.status_code == 422
    text = response.content.decode()
    assert "chat.txt" in text and "byte" in text and "There is a problem" in text
    assert not Exhibit.objects.exists() and not StoredEvent.objects.exists()
    assert CustodyEntry.objects.get(report=report).action == "reject"


def test_ambiguous_dates_without_locale_are_refused(world: World) -> None:
    response = _post(
        world.page("officer_cn"),
        world.reports["cn"].pk,
        FIXTURES / "whatsapp-ambiguous.txt",
        locale="",
    )
    assert response.status_code == 422
    assert "whatsapp-ambiguous.txt: line 1" in response.content.decode()
    assert not Exhibit.objects.exists()


def test_large_upload_runs_as_a_job_with_progress(world: World, settings: Any) -> None:
    settings.EVIDENCE_INLINE_BYTES = 100
    report = world.reports["cn"]
    client = world.page("officer_cn")
    response = _post(client, report.pk, FIXTURES / "sms-20240314093000.xml")
    job = Job.objects.get(report=report)
    assert response["Location"] == f"/reports/{report.pk}/evidence?job={job.pk}"
    partial = client.get(f"/reports/{report.pk}/evidence/jobs/{job.pk}").content.decode()
    assert "queued" in partial and 'hx-trigger="every 1s"' in partial
    assert not Exhibit.objects.exists()
    assert run_pending() == 1
    job.refresh_from_db()
    assert job.status == "done" and job.done == job.total == 3
    partial = client.get(f"/reports/{report.pk}/evidence/jobs/{job.pk}").content.decode()
    assert "hx-trigger" not in partial and "Open the exhibit" in partial
    assert StoredEvent.objects.filter(report=report).count() == 3
    assert not list(Path(settings.DATA_DIR, "incoming").iterdir())
    api = world.api("officer_cn").get(f"/api/v1/reports/{report.pk}/evidence-jobs/{job.pk}")
    assert api.json()["percent"] == 100


def test_failed_job_leaves_only_the_custody_entry(
    world: World, settings: Any, tmp_path: Path
) -> None:
    settings.EVIDENCE_INLINE_BYTES = 10
    report = world.reports["cn"]
    bad = tmp_path / "sms-cut.xml"
    bad.write_bytes((FIXTURES / "calls-20240314093000.xml").read_bytes()[:300])
    response = _post(world.page("officer_cn"), report.pk, bad)
    assert response.status_code == 302
    run_pending()
    job = Job.objects.get(report=report)
    assert job.status == "failed" and "sms-cut.xml" in job.message
    assert not Exhibit.objects.exists() and not StoredEvent.objects.exists()
    assert CustodyEntry.objects.get(report=report).action == "reject"


def test_attribution_through_the_page(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("officer_cn")
    _post(client, report.pk, FIXTURES / "whatsapp-android-en_GB.txt")
    before = client.get(f"/reports/{report.pk}/conduct").content.decode()
    assert _course_of_conduct(before) == "No"
    response = client.post(
        f"/reports/{report.pk}/attributions",
        {
            "identifier": "Sam K",
            "person_id": world.persons["suspect_cn"].pk,
            "basis": "victim says Sam K is Mark Denton",
        },
    )
    assert response.status_code == 302
    assert Attribution.objects.get(report=report).identifier == "Sam K"
    after = client.get(f"/reports/{report.pk}/conduct").content.decode()
    assert _course_of_conduct(after) == "Yes"
    assert "Sam K → Mark DENTON" in after and "Sam K attributed to the suspect" in after
    bad = client.post(
        f"/reports/{report.pk}/attributions",
        {"identifier": "nobody", "person_id": "", "basis": "x"},
    )
    refused = bad.content.decode()
    assert bad.status_code == 400 and "There is a problem" in refused
    assert "Counterpart identifier: " in refused and "is not a counterpart in this" in refused
    assert 'value="nobody"' in refused and 'href="#at-id"' in refused
    assert AuditEntry.objects.filter(action="viewed", object_type="conduct").count() >= 2


def test_large_report_reanalyses_in_the_background(world: World, monkeypatch: Any) -> None:
    from foursight.evidence import actions
    from foursight.evidence.models import Analysis

    monkeypatch.setattr(actions, "ANALYSE_INLINE_EVENTS", 3)
    report = world.reports["cn"]
    client = world.page("officer_cn")
    _post(client, report.pk, FIXTURES / "whatsapp-android-en_GB.txt")
    assert not Analysis.objects.filter(report=report).exists()
    job = Job.objects.get(report=report)
    assert job.params["kind"] == "analyse" and job.status == "queued"
    task = DBTaskResult.objects.get(pk=job.params["task"])  # the job's task, queued
    assert (task.status, task.queue_name, task.args_kwargs["args"]) == (
        "READY",
        "evidence",
        [job.pk],
    )
    tab = client.get(f"/reports/{report.pk}/evidence").content.decode()
    assert "analysis queued" in tab
    assert run_pending() == 1
    job.refresh_from_db()
    assert job.status == "done" and "8 events" in job.message
    task.refresh_from_db()
    assert (task.status, task.return_value) == ("SUCCESSFUL", "ran")
    assert Analysis.objects.filter(report=report).exists()


def test_report_page_panel_only_for_evidence_readers(world: World) -> None:
    report = world.reports["cn"]
    _post(world.page("officer_cn"), report.pk, FIXTURES / "whatsapp-android-en_GB.txt")
    page = world.page("officer_cn").get(f"/reports/{report.pk}").content.decode()
    assert "Phone evidence" in page and "1 exhibit, 8 events stored" in page
    advocate = world.page("advocate").get(f"/reports/{report.pk}")
    assert advocate.status_code == 200
    assert b"Phone evidence" not in advocate.content


def test_four_panel_cites_events_that_open_in_the_timeline(world: World) -> None:
    report = world.reports["ne"]
    client = world.page("officer_ne")
    _post(client, report.pk, FIXTURES / "whatsapp-android-en_GB.txt")
    conduct = client.get(f"/reports/{report.pk}/conduct").content.decode()
    cited = world.api("officer_ne").get(f"/api/v1/reports/{report.pk}/conduct").json()
    event_id = cited["four"]["unwanted"]["event_ids"][0]
    assert f"/reports/{report.pk}/timeline?event={event_id}" in conduct
    page = client.get(f"/reports/{report.pk}/timeline?event={event_id}").content.decode()
    assert "1 event match" in page
    bad = client.get(f"/reports/{report.pk}/timeline?event=nonsense")
    assert bad.status_code == 400 and b"event: an event id" in bad.content

"""The disclosure API: propose, create from an exhibit or text, bad spans, download."""

from __future__ import annotations

import hashlib

from foursight.audit.models import AuditEntry
from foursight.disclosure.models import RedactedCopy
from foursight.disclosure.queries import copies_for_report
from foursight.evidence.models import CustodyEntry
from foursight.evidence.store import original_path
from tests.conftest import World
from tests.disclosure.conftest import EXHIBIT_FILE, Case

TEXT = "Alice Walker's new number is 07700 900456; Priya saw him at 12 Acacia Avenue."


def test_propose_uses_the_reports_people(world: World, case: Case) -> None:
    client = world.api("officer_cn")
    response = client.post(
        "/api/v1/redactions/propose",
        {"text": TEXT, "report_id": case.report_id},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    spans = response.json()["spans"]
    found = {TEXT[s["start"] : s["end"]]: s["entity"] for s in spans}
    assert found == {
        "Alice Walker's": "PERSON",
        "07700 900456": "PHONE_NUMBER",
        "Priya": "PERSON",
        "12 Acacia Avenue": "ADDRESS",
    }
    assert set(spans[0]) == {"start", "end", "entity", "score"}
    entry = AuditEntry.objects.filter(action="redactions_proposed").last()
    assert entry is not None and TEXT not in entry.detail


def test_case_date_of_birth_without_context(world: World, case: Case) -> None:
    text = "the party on 30/09/2019 and again 30 Sept 2019"
    response = world.api("officer_cn").post(
        "/api/v1/redactions/propose",
        {"text": text, "report_id": case.report_id},
        content_type="application/json",
    )
    found = [(text[s["start"] : s["end"]], s["entity"]) for s in response.json()["spans"]]
    assert found == [("30/09/2019", "DATE_OF_BIRTH"), ("30 Sept 2019", "DATE_OF_BIRTH")]


def test_suspect_name_is_not_proposed(world: World, case: Case) -> None:
    text = "Mark Denton sent it"
    response = world.api("officer_cn").post(
        "/api/v1/redactions/propose",
        {"text": text, "report_id": case.report_id},
        content_type="application/json",
    )
    assert response.json()["spans"] == []


def test_copy_from_exhibit_keeps_the_original(world: World, case: Case) -> None:
    client = world.api("officer_cn")
    proposal = client.get(
        f"/api/v1/reports/{case.report_id}/exhibits/{case.exhibit_id}/redaction-proposals"
    ).json()
    assert proposal["original_sha256"] == case.exhibit_sha
    spans = [dict(s, decision="accepted") for s in proposal["spans"]]
    assert spans, "the WhatsApp fixture holds phone numbers or names to propose"
    spans[0]["decision"] = "rejected"
    spans.append({"start": 0, "end": 5, "entity": "OTHER", "decision": "added"})
    before = original_path(case.exhibit_sha).read_bytes()
    response = client.post(
        f"/api/v1/reports/{case.report_id}/redacted-copies",
        {
            "source": "exhibit",
            "exhibit_id": case.exhibit_id,
            "title": "AR/1 for the defence",
            "spans": spans,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["original_sha256"] == case.exhibit_sha
    assert body["counts"] == {"accepted": len(spans) - 2, "rejected": 1, "added": 1}
    after = original_path(case.exhibit_sha).read_bytes()
    assert after == before == EXHIBIT_FILE.read_bytes()
    assert hashlib.sha256(after).hexdigest() == case.exhibit_sha
    download = client.get(f"/api/v1/redacted-copies/{body['id']}/file")
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == body["derived_sha256"]
    assert b"[REDACTED: personal data]" in download.content
    custody = CustodyEntry.objects.filter(report_id=case.report_id, exhibit_reference="AR/1")
    last = custody.order_by("seq").last()
    assert last is not None and last.action == "derived"
    assert last.outputs == [
        {"name": f"redacted copy {body['id']}.txt", "sha256": body["derived_sha256"]}
    ]
    listed = copies_for_report(case.report_id)
    assert [(c["exhibit_id"], c["original_sha256"], c["derived_sha256"]) for c in listed] == [
        (case.exhibit_id, case.exhibit_sha, body["derived_sha256"])
    ]
    assert {"title", "created_at"} <= set(listed[0])


def test_copy_from_text(world: World, case: Case) -> None:
    client = world.api("officer_cn")
    response = client.post(
        f"/api/v1/reports/{case.report_id}/redacted-copies",
        {
            "source": "text",
            "text": TEXT,
            "title": "Note",
            "spans": [{"start": 29, "end": 41, "entity": "PHONE_NUMBER", "decision": "accepted"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = client.get(f"/api/v1/redacted-copies/{response.json()['id']}/file").content.decode()
    assert data == TEXT.replace("07700 900456", "[REDACTED: phone number]")
    log = client.get(f"/api/v1/redacted-copies/{response.json()['id']}").json()["log"]
    assert log[0]["decision"] == "accepted" and log[0]["by"] == "officer_cn"


def test_span_outside_the_text_is_refused_and_nothing_stored(world: World, case: Case) -> None:
    client = world.api("officer_cn")
    before = CustodyEntry.objects.count()
    response = client.post(
        f"/api/v1/reports/{case.report_id}/redacted-copies",
        {
            "source": "text",
            "text": "short",
            "title": "Bad",
            "spans": [
                {"start": 0, "end": 2, "entity": "PERSON", "decision": "accepted"},
                {"start": 3, "end": 99, "entity": "PERSON", "decision": "added"},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "spans[1]"
    assert "span 1 (3-99) lies outside the text of 5 characters" in error["message"]
    assert RedactedCopy.objects.count() == 0
    assert CustodyEntry.objects.count() == before


def test_bad_inputs_name_the_field(world: World, case: Case) -> None:
    client = world.api("officer_cn")
    url = f"/api/v1/reports/{case.report_id}/redacted-copies"
    cases = [
        ({"source": "exhibit", "title": "x"}, "exhibit_id"),
        ({"source": "text", "title": "x", "text": "  "}, "text"),
        (
            {"source": "text", "title": "x", "text": "a", "exhibit_id": case.exhibit_id},
            "exhibit_id",
        ),
        (
            {
                "source": "text",
                "title": "x",
                "text": "abc",
                "spans": [{"start": 0, "end": 1, "entity": "P", "decision": "maybe"}],
            },
            "spans[0].decision",
        ),
        ({"source": "text", "title": "x", "text": "abc", "colour": "red"}, "colour"),
    ]
    for payload, field in cases:
        response = client.post(url, payload, content_type="application/json")
        assert response.status_code == 400, (payload, response.content)
        assert response.json()["error"]["field"] == field
    assert RedactedCopy.objects.count() == 0
    empty = client.post(
        "/api/v1/redactions/propose",
        {"text": "", "report_id": case.report_id},
        content_type="application/json",
    )
    assert empty.status_code == 400 and empty.json()["error"]["field"] == "text"


def test_audit_verbs_fit_the_audit_log() -> None:
    """SQLite does not enforce the audit action's length; PostgreSQL does."""
    from foursight.audit.models import AuditEntry

    limit = AuditEntry._meta.get_field("action").max_length
    assert limit is not None
    assert all(len(v) <= limit for v in ("copy_redacted", "redactions_proposed"))

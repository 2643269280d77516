"""Analysis on a report: attribution updates it, occasions once, rule hits, custody chain."""

from __future__ import annotations

import json
from pathlib import Path

from foursight.audit.models import AuditEntry
from foursight.cases.models import Occasion
from foursight.evidence.analysis import refresh
from foursight.evidence.models import CustodyEntry
from foursight.evidence.store import custody_log, entry_hash, verify_chain
from tests.conftest import World
from tests.evidence.conftest import FIXTURES, upload

THREATS = (
    "01/03/2024, 21:00 - Sam K: answer me\n"
    "02/03/2024, 22:00 - Sam K: I know where you live\n"
    "03/03/2024, 23:30 - Sam K: you will regret ignoring me\n"
)


def _load(world: World, key: str = "cn") -> int:
    """Two exhibits on a report. The "cn" suspect has a recorded phone, so only it is in
    scope until an officer attributes more; the "ne" suspect has none (all counterparts)."""
    report = world.reports[key]
    client = world.api(f"officer_{key}")
    for ref, name in (("AR/1", "whatsapp-android-en_GB.txt"), ("AR/2", "calls-20240314093000.xml")):
        assert upload(client, report.pk, name, exhibit=ref).status_code == 201
    return report.pk


def test_conduct_api_has_the_cli_shape(world: World) -> None:
    report_id = _load(world, "ne")
    body = world.api("officer_ne").get(f"/api/v1/reports/{report_id}/conduct").json()
    for key in (
        "files",
        "events",
        "counterparts",
        "stops",
        "threats",
        "new_identifiers_after_block",
        "four",
        "course_of_conduct",
    ):
        assert key in body, key
    assert [f["exhibit"] for f in body["files"]] == ["AR/1", "AR/2"]
    assert body["files"][0]["sha256"].startswith("bd3eb373")
    assert body["course_of_conduct"] is True
    assert set(body["four"]) == {"fixated", "obsessive", "unwanted", "repeated"}
    assert body["stops"][0]["kind"] == "stop_request"


def test_attribution_updates_the_analysis(world: World) -> None:
    report_id = _load(world)
    client = world.api("officer_cn")
    before = client.get(f"/api/v1/reports/{report_id}/conduct").json()
    assert before["scope"]["suspect_ids"] == ["+447700900456"]
    assert {c["identifier"]: c["in_scope"] for c in before["counterparts"]}["Sam K"] is False
    assert before["course_of_conduct"] is False
    suspect = world.persons["suspect_cn"].pk
    response = client.post(
        f"/api/v1/reports/{report_id}/attributions",
        data=json.dumps(
            {"identifier": "Sam K", "person_id": suspect, "basis": "victim's statement"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    after = client.get(f"/api/v1/reports/{report_id}/conduct").json()
    assert after["scope"]["suspect_ids"] == ["+447700900456", "Sam K"]
    in_scope = {c["identifier"]: c["in_scope"] for c in after["counterparts"]}
    assert in_scope["Sam K"] is True and in_scope["withheld"] is False
    assert after["course_of_conduct"] is True
    assert AuditEntry.objects.filter(action="attributed", object_type="identifier").count() == 1


def test_attribution_bad_input_names_the_field(world: World) -> None:
    report_id = _load(world)
    client = world.api("officer_cn")
    suspect = world.persons["suspect_cn"].pk
    victim = world.persons["victim_cn"].pk
    for body, field in (
        ({"identifier": "+447000000000", "person_id": suspect, "basis": "statement"}, "identifier"),
        ({"identifier": "Sam K", "person_id": victim, "basis": "statement"}, "person_id"),
        ({"identifier": "Sam K", "person_id": suspect, "basis": ""}, "basis"),
        ({"identifier": "Sam K", "person_id": suspect, "basis": "statement", "x": 1}, "x"),
    ):
        response = client.post(
            f"/api/v1/reports/{report_id}/attributions",
            data=json.dumps(body),
            content_type="application/json",
        )
        assert response.status_code == 400, response.content
        assert response.json()["error"]["field"] == field


def test_evidence_occasions_are_created_once(world: World) -> None:
    report_id = _load(world, "ne")
    report = world.reports["ne"]
    occasions = Occasion.objects.filter(report=report, source="evidence")
    first = sorted(occasions.values_list("started_at", "ended_at"))
    assert len(first) == 2
    refresh(world.users["officer_ne"], report)
    refresh(world.users["officer_ne"], report)
    assert sorted(occasions.values_list("started_at", "ended_at")) == first
    detail = world.api("officer_ne").get(f"/api/v1/reports/{report_id}").json()
    sources = [o["source"] for o in detail["occasions"]]
    assert sources.count("evidence") == 2 and "victim_statement" in sources


def test_rule_hits_filter_the_timeline(world: World, tmp_path: Path) -> None:
    report = world.reports["cn"]
    client = world.api("officer_cn")
    chat = tmp_path / "whatsapp-threats.txt"
    chat.write_text(THREATS, encoding="utf-8")
    assert upload(client, report.pk, "x", path=chat).status_code == 201
    conduct = client.get(f"/api/v1/reports/{report.pk}/conduct").json()
    rule = next(t["rule"] for t in conduct["threats"] if t["tier"] == "rule")  # not a prompt
    hit_ids = {t["event_id"] for t in conduct["threats"] if t["rule"] == rule}
    page = client.get(f"/api/v1/reports/{report.pk}/events?rule={rule}").json()
    assert page["count"] == len(hit_ids) >= 1
    assert {e["event_id"] for e in page["items"]} == hit_ids
    assert page["items"][0]["rules"][0]["rule"] == rule


def test_events_filters_and_keyset_pages(world: World) -> None:
    report_id = _load(world)
    client = world.api("officer_cn")
    base = f"/api/v1/reports/{report_id}/events"
    whole = client.get(f"{base}?limit=500").json()
    assert whole["count"] == 11 and whole["next"] == ""
    seen, after = [], ""
    while True:
        page = client.get(f"{base}?limit=4&after={after}").json()
        seen += [e["id"] for e in page["items"]]
        after = page["next"]
        if not after:
            break
    assert seen == [e["id"] for e in whole["items"]]
    times = [e["ts_utc"] for e in whole["items"]]
    assert times == sorted(times)
    calls = client.get(f"{base}?channel=call").json()
    assert calls["count"] == 3 and {e["channel"] for e in calls["items"]} == {"call"}
    blocked = client.get(f"{base}?kind=call_blocked").json()
    assert [e["kind"] for e in blocked["items"]] == ["call_blocked"]
    sam = client.get(f"{base}?counterpart=Sam K").json()
    assert sam["count"] == sum(e["counterpart"] == "Sam K" for e in whole["items"]) >= 4
    day = client.get(f"{base}?date_from=2024-03-13&date_to=2024-03-13").json()
    assert day["count"] and all(e["ts_utc"].startswith("2024-03-13") for e in day["items"])
    bad = client.get(f"{base}?channel=pigeon")
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "channel"
    assert client.get(f"{base}?after=nonsense").json()["error"]["field"] == "after"
    searches = AuditEntry.objects.filter(action="searched", object_type="events")
    assert searches.count() >= 8
    assert "call_blocked" in "".join(searches.values_list("detail", flat=True))


def test_custody_chain_verifies_and_detects_tampering(world: World) -> None:
    report_id = _load(world)
    report = world.reports["cn"]
    upload(world.api("officer_cn"), report_id, "whatsapp-android-en_GB.txt", exhibit="AR/7")
    entries = custody_log(report, "AR/1")
    assert [e["action"] for e in entries] == ["ingest", "duplicate"]
    assert verify_chain(entries)[0]
    detail = (
        world.api("officer_cn")
        .get(f"/api/v1/reports/{report_id}/exhibits/{report.exhibits.get(reference='AR/1').pk}")
        .json()
    )
    assert detail["custody_verified"] is True
    first = CustodyEntry.objects.get(report=report, exhibit_reference="AR/1", seq=1)
    CustodyEntry.objects.filter(pk=first.pk).update(actor="someone else")
    ok, message = verify_chain(custody_log(report, "AR/1"))
    assert not ok and "entry 1" in message
    detail = (
        world.api("officer_cn")
        .get(f"/api/v1/reports/{report_id}/exhibits/{report.exhibits.get(reference='AR/1').pk}")
        .json()
    )
    assert detail["custody_verified"] is False
    CustodyEntry.objects.filter(pk=first.pk).delete()
    assert not verify_chain(custody_log(report, "AR/1"))[0]


def test_shared_custody_fixture_hashes_the_same_way() -> None:
    entry = json.loads((FIXTURES / "custody.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert entry_hash(entry) == entry["hash"]
    assert verify_chain([entry], first_prev=entry["prev_hash"])[0]
    entry["basis"] = "changed"
    assert not verify_chain([entry], first_prev=entry["prev_hash"])[0]


def test_withdrawing_an_attribution_restores_the_analysis(world: World) -> None:
    report_id = _load(world)
    client = world.api("officer_cn")
    base = f"/api/v1/reports/{report_id}"
    before = client.get(f"{base}/conduct").json()
    made = client.post(
        f"{base}/attributions",
        data=json.dumps(
            {
                "identifier": "Sam K",
                "person_id": world.persons["suspect_cn"].pk,
                "basis": "victim's statement",
            }
        ),
        content_type="application/json",
    ).json()
    assert [a["identifier"] for a in client.get(f"{base}/attributions").json()] == ["Sam K"]
    assert client.delete(f"{base}/attributions/{made['id']}").status_code == 204
    assert client.get(f"{base}/attributions").json() == []
    after = client.get(f"{base}/conduct").json()
    assert after["scope"] == before["scope"]
    assert after["course_of_conduct"] == before["course_of_conduct"] is False
    assert client.delete(f"{base}/attributions/{made['id']}").status_code == 404
    assert AuditEntry.objects.filter(action="unattributed").count() == 1

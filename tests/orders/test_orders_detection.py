"""Breach detection: contact from an order's subject, found in imported evidence."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from foursight.audit.models import AuditEntry
from foursight.evidence.importing import import_exhibit
from foursight.evidence.meta import clean_meta
from foursight.orders import rules
from foursight.orders.detection_actions import detect_breaches
from foursight.orders.models import Breach, BreachTask
from foursight.risk.models import ReassessmentRequest
from tests.conftest import World

SUBJECT_PHONE = "07700 900456"  # suspect_cn's number in the shared world
MADE = date(2026, 3, 10)


def _ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def _sms(address: str, when: datetime, kind: int, body: str) -> str:
    return (
        f'<sms protocol="0" address="{address}" date="{_ms(when)}" type="{kind}" '
        f'body="{body}" read="1" status="-1" locked="0" date_sent="0" contact_name="(Unknown)" />'
    )


def write_backup(tmp_path: Path, messages: list[str]) -> Path:
    path = tmp_path / "sms-20260320090000.xml"
    path.write_text(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
        f'<smses count="{len(messages)}">\n' + "\n".join(messages) + "\n</smses>\n",
        encoding="utf-8",
    )
    return path


def make_spo(world: World, **extra: Any) -> int:
    body = {
        "kind": "spo",
        "subject_id": world.persons["suspect_cn"].pk,
        "protected_ids": [world.persons["victim_cn"].pk],
        "report_id": world.reports["cn"].pk,
        "court": "Highbury Corner Magistrates' Court",
        "made_on": MADE.isoformat(),
        "expires_on": "2028-03-10",
        "conditions": [
            {"kind": "no_contact", "person_ids": [world.persons["victim_cn"].pk]},
        ],
        **extra,
    }
    response = world.api("officer_cn").post(
        "/api/v1/orders", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def import_backup(world: World, path: Path, capture: Any, reference: str = "EXH-1") -> None:
    meta = clean_meta({"exhibit": reference, "victim_ids": ["+447700900111"]})
    with capture(execute=True):
        import_exhibit(world.users["officer_cn"], world.reports["cn"], path, path.name, meta)


def breaches(world: World, order_id: int, who: str = "officer_cn") -> list[dict[str, Any]]:
    response = world.api(who).get(f"/api/v1/orders/{order_id}/breaches")
    assert response.status_code == 200, response.content
    data: list[dict[str, Any]] = response.json()
    return data


def test_message_after_spo_from_subjects_number_is_a_potential_breach(
    world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    order_id = make_spo(world)
    after = datetime(2026, 3, 15, 21, 0, tzinfo=UTC)
    path = write_backup(
        tmp_path,
        [
            _sms("07700900456", datetime(2026, 3, 5, 20, 0, tzinfo=UTC), 1, "before the order"),
            _sms("+44 7700 900456", after, 1, "you cannot stop me"),
            _sms("07700900456", datetime(2026, 3, 15, 22, 0, tzinfo=UTC), 2, "leave me alone"),
            _sms("07700900999", datetime(2026, 3, 16, 9, 0, tzinfo=UTC), 1, "someone else"),
        ],
    )
    import_backup(world, path, django_capture_on_commit_callbacks)

    found = breaches(world, order_id)
    assert len(found) == 1
    breach = found[0]
    assert breach["status"] == "potential"
    assert breach["source"] == "detected"
    assert breach["report_id"] == world.reports["cn"].pk
    assert [e["ts_utc"] for e in breach["events"]] == ["2026-03-15T21:00:00Z"]
    event = breach["events"][0]
    assert event["counterpart"] == "+447700900456"
    assert event["direction"] == "in"
    assert event["protected_person"]["person_id"] == world.persons["victim_cn"].pk
    assert AuditEntry.objects.filter(action="breach_detected", object_id=str(order_id)).exists()

    # Running again (on demand) flags nothing new.
    again = world.api("officer_cn").post(f"/api/v1/orders/{order_id}/detect-breaches")
    assert again.status_code == 200, again.content
    assert again.json()["new_breaches"] == []
    assert len(breaches(world, order_id)[0]["events"]) == 1

    # A later export with an earlier contact that day joins the same potential breach.
    folder = tmp_path / "second"
    folder.mkdir()
    second = write_backup(
        folder, [_sms("07700900456", datetime(2026, 3, 15, 8, 0, tzinfo=UTC), 1, "morning")]
    )
    import_backup(world, second, django_capture_on_commit_callbacks, reference="EXH-2")
    found = breaches(world, order_id)
    assert len(found) == 1
    assert found[0]["occurred_at"] == "2026-03-15T08:00:00Z"
    assert [e["ts_utc"][11:16] for e in found[0]["events"]] == ["08:00", "21:00"]


def test_no_breach_before_the_order_or_for_another_subject(
    world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    order_id = make_spo(world)
    path = write_backup(
        tmp_path,
        [
            _sms("07700900456", datetime(2026, 3, 9, 22, 0, tzinfo=UTC), 1, "the night before"),
            _sms("07700900999", datetime(2026, 3, 20, 9, 0, tzinfo=UTC), 1, "a stranger"),
        ],
    )
    import_backup(world, path, django_capture_on_commit_callbacks)
    assert breaches(world, order_id) == []


def test_attributed_identifier_counts_as_the_subjects(
    world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    order_id = make_spo(world)
    report = world.reports["cn"].pk
    path = write_backup(
        tmp_path, [_sms("07700900777", datetime(2026, 4, 1, 8, 0, tzinfo=UTC), 1, "new phone")]
    )
    import_backup(world, path, django_capture_on_commit_callbacks)
    assert breaches(world, order_id) == []
    response = world.api("officer_cn").post(
        f"/api/v1/reports/{report}/attributions",
        data=json.dumps(
            {
                "identifier": "+447700900777",
                "person_id": world.persons["suspect_cn"].pk,
                "basis": "subscriber check returned the suspect",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    result = detect_breaches(None, order_ids=[order_id])
    assert len(result.new_breaches) == 1
    assert breaches(world, order_id)[0]["events"][0]["matched_identifier"] == "+447700900777"


def test_confirming_creates_arrest_and_risk_review_tasks(
    world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    order_id = make_spo(world)
    path = write_backup(
        tmp_path, [_sms("07700900456", datetime(2026, 3, 15, 21, 0, tzinfo=UTC), 1, "hi")]
    )
    import_backup(world, path, django_capture_on_commit_callbacks)
    breach_id = breaches(world, order_id)[0]["id"]
    client = world.api("officer_cn")
    url = f"/api/v1/orders/{order_id}/breaches/{breach_id}/decision"
    short = client.post(
        url, data=json.dumps({"decision": "confirm", "reason": ""}), content_type="application/json"
    )
    assert short.status_code == 400
    assert short.json()["error"]["field"] == "reason"
    assert Breach.objects.get(pk=breach_id).status == "potential"
    ok = client.post(
        url,
        data=json.dumps({"decision": "confirm", "reason": "victim confirms the number"}),
        content_type="application/json",
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "confirmed"
    kinds = sorted(t["kind"] for t in ok.json()["tasks"])
    assert kinds == ["arrest", "risk_review"]
    assert BreachTask.objects.filter(breach_id=breach_id, done_at__isnull=True).count() == 2
    review = ReassessmentRequest.objects.get(report=world.reports["cn"], reason="breach")
    assert str(breach_id) in review.note
    assert AuditEntry.objects.filter(action="breach_confirmed", object_id=str(order_id)).exists()
    twice = client.post(
        url,
        data=json.dumps({"decision": "dismiss", "reason": "changed my mind"}),
        content_type="application/json",
    )
    assert twice.status_code == 409


def test_dismissed_breach_keeps_its_events_and_makes_no_tasks(
    world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    order_id = make_spo(world)
    path = write_backup(
        tmp_path, [_sms("07700900456", datetime(2026, 3, 15, 21, 0, tzinfo=UTC), 1, "hi")]
    )
    import_backup(world, path, django_capture_on_commit_callbacks)
    breach_id = breaches(world, order_id)[0]["id"]
    response = world.api("supervisor_cn").post(
        f"/api/v1/orders/{order_id}/breaches/{breach_id}/decision",
        data=json.dumps({"decision": "dismiss", "reason": "contact arranged by the family court"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "dismissed"
    assert response.json()["tasks"] == []
    assert not ReassessmentRequest.objects.filter(reason="breach").exists()
    assert len(response.json()["events"]) == 1
    assert AuditEntry.objects.filter(action="breach_dismissed").exists()


@pytest.mark.parametrize(
    ("kind", "ts", "expected"),
    [
        ("message", datetime(2026, 3, 10, 0, 30, tzinfo=UTC), True),  # day made, UK time
        ("message", datetime(2026, 3, 9, 23, 59, tzinfo=UTC), False),
        ("call_missed", datetime(2026, 5, 1, 9, 0, tzinfo=UTC), True),
        ("block", datetime(2026, 5, 1, 9, 0, tzinfo=UTC), False),
        ("message", datetime(2026, 6, 2, 9, 0, tzinfo=UTC), False),  # after discharge
    ],
)
def test_find_contacts_window_and_kinds(kind: str, ts: datetime, expected: bool) -> None:
    start, end = rules.in_force_window(MADE, date(2028, 3, 10), date(2026, 6, 1))
    terms = rules.OrderTerms(1, start, end, frozenset({"+447700900456"}), frozenset({7}))
    event = rules.StoredEvent("k", 7, "+447700900456", ts, "sms", kind, "in")
    assert bool(rules.find_contacts([terms], [event])) is expected

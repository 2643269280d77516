"""A real Chromium on the real server: an officer registers an SPO from a report, records
a breach, and finds the arrest task on the orders dashboard; the CLI scans for breaches."""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, run_cli

pytestmark = pytest.mark.e2e
UK = ZoneInfo("Europe/London")


def _subject_phone(server: Server, person_id: int) -> str:
    person = server.get(f"/persons/{person_id}", "officer.cn")
    identifiers = person.get("identifiers")
    assert isinstance(identifiers, list)
    phones = [i["normalised"] for i in identifiers if i["kind"] == "phone" and i["normalised"]]
    return str(phones[0]) if phones else ""


def _post(server: Server, path: str, body: dict[str, Any], username: str) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{server.url}/api/v1{path}",
        data=json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {server.token(username)}",
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        data: dict[str, Any] = json.load(response)
        return data


def _login(server: Server, page: Any) -> None:
    page.goto(f"{server.url}/login")
    page.get_by_label("User name").fill("officer.cn")
    page.get_by_label("Password").fill("foursight-demo")
    page.get_by_role("button", name="Sign in").click()


def _report_with_both(server: Server, *, phone: bool = False, skip: int = 0) -> dict[str, Any]:
    items = server.get("/reports?limit=40", "officer.cn")["items"]
    assert isinstance(items, list)
    for item in items:
        report = server.get(f"/reports/{item['id']}", "officer.cn")
        suspects = report.get("suspects") or []
        victims = report.get("victims") or []
        if (
            isinstance(suspects, list)
            and isinstance(victims, list)
            and suspects
            and victims
            and suspects[0]["person_id"]
            and victims[0]["person_id"]
            and (not phone or _subject_phone(server, suspects[0]["person_id"]))
        ):
            if skip == 0:
                return report
            skip -= 1
    pytest.fail("no demo report in CN with a visible suspect and victim")


def test_officer_registers_an_spo_and_records_a_breach(server: Server, page: Any) -> None:
    report = _report_with_both(server)
    now = datetime.now(UK)
    made = (now - timedelta(days=1)).date()
    expires = made.replace(year=made.year + 2) + timedelta(days=1)

    _login(server, page)
    page.goto(f"{server.url}/reports/{report['id']}")
    page.locator("#orders").get_by_role("link", name="Register an order").click()

    expect(page.get_by_role("heading", name="Register an order")).to_be_visible()
    expect(page.get_by_label("Subject")).to_have_value(str(report["suspects"][0]["person_id"]))
    page.get_by_label("Type of order").select_option("spo")
    page.get_by_label("Court", exact=True).fill("Highbury Corner Magistrates' Court")
    page.get_by_label("Made on").fill(made.isoformat())
    page.get_by_label("Expires on").fill((made + timedelta(days=300)).isoformat())
    page.get_by_role("button", name="Register order").click()
    expect(page.get_by_role("alert")).to_contain_text("at least 2 years")

    page.get_by_label("Expires on").fill(expires.isoformat())
    page.get_by_role("button", name="Register order").click()
    expect(page.get_by_role("heading", name="Stalking Protection Order")).to_be_visible()
    assert re.search(r"/orders/\d+$", page.url)
    expect(page.locator("#conditions")).to_contain_text("No contact with named persons")

    page.get_by_text("Record a breach").click()
    page.get_by_label("When it happened").fill(
        (now - timedelta(minutes=5))
        .astimezone(ZoneInfo("Europe/London"))
        .strftime("%d/%m/%Y %H:%M")
    )
    page.get_by_label("What happened").fill("Waited outside her workplace")
    page.get_by_role("button", name="Record breach").click()
    expect(page.locator("#breaches")).to_contain_text("Arrest the subject")
    expect(page.locator("#breaches")).to_contain_text("Confirmed")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Orders").click()
    expect(page.get_by_role("heading", name="Orders and breaches")).to_be_visible()
    expect(page.locator("#tasks")).to_contain_text("Arrest the subject")

    page.goto(f"{server.url}/reports/{report['id']}")
    expect(page.locator("#orders")).to_contain_text("Stalking Protection Order")


def test_message_imported_after_an_spo_is_flagged_then_confirmed(
    server: Server, page: Any, tmp_path: Path
) -> None:
    report = _report_with_both(server, phone=True, skip=1)
    subject = report["suspects"][0]["person_id"]
    phone = _subject_phone(server, subject)
    made = datetime.now(UK).date() - timedelta(days=3)
    order = _post(
        server,
        "/orders",
        {
            "kind": "spo",
            "subject_id": subject,
            "protected_ids": [report["victims"][0]["person_id"]],
            "report_id": report["id"],
            "court": "Thames Magistrates' Court",
            "made_on": made.isoformat(),
            "until_further_order": True,
        },
        "officer.cn",
    )
    sent = int((datetime.now(UK) - timedelta(hours=1)).timestamp() * 1000)
    export = tmp_path / "sms-20260101000000.xml"
    export.write_text(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n"
        f'<sms protocol="0" address="{phone}" date="{sent}" type="1" body="I am outside" '
        'read="1" status="-1" locked="0" date_sent="0" contact_name="(Unknown)" />\n</smses>\n',
        encoding="utf-8",
    )
    result = run_cli(
        server.env,
        "evidence",
        "import",
        str(export),
        "--report",
        report["reference"],
        "--exhibit",
        "ORD/1",
        "--victim-id",
        "+447700900001",
        "--tz",
        "Europe/London",
        "--user",
        "officer.cn",
    )
    assert result.returncode == 0, result.stderr

    _login(server, page)
    page.goto(f"{server.url}/orders/{order['id']}")
    breaches = page.locator("#breaches")
    expect(breaches).to_contain_text("Potential")
    expect(breaches).to_contain_text(phone)
    breaches.get_by_label("Reason for the decision").fill("Victim confirms the number is his")
    breaches.get_by_role("button", name="Confirm breach").click()
    expect(page.locator("#breaches")).to_contain_text("Confirmed by officer.cn")
    expect(page.locator("#breaches")).to_contain_text("Arrest the subject")


def test_cli_detect_breaches(server: Server) -> None:
    result = run_cli(server.env, "orders", "detect-breaches")
    assert result.returncode == 0, result.stderr
    assert re.match(r"orders checked: \d+; events matching a subject: \d+", result.stdout)
    missing = run_cli(server.env, "orders", "detect-breaches", "--order", "999999")
    assert missing.returncode == 2
    assert missing.stderr.strip().endswith("--order: no order 999999")

"""A real Chromium on the real server: an officer screens and assesses risk and refers the
case to the STAC; the STAC opens the referral and writes a plan with an overdue action."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e


def _candidate(server: Server) -> dict[str, Any]:
    """An open CN report, not yet with the STAC, with a victim, a suspect and 2+ occasions."""
    items = server.get("/reports?limit=100&status=open", "officer.cn")["items"]
    assert isinstance(items, list)
    for item in items:
        report = server.get(f"/reports/{item['id']}", "officer.cn")
        occasions = report["occasions"]
        if (
            report["stac_referred_at"] is None
            and report["victims"]
            and report["suspects"]
            and isinstance(occasions, list)
            and len(occasions) >= 2
        ):
            return report
    pytest.fail("the demo has no open CN report to walk through")


def _sign_in(page: Any, server: Server, username: str) -> None:
    page.goto(f"{server.url}/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill("foursight-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()


def _answer(page: Any, answers: dict[str, str]) -> None:
    for question, value in answers.items():
        page.locator(f'input[name="{question}"][value="{value}"]').check()


def test_officer_to_stac_referral_and_stac_to_an_overdue_plan_action(
    server: Server, page: Any
) -> None:
    report = _candidate(server)
    reference = report["reference"]

    # The officer: FOUR screening from the report's Risk page.
    _sign_in(page, server, "officer.cn")
    page.goto(f"{server.url}/reports/{report['id']}")
    page.get_by_role("navigation", name="Report").get_by_role("link", name="Risk").click()
    expect(page.get_by_role("heading", name=f"Risk for report {reference}")).to_be_visible()
    page.get_by_label("Instrument").select_option("four")
    page.get_by_role("button", name="Start").click()
    _answer(
        page,
        {
            "fixated": "yes",
            "obsessive": "yes",
            "unwanted": "yes",
            "repeated": "yes",
            "act_contacting": "yes",
            "beh_turning_up": "yes",
            "impact_fear_violence": "yes",
            "impact_daily_life": "yes",
        },
    )
    page.get_by_role("button", name="Score and save FOUR stalking screen").click()
    # version 1, or the next one where the demo has already screened this report
    expect(
        page.get_by_role("heading", name=re.compile(r"FOUR stalking screen result \(version \d+\)"))
    ).to_be_visible()
    expect(page.locator("#prompts")).to_contain_text("Record the crime as stalking")

    # FOUR recommends DASH: 14 yes answers are visible high risk and a MARAC referral.
    page.get_by_role("link", name="Complete DASH").click()
    _answer(page, {f"q{n}": "yes" if n <= 14 else "no" for n in range(1, 28)})
    page.get_by_label("The victim says they are very frightened").check()
    page.get_by_role("button", name="Score and save DASH").click()
    expect(page.locator("#level")).to_contain_text("high")
    expect(page.locator("#marac")).to_contain_text("Visible high risk")

    # DASH question 8 is yes: S-DASH is offered and graded by judgement with a rationale.
    page.get_by_role("link", name="Complete S-DASH").click()
    _answer(page, {f"q{n}": "yes" if n <= 8 else "no" for n in range(1, 12)})
    page.get_by_label("Level").select_option("high")
    page.get_by_label("Rationale").fill("Fixated, turns up at her work, threats escalating.")
    page.get_by_role("button", name="Score and save S-DASH").click()
    expect(page.locator("#level")).to_contain_text("high")
    expect(page.locator("#prompts")).to_contain_text("STAC")

    # Refer to the STAC from the Risk page.
    page.get_by_role("link", name=f"Risk for report {reference}").click()
    expect(page.locator("#history")).to_contain_text("SDASH")
    page.get_by_label("Why refer this case to the STAC?").fill(
        "High on DASH and S-DASH; escalating."
    )
    page.get_by_role("button", name="Refer to the STAC").click()
    expect(page.locator("#stac")).to_contain_text("Referred to the STAC on")
    page.get_by_role("button", name="Sign out").click()

    # The STAC: from the referral to a management plan with an overdue action.
    _sign_in(page, server, "stac")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="STAC cases").click()
    expect(page.get_by_role("heading", name="STAC cases")).to_be_visible()
    page.locator("#cases").get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=f"STAC case {reference}")).to_be_visible()
    today = datetime.now(UTC).date()
    page.locator("summary", has_text="Record a case conference").click()
    page.get_by_label("Date held").fill(today.isoformat())
    page.locator("#c-name-1").fill("DS Morgan")
    page.locator("#c-name-2").fill("Dr Shah")
    page.locator("#c-agency-2").select_option("mental_health")
    page.get_by_label("Decisions").fill("Apply for an SPO; SRP by the clinician.")
    page.get_by_role("button", name="Record the conference").click()
    expect(page.locator("#conferences")).to_contain_text("Dr Shah (Mental health)")
    page.get_by_label("Plan review date").fill((today + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator("#plan")).to_contain_text("Review on")
    page.locator("#x-agency").select_option("police")
    page.get_by_label("Action", exact=True).fill("Serve the Stalking Protection Order")
    page.get_by_label("Owner").fill("PC Lee")
    page.get_by_label("Due date").fill((today - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator("#plan")).to_contain_text("Overdue")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="STAC cases").click()
    overdue = page.locator("#overdue-actions")
    overdue.get_by_text("Show the overdue plan actions").click()
    expect(overdue).to_contain_text("Serve the Stalking Protection Order")
    expect(overdue.get_by_role("link", name=reference)).to_be_visible()

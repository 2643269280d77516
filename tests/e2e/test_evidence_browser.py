"""A real Chromium on the real server: an officer uploads a phone export and reads the
timeline and the course-of-conduct page; a large upload runs as a background job."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, _free_port, cli_env, run_cli

pytestmark = pytest.mark.e2e
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "evidence"


def _sign_in(page: Any, url: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("User name").fill("officer.cn")
    page.get_by_label("Password").fill("foursight-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()


def _fill(page: Any, exhibit: str, name: str) -> None:
    page.locator("#ev-file").set_input_files(str(FIXTURES / name))
    page.get_by_label("Exhibit reference").fill(exhibit)
    page.get_by_label("The victim's own numbers").fill("Alex R\n+447700900123")
    page.get_by_label("Phone locale").fill("en_GB")
    page.get_by_label("Agreement reference").fill("DPN-0001")
    page.get_by_label("Scope from").fill("2024-03-01")
    page.get_by_label("Scope to").fill("2024-03-31")
    page.get_by_role("button", name="Import").click()


def test_officer_uploads_and_sees_the_timeline(server: Server, page: Any) -> None:
    items = server.get("/reports?limit=1", "officer.cn")["items"]
    assert isinstance(items, list)
    report_id = items[0]["id"]
    _sign_in(page, server.url)
    page.goto(f"{server.url}/reports/{report_id}")
    page.get_by_role("link", name="Evidence").first.click()
    expect(page.get_by_role("heading", name="Import an export file")).to_be_visible()
    _fill(page, "E2E/1", "whatsapp-android-en_GB.txt")
    expect(page.get_by_role("heading", name="Exhibit E2E/1")).to_be_visible()
    expect(page.get_by_text("Hash chain verified")).to_be_visible()
    expect(page.locator("body")).to_contain_text(
        "bd3eb373dc939963fd22784cf4bc0e35c2ab246ae39c3a2857c7c204ab41742f"
    )
    page.get_by_role("navigation", name="Report").get_by_role("link", name="Timeline").click()
    expect(page.locator("#events")).to_contain_text("you can't ignore me forever")
    expect(page.locator("#events")).to_contain_text("You blocked this contact")
    page.get_by_label("Kind").select_option("block")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("1 event match")).to_be_visible()
    page.get_by_role("navigation", name="Report").get_by_role(
        "link", name="Course of conduct"
    ).click()
    expect(page.locator("svg.chart").first).to_be_visible()
    page.get_by_label("Counterpart identifier").fill("Sam K")
    page.get_by_label("Basis").fill("the victim names Sam K as the suspect")
    page.get_by_role("button", name="Attribute").click()
    expect(page.locator("#attribute ~ ul").first).to_contain_text("Sam K →")
    expect(page.locator("#stops")).to_contain_text("Asked to stop")


@pytest.fixture
def job_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server that imports every upload over 100 bytes in its background worker."""
    env = cli_env(tmp_path_factory.mktemp("foursight-e2e-jobs"))
    env["FOURSIGHT_EVIDENCE_INLINE_BYTES"] = "100"
    for args in (("migrate",), ("demo",)):
        result = run_cli(env, *args)
        assert result.returncode == 0, result.stderr
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "foursight", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        import time
        import urllib.request

        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/login", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield Server(url, env)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_large_upload_runs_in_the_background_worker(job_server: Server, page: Any) -> None:
    items = job_server.get("/reports?limit=1", "officer.cn")["items"]
    assert isinstance(items, list)
    report_id = items[0]["id"]
    _sign_in(page, job_server.url)
    page.goto(f"{job_server.url}/reports/{report_id}/evidence")
    _fill(page, "E2E/2", "sms-20240314093000.xml")
    expect(page.get_by_role("heading", name="Imports running in the background")).to_be_visible()
    expect(page.locator(".job").first).to_contain_text("Done", timeout=20_000)
    page.get_by_role("link", name="Open the exhibit").click()
    expect(page.get_by_role("heading", name="Exhibit E2E/2")).to_be_visible()
    expect(page.locator("body")).to_contain_text("sms_backup")

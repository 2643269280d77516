"""A real Chromium on the real server: an officer generates a case file and edits it, a
supervisor approves it, the officer issues it and downloads the PDF; the issued bundle
passes ``foursight pack verify`` and fails it, naming the exhibit, once an original changes.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, run_cli

pytestmark = pytest.mark.e2e
AXE = (Path(__file__).parent / "assets" / "axe-4.14.1.min.js").read_text(encoding="utf-8")


def _axe(page: Any) -> None:
    """No serious or critical accessibility violation on the page as it stands."""
    page.evaluate(AXE)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )
    bad = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{page.url}: {bad}"


def _login(server: Server, browser: Any, username: str) -> Any:
    page = browser.new_context().new_page()
    page.goto(f"{server.url}/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill("foursight-demo")
    page.get_by_role("button", name="Sign in").click()
    return page


def _api(server: Server, method: str, path: str, username: str) -> bytes:
    request = urllib.request.Request(
        f"{server.url}/api/v1{path}",
        method=method,
        headers={"Authorization": f"Bearer {server.token(username)}"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body: bytes = response.read()
        return body


def _report_without_file(server: Server) -> int:
    items = server.get("/reports?limit=60", "officer.cn")["items"]
    assert isinstance(items, list)
    for item in items:
        if not json.loads(_api(server, "GET", f"/reports/{item['id']}/case-files", "officer.cn")):
            return int(item["id"])
    raise AssertionError("no Central North report without a case file")


def test_generate_edit_approve_issue(server: Server, browser: Any, tmp_path: Path) -> None:
    report_id = _report_without_file(server)
    officer = _login(server, browser, "officer.cn")
    officer.goto(f"{server.url}/reports/{report_id}")
    officer.get_by_role("link", name="Case file", exact=True).first.click()
    officer.get_by_role("button", name="Generate the case file").click()
    expect(officer.locator("#case-file-status")).to_have_text("Draft")
    expect(officer.locator("#completeness")).to_contain_text("Missing")
    officer.get_by_label("Victim's statement").fill("MG11 taken on the day of the report.")
    officer.get_by_label("Effect on the victim").fill("She has changed her route to work.")
    officer.get_by_role("button", name="Save the text").click()
    expect(officer.get_by_label("Victim's statement")).to_have_value(
        "MG11 taken on the day of the report."
    )
    officer.get_by_role("button", name="Issue a new version").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text("not approved")
    expect(officer.locator("#case-file-status")).to_have_text("Draft")

    supervisor = _login(server, browser, "supervisor.cn")
    supervisor.goto(f"{server.url}/reports/{report_id}/case-file")
    supervisor.get_by_role("button", name="Approve for issue").click()
    expect(supervisor.locator("#case-file-status")).to_have_text("Approved")

    officer.goto(f"{server.url}/reports/{report_id}/case-file")
    officer.get_by_role("button", name="Issue a new version").click()
    expect(officer.locator("#case-file-status")).to_have_text("Issued")
    with officer.expect_download() as download:
        officer.locator("#history").get_by_role("link", name="PDF").first.click()
    pdf = tmp_path / "casefile.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    _axe(officer)
    officer.set_viewport_size({"width": 390, "height": 844})
    _axe(officer)
    officer.goto(f"{server.url}/reports/{report_id}")
    expect(officer.locator("#case-file-panel")).to_contain_text("Issued")


def test_demo_bundle_verifies_until_an_original_changes(server: Server, tmp_path: Path) -> None:
    counts = json.loads(_api(server, "GET", "/case-files/counts", "analyst"))
    assert counts["issued"] >= 1 and counts["versions"] >= 1
    items = server.get("/reports?limit=60", "officer.cn")["items"]
    assert isinstance(items, list)
    issued: dict[str, Any] | None = None
    for item in items:
        files = json.loads(_api(server, "GET", f"/reports/{item['id']}/case-files", "officer.cn"))
        if files and files[0]["versions"]:
            issued = files[0]
            break
    assert issued is not None
    bundle = tmp_path / "bundle.zip"
    bundle.write_bytes(
        _api(server, "GET", f"/case-files/{issued['id']}/versions/1/bundle.zip", "officer.cn")
    )
    result = run_cli(server.env, "pack", "verify", str(bundle))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "bundle verified" in result.stdout
    tampered = tmp_path / "tampered.zip"
    import zipfile

    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data + b"\n" if name == "casefile.html" else data)
    result = run_cli(server.env, "pack", "verify", str(tampered))
    assert result.returncode != 0 and "part casefile.html" in result.stderr

"""A real Chromium on the real server: an officer registers a 200 MB body-worn video,
watches the upload progress, and links the exhibit to an occasion. The server process's
peak resident memory (VmHWM) is read before and after: the file streams to disk and is
hashed on the way, so the peak may not grow by anything like the file's size."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, _free_port
from tests.e2e.test_evidence_browser import _sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SIZE = 200 * 1024 * 1024
#: How much the server's peak resident memory may grow while it takes the 200 MB file.
GROWTH_LIMIT = 60 * 1024 * 1024


def _peak_rss(pid: int) -> int:
    """The process's peak resident set size in bytes (VmHWM in /proc/PID/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


@pytest.fixture
def own_server(server: Server) -> Iterator[tuple[Server, int]]:
    """A second server process on the demo data directory, so its memory can be read."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "foursight", "serve", "--port", str(port)],
        env=server.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/login", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield Server(url, server.env), process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def _video(path: Path) -> Path:
    """A 200 MB file that starts as an MP4 does (sparse: written in a moment)."""
    with open(path, "wb") as out:
        out.write(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
        out.truncate(SIZE)
    return path


def test_register_200mb_video_with_progress_and_flat_memory(
    own_server: tuple[Server, int], page: Any, tmp_path: Path
) -> None:
    server, pid = own_server
    items = server.get("/reports?limit=1", "officer.cn")["items"]
    assert isinstance(items, list)
    report_id = items[0]["id"]
    video = _video(tmp_path / "bwv-0001.mp4")
    _sign_in(page, server.url)
    page.goto(f"{server.url}/reports/{report_id}/evidence")
    page.get_by_role("link", name="Register an exhibit").click()
    expect(page.get_by_role("heading", name="Register an exhibit")).to_be_visible()
    before = _peak_rss(pid)
    page.get_by_label("Exhibit reference").fill("ZZ/9")
    page.get_by_label("Kind").select_option("body_worn_video")
    page.get_by_label("Description").fill("Body-worn video at the victim's door")
    page.get_by_label("Produced or seized by").fill("PC Zoe Zane")
    page.get_by_label("When seized").fill("2026-02-21T09:30")
    page.get_by_label("Where seized").fill("The victim's home address")
    page.locator("#rx-file").set_input_files(str(video))
    page.get_by_role("button", name="Register").click()
    box = page.locator("#register-progress")
    expect(box).to_be_visible()
    expect(page.locator("#register-status")).to_contain_text("Uploaded", timeout=60_000)
    expect(page.get_by_role("heading", name="Exhibit ZZ/9")).to_be_visible(timeout=180_000)
    after = _peak_rss(pid)
    print(f"server peak RSS before {before / 2**20:.1f} MiB, after {after / 2**20:.1f} MiB")
    assert after - before < GROWTH_LIMIT, (before, after)
    expect(page.locator("body")).to_contain_text("Body-worn video")
    expect(page.locator("body")).to_contain_text(f"{SIZE} bytes")
    page.get_by_label("Occasion").select_option(index=1)
    page.get_by_label("What it shows").fill("the suspect at the door")
    page.get_by_role("button", name="Link").click()
    expect(page.locator("#links table")).to_contain_text("the suspect at the door")
    expect(page.locator("body")).to_contain_text("linked")


def test_refused_upload_shows_the_field_and_the_form_again(server: Server, page: Any) -> None:
    from foursight.evidence.demo_register import ASSETS

    items = server.get("/reports?limit=1", "officer.cn")["items"]
    assert isinstance(items, list)
    report_id = items[0]["id"]
    _sign_in(page, server.url)
    page.goto(f"{server.url}/reports/{report_id}/evidence/register")
    page.get_by_label("Exhibit reference").fill("YY/1")
    page.get_by_label("Kind").select_option("body_worn_video")
    page.get_by_label("Description").fill("Not really a video")
    page.get_by_label("Produced or seized by").fill("PC Yan Yu")
    page.locator("#rx-file").set_input_files(str(ASSETS / "photo-door.jpg"))
    page.get_by_role("button", name="Register").click()
    alert = page.locator(".govuk-error-summary")
    expect(alert).to_contain_text("There is a problem")
    expect(alert).to_contain_text("Kind: the file is not of the declared kind")
    expect(alert).to_contain_text("image/jpeg")
    expect(page.get_by_label("Description")).to_have_value("Not really a video")
    exhibits = server.get(f"/reports/{report_id}/exhibits", "officer.cn")
    assert isinstance(exhibits, list)
    assert "YY/1" not in {x["reference"] for x in exhibits}


def test_demo_video_plays_from_the_store(server: Server, page: Any) -> None:
    items = server.get("/reports?limit=50", "officer.cn")["items"]
    assert isinstance(items, list)
    found = None
    for item in items:
        exhibits = server.get(f"/reports/{item['id']}/exhibits", "officer.cn")
        assert isinstance(exhibits, list)
        # the demo's own clip: other tests in this session register videos of their own
        found = next(
            (
                x
                for x in exhibits
                if x["kind"] == "body_worn_video" and x["file_name"] == "bwv-placeholder.mp4"
            ),
            None,
        )
        if found is not None:
            report_id = item["id"]
            break
    assert found is not None, "the demo case has a body-worn video"
    _sign_in(page, server.url)
    page.goto(f"{server.url}/reports/{report_id}/evidence/exhibits/{found['id']}")
    expect(page.locator("body")).to_contain_text("Body-worn video")
    video = page.locator("video.exhibit-media")
    expect(video).to_be_visible()
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function(
        "() => document.querySelector('video.exhibit-media').currentTime > 0.5", timeout=20_000
    )
    page.reload()
    expect(page.locator("#links table")).to_contain_text("Occasion")
    expect(page.locator("body")).to_contain_text("played")

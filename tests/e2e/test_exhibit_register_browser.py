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
    expect(page.locator("#register-status")).to_contain_text("Sent", timeout=60_000)
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

"""`foursight serve --workers 2`: several server processes, signed-in pages, a clean stop."""

from __future__ import annotations

import http.cookiejar
import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import _free_port, cli_env, run_cli

pytestmark = pytest.mark.e2e

PASSWORD = "long-enough-pw-for-serve"


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped while starting"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within 60 s")


def test_serve_with_two_workers(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    assert run_cli(env, "migrate").returncode == 0
    created = run_cli(
        env, "user", "create", "officer.w", "--role", "officer", "--unit", "CN",
        "--password-stdin", stdin=f"{PASSWORD}\n",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "foursight", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(f"{url}/healthz", process)
        with urllib.request.urlopen(f"{url}/healthz", timeout=10) as response:
            assert json.load(response) == {"status": "ok"}
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with browser.open(f"{url}/login", timeout=10) as response:
            login = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login)
        assert token is not None
        form = {"username": "officer.w", "password": PASSWORD}
        form["csrfmiddlewaretoken"] = token.group(1)
        with browser.open(f"{url}/login", urllib.parse.urlencode(form).encode(), timeout=10):
            pass
        # several requests, so both workers are likely to serve some: each must know the session
        for _ in range(6):
            with browser.open(f"{url}/reports", timeout=10) as response:
                assert response.status == 200 and response.url == f"{url}/reports"
                assert "officer.w" in response.read().decode()
        # a body over the server's limit is refused before it is read
        oversized = urllib.request.Request(
            f"{url}/login", data=b"x", headers={"Content-Length": str(1 << 40)}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(oversized, timeout=10)
        refused.value.close()
        assert refused.value.code == 413
    finally:
        process.send_signal(signal.SIGTERM)
        _, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors.decode()
    assert b"Traceback" not in errors
    # the workers anchored the audit entries they wrote, the last ones when they stopped
    anchors = (tmp_path / "audit-anchors.log").read_text().splitlines()
    served_up_to = max(json.loads(line)["seq"] for line in anchors)
    head = run_cli(env, "audit", "anchor")
    assert head.returncode == 0, head.stderr
    assert re.search(rf"anchored entry {served_up_to} ", head.stdout), head.stdout
    verified = run_cli(env, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr

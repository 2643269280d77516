"""End-to-end fixtures: the real CLI builds a demo database and serves it with waitress."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


@dataclass
class Server:
    url: str
    env: dict[str, str]

    def token(self, username: str) -> str:
        request = urllib.request.Request(
            f"{self.url}/api/v1/auth/token",
            data=json.dumps({"username": username, "password": "foursight-demo"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return str(json.load(response)["token"])

    def get(self, path: str, username: str) -> dict[str, object]:
        request = urllib.request.Request(
            f"{self.url}/api/v1{path}", headers={"Authorization": f"Bearer {self.token(username)}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            data: dict[str, object] = json.load(response)
            return data


def cli_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["FOURSIGHT_DATA_DIR"] = str(data_dir)
    return env


def run_cli(
    env: dict[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "foursight", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    env = cli_env(tmp_path_factory.mktemp("foursight-e2e"))
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


@contextmanager
def launched_chromium(chromium_path: str) -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser), offline flags."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def browser(chromium_path: str) -> Iterator[Any]:
    with launched_chromium(chromium_path) as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Any:
    return browser.new_page()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("FOURSIGHT_CHROMIUM", "/usr/bin/chromium")
    if not Path(path).exists():
        pytest.fail(
            f"Chromium not found at {path}: install Debian's chromium or set FOURSIGHT_CHROMIUM"
        )
    return path

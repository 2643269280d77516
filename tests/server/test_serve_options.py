"""`foursight serve` options and the body limit in front of the multi-process server."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

from foursight.cli import main
from foursight.server.prefork import BodyLimit


@pytest.mark.parametrize("option", ["--workers", "--threads"])
def test_serve_refuses_fewer_than_one_process_or_thread(
    option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", option, "0"]) == 2
    assert "--workers and --threads must be at least 1" in capsys.readouterr().err


def _call(app: Callable[..., Iterable[bytes]], length: str | None) -> tuple[str, bytes]:
    environ: dict[str, Any] = {"REQUEST_METHOD": "POST", "PATH_INFO": "/login"}
    if length is not None:
        environ["CONTENT_LENGTH"] = length
    started: list[str] = []
    body = b"".join(app(environ, lambda status, headers: started.append(status)))
    return started[0], body


def test_a_body_over_the_limit_is_refused_before_the_application() -> None:
    reached: list[int] = []

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        reached.append(1)
        start_response("200 OK", [])
        return [b"ok"]

    limited = BodyLimit(application, 1000)
    status, body = _call(limited, "1001")
    assert status.startswith("413") and b"1,000 bytes" in body and not reached
    for length in ("1000", None, "", "not a number"):
        assert _call(limited, length) == ("200 OK", b"ok")
    assert len(reached) == 4

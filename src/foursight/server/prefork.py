"""Several server processes: ``foursight serve --workers N`` with N > 1.

One process runs Python on one core at a time (the interpreter lock), so one waitress
process serves at most one core's worth of pages however many threads it has. With
``--workers N`` gunicorn's master forks N worker processes (``gthread`` workers, each
with ``--threads`` threads) that share the listening socket; a worker that dies is
replaced. Each worker loads the same WSGI application after the fork (nothing is
preloaded, so no database connection or timer thread crosses a fork), turns on the
audit anchor timer, as the single-process server does, and anchors its last entries
when it stops. Request bodies larger than the server's limit are refused before they
are read, as waitress does with ``max_request_body_size``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from gunicorn.app.base import BaseApplication

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class BodyLimit:
    """Answers 413 to a request that declares a body longer than ``limit`` bytes.

    Django reads no more than ``Content-Length`` of a body (a body without one is read as
    empty), so the declared length is the whole of what can reach the application.
    """

    def __init__(self, app: WSGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.limit:
            body = f"request body larger than the server's limit of {self.limit:,} bytes\n".encode()
            start_response(
                "413 Request Entity Too Large",
                [
                    ("Content-Type", "text/plain; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Connection", "close"),
                ],
            )
            return [body]
        return self.app(environ, start_response)


def worker_application(body_limit: int) -> WSGIApp:
    """The application as one worker serves it: anchor timer on, body limit in front, and
    (``FOURSIGHT_EVIDENCE_WORKER=thread``) its evidence task worker thread started."""
    from foursight.audit.anchor import ANCHORER
    from foursight.evidence.jobs import ensure_worker
    from foursight.server.wsgi import application

    ANCHORER.enable_timer()
    ensure_worker()
    return BodyLimit(application, body_limit)


def _worker_exit(server: Any, worker: Any) -> None:
    from foursight.audit.anchor import ANCHORER

    ANCHORER.flush()


class PreforkServer(BaseApplication):  # type: ignore[misc]
    """gunicorn driven from ``foursight serve``: no gunicorn command line or config file."""

    def __init__(self, body_limit: int, options: dict[str, Any]) -> None:
        self.body_limit = body_limit
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        self.cfg.set("worker_exit", _worker_exit)

    def load(self) -> WSGIApp:
        return worker_application(self.body_limit)


def serve(host: str, port: int, workers: int, threads: int, body_limit: int) -> None:
    """Run the master until SIGINT or SIGTERM; each stops the workers gracefully."""
    PreforkServer(
        body_limit,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": threads,
            "preload_app": False,
            "proc_name": "foursight",
            # a report page can take seconds on a loaded machine; imports run in the
            # background worker, not in a request
            "timeout": 120,
            "graceful_timeout": 30,
            # one request per connection: a kept-alive connection stays with the process
            # that accepted it, so a few busy clients could load one process while another
            # idles; a new connection goes to whichever process accepts first (a free one)
            "keepalive": 0,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
        },
    ).run()

"""Load benchmark: the real server under 10 and 50 concurrent clients, pages against a floor.

Usage (it creates and loads its own data directory unless given one)::

    nice .venv/bin/python benchmarks/bench_load.py                  # fresh demo, 2 rounds
    nice .venv/bin/python benchmarks/bench_load.py --data-dir /tmp/load-demo --rounds 3
    nice .venv/bin/python benchmarks/bench_load.py --data-dir /tmp/load-demo --workers 2

The data directory gets ``foursight migrate`` and ``foursight demo`` (``--demo-size``,
small by default: about 2,000 reports) the first time, exactly as ``make run`` does;
later runs reuse it (the benchmark's own reads only add audit entries). The server is
``foursight serve`` on 127.0.0.1 and a free port, in its own process: waitress in one
process, or with ``--workers N`` gunicorn with N worker processes.

Targets, each as the signed-in demo officer ``officer.cn`` (one session and one API
token shared by the clients):

* ``healthz``: ``GET /healthz``, a trivial view with no database work: the floor;
* ``report_list``: ``GET /reports?status=open``, the first page of 25 with the count;
* ``report_page``: ``GET /reports/<id>`` over the officer's 20 newest reports in turn;
* ``api_list``: ``GET /api/v1/reports?limit=25`` with a bearer token.

Each target is driven alone by N clients (closed loop, no think time, keep-alive
connections) for ``--seconds`` or ``--max-requests``, whichever ends first, after a
short warm-up; then the next. Any status other than 200, a body without the expected
text, a timeout or a connection error is an error. Before the phases each report page is
opened once in turn ("cold": the first open after a start also scores the report's
suspects against the linked mentions). Prints per round and target p50/p95/p99 (ms),
requests/s, errors and p50/p95 as a multiple of the floor's at the same concurrency,
then the median over rounds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
OFFICER = "officer.cn"
TIMEOUT = 30.0


@dataclass
class Target:
    name: str
    paths: list[str]
    expect: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Result:
    target: str
    clients: int
    latencies: list[float]
    errors: int
    seconds: float

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    @property
    def rate(self) -> float:
        return (len(self.latencies) + self.errors) / self.seconds


def _run(cmd: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare(data_dir: Path, size: str, env: dict[str, str]) -> None:
    """``foursight migrate`` and ``foursight demo`` into ``data_dir`` unless already loaded."""
    marker = data_dir / "bench-demo-loaded"
    data_dir.mkdir(parents=True, exist_ok=True)
    foursight = [sys.executable, "-m", "foursight"]
    _run([*foursight, "migrate"], env)  # also brings a reused directory up to date
    if marker.exists():
        return
    started = time.perf_counter()
    print(_run([*foursight, "demo", "--size", size], env).splitlines()[0], flush=True)
    print(f"demo loaded in {time.perf_counter() - started:.0f} s", flush=True)
    marker.write_text(size)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


class Conn:
    """One keep-alive HTTP connection to the server, reopened after an error."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, headers: dict[str, str], body: str | None = None
    ) -> tuple[int, list[str], bytes]:
        """Status, the cookies set (``name=value``) and the body."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        cookies = [c.split(";")[0].strip() for c in response.msg.get_all("Set-Cookie") or []]
        return response.status, cookies, data


def start_server(
    env: dict[str, str], port: int, threads: int | None, workers: int, log: Path
) -> subprocess.Popen[bytes]:
    """``foursight serve`` in its own process; its output goes to ``log`` (never a full pipe)."""
    cmd = [sys.executable, "-m", "foursight", "serve", "--host", HOST, "--port", str(port)]
    cmd += ["--workers", str(workers)]
    if threads:
        cmd += ["--threads", str(threads)]
    with log.open("ab") as out:
        server = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped; see {log}")
        try:
            if Conn(port).request("GET", "/healthz", {})[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("the server did not answer /healthz within 60 s")


def sign_in(port: int, password: str) -> tuple[str, str]:
    """A session cookie from the login form and an API token, both for the officer."""
    conn = Conn(port)
    _, cookies, body = conn.request("GET", "/login", {})
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    cookie = "; ".join(cookies)
    if csrf is None or not cookie:
        sys.exit("the login page has no CSRF token")
    form = urllib.parse.urlencode(
        {"username": OFFICER, "password": password, "csrfmiddlewaretoken": csrf.group(1).decode()}
    )
    form_headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    status, cookies, _ = conn.request("POST", "/login", form_headers, form)
    session = [c for c in cookies if c.startswith("sessionid=")]
    if status != 302 or not session:
        sys.exit(f"signing in as {OFFICER} failed (HTTP {status})")
    body_json = json.dumps({"username": OFFICER, "password": password})
    status, _, data = conn.request(
        "POST", "/api/v1/auth/token", {"Content-Type": "application/json"}, body_json
    )
    if status != 200:
        sys.exit(f"no API token for {OFFICER} (HTTP {status}): {data[:200]!r}")
    return session[0], str(json.loads(data)["token"])


def targets(port: int, session: str, token: str) -> list[Target]:
    bearer = {"Authorization": f"Bearer {token}"}
    status, _, data = Conn(port).request("GET", "/api/v1/reports?limit=20", bearer)
    if status != 200:
        sys.exit(f"the report list API answered HTTP {status}")
    ids = [item["id"] for item in json.loads(data)["items"]]
    if not ids:
        sys.exit(f"{OFFICER} sees no reports: is the demo loaded?")
    page = {"Cookie": session}
    return [
        Target("healthz", ["/healthz"], b'"ok"'),
        Target("report_list", ["/reports?status=open"], b"<table", page),
        Target("report_page", [f"/reports/{i}" for i in ids], b"<h1>Report ", page),
        Target("api_list", ["/api/v1/reports?limit=25"], b'"items"', bearer),
    ]


def drive(port: int, target: Target, clients: int, seconds: float, max_requests: int) -> Result:
    """``clients`` threads each requesting the target's paths in turn until time or count ends."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    remaining = [max_requests]
    start_gate = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(offset: int) -> None:
        conn = Conn(port)
        mine: list[float] = []
        failed = 0
        n = offset
        start_gate.wait()
        while time.perf_counter() < stop_at[0]:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            path = target.paths[n % len(target.paths)]
            n += 1
            began = time.perf_counter()
            try:
                status, _, body = conn.request("GET", path, target.headers)
            except (OSError, http.client.HTTPException):
                failed += 1
                continue
            if status == 200 and target.expect in body:
                mine.append(time.perf_counter() - began)
            else:
                failed += 1
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start_gate.wait()
    for t in threads:
        t.join(seconds + TIMEOUT + 5)
    return Result(target.name, clients, latencies, errors[0], time.perf_counter() - began)


def cold_opens(port: int, target: Target) -> list[float]:
    conn, out = Conn(port), []
    for path in target.paths:
        began = time.perf_counter()
        status, _, _ = conn.request("GET", path, target.headers)
        if status == 200:
            out.append((time.perf_counter() - began) * 1000)
    return out


def print_round(results: list[Result]) -> None:
    floor = {r.clients: r for r in results if r.target == "healthz"}
    print(
        f"{'target':<12} {'clients':>7} {'requests':>8} {'errors':>6} {'req/s':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'p50 x':>6} {'p95 x':>6}"
    )
    for r in results:
        base = floor.get(r.clients)
        x50 = r.pct(0.5) / base.pct(0.5) if base else float("nan")
        x95 = r.pct(0.95) / base.pct(0.95) if base else float("nan")
        print(
            f"{r.target:<12} {r.clients:>7} {len(r.latencies):>8} {r.errors:>6} {r.rate:>7.1f} "
            f"{r.pct(0.5):>7.1f} {r.pct(0.95):>7.1f} {r.pct(0.99):>7.1f} {x50:>6.1f} {x95:>6.1f}"
        )


def print_medians(rounds: list[list[Result]]) -> None:
    print(f"\nmedian over {len(rounds)} rounds")
    print(
        f"{'target':<12} {'clients':>7} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'p50 x':>6} {'p95 x':>6}"
    )
    for i, first in enumerate(rounds[0]):
        same = [r[i] for r in rounds]
        floors = [
            next(x for x in r if x.target == "healthz" and x.clients == first.clients)
            for r in rounds
        ]

        def med(values: list[float]) -> float:
            return statistics.median(values)

        print(
            f"{first.target:<12} {first.clients:>7} {sum(r.errors for r in same):>6} "
            f"{med([r.rate for r in same]):>7.1f} {med([r.pct(0.5) for r in same]):>7.1f} "
            f"{med([r.pct(0.95) for r in same]):>7.1f} {med([r.pct(0.99) for r in same]):>7.1f} "
            f"{med([r.pct(0.5) / f.pct(0.5) for r, f in zip(same, floors, strict=True)]):>6.1f} "
            f"{med([r.pct(0.95) / f.pct(0.95) for r, f in zip(same, floors, strict=True)]):>6.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="default: a new temporary directory")
    parser.add_argument("--demo-size", choices=["small", "medium"], default="small")
    parser.add_argument("--password", default="foursight-demo", help="the demo accounts' password")
    parser.add_argument("--clients", default="10,50", help="comma-separated concurrency levels")
    parser.add_argument("--seconds", type=float, default=15.0, help="per target and level")
    parser.add_argument("--max-requests", type=int, default=5000, help="per target and level")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before each phase")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, help="threads per server process (default: foursight serve's)"
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (foursight serve --workers)"
    )
    args = parser.parse_args()
    levels = [int(x) for x in args.clients.split(",")]
    temporary = args.data_dir is None
    data_dir = (args.data_dir or Path(tempfile.mkdtemp(prefix="foursight-load-"))).resolve()
    env = {**os.environ, "FOURSIGHT_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    print(
        f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"commit {commit or '?'}, load average {os.getloadavg()[0]:.1f}, data {data_dir}"
    )
    prepare(data_dir, args.demo_size, env)
    port = free_port()
    log = data_dir / "bench-server.log"
    server = start_server(env, port, args.threads, args.workers, log)
    print(f"server: foursight serve --workers {args.workers}", flush=True)
    try:
        session, token = sign_in(port, args.password)
        plan = targets(port, session, token)
        cold = cold_opens(port, plan[2])
        print(
            f"cold report pages (first open after start, one at a time, n={len(cold)}): "
            f"p50 {statistics.median(cold):.0f} ms, max {max(cold):.0f} ms"
        )
        rounds = []
        for n in range(args.rounds):
            results = []
            for clients in levels:
                for target in plan:
                    drive(port, target, clients, args.warmup, args.max_requests)
                    results.append(drive(port, target, clients, args.seconds, args.max_requests))
            load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"\nround {n + 1} (load average 1 / 5 / 15 min at its end: {load})")
            print_round(results)
            rounds.append(results)
        print_medians(rounds)
    finally:
        server.terminate()
        try:
            server.wait(45)
        except subprocess.TimeoutExpired:
            server.kill()
        queued = log.read_text(errors="replace").count("Task queue depth")
        print(f"server log {log}: {queued} task queue warnings")
        if temporary:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

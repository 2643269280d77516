"""CPU and queries per request, one at a time, in this process: what decides throughput.

Usage (on a data directory that ``bench_load.py`` prepared; its reads add audit entries)::

    FOURSIGHT_DATA_DIR=/tmp/load-demo nice .venv/bin/python benchmarks/bench_page_cpu.py

Signs in as the demo officer ``officer.cn`` with Django's test client (no network, no
server), opens each target once to warm caches, then ``--repeat`` times, and prints the
median process CPU time (so other work on the machine does not count) and the number of
SQL queries per request. Targets as in ``bench_load.py``: ``/healthz``, the report list,
the officer's 20 newest report pages in turn and the API list.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foursight.server.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from foursight.accounts.actions import issue_token
    from foursight.accounts.models import User
    from foursight.cases.access import visible_reports

    officer = User.objects.get(username="officer.cn")
    page = Client()
    page.force_login(officer)
    api = Client(headers={"Authorization": f"Bearer {issue_token(officer)}"})
    ids = list(
        visible_reports(officer).order_by("-reported_at", "-id").values_list("pk", flat=True)[:20]
    )
    targets = {
        "healthz": (page, ["/healthz"]),
        "report_list": (page, ["/reports?status=open"]),
        "report_page": (page, [f"/reports/{i}" for i in ids]),
        "api_list": (api, ["/api/v1/reports?limit=25"]),
    }
    print(f"{'target':<12} {'queries':>7} {'CPU ms (median)':>16}")
    for name, (client, paths) in targets.items():
        for path in paths:
            assert client.get(path).status_code == 200, path
        cpu, queries = [], []
        for n in range(args.repeat):
            path = paths[n % len(paths)]
            with CaptureQueriesContext(connection) as captured:
                began = time.process_time()
                response = client.get(path)
                cpu.append((time.process_time() - began) * 1000)
            assert response.status_code == 200, path
            queries.append(len(captured.captured_queries))
        print(f"{name:<12} {statistics.median(queries):>7.0f} {statistics.median(cpu):>16.1f}")


if __name__ == "__main__":
    main()

"""Risk timings on a demo database: storing assessments, reassessment tasks, STAC pages.

Run against a copy (it writes assessments):
    FOURSIGHT_DATA_DIR=/tmp/risk-bench python benchmarks/bench_risk.py [--load-demo]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and worst wall time in milliseconds over ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--load-demo", action="store_true", help="run risk/demo_data.load first")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foursight.server.settings")
    import django

    django.setup()
    from django.test import Client

    from foursight.accounts.actions import issue_token
    from foursight.accounts.models import User
    from foursight.cases.models import Party, Report
    from foursight.core.assessment_commands import RecordAssessment
    from foursight.core.instruments import score_request
    from foursight.risk import actions, demo_data
    from foursight.risk.access import reports_with_risk
    from foursight.risk.tasks import due_tasks

    if args.load_demo:
        start = time.perf_counter()
        made = demo_data.load()
        print(f"demo_data.load: {made} in {time.perf_counter() - start:.1f} s")
    officer = User.objects.get(username="officer.cn")
    stac = User.objects.get(username="stac")
    answers = {f"q{n}": "yes" if n <= 14 else "no" for n in range(1, 28)}
    body = {
        "answers": answers,
        "context": {"occasion_dates": ["2026-01-01"], "as_of": "2026-02-01"},
    }
    med, worst = timed(lambda: score_request("dash", body), 2000)
    print(f"engine score_request dash: median {med * 1000:.0f} us")
    report = Report.objects.filter(unit__parent__code="CN", stac_referred_at__isnull=True).first()
    assert report is not None
    victim = Party.objects.get(report=report, role="victim")
    suspect = Party.objects.get(report=report, role="suspect")
    command = RecordAssessment("dash", victim.pk, suspect.pk, answers)
    med, worst = timed(lambda: actions.record_assessment(officer, report.pk, command), 50)
    print(f"record_assessment dash x50: median {med:.1f} ms, worst {worst:.1f} ms")
    for user in (officer, stac):
        reports = reports_with_risk(user)
        tasks = due_tasks(reports)
        med, worst = timed(lambda reports=reports: due_tasks(reports), 5)
        print(
            f"due_tasks {user.username}: {len(tasks)} assessed reports of {reports.count()} "
            f"visible, median {med:.0f} ms"
        )
    page = Client()
    page.force_login(stac)
    api = Client(headers={"Authorization": f"Bearer {issue_token(stac)}"})
    referred = Report.objects.filter(stac_referred_at__isnull=False).count()
    for label, fn in (
        ("GET /stac", lambda: page.get("/stac")),
        ("GET /api/v1/stac/cases", lambda: api.get("/api/v1/stac/cases")),
    ):
        med, worst = timed(fn, 5)
        print(f"{label} ({referred} referred cases): median {med:.0f} ms")
    page.force_login(officer)
    versions = Report.objects.get(pk=report.pk).assessments.count()
    med, worst = timed(lambda: page.get(f"/reports/{report.pk}/risk"), 5)
    print(f"GET /reports/{{id}}/risk ({versions} versions): median {med:.0f} ms")


if __name__ == "__main__":
    main()

"""Run in a child process on its own data directory (SQLite file): ``setup`` migrates and
makes a report with an officer (prints its reference); ``state`` prints, as JSON, what
the database holds and what the API, the timeline and the analysis show of it."""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime


def setup() -> dict[str, object]:
    from django.conf import settings
    from django.core.management import call_command

    from foursight.accounts.models import Role, Unit, User
    from foursight.cases import actions as case_actions
    from foursight.core.report_commands import CreateReport

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    officer = User.objects.create(
        username="crash", role=Role.OFFICER, unit=Unit.objects.get(code="CN-CAMDEN")
    )
    report = case_actions.create_report(
        officer,
        CreateReport.from_dict(
            {
                "unit": "CN-CAMDEN",
                "channel": "online",
                "offences": ["8Q"],
                "reported_at": datetime(2024, 1, 1, tzinfo=UTC),
            }
        ),
    )
    return {"report": report.reference}


def state() -> dict[str, object]:
    from django.test import Client

    from foursight.accounts.actions import issue_token
    from foursight.accounts.models import User
    from foursight.cases.models import Report
    from foursight.evidence.models import Exhibit, StoredEvent

    report = Report.objects.get()
    token = issue_token(User.objects.get(username="crash"))
    api = Client(headers={"Authorization": f"Bearer {token}"})
    events = api.get(f"/api/v1/reports/{report.pk}/events?limit=1").json()
    conduct = api.get(f"/api/v1/reports/{report.pk}/conduct").json()
    page = Client()
    page.force_login(User.objects.get(username="crash"))
    timeline = page.get(f"/reports/{report.pk}/timeline")
    rows = StoredEvent.all_rows.filter(report=report)
    return {
        "exhibits": list(Exhibit.objects.values_list("reference", "status", "events")),
        "rows": rows.count(),
        "distinct": rows.values("fingerprint").distinct().count(),
        "api_count": events["count"],
        "timeline_count": int(re.search(r"(\d+) events? match", timeline.text)[1]),
        "timeline_rows": timeline.text.count("<time datetime="),
        "conduct_events": conduct["events"],
    }


if __name__ == "__main__":
    from foursight.cli import django_setup

    django_setup()
    result = setup() if sys.argv[1] == "setup" else state()
    print(json.dumps(result))

"""Shared set-up for benchmarks that run the service in their own process.

:func:`fresh_service` gives a migrated database (SQLite in a new temporary data directory,
or whatever ``DATABASE_URL`` the caller has set), an officer of Central North and one empty
report, the same way for every benchmark that measures an import or a page.
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def fresh_service(prefix: str) -> tuple[Any, Any]:
    """Set up Django in this process on a fresh data directory; return (officer, report)."""
    data_dir = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["FOURSIGHT_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "foursight.server.settings"
    os.environ["FOURSIGHT_EVIDENCE_WORKER"] = "off"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from foursight.accounts.models import Role, Unit, User
    from foursight.cases import actions as case_actions
    from foursight.core.report_commands import CreateReport

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    officer = User.objects.create(
        username="bench", role=Role.OFFICER, unit=Unit.objects.get(code="CN-CAMDEN")
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
    return officer, report

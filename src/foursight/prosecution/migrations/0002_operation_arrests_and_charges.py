"""Operation arrests and charges recorded before the path become steps on it.

An arrested target's arrest (its time, offences and officer) and each charge recorded
on a target become the arrest and charge steps of the suspect on the target's report,
linked to the target, so that the path is their one record from now on.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.db import migrations


def _party(Party: Any, target: Any) -> Any:
    if target.report_id is None:
        return None
    return Party.objects.filter(
        report_id=target.report_id, person_id=target.person_id, role="suspect"
    ).first()


def forwards(apps: Any, schema_editor: Any) -> None:
    Target = apps.get_model("operations", "Target")
    Charge = apps.get_model("operations", "Charge")
    Party = apps.get_model("cases", "Party")
    Step = apps.get_model("prosecution", "Step")
    for target in Target.objects.filter(status="arrested").select_related("outcome_by"):
        party = _party(Party, target)
        if party is None or Step.objects.filter(operation_target=target, kind="arrest").exists():
            continue
        at = (target.outcome_at or target.added_at).astimezone(UTC)
        Step.objects.create(
            report_id=party.report_id,
            party=party,
            kind="arrest",
            occurred_at=at,
            occurred_on=at.date(),
            data={
                "offences": list(target.offences),
                "where": "",
                "by": target.outcome_by.username if target.outcome_by else "",
                "at": at.isoformat(),
            },
            operation_target=target,
            created_by=target.outcome_by,
        )
    for charge in Charge.objects.select_related("target", "recorded_by"):
        party = _party(Party, charge.target)
        if party is None:
            continue
        Step.objects.create(
            report_id=party.report_id,
            party=party,
            kind="charge",
            occurred_on=charge.charged_on,
            data={
                "offences": list(charge.offences),
                "authorised_by": "police",
                "note": charge.notes,
                "on": charge.charged_on.isoformat(),
            },
            operation_target=charge.target,
            created_by=charge.recorded_by,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("prosecution", "0001_initial"),
        ("operations", "0001_initial"),
        ("cases", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

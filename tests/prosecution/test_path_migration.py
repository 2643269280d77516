"""Operation arrests and charges recorded before the path become its steps, once."""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime

from django.apps import apps

from foursight.cases.models import Party
from foursight.operations.models import Charge, Operation, Target
from foursight.prosecution.models import Step
from tests.conftest import World

MIGRATION = importlib.import_module(
    "foursight.prosecution.migrations.0002_operation_arrests_and_charges"
)


def test_earlier_operation_arrests_and_charges_become_steps(world: World) -> None:
    pou = world.users["pou"]
    op = Operation.objects.create(
        name="Old", objective="x", starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 9)
    )
    # rows as the operations app wrote them before the path existed
    target = Target.objects.create(
        operation=op,
        person=world.persons["suspect_cn"],
        report=world.reports["cn"],
        status="arrested",
        outcome_at=datetime(2026, 3, 3, 6, tzinfo=UTC),
        outcome_by=pou,
        offences=["8Q", "NFS"],
    )
    Charge.objects.create(target=target, charged_on=date(2026, 3, 4), offences=["8Q"])
    MIGRATION.forwards(apps, None)
    MIGRATION.forwards(apps, None)  # each is copied once
    party = Party.objects.get(report=world.reports["cn"], role="suspect")
    steps = list(Step.objects.filter(party=party).order_by("id"))
    assert [(s.kind, s.operation_target_id) for s in steps] == [
        ("arrest", target.pk),
        ("charge", target.pk),
    ]
    assert steps[0].data["offences"] == ["8Q", "NFS"] and steps[0].created_by == pou
    assert str(steps[1].occurred_on) == "2026-03-04"

"""Demo operations: one force-wide operation run part-way, with compliance visits.

Made through the actions as the demo ``pou`` user, so the audit log shows them like any
other work. Deterministic: the same demo database gives the same operation.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from foursight.accounts.models import Unit, User
from foursight.core.operation_commands import (
    AddCharge,
    BuildTargets,
    CreateOperation,
    RecordCheck,
    UpdateTarget,
)
from foursight.operations import actions, check_actions
from foursight.operations.models import Target

WHY = "Demo data: Operation Nightjar"
ARREST_OFFENCES = (["8Q"], ["8Q", "NFS"], ["BSPO"], ["8L"], ["8R", "BRO"])


def load() -> dict[str, int]:
    """Create the demo operation, its targets and outcomes, and a few visits."""
    pou = User.objects.filter(username="pou").first()
    if pou is None:
        return {"operations": 0}
    today = timezone.localdate()
    bcus = list(
        Unit.objects.filter(kind=Unit.Kind.BCU).order_by("code").values_list("code", flat=True)
    )
    op = actions.create_operation(
        pou,
        CreateOperation(
            name="Nightjar (demo)",
            objective="Arrest or trace the outstanding stalking suspects across the force.",
            starts_on=today - timedelta(days=10),
            ends_on=today + timedelta(days=6),
            units=tuple(bcus[:4]),
        ),
        justification=WHY,
    )
    targets = actions.build_targets(
        pou, op.pk, BuildTargets("outstanding_suspects", limit=24), justification=WHY
    )
    charges = _outcomes(pou, op.pk, targets)
    _visits(pou, op.pk, targets[:6])
    return {
        "operations": 1,
        "targets": len(targets),
        "charges": charges,
        "checks": min(6, len(targets)),
    }


def _outcome(i: int, when: datetime) -> dict[str, object]:
    """The demo's i-th target outcome: most arrested, some wanted, a few eliminated."""
    if i % 4 == 0 or i % 4 == 1:
        return {"status": "arrested", "offences": ARREST_OFFENCES[i % 5], "at": when}
    if i % 8 == 2:
        reference = f"PNC-DEMO-{i:03d}"
        return {"status": "circulated_as_wanted", "circulation_reference": reference, "at": when}
    if i % 8 == 6:
        return {"status": "eliminated", "reason": "Alibi confirmed; not the suspect", "at": when}
    return {}


def _outcomes(pou: User, operation_id: int, targets: list[Target]) -> int:
    """Assign the targets to their BCU's officer and record outcomes and charges."""
    officers = {
        u.home_bcu_id: u.username for u in User.objects.filter(username__startswith="officer.")
    }
    now = timezone.now()
    charges = 0
    for i, target in enumerate(targets):
        when = now - timedelta(days=9 - i % 9, hours=i)
        data = _outcome(i, when)
        if target.bcu_id in officers:
            data["assigned_to"] = officers[target.bcu_id]
        if data:
            command = UpdateTarget.from_dict(data)
            actions.update_target(pou, operation_id, target.pk, command, justification=WHY)
        if data.get("status") == Target.Status.ARRESTED and i % 3 != 2:
            charge = AddCharge(
                charged_on=(when + timedelta(days=1)).date(),
                offences=tuple(ARREST_OFFENCES[i % 5][:1]),
            )
            actions.add_charge(pou, operation_id, target.pk, charge, justification=WHY)
            charges += 1
    return charges


def _visits(pou: User, operation_id: int, targets: list[Target]) -> None:
    """A few visits and compliance checks of the first targets."""
    now, today = timezone.now(), timezone.localdate()
    for i, target in enumerate(targets):
        check_actions.record_check(
            pou,
            RecordCheck(
                person_id=target.person_id,
                kind="visit" if i % 2 else "compliance_check",
                result=("compliant", "no_contact", "non_compliant")[i % 3],
                checked_at=now - timedelta(days=3 + i),
                next_due=today + timedelta(days=i - 2),
                notes="Demo visit at the recorded home address.",
                operation_id=operation_id,
            ),
            justification=WHY,
        )

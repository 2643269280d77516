"""Taking a target off an operation's list, with the reason, audited and kept in its history.

Adding targets stays in ``actions.py`` (``add_target``, ``build_targets``); this module
holds the removal, which the target list had no way to undo before.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.core.target_commands import RemoveTarget, check_removal
from foursight.errors import Conflict
from foursight.operations import access
from foursight.operations.models import RemovedTarget, Target

REMOVABLE = frozenset({Target.Status.OUTSTANDING, Target.Status.CIRCULATED})


def remove_target(
    actor: User,
    operation_id: int,
    target_id: int,
    command: RemoveTarget,
    *,
    justification: str = "",
) -> RemovedTarget:
    """Remove a target from an operation, keeping who, when and why in its history.

    Only those who may change the target list (``access.may_manage``) remove targets. An
    arrest or an elimination is an outcome on the suspect's path, final and counted: such
    a target is refused. The person may be added again later.
    """
    command = check_removal(command)
    target = access.target_for(
        actor, operation_id, target_id, justification=justification, audit=False
    )
    access.require_manager(actor, target.operation)
    if target.status not in REMOVABLE:
        raise Conflict(
            f"the target is {target.get_status_display().lower()}: an arrest or an "
            "elimination is final and stays on the list"
        )
    with transaction.atomic():
        removal = RemovedTarget.objects.create(
            operation_id=target.operation_id,
            person_id=target.person_id,
            bcu_id=target.bcu_id,
            assigned_to_id=target.assigned_to_id,
            source=target.source,
            status=target.status,
            target_ref=target.pk,
            added_at=target.added_at,
            reason=command.reason,
            removed_by=actor,
            removed_at=timezone.now(),
        )
        target.delete()
        record(
            actor,
            Verb.TARGET_REMOVED,
            "target",
            target_id,
            justification=justification.strip(),
            detail={
                "operation": operation_id,
                "person": removal.person_id,
                "status": removal.status,
                "reason": command.reason,
            },
        )
    return removal

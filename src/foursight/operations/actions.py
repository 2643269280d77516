"""State changes for operations: create, targets, outcomes, charges (checks: check_actions).

Each action checks the user's rights through ``access.py``, validates its input (errors
name the field and change nothing), writes in one transaction and records its audit entry
in that transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from foursight.accounts.access import check_justification
from foursight.accounts.models import Role, Unit, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.access import visible_reports
from foursight.cases.models import Party
from foursight.core.operation_commands import (
    AddCharge,
    AddTarget,
    BuildTargets,
    CreateOperation,
    UpdateTarget,
    check_charge,
    check_operation,
    check_outcome,
    check_target_list,
)
from foursight.errors import Conflict, Forbidden, InvalidInput, NotFound
from foursight.operations import access, sources
from foursight.operations.models import Operation, Target
from foursight.people.access import person_for

FINAL = {Target.Status.ARRESTED, Target.Status.ELIMINATED}


def _units(actor: User, codes: tuple[str, ...]) -> list[Unit]:
    units = []
    for index, code in enumerate(codes):
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise InvalidInput(f"units[{index}]: unknown unit {code!r}", field="units")
        if actor.role == Role.SUPERVISOR and unit.bcu_id != actor.home_bcu_id:
            raise InvalidInput(f"units[{index}]: {code!r} is outside your BCU", field="units")
        units.append(unit)
    return units


def _user(username: Any, field: str, roles: frozenset[str]) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).select_related("unit").first()
    if user is None or user.role not in roles:
        raise InvalidInput(f"{field}: no such user who can work on operations", field=field)
    return user


def create_operation(
    actor: User, command: CreateOperation, *, justification: str = ""
) -> Operation:
    """Create an operation: name, objective, start and end dates, units and lead."""
    if actor.role not in (*access.MANAGERS, Role.SUPERVISOR):
        raise Forbidden("Only the offender unit, supervisors and admins create operations.")
    command = check_operation(command)
    name = command.name
    units = _units(actor, command.units)
    lead = _user(command.lead, "lead", access.OPERATION_ROLES) or actor
    reason = check_justification(actor, None, justification)
    with transaction.atomic():
        op = Operation.objects.create(
            name=name,
            objective=command.objective,
            starts_on=command.starts_on,
            ends_on=command.ends_on,
            lead=lead,
            created_by=actor,
        )
        op.units.set(units)
        record(
            actor,
            Verb.CREATED,
            "operation",
            op.pk,
            justification=reason,
            detail={"name": name, "units": [u.code for u in units], "lead": lead.username},
        )
    return op


def _suspect_report(actor: User, person_id: int) -> Any:
    """The user's most recent visible report naming the person as suspect (for the BCU)."""
    return (
        Party.objects.filter(
            person_id=person_id, role=Party.Role.SUSPECT, report__in=visible_reports(actor)
        )
        .select_related("report__unit")
        .order_by("-report__reported_at")
        .first()
    )


def _require_suspect(actor: User, person_id: int) -> Any:
    """The person's suspect party, refused unless they are a suspect on a report the user sees.

    Operations and compliance checks name only suspects: whoever reads them (the offender
    unit force-wide) sees suspects, never victims or witnesses.
    """
    party = _suspect_report(actor, person_id)
    if party is None:
        raise InvalidInput(
            "person_id: not a suspect on a report you can see; operations and compliance "
            "checks are about suspects only",
            field="person_id",
        )
    return party


def _new_target(
    actor: User, op: Operation, person_id: int, source: str, assignee: User | None
) -> Target:
    party = _require_suspect(actor, person_id)
    report = party.report
    bcu_id = report.unit.bcu_id
    if actor.role == Role.SUPERVISOR and bcu_id != actor.home_bcu_id:
        raise InvalidInput("person_id: not a suspect on a report in your BCU", field="person_id")
    if op.targets.filter(person_id=person_id).exists():
        raise Conflict(f"person {person_id} is already a target of this operation")
    try:
        with transaction.atomic():
            return Target.objects.create(
                operation=op,
                person_id=person_id,
                report=report,
                bcu_id=bcu_id,
                source=source,
                assigned_to=assignee,
            )
    except IntegrityError as exc:
        raise Conflict(f"person {person_id} is already a target of this operation") from exc


def add_target(
    actor: User, operation_id: int, command: AddTarget, *, justification: str = ""
) -> Target:
    """Add a named person as a target (the person must be visible to the user)."""
    op = access.operation_for(actor, operation_id, justification=justification, audit=False)
    access.require_manager(actor, op)
    person_id = command.person_id
    try:
        person_for(actor, person_id, justification=justification, audit=False)
    except NotFound as exc:
        raise NotFound("person", field="person_id") from exc
    assignee = _assignee(actor, command.assigned_to)
    source = command.source
    if source not in Target.Source.values:
        raise InvalidInput(f"source: one of {', '.join(Target.Source.values)}", field="source")
    with transaction.atomic():
        target = _new_target(actor, op, person_id, source, assignee)
        record(
            actor,
            Verb.CREATED,
            "target",
            target.pk,
            justification=justification.strip(),
            detail={"operation": op.pk, "person": person_id, "source": source},
        )
    return target


def build_targets(
    actor: User, operation_id: int, command: BuildTargets, *, justification: str = ""
) -> list[Target]:
    """Add targets from a list: ``outstanding_suspects`` or ``highest_harm``, top ``limit``."""
    op = access.operation_for(actor, operation_id, justification=justification, audit=False)
    access.require_manager(actor, op)
    command = check_target_list(command)
    bcu = None
    if command.bcu:
        bcu = Unit.objects.filter(code=command.bcu, kind=Unit.Kind.BCU).first()
        if bcu is None:
            raise InvalidInput(f"bcu: unknown BCU {command.bcu!r}", field="bcu")
    person_ids = sources.candidates(
        actor, command.source, command.limit, bcu, justification=justification
    )
    existing = set(op.targets.values_list("person_id", flat=True))
    added = []
    with transaction.atomic():
        for person_id in person_ids:
            if person_id in existing:
                continue
            added.append(_new_target(actor, op, person_id, command.source, None))
        record(
            actor,
            Verb.CREATED,
            "target",
            justification=justification.strip(),
            detail={
                "operation": op.pk,
                "source": command.source,
                "added": [t.person_id for t in added],
            },
        )
    return added


def _assignee(actor: User, username: Any) -> User | None:
    user = _user(username, "assigned_to", access.OPERATION_ROLES)
    if user and actor.role == Role.SUPERVISOR and user.home_bcu_id != actor.home_bcu_id:
        raise InvalidInput("assigned_to: an officer outside your BCU", field="assigned_to")
    return user


def update_target(
    actor: User,
    operation_id: int,
    target_id: int,
    command: UpdateTarget,
    *,
    justification: str = "",
) -> Target:
    """Assign a target, or record its outcome: arrested, circulated as wanted, eliminated.

    Arrested needs ``offences`` (codes arrested for); circulated as wanted needs
    ``circulation_reference``; eliminated needs ``reason``. ``at`` defaults to now.
    A target circulated as wanted may later be arrested or eliminated; an arrest or an
    elimination is final.
    """
    target = access.target_for(
        actor, operation_id, target_id, justification=justification, audit=False
    )
    changes: dict[str, Any] = {}
    if "assigned_to" in command.sent:
        if actor.role == Role.OFFICER:
            raise Forbidden("Officers may not reassign targets.")
        assignee = _assignee(actor, command.assigned_to)
        target.assigned_to = assignee
        changes["assigned_to"] = assignee.username if assignee else None
    status = command.status
    if status is not None:
        changes.update(_outcome(actor, target, command))
    elif not changes:
        raise InvalidInput("status: give an outcome or assigned_to", field="status")
    with transaction.atomic():
        target.save()
        if status == Target.Status.ARRESTED:
            _arrest_step(actor, target, changes, justification)
        record(
            actor,
            Verb.UPDATED,
            "target",
            target.pk,
            justification=justification.strip(),
            detail={"operation": target.operation_id, **changes},
        )
    return target


def _target_suspect(actor: User, target: Target) -> tuple[Any, Party]:
    """The report and suspect party an arrest or charge of ``target`` belongs to."""
    party = None
    if target.report_id is not None:
        party = Party.objects.filter(
            report_id=target.report_id, person_id=target.person_id, role=Party.Role.SUSPECT
        ).first()
    if party is None:
        party = _require_suspect(actor, target.person_id)
    return party.report, party


def _arrest_step(actor: User, target: Target, changes: dict[str, Any], reason: str) -> None:
    """The arrest of a target is the arrest step on the suspect's path: one record."""
    from foursight.prosecution.actions import parse, write_step

    report, party = _target_suspect(actor, target)
    step = parse(
        {
            "kind": "arrest",
            "at": target.outcome_at,
            "offences": changes["offences"],
            "by": actor.username,
        }
    )
    write_step(actor, report, party, step, target=target, justification=reason)


def _outcome(actor: User, target: Target, command: UpdateTarget) -> dict[str, Any]:
    finals = [s for s in Target.Status.values if s != Target.Status.OUTSTANDING]
    if command.status not in finals:
        raise InvalidInput(f"status: one of {', '.join(finals)}", field="status")
    status = command.status
    if target.status in FINAL:
        raise Conflict(f"target already {target.status}: an arrest or elimination is final")
    if target.status == status:
        raise Conflict(f"target already {status}")
    outcome = check_outcome(command, finals=finals, now=timezone.now())
    when = outcome.at
    target.offences = []  # stored on the arrest step
    target.circulation_reference = outcome.circulation_reference
    target.elimination_reason = outcome.elimination_reason
    target.status, target.outcome_at, target.outcome_by = status, when, actor
    target.notes = outcome.notes or target.notes
    return {
        "status": status,
        "at": when.isoformat(),
        "offences": list(outcome.offences),
        "circulation_reference": target.circulation_reference,
    }


def add_charge(
    actor: User, operation_id: int, target_id: int, command: AddCharge, *, justification: str = ""
) -> Any:
    """Record a charge that followed an arrested target's arrest.

    The charge is the charge step on the suspect's path (linked to the target), so the
    report's outcome follows from it and it is counted once wherever it is shown.
    """
    from foursight.prosecution.actions import parse, write_step

    target = access.target_for(
        actor, operation_id, target_id, justification=justification, audit=False
    )
    if target.status != Target.Status.ARRESTED:
        raise Conflict("a charge follows an arrest: record the arrest first")
    arrested_on = target.outcome_at.date() if target.outcome_at else None
    charge_command = check_charge(command, today=timezone.localdate(), arrested_on=arrested_on)
    charged_on, offences = charge_command.charged_on, list(charge_command.offences)
    step = parse(
        {
            "kind": "charge",
            "on": charged_on,
            "offences": offences,
            "authorised_by": charge_command.authorised_by,
            "note": charge_command.notes,
        }
    )
    with transaction.atomic():
        report, party = _target_suspect(actor, target)
        charge = write_step(actor, report, party, step, target=target, justification=justification)
        record(
            actor,
            Verb.UPDATED,
            "target",
            target.pk,
            justification=justification.strip(),
            detail={"charge_step": charge.pk, "charged_on": charged_on, "offences": offences},
        )
    return charge

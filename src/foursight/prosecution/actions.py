"""State changes on a suspect's path: record a step, with what it sets off.

:func:`record_step` is the one way a step is written, from the API, the pages, the CLI,
the demo and the operations app (an arrest or charge of an operation's target is the
same step, linked to the target). In one transaction it checks the step's fields and its
place on the path (:mod:`foursight.core.path`, :mod:`foursight.core.path_rules`), stores
it with its bail conditions, creates the orders made at sentence or on acquittal through
the orders app, sets the report's Home Office outcome through the cases app when the path
decides it, raises the risk review a release from custody needs, and records its audit
entry. A refused step raises :class:`InvalidInput` naming the field and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Party, Report
from foursight.core import reference
from foursight.core.path import ParsedStep, parse_step
from foursight.core.path_rules import PriorStep, check_order, derive_outcome
from foursight.errors import InvalidInput
from foursight.prosecution.access import require_path_writer, suspect_for
from foursight.prosecution.models import BailCondition, Step, path_order

RELEASE_REVIEW_NOTE = (
    "Release from custody of a suspect on this report on {on}: review the victim's risk "
    "and safety plan before the release (STAC and offender unit)."
)


@dataclass(frozen=True)
class RecordStep:
    """Add a step to suspect ``party_id`` of report ``report_id``.

    ``fields`` holds ``kind`` and the kind's fields as sent (strings or dates), for example
    ``{"kind": "charge", "on": "2026-03-02", "offences": ["8Q"], "authorised_by": "cps"}``.
    """

    report_id: int
    party_id: int
    fields: Mapping[str, Any] = field(default_factory=dict)
    justification: str = ""


def order_kinds() -> dict[str, str]:
    from foursight.orders.models import OrderKind

    return {k.value: str(k.label) for k in OrderKind}


def parse(fields: Mapping[str, Any]) -> ParsedStep:
    """Check a step's fields against the reference lists (no database rows needed)."""
    return parse_step(
        fields,
        offences=reference.code_names(reference.offences()),
        order_kinds=order_kinds(),
        outcomes=reference.code_names(reference.outcomes()),
        withdrawal_reasons=reference.code_names(reference.withdrawal_reasons()),
    )


def prior_steps(party: Party) -> list[PriorStep]:
    return [
        PriorStep(s.kind, s.occurred_on, s.data)
        for s in Step.objects.filter(party=party).order_by(*path_order())
    ]


def record_step(actor: User, command: RecordStep) -> Step:
    """Record one step on a suspect's path (see the module docstring)."""
    require_path_writer(actor)
    parsed = parse(command.fields)
    with transaction.atomic():
        report, party = suspect_for(
            actor,
            command.report_id,
            command.party_id,
            justification=command.justification,
            audit=False,
        )
        return write_step(actor, report, party, parsed, justification=command.justification)


def write_step(
    actor: User,
    report: Report,
    party: Party,
    parsed: ParsedStep,
    *,
    target: Any = None,
    justification: str = "",
) -> Step:
    """Store a step whose suspect the caller's gatekeeper has already given the user.

    The operations app calls this with the operation's ``target`` after its own
    gatekeeper: the arrest or charge of a target is this step and no other record.
    """
    with transaction.atomic():
        Party.objects.select_for_update().filter(pk=party.pk).first()  # one step at a time
        check_order(
            parsed,
            prior_steps(party),
            reported_on=report.reported_at.date(),
            today=timezone.localdate(),
        )
        step = Step.objects.create(
            report=report,
            party=party,
            kind=parsed.kind,
            occurred_at=parsed.at,
            occurred_on=parsed.on,
            data=parsed.data,
            operation_target=target,
            created_by=actor,
        )
        BailCondition.objects.bulk_create(
            [
                BailCondition(step=step, kind=c.kind, text=c.text, ends_on=c.ends_on)
                for c in parsed.conditions
            ]
        )
        made = _make_orders(actor, report, party, step, parsed, justification)
        if made:
            step.data = {**step.data, "order_ids": made}
            step.save(update_fields=["data"])
        review = _release_review(report, party, parsed.on) if parsed.kind == "release" else None
        if review is not None:
            step.data = {**step.data, "review_id": review}
            step.save(update_fields=["data"])
        record(
            actor,
            Verb.STEP_RECORDED,
            "path_step",
            step.pk,
            justification=justification.strip(),
            detail={
                "report": report.pk,
                "party": party.pk,
                "kind": parsed.kind,
                "on": parsed.on,
                "operation_target": getattr(target, "pk", None),
                "orders": made,
                "review": review,
            },
        )
        _follow_outcome(actor, report, justification)
    return step


def _court(party: Party, parsed: ParsedStep) -> str:
    court = str(parsed.data.get("court") or "")
    if court:
        return court
    hearing = (
        Step.objects.filter(party=party, kind="hearing").order_by("-occurred_on", "-id").first()
    )
    return str(hearing.data.get("court") or "") if hearing is not None else ""


def _make_orders(
    actor: User, report: Report, party: Party, step: Step, parsed: ParsedStep, justification: str
) -> list[int]:
    """Create each order made at sentence or on acquittal in the orders app."""
    if not parsed.orders:
        return []
    from foursight.core.order_commands import CreateOrder
    from foursight.orders.actions import create_order

    victims = list(
        report.parties.filter(role=Party.Role.VICTIM).values_list("person_id", flat=True)
    )
    if not victims:
        raise InvalidInput(
            "orders: the report names no victim for the order to protect", field="orders"
        )
    court = _court(party, parsed)
    if not court:
        raise InvalidInput("court: name the court that made the order", field="court")
    made = []
    for index, order in enumerate(parsed.orders):
        try:
            created = create_order(
                actor,
                CreateOrder(
                    kind=order.kind,
                    subject_id=party.person_id,
                    protected_ids=tuple(dict.fromkeys(victims)),
                    report_id=report.pk,
                    court=court,
                    made_on=order.starts_on,
                    expires_on=order.ends_on,
                    until_further_order=order.ends_on is None,
                    notes=f"Made at the {step.get_kind_display().lower()} on {step.occurred_on}",
                ),
                justification=justification,
            )
        except InvalidInput as exc:
            name = f"orders[{index}].{exc.field}" if exc.field else f"orders[{index}]"
            raise InvalidInput(f"orders[{index}]: {exc.message}", field=name) from exc
        made.append(created.pk)
    return made


def _release_review(report: Report, party: Party, on: date) -> int:
    """Raise the risk review a release from custody needs (risk app), due by the release."""
    from foursight.risk.actions import request_reassessment

    today = timezone.localdate()
    task = request_reassessment(
        None,  # the path's gatekeeper has checked the user; the risk app records the task
        report.pk,
        "requested",
        note=RELEASE_REVIEW_NOTE.format(on=on.isoformat()),
        due_on=max(on, today),
    )
    return task.pk


def _follow_outcome(actor: User, report: Report, justification: str) -> None:
    """Set the report's outcome when its paths decide one that differs from the stored one."""
    from foursight.cases.outcome_actions import set_outcome_from_path

    steps = [
        PriorStep(s.kind, s.occurred_on, s.data)
        for s in Step.objects.filter(report=report).order_by(*path_order())
    ]
    derived = derive_outcome(steps, reference.code_names(reference.offences()))
    if derived is not None:
        set_outcome_from_path(actor, report, derived, justification=justification)

"""State changes for reports: create, update, parties, occasions, referrals (the outcome:
``outcome_actions``).

Each action takes a typed command (``foursight.core.report_commands``), checks it with the
command's rules, then the units, users and persons it names, writes in one transaction and
records its audit entry in that transaction; invalid input raises ``InvalidInput`` naming
the field and changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from foursight.accounts.access import may_write, require_writer
from foursight.accounts.models import Role, Unit, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb, changes, snapshot
from foursight.cases.access import could_open, report_for
from foursight.cases.models import (
    AdvocateAssignment,
    Occasion,
    Offence,
    Party,
    Report,
    StacDecision,
)
from foursight.core.report_commands import (
    REPORT_FLAGS,
    AddOccasion,
    AddParty,
    AssignAdvocate,
    CreateReport,
    UpdateReport,
    changed_fields,
    check_advocate,
    check_aware,
    check_occasion,
    check_party,
    check_report,
    check_report_update,
)
from foursight.errors import InvalidInput, NotFound
from foursight.people.access import person_for


def _unit_for(actor: User, code: str) -> Unit:
    unit = (
        Unit.objects.filter(code=code)
        .exclude(kind=Unit.Kind.FORCE)
        .select_related("parent")
        .first()
    )
    if unit is None:
        raise InvalidInput(f"unit: unknown unit {code!r} (use a borough or BCU code)", field="unit")
    if actor.role in (Role.OFFICER, Role.SUPERVISOR) and unit.bcu_id != actor.home_bcu_id:
        raise InvalidInput(f"unit: {code!r} is outside your BCU", field="unit")
    return unit


def _set_offences(report: Report, codes: list[str]) -> None:
    """Make the report's offences ``codes`` (checked by the command's rules)."""
    report.offences.exclude(code__in=codes).delete()
    existing = set(report.offences.values_list("code", flat=True))
    Offence.objects.bulk_create(
        [Offence(report=report, code=c) for c in codes if c not in existing]
    )


def _next_reference(unit: Unit, when: datetime) -> str:
    bcu = unit if unit.kind == Unit.Kind.BCU else unit.parent
    assert bcu is not None
    Unit.objects.select_for_update().filter(pk=bcu.pk).first()  # serialise numbering per BCU
    prefix = f"{bcu.code}-{when:%y}-"
    last = Report.objects.filter(reference__startswith=prefix).order_by("-reference").first()
    number = int(last.reference.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:06d}"


def _officer(username: str | None) -> User | None:
    if not username:
        return None
    officer = User.objects.filter(username=username, is_active=True).first()
    if officer is None:
        raise InvalidInput(
            f"allocated_officer: no active user {username!r}", field="allocated_officer"
        )
    return officer


def _allocate(report: Report, officer: User | None) -> None:
    """Allocate ``report`` to ``officer``, who must be able to open it and work on it.

    The allocated officer investigates the report: someone the report's gatekeeper would
    refuse (an analyst, an advocate, another BCU's officer) or whose role may not change
    reports would hold a case they cannot read or act on.
    """
    if officer is not None:
        bcu = report.unit if report.unit.kind == Unit.Kind.BCU else report.unit.parent
        where = f"an officer or supervisor of {bcu.name if bcu else report.unit.name}"
        if not could_open(officer, report):
            raise InvalidInput(
                f"allocated_officer: {officer.username} cannot open this report "
                f"(their role or unit gives them no access to it); allocate it to {where}",
                field="allocated_officer",
            )
        if not may_write(officer):
            raise InvalidInput(
                f"allocated_officer: {officer.username} ({officer.get_role_display()}) "
                f"may read this report but not work on it; allocate it to {where}",
                field="allocated_officer",
            )
    report.allocated_officer = officer


def create_report(actor: User, command: CreateReport, *, justification: str = "") -> Report:
    """Record a report with its offences, victims, suspects and occasions."""
    require_writer(actor)
    with transaction.atomic():
        unit = _unit_for(actor, command.unit)
        command = check_report(command, now=timezone.now())
        assert command.reported_at is not None
        report = Report.objects.create(
            reference=_next_reference(unit, command.reported_at),
            unit=unit,
            reported_at=command.reported_at,
            channel=command.channel,
            status=command.status,
            summary=command.summary,
            domestic_abuse=command.domestic_abuse,
            cyber_element=command.cyber_element,
        )
        _allocate(report, _officer(command.allocated_officer) or actor)
        report.save(update_fields=["allocated_officer"])
        _set_offences(report, list(command.offences))
        record(actor, Verb.CREATED, "report", report.pk, detail={"reference": report.reference})
        for index, victim in enumerate(command.victims):
            _add_party(actor, report, victim, f"victims[{index}]", justification)
        for index, suspect in enumerate(command.suspects):
            _add_party(actor, report, suspect, f"suspects[{index}]", justification)
        for occasion in command.occasions:
            _add_occasion(actor, report, occasion)
    return report


def receive_online_report(unit: Unit, summary: str, received_at: datetime) -> Report:
    """Record a report made by a member of the public on the online form.

    No user makes it: it has channel ``online``, status ``awaiting_triage`` and no
    officer until one triages it (then :func:`update_report` opens it).
    """
    if unit.kind == Unit.Kind.FORCE:
        raise InvalidInput("unit: route an online report to a borough or BCU", field="unit")
    with transaction.atomic():
        report = Report.objects.create(
            reference=_next_reference(unit, received_at),
            unit=unit,
            reported_at=check_aware(received_at, "reported_at"),
            channel="online",
            status="awaiting_triage",
            summary=summary,
            allocated_officer=None,
        )
        record(
            None,
            Verb.CREATED,
            "report",
            report.pk,
            detail={"reference": report.reference, "channel": "online"},
        )
    return report


REPORT_FIELDS = (
    "summary",
    "status",
    "channel",
    "allocated_officer_id",
    "review_due",
    *REPORT_FLAGS,
)


def update_report(
    actor: User, report_id: int, command: UpdateReport, *, justification: str = ""
) -> Report:
    """Change the fields the command sent; the audit entry keeps their old and new values."""
    require_writer(actor)
    command = check_report_update(command)
    with transaction.atomic():
        report = report_for(actor, report_id, justification=justification, audit=False)
        before = snapshot(report, REPORT_FIELDS)
        offences_before = sorted(report.offences.values_list("code", flat=True))
        for name in ("summary", "status", "channel", "review_due", *REPORT_FLAGS):
            if name in command.fields:
                setattr(report, name, getattr(command, name))
        if "allocated_officer" in command.fields:
            _allocate(report, _officer(command.allocated_officer))
        report.save()
        if command.offences is not None:
            _set_offences(report, list(command.offences))
        diff = changes(before, snapshot(report, REPORT_FIELDS))
        offences_after = sorted(report.offences.values_list("code", flat=True))
        if offences_after != offences_before:
            diff["offences"] = [offences_before, offences_after]
        record(
            actor,
            Verb.UPDATED,
            "report",
            report.pk,
            justification=justification,
            detail={"fields": changed_fields(command), "changes": diff},
        )
    return report


def _add_party(
    actor: User, report: Report, party: AddParty, field: str, justification: str = ""
) -> Party:
    """Add a checked party (:func:`check_party`) to the report."""
    try:
        person = person_for(actor, party.person_id, justification=justification, audit=False)
    except NotFound as exc:
        raise InvalidInput(
            f"{field}.person_id: no such person, or not visible to you", field=field
        ) from exc
    if report.parties.filter(person=person, role=party.role).exists():
        raise InvalidInput(
            f"{field}: this person is already a {party.role} on the report", field=field
        )
    created = Party.objects.create(
        report=report, person=person, role=party.role, relationship=party.relationship
    )
    record(
        actor, Verb.LINKED, "report", report.pk, detail={"person": person.pk, "role": party.role}
    )
    return created


def add_party(actor: User, report_id: int, command: AddParty, *, justification: str = "") -> Party:
    """Add a victim, suspect or witness (``command.role``) to a report."""
    require_writer(actor)
    command = check_party(command)
    with transaction.atomic():
        report = report_for(actor, report_id, justification=justification, audit=False)
        return _add_party(actor, report, command, "party", justification)


def _add_occasion(actor: User, report: Report, occasion: AddOccasion) -> Occasion:
    """Add a checked occasion (:func:`check_occasion`) to the report."""
    created = Occasion.objects.create(
        report=report,
        started_at=occasion.started_at,
        ended_at=occasion.ended_at,
        behaviours=list(occasion.behaviours),
        location=occasion.location,
        description=occasion.description,
        source=occasion.source,
    )
    record(actor, Verb.CREATED, "occasion", created.pk, detail={"report": report.pk})
    return created


def add_occasion(
    actor: User, report_id: int, command: AddOccasion, *, justification: str = ""
) -> Occasion:
    """Add an occasion of the conduct to a report."""
    require_writer(actor)
    command = check_occasion(command)
    with transaction.atomic():
        report = report_for(actor, report_id, justification=justification, audit=False)
        return _add_occasion(actor, report, command)


STAC_FIELDS = (
    "stac_referred_at",
    "stac_reason",
    "stac_referred_by",
    "stac_decision",
    "stac_decision_reason",
    "stac_decided_by",
    "stac_decided_at",
)


def refer_to_stac(actor: User, report_id: int, reason: str, *, justification: str = "") -> Report:
    """Refer a report to the Stalking Threat Assessment Centre, which then sees it force-wide.

    The reason is kept on the report for the STAC to read. Referring again while the
    referral waits or was accepted changes nothing but the log; after a decline it is a
    new referral with the new reason.
    """
    require_writer(actor)
    if len(reason.strip()) < 5:
        raise InvalidInput(
            "reason: say why the case is referred (at least 5 characters)", field="reason"
        )
    with transaction.atomic():
        report = report_for(actor, report_id, justification=justification, audit=False)
        if report.stac_referred_at is None or report.stac_decision == StacDecision.DECLINED:
            # a first referral, or a new one after a decline: it waits for a new decision
            report.stac_referred_at = timezone.now()
            report.stac_reason = reason.strip()
            report.stac_referred_by = actor
            report.stac_decision = ""
            report.stac_decision_reason = ""
            report.stac_decided_by = None
            report.stac_decided_at = None
            report.save(update_fields=[*STAC_FIELDS, "updated_at"])
        record(actor, Verb.UPDATED, "report", report.pk, detail={"stac_referral": reason.strip()})
    return report


def assign_advocate(
    actor: User, report_id: int, command: AssignAdvocate, *, justification: str = ""
) -> AdvocateAssignment:
    """Refer a victim, with their consent, to a victim advocate."""
    require_writer(actor)
    command = check_advocate(command)
    advocate = User.objects.filter(
        username=command.advocate, role=Role.ADVOCATE, is_active=True
    ).first()
    if advocate is None:
        raise InvalidInput("advocate: no active advocate with that user name", field="advocate")
    with transaction.atomic():
        report = report_for(actor, report_id, justification=justification, audit=False)
        party = report.parties.filter(pk=command.party_id, role=Party.Role.VICTIM).first()
        if party is None:
            raise InvalidInput("party_id: not a victim on this report", field="party_id")
        assignment, _ = AdvocateAssignment.objects.get_or_create(
            party=party,
            advocate=advocate,
            defaults={"consent_reference": command.consent_reference},
        )
        record(
            actor,
            Verb.LINKED,
            "report",
            report.pk,
            detail={"advocate": advocate.username, "party": party.pk},
        )
    return assignment

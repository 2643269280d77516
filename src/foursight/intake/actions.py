"""State changes for what the public sends: online reports and anonymous information,
and an officer's triage of them (accept a report, grade, sanitise and link information).

Changes to reports and persons go through the cases and people actions. Anonymous
information is written with no reporter, no contact detail, no address and no browser
details: its audit entry names the item only.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from foursight.accounts.access import require_writer
from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases import actions as case_actions
from foursight.cases.models import Report
from foursight.core.person_commands import CreatePerson, NewIdentifier
from foursight.core.report_commands import AddParty, UpdateReport
from foursight.errors import Conflict, InvalidInput, NotFound
from foursight.intake import clean, throttle
from foursight.intake.access import information_for, online_report_for
from foursight.intake.commands import (
    GradeInformation,
    SubmitInformation,
    SubmitOnlineReport,
    check_grading,
)
from foursight.intake.models import IntelligenceItem, OnlineReport, TriageStatus
from foursight.intake.routing import route
from foursight.people import actions as people_actions
from foursight.people.access import person_for


def submit_online_report(command: SubmitOnlineReport, *, caller: str) -> OnlineReport:
    """A member of the public reports stalking: route by postcode, create the report.

    ``caller`` is the throttle key (an unlinkable hash, see :mod:`throttle`), never stored.
    The report waits for triage in its BCU with channel ``online``; the answers are kept
    here until an officer accepts them into the report's persons.
    """
    what = command.what_happened
    place = route(command.postcode, command.borough)
    throttle.hit("report", caller, settings.INTAKE_REPORT_LIMIT)
    now = timezone.now()
    with transaction.atomic():
        report = case_actions.receive_online_report(place.unit, what[:2000], now)
        online = OnlineReport.objects.create(
            report=report,
            received_at=now,
            postcode=place.postcode,
            borough=place.borough,
            what_happened=what,
            started=command.started,
            suspect=dict(command.suspect),
            reporter=dict(command.reporter),
            safe_contact=command.safe_contact,
        )
        record(
            None,
            Verb.CREATED,
            "online_report",
            online.pk,
            detail={"report": report.pk, "borough": place.borough},
        )
    return online


def _next_intelligence_reference(when: datetime) -> str:
    prefix = f"INT-{when:%y}-"
    last = (
        IntelligenceItem.objects.select_for_update()
        .filter(reference__startswith=prefix)
        .order_by("-reference")
        .first()
    )
    number = int(last.reference.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:06d}"


def submit_information(command: SubmitInformation) -> IntelligenceItem:
    """Anonymous information about a person: stored with nothing about who gave it.

    Counted against one limit for everyone (no address is used); the audit entry is the
    system's, naming the item only.
    """
    routed = route(command.postcode) if command.postcode else None
    throttle.hit("information", "everyone", settings.INTAKE_INFORMATION_LIMIT)
    now = timezone.now()
    with transaction.atomic():
        item = IntelligenceItem.objects.create(
            reference=_next_intelligence_reference(now),
            unit=routed.unit if routed else None,
            received_at=now,
            about_name=command.about_name,
            identifiers=[dict(i) for i in command.identifiers],
            place=command.where,
            postcode=routed.postcode if routed else "",
            borough=routed.borough if routed else "",
            what=command.what,
        )
        record(None, Verb.CREATED, "intelligence", item.pk, detail={"reference": item.reference})
    return item


def _new_person(name: str, identifiers: list[dict[str, str]]) -> CreatePerson:
    """A person from the name and identifiers the public gave (``"Ann Marie Lee"``:
    first names ``Ann Marie``, surname ``Lee``)."""
    parts = name.split()
    first, surname = (" ".join(parts[:-1]), parts[-1]) if len(parts) >= 2 else (name, "")
    return CreatePerson(
        first_names=first,
        surname=surname,
        identifiers=tuple(
            NewIdentifier.from_dict(i) for i in identifiers if i["kind"] in clean.KINDS
        ),
    )


def accept_online_report(actor: User, online_id: int, *, justification: str = "") -> Report:
    """Take an online report on: its victim and suspect become persons on the report,
    which opens allocated to the officer who accepted it."""
    require_writer(actor)
    with transaction.atomic():
        online = online_report_for(actor, online_id)
        if online.status != TriageStatus.NEW:
            raise Conflict("This online report has already been triaged.")
        reporter = online.reporter
        victim_ids = [
            {"kind": k, "value": reporter[k]} for k in ("phone", "email") if k in reporter
        ]
        if reporter.get("address"):
            victim_ids.append({"kind": "address", "value": reporter["address"]})
        victim = people_actions.create_person(
            actor, _new_person(reporter.get("name", ""), victim_ids)
        )
        case_actions.add_party(
            actor, online.report_id, AddParty(victim.pk, "victim"), justification=justification
        )
        suspect = online.suspect
        if suspect.get("name") or suspect.get("identifiers"):
            person = people_actions.create_person(
                actor, _new_person(suspect.get("name", ""), suspect.get("identifiers", []))
            )
            relationship = suspect.get("relationship", "unknown")
            case_actions.add_party(
                actor,
                online.report_id,
                AddParty(person.pk, "suspect", relationship),
                justification=justification,
            )
        opened = UpdateReport.from_dict({"status": "open", "allocated_officer": actor.username})
        case_actions.update_report(actor, online.report_id, opened, justification=justification)
        online.status, online.reviewed_by, online.reviewed_at = (
            TriageStatus.ACCEPTED,
            actor,
            timezone.now(),
        )
        online.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        record(actor, Verb.UPDATED, "online_report", online.pk, detail={"status": "accepted"})
    return online.report


def grade_information(actor: User, item_id: int, command: GradeInformation) -> IntelligenceItem:
    """Grade an item with 3x5x2 and write its sanitised wording (the version to share)."""
    require_writer(actor)
    graded = check_grading(command)
    with transaction.atomic():
        item = information_for(actor, item_id)
        item.source_evaluation = graded.source_evaluation
        item.assessment, item.handling = graded.assessment, graded.handling
        item.handling_conditions = graded.handling_conditions
        item.sanitised = graded.sanitised
        item.graded_by, item.graded_at = actor, timezone.now()
        if item.status == TriageStatus.NEW:
            item.status = TriageStatus.ACCEPTED
        item.save()
        record(actor, Verb.UPDATED, "intelligence", item.pk, detail={"grading": item.grading})
    return item


def link_information(
    actor: User, item_id: int, person_id: int, *, justification: str = ""
) -> IntelligenceItem:
    """Link a graded item to the person it is about."""
    require_writer(actor)
    with transaction.atomic():
        item = information_for(actor, item_id)
        if not item.grading:
            raise InvalidInput(
                "source_evaluation: grade the item (3x5x2) before linking it to a person",
                field="source_evaluation",
            )
        try:
            person = person_for(actor, person_id, justification=justification, audit=False)
        except NotFound as exc:
            raise InvalidInput(
                "person_id: no such person, or not visible to you", field="person_id"
            ) from exc
        item.person = person
        item.save(update_fields=["person"])
        record(actor, Verb.LINKED, "intelligence", item.pk, detail={"person": person.pk})
    return item


def close_information(actor: User, item_id: int, reason: str) -> IntelligenceItem:
    """No further action: the item leaves the queue with the reason recorded."""
    require_writer(actor)
    if len(reason.strip()) < 5:
        raise InvalidInput("reason: say why (at least 5 characters)", field="reason")
    with transaction.atomic():
        item = information_for(actor, item_id)
        item.status = TriageStatus.CLOSED
        item.save(update_fields=["status"])
        record(actor, Verb.UPDATED, "intelligence", item.pk, detail={"closed": reason.strip()})
    return item

"""The victim's side: private links with passcodes, sessions, the diary and uploads.

A link is a random token (only its SHA-256 is stored) and an 8-digit passcode given
separately (stored as a password hash). Wrong passcodes lock the link after
``VICTIM_PASSCODE_TRIES`` (answered 429); every use and every failure is audited under
the link's name, never the victim's. A diary entry reaches the officer as a proposal:
it becomes an occasion of the report only when an officer accepts it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from foursight.accounts.access import require_writer
from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases import actions as case_actions
from foursight.cases.access import report_for
from foursight.core.report_commands import AddOccasion
from foursight.errors import Conflict, NotAuthenticated, NotFound, Throttled
from foursight.intake import throttle
from foursight.intake.access import diary_entry_for
from foursight.intake.commands import (
    AcceptDiaryEntry,
    AddDiaryEntry,
    QueryDiaryEntry,
    check_diary_entry,
)
from foursight.intake.models import DiaryEntry, TriageStatus, VictimAccess, VictimSession

PASSCODE_DIGITS = 8
#: Unknown link tokens from one caller per hour before 429 (guessing links, not passcodes).
UNKNOWN_LINK_TRIES = 20


@dataclass(frozen=True)
class VictimActor:
    """How a victim appears in the audit log: by their link, never by name."""

    link_id: int

    @property
    def pk(self) -> None:
        return None

    @property
    def username(self) -> str:
        return f"victim-link-{self.link_id}"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_access(
    actor: User, report_id: int, *, justification: str = ""
) -> tuple[VictimAccess, str, str]:
    """A new link for the report's victim: ``(access, token, passcode)``; shown once."""
    require_writer(actor)
    token = secrets.token_urlsafe(32)
    passcode = "".join(secrets.choice("0123456789") for _ in range(PASSCODE_DIGITS))
    now = timezone.now()
    with transaction.atomic():
        report = report_for(actor, report_id, justification=justification, audit=False)
        access = VictimAccess.objects.create(
            report=report,
            token_digest=digest(token),
            passcode_hash=make_password(passcode),
            created_by=actor,
            created_at=now,
            expires_at=now + timedelta(days=settings.VICTIM_LINK_DAYS),
        )
        record(
            actor,
            Verb.ACCESS_GRANTED,
            "victim_access",
            access.pk,
            justification=justification,
            detail={"report": report.pk, "expires_at": access.expires_at.isoformat()},
        )
    return access, token, passcode


def revoke_access(actor: User, access_id: int, *, justification: str = "") -> VictimAccess:
    """Withdraw a link: it and every session opened with it stop working at once."""
    require_writer(actor)
    with transaction.atomic():
        access = VictimAccess.objects.filter(pk=access_id).first()
        if access is None:
            raise NotFound("victim link")
        report_for(actor, access.report_id, justification=justification, audit=False)
        if access.revoked_at is None:
            access.revoked_at = timezone.now()
            access.save(update_fields=["revoked_at"])
            access.sessions.all().delete()
        record(actor, Verb.UPDATED, "victim_access", access.pk, detail={"revoked": True})
    return access


def _usable(access: VictimAccess, now: datetime) -> None:
    if access.revoked_at is not None or access.expires_at <= now:
        raise NotAuthenticated(
            "token: this link has expired or been withdrawn. Ask your officer for a new one."
        )


def open_session(token: str, passcode: str, *, caller: str) -> tuple[VictimSession, str]:
    """Check a link and its passcode; returns the session and its bearer token."""
    now = timezone.now()
    access = VictimAccess.objects.filter(token_digest=digest(token or "")).first()
    if access is None:
        throttle.hit("victim-link", caller, UNKNOWN_LINK_TRIES)
        raise NotFound("link")
    actor = VictimActor(access.pk)
    if access.locked_until is not None and access.locked_until > now:
        record(actor, Verb.SIGN_IN_FAILED, "victim_access", access.pk, detail={"locked": True})
        raise Throttled(
            "passcode: too many wrong passcodes. Try again later, or ask your officer for a "
            "new link."
        )
    _usable(access, now)
    code = "".join((passcode or "").split())
    if not check_password(code, access.passcode_hash):
        with transaction.atomic():
            access.failures += 1
            locked = access.failures >= settings.VICTIM_PASSCODE_TRIES
            if locked:
                access.locked_until = now + timedelta(minutes=settings.VICTIM_LOCK_MINUTES)
                access.failures = 0
            access.save(update_fields=["failures", "locked_until"])
            record(
                actor, Verb.SIGN_IN_FAILED, "victim_access", access.pk, detail={"locked": locked}
            )
        if locked:
            raise Throttled(
                "passcode: too many wrong passcodes. Try again later, or ask your officer for "
                "a new link."
            )
        raise NotAuthenticated("passcode: the passcode is not right. Check it and try again.")
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        access.failures, access.locked_until, access.last_used_at = 0, None, now
        access.save(update_fields=["failures", "locked_until", "last_used_at"])
        session = VictimSession.objects.create(
            access=access,
            digest=digest(secret),
            created_at=now,
            expires_at=now + timedelta(minutes=settings.VICTIM_SESSION_MINUTES),
        )
        record(actor, Verb.SIGNED_IN, "victim_access", access.pk)
    return session, secret


def session_for(secret: str) -> VictimSession | None:
    """The live session for a bearer token (``None`` when unknown, expired or withdrawn)."""
    if not secret:
        return None
    session = (
        VictimSession.objects.select_related("access", "access__report")
        .filter(digest=digest(secret))
        .first()
    )
    now = timezone.now()
    if session is None or session.expires_at <= now:
        return None
    access = session.access
    if access.revoked_at is not None or access.expires_at <= now:
        return None
    return session


def end_session(session: VictimSession) -> None:
    with transaction.atomic():
        record(
            VictimActor(session.access_id),
            Verb.UPDATED,
            "victim_access",
            session.access_id,
            detail={"signed_out": True},
        )
        session.delete()


def add_diary_entry(session: VictimSession, command: AddDiaryEntry) -> DiaryEntry:
    """The victim records an incident; it waits for the officer's review."""
    command = check_diary_entry(command, now=timezone.now(), zone=timezone.get_current_timezone())
    access = session.access
    throttle.hit("victim", str(access.pk), settings.INTAKE_VICTIM_LIMIT)
    with transaction.atomic():
        entry = DiaryEntry.objects.create(
            access=access,
            report_id=access.report_id,
            submitted_at=timezone.now(),
            occurred_at=command.occurred_at,
            what_happened=command.what_happened,
            place=command.place,
            effect=command.effect,
            witnesses=command.witnesses,
        )
        record(
            VictimActor(access.pk),
            Verb.CREATED,
            "diary_entry",
            entry.pk,
            detail={"report": access.report_id},
        )
    return entry


def accept_diary_entry(
    actor: User, entry_id: int, command: AcceptDiaryEntry, *, justification: str = ""
) -> DiaryEntry:
    """Make the entry an occasion of the report (source ``victim_diary``)."""
    require_writer(actor)
    with transaction.atomic():
        entry = diary_entry_for(actor, entry_id)
        if entry.status == TriageStatus.ACCEPTED:
            raise Conflict("This diary entry is already an occasion of the report.")
        parts = [entry.what_happened]
        if entry.effect:
            parts.append(f"How it affected the victim: {entry.effect}")
        if entry.witnesses:
            parts.append(f"Witnesses: {entry.witnesses}")
        occasion = case_actions.add_occasion(
            actor,
            entry.report_id,
            AddOccasion(
                started_at=entry.occurred_at,
                behaviours=command.behaviours,
                location=entry.place,
                description="\n".join(parts),
                source="victim_diary",
            ),
            justification=justification,
        )
        entry.status, entry.occasion_id = TriageStatus.ACCEPTED, occasion.pk
        entry.officer_note = command.note
        entry.reviewed_by, entry.reviewed_at = actor, timezone.now()
        entry.save()
        record(actor, Verb.UPDATED, "diary_entry", entry.pk, detail={"occasion": occasion.pk})
    return entry


def query_diary_entry(actor: User, entry_id: int, command: QueryDiaryEntry) -> DiaryEntry:
    """Ask the victim about an entry instead of accepting it; the note is shown to them."""
    require_writer(actor)
    note = command.note
    with transaction.atomic():
        entry = diary_entry_for(actor, entry_id)
        if entry.status == TriageStatus.ACCEPTED:
            raise Conflict("This diary entry is already an occasion of the report.")
        entry.status, entry.officer_note = TriageStatus.QUERIED, note
        entry.reviewed_by, entry.reviewed_at = actor, timezone.now()
        entry.save()
        record(actor, Verb.UPDATED, "diary_entry", entry.pk, detail={"status": "queried"})
    return entry

"""Files a victim sends from their own page: into the report's evidence, by the same path
as an officer's upload (hash first, original kept write-once, custody log).

Phone exports (SMS backups, chat exports ...) go through the evidence importers; a
screenshot or photo (PNG or JPEG, checked by its first bytes) is kept as an original with
a custody entry, not parsed. A file over the size limit, of another type, or not what its
name says is refused with a message naming it, and nothing is stored.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Party, Report
from foursight.core.importers import sha256_file
from foursight.errors import InvalidInput
from foursight.evidence.actions import import_into
from foursight.evidence.meta import clean_meta
from foursight.evidence.models import Exhibit
from foursight.evidence.store import add_custody, holding_path, keep_original, release
from foursight.intake import throttle
from foursight.intake.models import DiaryEntry, VictimSession, VictimUpload
from foursight.intake.victim import VictimActor
from foursight.server.uploads import limit_uploads, refused

PICTURES = {".png": (b"\x89PNG\r\n\x1a\n", "PNG picture"), ".jpg": (b"\xff\xd8\xff", "JPEG photo")}
PICTURES[".jpeg"] = PICTURES[".jpg"]
EXPORTS = (".xml", ".txt", ".zip", ".csv", ".mbox", ".json", ".html")
KINDS_TEXT = (
    "a screenshot or photo (PNG or JPEG) or a phone export (XML, TXT, ZIP, CSV, MBOX, JSON)"
)


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def check_size(name: str, size: int) -> None:
    limit = settings.VICTIM_UPLOAD_BYTES
    if size > limit:
        raise InvalidInput(
            f"file: {name or 'the file'} is {megabytes(size)}; the largest file you can send "
            f"here is {megabytes(limit)}. Ask your officer how to give a larger one.",
            field="file",
        )


def _victim_ids(report: Report) -> list[str]:
    ids: list[str] = []
    for party in Party.objects.filter(report=report, role=Party.Role.VICTIM).select_related(
        "person"
    ):
        person = party.person
        ids.extend(i.raw for i in person.identifiers.all() if i.kind in ("phone", "email"))
        name = f"{person.first_names} {person.surname}".strip()
        if name:
            ids.append(name)
    return ids or ["victim"]


def _reference(report: Report) -> str:
    number = VictimUpload.objects.filter(report=report).count() + 1
    while True:
        reference = f"VIC-{number:03d}"
        taken = Exhibit.objects.filter(report=report, reference=reference).exists()
        if (
            not taken
            and not VictimUpload.objects.filter(report=report, exhibit_reference=reference).exists()
        ):
            return reference
        number += 1


def _kind(name: str, path: Path) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in PICTURES:
        magic, label = PICTURES[suffix]
        with open(path, "rb") as handle:
            if handle.read(len(magic)) != magic:
                raise InvalidInput(
                    f"file: {name} is not a {label}, although its name says so. Send the "
                    "original picture.",
                    field="file",
                )
        return "picture"
    if suffix in EXPORTS:
        return "export"
    raise InvalidInput(f"file: {name} cannot be sent here; send {KINDS_TEXT}", field="file")


def upload(
    session: VictimSession,
    stream: IO[bytes],
    name: str,
    size: int,
    *,
    diary_entry_id: int | None = None,
) -> VictimUpload:
    """Take one file from the victim into their report's evidence."""
    base = Path(name or "").name.strip()[:200]
    if not base:
        raise InvalidInput("file: choose a file to send", field="file")
    check_size(base, size)
    access = session.access
    report = access.report
    entry = None
    if diary_entry_id is not None:
        entry = DiaryEntry.objects.filter(pk=diary_entry_id, access=access).first()
        if entry is None:
            raise InvalidInput("diary_entry: not one of your diary entries", field="diary_entry")
    throttle.hit("victim", str(access.pk), settings.INTAKE_VICTIM_LIMIT)
    path = holding_path(base)
    try:
        with open(path, "wb") as out:
            shutil.copyfileobj(stream, out, 1 << 20)
        check_size(base, path.stat().st_size)
        kind = _kind(base, path)
        return _store(session, report, path, base, kind, entry)
    finally:
        release(path)


def _store(
    session: VictimSession,
    report: Report,
    path: Path,
    name: str,
    kind: str,
    entry: DiaryEntry | None,
) -> VictimUpload:
    actor = VictimActor(session.access_id)
    sha = sha256_file(path)
    size = path.stat().st_size
    reference = _reference(report)
    basis = "given by the victim from their own page (victim link)"
    if kind == "export":
        meta = clean_meta({"exhibit": reference, "victim_ids": _victim_ids(report)})
        outcome = import_into(None, report, path, name, meta)
        reference = outcome.exhibit.reference
    else:
        keep_original(path, sha)
    with transaction.atomic():
        add_custody(
            report,
            reference,
            actor=actor.username,
            action="received",
            input={"name": name, "sha256": sha, "bytes": size},
            outputs=[],
            basis=basis,
            detail=(
                "phone export sent by the victim from their own page"
                if kind == "export"
                else "picture sent by the victim from their own page: original kept "
                "unaltered by its hash, not parsed"
            ),
        )
        done = VictimUpload.objects.create(
            access_id=session.access_id,
            report=report,
            diary_entry=entry,
            submitted_at=timezone.now(),
            file_name=name,
            sha256=sha,
            bytes=size,
            kind=kind,
            exhibit_reference=reference,
        )
        record(
            actor,
            Verb.CREATED,
            "victim_upload",
            done.pk,
            detail={"report": report.pk, "exhibit": reference, "sha256": sha},
        )
    return done


def declared_size(request: HttpRequest) -> None:
    """Refuse an upload by its declared length, before reading any of its body."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    check_size("the file", length - 64 * 1024 if length > 64 * 1024 else 0)


def guarded(request: HttpRequest) -> None:
    """Check the declared size and lower the upload limit of this request to the victim's
    (the shared upload handler then stops a body that lied about its length); call before
    reading POST."""
    declared_size(request)
    limit_uploads(request, settings.VICTIM_UPLOAD_BYTES)


def check_stopped(request: HttpRequest) -> None:
    """Refuse, in the victim's words, an upload the shared handler stopped at the limit."""
    if refused(request):
        raise InvalidInput(
            "file: the file is too large; the largest file you can send here is "
            f"{megabytes(settings.VICTIM_UPLOAD_BYTES)}. Ask your officer how to give a "
            "larger one.",
            field="file",
        )


def from_request(session: VictimSession, request: HttpRequest) -> VictimUpload:
    """Read the multipart body under the size guard, then :func:`upload`."""
    guarded(request)
    file = request.FILES.get("file")
    check_stopped(request)
    if file is None:
        raise InvalidInput("file: choose a file to send", field="file")
    raw = request.POST.get("diary_entry") or ""
    entry = None
    if raw:
        if not raw.isdigit():
            raise InvalidInput("diary_entry: not one of your diary entries", field="diary_entry")
        entry = int(raw)
    return upload(session, file, file.name or "", file.size or 0, diary_entry_id=entry)

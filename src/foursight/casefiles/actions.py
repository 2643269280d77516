"""Every change to a case file: create, regenerate, edit, approve, issue.

Each takes a typed command, checks it, writes in one transaction and records one audit
entry. The workflow: a draft is generated from the report; the officer edits its free
text (an edit after approval or issue makes it a draft again); a supervisor of the
report's BCU approves it; an officer or supervisor issues it, which renders the HTML and
PDF, stores them write-once with their hashes and adds an immutable version. Issuing a
file that is not approved is refused (409) and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.casefiles import access, rendering, store
from foursight.casefiles.gather import case_data
from foursight.casefiles.models import CaseFile, CaseFileVersion
from foursight.core.casefile import EDITABLE, build_bundle, generate, manifest_for
from foursight.core.casefile.bundle import HTML, PDF
from foursight.errors import Conflict, Forbidden, InvalidInput

MAX_TEXT = 20_000


@dataclass(frozen=True)
class CreateCaseFile:
    report_id: int
    justification: str = ""


@dataclass(frozen=True)
class RegenerateCaseFile:
    case_file_id: int
    justification: str = ""


@dataclass(frozen=True)
class EditCaseFile:
    case_file_id: int
    edits: dict[str, str] = field(default_factory=dict)
    justification: str = ""


@dataclass(frozen=True)
class ApproveCaseFile:
    case_file_id: int
    justification: str = ""


@dataclass(frozen=True)
class IssueCaseFile:
    case_file_id: int
    justification: str = ""


def clean_edits(edits: dict[str, object]) -> dict[str, str]:
    """The officer's free text, by section: unknown sections and non-text are refused."""
    out: dict[str, str] = {}
    for key, value in edits.items():
        if key not in EDITABLE:
            known = ", ".join(EDITABLE)
            raise InvalidInput(
                f"edits.{key}: not a free-text section (one of {known})", field=f"edits.{key}"
            )
        if not isinstance(value, str):
            raise InvalidInput(f"edits.{key}: give text", field=f"edits.{key}")
        text = value.replace("\r\n", "\n").strip()
        if len(text) > MAX_TEXT:
            raise InvalidInput(f"edits.{key}: at most {MAX_TEXT} characters", field=f"edits.{key}")
        out[key] = text
    return out


def create_case_file(actor: User, command: CreateCaseFile) -> CaseFile:
    """Generate a draft case file for a report (one per report)."""
    taken = Conflict("This report already has a case file: open it, or regenerate it.")
    try:
        return _create(actor, command, taken)
    except IntegrityError as exc:  # another request made it between the check and the insert
        raise taken from exc


def _create(actor: User, command: CreateCaseFile, taken: Conflict) -> CaseFile:
    with transaction.atomic():
        report = access.maker_report(actor, command.report_id, justification=command.justification)
        if CaseFile.objects.filter(report=report).exists():
            raise taken
        case_file = CaseFile.objects.create(
            report=report,
            generated=generate(case_data(report)),
            generated_at=timezone.now(),
            created_by=actor,
        )
        record(
            actor,
            Verb.CASEFILE_CREATED,
            "case_file",
            case_file.pk,
            justification=command.justification.strip(),
            detail={"report": report.pk},
        )
    return case_file


def _back_to_draft(case_file: CaseFile) -> bool:
    """An approved or issued file that changes needs approving again."""
    changed = case_file.status != CaseFile.Status.DRAFT
    case_file.status = CaseFile.Status.DRAFT
    case_file.approved_by = None
    case_file.approved_at = None
    return changed


def regenerate(actor: User, command: RegenerateCaseFile) -> CaseFile:
    """Generate the facts again from the report as it now stands; the officer's text stays."""
    with transaction.atomic():
        case_file = access.maker_file(
            actor, command.case_file_id, justification=command.justification
        )
        case_file.generated = generate(case_data(case_file.report))
        case_file.generated_at = timezone.now()
        reopened = _back_to_draft(case_file)
        case_file.save()
        record(
            actor,
            Verb.CASEFILE_REGENERATED,
            "case_file",
            case_file.pk,
            justification=command.justification.strip(),
            detail={"reopened": reopened},
        )
    return case_file


def edit(actor: User, command: EditCaseFile) -> CaseFile:
    """Replace the officer's text of the given sections."""
    edits = clean_edits(dict(command.edits))
    if not edits:
        raise InvalidInput("edits: give at least one section", field="edits")
    with transaction.atomic():
        case_file = access.maker_file(
            actor, command.case_file_id, justification=command.justification
        )
        changed = sorted(k for k, v in edits.items() if case_file.edits.get(k, "") != v)
        if not changed:
            return case_file
        case_file.edits = {**case_file.edits, **edits}
        reopened = _back_to_draft(case_file)
        case_file.save()
        record(
            actor,
            Verb.CASEFILE_EDITED,
            "case_file",
            case_file.pk,
            justification=command.justification.strip(),
            detail={"sections": changed, "reopened": reopened},
        )
    return case_file


def approve(actor: User, command: ApproveCaseFile) -> CaseFile:
    """A supervisor of the report's BCU approves the draft for issue."""
    with transaction.atomic():
        case_file = access.maker_file(
            actor, command.case_file_id, justification=command.justification
        )
        if not access.may_approve(actor):
            raise Forbidden("Only a supervisor of the report's BCU approves a case file.")
        if case_file.status != CaseFile.Status.DRAFT:
            raise Conflict(
                f"The case file is {case_file.get_status_display().lower()}: only a draft is approved."
            )
        case_file.status = CaseFile.Status.APPROVED
        case_file.approved_by = actor
        case_file.approved_at = timezone.now()
        case_file.save()
        record(
            actor,
            Verb.CASEFILE_APPROVED,
            "case_file",
            case_file.pk,
            justification=command.justification.strip(),
        )
    return case_file


def issue(actor: User, command: IssueCaseFile) -> CaseFileVersion:
    """Render, store and record a new immutable version of an approved file."""
    with transaction.atomic():
        case_file = access.maker_file(
            actor, command.case_file_id, justification=command.justification
        )
        if case_file.status != CaseFile.Status.APPROVED:
            raise Conflict(
                f"The case file is {case_file.get_status_display().lower()}, not approved: "
                "a supervisor approves it before it is issued."
            )
        last = case_file.versions.order_by("-n").first()
        n = (last.n + 1) if last else 1
        now = datetime.now(UTC).replace(microsecond=0)
        approver = case_file.approved_by
        meta: dict[str, str | int] = {
            "version": n,
            "issued_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "issued_by": actor.get_full_name() or actor.username,
            "approved_by": (approver.get_full_name() or approver.username) if approver else "",
        }
        html, pdf = rendering.render(case_file.generated, case_file.edits, meta)
        manifest = manifest_for(
            case_file=case_file.pk,
            report=case_file.report.reference,
            version=n,
            issued_at=str(meta["issued_at"]),
            issued_by=str(meta["issued_by"]),
            parts={HTML: html, PDF: pdf},
            exhibits=case_file.generated.get("cited_exhibits", []),
        )
        html_sha, pdf_sha = store.keep(html), store.keep(pdf)
        version = CaseFileVersion.objects.create(
            case_file=case_file,
            n=n,
            sha256=store.sha256_of(manifest),
            html_sha256=html_sha,
            pdf_sha256=pdf_sha,
            manifest=manifest.decode("utf-8"),
            content={"generated": case_file.generated, "edits": case_file.edits},
            approved_by=approver,
            issued_by=actor,
            issued_at=now,
        )
        case_file.status = CaseFile.Status.ISSUED
        case_file.save()
        record(
            actor,
            Verb.CASEFILE_ISSUED,
            "case_file",
            case_file.pk,
            justification=command.justification.strip(),
            detail={"version": n, "sha256": version.sha256},
        )
    return version


def bundle_bytes(version: CaseFileVersion) -> bytes:
    """The issued bundle of a version, rebuilt byte-for-byte from the stored parts."""
    parts = {HTML: store.read(version.html_sha256), PDF: store.read(version.pdf_sha256)}
    return build_bundle(parts, version.manifest.encode("utf-8"))

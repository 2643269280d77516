"""The material to redact and the proposals: the case's deny-lists, an exhibit's text.

The deny-lists are the report's own people other than its suspects (victims, witnesses;
the defence knows the suspect's name): their names, aliases and identifiers. An officer
adds other words (a child's name the report does not hold, a workplace) on the page or
in ``extra_terms``.

Exhibits and uploaded documents are read as text: UTF-8 text files (the phone exports),
PDFs (their text layer, through pypdf) and Word .docx files (paragraphs and tables, through
python-docx). The copy of a PDF or Word document is a text file of that text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Party, Report
from foursight.core.importers import sha256_file
from foursight.core.redaction import CasePerson, CaseTerms, Span, case_terms, propose
from foursight.core.redaction.documents import DocumentError, extract_text
from foursight.disclosure.access import content_report
from foursight.errors import IntegrityFailure, InvalidInput, NotFound
from foursight.evidence.models import Exhibit
from foursight.evidence.store import original_path
from foursight.people.models import Person

#: Longest text proposed or redacted in one request (characters).
MAX_TEXT = 1_000_000
MAX_TERMS = 200


def case_people(report: Report) -> list[CasePerson]:
    """The report's victims and witnesses with their aliases and identifiers."""
    ids = (
        Party.objects.filter(report=report)
        .exclude(role=Party.Role.SUSPECT)
        .values_list("person_id", flat=True)
    )
    people = Person.objects.filter(pk__in=list(ids)).prefetch_related("aliases", "identifiers")
    out = []
    for person in people.order_by("id"):
        identifiers = [(i.kind, i.raw) for i in person.identifiers.all()]
        identifiers += [(i.kind, i.normalised) for i in person.identifiers.all() if i.normalised]
        identifiers += [("address", i.postcode) for i in person.identifiers.all() if i.postcode]
        out.append(
            CasePerson(
                person.first_names,
                person.surname,
                tuple((a.first_names, a.surname) for a in person.aliases.all()),
                tuple(dict.fromkeys(identifiers)),
                _birth(person),
            )
        )
    return out


def _birth(person: Person) -> tuple[int, int, int] | None:
    if person.birth_year and person.birth_month and person.birth_day:
        return (person.birth_year, person.birth_month, person.birth_day)
    return None


def clean_terms(extra: Iterable[str]) -> list[str]:
    words = [" ".join(str(w).split()) for w in extra]
    words = [w for w in words if w]
    if len(words) > MAX_TERMS:
        raise InvalidInput(f"extra_terms: at most {MAX_TERMS} words", field="extra_terms")
    if any(len(w) > 200 for w in words):
        raise InvalidInput("extra_terms: each word at most 200 characters", field="extra_terms")
    return words


def terms_for(report: Report, extra: Iterable[str] = ()) -> CaseTerms:
    return case_terms(case_people(report), clean_terms(extra))


def check_text(text: str, field: str = "text") -> str:
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(f"{field}: give the text to redact", field=field)
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"{field}: at most {MAX_TEXT} characters", field=field)
    return text


def proposals(
    user: User,
    report_id: int,
    text: str,
    extra: Iterable[str] = (),
    *,
    justification: str = "",
) -> list[Span]:
    """Proposed redactions of ``text`` with the report's deny-lists; the request is audited
    (how long the text was and how many spans were proposed, never the text)."""
    check_text(text)
    words = clean_terms(extra)
    report = content_report(user, report_id, justification=justification, audit=False)
    spans = propose(text, terms_for(report, words))
    record(
        user,
        Verb.REDACTIONS_PROPOSED,
        "report",
        report.pk,
        justification=justification.strip(),
        detail={"characters": len(text), "spans": len(spans), "extra_terms": len(words)},
    )
    return spans


def report_exhibit(report: Report, exhibit_id: int) -> Exhibit:
    exhibit = (
        Exhibit.objects.filter(report=report, pk=exhibit_id).select_related("original").first()
    )
    if exhibit is None:
        raise NotFound("exhibit")
    return exhibit


#: Exhibit kinds whose originals are text to redact: registered documents (text, PDF,
#: Word) and phone exports. Photographs, video and audio are not redacted here.
REDACTABLE_KINDS = (Exhibit.Kind.DOCUMENT, Exhibit.Kind.PHONE_EXPORT)


def redactable_exhibits(report: Report) -> list[Exhibit]:
    """The report's exhibits a redacted copy can be made from, documents first."""
    rows = Exhibit.objects.filter(report=report, kind__in=REDACTABLE_KINDS)
    return sorted(rows, key=lambda x: (x.kind != Exhibit.Kind.DOCUMENT, x.pk))


def exhibit_text(exhibit: Exhibit) -> str:
    """The exhibit's original as text, after checking it still matches its hash."""
    if exhibit.kind not in REDACTABLE_KINDS:
        raise InvalidInput(
            f"exhibit_id: exhibit {exhibit.reference} is a {exhibit.get_kind_display().lower()}:"
            " only documents (text, PDF, Word .docx) and phone exports can be redacted here",
            field="exhibit_id",
        )
    path = original_path(exhibit.original.sha256)
    if not path.exists() or sha256_file(path) != exhibit.original.sha256:
        raise IntegrityFailure(
            f"exhibit {exhibit.reference}: the stored original no longer matches its SHA-256"
        )
    try:
        text = extract_text(exhibit.file_name, path.read_bytes())
    except DocumentError as exc:
        raise InvalidInput(
            f"exhibit_id: exhibit {exhibit.reference}: {exc}", field="exhibit_id"
        ) from exc
    return check_text(text, "exhibit_id")


def document_text(name: str, data: bytes, field: str = "document") -> str:
    """An uploaded document's text (plain text, PDF or Word .docx)."""
    try:
        return check_text(extract_text(name, data), field)
    except DocumentError as exc:
        raise InvalidInput(f"{field}: {name}: {exc}", field=field) from exc


def copy_bytes(sha256: str) -> bytes:
    """A stored redacted copy, checked against its hash on every read."""
    path = original_path(sha256)
    data = path.read_bytes() if path.exists() else b""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise IntegrityFailure(f"redacted copy {sha256}: the stored file no longer matches")
    return data

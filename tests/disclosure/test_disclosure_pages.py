"""The review page works without JavaScript: ticks accept, words and ranges add."""

from __future__ import annotations

import re

from foursight.disclosure.models import RedactedCopy
from foursight.disclosure.redacting import copy_bytes
from foursight.evidence.store import original_path
from tests.conftest import World
from tests.disclosure.conftest import EXHIBIT_FILE, Case


def _form(html: str) -> tuple[list[str], list[str]]:
    proposals = re.findall(r'name="proposal" value="([^"]+)"', html)
    accepts = re.findall(r'name="accept" value="(\d+)"[^>]*checked', html)
    return proposals, accepts


def test_review_and_save_an_exhibit_copy(world: World, case: Case) -> None:
    client = world.page("officer_cn")
    page = client.get(f"/reports/{case.report_id}/disclosure/exhibits/{case.exhibit_id}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<mark" in html and "redaction.js" in html
    assert "<script>" not in html and "style=" not in html
    proposals, accepts = _form(html)
    text = EXHIBIT_FILE.read_text(encoding="utf-8")
    values = [text[int(p.split(":")[0]) : int(p.split(":")[1])] for p in proposals]
    assert "07700 900456" in values and "Priya" in values and "12 Acacia Avenue" in values
    keep = values.index("Priya")
    start = text.index("Sam K")
    response = client.post(
        f"/reports/{case.report_id}/disclosure/save",
        {
            "source": "exhibit",
            "exhibit_id": case.exhibit_id,
            "title": "AR/1 redacted",
            "proposal": proposals,
            "accept": [a for a in accepts if int(a) != keep],
            "add_words": "mum",
            "add_offsets": f"{start}-{start + 5}",
        },
    )
    assert response.status_code == 302, response.content[:500]
    copy = RedactedCopy.objects.get()
    out = copy_bytes(copy.derived_sha256).decode()
    assert "07700 900456" not in out and "12 Acacia Avenue" not in out
    assert "Priya" in out and "mum" not in out
    assert out.startswith("12/03/2026, 21:14 - [REDACTED: personal data]:")
    decisions = [e["decision"] for e in copy.log]
    assert decisions.count("rejected") == 1 and decisions.count("added") == 2
    assert original_path(case.exhibit_sha).read_bytes() == EXHIBIT_FILE.read_bytes()
    shown = client.get(response["Location"])
    assert (
        b"[REDACTED: phone number]" in shown.content
        and copy.derived_sha256.encode() in shown.content
    )


def test_pasted_text_range_outside_is_shown_and_nothing_stored(world: World, case: Case) -> None:
    client = world.page("officer_cn")
    review = client.post(
        f"/reports/{case.report_id}/disclosure/text", {"text": "Call Alice on 07700 900456"}
    )
    assert review.status_code == 200
    proposals, accepts = _form(review.content.decode())
    assert len(proposals) == 2
    response = client.post(
        f"/reports/{case.report_id}/disclosure/save",
        {
            "source": "text",
            "text": "Call Alice on 07700 900456",
            "title": "Pasted",
            "proposal": proposals,
            "accept": accepts,
            "add_offsets": "20-80",
        },
    )
    assert response.status_code == 400
    assert b"lies outside the text of 26 characters" in response.content
    assert b'value="Pasted"' in response.content
    assert RedactedCopy.objects.count() == 0


def test_words_not_in_the_text_are_named(world: World, case: Case) -> None:
    response = world.page("officer_cn").post(
        f"/reports/{case.report_id}/disclosure/save",
        {"source": "text", "text": "hello there", "title": "x", "add_words": "Bob"},
    )
    assert response.status_code == 400
    assert b"add_words: &#x27;Bob&#x27; is not in the text" in response.content
    assert RedactedCopy.objects.count() == 0


def test_uploaded_word_document_is_reviewed_as_text(world: World, case: Case) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    document = Document()
    document.add_paragraph("Priya rang from 07700 900999.")
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("note.docx", buffer.getvalue())
    client = world.page("officer_cn")
    review = client.post(f"/reports/{case.report_id}/disclosure/text", {"document": upload})
    assert review.status_code == 200, review.content[:400]
    proposals, _ = _form(review.content.decode())
    assert [p.split(":")[2] for p in proposals] == ["PERSON", "PHONE_NUMBER"]
    assert b"Priya rang from 07700 900999." in review.content
    bad = client.post(
        f"/reports/{case.report_id}/disclosure/text",
        {"document": SimpleUploadedFile("x.jpg", b"\xff\xd8\xff\xe0\x00")},
    )
    assert bad.status_code == 400
    assert b"document: x.jpg: not a UTF-8 text file" in bad.content


def test_a_mangled_proposal_is_refused(world: World, case: Case) -> None:
    response = world.page("officer_cn").post(
        f"/reports/{case.report_id}/disclosure/save",
        {"source": "text", "text": "hello", "title": "x", "proposal": "0:nope", "accept": "0"},
    )
    assert response.status_code == 400
    assert b"proposal 0: not a proposal" in response.content
    assert RedactedCopy.objects.count() == 0

"""Registered document exhibits (kind ``document``) are offered for redaction on the
disclosure page; photographs are not, and asking for one names the exhibit."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from foursight.disclosure.models import RedactedCopy
from foursight.evidence.models import Exhibit
from foursight.evidence.store import original_path
from tests.conftest import World
from tests.disclosure.conftest import Case

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(200))


def _docx(text: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _register(client: Any, report: int, content: bytes, **fields: Any) -> Exhibit:
    name = fields.pop("name")
    data = {
        "description": "Registered for the file",
        "produced_by": "PC Alex Reid",
        "seized_at": "2026-02-21T09:30",
        "seized_where": "Police station",
        **fields,
        "file": SimpleUploadedFile(name, content),
    }
    response = client.post(f"/api/v1/reports/{report}/exhibit-register", data=data)
    assert response.status_code == 201, response.content
    return Exhibit.objects.get(report_id=report, reference=fields["reference"])


def test_document_exhibit_is_offered_and_redacted(world: World, case: Case) -> None:
    api = world.api("officer_cn")
    letter = _docx("Letter from Priya Shah, DOB 30/09/1979, mobile 07700 900 321.")
    document = _register(
        api, case.report_id, letter, reference="PS/1", kind="document", name="letter.docx"
    )
    photo = _register(
        api, case.report_id, PNG, reference="PS/2", kind="photograph", name="door.png"
    )
    client = world.page("officer_cn")
    listing = client.get(f"/reports/{case.report_id}/disclosure").content.decode()
    assert f"/disclosure/exhibits/{document.pk}" in listing
    assert "Make a redacted copy of PS/1" in listing and "(Document, letter.docx)" in listing
    assert f"/disclosure/exhibits/{photo.pk}" not in listing
    review = client.get(f"/reports/{case.report_id}/disclosure/exhibits/{document.pk}")
    assert review.status_code == 200
    html = review.content.decode()
    assert "07700 900 321" in html and "30/09/1979" in html and "<mark" in html
    refused = client.get(f"/reports/{case.report_id}/disclosure/exhibits/{photo.pk}")
    assert refused.status_code == 400
    assert "exhibit PS/2 is a photograph" in refused.content.decode()
    made = api.get(f"/api/v1/reports/{case.report_id}/exhibits/{photo.pk}/redaction-proposals")
    assert made.status_code == 400 and "exhibit_id" in made.content.decode()
    assert not RedactedCopy.objects.exists()
    assert original_path(document.original.sha256).read_bytes() == letter


def test_exhibit_page_offers_a_redacted_copy_only_of_text(world: World, case: Case) -> None:
    api = world.api("officer_cn")
    letter = _docx("Letter from Priya Shah.")
    document = _register(
        api, case.report_id, letter, reference="PS/3", kind="document", name="note.docx"
    )
    photo = _register(api, case.report_id, PNG, reference="PS/4", kind="photograph", name="car.png")
    client = world.page("officer_cn")
    base = f"/reports/{case.report_id}/evidence/exhibits"
    page = client.get(f"{base}/{document.pk}").content.decode()
    assert f'href="/reports/{case.report_id}/disclosure/exhibits/{document.pk}"' in page
    assert 'id="redact-link"' not in client.get(f"{base}/{photo.pk}").content.decode()
    stac = world.page("stac").get(f"{base}/{document.pk}")
    assert stac.status_code != 200 or 'id="redact-link"' not in stac.content.decode()

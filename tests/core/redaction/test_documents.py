"""Documents read as text for redaction: plain text, a PDF's text layer, a Word .docx."""

from __future__ import annotations

import io

import pytest

from foursight.core.redaction import propose
from foursight.core.redaction.documents import DocumentError, extract_text, kind_of


def tiny_pdf(line: str) -> bytes:
    """A one-page PDF with one line of Helvetica text, with a correct cross-reference."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def test_pdf_text_is_read_and_redacted() -> None:
    data = tiny_pdf("Ring me on 07700 900123 tonight")
    assert kind_of("statement.pdf", data) == "pdf"
    text = extract_text("statement.pdf", data)
    assert "07700 900123" in text
    assert [text[s.start : s.end] for s in propose(text)] == ["07700 900123"]


def test_docx_paragraphs_and_tables_are_read() -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("Statement of witness")
    document.add_paragraph("I live at 12 Acacia Avenue.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Mobile"
    table.rows[0].cells[1].text = "07700 900456"
    buffer = io.BytesIO()
    document.save(buffer)
    text = extract_text("statement.docx", buffer.getvalue())
    assert text == "Statement of witness\nI live at 12 Acacia Avenue.\nMobile\t07700 900456"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10", "not a UTF-8 text file"),
        ("broken.pdf", b"%PDF-1.4\nrubbish", "the PDF"),
        ("blank.pdf", tiny_pdf(""), "holds no text"),
        ("broken.docx", b"PK\x03\x04rubbish", "the Word document could not be read"),
    ],
)
def test_unreadable_documents_say_why(name: str, data: bytes, message: str) -> None:
    with pytest.raises(DocumentError) as caught:
        extract_text(name, data)
    assert message in str(caught.value)

"""The text of a document to redact: plain text, PDF (pypdf) or Word .docx (python-docx).

The redacted copy of a PDF or Word document is a text file of the document's extracted
text, not a redacted PDF or Word file: layout, images and anything drawn rather than
written (a scanned page) are not in it, and a person must compare it with the original.
Offsets always refer to the extracted text returned here, which is the same for the same
bytes (the libraries' versions recorded with each copy).
"""

from __future__ import annotations

import io
import zipfile

KINDS = ("text", "pdf", "docx")


class DocumentError(ValueError):
    """A document whose text cannot be read; the message says why."""


def kind_of(name: str, data: bytes) -> str:
    """``pdf``, ``docx`` or ``text``, by the bytes first and the name second."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and name.lower().endswith(".docx"):
        return "docx"
    return "text"


def extract_text(name: str, data: bytes) -> str:
    """The document's text. Raises :class:`DocumentError` for bytes that are not UTF-8
    text, a readable PDF or a Word .docx file."""
    kind = kind_of(name, data)
    if kind == "pdf":
        return _pdf(data)
    if kind == "docx":
        return _docx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError("not a UTF-8 text file, a PDF or a Word .docx document") from exc
    if "\x00" in text:
        raise DocumentError("not a UTF-8 text file, a PDF or a Word .docx document")
    return text


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError("the PDF is encrypted: save an unencrypted copy first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(f"the PDF could not be read ({exc})") from exc
    text = "\n\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        raise DocumentError("the PDF holds no text (a scanned page?): it cannot be redacted here")
    return text


def _docx(data: bytes) -> str:
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(f"the Word document could not be read ({exc})") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)

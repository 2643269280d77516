"""The issued file rendered to HTML (by the core) and to PDF (WeasyPrint).

The PDF carries no creation or modification date, so the same HTML gives the same PDF.
"""

from __future__ import annotations

import logging
from typing import Any

from foursight.core.casefile import render_html


def render(
    generated: dict[str, Any], edits: dict[str, str], meta: dict[str, Any]
) -> tuple[bytes, bytes]:
    """``(html, pdf)`` bytes of a case file."""
    html = render_html(generated, edits, meta)
    return html.encode("utf-8"), pdf_bytes(html)


def pdf_bytes(html: str) -> bytes:
    from weasyprint import HTML  # imported when used: it loads Pango

    # WeasyPrint and fontTools log font subsetting at INFO/WARNING: not for the server log.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    document = HTML(string=html).render()
    document.metadata.created = None
    document.metadata.modified = None
    out: bytes = document.write_pdf()
    return out

"""Read-only questions other apps ask about disclosure copies (after their own access check).

The case file lists each redacted copy on its schedules as an edited item: it calls
:func:`copies_for_report` for a report it has already opened for the user.
"""

from __future__ import annotations

from typing import Any

from foursight.disclosure.models import RedactedCopy


def copies_for_report(report_id: int) -> list[dict[str, Any]]:
    """The report's redacted copies, oldest first: ``id``, ``exhibit_id`` (``None`` for a
    pasted text or schedule), ``exhibit_reference``, ``source_kind``, ``title``,
    ``original_sha256``, ``derived_sha256`` and ``created_at`` (aware UTC)."""
    rows = RedactedCopy.objects.filter(report_id=report_id).select_related("exhibit")
    return [
        {
            "id": c.pk,
            "exhibit_id": c.exhibit_id,
            "exhibit_reference": c.exhibit.reference if c.exhibit is not None else "",
            "source_kind": c.source_kind,
            "title": c.title,
            "original_sha256": c.original_sha256,
            "derived_sha256": c.derived_sha256,
            "created_at": c.created_at,
        }
        for c in rows.order_by("created_at", "id")
    ]

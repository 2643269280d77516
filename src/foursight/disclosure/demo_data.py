"""Demo disclosure: a redacted copy of the first Central North demo SMS exhibit.

Made through the same action as the page, as the demo ``officer.cn``: every proposal is
accepted, so the copy, its log, the custody entry on the exhibit and the audit entry are
like any other. Run after the evidence demo (``DOMAIN_APPS`` order); loading again adds
nothing.
"""

from __future__ import annotations

from foursight.accounts.models import User
from foursight.core.redaction import propose
from foursight.disclosure.actions import CreateCopy, Decision, create_copy
from foursight.disclosure.models import RedactedCopy
from foursight.disclosure.redacting import exhibit_text, terms_for
from foursight.evidence.models import Exhibit

EXHIBIT = "DEMO/SMS/1"


def load() -> dict[str, int]:
    officer = User.objects.filter(username="officer.cn").first()
    exhibit = (
        Exhibit.objects.filter(reference=EXHIBIT, report__unit__parent__code="CN")
        .select_related("report", "original")
        .order_by("id")
        .first()
    )
    if officer is None or exhibit is None:
        return {"redacted_copies": 0}
    if RedactedCopy.objects.filter(exhibit=exhibit).exists():
        return {"redacted_copies": 0}
    text = exhibit_text(exhibit)
    spans = propose(text, terms_for(exhibit.report))
    create_copy(
        officer,
        CreateCopy(
            report_id=exhibit.report_id,
            source_kind="exhibit",
            exhibit_id=exhibit.pk,
            title=f"{exhibit.reference} for disclosure (phone numbers and names removed)",
            decisions=tuple(Decision(s.start, s.end, s.entity, "accepted", s.score) for s in spans),
            justification="Demo data",
        ),
    )
    return {"redacted_copies": 1}

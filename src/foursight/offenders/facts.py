"""The offenders app's facts for the case header (``OffendersConfig.case_facts``): the
repeat-offender flag, when a suspect the user sees is linked to an offender with other
reports (the same rule as the report page's offender panel)."""

from __future__ import annotations

from typing import Any

from foursight.accounts.access import sees_suspects
from foursight.accounts.models import User
from foursight.cases.models import Party, Report
from foursight.offenders.models import Mention


def case_facts(user: User, report: Report, parties: list[Party]) -> dict[str, Any]:
    suspects = [p.pk for p in parties if p.role == Party.Role.SUSPECT]
    if not sees_suspects(user) or not suspects:
        return {}
    repeat = Mention.objects.filter(party_id__in=suspects, offender__report_count__gt=1)
    return {"flags": ["Repeat offender"]} if repeat.exists() else {}

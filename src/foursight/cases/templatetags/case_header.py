"""``{% case_header report %}``: the case header and the report's sub-navigation.

Put it at the top of every report page. ``report`` is what the page holds (a
:class:`~foursight.cases.models.Report`, or a dict with its ``id``); ``current`` names the
part's address when the page's own address is not under it (a stored assessment's page is
part of Risk).
"""

from __future__ import annotations

from typing import Any

from django import template

from foursight.cases.header import case_header as gather
from foursight.cases.header import report_of

register = template.Library()


@register.inclusion_tag("cases/_case_header.html", takes_context=True)
def case_header(context: template.Context, report: Any, current: str = "") -> dict[str, Any]:
    request = context["request"]
    found = report_of(request.user, report)
    if found is None:
        return {"header": None}
    return {"header": gather(request.user, found, current or request.path)}

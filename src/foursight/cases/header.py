"""The case header shown on every report page, gathered once for a user.

:func:`case_header` reads what the user may see through the gatekeepers' rules (the
parties under :func:`~foursight.cases.access.party_rule`, protected persons as
"Protected person") and asks each app for its facts through the plug-in convention: an
app's config may name ``case_facts``, dotted paths to ``func(user, report, parties) ->
dict`` returning any of

* ``risk``: ``{"level", "instrument", "assessed_at", "href"}``, the latest risk level;
* ``flags``: plain-English flags ("Order in force", "Repeat offender");
* ``actions``: ``[{"label", "due", "href"}]``, next actions (``due`` a date or None).

The header shows the action due first (undated actions after dated ones). The page that
shows the header has already opened the report through its gatekeeper and audited it.
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import prefetch_related_objects
from django.utils import timezone

from foursight.accounts.access import sees_suspects, sees_victims
from foursight.accounts.models import Role, User
from foursight.cases.access import visible_parties, visible_reports
from foursight.cases.models import Party, Report
from foursight.cases.serialise import party_out
from foursight.core import reference
from foursight.server.context import entries

NOT_SHOWN = "Not shown to your role"


def report_of(user: User, report: Any) -> Report | None:
    """The :class:`Report` a page holds (a model, or a dict or object with an ``id``)."""
    if isinstance(report, Report):
        return report
    report_id = report.get("id") if isinstance(report, dict) else getattr(report, "pk", None)
    if report_id is None:
        return None
    return (
        visible_reports(user)
        .select_related("unit", "unit__parent", "allocated_officer")
        .filter(pk=report_id)
        .first()
    )


def sub_navigation(role: str, report_id: int, path: str) -> list[dict[str, Any]]:
    """The report's parts for the role; the part whose address starts ``path`` is current."""
    links = [{"label": "Overview", "path": f"/reports/{report_id}"}]
    links += [
        {"label": e["label"], "path": e["path"].format(id=report_id)}
        for e in entries("report_links", role)
    ]
    best = max(
        (
            link
            for link in links
            if path == link["path"]
            or (path.startswith(link["path"] + "/") and link is not links[0])
        ),
        key=lambda link: len(link["path"]),
        default=None,
    )
    return [{**link, "current": link is best} for link in links]


def _people(user: User, parties: list[Party], role: str) -> list[dict[str, Any]]:
    return [party_out(user, p) for p in parties if p.role == role]


def _facts(user: User, report: Report, parties: list[Party]) -> dict[str, Any]:
    """Every app's ``case_facts`` merged: the latest risk, flags and next actions."""
    merged: dict[str, Any] = {"risk": None, "flags": [], "actions": []}
    for config in apps.get_app_configs():
        for dotted in getattr(config, "case_facts", ()):
            module, _, name = dotted.rpartition(".")
            facts = getattr(importlib.import_module(module), name)(user, report, parties)
            merged["risk"] = facts.get("risk") or merged["risk"]
            merged["flags"] += facts.get("flags", [])
            merged["actions"] += facts.get("actions", [])
    return merged


def next_action(actions: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The action due first; undated actions come after every dated one."""
    if not actions:
        return None
    first = min(actions, key=lambda a: (a.get("due") is None, a.get("due") or date.max))
    due = first.get("due")
    return {**first, "overdue": due is not None and due < timezone.localdate()}


def case_header(user: User, report: Report, path: str = "") -> dict[str, Any]:
    """What the header of ``report``'s pages shows to ``user`` (see the module docstring)."""
    parties = visible_parties(user, report)
    names = reference.code_names(reference.offences())
    # one read of the offences, shared with the apps' facts (risk asks for them too)
    prefetch_related_objects([report], "offences")
    offences = [
        {"code": o.code, "name": names.get(o.code, o.code)}
        for o in sorted(report.offences.all(), key=lambda o: o.code)
    ]
    facts = _facts(user, report, parties)
    flags = []
    if any(p.person.protected for p in parties):
        flags.append("Protected person")
    flags += facts["flags"]
    if report.domestic_abuse:
        flags.append("Domestic abuse")
    if report.cyber_element:
        flags.append("Cyber element")
    actions = list(facts["actions"])
    if report.review_due:
        actions.append(
            {"label": "Report review", "due": report.review_due, "href": f"/reports/{report.pk}"}
        )
    officer = report.allocated_officer
    return {
        "id": report.pk,
        "reference": report.reference,
        "status": report.status_name,
        "offences": offences,
        "victims": _people(user, parties, Party.Role.VICTIM),
        "suspects": _people(user, parties, Party.Role.SUSPECT),
        "victims_hidden": not sees_victims(user) and user.role != Role.ADVOCATE,
        "suspects_hidden": not sees_suspects(user),
        "not_shown": NOT_SHOWN,
        "risk_shown": sees_victims(user),
        "risk": facts["risk"],
        "flags": flags,
        "officer": (officer.get_full_name() or officer.username) if officer else "",
        "next_action": next_action(actions),
        "links": sub_navigation(user.role, report.pk, path),
    }

"""Template context: the menu, built from each app's ``nav`` for the user's role."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.http import HttpRequest


def entries(attribute: str, role: str) -> list[dict[str, str]]:
    """``(label, path, roles)`` entries declared on the apps' configs, filtered by role."""
    out = []
    for config in apps.get_app_configs():
        for label, path, roles in getattr(config, attribute, ()):
            if role in roles:
                out.append({"label": label, "path": path})
    return out


WRITERS = ("officer", "supervisor", "admin")


def menu(role: str, path: str) -> list[dict[str, Any]]:
    """The service menu for a role: the house's own pages, then each app's ``nav``.

    The entry whose path is the longest prefix of the page's path is marked current.
    """
    items = [{"label": "My work", "path": "/"}]
    if role != "analyst":
        items += [{"label": "Reports", "path": "/reports"}, {"label": "People", "path": "/persons"}]
    if role in WRITERS:
        items.append({"label": "New report", "path": "/reports/new"})
    items += entries("nav", role)
    if role in ("offender_unit", "admin"):
        items.append({"label": "Purpose of access", "path": "/purpose"})
    best = max(
        (
            i
            for i in items
            if path == i["path"] or (i["path"] != "/" and path.startswith(i["path"]))
        ),
        key=lambda i: len(i["path"]),
        default=None,
    )
    return [{**i, "current": i is best} for i in items]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", "")
    if not role:
        return {"nav_entries": [], "menu": []}
    return {"nav_entries": entries("nav", role), "menu": menu(role, request.path)}


def panels(attribute: str, request: HttpRequest, user: Any, obj: Any) -> list[str]:
    """HTML panels that apps add to a page (``report_panels`` or ``person_panels``).

    Each entry on an app config is a dotted path to ``func(request, user, obj) -> str``
    returning rendered HTML, or ``""`` when it has nothing to show for this user.
    """
    out = []
    for config in apps.get_app_configs():
        for dotted in getattr(config, attribute, ()):
            module, _, name = dotted.rpartition(".")
            html = getattr(importlib.import_module(module), name)(request, user, obj)
            if html:
                out.append(html)
    return out

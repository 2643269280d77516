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


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", "")
    return {"nav_entries": entries("nav", role) if role else []}


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

"""Template context: the menu, built from each app's ``nav`` for the user's role."""

from __future__ import annotations

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

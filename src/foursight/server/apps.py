"""The domain apps and how the service finds their routers, pages, menu and commands.

Each app under ``foursight/<app>/`` may provide, by convention:

* ``api.py`` with ``router`` (a ninja Router) and ``PREFIX`` (its path under /api/v1);
* ``urls.py`` with ``urlpatterns`` for its pages;
* ``cli.py`` with ``register(subparsers)`` adding its ``foursight`` commands; it imports
  Django only inside the command handlers;
* ``demo_data.py`` with ``load() -> dict[str, int]``, run by ``foursight demo`` after the
  reports are loaded (in ``DOMAIN_APPS`` order), returning counts of what it made;
* on its ``AppConfig``: ``nav`` (menu entries) and ``report_links`` (sub-pages of a
  report, ``{id}`` in the path), each a tuple ``(label, path, roles)``; and
  ``report_panels`` / ``person_panels`` / ``stac_panels`` (the STAC case page) /
  ``offender_panels`` (an offender's page, ``obj`` is the offender) /
  ``home_panels`` (the My work page, ``obj`` is None): dotted paths
  to ``func(request, user, obj) -> str``
  whose HTML is shown on the report or person page (``""`` to show nothing); and
  ``case_facts``: dotted paths to ``func(user, report, parties) -> dict`` adding the
  latest risk, flags and next actions to the case header (``cases/header.py``).
"""

from __future__ import annotations

import importlib
from importlib.util import find_spec
from types import ModuleType

DOMAIN_APPS = (
    "accounts",
    "audit",
    "people",
    "cases",
    "evidence",
    "disclosure",
    "risk",
    "offenders",
    "operations",
    "orders",
    "prosecution",
    "casefiles",
    "intake",
    "insights",
)


def app_module(app: str, name: str) -> ModuleType | None:
    """``foursight.<app>.<name>`` if the app provides it."""
    dotted = f"foursight.{app}.{name}"
    if find_spec(f"foursight.{app}") is None or find_spec(dotted) is None:
        return None
    return importlib.import_module(dotted)

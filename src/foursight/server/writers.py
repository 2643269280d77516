"""Which modules may write to the database: the write-ownership rule, declared in one place.

Each app writes only its own tables, and only from its actions: ``<app>/actions.py`` and
``<app>/*_actions.py`` (an app with many actions splits them by subject). Besides those:

* its migrations;
* its demo loader (``demo_data.py``; ``cases/demo.py`` builds the whole synthetic force,
  users and persons included, in bulk for speed, so demo loaders may write any app's
  tables);
* the modules declared below, each with the reason it writes. They write their own app's
  tables only.

``tests/architecture/test_write_ownership.py`` reads the source and fails on any other
write (``.create``, ``.bulk_create``, ``.update``, ``.delete``, ``.save``,
``get_or_create``, ``update_or_create``, ``bulk_update``).
"""

from __future__ import annotations

ACTION_FILE = "actions.py"
ACTION_SUFFIX = "_actions.py"
DEMO_LOADERS = ("demo_data.py", "demo.py")

DECLARED_WRITERS: dict[str, str] = {
    "foursight.accounts.throttle": "counts sign-in attempts for the throttle (no personal data)",
    "foursight.accounts.twofactor": "second-factor enrolment: the user's own devices, audited",
    "foursight.evidence.jobs": "the evidence import job queue and its worker",
    "foursight.evidence.importing": "the import job: an exhibit, its original, custody",
    "foursight.evidence.storing": "the import job: stored contact events of an exhibit",
    "foursight.evidence.store": "the write-once originals store's custody entries",
    "foursight.evidence.analysis": "the import job: the conduct analysis and its rule hits",
    "foursight.intake.victim": "the victim's page: access, sessions and diary, audited",
    "foursight.intake.uploads": "the victim's page: uploads, audited",
    "foursight.orders.tasks": "the arrest task and risk review a breach raises, for orders actions",
}

"""Run breach detection after an evidence import finishes, once its transaction commits."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

log = logging.getLogger("foursight")


def _after_exhibit_saved(
    sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any
) -> None:
    from foursight.evidence.models import Exhibit

    if instance.status != Exhibit.Status.IMPORTED:
        return
    if update_fields is not None and "status" not in update_fields:
        return
    report_id = instance.report_id

    def run() -> None:
        from foursight.orders.detection_actions import detect_breaches

        try:
            detect_breaches(None, report_ids=[report_id])
        except Exception:  # the import has succeeded; a scan can be rerun on demand or by CLI
            log.exception("breach detection after the import into report %s failed", report_id)

    transaction.on_commit(run)


def connect() -> None:
    from foursight.evidence.models import Exhibit

    post_save.connect(
        _after_exhibit_saved, sender=Exhibit, dispatch_uid="orders-detect-after-import"
    )

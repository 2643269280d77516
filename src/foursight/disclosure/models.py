"""Redacted disclosure copies: a new file derived from an exhibit, a text or a schedule.

The original is never changed. A copy records the original's SHA-256, the SHA-256 of the
redacted file (kept write-once in the originals store, :mod:`foursight.evidence.store`)
and the redaction log: every proposed span with the officer's decision, and every span
the officer added, with who decided and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from foursight.cases.models import Report
from foursight.evidence.models import Exhibit


class RedactedCopy(models.Model):
    class Source(models.TextChoices):
        EXHIBIT = "exhibit", "Exhibit"
        TEXT = "text", "Pasted text"
        SCHEDULE = "schedule", "Schedule"

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="redacted_copies")
    exhibit = models.ForeignKey(
        Exhibit, null=True, blank=True, on_delete=models.PROTECT, related_name="redacted_copies"
    )
    source_kind = models.CharField(max_length=10, choices=Source.choices)
    title = models.CharField(max_length=200)
    original_sha256 = models.CharField(max_length=64)
    derived_sha256 = models.CharField(max_length=64)
    derived_size = models.BigIntegerField(default=0)
    tool = models.CharField(max_length=80)
    #: [{"start", "end", "entity", "score", "decision": accepted|rejected|added, "by", "at"}]
    log = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["report", "created_at"], name="redacted_copy_report")]

"""Exhibits, the originals they came from, their custody log, stored events and jobs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from foursight.cases.models import Occasion, Report
from foursight.people.models import Person


class Original(models.Model):
    """One original file in the write-once, content-addressed store (keyed by SHA-256)."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    size = models.BigIntegerField()
    stored_at = models.DateTimeField(auto_now_add=True)


class Exhibit(models.Model):
    """A file imported into a report under an exhibit reference, with its import context.

    Only an ``imported`` exhibit's events are evidence. ``storing`` is an import under
    way (or one whose process died, until the next import or worker pass finds it);
    ``failed`` is an import that did not complete: its stored rows are removed and
    importing the same file under the same reference again completes it."""

    class Status(models.TextChoices):
        STORING = "storing", "Storing events"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Import did not complete"

    class Kind(models.TextChoices):
        PHONE_EXPORT = "phone_export", "Phone export"
        BODY_WORN_VIDEO = "body_worn_video", "Body-worn video"
        CCTV = "cctv", "CCTV"
        PHOTOGRAPH = "photograph", "Photograph"
        SCREENSHOT = "screenshot", "Screenshot"
        DOCUMENT = "document", "Document"
        AUDIO = "audio", "Audio"

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="exhibits")
    reference = models.CharField(max_length=60)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PHONE_EXPORT)
    description = models.TextField(blank=True)
    produced_by = models.CharField(max_length=150, blank=True)
    seized_at = models.DateTimeField(null=True, blank=True)
    seized_where = models.CharField(max_length=200, blank=True)
    original = models.ForeignKey(Original, on_delete=models.PROTECT, related_name="exhibits")
    file_name = models.CharField(max_length=255)
    format = models.CharField(max_length=40, blank=True)
    parser_version = models.CharField(max_length=20, blank=True)
    victim_ids = models.JSONField(default=list)
    victim_names = models.JSONField(default=list)
    locale = models.CharField(max_length=20, blank=True)
    tz = models.CharField(max_length=60)
    consent_reference = models.CharField(max_length=80, blank=True)
    scope_from = models.DateField(null=True, blank=True)
    scope_to = models.DateField(null=True, blank=True)
    scope_apps = models.JSONField(default=list)
    scope_conversations = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.STORING)
    message = models.TextField(blank=True)
    events = models.IntegerField(default=0)
    duplicates = models.IntegerField(default=0)
    problems = models.JSONField(default=list)
    members = models.JSONField(default=list)
    derived_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "reference"], name="exhibit_ref_per_report"),
            models.UniqueConstraint(fields=["report", "original"], name="exhibit_file_per_report"),
        ]


class ExhibitLink(models.Model):
    """An exhibit's link to one occasion or one contact event it proves (exactly one)."""

    exhibit = models.ForeignKey(Exhibit, on_delete=models.PROTECT, related_name="links")
    occasion = models.ForeignKey(
        Occasion, null=True, blank=True, on_delete=models.PROTECT, related_name="exhibit_links"
    )
    event = models.ForeignKey(
        "StoredEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exhibit_links",
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(occasion__isnull=False) & models.Q(event__isnull=True))
                | (models.Q(occasion__isnull=True) & models.Q(event__isnull=False)),
                name="exhibit_link_one_target",
            ),
            models.UniqueConstraint(
                fields=["exhibit", "occasion"],
                condition=models.Q(occasion__isnull=False),
                name="exhibit_link_occasion_once",
            ),
            models.UniqueConstraint(
                fields=["exhibit", "event"],
                condition=models.Q(event__isnull=False),
                name="exhibit_link_event_once",
            ),
        ]


class CustodyEntry(models.Model):
    """One hash-chained custody entry. The chain is per exhibit reference within a report,
    so a rejected file (which leaves no exhibit) still has its entry."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="custody")
    exhibit_reference = models.CharField(max_length=60)
    seq = models.IntegerField()
    ts_utc = models.CharField(max_length=30)
    actor = models.CharField(max_length=150)
    action = models.CharField(max_length=30)
    input = models.JSONField(default=dict)
    tool = models.CharField(max_length=80)
    outputs = models.JSONField(default=list)
    basis = models.TextField(blank=True)
    detail = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["report", "exhibit_reference", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "exhibit_reference", "seq"], name="custody_seq_once"
            )
        ]


class AllRows(models.Manager[Any]):
    """Every row, evidence or not: for the import and its clean-up only."""


class EvidenceEvents(models.Manager["StoredEvent"]):
    """Events of imported exhibits only: rows an import is still writing, or left by an
    import that died, are never evidence (timeline, API, analysis, orders, risk)."""

    def get_queryset(self) -> models.QuerySet[StoredEvent]:
        return super().get_queryset().filter(exhibit__status=Exhibit.Status.IMPORTED)


class StoredEvent(models.Model):
    """A ContactEvent kept for a report. ``fingerprint`` identifies the same communication
    across overlapping exports; the first source is kept here, later ones in EventSource.

    ``objects`` sees only events of imported exhibits; ``all_rows`` (the import and its
    clean-up only) sees every row."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    exhibit = models.ForeignKey(Exhibit, on_delete=models.PROTECT, related_name="stored")
    event_id = models.CharField(max_length=32)
    fingerprint = models.CharField(max_length=32)
    source_sha256 = models.CharField(max_length=64)
    locator = models.CharField(max_length=200)
    channel = models.CharField(max_length=12)
    direction = models.CharField(max_length=8)
    counterpart_raw = models.CharField(max_length=300)
    counterpart = models.CharField(max_length=300)
    author_label = models.CharField(max_length=300)
    ts_raw = models.CharField(max_length=80)
    ts_utc = models.DateTimeField()
    tz_assumed = models.CharField(max_length=60)
    ts_confidence = models.CharField(max_length=12)
    body = models.TextField()
    kind = models.CharField(max_length=16)
    withheld = models.BooleanField(default=False)
    conversation = models.CharField(max_length=300)
    duration_s = models.FloatField(null=True)
    attachments = models.TextField()
    meta = models.TextField()
    parser = models.CharField(max_length=40)

    objects = EvidenceEvents()
    all_rows = AllRows()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "fingerprint"], name="event_once_per_report")
        ]
        indexes = [
            models.Index(fields=["report", "ts_utc", "id"], name="event_timeline"),
            models.Index(fields=["report", "counterpart", "ts_utc"], name="event_counterpart"),
        ]


class EvidenceSources(models.Manager["EventSource"]):
    """Sources from imported exhibits only (see :class:`EvidenceEvents`)."""

    def get_queryset(self) -> models.QuerySet[EventSource]:
        return super().get_queryset().filter(exhibit__status=Exhibit.Status.IMPORTED)


class EventSource(models.Model):
    """A further source of an already stored event (an overlapping export)."""

    event = models.ForeignKey(StoredEvent, on_delete=models.CASCADE, related_name="sources")
    exhibit = models.ForeignKey(Exhibit, on_delete=models.PROTECT, related_name="+")
    source_event_id = models.CharField(max_length=32)
    source_sha256 = models.CharField(max_length=64)
    locator = models.CharField(max_length=200)

    objects = EvidenceSources()
    all_rows = AllRows()


class Attribution(models.Model):
    """An officer's attribution of a counterpart identifier to a suspect on the report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attributions")
    identifier = models.CharField(max_length=300)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    basis = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "identifier"], name="attribution_once")
        ]


class Analysis(models.Model):
    """The latest course-of-conduct analysis of a report's events, and rule hits by event."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="+")
    result = models.TextField()
    heatmap = models.JSONField(default=list)
    tz = models.CharField(max_length=60, default="Europe/London")
    computed_at = models.DateTimeField()


class RuleHit(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    event_id = models.CharField(max_length=32)
    rule = models.CharField(max_length=20)
    severity = models.IntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["report", "rule"], name="rulehit_rule")]


class Job(models.Model):
    """A background import: queued, running (with progress), done or failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    exhibit = models.ForeignKey(Exhibit, null=True, on_delete=models.SET_NULL, related_name="+")
    exhibit_reference = models.CharField(max_length=60)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    attempts = models.IntegerField(default=0)
    message = models.TextField(blank=True)
    params = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [models.Index(fields=["status", "id"], name="job_queue")]

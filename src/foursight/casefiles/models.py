"""Case files for a charging decision and their issued, immutable versions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from foursight.cases.models import Report
from foursight.errors import Conflict


class CaseFile(models.Model):
    """The working case file of a report: the generated parts, the officer's free text,
    and where it stands (a draft, approved by a supervisor, or issued)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        ISSUED = "issued", "Issued"

    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="case_file")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    generated = models.JSONField(default=dict)
    generated_at = models.DateTimeField()
    edits = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True)


class VersionQuerySet(models.QuerySet["CaseFileVersion"]):
    """Issued versions are never changed or removed: bulk paths refuse too."""

    def update(self, **kwargs: Any) -> int:
        raise Conflict("An issued case-file version cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise Conflict("An issued case-file version cannot be removed.")


class CaseFileVersion(models.Model):
    """One issued version: its HTML and PDF in the write-once store, its manifest, and
    the SHA-256 of the manifest (which lists the hash of each part and cited exhibit)."""

    case_file = models.ForeignKey(CaseFile, on_delete=models.PROTECT, related_name="versions")
    n = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    html_sha256 = models.CharField(max_length=64)
    pdf_sha256 = models.CharField(max_length=64)
    manifest = models.TextField()
    content = models.JSONField(default=dict, help_text="the generated parts and edits issued")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField()

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["case_file", "n"]
        constraints = [models.UniqueConstraint(fields=["case_file", "n"], name="version_once")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise Conflict("An issued case-file version cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise Conflict("An issued case-file version cannot be removed.")

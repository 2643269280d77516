"""What the public and victims send in: online reports, anonymous information, the
victim's access links, sessions, diary entries and uploads.

Anonymous information holds no name of the person giving it, no contact detail, no
address of their computer and no browser details: the table has no column for any of them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from foursight.accounts.models import Unit
from foursight.cases.models import Report
from foursight.people.models import Person


class TriageStatus(models.TextChoices):
    NEW = "new", "Awaiting review"
    ACCEPTED = "accepted", "Accepted"
    QUERIED = "queried", "Queried"
    CLOSED = "closed", "No further action"


class OnlineReport(models.Model):
    """A report made on the public form: the answers as given, held here until an officer
    triages it; the crime report itself (channel ``online``) is in the cases app."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="online")
    received_at = models.DateTimeField(db_index=True)
    postcode = models.CharField(max_length=10)
    borough = models.CharField(max_length=60)
    what_happened = models.TextField()
    started = models.CharField(max_length=100, blank=True)
    suspect = models.JSONField(default=dict, help_text="name, relationship, identifiers")
    reporter = models.JSONField(default=dict, help_text="name, phone, email, address")
    safe_contact = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=TriageStatus.choices, default="new")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_at", "id"]


class IntelligenceItem(models.Model):
    """Information about a person, given anonymously; graded with 3x5x2 by an officer."""

    class Source(models.TextChoices):
        RELIABLE = "1", "1 - Reliable"
        UNTESTED = "2", "2 - Untested"
        NOT_RELIABLE = "3", "3 - Not reliable"

    class Assessment(models.TextChoices):
        A = "A", "A - Known directly to the source"
        B = "B", "B - Known indirectly, corroborated"
        C = "C", "C - Known indirectly to the source"
        D = "D", "D - Not known"
        E = "E", "E - Suspected to be false or malicious"

    class Handling(models.TextChoices):
        P = "P", "P - Lawful sharing permitted"
        C = "C", "C - Lawful sharing permitted with conditions"

    reference = models.CharField(max_length=20, unique=True)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="intelligence"
    )
    received_at = models.DateTimeField(db_index=True)
    about_name = models.CharField(max_length=200, blank=True)
    identifiers = models.JSONField(default=list, help_text="[{kind, value}] about the subject")
    place = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    borough = models.CharField(max_length=60, blank=True)
    what = models.TextField()
    status = models.CharField(max_length=10, choices=TriageStatus.choices, default="new")
    source_evaluation = models.CharField(max_length=1, choices=Source.choices, blank=True)
    assessment = models.CharField(max_length=1, choices=Assessment.choices, blank=True)
    handling = models.CharField(max_length=1, choices=Handling.choices, blank=True)
    handling_conditions = models.TextField(blank=True)
    sanitised = models.TextField(blank=True, help_text="the wording that may be disseminated")
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="intelligence"
    )

    class Meta:
        ordering = ["received_at", "id"]

    @property
    def grading(self) -> str:
        """The 3x5x2 grade as written on an intelligence report, e.g. ``2C P``."""
        if not self.source_evaluation:
            return ""
        return f"{self.source_evaluation}{self.assessment} {self.handling}"


class VictimAccess(models.Model):
    """A private link with a passcode, given by an officer to the victim of a report.

    Only digests are stored: the token as SHA-256 and the passcode as a password hash.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="victim_links")
    token_digest = models.CharField(max_length=64, unique=True)
    passcode_hash = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class VictimSession(models.Model):
    """A signed-in victim: the bearer token's SHA-256, short-lived."""

    access = models.ForeignKey(VictimAccess, on_delete=models.CASCADE, related_name="sessions")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()


class DiaryEntry(models.Model):
    """One incident in the victim's own words; an occasion only when an officer accepts it."""

    access = models.ForeignKey(VictimAccess, on_delete=models.PROTECT, related_name="diary")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="diary")
    submitted_at = models.DateTimeField(db_index=True)
    occurred_at = models.DateTimeField()
    place = models.CharField(max_length=200, blank=True)
    what_happened = models.TextField()
    effect = models.TextField(blank=True)
    witnesses = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=TriageStatus.choices, default="new")
    officer_note = models.TextField(blank=True)
    occasion_id = models.BigIntegerField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]


class VictimUpload(models.Model):
    """A file the victim sent from their page, imported as an exhibit of the report."""

    access = models.ForeignKey(VictimAccess, on_delete=models.PROTECT, related_name="uploads")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="victim_uploads")
    diary_entry = models.ForeignKey(
        DiaryEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    submitted_at = models.DateTimeField()
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    bytes = models.BigIntegerField()
    kind = models.CharField(max_length=10, help_text="export or picture")
    exhibit_reference = models.CharField(max_length=60)

    class Meta:
        ordering = ["submitted_at", "id"]

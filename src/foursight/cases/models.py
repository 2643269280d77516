"""Reports (crime reports), their offences, parties, occasions and outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from foursight.accounts.models import Unit
from foursight.core import reference
from foursight.people.models import Person


class StacDecision(models.TextChoices):
    """The STAC's decision on a referral; blank while it waits for one."""

    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Report(models.Model):
    reference = models.CharField(max_length=30, unique=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports")
    reported_at = models.DateTimeField(db_index=True)
    channel = models.CharField(max_length=20)
    status = models.CharField(max_length=20, default="open", db_index=True)
    summary = models.TextField(blank=True)
    domestic_abuse = models.BooleanField(
        default=False, help_text="the conduct is domestic abuse (Domestic Abuse Act 2021 s.1)"
    )
    cyber_element = models.BooleanField(
        default=False, help_text="online or digital means were used (messages, apps, tracking)"
    )
    allocated_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="allocated_reports",
    )
    review_due = models.DateField(null=True, blank=True)
    stac_referred_at = models.DateTimeField(null=True, blank=True)
    stac_reason = models.TextField(blank=True, help_text="the referring officer's reason")
    stac_referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stac_decision = models.CharField(
        max_length=10, blank=True, choices=StacDecision.choices, db_index=True
    )
    stac_decision_reason = models.TextField(blank=True)
    stac_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stac_decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return self.reference

    @property
    def status_name(self) -> str:
        return reference.code_names(reference.vocabulary("report_statuses")).get(
            self.status, self.status
        )


class Offence(models.Model):
    """An offence recorded on a report, by Home Office code from ``core/data/offences.json``."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="offences")
    code = models.CharField(max_length=10, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "code"], name="offence_once_per_report")
        ]


class Party(models.Model):
    """A person's part in a report: victim, suspect or witness."""

    class Role(models.TextChoices):
        VICTIM = "victim", "Victim"
        SUSPECT = "suspect", "Suspect"
        WITNESS = "witness", "Witness"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="parties")
    role = models.CharField(max_length=10, choices=Role.choices)
    relationship = models.CharField(
        max_length=20, blank=True, help_text="the suspect's relationship to the victim"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "person", "role"], name="party_once_per_role")
        ]
        indexes = [models.Index(fields=["person", "role"])]


class Occasion(models.Model):
    """One incident within a report's course of conduct."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="occasions")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    behaviours = models.JSONField(default=list)
    location = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="occasion_ends_after_start",
            )
        ]


class Outcome(models.Model):
    """The report's Home Office outcome, charge and court dates."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="outcome")
    code = models.CharField(max_length=4, db_index=True)
    outcome_date = models.DateField()
    charge = models.CharField(max_length=200, blank=True)
    charged_on = models.DateField(null=True, blank=True)
    first_hearing = models.DateField(null=True, blank=True)
    trial_date = models.DateField(null=True, blank=True)
    withdrawal_reason = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class AdvocateAssignment(models.Model):
    """A victim referred, with consent, to a victim advocate: the advocate's need to know."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="advocates")
    advocate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    consent_reference = models.CharField(max_length=80)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["party", "advocate"], name="one_assignment_per_advocate"
            )
        ]

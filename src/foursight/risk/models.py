"""Risk tables: versioned assessments, reassessment requests, STAC conferences, plans, referrals.

Assessments are written once and never changed: a reassessment is a new row with the next
version number for the same victim, suspect and instrument, so the history and its trend
are always there. Every row belongs to a report and goes when the report goes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from foursight.cases.models import Party, Report


class Assessment(models.Model):
    """One completed instrument for a victim-suspect pair in a report, as the engine scored it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="assessments")
    victim = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    suspect = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(max_length=10, db_index=True)
    definition_version = models.CharField(max_length=20)
    version = models.PositiveIntegerField(help_text="1 for the first assessment of the pair")
    answers = models.JSONField(default=dict)
    judgement_level = models.CharField(max_length=10, blank=True)
    rationale = models.TextField(blank=True)
    context = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    score = models.IntegerField(null=True)
    level = models.CharField(max_length=10, blank=True)
    marac_referral = models.BooleanField(default=False)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessor_name = models.CharField(max_length=150)
    assessed_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["assessed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["victim", "suspect", "instrument", "version"],
                name="assessment_version_once",
            )
        ]


class ReassessmentRequest(models.Model):
    """A reason to reassess (breach, threat hits, escalation, a person's request) and its due date.

    Open until an assessment of the report is recorded after it was raised. New occasions
    and the review interval need no row: they are read from the report (see ``tasks.py``).
    """

    class Reason(models.TextChoices):
        BREACH = "breach", "Breach of an order or condition"
        THREAT_HITS = "threat_hits", "New threat hits in the evidence"
        ESCALATION = "escalation", "Escalation"
        REQUESTED = "requested", "Requested by a colleague"

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="reassessment_requests"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True)
    due_on = models.DateField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(db_index=True)


class Agency(models.TextChoices):
    POLICE = "police", "Police"
    MENTAL_HEALTH = "mental_health", "Mental health"
    PROBATION = "probation", "Probation"
    ADVOCATE_SERVICE = "advocate_service", "Advocate service"
    OTHER = "other", "Other"


class CaseConference(models.Model):
    """A STAC case conference: who attended for which agency, and what was decided."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="conferences")
    held_on = models.DateField()
    attendees = models.JSONField(default=list, help_text='[{"name": ..., "agency": ...}]')
    decisions = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]


class Plan(models.Model):
    """The report's management plan: one per report, with its next review date."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="plan")
    review_on = models.DateField()
    summary = models.TextField(blank=True)
    updated_at = models.DateTimeField()


class PlanAction(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    agency = models.CharField(max_length=20, choices=Agency.choices)
    description = models.TextField()
    owner = models.CharField(max_length=150)
    due_on = models.DateField(db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "id"]


class Referral(models.Model):
    """A referral of a victim's case to another service, with the victim's consent recorded."""

    class Kind(models.TextChoices):
        MARAC = "marac", "MARAC"
        MAPPA = "mappa", "MAPPA"
        ADVOCATE = "advocate", "Victim advocate service"
        BEHAVIOUR_CHANGE = "behaviour_change", "Behaviour-change programme"
        MENTAL_HEALTH = "mental_health", "Mental-health services"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="referrals")
    victim = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    referred_on = models.DateField()
    consent = models.BooleanField(help_text="the victim consented to the referral")
    consent_note = models.CharField(
        max_length=200, help_text="how consent was given, or why it was not needed"
    )
    mappa_category = models.PositiveSmallIntegerField(null=True)
    mappa_level = models.PositiveSmallIntegerField(null=True)
    advocate = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    support_needs = models.TextField(blank=True)
    reason = models.TextField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField()

    class Meta:
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="mappa")
                | (
                    models.Q(mappa_category__gte=1, mappa_category__lte=3)
                    & models.Q(mappa_level__gte=1, mappa_level__lte=3)
                ),
                name="mappa_category_and_level",
            )
        ]

"""Perpetrator interventions: a suspect referred to a programme, MAPPA or probation.

They sit with the offenders because their subject is the perpetrator, across reports,
and the people who manage them (the offender unit, probation liaison) work here;
``risk.Referral`` stays the victim's onward referrals, made with the victim's consent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from foursight.cases.models import Report
from foursight.core import interventions as rules
from foursight.people.models import Person


class Intervention(models.Model):
    """One referral of a person (a suspect) to an intervention, with its current status."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interventions")
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="interventions"
    )
    kind = models.CharField(max_length=20, choices=list(rules.KINDS.items()))
    provider = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=list(rules.STATUSES.items()), db_index=True)
    status_on = models.DateField()
    mappa_category = models.PositiveSmallIntegerField(null=True, blank=True)
    mappa_level = models.PositiveSmallIntegerField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True, db_index=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-status_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="mappa")
                    & models.Q(mappa_category__gte=1, mappa_category__lte=3)
                    & models.Q(mappa_level__gte=1, mappa_level__lte=3)
                )
                | (
                    ~models.Q(kind="mappa")
                    & models.Q(mappa_category__isnull=True, mappa_level__isnull=True)
                ),
                name="intervention_mappa_details",
            )
        ]


class InterventionStatus(models.Model):
    """One step of an intervention's status history: what, when, why (if it went back)."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=12, choices=list(rules.STATUSES.items()))
    on = models.DateField()
    reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["on", "id"]


class MappaReview(models.Model):
    """A MAPPA review meeting: its date, the level it set and the next review."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    mappa_level = models.PositiveSmallIntegerField()
    next_review_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["held_on", "id"]

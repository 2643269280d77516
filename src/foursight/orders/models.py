"""Protective orders, their conditions, breaches (potential and confirmed) and breach tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from foursight.cases.models import Occasion, Report
from foursight.people.models import Person


class OrderKind(models.TextChoices):
    RESTRAINING_CONVICTION = "restraining_conviction", "Restraining order (on conviction)"
    RESTRAINING_ACQUITTAL = "restraining_acquittal", "Restraining order (on acquittal)"
    SPO_INTERIM = "spo_interim", "Interim Stalking Protection Order"
    SPO = "spo", "Stalking Protection Order"
    NON_MOLESTATION = "non_molestation", "Non-molestation order"
    DAPO = "dapo", "Domestic abuse protection order"


class Order(models.Model):
    """A court order protecting one or more persons from its subject.

    It runs from ``made_on`` to ``expires_on`` inclusive, or until further order; it ends
    early when ``discharged_on`` is set. For a Stalking Protection Order (full or interim)
    the subject must notify name and address within 3 days of service (``served_on``);
    ``notified_on`` records when they did.
    """

    kind = models.CharField(max_length=24, choices=OrderKind.choices)
    subject = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="orders_against")
    protected = models.ManyToManyField(Person, related_name="orders_protecting")
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    court = models.CharField(max_length=200)
    court_reference = models.CharField(max_length=60, blank=True)
    made_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    until_further_order = models.BooleanField(default=False)
    served_on = models.DateField(null=True, blank=True)
    notified_on = models.DateField(null=True, blank=True)
    discharged_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-made_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until_further_order=True, expires_on__isnull=True)
                | models.Q(until_further_order=False, expires_on__isnull=False),
                name="order_expiry_or_until_further_order",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("made_on")),
                name="order_expires_after_made",
            ),
        ]
        indexes = [models.Index(fields=["expires_on"])]


class Condition(models.Model):
    """One structured term of an order."""

    class Kind(models.TextChoices):
        NO_CONTACT = "no_contact", "No contact with named persons by any means"
        EXCLUSION_ADDRESS = "exclusion_address", "Exclusion zone around an address"
        EXCLUSION_POSTCODE = "exclusion_postcode", "Exclusion zone: radius around a postcode"
        NO_SOCIAL_MEDIA = "no_social_media", "No social-media contact"
        REQUIREMENT = "requirement", "Positive requirement"
        OTHER = "other", "Other"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    persons = models.ManyToManyField(Person, blank=True, related_name="+")
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    radius_m = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]


class Breach(models.Model):
    """A breach of an order: recorded by an officer, or detected and awaiting a decision."""

    class Status(models.TextChoices):
        POTENTIAL = "potential", "Potential (to confirm or dismiss)"
        CONFIRMED = "confirmed", "Confirmed"
        DISMISSED = "dismissed", "Dismissed"

    class Source(models.TextChoices):
        RECORDED = "recorded", "Recorded by an officer"
        DETECTED = "detected", "Detected in evidence"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="breaches")
    status = models.CharField(max_length=10, choices=Status.choices, db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    occurred_at = models.DateTimeField()
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="breaches"
    )
    occasions = models.ManyToManyField(Occasion, blank=True, related_name="breaches")
    description = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]


class BreachEvent(models.Model):
    """A stored contact event behind a detected breach, as it was when matched.

    ``event_key`` is the evidence event id; the snapshot keeps the match readable even if
    the event is later withdrawn from evidence.
    """

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="events")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="+")
    event_key = models.CharField(max_length=80)
    ts_utc = models.DateTimeField()
    channel = models.CharField(max_length=20)
    kind = models.CharField(max_length=20)
    direction = models.CharField(max_length=10)
    counterpart = models.CharField(max_length=300)
    matched_identifier = models.CharField(max_length=300)
    protected_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["ts_utc", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "event_key"], name="event_once_per_order")
        ]


class BreachTask(models.Model):
    """Work a confirmed breach creates: arrest the subject, review the victim's risk."""

    class Kind(models.TextChoices):
        ARREST = "arrest", "Arrest the subject"
        RISK_REVIEW = "risk_review", "Review the protected person's risk"

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["breach", "kind"], name="one_task_kind_per_breach")
        ]

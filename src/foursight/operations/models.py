"""Operations, their targets, the outcome of each target, charges, and compliance checks."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from foursight.accounts.models import Unit
from foursight.cases.models import Report
from foursight.people.models import Person


class Operation(models.Model):
    """A time-boxed operation by an offender unit or a BCU, with its target list."""

    name = models.CharField(max_length=120)
    objective = models.TextField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    units = models.ManyToManyField(Unit, related_name="operations")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="led_operations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="operation_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """A person an operation is looking for, and how that ended."""

    class Status(models.TextChoices):
        OUTSTANDING = "outstanding", "Outstanding"
        ARRESTED = "arrested", "Arrested"
        CIRCULATED = "circulated_as_wanted", "Circulated as wanted"
        ELIMINATED = "eliminated", "Eliminated from enquiries"

    class Source(models.TextChoices):
        HIGHEST_HARM = "highest_harm", "Highest-harm list"
        OUTSTANDING = "outstanding_suspects", "Outstanding-suspects list"
        NAMED = "named", "Named person"

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="targets")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="targets")
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bcu = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=24, choices=Source.choices, default=Source.NAMED)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_targets",
    )
    status = models.CharField(
        max_length=24, choices=Status.choices, default=Status.OUTSTANDING, db_index=True
    )
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    offences = models.JSONField(default=list, help_text="offence codes arrested for")
    circulation_reference = models.CharField(max_length=60, blank=True)
    elimination_reason = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "person"], name="target_once_per_op")
        ]


class RemovedTarget(models.Model):
    """A target taken off an operation's list, with who removed it, when and why.

    The target row goes (so the person may be added again later); this row keeps the
    operation's history of what its list held and why it changed.
    """

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="removals")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    bcu = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=24, choices=Target.Source.choices)
    status = models.CharField(max_length=24, choices=Target.Status.choices)
    target_ref = models.PositiveIntegerField(help_text="the removed target's number")
    added_at = models.DateTimeField()
    reason = models.TextField()
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-removed_at", "-id"]


class Charge(models.Model):
    """A charge that followed a target's arrest."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="charges")
    charged_on = models.DateField()
    offences = models.JSONField(default=list)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["charged_on", "id"]


class ComplianceCheck(models.Model):
    """A compliance check or visit to a known offender, with when the next one is due."""

    class Kind(models.TextChoices):
        COMPLIANCE = "compliance_check", "Compliance check"
        VISIT = "visit", "Visit"

    class Result(models.TextChoices):
        COMPLIANT = "compliant", "Compliant"
        NON_COMPLIANT = "non_compliant", "Not compliant"
        NO_CONTACT = "no_contact", "No contact made"
        ARRESTED = "arrested", "Arrested"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="compliance_checks")
    operation = models.ForeignKey(
        Operation, null=True, blank=True, on_delete=models.SET_NULL, related_name="checks"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    checked_at = models.DateTimeField()
    result = models.CharField(max_length=20, choices=Result.choices)
    notes = models.TextField(blank=True)
    next_due = models.DateField(null=True, blank=True, db_index=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    bcu = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The condition the check checks: one of an order's or of a bail's (or none).
    order_condition = models.ForeignKey(
        "orders.Condition", null=True, blank=True, on_delete=models.SET_NULL, related_name="checks"
    )
    bail_condition = models.ForeignKey(
        "prosecution.BailCondition",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checks",
    )
    condition_text = models.CharField(
        max_length=300, blank=True, help_text="the condition as it read when checked"
    )
    breach = models.ForeignKey(
        "orders.Breach", null=True, blank=True, on_delete=models.SET_NULL, related_name="checks"
    )

    class Meta:
        ordering = ["-checked_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(order_condition__isnull=True)
                | models.Q(bail_condition__isnull=True),
                name="check_names_one_condition",
            )
        ]


class BailBreachTask(models.Model):
    """A failed check of a bail condition: arrest the suspect for breach of bail (PACE s.46A)."""

    check_made = models.OneToOneField(
        ComplianceCheck, on_delete=models.CASCADE, related_name="bail_breach_task"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    bail_condition = models.ForeignKey(
        "prosecution.BailCondition", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_at = models.DateTimeField(db_index=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at", "id"]

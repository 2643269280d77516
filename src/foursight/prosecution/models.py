"""Each suspect's path through a case: arrest, interview, bail, charge, court, sentence, release.

One :class:`Step` per event on one suspect of one report; the kind-specific fields are in
``data`` (validated by :mod:`foursight.core.path`), and the conditions of a bail are rows
of their own (:class:`BailCondition`) so that a compliance check can name the one it
checks. An arrest or charge made in an operation is the same step, linked to the
operation's target: there is no second record of it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from foursight.cases.models import Party, Report


def path_order() -> tuple[str | models.OrderBy, ...]:
    """Time order of steps: the day, then the time where there is one (a dated step after
    the timed steps of its day), then the order recorded."""
    return ("occurred_on", models.F("occurred_at").asc(nulls_last=True), "id")


class StepKind(models.TextChoices):
    ARREST = "arrest", "Arrest"
    INTERVIEW = "interview", "Interview"
    CUSTODY_DECISION = "custody_decision", "Custody decision"
    BAIL = "bail", "Released on bail"
    RUI = "rui", "Released under investigation"
    NFA = "nfa", "No further action"
    CAUTION = "caution", "Caution"
    COMMUNITY_RESOLUTION = "community_resolution", "Community resolution"
    CHARGE = "charge", "Charge"
    REMAND = "remand", "Remanded in custody"
    COURT_BAIL = "court_bail", "Bailed to court"
    HEARING = "hearing", "Hearing"
    PLEA = "plea", "Plea"
    VERDICT = "verdict", "Verdict"
    SENTENCE = "sentence", "Sentence"
    RELEASE = "release", "Release from custody"
    OUTCOME = "outcome", "Outcome set by an officer"


class Step(models.Model):
    """One event on a suspect's path. ``occurred_on`` is its date (the day of ``occurred_at``
    for the kinds that have a time: arrest, interview, custody decision)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="path_steps")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="path_steps")
    kind = models.CharField(max_length=24, choices=StepKind.choices)
    occurred_at = models.DateTimeField(null=True, blank=True)
    occurred_on = models.DateField()
    data = models.JSONField(default=dict)
    operation_target = models.ForeignKey(
        "operations.Target",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="path_steps",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "occurred_at", "id"]
        indexes = [
            models.Index(fields=["kind", "occurred_on"]),
            models.Index(fields=["party", "occurred_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"


class BailCondition(models.Model):
    """One condition of a bail (police or court), addressable by id."""

    class Kind(models.TextChoices):
        NO_CONTACT = "no_contact", "No contact with named persons"
        EXCLUSION_ZONE = "exclusion_zone", "Exclusion zone"
        CURFEW = "curfew", "Curfew"
        RESIDENCE = "residence", "Live and sleep at an address"
        REPORTING = "reporting", "Report to a police station"
        OTHER = "other", "Other"

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text}"

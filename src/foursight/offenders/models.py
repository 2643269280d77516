"""Offender linkage and harm ranking: mentions, identities, runs, decisions, rankings.

A *mention* is what one report says about its suspect (one per suspect party), raw and
cleaned by the core. A link run groups mentions into *offenders* (persistent identities
``P000000001`` ...), stores the scored pairs (edges) and logs merges and splits. Reviewer
decisions on pairs outrank the model on every later run. A harm ranking is a stored,
reproducible V100-style list with the index and window that produced it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from foursight.accounts.models import Unit
from foursight.cases.models import Party, Report
from foursight.people.models import Person


class LinkModel(models.Model):
    """Trained linkage parameters (the core's ModelParams JSON) with their version."""

    created_at = models.DateTimeField(auto_now_add=True)
    spec_version = models.CharField(max_length=40)
    trained_on = models.CharField(max_length=20, help_text="backend that trained it")
    source = models.CharField(max_length=20, help_text="database or synthetic")
    n_mentions = models.PositiveIntegerField()
    params = models.TextField()

    class Meta:
        ordering = ["-created_at", "-id"]


class LinkRun(models.Model):
    """One run of linkage over every mention in the database."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    backend = models.CharField(max_length=10)
    model = models.ForeignKey(LinkModel, on_delete=models.PROTECT, related_name="runs")
    mentions = models.PositiveIntegerField()
    offenders = models.PositiveIntegerField()
    links = models.PositiveIntegerField()
    review = models.PositiveIntegerField()
    largest = models.PositiveIntegerField()
    next_seq = models.PositiveIntegerField()
    thresholds = models.JSONField(default=dict)
    alerts = models.JSONField(default=list)
    timings = models.JSONField(default=dict)
    unmet_decisions = models.JSONField(default=list)

    class Meta:
        ordering = ["-id"]


class Offender(models.Model):
    """A persistent offender identity; a merged-away identity stays, inactive."""

    code = models.CharField(max_length=12, unique=True)
    active = models.BooleanField(default=True, db_index=True)
    merged_into = models.CharField(max_length=12, blank=True)
    mention_count = models.PositiveIntegerField(default=0)
    report_count = models.PositiveIntegerField(default=0, db_index=True)
    first_run = models.ForeignKey(LinkRun, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Mention(models.Model):
    """One suspect party on one report, raw as recorded and cleaned by the core."""

    mention_id = models.CharField(max_length=20, unique=True)
    party = models.OneToOneField(Party, on_delete=models.CASCADE, related_name="mention")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentions")
    raw = models.JSONField(default=dict, help_text="first_name, surname, dob, phone ... as given")
    clean = models.JSONField(default=dict, help_text="the core's cleaned values")
    offender = models.ForeignKey(
        Offender, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["mention_id"]


class Edge(models.Model):
    """A scored pair from the latest run (review band and above) and its status."""

    class Status(models.TextChoices):
        LINK = "link", "Linked automatically"
        REVIEW = "review", "Awaiting review"
        MUST_LINK = "must_link", "Same person (reviewer)"
        CANNOT_LINK = "cannot_link", "Not the same person (reviewer)"

    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="edges")
    left = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField()
    status = models.CharField(max_length=12, choices=Status.choices, db_index=True)
    same_person = models.BooleanField()
    weights = models.JSONField(default=dict, help_text="match weight per compared field")

    class Meta:
        ordering = ["same_person", "-match_probability", "id"]


class Decision(models.Model):
    """A reviewer's decision on a pair of mentions; later runs respect it."""

    class Kind(models.TextChoices):
        MUST_LINK = "must_link", "Same person"
        CANNOT_LINK = "cannot_link", "Not the same person"

    mention_a = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="+")
    mention_b = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mention_a", "mention_b"], name="one_decision_per_pair")
        ]


class IdentityLog(models.Model):
    """A merge (others folded into ``code``) or split (new ``others`` from ``code``)."""

    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="identity_log")
    kind = models.CharField(max_length=10)
    code = models.CharField(max_length=12, db_index=True)
    others = models.JSONField(default=list)


class HarmRanking(models.Model):
    """A stored highest-harm list for the force (``unit`` null) or one BCU."""

    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    link_run = models.ForeignKey(LinkRun, on_delete=models.PROTECT, related_name="+")
    index_id = models.CharField(max_length=40)
    index_name = models.CharField(max_length=120)
    index_version = models.CharField(max_length=120)
    as_of = models.DateTimeField()
    window_days = models.PositiveIntegerField()
    top_n = models.PositiveIntegerField()
    config = models.JSONField(default=dict)
    unverified_codes = models.JSONField(default=list)
    unweighted_codes = models.JSONField(default=list)
    scored = models.PositiveIntegerField(help_text="offenders with a crime in the window")

    class Meta:
        ordering = ["-created_at", "-id"]


class HarmEntry(models.Model):
    """One offender's place in a ranking, with what each report contributed."""

    ranking = models.ForeignKey(HarmRanking, on_delete=models.CASCADE, related_name="entries")
    rank = models.PositiveIntegerField()
    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="harm_entries")
    score = models.FloatField()
    crimes = models.PositiveIntegerField()
    victims = models.PositiveIntegerField()
    gravity = models.FloatField()
    frequency = models.FloatField()
    multiplier = models.FloatField()
    bcus = models.JSONField(default=list)
    breakdown = models.JSONField(default=list)

    class Meta:
        ordering = ["ranking", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "rank"], name="one_entry_per_rank")
        ]


# Interventions live in their own module; importing them here registers them with the app.
from foursight.offenders.intervention_models import (  # noqa: E402, F401
    Intervention,
    InterventionStatus,
    MappaReview,
)

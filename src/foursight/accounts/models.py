"""Users, roles, units (force > BCU > borough) and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Unit(models.Model):
    """A policing unit: the force, a Basic Command Unit, or a borough within a BCU."""

    class Kind(models.TextChoices):
        FORCE = "force", "Force"
        BCU = "bcu", "Basic Command Unit"
        BOROUGH = "borough", "Borough"

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="force", parent__isnull=True) | ~models.Q(kind="force"),
                name="unit_force_has_no_parent",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def bcu_id(self) -> int | None:
        """The BCU this unit belongs to (itself for a BCU, none for the force)."""
        if self.kind == self.Kind.BCU:
            return self.pk
        if self.kind == self.Kind.BOROUGH:
            return self.parent_id
        return None


class Role(models.TextChoices):
    OFFICER = "officer", "Investigating officer"
    SUPERVISOR = "supervisor", "Supervisor"
    STAC = "stac", "Stalking Threat Assessment Centre"
    OFFENDER_UNIT = "offender_unit", "Predatory Offender Unit"
    ADVOCATE = "advocate", "Victim advocate"
    ANALYST = "analyst", "Performance analyst"
    ADMIN = "admin", "Administrator"


class User(AbstractUser):
    """A Foursight user: one role, one home unit (a BCU, or the force for force-wide roles)."""

    role = models.CharField(max_length=20, choices=Role.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="users")

    REQUIRED_FIELDS = ["email"]

    @property
    def home_bcu_id(self) -> int | None:
        return self.unit.bcu_id


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 is stored, so a database leak reveals no token."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked = models.BooleanField(default=False)


class LoginAttempt(models.Model):
    """Every login attempt, for throttling repeated failures and for the audit trail."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)
    success = models.BooleanField()

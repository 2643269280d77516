"""Persons (nominals): names, aliases, partial dates of birth, identifiers, protection."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NON_BINARY = "non_binary", "Non-binary"
    UNKNOWN = "unknown", "Not known"


class Person(models.Model):
    """A person as recorded on one or more reports.

    The date of birth may be partial (year, or year and month) or unknown. A protected
    person (for example a victim at high risk or in a witness scheme) is visible only to
    users granted access to them; everyone else sees "Protected person".
    """

    first_names = models.CharField(max_length=120, blank=True)
    surname = models.CharField(max_length=120, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=12, choices=Gender.choices, default=Gender.UNKNOWN)
    protected = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["surname", "first_names"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_day__isnull=True) | models.Q(birth_month__isnull=False),
                name="person_day_needs_month",
            ),
            models.CheckConstraint(
                condition=models.Q(birth_month__isnull=True) | models.Q(birth_year__isnull=False),
                name="person_month_needs_year",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return (
            " ".join(p for p in (self.first_names, self.surname.upper()) if p) or "(name not known)"
        )

    @property
    def date_of_birth(self) -> str:
        """ISO 8601 with reduced precision: ``1990-04-12``, ``1990-04``, ``1990`` or ``""``."""
        if self.birth_year is None:
            return ""
        parts = [f"{self.birth_year:04d}"]
        if self.birth_month is not None:
            parts.append(f"{self.birth_month:02d}")
            if self.birth_day is not None:
                parts.append(f"{self.birth_day:02d}")
        return "-".join(parts)


class Alias(models.Model):
    class Kind(models.TextChoices):
        ALIAS = "alias", "Alias"
        NICKNAME = "nickname", "Nickname"
        PREVIOUS = "previous", "Previous name"
        SPELLING = "spelling", "Alternative spelling"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    first_names = models.CharField(max_length=120, blank=True)
    surname = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ALIAS)


class Identifier(models.Model):
    """A phone, e-mail, handle, vehicle or address, raw as given and normalised."""

    class Kind(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "E-mail"
        HANDLE = "handle", "Social-media handle"
        VEHICLE = "vehicle", "Vehicle registration"
        ADDRESS = "address", "Address"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    raw = models.CharField(max_length=300)
    normalised = models.CharField(max_length=300, blank=True, db_index=True)
    platform = models.CharField(max_length=40, blank=True)
    postcode = models.CharField(max_length=10, blank=True)


class ProtectedAccessGrant(models.Model):
    """A user allowed to see a protected person, with who granted it and why."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="protected_grants"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "user"], name="one_grant_per_user")
        ]

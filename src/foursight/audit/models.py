"""The audit log (Data Protection Act 2018 s.62): append-only, hash-chained."""

from __future__ import annotations

from django.db import models

from foursight.audit.vocabulary import ObjectType, Verb


class AuditEntry(models.Model):
    """One consultation or change of personal data.

    ``hash`` is an HMAC over the previous entry's hash and this entry's canonical form, so
    altering, inserting or removing any row breaks the chain (``foursight audit verify``).
    Database triggers refuse UPDATE and DELETE on this table.
    """

    # Verbs and object types come from ``foursight.audit.vocabulary``; entries written
    # before it keep their stored verb (the chain is never rewritten): ``Verb.read`` maps it.
    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    actor = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Verb.choices)
    object_type = models.CharField(max_length=40, choices=ObjectType.choices)
    object_id = models.CharField(max_length=64, blank=True)
    justification = models.TextField(blank=True)
    detail = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor_id", "at"]),
        ]

    @property
    def verb(self) -> Verb:
        """The entry's verb, read in today's vocabulary even if stored in the old one."""
        return Verb.read(self.action)


class AuditHead(models.Model):
    """The single row holding the chain's last sequence number and hash.

    Appends lock it, so entries are numbered without gaps even with several writers, and
    verification checks that the chain ends where the head says (a removed tail shows).
    """

    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)

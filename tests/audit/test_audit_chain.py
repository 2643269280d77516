"""The audit chain: every read and change is logged, and tampering is caught."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from foursight.audit.actions import record, verify
from foursight.audit.chain import canonical, entry_hash
from foursight.audit.models import AuditEntry
from foursight.cli import main as cli_main
from tests.conftest import World


def _drop_append_only_triggers() -> None:
    """What an attacker with DBA rights would do first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_update")
            cursor.execute("DROP TRIGGER audit_entry_no_delete")


def test_reads_and_changes_are_audited(world: World) -> None:
    report = world.reports["cn"]
    before = AuditEntry.objects.count()
    client = world.api("officer_cn")
    client.get(f"/api/v1/reports/{report.pk}")
    client.get("/api/v1/reports", {"offence": "8Q"})
    client.patch(
        f"/api/v1/reports/{report.pk}",
        data=json.dumps({"summary": "x"}),
        content_type="application/json",
    )
    entries = list(
        AuditEntry.objects.filter(seq__gt=before).values_list(
            "actor", "action", "object_type", "object_id"
        )
    )
    assert ("officer_cn", "viewed", "report", str(report.pk)) in entries
    assert ("officer_cn", "updated", "report", str(report.pk)) in entries
    searches = AuditEntry.objects.filter(seq__gt=before, action="searched")
    assert searches.count() == 1 and json.loads(searches.get().detail) == {"offence": "8Q"}


def test_justification_is_recorded(world: World) -> None:
    reason = "Operation Nightjar briefing"
    world.api("pou", reason).get(f"/api/v1/reports/{world.reports['ne'].pk}")
    entry = AuditEntry.objects.filter(actor="pou", action="viewed").latest("seq")
    assert entry.justification == reason


def test_chain_verifies(world: World) -> None:
    result = verify()
    assert result.ok, result.message
    assert result.entries == AuditEntry.objects.count() > 10


def test_the_database_refuses_update_and_delete(world: World) -> None:
    for statement in ("UPDATE audit_auditentry SET actor = 'x'", "DELETE FROM audit_auditentry"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


def test_altered_entry_is_caught(world: World) -> None:
    target = AuditEntry.objects.order_by("seq")[5]
    _drop_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET actor = %s WHERE id = %s", ["someone-else", target.pk]
        )
    result = verify()
    assert not result.ok
    assert result.message.startswith(f"entry {target.seq} ") and "altered" in result.message


def test_deleted_entry_is_caught(world: World) -> None:
    target = AuditEntry.objects.order_by("seq")[3]
    _drop_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [target.pk])
    result = verify()
    assert (
        not result.ok
        and "removed" in result.message
        and f"expected seq {target.seq}" in result.message
    )


def test_deleted_tail_is_caught(world: World) -> None:
    last = AuditEntry.objects.latest("seq")
    _drop_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [last.pk])
    result = verify()
    assert not result.ok and "removed" in result.message


def test_inserted_entry_is_caught(world: World) -> None:
    """A forged row squeezed in: renumber the rest and hash it without the key."""
    entries = list(AuditEntry.objects.order_by("seq"))
    at = entries[4]
    _drop_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET seq = seq + 1000000 WHERE seq > %s", [at.seq])
        cursor.execute("UPDATE audit_auditentry SET seq = seq - 1000000 + 1 WHERE seq > 1000000")
    fields = {
        "seq": at.seq + 1,
        "at": at.at,
        "actor_id": None,
        "actor": "forger",
        "action": "view",
        "object_type": "report",
        "object_id": "1",
        "justification": "",
        "detail": "",
    }
    import hashlib

    fake_hash = hashlib.sha256(at.hash.encode() + canonical(**fields)).hexdigest()
    AuditEntry.objects.bulk_create([AuditEntry(prev_hash=at.hash, hash=fake_hash, **fields)])
    result = verify()
    assert not result.ok and result.message.startswith(f"entry {at.seq + 1} ")


def test_key_is_needed_to_forge(world: World) -> None:
    entry = AuditEntry.objects.order_by("seq")[2]
    body = canonical(
        seq=entry.seq,
        at=entry.at,
        actor_id=entry.actor_id,
        actor=entry.actor,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        justification=entry.justification,
        detail=entry.detail,
    )
    assert entry_hash(entry.prev_hash, body) == entry.hash


def test_cli_audit_verify_exit_codes(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out
    target = AuditEntry.objects.order_by("seq")[1]
    _drop_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET justification = 'edited' WHERE id = %s", [target.pk]
        )
    assert cli_main(["audit", "verify"]) == 1
    assert f"entry {target.seq} " in capsys.readouterr().err


def test_record_outside_a_request(db: None) -> None:
    entry = record(None, "demo_loaded", "demo", detail={"n": 1})
    assert entry.actor == "system" and entry.seq >= 1
    assert verify().ok
    assert sys.executable and subprocess  # the CLI process test lives in tests/e2e

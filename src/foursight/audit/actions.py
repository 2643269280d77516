"""Writing and verifying the audit log. Every other app's actions call :func:`record`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import transaction

from foursight.audit.anchor import ANCHORER, Anchor, anchor_path, read_anchors, write_anchor
from foursight.audit.chain import GENESIS, canonical, entry_hash
from foursight.audit.models import AuditEntry, AuditHead
from foursight.audit.vocabulary import ObjectType, Verb
from foursight.errors import InvalidInput


class UnknownVocabulary(ValueError):
    """A verb or object type the audit vocabulary does not list (a programming error)."""


def _known(kind: type[Verb] | type[ObjectType], value: str, name: str) -> str:
    try:
        return str(kind(value).value)
    except ValueError:
        raise UnknownVocabulary(
            f"audit {name} {value!r} is not in foursight.audit.vocabulary.{kind.__name__}"
        ) from None


def record(
    actor: Any,
    action: Verb | str,
    object_type: ObjectType | str,
    object_id: object = "",
    *,
    justification: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain, inside the caller's transaction.

    ``actor`` is a user or ``None`` for the system (demo loader, migrations). ``action``
    and ``object_type`` must be in the vocabulary (:mod:`foursight.audit.vocabulary`);
    anything else raises :class:`UnknownVocabulary` and writes nothing. ``detail`` holds
    what was searched or changed, never whole records; a change of fields keeps
    ``{"changes": {field: [old, new]}}`` (:func:`~foursight.audit.vocabulary.changes`).
    """
    action = _known(Verb, action, "verb")
    object_type = _known(ObjectType, object_type, "object type")
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"seq": 0, "hash": GENESIS}
        )
        fields: dict[str, Any] = {
            "seq": head.seq + 1,
            "at": datetime.now(UTC),
            "actor_id": getattr(actor, "pk", None),
            "actor": getattr(actor, "username", None) or "system",
            "action": str(action),
            "object_type": object_type,
            "object_id": str(object_id or ""),
            "justification": justification,
            "detail": json.dumps(detail, sort_keys=True, default=str) if detail else "",
        }
        digest = entry_hash(head.hash, canonical(**fields))
        entry = AuditEntry.objects.create(prev_hash=head.hash, hash=digest, **fields)
        head.seq, head.hash = entry.seq, digest
        head.save(update_fields=["seq", "hash"])
        seq = entry.seq
        # Only a committed entry may be anchored: an anchor past a rolled-back entry
        # would make the intact chain look cut.
        transaction.on_commit(lambda: ANCHORER.committed(seq, digest), robust=True)
        return entry


def anchor_now() -> Anchor:
    """Write the chain's current head to the anchor log (``foursight audit anchor``)."""
    head = AuditHead.objects.filter(pk=1).first()
    seq, digest = (head.seq, head.hash) if head is not None else (0, GENESIS)
    return write_anchor(seq, digest)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    message: str


def _entry_problem(entry: AuditEntry, expected_seq: int, prev_hash: str) -> str | None:
    """Why ``entry`` does not follow the chain so far, or None."""
    if entry.seq != expected_seq:
        missing = "removed" if entry.seq > expected_seq else "duplicated"
        return f"entry {entry.seq} (id {entry.pk}): expected seq {expected_seq}; entries {missing}"
    if entry.prev_hash != prev_hash:
        return f"entry {entry.seq} (id {entry.pk}): does not follow the previous entry"
    body = canonical(
        seq=entry.seq,
        at=entry.at.astimezone(UTC),
        actor_id=entry.actor_id,
        actor=entry.actor,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        justification=entry.justification,
        detail=entry.detail,
    )
    if entry_hash(prev_hash, body) != entry.hash:
        return f"entry {entry.seq} (id {entry.pk}): contents altered"
    return None


def _unreached(wanted: dict[int, list[Anchor]], count: int, source: Path) -> str | None:
    """An anchor the walked chain did not reach (its tail cut), or None."""
    for anchor in wanted.pop(0, ()):
        if anchor.hash != GENESIS:
            return f"{anchor.describe()}: not the start of a chain"
    if wanted:
        anchor = wanted[max(wanted)][0]
        return (
            f"{anchor.describe()} in {source}: the chain ends at entry {count}, "
            f"short of the anchored entry {anchor.seq}: entries removed"
        )
    return None


def verify(anchors_from: Path | None = None) -> VerifyResult:
    """Walk the chain in order and report the first entry that does not verify.

    Then check the chain against every anchor in the anchor log (or ``anchors_from``, a
    copy fetched from the force's log collection): it must reach each anchored entry,
    with the anchored hash, or its tail has been cut or rewritten.
    """
    source = anchors_from or anchor_path()
    if anchors_from is not None and not anchors_from.is_file():
        raise InvalidInput(f"anchor log {anchors_from} not found", field="anchors")
    anchors = read_anchors(source)
    wanted: dict[int, list[Anchor]] = {}
    for anchor in anchors:
        wanted.setdefault(anchor.seq, []).append(anchor)
    prev_hash, expected_seq, count = GENESIS, 1, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=5000):
        problem = _entry_problem(entry, expected_seq, prev_hash)
        if problem:
            return VerifyResult(False, count, problem)
        for anchor in wanted.pop(entry.seq, ()):
            if anchor.hash != entry.hash:
                return VerifyResult(
                    False,
                    count,
                    f"{anchor.describe()} in {source}: entry {entry.seq} differs "
                    "from the anchored entry; the chain has been rewritten",
                )
        prev_hash, expected_seq, count = entry.hash, expected_seq + 1, count + 1
    problem = _unreached(wanted, count, source)
    if problem:
        return VerifyResult(False, count, problem)
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != count or head.hash != prev_hash):
        return VerifyResult(
            False,
            count,
            f"the chain ends at entry {count} but the head records entry {head.seq}: entries removed",
        )
    if not anchors:
        return VerifyResult(
            True,
            count,
            f"audit chain intact: {count} entries; no anchors yet in {source} "
            "(run `foursight audit anchor`)",
        )
    return VerifyResult(
        True,
        count,
        f"audit chain intact: {count} entries, agreeing with {len(anchors)} anchors in {source}",
    )

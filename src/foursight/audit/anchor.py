"""Anchors: the chain's head written outside the database, so a cut-off tail shows.

The hash chain alone catches an altered, inserted or removed entry in the middle, but
someone who can write to the database can delete the newest entries and move the head
row back: what remains is a valid, shorter chain. An anchor is one line in an append-only
file (``FOURSIGHT_AUDIT_ANCHOR_PATH``, default ``audit-anchors.log`` in the data
directory) recording the sequence number and hash the chain had reached, and when.
``verify`` then checks the chain still reaches every anchor with the same hash.

Anchors are written when an entry is committed and the process's last anchor is a
minute old or more, by a timer in the server for the last entries of a quiet spell, at
the end of each CLI command that wrote entries, and on demand with
``foursight audit anchor``. Each anchor is one ``write`` on a file opened with
``O_APPEND``, so several processes can share the log.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from foursight.errors import InvalidInput

log = logging.getLogger("foursight.audit")

#: The longest an entry may stay unanchored while a process is writing entries.
INTERVAL_SECONDS = 60.0


def anchor_path() -> Path:
    """Where anchors go: the setting, or ``audit-anchors.log`` in the data directory."""
    configured = str(getattr(settings, "AUDIT_ANCHOR_PATH", "") or "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "audit-anchors.log"


@dataclass(frozen=True)
class Anchor:
    """One line of the anchor log: the chain reached entry ``seq`` with ``hash`` at ``at``."""

    line: int
    seq: int
    hash: str
    at: str

    def describe(self) -> str:
        return f"anchor at line {self.line} ({self.at}, entry {self.seq})"


def write_anchor(seq: int, digest: str, path: Path | None = None) -> Anchor:
    """Append one anchor line and flush it to disk before returning."""
    target = path or anchor_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    line = json.dumps({"at": at, "seq": seq, "hash": digest}, separators=(",", ":")) + "\n"
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return Anchor(line=0, seq=seq, hash=digest, at=at)


def read_anchors(path: Path | None = None) -> list[Anchor]:
    """Every anchor in the log, in file order; a line that does not parse is refused."""
    target = path or anchor_path()
    if not target.exists():
        return []
    anchors = []
    with target.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
                anchor = Anchor(number, int(data["seq"]), str(data["hash"]), str(data["at"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise InvalidInput(
                    f"audit anchor log {target}, line {number}: not an anchor ({exc})",
                    field="FOURSIGHT_AUDIT_ANCHOR_PATH",
                ) from exc
            if anchor.seq < 0 or len(anchor.hash) != 64:
                raise InvalidInput(
                    f"audit anchor log {target}, line {number}: not an anchor",
                    field="FOURSIGHT_AUDIT_ANCHOR_PATH",
                )
            anchors.append(anchor)
    return anchors


class Anchorer:
    """Per-process memory of the newest committed entry and of the last anchor written.

    ``committed`` is called after each audit entry commits; it writes an anchor only when
    the last one is :data:`INTERVAL_SECONDS` old, so the cost is one clock read per entry
    and one small append per minute. ``flush`` writes the newest entry if it is not
    anchored yet, as the server's timer does after a quiet spell. (A command anchors the
    database's head when it ends: ``foursight.cli``.)
    """

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        self.clock = clock or time.monotonic
        self.lock = threading.Lock()
        self.latest: tuple[int, str] | None = None
        self.anchored: tuple[int, str] | None = None
        self.anchored_at: float | None = None
        self.timer: threading.Timer | None = None
        self.timer_enabled = False
        self.commits = 0

    def committed(self, seq: int, digest: str) -> None:
        with self.lock:
            self.commits += 1
            # Callbacks of concurrent commits may arrive out of order: anchoring a
            # slightly older committed entry is still true, so the last one wins.
            self.latest = (seq, digest)
            now = self.clock()
            if self.anchored_at is None or now - self.anchored_at >= INTERVAL_SECONDS:
                self._write_latest(now)
            elif self.timer_enabled and self.timer is None:
                delay = INTERVAL_SECONDS - (now - self.anchored_at)
                self.timer = threading.Timer(delay, self._timer_fired)
                self.timer.daemon = True
                self.timer.start()

    def flush(self) -> Anchor | None:
        """Anchor the newest entry this process committed, unless it already is."""
        with self.lock:
            return self._write_latest(self.clock())

    def enable_timer(self) -> None:
        """In a long-running process, anchor a quiet spell's last entries within a minute."""
        self.timer_enabled = True

    def _timer_fired(self) -> None:
        with self.lock:
            self.timer = None
            self._write_latest(self.clock())

    def _write_latest(self, now: float) -> Anchor | None:
        if self.latest is None or self.latest == self.anchored:
            return None
        try:
            anchor = write_anchor(*self.latest)
        except OSError as exc:
            # The entry is committed; a failed anchor must not undo the user's work, but
            # it must be seen. The next entry tries again.
            log.error("audit anchor not written to %s: %s", anchor_path(), exc)
            return None
        self.anchored, self.anchored_at = self.latest, now
        return anchor


ANCHORER = Anchorer()

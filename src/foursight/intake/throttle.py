"""Rate limits for the public forms that keep no address of anyone.

Counters live in this process's memory only. A caller is keyed by an HMAC of their
address under a salt made at start-up and never written anywhere, so even the counters
hold no address; anonymous information is counted for everyone together (no key at all).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque

from foursight.errors import Throttled

_SALT = secrets.token_bytes(32)
_LOCK = threading.Lock()
_HITS: dict[str, deque[float]] = defaultdict(deque)
WINDOW_SECONDS = 3600.0


def caller_key(address: str) -> str:
    """An unlinkable key for an address: HMAC under a salt that only this process holds."""
    return hmac.new(_SALT, address.encode(), hashlib.sha256).hexdigest()[:32]


def hit(form: str, key: str, limit: int, *, now: float | None = None) -> None:
    """Count one submission of ``form`` by ``key``; raise ``Throttled`` past ``limit``/hour."""
    moment = time.monotonic() if now is None else now
    bucket = f"{form}:{key}"
    with _LOCK:
        hits = _HITS[bucket]
        while hits and hits[0] <= moment - WINDOW_SECONDS:
            hits.popleft()
        if len(hits) >= limit:
            raise Throttled(
                "Too many forms have been sent from here in the last hour. Please try again "
                "later, or call 101. If you are in danger now, call 999."
            )
        hits.append(moment)


def reset() -> None:
    """Forget every counter (tests, and a restart does the same)."""
    with _LOCK:
        _HITS.clear()

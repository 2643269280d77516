"""Reading a registered exhibit from the store: the hash is checked before any byte is
served, and media play from the store with HTTP Range support.

Every read re-hashes the stored original against the SHA-256 taken as it arrived; a
mismatch refuses to serve, says so, and is recorded in the audit log and the custody
log. A video player asks for many ranges of one file while it plays, so re-hashing a
several-GB file for each would make playback impossible: the full hash is checked on
the first request of a playback (no Range, or a range starting at byte 0, which is how
browsers begin) and on any request whose file is not in a small in-process cache of
verified files. The cache is keyed by SHA-256, size, modification time and inode, and an
entry lasts :data:`VERIFIED_FOR` seconds, so a file changed on disk (which changes its
modification time) or a new playback is hashed again in full. Custody and audit entries
are written once per playback (the verifying request), not per range.
"""

from __future__ import annotations

import mimetypes
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.core.exhibits import PRESENTATION, ByteRange, Unsatisfiable, parse_range
from foursight.core.importers import sha256_file
from foursight.errors import IntegrityFailure
from foursight.evidence.importing import actor_label
from foursight.evidence.models import Exhibit
from foursight.evidence.store import add_custody, original_path

VERIFIED_FOR = 600.0
CACHE_SIZE = 64
CHUNK = 1 << 20

_verified: OrderedDict[tuple[str, int, int, int], float] = OrderedDict()
_lock = threading.Lock()


def _key(path: Path, sha256: str) -> tuple[str, int, int, int]:
    st = path.stat()
    return (sha256, st.st_size, st.st_mtime_ns, st.st_ino)


def forget_verified() -> None:
    with _lock:
        _verified.clear()


def verify(actor: User, exhibit: Exhibit, *, full: bool, justification: str = "") -> Path:
    """The stored original's path once its bytes match the recorded hash; otherwise
    :class:`IntegrityFailure`, recorded in the custody and audit logs. ``full``: hash it
    again even when a recent check is cached."""
    path = original_path(exhibit.original_id)
    problem = ""
    if not path.exists():
        problem = "the stored original is missing from the store"
    else:
        key = _key(path, exhibit.original_id)
        with _lock:
            seen = _verified.get(key)
        if full or seen is None or time.monotonic() - seen > VERIFIED_FOR:
            actual = sha256_file(path)
            if actual != exhibit.original_id:
                problem = f"the stored bytes now hash to {actual}, not {exhibit.original_id}"
            else:
                with _lock:
                    _verified[key] = time.monotonic()
                    _verified.move_to_end(key)
                    while len(_verified) > CACHE_SIZE:
                        _verified.popitem(last=False)
    if problem:
        add_custody(
            exhibit.report,
            exhibit.reference,
            actor=actor_label(actor),
            action="integrity_failed",
            input={"name": exhibit.file_name, "sha256": exhibit.original_id},
            outputs=[],
            basis="hash checked again before the exhibit was read",
            detail=problem,
        )
        record(
            actor,
            Verb.INTEGRITY_FAILED,
            "exhibit",
            exhibit.pk,
            justification=justification,
            detail={"report": exhibit.report_id, "reference": exhibit.reference},
        )
        raise IntegrityFailure(
            f"Exhibit {exhibit.reference} does not match the SHA-256 recorded when it was "
            f"received ({problem}); it is not served. The failure is in its custody log."
        )
    return path


def log_access(
    actor: User, exhibit: Exhibit, action: str, detail: str, *, justification: str = ""
) -> None:
    """One custody entry for a read of the exhibit's original."""
    add_custody(
        exhibit.report,
        exhibit.reference,
        actor=actor_label(actor),
        action=action,
        input={"name": exhibit.file_name, "sha256": exhibit.original_id},
        outputs=[],
        basis=justification,
        detail=detail,
    )


def checked_read(
    actor: User, exhibit: Exhibit, action: str, detail: str, *, justification: str = ""
) -> Path:
    """Hash the original in full, then log the read (a phone export's events parsed
    again for download, a file read by another part of the service)."""
    path = verify(actor, exhibit, full=True, justification=justification)
    log_access(actor, exhibit, action, detail, justification=justification)
    return path


#: Content a browser shows itself; any other document is saved by the browser instead.
SHOWN = ("image/", "video/", "audio/", "text/plain", "application/pdf")


def access_verb(exhibit: Exhibit) -> str:
    """How the custody log names a read from the page: ``played`` (video, audio),
    ``viewed`` (what the browser shows), ``downloaded`` (a document it can only save)."""
    if PRESENTATION.get(exhibit.kind) in ("video", "audio"):
        return "played"
    return "viewed" if content_type(exhibit).startswith(SHOWN) else "downloaded"


def content_type(exhibit: Exhibit) -> str:
    guessed, _ = mimetypes.guess_type(f"x.{exhibit.format}")
    return guessed or "application/octet-stream"


def _chunks(path: Path, start: int, length: int) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        handle.seek(start)
        left = length
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk


def media_response(
    request: HttpRequest, actor: User, exhibit: Exhibit, *, justification: str = ""
) -> HttpResponseBase:
    """The exhibit's bytes, inline and never cached, one range at a time when asked; the
    hash is checked first (see the module notes for when in full)."""
    size = exhibit.original.size
    try:
        wanted: ByteRange | None = parse_range(request.headers.get("Range", ""), size)
    except Unsatisfiable:
        refusal = HttpResponse(status=416)
        refusal["Content-Range"] = f"bytes */{size}"
        return refusal
    first = wanted is None or wanted.start == 0
    path = verify(actor, exhibit, full=first, justification=justification)
    if first:
        verb = access_verb(exhibit)
        log_access(
            actor,
            exhibit,
            verb,
            "read from the store in the page (no copy); hash checked again: matches",
            justification=justification,
        )
        record(
            actor,
            Verb.VIEWED,
            "exhibit_media",
            exhibit.pk,
            justification=justification,
            detail={"report": exhibit.report_id, "reference": exhibit.reference},
        )
    start, length = (wanted.start, wanted.length) if wanted else (0, size)
    response = StreamingHttpResponse(
        _chunks(path, start, length),
        status=206 if wanted else 200,
        content_type=content_type(exhibit),
    )
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    if wanted:
        response["Content-Range"] = wanted.header()
    safe = "".join(
        ch for ch in exhibit.file_name if ch.isascii() and ch.isprintable() and ch not in '"\\'
    )
    response["Content-Disposition"] = f'inline; filename="{safe or exhibit.pk}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Exhibit-SHA256"] = exhibit.original_id
    return response

"""Receiving a registered exhibit's bytes: streamed to disk and hashed as they arrive.

:class:`HashingUploadHandler` replaces Django's memory and temporary-file handlers for
the exhibit register: each chunk of the multipart body is written to a private holding
file beside the originals store (same file system, so moving it into the store is a
rename, not a copy) and fed to a running SHA-256. Nothing of the file is held in memory
beyond one chunk and the first :data:`~foursight.core.exhibits.HEAD_BYTES` (for the
content check). :func:`receive_exhibits` installs it with the media size limit
(``FOURSIGHT_MEDIA_UPLOAD_MAX_BYTES``); call it before anything reads the request body.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest

from foursight.core.exhibits import HEAD_BYTES
from foursight.errors import TooLarge
from foursight.evidence.store import holding_path, release
from foursight.server.uploads import UploadLimitHandler, refused, size_text

_LIMIT = "foursight_upload_limit"
#: Bytes received between refreshes of the holding folder's modification time.
TOUCH_EVERY = 64 << 20


class ReceivedFile(UploadedFile):
    """An exhibit file held on disk, with the SHA-256 and size of exactly what arrived."""

    def __init__(self, path: Path, name: str, sha256: str, size: int, head: bytes) -> None:
        super().__init__(None, name, "application/octet-stream", size, None)
        self.path = path
        self.sha256 = sha256
        self.head = head

    def discard(self) -> None:
        """Remove the holding file (a refused exhibit leaves nothing behind)."""
        if self.file is not None:
            self.file.close()
        release(self.path)


class HashingUploadHandler(FileUploadHandler):
    """Writes each uploaded file to a holding file, hashing it on the way."""

    path: Path | None = None
    out: Any = None
    digest: Any = None
    head = b""
    size = 0
    touched = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.path = holding_path("exhibit.partial")
        self.out = open(self.path, "wb")
        self.digest = hashlib.sha256()
        self.head = b""
        self.size = 0
        self.touched = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.out.write(raw_data)
        self.digest.update(raw_data)
        if len(self.head) < HEAD_BYTES:
            self.head += raw_data[: HEAD_BYTES - len(self.head)]
        self.size += len(raw_data)
        if self.size >= self.touched + TOUCH_EVERY:
            # a long upload's holding folder stays fresh, so the worker's sweep of
            # abandoned uploads (an hour without change) never takes it mid-way
            self.touched = self.size
            assert self.path is not None
            os.utime(self.path.parent)
        return None

    def file_complete(self, file_size: int) -> ReceivedFile:
        assert self.path is not None
        self.out.close()
        self.out = None
        received = ReceivedFile(
            self.path, self.file_name or "", self.digest.hexdigest(), self.size, self.head
        )
        self.path = None
        return received

    def upload_interrupted(self) -> None:
        """Stopped (size limit, client gone): remove the partial file."""
        if self.out is not None:
            self.out.close()
            self.out = None
        if self.path is not None:
            release(self.path)
            self.path = None


def receive_exhibits(request: HttpRequest) -> None:
    """Stream this request's files to holding files with their hashes, up to the media
    limit; call before anything reads the body."""
    setattr(request, _LIMIT, int(settings.MEDIA_UPLOAD_MAX_BYTES))
    request.upload_handlers = [UploadLimitHandler(request), HashingUploadHandler(request)]


def media_limit_message() -> str:
    limit = int(settings.MEDIA_UPLOAD_MAX_BYTES)
    return (
        f"file: the file is larger than the exhibit upload limit of {size_text(limit)} "
        f"({limit:,} bytes, setting FOURSIGHT_MEDIA_UPLOAD_MAX_BYTES); nothing was stored"
    )


def check_received(request: HttpRequest) -> None:
    """Raise :class:`TooLarge` when the file was stopped at the media limit."""
    if request.method == "POST" and not refused(request):
        _ = request.FILES
    if refused(request):
        raise TooLarge(media_limit_message(), field="file")


def discard_all(request: HttpRequest) -> None:
    """Remove every holding file of the request that was not moved into the store,
    including a file stopped part way (the parser closes it but calls no handler)."""
    for handler in getattr(request, "_upload_handlers", ()):
        if isinstance(handler, HashingUploadHandler):
            handler.upload_interrupted()
    if not hasattr(request, "_files"):
        return
    for _, uploads in request.FILES.lists():
        for upload in uploads:
            if isinstance(upload, ReceivedFile) and upload.path.exists():
                upload.discard()


def receive_path(source: Path) -> ReceivedFile:
    """A file on disk (the command line, the demo) received as an upload is: copied in
    chunks to a holding file, hashed on the way."""
    target = holding_path("exhibit.partial")
    digest = hashlib.sha256()
    head = b""
    size = 0
    try:
        with open(source, "rb") as handle, open(target, "wb") as out:
            while chunk := handle.read(1 << 20):
                out.write(chunk)
                digest.update(chunk)
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                size += len(chunk)
    except BaseException:
        release(target)
        raise
    return ReceivedFile(target, source.name, digest.hexdigest(), size, head)

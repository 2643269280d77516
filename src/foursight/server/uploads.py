"""The upload size limit, enforced while the request body is parsed.

:class:`UploadLimitHandler` is the first of Django's upload handlers (settings
``FILE_UPLOAD_HANDLERS``). It counts each uploaded file's bytes as the multipart body is
parsed and stops the upload as soon as a file passes ``FOURSIGHT_UPLOAD_MAX_BYTES``; a
body whose declared length already exceeds the limit is stopped when its first file
starts, before any of that file's bytes are read or written to disk. The form fields
before the file are kept (so the CSRF check and the re-displayed form still work) and
the refusal is left on the request: a view that takes uploads calls
:func:`check_upload`, which raises :class:`~foursight.errors.TooLarge` naming the limit.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

from foursight.errors import TooLarge

#: Room in a request body for the form fields and multipart framing around the file.
FORM_ALLOWANCE = 1 << 20
_REFUSED = "foursight_upload_refused"
_LIMIT = "foursight_upload_limit"


def size_text(size: int) -> str:
    """A byte count as people read it: ``512 MiB``, ``1.5 GiB``."""
    value, unit = float(size), "bytes"
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            break
        value /= 1024
    return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"


def limit_message() -> str:
    limit = int(settings.UPLOAD_MAX_BYTES)
    return (
        f"file: the file is larger than the upload limit of {size_text(limit)} "
        f"({limit:,} bytes, setting FOURSIGHT_UPLOAD_MAX_BYTES); nothing was stored"
    )


class UploadLimitHandler(FileUploadHandler):
    """Stops any uploaded file larger than ``settings.UPLOAD_MAX_BYTES`` (or the request's
    own lower limit, :func:`limit_uploads`) as it streams."""

    limit = 0
    received = 0
    declared_over = False

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        self.limit = int(getattr(self.request, _LIMIT, settings.UPLOAD_MAX_BYTES))
        self.declared_over = content_length > self.limit + FORM_ALLOWANCE

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        if self.declared_over:
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _refuse(self) -> None:
        if self.request is not None:
            setattr(self.request, _REFUSED, True)
        raise StopUpload(connection_reset=True)


def limit_uploads(request: HttpRequest, limit: int) -> None:
    """A lower limit than ``FOURSIGHT_UPLOAD_MAX_BYTES`` for this request's files (a
    public form's own limit); call it before anything reads the body."""
    setattr(request, _LIMIT, min(int(limit), int(settings.UPLOAD_MAX_BYTES)))


def refused(request: HttpRequest) -> bool:
    """True when an upload on this request was stopped for passing the limit."""
    return bool(getattr(request, _REFUSED, False))


def check_upload(request: HttpRequest) -> None:
    """Raise :class:`TooLarge` (413, naming the limit) when an upload was stopped (the
    body is parsed now if nothing has read it yet)."""
    if request.method == "POST" and not refused(request):
        _ = request.FILES
    if refused(request):
        raise TooLarge(limit_message(), field="file")

"""What every importer shares: the protocol, the import context and the opened source.

An importer turns one export file into :class:`~foursight.core.events.ContactEvent`
records, streaming, in file order, and never drops a record silently: anything it cannot
take at face value becomes a :class:`~foursight.core.events.Problem` in
``ctx.problems``; anything that makes the file untrustworthy as a whole raises
:class:`~foursight.errors.ImportRejected` naming the file and the line or byte.

The original bytes are hashed (SHA-256) before parsing, and every event carries that hash
and a locator, so the same file always gives the same events with the same ids.
"""

from __future__ import annotations

import abc
import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, BinaryIO, Protocol, runtime_checkable

from foursight.core.events import (
    Channel,
    ContactEvent,
    Problem,
    Severity,
    make_event_id,
)
from foursight.core.identifiers import normalise_email, normalise_name, normalise_phone
from foursight.errors import ImportRejected

Source = str | os.PathLike[str] | BinaryIO
"""A path to an export file, or an open binary stream over its bytes."""

_CHUNK = 1 << 20


def sha256_file(source: str | os.PathLike[str] | IO[bytes]) -> str:
    """Hex SHA-256 of a file's bytes. A stream is hashed from its current position to the
    end and, when seekable, put back where it was."""
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    start = source.tell() if source.seekable() else None
    digest = hashlib.sha256()
    while chunk := source.read(_CHUNK):
        digest.update(chunk)
    if start is not None:
        source.seek(start)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """Limits applied to zip exports before anything is decompressed (zip-bomb defence)."""

    max_members: int = 100_000
    max_member_bytes: int = 4 << 30
    max_total_bytes: int = 16 << 30
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 1 << 20


@dataclass(frozen=True, slots=True)
class Member:
    """One file inside a container (zip), hashed as it was read."""

    container_sha256: str
    name: str
    sha256: str
    size: int


@dataclass
class ImportContext:
    """What the officer knows about the export, and where problems are collected.

    ``own_identifiers`` are the victim's phone numbers, e-mail addresses and handles;
    ``own_names`` the display names the victim appears under in chat exports (``"Alex R"``).
    Together they tell inbound from outbound. ``locale`` (``"en_GB"``, ``"en_US"``,
    ``"de_DE"``) decides day/month order where a format stores local dates; ``tz_name`` is
    the phone's timezone, recorded on every event as ``tz_assumed``. The scope
    (``date_from`` inclusive, ``date_to`` exclusive, ``channels``, ``conversations``) is the
    agreed extraction scope: events outside it are not returned, and their number is
    recorded as an ``info`` problem.
    """

    own_identifiers: frozenset[str] = frozenset()
    own_names: frozenset[str] = frozenset()
    locale: str | None = None
    tz_name: str = "Europe/London"
    region: str = "GB"
    date_from: datetime | None = None
    date_to: datetime | None = None
    channels: frozenset[Channel] = frozenset()
    conversations: frozenset[str] = frozenset()
    limits: ArchiveLimits = field(default_factory=ArchiveLimits)
    problems: list[Problem] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    _own: frozenset[str] = field(default=frozenset(), init=False, repr=False)

    def __post_init__(self) -> None:
        for bound in (self.date_from, self.date_to):
            if bound is not None and bound.tzinfo is None:
                raise ValueError("ImportContext date bounds must be timezone-aware")
        own = {normalise_counterpart(raw, self.region) for raw in self.own_identifiers}
        own |= {fold_name(name) for name in self.own_names}
        self._own = frozenset(own - {""})

    def is_own(self, raw: str) -> bool:
        """True when ``raw`` (a number, address, handle or display name) is the victim's."""
        if not raw:
            return False
        return normalise_counterpart(raw, self.region) in self._own or fold_name(raw) in self._own

    def problem(
        self, file: str, locator: str, message: str, severity: Severity = Severity.WARNING
    ) -> None:
        self.problems.append(Problem(file, locator, message, severity))

    def has_scope(self) -> bool:
        """True when any scope limit is set (otherwise every event is in scope)."""
        return bool(self.date_from or self.date_to or self.channels or self.conversations)

    def in_scope(self, event: ContactEvent) -> bool:
        if self.date_from is not None and event.ts_utc < self.date_from:
            return False
        if self.date_to is not None and event.ts_utc >= self.date_to:
            return False
        if self.channels and event.channel not in self.channels:
            return False
        if self.conversations:
            names = {event.conversation, event.counterpart, event.counterpart_raw}
            return bool(names & self.conversations)
        return True

    def scoped(self, file: str, events: Iterable[ContactEvent]) -> Iterator[ContactEvent]:
        """Yield the events inside the scope; record how many were left out."""
        excluded = 0
        for event in events:
            if self.in_scope(event):
                yield event
            else:
                excluded += 1
        if excluded:
            self.problem(
                file,
                "whole file",
                f"{excluded} events outside the agreed scope were not imported",
                Severity.INFO,
            )


@lru_cache(maxsize=65536)
def fold_name(raw: str) -> str:
    """``normalise_name``, cached: chat exports repeat the same few names many times."""
    return normalise_name(raw)


@lru_cache(maxsize=65536)
def normalise_counterpart(raw: str, region: str = "GB") -> str:
    """E.164 for phone numbers, lower-cased e-mail addresses and handles, else ``raw``
    stripped; ``""`` for an empty or withheld party."""
    text = raw.strip()
    if not text:
        return ""
    if "@" in text and not text.startswith("@"):
        return normalise_email(text) or text.lower()
    if text.startswith("@"):
        return text.lower()
    if any(c.isdigit() for c in text) and not any(c.isalpha() for c in text):
        return normalise_phone(text, region) or text
    return text


class Counterparts(dict[str, str]):
    """``normalise_counterpart`` memoised for one import: a file has few correspondents
    and many events, and a dict lookup is what a per-event hot path can afford."""

    def __init__(self, region: str) -> None:
        super().__init__()
        self.region = region

    def __missing__(self, raw: str) -> str:
        value = self[raw] = normalise_counterpart(raw, self.region)
        return value


@dataclass(frozen=True, slots=True)
class OpenedSource:
    """An export file opened for parsing: its display name, hash, size and bytes."""

    name: str
    sha256: str
    size: int
    stream: BinaryIO
    path: Path | None
    parser: str
    _id_prefix: Any = field(default=None, repr=False, compare=False)

    def event_id(self, locator: str) -> str:
        """``make_event_id(self.sha256, locator)``, from a pre-hashed prefix (hot path)."""
        if self._id_prefix is None:
            return make_event_id(self.sha256, locator)
        digest = self._id_prefix.copy()
        digest.update(locator.encode())
        return str(digest.hexdigest()[:32])

    def event_ids(self, locators: Iterable[str]) -> list[str]:
        """``make_event_id`` for many locators: copying the pre-hashed prefix is cheaper
        than starting a new hash for each."""
        if self._id_prefix is None:
            return [make_event_id(self.sha256, locator) for locator in locators]
        ids: list[str] = []
        append, copy = ids.append, self._id_prefix.copy
        for locator in locators:
            digest = copy()
            digest.update(locator.encode())
            append(digest.hexdigest()[:32])
        return ids

    def event(self, locator: str, **fields: Any) -> ContactEvent:
        """Build an event from this source: id, hash, locator and parser are filled in."""
        return ContactEvent.checked(
            event_id=self.event_id(locator),
            source_file_sha256=self.sha256,
            source_locator=locator,
            parser=self.parser,
            **fields,
        )

    def reject(self, where: str, why: str) -> ImportRejected:
        """An :class:`ImportRejected` naming this file and the place in it."""
        return ImportRejected(f"{self.name}: {where}: {why}")

    def local_path(self, stack: contextlib.ExitStack) -> Path:
        """A real file path for libraries that need one (SQLite): the original when the
        source was a path, else a private temporary copy removed when ``stack`` closes."""
        if self.path is not None:
            return self.path
        tmpdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="foursight-")))
        target = tmpdir / "source"
        self.stream.seek(0)
        with open(target, "wb") as out:
            shutil.copyfileobj(self.stream, out, _CHUNK)
        self.stream.seek(0)
        return target


@contextlib.contextmanager
def open_source(source: Source, parser: str) -> Iterator[OpenedSource]:
    """Hash ``source`` before anything reads it, then hand it over positioned at byte 0.

    A non-seekable stream is first copied to a private temporary file so it can be hashed
    and then parsed from the same bytes.
    """
    with contextlib.ExitStack() as stack:
        path: Path | None
        if isinstance(source, str | os.PathLike):
            path = Path(source)
            if not path.is_file():
                raise ImportRejected(f"{path.name}: no such file")
            stream: BinaryIO = stack.enter_context(open(path, "rb"))
            name = path.name
        else:
            path = None
            name = str(getattr(source, "name", "stream"))
            name = os.path.basename(name) if isinstance(name, str) else "stream"
            stream = source
            if not source.seekable():
                spool = stack.enter_context(tempfile.TemporaryFile())
                shutil.copyfileobj(source, spool, _CHUNK)
                stream = spool
            stream.seek(0)
        hasher = hashlib.sha256()
        size = 0
        while chunk := stream.read(_CHUNK):
            hasher.update(chunk)
            size += len(chunk)
        digest = hasher.hexdigest()
        stream.seek(0)
        if size == 0:
            raise ImportRejected(f"{name}: byte 0: the file is empty")
        prefix = hashlib.sha256(f"{digest}\x00".encode())
        yield OpenedSource(name, digest, size, stream, path, parser, prefix)


@runtime_checkable
class Importer(Protocol):
    """One export format. ``patterns`` are the usual file-name globs (for people and for
    detection); ``sniff`` looks at the first bytes and the file's path or name; ``parse``
    streams events and appends problems to ``ctx.problems``."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def patterns(self) -> tuple[str, ...]: ...

    @property
    def version(self) -> str: ...

    def sniff(self, head: bytes, name: str) -> bool: ...

    def parse(self, source: Source, ctx: ImportContext) -> Iterator[ContactEvent]: ...


class BaseImporter(abc.ABC):
    """Shared ``parse``: open and hash the source, run :meth:`events`, apply the scope."""

    id: str = ""
    name: str = ""
    patterns: tuple[str, ...] = ()
    version: str = "1"

    @abc.abstractmethod
    def sniff(self, head: bytes, name: str) -> bool:
        """True when ``head`` (the first 64 KiB) and ``name`` look like this format."""

    @abc.abstractmethod
    def events(self, src: OpenedSource, ctx: ImportContext) -> Iterator[ContactEvent]:
        """Every event of the opened source, in file order (scope not yet applied)."""

    def parse(self, source: Source, ctx: ImportContext) -> Iterator[ContactEvent]:
        """Stream the events of ``source`` inside ``ctx``'s scope, in file order.

        Raises :class:`~foursight.errors.ImportRejected` (possibly after some events were
        yielded: a caller that stores events must collect them all first).
        """
        with open_source(source, f"{self.id}/{self.version}") as src:
            if ctx.has_scope():
                yield from ctx.scoped(src.name, self.events(src, ctx))
            else:
                yield from self.events(src, ctx)

"""The registry of importers: registration, lookup by id, detection and whole-file import.

Split from :mod:`~foursight.core.importers.base` (what every importer shares). Every
importer module registers its importer on import (``register(MyImporter())``); importing
:mod:`foursight.core.importers` imports them all, so the registry is full.
"""

from __future__ import annotations

import os
from pathlib import Path

from foursight.core.events import ContactEvent
from foursight.core.importers.base import ImportContext, Importer
from foursight.errors import ImportRejected

_REGISTRY: dict[str, Importer] = {}
_HEAD_BYTES = 65536


def register(importer: Importer) -> Importer:
    """Add an importer to the registry (detection tries them in registration order)."""
    if importer.id in _REGISTRY:
        raise ValueError(f"importer id {importer.id!r} is already registered")
    _REGISTRY[importer.id] = importer
    return importer


def importers() -> tuple[Importer, ...]:
    """Every registered importer, in detection order."""
    return tuple(_REGISTRY.values())


def get_importer(importer_id: str) -> Importer:
    """The importer with this id, or :class:`ImportRejected` listing the known ids."""
    try:
        return _REGISTRY[importer_id]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise ImportRejected(f"unknown import format {importer_id!r}; known: {known}") from None


def detect(path: str | os.PathLike[str]) -> Importer:
    """The importer for the file at ``path``, judged from its name and first 64 KiB.

    Raises :class:`ImportRejected` for an empty file or a format no importer recognises.
    """
    file = Path(path)
    if not file.is_file():
        raise ImportRejected(f"{file.name}: no such file")
    with open(file, "rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if not head:
        raise ImportRejected(f"{file.name}: byte 0: the file is empty")
    for importer in _REGISTRY.values():
        if importer.sniff(head, file.as_posix()):
            return importer
    names = "; ".join(i.name for i in _REGISTRY.values())
    raise ImportRejected(
        f"{file.name}: byte 0: not a format Foursight can import (known formats: {names})"
    )


def import_file(
    path: str | os.PathLike[str], ctx: ImportContext, importer_id: str | None = None
) -> list[ContactEvent]:
    """Import a whole file: detect (or take ``importer_id``), parse, return every event.

    All-or-nothing: when the file is rejected no events are returned.
    """
    importer = get_importer(importer_id) if importer_id else detect(path)
    return list(importer.parse(path, ctx))

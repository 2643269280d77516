"""Conduct analysis straight from export files, through the importers.

This is what ``foursight conduct FILE... --victim-id ID --tz ZONE [--locale L]
[--suspect-id ID] [--json]`` runs. Each file is hashed, its format detected and parsed
with an :class:`~foursight.core.importers.ImportContext` built from the victim's
identifiers, the zone and the locale; events from all files are analysed together with
:func:`~foursight.core.conduct.analysis.analyse_conduct`, and the result gains ``files``:
one row per file with its path, SHA-256, format, event count and parse problems. A file
that cannot be imported raises :class:`~foursight.errors.ImportRejected` naming it, and
nothing is analysed (all or nothing, so a summary never silently omits a file).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any

from foursight.core.conduct.analysis import analyse_conduct
from foursight.core.conduct.model import ConductConfig
from foursight.core.conduct.result import ConductResult
from foursight.core.conduct.tiers import ThreatFeed
from foursight.core.events import ContactEvent
from foursight.core.gcpause import paused_gc
from foursight.core.importers import ImportContext, detect, sha256_file

_BATCH = 5_000  # events parsed between hand-overs to the threat tiers


@paused_gc()  # the parse makes an event per record and no cycles: see core.gcpause
def analyse_conduct_files(
    paths: Sequence[str | os.PathLike[str]],
    *,
    victim_ids: Iterable[str],
    tz: str = "Europe/London",
    locale: str | None = None,
    suspect_ids: Iterable[str] = (),
    victim_names: Iterable[str] = (),
    config: ConductConfig | None = None,
) -> ConductResult:
    """Import ``paths`` and analyse them as one victim's timeline.

    ``victim_ids`` are the victim's own numbers, addresses and handles and
    ``victim_names`` the names they appear under in chat exports (both tell inbound from
    outbound; a name given in ``victim_ids`` works too, so a CLI may take both in one
    ``--victim-id`` option); ``tz`` is the phone's IANA zone and ``locale`` its locale (``en_GB``), which
    decides day/month order in WhatsApp text exports. ``config`` overrides the analysis
    parameters; its zone is replaced by ``tz``. Returns the dict of
    :func:`analyse_conduct` with ``files`` set.
    """
    victim = tuple(victim_ids)
    base = replace(config, tz=tz) if config is not None else ConductConfig(tz=tz)
    events: list[ContactEvent] = []
    files: list[dict[str, Any]] = []
    feed = ThreatFeed(base)
    try:
        for raw in paths:
            path = Path(raw)
            ctx = ImportContext(
                own_identifiers=frozenset(victim),
                own_names=frozenset(victim_names),
                locale=locale,
                tz_name=tz,
                region=base.region,
            )
            importer = detect(path)
            stream = importer.parse(path, ctx)
            parsed: list[ContactEvent] = []
            while batch := list(islice(stream, _BATCH)):
                parsed += batch
                feed.add(batch)  # both tiers start on a large phone while the parse goes on
            events.extend(parsed)
            # the importer hashed the file before parsing it, and every event carries that
            # hash: the file is read for its hash once, not twice
            digest = parsed[0].source_file_sha256 if parsed else sha256_file(path)
            files.append(
                {
                    "path": str(path),
                    "sha256": digest,
                    "format": importer.id,
                    "parser_version": importer.version,
                    "events": len(parsed),
                    "problems": [p.to_dict() for p in ctx.problems],
                }
            )
    except BaseException:
        feed.abandon()
        raise
    result = analyse_conduct(
        events, suspect_ids=suspect_ids, victim_ids=victim, config=base, feed=feed
    )
    return replace(result, files=tuple(files))

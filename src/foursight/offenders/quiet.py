"""Keep Splink to warnings: it logs every training step at INFO on each new linker."""

from __future__ import annotations

import logging
import sys

_MARK = "_foursight_handler"


def quiet_splink() -> None:
    """Give the ``splink`` logger a warnings-only handler of our own (idempotent).

    Splink raises its logger to INFO whenever a linker is made and adds a handler only
    when none exists; a handler that lets warnings through keeps its output useful in a
    scheduled job without silencing real problems.
    """
    logger = logging.getLogger("splink")
    if any(getattr(h, _MARK, False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    setattr(handler, _MARK, True)
    for existing in list(logger.handlers):
        logger.removeHandler(existing)
    logger.addHandler(handler)
    logger.propagate = False

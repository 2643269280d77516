"""Foursight: stalking case intelligence for police public-protection units.

The library surface re-exports the pure engine (``foursight.core``) so that it can be
used from a notebook or a script with no server.
"""

from foursight.core.identifiers import (
    normalise_email,
    normalise_handle,
    normalise_name,
    normalise_phone,
    normalise_postcode,
)

__all__ = [
    "normalise_email",
    "normalise_handle",
    "normalise_name",
    "normalise_phone",
    "normalise_postcode",
]
__version__ = "0.1.0"

"""The case file for a stalking charging decision, as plain data.

:func:`generate` turns a report's plain data (the service gathers it) into the generated
parts of an MG5-style case file, each fact with its citations; :func:`completeness`
checks it against what a charging decision needs; :func:`render_html` renders it with
the officer's free text; :mod:`.bundle` builds and verifies the issued bundle.
"""

from foursight.core.casefile.bundle import BundleCheck, build_bundle, manifest_for, verify_bundle
from foursight.core.casefile.completeness import completeness
from foursight.core.casefile.generate import EDITABLE, FORMAT, generate
from foursight.core.casefile.render import render_html

__all__ = [
    "EDITABLE",
    "FORMAT",
    "BundleCheck",
    "build_bundle",
    "completeness",
    "generate",
    "manifest_for",
    "render_html",
    "verify_bundle",
]

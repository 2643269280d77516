"""Importers: one module per phone-export format, all yielding ContactEvents.

Use :func:`detect` to pick the importer for a file, or :func:`get_importer` by id, then
``importer.parse(path, ctx)``; :func:`import_file` does both and returns a list. Every
module registers its importer on import, so importing this package fills the registry.
"""

from foursight.core.importers import (  # noqa: F401  (registration side effect)
    carrier_csv,
    email_mbox,
    facebook,
    google_voice,
    ios_sms,
    sms_backup,
    whatsapp,
)
from foursight.core.importers.base import (
    ArchiveLimits,
    BaseImporter,
    ImportContext,
    Importer,
    Member,
    Source,
    normalise_counterpart,
    sha256_file,
)
from foursight.core.importers.carrier_csv import (
    CarrierCsvImporter,
    ColumnMapping,
    mapping_from_dict,
)
from foursight.core.importers.registry import (
    detect,
    get_importer,
    import_file,
    importers,
    register,
)

__all__ = [
    "ArchiveLimits",
    "BaseImporter",
    "CarrierCsvImporter",
    "ColumnMapping",
    "ImportContext",
    "Importer",
    "Member",
    "Source",
    "detect",
    "get_importer",
    "import_file",
    "importers",
    "mapping_from_dict",
    "normalise_counterpart",
    "register",
    "sha256_file",
]

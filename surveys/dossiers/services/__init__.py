"""Writes of dossiers, one module per subject: the import of a feed (`imports`, which writes
through `store`), the apology slip of a late dossier (`delays`), the citizen's response through
a receipt's QR code (`responses`)."""

from .delays import dossier_delay_issue, dossier_promised_on
from .imports import (
    CHUNK_ROWS,
    PUSH_MAX_ITEMS,
    ImportRejected,
    ImportResult,
    check_header,
    dossiers_import_feed,
    dossiers_import_file,
    dossiers_import_rows,
    dossiers_push,
    outcome_of,
)
from .responses import dossier_officer, dossier_rated_message, dossier_response_submit

__all__ = [
    "CHUNK_ROWS",
    "PUSH_MAX_ITEMS",
    "ImportRejected",
    "ImportResult",
    "check_header",
    "dossier_delay_issue",
    "dossier_officer",
    "dossier_promised_on",
    "dossier_rated_message",
    "dossier_response_submit",
    "dossiers_import_feed",
    "dossiers_import_file",
    "dossiers_import_rows",
    "dossiers_push",
    "outcome_of",
]

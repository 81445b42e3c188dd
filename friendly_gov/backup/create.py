"""Backing up the portal: the database and the uploaded files.

A backup is one folder, `friendly_gov-YYYYMMDD-HHMMSS` (the portal's time zone), holding
`database.dump` (pg_dump, custom format), `media.tar` and `manifest.json`. It is written under a
hidden `.partial` name and renamed when complete, so a folder with the final name is whole.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import manifest as manifests
from . import media, postgres
from .errors import BackupError
from .manifest import DUMP, MEDIA


@dataclass
class BackupResult:
    folder: Path
    manifest: dict
    skipped: list[str]


def backup_create(*, output: Path) -> BackupResult:
    postgres.require_postgresql(connection)
    if connection.in_atomic_block:
        raise BackupError("A backup must run outside a transaction.")
    created = timezone.localtime()
    name = f"friendly_gov-{created:%Y%m%d-%H%M%S}"
    folder = output / name
    partial = output / f".{name}.partial"
    if folder.exists() or partial.exists():
        raise BackupError(f"{folder} already exists: wait a second and run the backup again.")
    output.mkdir(parents=True, exist_ok=True)
    partial.mkdir()
    try:
        # One snapshot for pg_dump, the row counts and the migrations, so the manifest describes
        # exactly what was dumped even while the portal is in use.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            dump_tool = postgres.dump(connection.settings_dict, path=partial / DUMP, snapshot=snapshot)
            tables = postgres.row_counts(connection, cursor)
            migrations = manifests.applied_migrations(connection)
            server_version = postgres.server_version(cursor)
        # Files after the database: every file the dumped rows point to was already on disk (an
        # upload newer than the dump is at worst an unreferenced file in the archive).
        media_files, skipped = media.archive(media_root=Path(settings.MEDIA_ROOT), path=partial / MEDIA)
        manifest = {
            "format": manifests.FORMAT,
            "created_at": created.isoformat(timespec="seconds"),
            "portal": {"version": manifests.portal_version(), "migrations": migrations},
            "database": {
                "engine": "postgresql",
                "name": connection.settings_dict["NAME"],
                "server_version": server_version,
                "dump_tool": dump_tool,
                "tables": tables,
            },
            "files": {
                DUMP: manifests.file_entry(partial / DUMP),
                MEDIA: manifests.file_entry(partial / MEDIA),
            },
            "media": media_files,
        }
        manifests.write(partial, manifest)
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return BackupResult(folder=folder, manifest=manifest, skipped=skipped)

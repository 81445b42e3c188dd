"""Restoring a backup: `restore_check` refuses a damaged or unsafe backup, or a target in use,
before anything changes; `restore_apply` restores the files, then the database in one transaction,
and checks both against the manifest."""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

from . import manifest as manifests
from . import media, postgres
from .errors import BackupError
from .manifest import DUMP, MEDIA


@dataclass
class RestorePlan:
    folder: Path
    manifest: dict
    replace: bool
    database: str
    media_root: Path
    existing_tables: list[str]


@dataclass
class RestoreResult:
    plan: RestorePlan
    tables: dict[str, int]
    extra_files: list[str] = field(default_factory=list)
    unknown_migrations: list[str] = field(default_factory=list)
    newer_apps: list[str] = field(default_factory=list)


def describe_database(settings_dict: dict) -> str:
    host = settings_dict.get("HOST") or "local socket"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"{settings_dict['NAME']} on {host}{port}"


def restore_check(*, folder: Path, replace: bool = False) -> RestorePlan:
    """Everything a restore checks before it changes anything: the manifest's checksums, the
    media archive's entries, and (unless `replace`) that the database and media folder are empty."""
    postgres.require_postgresql(connection)
    manifest = manifests.read(folder)
    manifests.verify_files(folder, manifest)
    media.check_archive(folder / MEDIA, manifest["media"])
    database = describe_database(connection.settings_dict)
    existing = sorted(connection.introspection.table_names())
    media_root = Path(settings.MEDIA_ROOT)
    if not replace:
        if existing:
            raise BackupError(
                f"The database {database} already has {len(existing)} tables ({', '.join(existing[:3])}...): "
                "restore into a new, empty database, or pass --replace to replace its contents with the "
                "backup's. Nothing was changed."
            )
        if not media.is_empty(media_root):
            raise BackupError(
                f"The media folder {media_root} is not empty: restore into an empty folder, or pass "
                "--replace to add the backup's files to it. Nothing was changed."
            )
    return RestorePlan(
        folder=folder,
        manifest=manifest,
        replace=replace,
        database=database,
        media_root=media_root,
        existing_tables=existing,
    )


def restore_apply(*, plan: RestorePlan) -> RestoreResult:
    manifest = plan.manifest
    # Files first: they only add to the folder (upload names are random), so if the database
    # restore then fails, the database is as it was and at worst unreferenced files remain.
    try:
        media.extract(path=plan.folder / MEDIA, media_root=plan.media_root, expected=manifest["media"])
        postgres.restore(connection.settings_dict, path=plan.folder / DUMP, replace=plan.replace)
    except BaseException:
        if not plan.replace:
            # The folder was empty: leave it so, as the database is (one transaction).
            media.empty(plan.media_root)
        raise
    with connection.cursor() as cursor:
        tables = postgres.row_counts(connection, cursor)
    different = {
        table: (expected, tables.get(table))
        for table, expected in manifest["database"]["tables"].items()
        if tables.get(table) != expected
    }
    if different:
        lines = "\n".join(
            f"  {table}: {found} rows, expected {expected}" for table, (expected, found) in different.items()
        )
        raise BackupError(f"The database was restored, but its row counts differ from the manifest:\n{lines}")
    unknown, newer = manifests.migration_gap(manifest["portal"]["migrations"])
    return RestoreResult(
        plan=plan,
        tables={table: tables[table] for table in manifest["database"]["tables"]},
        extra_files=media.extra_files(plan.media_root, manifest["media"]) if plan.replace else [],
        unknown_migrations=unknown,
        newer_apps=newer,
    )

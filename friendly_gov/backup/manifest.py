"""The manifest of a backup (`manifest.json`): what it holds and the checksums that prove it is
whole, so that a damaged or tampered copy is refused before anything is restored."""

import hashlib
import json
import tomllib
from pathlib import Path

from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from .errors import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media.tar"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_entry(path: Path) -> dict:
    return {"size": path.stat().st_size, "sha256": sha256_of(path)}


def portal_version() -> str:
    # Deployments are not always git checkouts; pyproject.toml ships with the code.
    try:
        with (settings.BASE_DIR / "pyproject.toml").open("rb") as file:
            return tomllib.load(file)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def applied_migrations(connection) -> dict[str, str]:
    """The latest applied migration of each app (names start with their number)."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def code_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def migration_gap(recorded: dict[str, str]) -> tuple[list[str], list[str]]:
    """(migrations of the backup this code does not have, apps whose code has newer migrations)."""
    on_disk = code_migrations()
    latest_on_disk: dict[str, str] = {}
    for app, name in on_disk:
        latest_on_disk[app] = max(latest_on_disk.get(app, ""), name)
    unknown = [f"{app}.{name}" for app, name in recorded.items() if (app, name) not in on_disk]
    newer = sorted(app for app, name in latest_on_disk.items() if name > recorded.get(app, ""))
    return unknown, newer


def write(folder: Path, manifest: dict) -> None:
    (folder / MANIFEST).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def read(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} is damaged: {exc}.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a backup manifest of format {FORMAT}.")
    for key in ("files", "database", "media"):
        if key not in manifest:
            raise BackupError(f"{path} is damaged: it has no {key!r}.")
    return manifest


def verify_files(folder: Path, manifest: dict) -> None:
    """Refuse a backup whose dump or media archive is missing, or differs from the manifest."""
    for name in (DUMP, MEDIA):
        expected = manifest["files"].get(name)
        path = folder / name
        if expected is None or not path.is_file():
            raise BackupError(f"The backup is incomplete: {name} is missing. Nothing was changed.")
        actual = file_entry(path)
        if actual != expected:
            raise BackupError(
                f"The backup is damaged: {name} does not match its checksum in {MANIFEST} "
                f"(SHA-256 {actual['sha256']}, expected {expected.get('sha256')}). Nothing was changed."
            )

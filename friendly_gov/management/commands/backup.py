from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from friendly_gov.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, custom format) and the uploaded files (MEDIA_ROOT) into one "
        "folder named after the time, with a manifest of row counts and SHA-256 checksums. "
        "PostgreSQL only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=settings.BASE_DIR / "backups",
            help="the folder the backup folder is written into (default: backups/ in the project)",
        )

    def handle(self, *args, **options):
        try:
            result = backup_create(output=options["output"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        tables = manifest["database"]["tables"]
        media_bytes = sum(entry["size"] for entry in manifest["media"])
        files = manifest["files"]
        self.stdout.write(f"Backup written to {result.folder}")
        self.stdout.write(
            f"  database: {len(tables)} tables, {sum(tables.values()):,} rows, "
            f"{files['database.dump']['size']:,} bytes ({manifest['database']['server_version']})"
        )
        self.stdout.write(f"  media: {len(manifest['media'])} file(s), {media_bytes:,} bytes")
        for name in result.skipped:
            self.stderr.write(f"  left out (a link or special file, which a restore would refuse): {name}")

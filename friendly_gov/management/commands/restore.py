from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from friendly_gov.backup import BackupError, restore_apply, restore_check


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup` into the database of DATABASE_URL and the "
        "folder DJANGO_MEDIA_ROOT. The checksums are checked first; a database that already has "
        "tables, or a media folder with files, is refused unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the backup folder (friendly_gov-YYYYMMDD-HHMMSS)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "restore into a database that already has tables, replacing the backup's tables and "
                "their rows; files of the media folder with the same name are overwritten"
            ),
        )
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, **options):
        try:
            plan = restore_check(folder=options["path"], replace=options["replace"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = plan.manifest
        self.stdout.write(
            f"Backup {plan.folder.name}: created {manifest['created_at']}, "
            f"portal {manifest['portal']['version']}, "
            f"PostgreSQL {manifest['database']['server_version']}; checksums match."
        )
        self.stdout.write(f"  into the database {plan.database} and the media folder {plan.media_root}")
        if plan.replace and plan.existing_tables:
            self.stdout.write(
                self.style.WARNING(
                    f"  --replace: the database has {len(plan.existing_tables)} tables; those the backup "
                    "holds are dropped and restored from it"
                )
            )
        if not options["yes"] and not self.confirm():
            raise CommandError("Restore cancelled. Nothing was changed.")
        try:
            result = restore_apply(plan=plan)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.report(result)

    def confirm(self) -> bool:
        try:
            answer = input("Type 'yes' to restore, or anything else to cancel: ")
        except EOFError:
            return False
        return answer.strip().lower() == "yes"

    def report(self, result) -> None:
        manifest = result.plan.manifest
        media_bytes = sum(entry["size"] for entry in manifest["media"])
        self.stdout.write(self.style.SUCCESS("Restored."))
        self.stdout.write(
            f"  database: {len(result.tables)} tables, {sum(result.tables.values()):,} rows, "
            "every count as in the manifest"
        )
        self.stdout.write(
            f"  media: {len(manifest['media'])} file(s), {media_bytes:,} bytes, "
            "every SHA-256 as in the manifest"
        )
        if result.extra_files:
            self.stdout.write(
                f"  {len(result.extra_files)} files of the media folder are not in the backup: left in place"
            )
        if result.unknown_migrations:
            self.stdout.write(
                self.style.WARNING(
                    "  the backup comes from a newer portal (migrations this code does not have: "
                    f"{', '.join(result.unknown_migrations)}): deploy that version before starting the portal"
                )
            )
        elif result.newer_apps:
            self.stdout.write(
                f"  this code has newer migrations ({', '.join(result.newer_apps)}): run `manage.py migrate`"
            )

"""Import a one-stop system's feed of dossiers of any size from a CSV file on the server, with a
progress bar: all or nothing, idempotent by dossier code (surveys.dossiers.services)."""

import resource
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from communes.models import User
from surveys.dossiers.services import ImportRejected, dossiers_import_feed


class Command(BaseCommand):
    help = "Nhập hồ sơ thủ tục hành chính từ tệp CSV (mọi cỡ), tất cả hoặc không gì cả."

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV file (UTF-8) with the import's columns")
        parser.add_argument("--user", required=True, help="the account the import is made as (its scope)")

    def handle(self, *args, path, user, **options):
        try:
            by = User.objects.get(username=user)
        except User.DoesNotExist as error:
            raise CommandError(f"No user {user!r}.") from error
        started = time.perf_counter()
        with tqdm(unit=" rows", unit_scale=True, file=self.stderr._out, mininterval=1) as bar:

            def progress(read: int) -> None:
                bar.update(read - bar.n)

            try:
                result = dossiers_import_feed(path=path, by=by, on_chunk=progress)
            except ImportRejected as rejected:
                for error in rejected.errors:
                    self.stderr.write(str(error))
                raise CommandError("Nothing was imported.") from None
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"{result.rows} dossiers ({result.created} new, {result.updated} updated, "
            f"{result.services_added} procedures added) in {seconds:.1f} s, "
            f"{result.rows / seconds:,.0f} rows/s, peak {peak:.0f} MB"
        )

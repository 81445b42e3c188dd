import time

from django.core.management.base import BaseCommand

from communes.services.units import units_load_from_package


class Command(BaseCommand):
    help = (
        "Load or update the administrative units of both eras (before and after 1 July 2025) "
        "from the vietnamadminunits package, with the mapping from old units to new ones. "
        "Idempotent."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        result = units_load_from_package()
        self.stdout.write(f"Administrative units: {result} ({time.monotonic() - started:.1f} s)")
        for name in result.unmapped[:20]:
            self.stdout.write(f"  no successor: {name}")

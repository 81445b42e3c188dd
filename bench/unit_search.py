#!/usr/bin/env python
"""Benchmark: loading the administrative units, and choosing one among about 14,000.

Runs on a throwaway database (`test_<name>` of DATABASE_URL, created and dropped here) and prints
each figure with a ratio to a baseline measured in the same run, because shared machines are noisy:
- load: `load_units` on an empty database, against inserting the same number of bare rows;
- reload: the idempotent second run, against the same baseline;
- search: the public units endpoint with a name typed without diacritics, against `/healthz`
  (one database round trip through the same Django stack).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/friendly_gov .venv/bin/python bench/unit_search.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "friendly_gov.settings")
os.environ["DJANGO_DEBUG"] = "1"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

QUERIES = ["tien duc", "hung ha", "hoa binh hung ha", "phuong 1", "bo xuyen", "lang son", "an"]
ROUNDS = 30


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def median_ms(fn, rounds: int = ROUNDS) -> float:
    return statistics.median(timed(fn) for _ in range(rounds)) * 1000


def main() -> None:
    from communes.models import AdminUnit
    from communes.services.units import units_load_from_package

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rows = 14149

        def bare_inserts():
            with connection.cursor() as cursor:
                cursor.execute("CREATE TEMPORARY TABLE bench_rows (code varchar(8), name varchar(120))")
                cursor.executemany(
                    "INSERT INTO bench_rows VALUES (%s, %s)", [(str(i), f"Xã {i}") for i in range(rows)]
                )
                cursor.execute("DROP TABLE bench_rows")

        baseline = timed(bare_inserts)
        load = timed(units_load_from_package)
        reload = timed(units_load_from_package)
        assert AdminUnit.objects.count() == rows

        client = Client()
        client.get("/healthz")
        health = median_ms(lambda: client.get("/healthz"))
        search = {q: median_ms(lambda q=q: client.get("/api/v1/units/", {"q": q})) for q in QUERIES}

        vendor = connection.vendor
        print(f"database: {vendor}; {rows} units; search medians over {ROUNDS} requests")
        print(f"baseline  insert {rows} bare rows   {baseline:7.2f} s")
        print(f"load      load_units, empty db     {load:7.2f} s   ratio {load / baseline:6.1f}x baseline")
        print(
            f"reload    load_units, no change    {reload:7.2f} s   ratio {reload / baseline:6.1f}x baseline"
        )
        print(f"baseline  GET /healthz             {health:7.2f} ms")
        for q, ms in search.items():
            print(f"search    q={q!r:<20}   {ms:7.2f} ms  ratio {ms / health:6.1f}x /healthz")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

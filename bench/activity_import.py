#!/usr/bin/env python
"""Benchmark: how fast the activity import refuses files that are too big, against reading the
largest file it accepts.

No database: it times `friendly_gov.table_import.read_table`, which every import calls first and
which refuses a file before any row is checked against the database. Figures, each with a ratio to
the baseline measured in the same run (shared machines are noisy):
- baseline: reading an accepted XLSX of 20,000 rows of six columns (the row limit), written by
  openpyxl as Excel writes it;
- an XLSX of 1,000,000 rows, refused at the row limit;
- an XLSX whose only data row is numbered 1,000,000, refused at once;
- an XLSX of one row of 2,000,000 cells, and one of 20,000 rows of 50 text cells, refused at the
  cell limit (IMPORT_MAX_CELLS);
- a CSV of 1,000,000 lines, refused at the row limit;
- an XLSX that unpacks to more than the limit (a zip bomb), refused from its zip directory;
- for comparison, openpyxl's own read-only `load_workbook` of the million-row XLSX, which parses
  the whole sheet to measure it before the first row can be read (`--skip-openpyxl` to leave out).

    .venv/bin/python bench/activity_import.py
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "friendly_gov.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from friendly_gov.table_import import IMPORT_MAX_ROWS, ImportFileError, read_table  # noqa: E402
from friendly_gov.table_import.limits import XLSX_MAX_UNPACKED_BYTES  # noqa: E402
from tests.communes.workbooks import repeated, row, streamed_xlsx  # noqa: E402

HEADER = ["ma_xa", "loai", "tu_ngay", "den_ngay", "so_luong", "ghi_chu"]


def largest_accepted_xlsx() -> bytes:
    """20,000 rows of six columns as openpyxl (and Excel) write them: text in shared strings, dates
    as date cells, numbers as numbers."""
    import datetime
    import io

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    start, end = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
    for index in range(IMPORT_MAX_ROWS):
        note = f"Tổng hợp năm 2024 ({index})"
        sheet.append([f"{12646 + index % 50}", "Thư cảm ơn", start, end, 1336, note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(name: str, data: bytes, rounds: int) -> tuple[float, str]:
    """The median time of read_table over `rounds`, and what it answered."""
    times, answer = [], ""
    for _ in range(rounds):
        started = time.perf_counter()
        try:
            table = read_table(SimpleUploadedFile(name, data))
            answer = f"read {len(table.rows):,} rows"
        except ImportFileError as error:
            answer = f"refused: {error}"
        times.append(time.perf_counter() - started)
    return statistics.median(times), answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-openpyxl", action="store_true")
    args = parser.parse_args()

    files = {
        "accepted xlsx, 20,000 rows": ("max.xlsx", largest_accepted_xlsx()),
        "xlsx, 1,000,000 rows": ("million.xlsx", streamed_xlsx([row(*HEADER), *repeated(row(1), 1_000_000)])),
        "xlsx, one row numbered 1,000,000": (
            "far.xlsx",
            streamed_xlsx([row(*HEADER), row(1, number=1_000_000)]),
        ),
        "xlsx, one row of 2,000,000 cells": (
            "wide.xlsx",
            streamed_xlsx([row(*HEADER), b"<row>", *repeated(b"<c><v>1</v></c>", 2_000_000), b"</row>"]),
        ),
        "xlsx, 20,000 rows of 50 text cells": (
            "wide-rows.xlsx",
            streamed_xlsx([row(*HEADER), *repeated(row(*["x"] * 50), IMPORT_MAX_ROWS)]),
        ),
        "csv, 1,000,000 lines": ("million.csv", ",".join(HEADER).encode() + b"\n" + b"1\n" * 1_000_000),
        "xlsx zip bomb": ("bomb.xlsx", streamed_xlsx([row(*HEADER)], padding=XLSX_MAX_UNPACKED_BYTES * 20)),
    }
    print(f"read_table medians over {args.rounds} rounds; row limit {IMPORT_MAX_ROWS:,}")
    baseline = None
    for label, (name, data) in files.items():
        seconds, answer = timed(name, data, args.rounds)
        if baseline is None:
            baseline = seconds
            print(f"baseline  {label:<36} {seconds:7.3f} s   {len(data) / 1e6:5.1f} MB   {answer}")
        else:
            print(
                f"refuse    {label:<36} {seconds:7.3f} s   {len(data) / 1e6:5.1f} MB   "
                f"ratio {seconds / baseline:5.2f}x   {answer}"
            )

    if not args.skip_openpyxl:
        import io

        from openpyxl import load_workbook

        data = files["xlsx, 1,000,000 rows"][1]
        started = time.perf_counter()
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        seconds = time.perf_counter() - started
        workbook.close()
        print(
            f"compare   {'openpyxl load_workbook(read_only)':<36} {seconds:7.3f} s   "
            f"{len(data) / 1e6:5.1f} MB   ratio {seconds / baseline:5.2f}x   opened, no row read yet"
        )


if __name__ == "__main__":
    main()

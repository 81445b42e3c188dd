#!/usr/bin/env python
"""Benchmark of the dossiers: a national feed imported from a CSV file, then the on-time
indicators' API and page over it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/friendly_gov \
        .venv/bin/python bench/dossiers_bench.py --rows 1000000

On a throwaway database (`<name>_dossiers_bench` of DATABASE_URL, created here and dropped at the
end unless --keep): the administrative units of the whole country (`load_units`: 3,321 communes
of today), a superuser and a province viewer (Hưng Yên), then
- generate: a CSV of --rows dossiers in the one-stop systems' columns over three years, received
  from 01/12/2023 to 30/11/2026, before 01/07/2025 in the 10,035 communes of then and after it in
  the 3,321 of today (the era rule), 60 procedures (dates as dd/mm/yyyy HH:MM, a tenth as
  yyyyMMddHHmmss), 30% online, 90% returned (early, on time or late), the others of the last two
  months open and the older withdrawn, as in a real feed; in random order of time, or with
  --ordered in order of receipt;
- import: `manage.py import_dossiers` in its own process (its progress bar, rows per second and
  peak memory as it prints them), then the same file again (every dossier updated, none doubled);
- indicators: `GET /api/v1/dossier-indicators/` and `/api/v1/citizen-indicators/` for the
  province and for the whole country, over whole months, a period cutting two months and the
  year of the reform, and the indicators page, median of --rounds requests each, against
  `/healthz` as a baseline;
- the commune and province counts are checked against the dossiers (exact, not approximate).
"""

import argparse
import csv
import datetime
import os
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "friendly_gov.settings")
os.environ["DJANGO_DEBUG"] = "1"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from tqdm import tqdm  # noqa: E402

from surveys.dossiers.rows import COLUMNS as HEADER  # noqa: E402

# Three years of dossiers: before the reform of 01/07/2025 they name the communes of then.
FIRST = datetime.datetime(2023, 12, 1, 7, 30)
LAST = datetime.date(2026, 11, 30)
DAYS = (LAST - FIRST.date()).days
REFORM = datetime.date(2025, 7, 1)


def generate(path: Path, rows: int, communes: list[str], legacy: list[str], *, ordered: bool = False) -> None:
    """`ordered`: the rows in order of receipt, day after day, as a one-stop system sends its
    days; otherwise in random order of time (the hardest order for the table's indexes)."""
    rng = random.Random(13)
    procedures = [
        (f"1.{1000 + n:06d}", f"Thủ tục hành chính cấp xã số {n + 1}", "Hộ tịch") for n in range(60)
    ]
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for index in tqdm(range(rows), desc="generate", unit=" rows", unit_scale=True, mininterval=1):
            day = index * DAYS // rows if ordered else rng.randrange(DAYS)
            received = FIRST + datetime.timedelta(days=day, minutes=rng.randrange(540))
            pool = communes if received.date() >= REFORM else legacy
            commune = pool[index % len(pool)]
            due = received.date() + datetime.timedelta(days=rng.randrange(1, 12))
            code, name, field = procedures[rng.randrange(len(procedures))]
            returned = ""
            # As in a real feed: 90% returned; of the rest, those of the last two months still
            # open, the older ones withdrawn.
            status = "Đang giải quyết" if (LAST - received.date()).days <= 60 else "Rút hồ sơ"
            if rng.random() < 0.9:
                moment = received + datetime.timedelta(days=rng.randrange(0, 14), hours=1)
                returned = moment.strftime("%d/%m/%Y %H:%M")
                status = "Đã trả kết quả"
            compact = index % 10 == 0
            writer.writerow(
                [
                    f"000.00.{index % 97:02d}.H{commune[-2:]}-{received:%y%m%d}-{index:07d}",
                    code,
                    name,
                    field,
                    "Trực tuyến" if rng.random() < 0.3 else "Trực tiếp",
                    received.strftime("%Y%m%d%H%M%S") if compact else received.strftime("%d/%m/%Y %H:%M"),
                    due.strftime("%d/%m/%Y"),
                    returned,
                    status,
                    f"canbo.{index % 7}",
                    commune,
                ]
            )


def run_import(path: Path, database_name: str) -> str:
    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    env = {**os.environ, "DATABASE_URL": url._replace(path=f"/{database_name}").geturl()}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "import_dossiers", str(path), "--user", "bench.admin"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    return f"{done.stdout.strip()} (process wall time {wall:.1f} s)"


def baseline_copy(path: Path) -> float:
    """Seconds PostgreSQL takes to read the same CSV through a bare COPY (text columns, no index,
    no constraint, no check), on the machine as it is during this run."""
    with connection.cursor() as cursor:
        columns = ", ".join(f"{name} text" for name in HEADER)
        cursor.execute(f"CREATE TABLE bench_intake ({columns})")
        try:
            started = time.perf_counter()
            with path.open(encoding="utf-8") as stream:
                copy = "COPY bench_intake FROM STDIN WITH (FORMAT csv, HEADER true)"
                cursor.cursor.copy_expert(copy, stream)
            return time.perf_counter() - started
        finally:
            cursor.execute("DROP TABLE bench_intake")


def median_ms(client: Client, url: str, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000


def check_counts() -> None:
    from django.db.models import Count, Q, Sum

    from surveys.models import Dossier, DossierMonthlyCount, DossierProvinceCount

    sums = {
        "received": Sum("received"),
        "online": Sum("received_online"),
        "early": Sum("early"),
        "on_time": Sum("on_time"),
        "late": Sum("late"),
    }
    actual = Dossier.objects.aggregate(
        received=Count("pk"),
        online=Count("pk", filter=Q(channel="online")),
        early=Count("pk", filter=Q(outcome="early")),
        on_time=Count("pk", filter=Q(outcome="on_time")),
        late=Count("pk", filter=Q(outcome="late")),
    )
    assert DossierMonthlyCount.objects.aggregate(**sums) == actual
    province = DossierProvinceCount.objects
    for span in ("month", "day"):
        assert province.filter(span=span, service_key=0).aggregate(**sums) == actual, span
        assert province.filter(span=span, service_key__gt=0).aggregate(**sums) == actual, span
    print(f"counts exact: {actual}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--skip-reimport", action="store_true")
    parser.add_argument("--queries-only", action="store_true", help="on a kept database: the requests only")
    parser.add_argument("--ordered", action="store_true", help="the feed in order of receipt, not random")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("The dossiers benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_dossiers_bench"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep)
    try:
        from communes.models import AdminUnit, User

        if not AdminUnit.objects.exists():
            call_command("load_units")
        communes, legacy = (
            list(
                AdminUnit.objects.filter(era=era, level="commune")
                .exclude(code="")
                .order_by("code")
                .values_list("code", flat=True)
            )
            for era in ("current", "legacy")
        )
        province = AdminUnit.objects.get(era="current", level="province", code="33")
        User.objects.filter(username__in=["bench.admin", "bench.viewer"]).delete()
        admin = User.objects.create_superuser("bench.admin", password="x")
        viewer = User.objects.create_user(
            "bench.viewer", password="x", role=User.Role.PROVINCE_VIEWER, province=province
        )
        path = Path(f"/tmp/dossiers_bench_3y_{args.rows}{'_ordered' if args.ordered else ''}.csv")
        if args.queries_only:
            pass
        elif not path.exists():
            started = time.perf_counter()
            generate(path, args.rows, communes, legacy, ordered=args.ordered)
            print(
                f"generate  {args.rows:,} rows over {len(communes):,} communes: "
                f"{time.perf_counter() - started:.1f} s, "
                f"{path.stat().st_size / 1_048_576:.0f} MB"
            )
        if not args.queries_only:
            intake = baseline_copy(path)
            print(f"baseline  bare COPY of the CSV (text columns, no index): {intake:.1f} s")
            for label, again in [("import    ", False), ("re-import ", True)]:
                if again and args.skip_reimport:
                    continue
                line = run_import(path, connection.settings_dict["NAME"])
                seconds = float(re.search(r" in ([\d.]+) s,", line).group(1))
                print(label, f"{line}  ratio {seconds / intake:.1f}x")
        check_counts()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        client = Client()
        client.force_login(admin)
        baseline = median_ms(client, "/healthz", args.rounds)
        print(f"baseline  /healthz {baseline:.1f} ms")
        views = [
            ("whole months", "from=2026-01-01&to=2026-10-31"),
            ("cut months", "from=2026-01-10&to=2026-10-20"),
            ("across 2025", "from=2025-01-01&to=2025-12-31"),
        ]
        from surveys.models import Dossier

        # The beginning of a code of the province: its unit and a day.
        newest = Dossier.objects.filter(commune__current_province=province).order_by("-received_at").first()
        code_prefix = urllib.parse.quote(newest.code[: newest.code.rindex("-")]) if newest else "000"
        for who, user, unit in [("province", viewer, province.pk), ("country", admin, None)]:
            client.force_login(user)
            for label, period in views:
                query = f"{period}&unit={unit}" if unit else period
                for endpoint in ["dossier-indicators", "citizen-indicators"]:
                    ms = median_ms(client, f"/api/v1/{endpoint}/?{query}", args.rounds)
                    print(f"{who:9} {endpoint:19} {label:13} {ms:7.1f} ms  ratio {ms / baseline:5.1f}x")
                page = f"/ho-so/chi-so/?start={period[5:15]}&end={period[19:]}" + (
                    f"&unit={unit}" if unit else ""
                )
                ms = median_ms(client, page, args.rounds)
                print(f"{who:9} {'page':19} {label:13} {ms:7.1f} ms  ratio {ms / baseline:5.1f}x")
            # The lists: the newest first, paged by the counts; a code found by its beginning.
            for label, query in [("newest", ""), ("late", "outcome=late"), ("code", f"code={code_prefix}")]:
                for name, url in [("list page", "/ho-so/"), ("list api", "/api/v1/dossiers/")]:
                    ms = median_ms(client, f"{url}?{query}", args.rounds)
                    print(f"{who:9} {name:19} {label:13} {ms:7.1f} ms  ratio {ms / baseline:5.1f}x")
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Benchmark of the satisfaction surveys: a data generator, the results page over 1,000,000
responses, and submission throughput against gunicorn and PostgreSQL on loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/friendly_gov .venv/bin/python bench/surveys_bench.py

Options: --communes N (100) --responses M per commune (10000), --seconds of load per phase (10),
--threads of the load client (16), --workers of gunicorn (2 x cores + 1), --skip-throughput.

It runs on a throwaway database (`<name>_surveys_bench` of DATABASE_URL, created and dropped here;
PostgreSQL only: the generator writes with generate_series) and prints each figure with a
baseline measured in the same run, because shared machines are noisy:
- generate: N communes x M responses (the six required 1-5 answers each, over the last twelve
  months, 80% with a service), written in SQL with a progress bar, then the monthly counts
  built from them by the same definitions the service increments (a response satisfied at 4+);
- results: the province results page (/khao-sat/, index, factors, pilot split, trend, commune
  table, distributions) and its API twin, median of 20 requests, against /healthz;
- throughput: the public form's POST (CSRF, honeypot, rate-limit counter, validation, the
  response, its answers and both count upserts in one transaction) from a threaded client,
  against a no-op POST view with the same middleware (bench/surveys_urls.py);
- finally the counts are checked against the responses (exact, not approximate).
"""

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "friendly_gov.settings")
os.environ["DJANGO_DEBUG"] = "1"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from tqdm import tqdm  # noqa: E402

TZ = "Asia/Ho_Chi_Minh"
HEALTH_ROUNDS = 30
PAGE_ROUNDS = 20


def median_ms(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


# --- Data ------------------------------------------------------------------------------------------


def make_world(communes: int):
    """A synthetic province with `communes` communes (a third of them pilots), its services,
    desks, a province viewer and the default SIPAS template."""
    import datetime

    from communes.models import AdminUnit, Enrolment, Programme, User, fold
    from surveys.models import Service
    from surveys.services import template_default_ensure

    province = AdminUnit.objects.create(
        era="current",
        level="province",
        unit_type="tinh",
        code="B1",
        name="Tỉnh Thử Tải",
        short_name="Thử Tải",
    )
    province.current_province = province
    province.save(update_fields=["current_province"])
    units = AdminUnit.objects.bulk_create(
        AdminUnit(
            era="current",
            level="commune",
            unit_type="xa",
            code=f"B{i:05d}",
            name=f"Xã Thử Tải {i + 1}",
            short_name=f"Thử Tải {i + 1}",
            search_name=fold(f"Xã Thử Tải {i + 1}"),
            parent=province,
            current_province=province,
        )
        for i in range(communes)
    )
    programme = Programme.objects.create(
        name="Chính quyền thân thiện",
        owner_unit=province,
        phase_start=datetime.date(2024, 1, 1),
        phase_end=datetime.date(2030, 12, 31),
    )
    Enrolment.objects.bulk_create(
        Enrolment(
            programme=programme,
            commune=unit,
            level="province_pilot" if i % 3 == 0 else "rollout",
            selected_on=datetime.date(2024, 1, 1),
        )
        for i, unit in enumerate(units)
    )
    services = [Service.objects.create(name=f"Thủ tục {i + 1}", field="Hộ tịch") for i in range(8)]
    viewer = User.objects.create_user(
        username="bench.viewer", password="x", role="province_viewer", province=province
    )
    return units, services, viewer, template_default_ensure()


def generate(units, services, template, per_commune: int, chunk: int = 5) -> int:
    """N communes x M responses in SQL, chunk by chunk, with a progress bar."""
    from surveys.models import Answer, Question, SurveyResponse

    scale = list(
        template.questions.filter(kind=Question.Kind.SCALE, required=True).values_list("pk", flat=True)
    )
    overall = template.questions.get(factor="overall").pk
    responses = SurveyResponse._meta.db_table
    answers = Answer._meta.db_table
    service_ids = [s.pk for s in services]
    ids = [u.pk for u in units]
    with tqdm(total=len(ids) * per_commune, unit="phiếu", desc="generate", unit_scale=True) as bar:
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            with connection.cursor() as cursor:
                cursor.execute("SELECT COALESCE(MAX(id), 0) FROM " + responses)
                before = cursor.fetchone()[0]
                cursor.execute(
                    f"""INSERT INTO {responses} (template_id, commune_id, service_id, channel, submitted_at)
                    SELECT %s, c.id,
                           CASE WHEN random() < 0.8 THEN (%s::bigint[])[1 + floor(random() * %s)::int] END,
                           'web', now() - random() * interval '365 days'
                    FROM unnest(%s::bigint[]) AS c(id), generate_series(1, %s)""",
                    [template.pk, service_ids, len(service_ids), part, per_commune],
                )
                # A mood per respondent, each answer around it: realistic, mostly satisfied.
                cursor.execute(
                    f"""WITH fresh AS MATERIALIZED (
                            SELECT id, 2.2 + random() * 3.0 AS mood FROM {responses} WHERE id > %s
                        )
                    INSERT INTO {answers} (response_id, question_id, value, "values", text)
                    SELECT f.id, q.id,
                           LEAST(5, GREATEST(1, round(f.mood + random() * 1.6 - 0.8)))::int, '[]', ''
                    FROM fresh f CROSS JOIN unnest(%s::bigint[]) AS q(id)""",
                    [before, scale],
                )
                cursor.execute(
                    f"""UPDATE {responses} r SET overall_satisfied = (a.value >= 4)
                    FROM {answers} a WHERE r.id > %s AND a.response_id = r.id AND a.question_id = %s""",
                    [before, overall],
                )
            bar.update(len(part) * per_commune)
    return len(ids) * per_commune


def build_counts(template) -> None:
    """The monthly counts of the generated responses, by the service's definitions."""
    from surveys.models import SIPAS_FACTORS, Answer, MonthlyAnswerCount, MonthlyCount, SurveyResponse

    questions = {q.factor: q.pk for q in template.questions.filter(aspect="satisfaction")}
    pivots = ", ".join(
        f"MAX(a.value) FILTER (WHERE a.question_id = {questions[f]}) AS {f}"
        for f in ["overall", *SIPAS_FACTORS]
    )
    columns = ["overall", *SIPAS_FACTORS]
    sums = ", ".join(f"COUNT({c}), COUNT(*) FILTER (WHERE {c} >= 4)" for c in columns)
    names = ", ".join(f"{c}_answered, {c}_satisfied" for c in columns)
    month = f"date_trunc('month', r.submitted_at AT TIME ZONE '{TZ}')::date"
    steps = [
        f"""INSERT INTO {MonthlyCount._meta.db_table}
              (month, commune_id, service_key, officer_key, forms, {names})
            SELECT month, commune_id, service_key, officer_key, COUNT(*), {sums}
            FROM (SELECT {month} AS month, r.commune_id, COALESCE(r.service_id, 0) AS service_key,
                         COALESCE(r.officer_id, 0) AS officer_key, {pivots}
                  FROM {SurveyResponse._meta.db_table} r
                  JOIN {Answer._meta.db_table} a ON a.response_id = r.id
                  GROUP BY r.id) per_response
            GROUP BY month, commune_id, service_key, officer_key""",
        f"""INSERT INTO {MonthlyAnswerCount._meta.db_table} (month, commune_id, question_id, value, count)
            SELECT {month}, r.commune_id, a.question_id, a.value, COUNT(*)
            FROM {SurveyResponse._meta.db_table} r JOIN {Answer._meta.db_table} a ON a.response_id = r.id
            WHERE a.value IS NOT NULL
            GROUP BY 1, 2, 3, 4""",
        "ANALYZE",
    ]
    with connection.cursor() as cursor:
        for sql in tqdm(steps, desc="counts", unit="step"):
            cursor.execute(sql)


def check_exact(template) -> tuple[int, int, int, int]:
    """(responses, counted forms, satisfied responses, counted satisfied)."""
    from django.db.models import Sum

    from surveys.models import MonthlyCount, SurveyResponse

    counted = MonthlyCount.objects.aggregate(forms=Sum("forms"), satisfied=Sum("overall_satisfied"))
    return (
        SurveyResponse.objects.count(),
        counted["forms"],
        SurveyResponse.objects.filter(overall_satisfied=True).count(),
        counted["satisfied"],
    )


# --- Throughput ------------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(database: str, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(os.environ, BENCH_DATABASE_NAME=database, DJANGO_SETTINGS_MODULE="surveys_settings")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "friendly_gov.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--pythonpath",
            f"{ROOT / 'bench'},{ROOT}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def load(
    port: int, paths: list[str], body: bytes, headers: dict, seconds: float, threads: int
) -> tuple[float, int]:
    """Requests per second with `threads` clients posting `body` to `paths` in turn for
    `seconds`; and the number of failed requests."""
    done = [0] * threads
    failed = [0] * threads
    errors: list[str] = []
    stop = time.perf_counter() + seconds

    def client(index: int):
        turn = index
        while time.perf_counter() < stop:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            turn += threads
            try:
                conn.request("POST", paths[turn % len(paths)], body=body, headers=headers)
                response = conn.getresponse()
                content = response.read()
                if response.status in (200, 302):
                    done[index] += 1
                else:
                    failed[index] += 1
                    errors.append(f"{response.status} {content[:200]!r}")
            except OSError as error:
                failed[index] += 1
                errors.append(repr(error))
            finally:
                conn.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if errors:
        print(f"          {len(errors)} failed, e.g. {sorted(set(errors))[:3]}", file=sys.stderr)
    return sum(done) / (time.perf_counter() - started), sum(failed)


def throughput(database: str, units, template, seconds: float, threads: int, workers: int) -> None:
    process, port = start_gunicorn(database, workers)
    try:
        commune = units[0]
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", f"/ks/{commune.pk}/")
        page = conn.getresponse()
        html = page.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "")[1]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        fields = [("csrfmiddlewaretoken", token), ("template", str(template.pk)), ("website", "")]
        for question in template.questions.filter(required=True):
            fields.append((f"q{question.pk}", "4"))
        body = urllib.parse.urlencode(fields).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "Host": "127.0.0.1",
        }
        # Citizens of every commune at once, as on a working day: the count rows they touch
        # differ. (All on one commune, they queue on that commune's row: the last figure.)
        paths = [f"/ks/{u.pk}/" for u in units]
        noop_paths = ["/bench/noop/"]
        load(port, noop_paths, body, headers, 2, threads)  # warm up every worker
        load(port, paths, body, headers, 2, threads)
        noop, noop_failed = load(port, noop_paths, body, headers, seconds, threads)
        submit, failed = load(port, paths, body, headers, seconds, threads)
        one, _failed = load(port, paths[:1], body, headers, seconds / 2, threads)
        print(
            f"baseline  POST no-op view          {noop:8.0f} /s   "
            f"({threads} client threads, {workers} gunicorn workers)"
        )
        print(f"submit    POST public form         {submit:8.0f} /s   ratio {submit / noop:5.2f}x no-op")
        print(f"submit    same, one commune only   {one:8.0f} /s   ratio {one / noop:5.2f}x no-op")
        if noop_failed or failed:
            print(f"          failed requests: no-op {noop_failed}, submit {failed}")
    finally:
        process.terminate()
        process.wait(10)


# --- Main ------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--responses", type=int, default=10_000, help="per commune")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args()

    if connection.vendor != "postgresql":
        raise SystemExit("The surveys benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    setup_test_environment()
    # Its own throwaway database, never the test suite's test_<name>.
    connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_surveys_bench"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    database = connection.settings_dict["NAME"]
    try:
        units, services, viewer, template = make_world(args.communes)
        started = time.perf_counter()
        total = generate(units, services, template, args.responses)
        build_counts(template)
        generated = time.perf_counter() - started

        client = Client()
        client.force_login(viewer)
        client.get("/healthz")
        health = median_ms(lambda: client.get("/healthz"), HEALTH_ROUNDS)
        first = client.get("/khao-sat/")
        assert first.status_code == 200 and first.context["result"].index.forms == total
        page = median_ms(lambda: client.get("/khao-sat/"), PAGE_ROUNDS)
        api = median_ms(lambda: client.get("/api/v1/survey-results/"), PAGE_ROUNDS)
        commune = median_ms(lambda: client.get("/khao-sat/", {"commune": units[1].pk}), PAGE_ROUNDS)

        print(
            f"database: postgresql; {args.communes} communes x {args.responses} = {total:,} responses; "
            f"medians over {PAGE_ROUNDS} requests"
        )
        print(f"generate  {total:,} responses + counts {generated:8.1f} s")
        print(f"baseline  GET /healthz              {health:8.2f} ms")
        print(f"results   GET /khao-sat/ (province) {page:8.2f} ms  ratio {page / health:6.1f}x /healthz")
        print(
            f"results   GET /khao-sat/?commune=   {commune:8.2f} ms  ratio {commune / health:6.1f}x /healthz"
        )
        print(f"results   GET /api/v1/survey-results/ {api:6.2f} ms  ratio {api / health:6.1f}x /healthz")
        sys.stdout.flush()

        if not args.skip_throughput:
            connection.close()
            throughput(database, units, template, args.seconds, args.threads, args.workers)
        responses, forms, satisfied, counted_satisfied = check_exact(template)
        status = "exact" if (responses, satisfied) == (forms, counted_satisfied) else "MISMATCH"
        print(
            f"check     {responses:,} responses, counted {forms:,}; "
            f"satisfied {satisfied:,}, counted {counted_satisfied:,}: {status}"
        )
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

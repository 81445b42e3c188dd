#!/usr/bin/env python
"""Benchmark of the satisfaction surveys: a data generator, the results page over 1,000,000
responses, and submission throughput against gunicorn and PostgreSQL on loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/friendly_gov .venv/bin/python bench/surveys_bench.py

Options: --communes N (100) --responses M per commune (10000), --seconds of load per phase (10),
--connections of the load client (16), --workers of gunicorn (2 x cores + 1), --client (wrk when
installed, else Python processes), --redis-url of the cache (REDIS_URL, else the local Redis),
--skip-throughput.

It runs on a throwaway database (`<name>_surveys_bench` of DATABASE_URL, created and dropped here;
PostgreSQL only: the generator writes with generate_series) and prints each figure with a
baseline measured in the same run, because shared machines are noisy:
- generate: N communes x M responses (the six required 1-5 answers each, over the last twelve
  months, 80% with a service), written in SQL with a progress bar, then the monthly counts
  built from them by the same definitions the service increments (a response satisfied at 4+);
- results: the province results page (/khao-sat/, index, factors, pilot split, trend, commune
  table, distributions) and its API twin, median of 20 requests, against /healthz;
- throughput: the public form's POST (CSRF, honeypot, one-use token, rate-limit counter,
  validation, the response, its answers and both count upserts in one statement) and the API's
  JSON POST with an Idempotency-Key, each request with a key of its own, from
  wrk in its own process, against a no-op POST view with the same middleware
  (bench/surveys_urls.py); with the CPU each request took in gunicorn, PostgreSQL and the client;
- finally the counts are checked against the responses (exact, not approximate).
"""

import argparse
import http.client
import os
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

# wrk (a C load generator, `apt-get install wrk`) sends the requests from one event-loop thread:
# it takes a few percent of a core where a Python client would take a large share of the cores it
# is measuring. The script rotates over the requests given and counts the expected status only.
WRK_SCRIPT = """
local requests = {%(requests)s}
local expected = %(expected)d
local turn = 0
local threads = {}
function setup(thread) table.insert(threads, thread); thread:set("id", #threads) end
function init(args) ok = 0; bad = 0; sample = "" end
function request()
  turn = turn + 1
  local r = requests[turn %% #requests + 1]
  -- Citizens come from many addresses (a proxy in front names them): one rate-limit key each.
  wrk.headers["X-Real-IP"] = "10.0." .. (turn %% 20) .. "." .. (turn %% 250 + 1)
  -- Each submission its own one-use token (form) or Idempotency-Key (API), as a page or an app
  -- sends them: the same key again would store nothing.
  local key = string.format("%(prefix)s%%02d%%014d", id, turn)
  wrk.headers["Idempotency-Key"] = key
  return wrk.format("POST", r[1], nil, (string.gsub(r[2], KEY_PLACEHOLDER, key)))
end
function response(status, headers, body)
  if status == expected then ok = ok + 1
  else
    bad = bad + 1
    if sample == "" then sample = status .. " " .. string.sub(body, 1, 200) end
  end
end
function done(summary, latency, requests)
  local o, b, s = 0, 0, ""
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); b = b + t:get("bad")
    if s == "" then s = t:get("sample") end
  end
  io.write(string.format("RESULT %%d %%d %%d %%d\\n", o, b,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration))
  io.write("SAMPLE " .. s .. "\\n")
end
"""


# In a form's body, where each request puts its own token (characters a token may have, so that
# urlencode leaves it as is).
KEY_PLACEHOLDER = "SUBMISSIONKEYPLACEHOLDER"


def key_prefix() -> str:
    """Keys of one load run: a run never replays another's."""
    import secrets

    return secrets.token_hex(4) + "-"


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_reachable(url: str) -> bool:
    import socket

    parsed = urllib.parse.urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def start_gunicorn(database: str, workers: int, redis_url: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(
        os.environ,
        BENCH_DATABASE_NAME=database,
        BENCH_REDIS_URL=redis_url,
        DJANGO_SETTINGS_MODULE="surveys_settings",
    )
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
        stderr=subprocess.DEVNULL,
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


class CpuMeter:
    """CPU time (user + system) of gunicorn's processes, of the PostgreSQL backends serving the
    benchmark's database and of the load client, from /proc (Linux): where each request's CPU
    goes on the shared cores."""

    def __init__(self, gunicorn: subprocess.Popen, database: str):
        self.gunicorn = gunicorn
        self.database = database
        self.tick = os.sysconf("SC_CLK_TCK")

    def _seconds(self, pids) -> float:
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / self.tick

    def _gunicorn_pids(self) -> list[int]:
        children = Path(f"/proc/{self.gunicorn.pid}/task/{self.gunicorn.pid}/children")
        try:
            return [self.gunicorn.pid, *map(int, children.read_text().split())]
        except OSError:
            return [self.gunicorn.pid]

    def _postgres_pids(self) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.database],
            )
            return [pid for (pid,) in cursor.fetchall()]

    def sample(self) -> tuple[float, float]:
        return self._seconds(self._gunicorn_pids()), self._seconds(self._postgres_pids())


def wrk_load(
    port: int, requests: list[tuple[str, bytes]], headers: dict, expected: int, seconds, connections
):
    """(responses with the expected status per second, other responses and errors, client CPU s)."""
    import resource
    import tempfile

    script = f"local KEY_PLACEHOLDER = {lua_string(KEY_PLACEHOLDER)}\n" + WRK_SCRIPT % {
        "requests": ", ".join(
            f"{{{lua_string(path)}, {lua_string(body.decode())}}}" for path, body in requests
        ),
        "expected": expected,
        "prefix": key_prefix(),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as file:
        file.write(script)
        file.flush()
        args = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "-s", file.name]
        for name, value in headers.items():
            args += ["-H", f"{name}: {value}"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = subprocess.run(
            [*args, f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next((line for line in result.stdout.splitlines() if line.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk failed: {result.stdout[-500:]} {result.stderr[-500:]}")
    ok, bad, errors, duration = map(int, line.split()[1:])
    if bad or errors:
        sample = next((line for line in result.stdout.splitlines() if line.startswith("SAMPLE ")), "")
        print(
            f"          {bad} unexpected responses, {errors} socket errors; {sample[:200]}", file=sys.stderr
        )
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return ok / (duration / 1e6), bad + errors, cpu


def _python_client(args) -> tuple[int, int]:
    port, requests, headers, expected, stop, offset, prefix = args
    ok = bad = 0
    turn = offset
    conn = None
    while time.time() < stop:
        path, body = requests[turn % len(requests)]
        turn += 1
        address = f"10.0.{turn % 20}.{turn % 250 + 1}"  # many citizens, as in WRK_SCRIPT
        key = f"{prefix}{offset:02d}{turn:014d}"  # a key of its own, as in WRK_SCRIPT
        body = body.replace(KEY_PLACEHOLDER.encode(), key.encode())
        try:
            conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request(
                "POST", path, body=body, headers={**headers, "X-Real-IP": address, "Idempotency-Key": key}
            )
            response = conn.getresponse()
            response.read()
            ok, bad = (ok + 1, bad) if response.status == expected else (ok, bad + 1)
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except OSError:
            bad += 1
            conn = None
    return ok, bad


def python_load(port: int, requests, headers: dict, expected: int, seconds, connections):
    """The fallback without wrk: one client process per connection (no shared interpreter lock),
    keep-alive where the server allows it. It costs far more CPU than wrk, on the same cores."""
    import multiprocessing
    import resource

    headers = {**headers, "Host": "127.0.0.1"}
    prefix = key_prefix()
    connection.close()  # never shared with the forked clients
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.time()
    stop = started + seconds
    with multiprocessing.get_context("fork").Pool(connections) as pool:
        results = pool.map(
            _python_client,
            [(port, requests, headers, expected, stop, i, prefix) for i in range(connections)],
        )
    elapsed = time.time() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    ok = sum(r[0] for r in results)
    bad = sum(r[1] for r in results)
    if bad:
        print(f"          {bad} unexpected responses or errors", file=sys.stderr)
    return ok / elapsed, bad, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def throughput(
    database: str,
    units,
    template,
    seconds: float,
    connections: int,
    workers: int,
    client: str,
    redis_url: str,
) -> None:
    import json
    import shutil

    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    if client == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk, or use --client python")
    if redis_url and not redis_reachable(redis_url):
        print(f"          no Redis at {redis_url}: the rate limit counts in each worker's memory")
        redis_url = ""
    load = wrk_load if client == "wrk" else python_load
    process, port = start_gunicorn(database, workers, redis_url)
    meter = CpuMeter(process, database)
    try:
        commune = units[0]
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", f"/ks/{commune.pk}/")
        page = conn.getresponse()
        html = page.read().decode()
        # The CSRF cookie and token are fetched once: every citizen's browser has its own, and
        # the check (unmasking and comparing them) runs on every POST all the same.
        cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "")[1]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        required = list(template.questions.filter(required=True).values_list("pk", flat=True))
        fields = [
            ("csrfmiddlewaretoken", token),
            ("template", str(template.pk)),
            ("website", ""),
            ("submission_key", KEY_PLACEHOLDER),
        ]
        fields += [(f"q{pk}", "4") for pk in required]
        body = urllib.parse.urlencode(fields).encode()
        form_headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"}
        # Citizens of every commune at once, as on a working day: the count rows they touch
        # differ. (All on one commune, they queue on that commune's row.)
        forms = [(f"/ks/{u.pk}/", body) for u in units]
        api = [
            (
                "/api/v1/survey-responses/",
                json.dumps(
                    {"commune": u.pk, "template": template.pk, "answers": {str(pk): 4 for pk in required}}
                ).encode(),
            )
            for u in units
        ]
        api_headers = {"Content-Type": "application/json"}
        noop = [("/bench/noop/", body)]
        phases = [
            ("noop", noop, form_headers, 200, seconds),
            ("form", forms, form_headers, 302, seconds),
            ("one", forms[:1], form_headers, 302, seconds / 2),
            ("api", api, api_headers, 201, seconds / 2),
        ]
        load(port, noop, form_headers, 200, 2, connections)  # warm up every worker
        load(port, forms, form_headers, 302, 2, connections)
        load(port, api, api_headers, 201, 2, connections)
        results = {}
        for name, requests, headers, expected, duration in phases:
            connection.close()
            before = meter.sample()
            started = time.perf_counter()
            rate, failed, client_cpu = load(port, requests, headers, expected, duration, connections)
            elapsed = time.perf_counter() - started
            after = meter.sample()
            done = max(rate * elapsed, 1)
            cpu = [(a - b) * 1000 / done for a, b in zip(after, before, strict=True)] + [
                client_cpu * 1000 / done
            ]
            results[name] = (rate, failed, cpu)
        noop_rate = results["noop"][0]
        cache = "Redis" if redis_url else "per-worker memory"
        print(
            f"load      {client}, {connections} connections; gunicorn {workers} sync workers; "
            f"rate limit counted in {cache}"
        )
        labels = {
            "noop": "baseline  POST no-op view         ",
            "form": "submit    POST public form        ",
            "one": "submit    same, one commune only  ",
            "api": "submit    POST API (JSON)         ",
        }
        for name, (rate, failed, (gunicorn_ms, postgres_ms, client_ms)) in results.items():
            ratio = "" if name == "noop" else f"ratio {rate / noop_rate:5.2f}x no-op"
            print(
                f"{labels[name]}{rate:6.0f} /s   {ratio:20s}"
                f"CPU/request: gunicorn {gunicorn_ms:.2f} ms, PostgreSQL {postgres_ms:.2f} ms, "
                f"client {client_ms:.2f} ms" + (f"; {failed} FAILED" if failed else "")
            )
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:  # a loaded machine: workers slow to finish their request
            process.kill()
            process.wait()


# --- Main ------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--responses", type=int, default=10_000, help="per commune")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument(
        "--client", choices=["auto", "wrk", "python"], default="auto", help="auto: wrk when installed"
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
        help="where the rate limit counts, as in production ('' for each worker's memory)",
    )
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
            throughput(
                database,
                units,
                template,
                args.seconds,
                args.connections,
                args.workers,
                args.client,
                args.redis_url,
            )
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

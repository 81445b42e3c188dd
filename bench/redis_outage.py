#!/usr/bin/env python
"""Redis outage: citizens' and staff traffic against gunicorn while the Redis of the cache, the
rate limits and the Celery broker is killed, then started again.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/friendly_gov .venv/bin/python bench/redis_outage.py

Options: --up 10 --down 20 --back 10 (seconds of each phase), --threads 8 (concurrent clients),
--workers 3 (gunicorn sync workers), --plain-django-redis (the cache without its fallback, as
before: the figures of the failure).

It creates and drops its own `<name>_redis_outage` database and starts its own redis-server on
a spare port (`--save '' --appendonly no`: killed, it comes back empty). Each client thread
plays, in turn, a citizen answering the survey form, the kiosk, the survey API, the feedback
form, the feedback API, the tracking page and its API, and an officer signing in (each a new
browser from its own address, CSRF cookie and token, the form's hidden fields). A probe asks
/healthz twice a second. It prints per phase the requests, server errors (5xx), refusals (429),
socket errors and latencies, then the survey answers and feedback items accepted (201, or the
redirect after a form) against those stored in the database, and the cache's log lines.
"""

import argparse
import collections
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "friendly_gov.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PASSWORD = "mat-khau-bench-2025"
OFFICERS = 400


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Redis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("redis-server did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def make_world():
    """One commune, the default survey template, a feedback category, officers to sign in."""
    from communes.models import AdminUnit, User
    from communes.services.units import units_load_from_package
    from dialogues.models import Category
    from surveys.services import template_default_ensure

    units_load_from_package()
    # Long Hưng (Hưng Yên), a 2025 commune: today's submissions go there (Tiến Đức's addresses
    # redirect to it).
    commune = AdminUnit.objects.get(era=AdminUnit.Era.CURRENT, level=AdminUnit.Level.COMMUNE, code="12613")
    template = template_default_ensure()
    category = Category.objects.create(name="Phản ánh về hạ tầng", time_limit_days=10)
    officers = [
        User(username=f"xa.bench{i}", role=User.Role.COMMUNE_OFFICER, commune=commune)
        for i in range(OFFICERS)
    ]
    hashed = User(username="x")
    hashed.set_password(PASSWORD)
    for officer in officers:
        officer.password = hashed.password
    User.objects.bulk_create(officers)
    return commune, template, category


def start_gunicorn(database: str, workers: int, redis_url: str, backend: str, log) -> tuple:
    port = free_port()
    env = dict(
        os.environ,
        BENCH_DATABASE_NAME=database,
        BENCH_CACHE_BACKEND=backend,
        REDIS_URL=redis_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="redis-outage-bench-" + os.urandom(16).hex(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SETTINGS_MODULE="redis_outage_settings",
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
        stderr=log,
    )
    for _ in range(150):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


class HiddenInputs(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.values: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
            self.values[attrs["name"]] = attrs.get("value") or ""


class Load:
    def __init__(self, port: int, commune, template, category):
        from surveys.models import Question

        self.port = port
        self.commune = commune
        self.template = template
        self.category = category
        self.phase = "up"
        self.stop = False
        self.lock = threading.Lock()
        self.turn = 0
        self.records = []  # (phase, kind, status, seconds, accepted)
        self.codes: list[str] = []
        self.health = []  # (phase, status, broker, seconds)
        self.answers = {}
        for question in template.questions.filter(required=True):
            if question.kind == Question.Kind.SCALE:
                self.answers[question.pk] = 4
            elif question.kind == Question.Kind.YES_NO:
                self.answers[question.pk] = 1
            else:
                self.answers[question.pk] = 0
        self.kiosk_question = template.questions.get(in_kiosk=True).pk

    def next_turn(self) -> int:
        with self.lock:
            self.turn += 1
            return self.turn

    def request(self, kind, method, path, *, address, body=None, headers=None, cookies=None, done=None):
        phase = self.phase
        headers = {"X-Real-IP": address, **(headers or {})}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
            status = response.status
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _sep, rest = header.partition("=")
                if cookies is not None:
                    cookies[name] = rest.split(";", 1)[0]
            conn.close()
        except OSError:
            status, content = 0, b""
        seconds = time.perf_counter() - started
        self.records.append((phase, kind, status, seconds, done is not None and status == done))
        return status, content

    def form(self, kind, path, data, address, done):
        cookies = {}
        status, html = self.request(kind + " page", "GET", path, address=address, cookies=cookies)
        hidden = HiddenInputs(html.decode()).values if status == 200 else {}
        body = urllib.parse.urlencode({**data, **hidden}, doseq=True)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request(
            kind, "POST", path, address=address, body=body, headers=headers, cookies=cookies, done=done
        )

    def scenario(self, turn: int) -> None:
        address = f"10.{turn // 65536 % 256}.{turn // 256 % 256}.{turn % 256}"
        step = turn % 8
        commune = self.commune.pk
        json_headers = {"Content-Type": "application/json"}
        if step == 0:
            data = {f"q{k}": str(v) for k, v in self.answers.items()}
            data.update(template=str(self.template.pk), website="")
            self.form("survey form", f"/ks/{commune}/", data, address, 302)
        elif step == 1:
            data = {f"q{self.kiosk_question}": "5", "template": str(self.template.pk), "website": ""}
            self.form("kiosk", f"/ks/{commune}/kiosk/", data, address, 302)
        elif step == 2:
            body = json.dumps({"commune": commune, "answers": {str(k): v for k, v in self.answers.items()}})
            self.request(
                "API survey",
                "POST",
                "/api/v1/survey-responses/",
                address=address,
                body=body,
                headers=json_headers,
                done=201,
            )
        elif step == 3:
            data = {
                "category": str(self.category.pk),
                "content": "Đèn đường ở ngõ 5 thôn Đông không sáng từ ba hôm nay.",
                "website": "",
            }
            self.form("feedback form", f"/gop-y/{commune}/", data, address, 302)
        elif step == 4:
            body = json.dumps(
                {"commune": commune, "category": self.category.pk, "content": "Ống nước vỡ ở đầu thôn Đông."}
            )
            status, content = self.request(
                "API feedback",
                "POST",
                "/api/v1/public/feedback/",
                address=address,
                body=body,
                headers=json_headers,
                done=201,
            )
            if status == 201:
                self.codes.append(json.loads(content)["tracking_code"])
        elif step in (5, 6):
            code = self.codes[-1] if self.codes else "PA-AAAAAAAA"
            if step == 5:
                self.request("tracking page", "GET", f"/tra-cuu/?code={code}", address=address, done=200)
            else:
                self.request("API tracking", "GET", f"/api/v1/public/feedback/{code}/", address=address)
        else:
            data = {"username": f"xa.bench{turn // 8 % OFFICERS}", "password": PASSWORD}
            cookies = {}
            status, html = self.request(
                "staff login page", "GET", "/accounts/login/", address=address, cookies=cookies
            )
            hidden = HiddenInputs(html.decode()).values if status == 200 else {}
            body = urllib.parse.urlencode({**data, **hidden})
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            status, _ = self.request(
                "staff login",
                "POST",
                "/accounts/login/",
                address=address,
                body=body,
                headers=headers,
                cookies=cookies,
                done=302,
            )
            if status == 302:
                self.request("staff home", "GET", "/", address=address, cookies=cookies, done=200)

    def client(self) -> None:
        while not self.stop:
            self.scenario(self.next_turn())

    def probe(self) -> None:
        while not self.stop:
            phase = self.phase
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("GET", "/healthz")
                response = conn.getresponse()
                broker = json.loads(response.read()).get("broker")
                status = response.status
            except (OSError, ValueError):
                status, broker = 0, "?"
            self.health.append((phase, status, broker, time.perf_counter() - started))
            time.sleep(0.5)


def percentile(values, share: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * share))] * 1000 if values else 0.0


def report(load: Load, phases, log_text: str, workers: int) -> None:
    from dialogues.models import FeedbackItem
    from surveys.models import SurveyResponse

    print(
        f"{'phase':6s} {'s':>4s} {'requests':>8s} {'5xx':>5s} {'429':>5s} {'errors':>6s} "
        f"{'p50 ms':>7s} {'p99 ms':>7s} {'max ms':>7s}   /healthz: max ms, broker"
    )
    for name, seconds in phases:
        rows = [r for r in load.records if r[0] == name]
        times = [r[3] for r in rows]
        health = [h for h in load.health if h[0] == name]
        brokers = "/".join(sorted({h[2] for h in health}))
        print(
            f"{name:6s} {seconds:4.0f} {len(rows):8d} {sum(r[2] >= 500 for r in rows):5d} "
            f"{sum(r[2] == 429 for r in rows):5d} {sum(r[2] == 0 for r in rows):6d} "
            f"{percentile(times, 0.5):7.1f} {percentile(times, 0.99):7.1f} "
            f"{max(times, default=0) * 1000:7.1f}"
            f"   {max((h[3] for h in health), default=0) * 1000:6.1f}, {brokers} "
            f"({sum(h[1] != 200 for h in health)} not 200)"
        )
    total = load.records
    print(f"total  {len(total)} requests, {sum(r[2] >= 500 for r in total)} answered 5xx")
    by_kind = collections.Counter((r[1], r[2]) for r in total)
    print("by kind and status: " + ", ".join(f"{k} {s}: {n}" for (k, s), n in sorted(by_kind.items())))
    survey = sum(1 for r in total if r[4] and r[1] in {"survey form", "kiosk", "API survey"})
    feedback = sum(1 for r in total if r[4] and r[1] in {"feedback form", "API feedback"})
    stored_survey = SurveyResponse.objects.count()
    stored_feedback = FeedbackItem.objects.count()
    print(f"survey answers   accepted {survey:5d}  stored {stored_survey:5d}")
    print(f"feedback items   accepted {feedback:5d}  stored {stored_feedback:5d}")
    down_lines = log_text.count("unreachable")
    back_lines = log_text.count("answers again")
    print(
        f"cache log        {down_lines} 'unreachable' and {back_lines} 'answers again' lines "
        f"({workers} workers)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--up", type=float, default=10)
    parser.add_argument("--down", type=float, default=20)
    parser.add_argument("--back", type=float, default=10)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--plain-django-redis", action="store_true", help="the cache without its fallback")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("The outage bench needs PostgreSQL: set DATABASE_URL=postgres://...")
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server not found (apt-get install redis-server)")

    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_redis_outage"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    database = connection.settings_dict["NAME"]
    redis = Redis()
    process = None
    try:
        commune, template, category = make_world()
        connection.close()
        redis.start()
        backend = "django_redis.cache.RedisCache" if args.plain_django_redis else ""
        log = tempfile.TemporaryFile("w+")
        process, port = start_gunicorn(database, args.workers, redis.url, backend, log)
        load = Load(port, commune, template, category)
        threads = [threading.Thread(target=load.client) for _ in range(args.threads)]
        threads.append(threading.Thread(target=load.probe))
        for thread in threads:
            thread.start()
        time.sleep(args.up)
        redis.kill()
        load.phase = "down"
        time.sleep(args.down)
        redis.start()
        load.phase = "back"
        time.sleep(args.back)
        load.stop = True
        for thread in threads:
            thread.join()
        log.seek(0)
        cache = "django-redis without fallback" if args.plain_django_redis else "FallbackRedisCache"
        print(
            f"load     {args.threads} client threads; gunicorn {args.workers} sync workers; cache {cache}; "
            f"Redis killed after {args.up:.0f} s, started again {args.down:.0f} s later"
        )
        report(load, [("up", args.up), ("down", args.down), ("back", args.back)], log.read(), args.workers)
    finally:
        if process is not None:
            process.terminate()
            process.wait(10)
        redis.kill()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

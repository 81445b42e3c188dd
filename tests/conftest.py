"""Shared fixtures. The official administrative units (about 14,000 rows, both eras) are loaded
once per test session into the test database; tests then use real units such as Hưng Hà's
Tiến Đức. Browser tests, which flush the database, run last and load them again."""

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.cache import cache
from pytest_factoryboy import register

from communes.models import AdminUnit, User
from communes.services.units import units_load_from_package

from .factories import (
    AdminUnitFactory,
    EnrolmentFactory,
    ProgrammeDocumentFactory,
    ProgrammeFactory,
    UserFactory,
)

register(AdminUnitFactory)
register(UserFactory)
register(ProgrammeFactory)
register(ProgrammeDocumentFactory)
register(EnrolmentFactory)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
ROOT = Path(__file__).resolve().parents[1]


def ensure_units() -> None:
    if not AdminUnit.objects.filter(era=AdminUnit.Era.CURRENT).exists():
        units_load_from_package()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_units()


def pytest_collection_modifyitems(config, items):
    # Worker and backup tests commit rows (transactional_db) and so flush the database at their
    # end, units included; browser tests use a live server and so a flushed database: all run after
    # the rest, the browser tests last (they reload the units).
    items.sort(
        key=lambda item: (
            item.get_closest_marker("browser") is not None or "tests/browser/" in str(item.fspath),
            item.get_closest_marker("redis") is not None or "transactional_db" in item.fixturenames,
        )
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _portal_language():
    """Each test starts in the portal's language (Vietnamese), whatever a test before it
    activated in this thread: services called directly speak it, as they do in a request."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _still_rate_limit_clock(monkeypatch):
    """Rate limits count in fixed windows (django-ratelimit's); their clock is held still in a
    test, so a run of requests never straddles two windows however slow the machine is."""
    from django_ratelimit import core

    now = time.time()
    monkeypatch.setattr(core, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads of every test land in a temporary folder (returned, for tests that look at it)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Tests talk to this machine only: a connection elsewhere fails loudly."""
    real_connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")
        ):
            raise OSError(f"test tried to reach {host}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def unit(era: str, level: str, code: str) -> AdminUnit:
    return AdminUnit.objects.get(era=era, level=level, code=code)


@pytest.fixture
def lang_son(db) -> AdminUnit:
    return unit(AdminUnit.Era.CURRENT, AdminUnit.Level.PROVINCE, "20")


@pytest.fixture
def hung_yen(db) -> AdminUnit:
    return unit(AdminUnit.Era.CURRENT, AdminUnit.Level.PROVINCE, "33")


@pytest.fixture
def thai_binh_legacy(db) -> AdminUnit:
    return unit(AdminUnit.Era.LEGACY, AdminUnit.Level.PROVINCE, "34")


@pytest.fixture
def lang_son_legacy(db) -> AdminUnit:
    return unit(AdminUnit.Era.LEGACY, AdminUnit.Level.PROVINCE, "20")


@pytest.fixture
def hung_ha(db) -> AdminUnit:
    return unit(AdminUnit.Era.LEGACY, AdminUnit.Level.DISTRICT, "339")


@pytest.fixture
def tien_duc(db) -> AdminUnit:
    """Hưng Hà's Tiến Đức, before 2025 (history): merged into Long Hưng."""
    return unit(AdminUnit.Era.LEGACY, AdminUnit.Level.COMMUNE, "12646")


@pytest.fixture
def chi_hoa(db) -> AdminUnit:
    """Hưng Hà's Chí Hòa, before 2025 (history): merged into Hồng Minh."""
    return unit(AdminUnit.Era.LEGACY, AdminUnit.Level.COMMUNE, "12679")


@pytest.fixture
def long_hung(db) -> AdminUnit:
    """Xã Long Hưng (Hưng Yên) since 01/07/2025: Tiến Đức, Tân Lễ, Hưng Nhân, Liên Hiệp and Thái
    Hưng merged. Today's work of `officer`."""
    return unit(AdminUnit.Era.CURRENT, AdminUnit.Level.COMMUNE, "12613")


@pytest.fixture
def hong_minh(db) -> AdminUnit:
    """Xã Hồng Minh (Hưng Yên) since 01/07/2025: Chí Hòa, Minh Hòa and Hồng Minh merged. Today's
    work of `other_officer`."""
    return unit(AdminUnit.Era.CURRENT, AdminUnit.Level.COMMUNE, "12685")


@pytest.fixture
def lang_son_commune(db, lang_son_legacy) -> AdminUnit:
    return AdminUnit.objects.filter(parent__parent=lang_son_legacy).order_by("code").first()


@pytest.fixture
def superuser(db, user_factory) -> User:
    return user_factory(username="quantri", role="", is_superuser=True, is_staff=True)


@pytest.fixture
def province_admin(user_factory, lang_son) -> User:
    return user_factory(username="tinh.ls", role=User.Role.PROVINCE_ADMIN, province=lang_son)


@pytest.fixture
def province_viewer(user_factory, hung_yen) -> User:
    return user_factory(username="tinh.hy", role=User.Role.PROVINCE_VIEWER, province=hung_yen)


@pytest.fixture
def officer(user_factory, long_hung) -> User:
    """An officer of Long Hưng, who also reads (and completes) Tiến Đức's history."""
    return user_factory(username="xa.td", role=User.Role.COMMUNE_OFFICER, commune=long_hung)


@pytest.fixture
def hung_yen_admin(user_factory, hung_yen) -> User:
    return user_factory(username="tinh.hy.qt", role=User.Role.PROVINCE_ADMIN, province=hung_yen)


@pytest.fixture
def other_officer(user_factory, hong_minh) -> User:
    """An officer of Hồng Minh (Chí Hòa's successor): outside `officer`'s scope."""
    return user_factory(username="xa.ch", role=User.Role.COMMUNE_OFFICER, commune=hong_minh)


# --- Real Celery workers ---------------------------------------------------------------------------


def _redis_url() -> str | None:
    url = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
    if not url:
        return None
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception:  # noqa: BLE001 - any failure means "no Redis here"
        return None
    return url


@pytest.fixture
def redis_url():
    url = _redis_url()
    if url is None:
        if IN_CI:
            pytest.fail("CI=true but no Redis answers at TEST_REDIS_URL")
        pytest.skip("no Redis (set TEST_REDIS_URL)")
    return url


def _database_url() -> str:
    """The test database the pytest process uses, for the worker process."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class Workers:
    """Starts `celery -A friendly_gov worker` subprocesses on the test database and Redis; the
    tests' uploads folder is the workers' media folder, e-mails go to files."""

    def __init__(self, redis_url: str, tmp_path: Path, media_root: Path):
        from celery import Celery

        self.redis_url = redis_url
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir(exist_ok=True)
        self.media_root = media_root
        self.log_dir = tmp_path
        self.processes: list[subprocess.Popen] = []
        self.client = Celery("probe", broker=redis_url, backend=redis_url, set_as_current=False)

    def start(
        self, *, queues: str = "celery", env: dict | None = None, name: str = "w", beat: bool = False
    ) -> subprocess.Popen:
        """A worker on `queues`; with `beat`, running Celery beat too (the schedules in the test
        database). Its output goes to `<name><n>.log` in the test's folder."""
        environment = {
            **os.environ,
            "REDIS_URL": self.redis_url,
            "DATABASE_URL": _database_url(),
            "DJANGO_DB_CONN_MAX_AGE": "0",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "DJANGO_EMAIL_FILE_PATH": str(self.mail_dir),
            "DJANGO_MEDIA_ROOT": str(self.media_root),
            "DJANGO_SETTINGS_MODULE": "friendly_gov.settings",
            **(env or {}),
        }
        hostname = f"{name}{len(self.processes)}@%h"
        # A file, not a pipe: a chatty worker (beat every second) would fill a pipe nobody reads and block.
        log = self.log_dir / f"{hostname.split('@')[0]}.log"
        with log.open("w") as output:
            process = subprocess.Popen(  # noqa: S603 - fixed arguments
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "friendly_gov",
                    "worker",
                    "--pool=solo",
                    "--loglevel=INFO",
                    "-Q",
                    queues,
                    "-n",
                    hostname,
                    *(["--beat"] if beat else []),
                ],
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                text=True,
            )
        self.processes.append(process)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail("the Celery worker exited:\n" + log.read_text())
            try:
                replies = self.client.control.ping(timeout=1)
                if any(hostname.split("@")[0] in name for reply in replies for name in reply):
                    return process
            except Exception:  # noqa: BLE001 - broker not ready yet
                time.sleep(0.5)
        pytest.fail("the Celery worker did not start within 60 s")

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def close(self) -> None:
        for process in self.processes:
            self.stop(process)
        self.client.close()


@contextmanager
def workers_on(redis_url: str, tmp_path: Path, media: Path):
    """Real workers on `redis_url`, and the project's own app sending there (tests otherwise run
    tasks in-line, eagerly); the database must be committed to (transactional_db)."""
    import redis

    # Leftover messages of an earlier run must not be taken for ours.
    redis.Redis.from_url(redis_url).flushdb()
    # An earlier worker test flushed the database at its end, units included.
    ensure_units()
    workers = Workers(redis_url, tmp_path, media)
    with sending_to(redis_url):
        try:
            yield workers
        finally:
            workers.close()


@pytest.fixture
def celery_workers(redis_url, transactional_db, tmp_path, media):
    """A starter of real workers (several, for tests that kill one)."""
    with workers_on(redis_url, tmp_path, media) as workers:
        yield workers


@pytest.fixture
def celery_worker(celery_workers):
    """One worker on the default queue: (the Celery client, the folder e-mails go to)."""
    celery_workers.start()
    return celery_workers.client, celery_workers.mail_dir


# --- Redis servers of a test's own, and brokers that go away ---------------------------------------


def free_port() -> int:
    """A port nothing listens on (the system's choice)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """`redis-server` on a spare port (TEST_SPARE_REDIS_PORT, else a free one), keeping nothing on
    disk: stopped or killed and started again, it comes back empty, as a production Redis without
    persistence does after a restart. Nobody else's Redis is touched."""

    def __init__(self, binary: str, folder: Path):
        self.binary = binary
        self.folder = folder
        self.port = int(os.environ.get("TEST_SPARE_REDIS_PORT") or 0) or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_connect_timeout=1)

    def keys(self) -> int:
        return self.client().dbsize()

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                self.client().ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        pytest.fail(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        """A clean shutdown."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def kill(self) -> None:
        """A crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def spare_redis(tmp_path):
    """A Redis of the test's own, running; the test may stop, kill and start it again."""
    binary = shutil.which("redis-server")
    if binary is None:
        if IN_CI:
            pytest.fail("CI=true but redis-server is not installed")
        pytest.skip("redis-server is not installed")
    server = RedisServer(binary, tmp_path)
    server.start()
    yield server
    server.kill()


@contextmanager
def sending_to(url: str):
    """The project's Celery app sends to the broker at `url` instead of running tasks in-line."""
    from friendly_gov.celery import app

    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, broker_url=url, result_backend=url)
    app._after_fork()  # drops the connections made for the previous broker
    try:
        yield
    finally:
        app.conf.update(saved)
        app._after_fork()

"""Fixtures of the dialogues tests: categories, items made through the services, and a real
Celery worker on Redis for the reminder test."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import factory
import pytest
from django.conf import settings
from django.utils import timezone
from pytest_factoryboy import register

from dialogues import services
from dialogues.models import Category, FeedbackItem
from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    # The worker test commits rows (transactional_db) and so flushes the database at its end,
    # units included: run it after the others, before the browser tests (which reload units).
    items.sort(
        key=lambda item: (
            item.get_closest_marker("browser") is not None or "tests/browser/" in str(item.fspath),
            item.get_closest_marker("redis") is not None,
        )
    )


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Phản ánh loại {n}")
    kind = Category.Kind.REPORT
    time_limit_days = 10
    active = True


register(CategoryFactory)


@pytest.fixture
def category(category_factory) -> Category:
    return category_factory(name="Phản ánh về hạ tầng", time_limit_days=10)


@pytest.fixture
def make_item(officer, tien_duc, category):
    """An item received through the service (so it has its first audit row)."""

    def make(
        *, commune=None, by=None, days_ago=0, category=category, channel=FeedbackItem.Channel.DESK, **extra
    ):
        return services.feedback_receive(
            commune=commune or tien_duc,
            by=by or officer,
            category=category,
            channel=channel,
            content=extra.pop("content", "Đèn đường ở ngõ 5 thôn Đông không sáng."),
            received_on=timezone.localdate() - datetime.timedelta(days=days_ago),
            **extra,
        )

    return make


@pytest.fixture
def item(make_item) -> FeedbackItem:
    return make_item(citizen_name="Nguyễn Văn Hải", citizen_phone="0912345678")


# --- A real Celery worker ---------


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


@pytest.fixture
def celery_worker(redis_url, transactional_db, tmp_path):
    """`celery -A friendly_gov worker` in a subprocess, on the test database, e-mails to files."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DATABASE_URL": _database_url(),
        "DJANGO_DB_CONN_MAX_AGE": "0",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mail_dir),
        "DJANGO_SETTINGS_MODULE": "friendly_gov.settings",
    }
    # Leftover messages of an earlier run must not be taken for ours.
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "celery", "-A", "friendly_gov", "worker", "--pool=solo", "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    from celery import Celery

    client = Celery("probe", broker=redis_url, backend=redis_url)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("the Celery worker exited:\n" + process.stdout.read())
        try:
            if client.control.ping(timeout=1):
                break
        except Exception:  # noqa: BLE001 - broker not ready yet
            time.sleep(0.5)
    else:
        process.terminate()
        pytest.fail("the Celery worker did not start within 60 s")
    try:
        yield client, mail_dir
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        client.close()

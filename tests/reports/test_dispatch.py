"""Review builds as an outbox: a request succeeds while the broker is down, the sweep sends again
what is stuck (never sent, lost by the broker, abandoned by a dead worker), the page and the API say
where a build stands, and the services never import the tasks module."""

import ast
import datetime
import json
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from rest_framework.test import APIClient

from friendly_gov.celery import app as celery_app
from reports.models import ReviewBuild
from reports.selectors import build_state
from reports.services import builds

pytestmark = pytest.mark.django_db

REPORTS = Path(__file__).resolve().parents[2] / "reports"


def ago(seconds: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=seconds)


def sent_ago(build: ReviewBuild, seconds: float) -> None:
    """The build was requested and sent `seconds` ago."""
    ReviewBuild.objects.filter(pk=build.pk).update(requested_at=ago(seconds), dispatched_at=ago(seconds))


def queued_ids(broker) -> list[str]:
    return [json.loads(raw)["headers"]["id"] for raw in broker.lrange("reports", 0, -1)]


@pytest.fixture
def pending(review) -> ReviewBuild:
    return ReviewBuild.objects.create(review=review)


def test_it_records_a_build_requested_while_the_broker_is_down_and_tells_the_user(
    client, province_admin, review, broker_down, django_capture_on_commit_callbacks
):
    client.force_login(province_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:build_request", args=[review.pk]))

    assert response.status_code == 302
    build = ReviewBuild.objects.get(review=review)
    assert build.status == ReviewBuild.Status.PENDING and build.dispatched_at is None and build.task_id == ""
    page = client.get(response.url).content.decode()
    assert "máy chủ hàng đợi đang không trả lời" in page  # the answer to the click
    assert 'data-build-state="unsent"' in page and "sẽ được tự động gửi" in page
    status = client.get(reverse("reports:build_status", args=[build.pk])).json()
    assert status["state"] == "unsent" and "không cần bấm lại" in status["message"]


def test_it_answers_the_api_while_the_broker_is_down(
    province_admin, review, broker_down, django_capture_on_commit_callbacks
):
    api = APIClient()
    api.force_authenticate(province_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/reviews/{review.pk}/build/")

    assert response.status_code == 202
    assert response.json()["state"] == "unsent" and response.json()["dispatched_at"] is None


def test_it_builds_in_process_for_local_use(review, ls_data, media, django_capture_on_commit_callbacks):
    # No REDIS_URL: tasks run in-line, and the services still send the task by its name only.
    assert celery_app.conf.task_always_eager
    with django_capture_on_commit_callbacks(execute=True):
        build = builds.build_request(review=review, by=None)

    build.refresh_from_db()
    assert build.status == ReviewBuild.Status.DONE and build.dispatched_at is not None and build.task_id


@pytest.mark.redis
def test_it_sends_a_build_the_broker_never_took_once_the_request_has_had_its_chance(
    review, review_factory, broker
):
    old = ReviewBuild.objects.create(review=review)
    ReviewBuild.objects.filter(pk=old.pk).update(requested_at=ago(30))
    another = review_factory(programme=review.programme, scope_unit=review.scope_unit, kind="interim")
    young = ReviewBuild.objects.create(review=another)

    assert builds.builds_send_stuck() == [old.pk]

    old.refresh_from_db()
    assert old.dispatched_at is not None and queued_ids(broker) == [old.task_id]
    young.refresh_from_db()
    assert young.dispatched_at is None  # its request is still sending it


@pytest.mark.redis
def test_it_leaves_a_queued_build_and_sends_again_one_whose_message_is_lost(pending, broker):
    assert builds.build_send(build_id=pending.pk)
    sent_ago(pending, 120)

    assert builds.builds_send_stuck() == []  # still in the queue: it waits its turn
    first = ReviewBuild.objects.get(pk=pending.pk).task_id

    broker.delete("reports")  # what a Redis restart without persistence does
    assert builds.builds_send_stuck() == [pending.pk]

    pending.refresh_from_db()
    assert pending.task_id != first and queued_ids(broker) == [pending.task_id]


@pytest.mark.redis
def test_it_leaves_a_message_a_worker_took_until_the_build_is_stale(pending, broker, settings):
    assert builds.build_send(build_id=pending.pk)
    sent_ago(pending, 120)
    # A consumer takes the message without acknowledging it, as a worker holding a retry does.
    with celery_app.connection_for_read() as connection:
        taken = connection.SimpleQueue("reports").get(timeout=5)
        assert taken.headers["id"] == ReviewBuild.objects.get(pk=pending.pk).task_id

        assert builds.builds_send_stuck() == []

        sent_ago(pending, settings.REPORTS_BUILD_STALE_SECONDS + 5)
        assert builds.builds_send_stuck() == [pending.pk]


@pytest.mark.redis
def test_it_resumes_a_running_build_whose_worker_died_and_leaves_a_live_one(pending, broker, settings):
    silent = ago(settings.REPORTS_BUILD_STALE_SECONDS + 5)
    ReviewBuild.objects.filter(pk=pending.pk).update(
        status=ReviewBuild.Status.RUNNING,
        attempts=1,
        started_at=silent,
        heartbeat_at=silent,
        dispatched_at=silent,
    )
    other = connections.create_connection("default")  # the worker, slow but alive: it holds the lock
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [builds.LOCK_NAMESPACE, pending.pk])
        assert builds.builds_send_stuck() == []
        assert ReviewBuild.objects.get(pk=pending.pk).status == ReviewBuild.Status.RUNNING
        with other.cursor() as cursor:  # the worker dies, and its lock with it
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [builds.LOCK_NAMESPACE, pending.pk])
    finally:
        other.close()

    assert builds.builds_send_stuck() == [pending.pk]

    pending.refresh_from_db()
    assert pending.status == ReviewBuild.Status.PENDING and pending.attempts == 1
    assert "dừng giữa chừng" in pending.error and queued_ids(broker) == [pending.task_id]


def test_it_fails_a_build_that_stopped_its_worker_every_time(pending, broker_down, settings):
    silent = ago(settings.REPORTS_BUILD_STALE_SECONDS + 5)
    ReviewBuild.objects.filter(pk=pending.pk).update(
        status=ReviewBuild.Status.RUNNING,
        attempts=builds.MAX_ATTEMPTS,
        heartbeat_at=silent,
        dispatched_at=silent,
    )

    assert builds.builds_send_stuck() == []

    pending.refresh_from_db()
    assert pending.status == ReviewBuild.Status.FAILED and pending.finished_at is not None
    assert f"dừng giữa chừng ở lần chạy thứ {builds.MAX_ATTEMPTS}, lần cuối cùng" in pending.error


def test_it_keeps_a_build_the_sweep_could_not_send_for_the_next_sweep(pending, broker_down):
    ReviewBuild.objects.filter(pk=pending.pk).update(requested_at=ago(30))

    assert builds.builds_send_stuck() == []  # the broker is still down

    pending.refresh_from_db()
    assert pending.status == ReviewBuild.Status.PENDING and pending.dispatched_at is None


def test_it_tells_where_a_build_stands(pending, settings):
    settings.REPORTS_BUILD_STALE_SECONDS = 600
    now = timezone.make_aware(datetime.datetime(2025, 1, 16, 9, 0))
    build = pending
    build.requested_at = now - datetime.timedelta(minutes=5)

    assert build_state(build=build, now=now).code == "unsent"
    assert "08:55" in build_state(build=build, now=now).message

    build.dispatched_at = now - datetime.timedelta(minutes=4)
    assert build_state(build=build, now=now).message == "Đang chờ trong hàng đợi từ 08:56."

    build.status, build.stage, build.progress = ReviewBuild.Status.RUNNING, "Dàn trang", 50
    build.heartbeat_at = now - datetime.timedelta(seconds=10)
    assert build_state(build=build, now=now).message == "Đang lập: Dàn trang (50%)."

    build.heartbeat_at = now - datetime.timedelta(minutes=3)
    state = build_state(build=build, now=now)
    assert state.code == "silent" and "từ 08:57" in state.message and "lúc 09:07" in state.message

    build.heartbeat_at = now - datetime.timedelta(minutes=11)
    assert "sắp được tự động lập lại" in build_state(build=build, now=now).message

    build.status, build.attempts, build.error = ReviewBuild.Status.PENDING, 1, "OSError: disk full"
    state = build_state(build=build, now=now)
    assert state.code == "retrying" and "disk full" in state.message

    build.status = ReviewBuild.Status.FAILED
    assert build_state(build=build, now=now).message == "Không lập được: OSError: disk full"


def test_the_sweep_runs_every_30_seconds_from_the_database_schedule():
    task = PeriodicTask.objects.get(name="reports-dispatch-builds")
    assert (task.interval.every, task.interval.period) == (30, "seconds") and task.enabled
    assert task.expire_seconds == 30  # sweeps queued while no worker listens do not pile up
    celery_app.loader.import_default_modules()
    assert task.task in celery_app.tasks


def _module_name(path: Path) -> str:
    parts = ["reports", *path.relative_to(REPORTS).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Modules of the reports app that `path` imports, at the top or inside a function."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "reports" or name.startswith("reports.")}


def test_it_has_no_import_circle_and_services_never_import_the_tasks():
    modules = {_module_name(path): path for path in REPORTS.rglob("*.py") if "migrations" not in path.parts}
    graph = {
        name: {dep for dep in _imports(path) if dep in modules and dep != name}
        for name, path in modules.items()
    }

    for name in modules:
        if name.startswith("reports.services"):
            assert "reports.tasks" not in graph[name], name

    def cycle_from(start: str) -> list[str] | None:
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for dep in graph[node]:
                if dep == start:
                    return [*path, start]
                if dep not in path:
                    stack.append((dep, [*path, dep]))
        return None

    circles = [cycle for name in modules if (cycle := cycle_from(name))]
    assert circles == [], circles

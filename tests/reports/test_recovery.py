"""No review build stays stuck, on real Celery workers and beat with a Redis of the test's own:
a build requested while the broker is down is sent when it returns, one whose queued message a
Redis restart lost is sent again, and a killed worker's build resumes after
REPORTS_BUILD_STALE_SECONDS rather than the broker's visibility timeout. Nobody clicks again."""

import datetime
import importlib
import os
import signal
import time

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from reports.models import ReviewBuild
from reports.services import builds
from tests.conftest import workers_on

from .test_builds import files_of, pdf_text
from .test_worker import wait_for

pytestmark = [pytest.mark.redis]

SWEEP = importlib.import_module("reports.migrations.0004_dispatch_schedule")
#: How long the broker stays down in the first test; the worker and beat keep trying meanwhile.
OUTAGE_SECONDS = 10


@pytest.fixture
def workers(spare_redis, transactional_db, tmp_path, media):
    with workers_on(spare_redis.url, tmp_path, media) as started:
        yield started


def sweep_every(seconds: int | None = None) -> None:
    """The sweep's schedule as its migration writes it (an earlier test emptied the database), or
    every `seconds`."""
    SWEEP.forwards(django_apps, None)
    if seconds:
        interval, _created = IntervalSchedule.objects.get_or_create(
            every=seconds, period=IntervalSchedule.SECONDS
        )
        PeriodicTask.objects.filter(name=SWEEP.NAME).update(interval=interval, expire_seconds=seconds)


def wait_until_sent(build: ReviewBuild, *, after: datetime.datetime, timeout: float = 120) -> float:
    """Seconds (monotonic clock) at which the build was handed to the broker after `after`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ReviewBuild.objects.filter(pk=build.pk, dispatched_at__gt=after).exists():
            return time.monotonic()
        time.sleep(0.1)
    pytest.fail(f"build {build.pk} not sent within {timeout} s")


def test_a_build_requested_while_the_broker_is_down_is_sent_when_it_returns(
    workers, spare_redis, client, province_admin, review, ls_data, capsys
):
    sweep_every()  # as in production: every 30 seconds
    workers.start(queues="celery,reports", beat=True)
    client.force_login(province_admin)
    spare_redis.stop()

    response = client.post(reverse("reports:build_request", args=[review.pk]))

    assert response.status_code == 302  # not a 500: the request is recorded
    build = ReviewBuild.objects.get(review=review)
    assert build.status == ReviewBuild.Status.PENDING and build.dispatched_at is None
    assert 'data-build-state="unsent"' in client.get(response.url).content.decode()
    time.sleep(OUTAGE_SECONDS)
    spare_redis.start()
    back = time.monotonic()

    sent = wait_until_sent(build, after=build.requested_at)
    done = wait_for(build, {"done", "failed"})

    assert done.status == ReviewBuild.Status.DONE and done.attempts == 1, done.error
    with capsys.disabled():
        print(f"\n  broker back after {OUTAGE_SECONDS} s down -> stuck build sent in {sent - back:.1f} s")


def test_a_build_whose_queued_message_a_redis_restart_lost_is_sent_again(
    workers, spare_redis, review, ls_data
):
    build = builds.build_request(review=review, by=None)  # committed: sent, and no worker listens
    build.refresh_from_db()
    assert build.dispatched_at is not None and spare_redis.client().llen("reports") == 1
    lost = build.task_id
    spare_redis.stop()
    spare_redis.start()
    assert spare_redis.client().llen("reports") == 0  # Redis kept nothing: the message is gone
    # A minute on: the sweep holds a message lost once it has been missing that long.
    earlier = timezone.now() - builds.LOST_AFTER - datetime.timedelta(seconds=1)
    ReviewBuild.objects.filter(pk=build.pk).update(requested_at=earlier, dispatched_at=earlier)
    sweep_every(1)

    workers.start(queues="celery,reports", beat=True)
    done = wait_for(build, {"done", "failed"})

    assert done.status == ReviewBuild.Status.DONE and done.attempts == 1, done.error
    assert done.task_id != lost and done.dispatched_at > earlier


def test_a_killed_workers_build_resumes_after_the_stale_delay_not_the_visibility_timeout(
    workers, review, ls_data, media, capsys
):
    # The killed worker's message would come back only after an hour (acks late).
    env = {"REPORTS_BUILD_STALE_SECONDS": "3", "CELERY_VISIBILITY_TIMEOUT": "3600"}
    sweep_every(1)
    workers.start(queues="celery", beat=True, env=env, name="sweeper")
    doomed = workers.start(queues="reports", env=env, name="doomed")
    build = builds.build_request(review=review, by=None)

    running = wait_for(build, {"running", "done"})
    assert running.status == ReviewBuild.Status.RUNNING, "the build ended before it could be killed"
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=10)
    killed = time.monotonic()
    workers.start(queues="reports", env=env, name="rescuer")
    done = wait_for(build, {"done", "failed"})  # 120 s at most, against the visibility timeout's 3,600

    assert done.status == ReviewBuild.Status.DONE and done.attempts == 2, done.error
    assert ReviewBuild.objects.filter(review=review).count() == 1
    assert files_of(media, review) == [media / done.file.name]
    assert "BÁO CÁO" in pdf_text(done.file.path)
    with capsys.disabled():
        print(
            f"\n  worker killed -> build resumed and done in {time.monotonic() - killed:.1f} s (stale: 3 s)"
        )

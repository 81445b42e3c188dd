"""Review builds on real Celery workers over Redis: the page's request is built by a worker and
downloads as a PDF; a worker killed mid-build leaves exactly one finished report after the retry."""

import os
import signal
import time

import pytest
from django.urls import reverse

from reports.models import ReviewBuild
from reports.services import builds

from .test_builds import files_of, pdf_text

pytestmark = [pytest.mark.redis]


def wait_for(build: ReviewBuild, statuses: set[str], *, timeout: float = 120) -> ReviewBuild:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        build.refresh_from_db()
        if build.status in statuses:
            return build
        time.sleep(0.05)
    pytest.fail(f"build {build.pk} still {build.status} ({build.stage}) after {timeout} s")


def test_a_requested_review_is_built_by_a_worker_and_downloads(
    celery_workers, client, province_admin, review, ls_data, media
):
    celery_workers.start(queues="reports")  # the heavy queue only: routing must send it there
    client.force_login(province_admin)

    response = client.post(reverse("reports:build_request", args=[review.pk]))

    assert response.status_code == 302
    build = wait_for(ReviewBuild.objects.get(review=review), {"done", "failed"})
    assert build.status == ReviewBuild.Status.DONE, build.error
    page = client.get(reverse("reports:review_detail", args=[review.pk])).content.decode()
    assert reverse("reports:build_download", args=[build.pk]) in page
    download = client.get(reverse("reports:build_download", args=[build.pk]))
    pdf = media / "downloaded.pdf"
    pdf.write_bytes(b"".join(download.streaming_content))
    text = pdf_text(pdf)
    assert "2.700" in text and "61.000" in text and "95,4%" in text and "Số: 15/BC-UBND" in text


def test_a_worker_killed_mid_build_leaves_one_finished_report_after_retry(
    celery_workers, review, ls_data, media
):
    # Messages of a dead worker come back after the visibility timeout (acks late).
    env = {"CELERY_VISIBILITY_TIMEOUT": "2"}
    first = celery_workers.start(queues="reports", env=env, name="doomed")
    build = builds.build_request(review=review, by=None)  # commits: the task goes to Redis

    running = wait_for(build, {"running", "done"})
    assert running.status == ReviewBuild.Status.RUNNING, "the build ended before it could be killed"
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    build.refresh_from_db()
    assert build.status == ReviewBuild.Status.RUNNING and build.attempts == 1

    celery_workers.start(queues="reports", env=env, name="rescuer")
    done = wait_for(build, {"done", "failed"})

    assert done.status == ReviewBuild.Status.DONE, done.error
    assert done.attempts == 2
    assert ReviewBuild.objects.filter(review=review).count() == 1
    assert files_of(media, review) == [media / done.file.name]
    assert "BÁO CÁO" in pdf_text(done.file.path)

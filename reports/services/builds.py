"""Building a review's PDF: a job row (pending → running → done or failed) that a Celery worker
works through, reporting its progress on the row.

Safe to run twice and to be killed: a request while a build waits or runs returns that build (a
partial unique index backs this), a build already done is not built again, and while a worker
builds it holds a PostgreSQL advisory lock on the build that its death releases, so a redelivered
message (acks late) builds it again exactly once. The PDF is written under a fixed name per build,
then the row is marked done in one transaction.

The row is also an outbox. The message that wakes a worker is sent once the request commits, by
task name (this module never imports the tasks module: tasks call services, not the other way
round); when the broker does not answer, the request still succeeds and the row keeps
`dispatched_at` empty. Beat runs a sweep (`reports.dispatch_builds`, every 30 seconds) that sends
again what is stuck: a build never handed to the broker, one whose message the broker lost (Redis
keeps nothing across a restart), and one whose worker died (silent for
REPORTS_BUILD_STALE_SECONDS, its lock free), long before the broker's visibility timeout would
hand the message back. Sending twice is harmless, as above."""

import datetime
import json
import logging
import time
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from kombu.exceptions import OperationalError as BrokerError

from communes.models import User
from communes.services.programmes import ensure_can_configure
from friendly_gov import celery_app
from friendly_gov.pdf import render_document

from ..models import Review, ReviewBuild
from ..selectors import review_document

logger = logging.getLogger(__name__)

#: A build that failed this many times is marked failed; before that the task retries it.
MAX_ATTEMPTS = 3
#: First argument of the two-key advisory lock: this app's namespace (the second is the build id).
LOCK_NAMESPACE = 6_100_001
#: The task that builds one request (reports/tasks.py), sent by name.
BUILD_TASK = "reports.build_review"
#: The sweep leaves younger undispatched rows to the request that is sending them.
SEND_GRACE = datetime.timedelta(seconds=5)
#: A message neither queued nor taken by a worker this long after it was sent was lost.
LOST_AFTER = datetime.timedelta(seconds=60)
#: One reconnection (a pooled connection does not survive a Redis restart), then the row waits
#: for the sweep: a request never hangs on a broker that is down.
PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def last_seen(build: ReviewBuild) -> datetime.datetime:
    """The last sign of life of a build: its worker's last report, else its request; or its
    latest sending, when later."""
    seen = build.heartbeat_at or build.requested_at
    return max(seen, build.dispatched_at) if build.dispatched_at else seen


def is_stale(build: ReviewBuild, *, now: datetime.datetime | None = None) -> bool:
    """A build nobody has reported on for a while: its worker died or its message was lost."""
    now = now or timezone.now()
    return (now - last_seen(build)).total_seconds() > settings.REPORTS_BUILD_STALE_SECONDS


def build_send(*, build_id: int) -> bool:
    """Hand the build's message to the broker; True when it took it. A broker that does not answer
    is logged, not raised: the row keeps `dispatched_at` empty and the sweep sends it later."""
    task_id = str(uuid.uuid4())
    try:
        _publish(build_id=build_id, task_id=task_id)
    except BrokerError as error:
        logger.warning(
            "build %s not sent, the broker does not answer (%s); the sweep will send it", build_id, error
        )
        return False
    ReviewBuild.objects.filter(pk=build_id).update(dispatched_at=timezone.now(), task_id=task_id)
    return True


def _publish(*, build_id: int, task_id: str) -> None:
    if celery_app.conf.task_always_eager and BUILD_TASK not in celery_app.tasks:
        # Local use runs tasks in this process, which needs them registered: a worker registers
        # every app's tasks when it starts (autodiscovery), another process does it here.
        celery_app.loader.import_default_modules()
    celery_app.signature(BUILD_TASK, kwargs={"build_id": build_id}).apply_async(
        task_id=task_id, ignore_result=True, retry=True, retry_policy=PUBLISH_RETRY
    )


def _send_on_commit(build: ReviewBuild) -> None:
    build_id = build.pk
    transaction.on_commit(lambda: build_send(build_id=build_id))


def build_request(*, review: Review, by: User | None) -> ReviewBuild:
    """Ask for the review's PDF. While a build waits or runs, that build is returned (two clicks
    build once); one whose worker went silent is sent to the workers again. The request succeeds
    whether or not the broker answers (see build_send)."""
    if by is not None:
        ensure_can_configure(user=by, unit=review.programme.owner_unit)
    with transaction.atomic():
        # Requests for one review queue up here, so the check below sees the other's row.
        Review.objects.select_for_update().filter(pk=review.pk).first()
        active = review.builds.filter(status__in=ReviewBuild.ACTIVE).first()
        if active is not None:
            if is_stale(active):
                ReviewBuild.objects.filter(pk=active.pk).update(heartbeat_at=timezone.now())
                _send_on_commit(active)
            return active
        try:
            with transaction.atomic():
                build = ReviewBuild.objects.create(review=review, requested_by=by)
        except IntegrityError:  # another process inserted it between our check and our insert
            return review.builds.get(status__in=ReviewBuild.ACTIVE)
        _send_on_commit(build)
    return build


def builds_send_stuck(*, now: datetime.datetime | None = None) -> list[int]:
    """Send again the builds stuck on their way to a worker; beat runs this every 30 seconds (the
    `reports.dispatch_builds` task). Returns the ids of the builds sent."""
    now = now or timezone.now()
    # Never handed to the broker: it was down at the request (or the sending process died).
    stuck = set(
        ReviewBuild.objects.filter(
            status=ReviewBuild.Status.PENDING, dispatched_at__isnull=True, requested_at__lt=now - SEND_GRACE
        ).values_list("pk", flat=True)
    )
    # Handed over a while ago, still waiting, and the broker holds no message for it: lost. One a
    # worker took and has not acknowledged (a retry's countdown) is left to that worker unless
    # the build has been silent so long that the worker must be dead.
    waiting = list(
        ReviewBuild.objects.filter(status=ReviewBuild.Status.PENDING, dispatched_at__lt=now - LOST_AFTER)
    )
    waiting = [build for build in waiting if now - last_seen(build) > LOST_AFTER]
    if waiting:
        queued, taken = _messages_in_broker()
        for build in waiting:
            held = build.task_id in queued or (build.task_id in taken and not is_stale(build, now=now))
            if build.task_id and held:
                continue
            logger.warning("build %s: its message is lost, sending it again", build.pk)
            stuck.add(build.pk)
    # Running, silent for REPORTS_BUILD_STALE_SECONDS, and nobody holds its lock: its worker died.
    # The message that worker took comes back only after the broker's visibility timeout.
    silent_since = now - datetime.timedelta(seconds=settings.REPORTS_BUILD_STALE_SECONDS)
    for build in ReviewBuild.objects.filter(status=ReviewBuild.Status.RUNNING, heartbeat_at__lt=silent_since):
        if _requeue_abandoned(build, now=now):
            stuck.add(build.pk)
    return [build_id for build_id in sorted(stuck) if build_send(build_id=build_id)]


def _requeue_abandoned(build: ReviewBuild, *, now: datetime.datetime) -> bool:
    """Put a build whose worker died back to pending (True), or fail it when that was its last
    attempt (a build that kills its worker, e.g. out of memory, is not tried for ever)."""
    with _build_lock(build.pk) as free:
        if not free:  # a live worker holds it: slow, not dead
            return False
        final = build.attempts >= MAX_ATTEMPTS
        with override(settings.LANGUAGE_CODE):  # stored, shown to everyone
            if final:
                error = _(
                    "Máy lập báo cáo dừng giữa chừng ở lần chạy thứ %(attempt)d, lần cuối cùng (có thể do "
                    "thiếu bộ nhớ hoặc bị tắt). Hãy báo quản trị hệ thống rồi bấm lập lại."
                )
            else:
                error = _("Máy lập báo cáo dừng giữa chừng ở lần chạy thứ %(attempt)d.")
            error %= {"attempt": build.attempts}
        updated = ReviewBuild.objects.filter(
            pk=build.pk, status=ReviewBuild.Status.RUNNING, heartbeat_at=build.heartbeat_at
        ).update(
            status=ReviewBuild.Status.FAILED if final else ReviewBuild.Status.PENDING,
            error=error,
            dispatched_at=None,
            finished_at=now if final else None,
        )
    if updated:
        logger.warning(
            "build %s: its worker stopped at attempt %s; %s",
            build.pk,
            build.attempts,
            "failed" if final else "sending it again",
        )
    return bool(updated) and not final


def _messages_in_broker() -> tuple[set[str], set[str]]:
    """Task ids of the build messages the broker holds: waiting in the builds' queue, and taken by
    a worker but not acknowledged (acks late). Read where kombu's Redis transport keeps them (a
    list per queue, a hash of unacknowledged messages): kombu has no call that lists a queue."""
    queue = celery_app.amqp.router.route({}, BUILD_TASK)["queue"].name
    with celery_app.connection_for_read() as broker:
        channel = broker.default_channel
        if not hasattr(channel, "unacked_key"):  # not Redis: local use, tasks run in-process
            return set(), set()
        with channel.conn_or_acquire() as client:
            queued = {_task_id(json.loads(raw)) for raw in client.lrange(queue, 0, -1)}
            taken = {_task_id(json.loads(raw)[0]) for raw in client.hvals(channel.unacked_key)}
    return queued, taken


def _task_id(message: dict) -> str:
    return message.get("headers", {}).get("id") or ""


@contextmanager
def _build_lock(build_id: int):
    """True while this process alone builds `build_id`. PostgreSQL releases a session lock when
    the connection dies, so a killed worker never blocks the retry. SQLite (local use, one
    process running tasks in-line) needs none."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, build_id])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, build_id])


def _progress(build: ReviewBuild, percent: int, stage: str) -> None:
    build.progress, build.stage, build.heartbeat_at = percent, stage, timezone.now()
    ReviewBuild.objects.filter(pk=build.pk).update(
        progress=percent, stage=stage[:120], heartbeat_at=build.heartbeat_at
    )


def build_run(*, build_id: int) -> ReviewBuild | None:
    """Build the PDF of one request; the worker's task calls this. Returns the row, or None when
    another live worker is building it. An error is recorded on the row and raised again, so the
    task retries; after MAX_ATTEMPTS the build is failed."""
    with _build_lock(build_id) as mine:
        if not mine:
            logger.info("build %s is being built by another worker", build_id)
            return None
        build = ReviewBuild.objects.select_related("review__programme", "review__scope_unit").get(pk=build_id)
        if build.status in (ReviewBuild.Status.DONE, ReviewBuild.Status.FAILED):
            return build
        now = timezone.now()
        ReviewBuild.objects.filter(pk=build.pk).update(
            status=ReviewBuild.Status.RUNNING,
            attempts=build.attempts + 1,
            started_at=now,
            heartbeat_at=now,
            progress=0,
            error="",
        )
        build.refresh_from_db()
        try:
            return _build(build)
        except Exception as exc:
            final = build.attempts >= MAX_ATTEMPTS
            ReviewBuild.objects.filter(pk=build.pk).update(
                status=ReviewBuild.Status.FAILED if final else ReviewBuild.Status.PENDING,
                error=f"{type(exc).__name__}: {exc}"[:2000],
                finished_at=timezone.now() if final else None,
            )
            raise


def _build(build: ReviewBuild) -> ReviewBuild:
    review = build.review
    # Reports are written in the portal's language (Vietnamese), whoever asked for them.
    with override(settings.LANGUAGE_CODE):
        _progress(build, 10, _("Tổng hợp số liệu"))
        started = time.monotonic()
        context = review_document(review=review)
        _progress(build, 50, _("Dàn trang"))
        # Laid out once: long per-commune tables go to the report's annex, not behind a table of
        # contents that would need a second layout to know its page numbers.
        document = render_document("pdf/review.html", context)
        _progress(build, 80, _("Ghi tệp PDF"))
        pdf = document.write_pdf()
        pages = len(document.pages)
    with transaction.atomic():
        locked = ReviewBuild.objects.select_for_update().get(pk=build.pk)
        # An attempt killed after writing its file left it behind under the same fixed name.
        name = locked.file.field.generate_filename(locked, f"build-{locked.pk}.pdf")
        if locked.file.storage.exists(name):
            locked.file.storage.delete(name)
        locked.file.save(name, ContentFile(pdf), save=False)
        locked.pages = pages
        locked.size = len(pdf)
        locked.status = ReviewBuild.Status.DONE
        locked.progress = 100
        locked.stage = _("Hoàn thành")
        locked.finished_at = timezone.now()
        locked.heartbeat_at = locked.finished_at
        locked.error = ""
        locked.save()
    logger.info(
        "build %s of review %s: %d pages in %.1f s", build.pk, review.pk, pages, time.monotonic() - started
    )
    return locked

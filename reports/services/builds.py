"""Building a review's PDF: a job row (pending → running → done or failed) that a Celery worker
works through, reporting its progress on the row.

Safe to run twice and to be killed: a request while a build waits or runs returns that build (a
partial unique index backs this), a build already done is not built again, and while a worker
builds it holds a PostgreSQL advisory lock on the build that its death releases, so a redelivered
message (acks late) builds it again exactly once. The PDF is written under a fixed name per build,
then the row is marked done in one transaction."""

import datetime
import logging
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from communes.models import User
from communes.services.programmes import ensure_can_configure
from friendly_gov.pdf import render_document

from ..models import Review, ReviewBuild
from ..selectors import review_document

logger = logging.getLogger(__name__)

#: A build that failed this many times is marked failed; before that the task retries it.
MAX_ATTEMPTS = 3
#: First argument of the two-key advisory lock: this app's namespace (the second is the build id).
LOCK_NAMESPACE = 6_100_001
#: Longer reports get a table of contents (pages counted without it; see _review_layout).
TOC_FROM_PAGES = 5


def is_stale(build: ReviewBuild, *, now: datetime.datetime | None = None) -> bool:
    """A build nobody has reported on for a while: its worker died and its message was lost."""
    now = now or timezone.now()
    seen = build.heartbeat_at or build.requested_at
    return (now - seen).total_seconds() > settings.REPORTS_BUILD_STALE_SECONDS


def _enqueue(build: ReviewBuild) -> None:
    from ..tasks import build_review  # tasks call services; services enqueue tasks only here

    build_id = build.pk
    transaction.on_commit(lambda: build_review.delay(build_id=build_id))


def build_request(*, review: Review, by: User | None) -> ReviewBuild:
    """Ask for the review's PDF. While a build waits or runs, that build is returned (two clicks
    build once); one whose worker went silent is sent to the workers again."""
    if by is not None:
        ensure_can_configure(user=by, unit=review.programme.owner_unit)
    with transaction.atomic():
        # Requests for one review queue up here, so the check below sees the other's row.
        Review.objects.select_for_update().filter(pk=review.pk).first()
        active = review.builds.filter(status__in=ReviewBuild.ACTIVE).first()
        if active is not None:
            if is_stale(active):
                ReviewBuild.objects.filter(pk=active.pk).update(heartbeat_at=timezone.now())
                _enqueue(active)
            return active
        try:
            with transaction.atomic():
                build = ReviewBuild.objects.create(review=review, requested_by=by)
        except IntegrityError:  # another process inserted it between our check and our insert
            return review.builds.get(status__in=ReviewBuild.ACTIVE)
        _enqueue(build)
    return build


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


def _review_layout(context: dict):
    """The review laid out, with a table of contents when it runs to TOC_FROM_PAGES pages or more
    without one. Laid out with the table first: it shares the first page with the heading and
    the body starts on a new page, so it adds at most one page, and a long report (the costly
    layout) is laid out once; only a short one, or one at the threshold, is laid out again
    without it."""
    with_toc = render_document("pdf/review.html", {**context, "with_toc": True})
    if len(with_toc.pages) - 1 >= TOC_FROM_PAGES:
        return with_toc
    without = render_document("pdf/review.html", context)
    return with_toc if len(without.pages) >= TOC_FROM_PAGES else without


def _build(build: ReviewBuild) -> ReviewBuild:
    review = build.review
    # Reports are written in the portal's language (Vietnamese), whoever asked for them.
    with override(settings.LANGUAGE_CODE):
        _progress(build, 10, _("Tổng hợp số liệu"))
        started = time.monotonic()
        context = review_document(review=review)
        _progress(build, 50, _("Dàn trang"))
        document = _review_layout(context)
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

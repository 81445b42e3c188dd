"""Celery tasks of the reports app: thin, they take ids and call a service."""

from celery import shared_task

from .services import builds, reviews


@shared_task(
    name=builds.BUILD_TASK,
    bind=True,
    acks_late=True,
    # A worker killed mid-build hands the message back (acks late) instead of losing it.
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=120,
    max_retries=builds.MAX_ATTEMPTS - 1,
    # The row is the result (status, progress, file): nothing to keep in the result backend.
    ignore_result=True,
)
def build_review(self, *, build_id: int) -> str:
    """Build one review PDF (queue `reports`, see CELERY_TASK_ROUTES)."""
    build = builds.build_run(build_id=build_id)
    return build.status if build is not None else "busy"


@shared_task(name="reports.dispatch_builds", ignore_result=True)
def dispatch_builds() -> int:
    """Send again the review builds stuck on their way to a worker (beat, every 30 seconds)."""
    return len(builds.builds_send_stuck())


@shared_task(name="reports.plan_periodic_reviews")
def plan_periodic_reviews() -> int:
    """Create the periodic reviews that are due (beat, nightly) and request their PDFs."""
    return len(reviews.reviews_plan_periodic())

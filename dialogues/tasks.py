"""Celery tasks of the dialogues app: thin, they call a service."""

from celery import shared_task

from . import services


@shared_task(
    name="dialogues.send_feedback_reminders", autoretry_for=(OSError,), retry_backoff=True, max_retries=3
)
def send_feedback_reminders() -> int:
    """The daily digest of items due soon and overdue, one e-mail per officer (beat, 07:00)."""
    return services.reminders_send()


@shared_task(
    name="dialogues.send_feedback_receipt", autoretry_for=(OSError,), retry_backoff=True, max_retries=3
)
def send_feedback_receipt(*, item_id: int) -> bool:
    """The e-mail receipt of a citizen's item (its tracking code), after the item is stored."""
    return services.receipt_send(item_id=item_id)

"""The daily reminder: one digest per officer of items due soon and overdue; the beat schedule;
and the task on a real Celery worker with Redis."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from communes.models import User
from communes.workdays import add_working_days
from dialogues import services
from dialogues.tasks import send_feedback_reminders


def today() -> datetime.date:
    """The local date when the test runs (a module constant would go stale across midnight)."""
    return timezone.localdate()


def days_ago_due(category, wanted) -> int:
    """How many calendar days ago an item of `category` was received for its due date (counted in
    working days) to satisfy `wanted`: the reminders' windows hold whatever day the test runs."""
    for days in range(60):
        due = add_working_days(start=today() - datetime.timedelta(days=days), days=category.time_limit_days)
        if wanted(due):
            return days
    raise AssertionError("no receipt day gives such a due date")


@pytest.fixture
def mailed_officer(officer):
    officer.email = "xa.td@example.vn"
    officer.save()
    return officer


def test_each_officer_gets_one_digest_of_their_due_and_overdue_items(
    mailed_officer, other_officer, user_factory, long_hung, make_item, hong_minh, category
):
    colleague = user_factory(
        username="xa.td2", role=User.Role.COMMUNE_OFFICER, commune=long_hung, email="b@example.vn"
    )
    late = days_ago_due(category, lambda due: due < today())
    within = days_ago_due(category, lambda due: today() <= due <= today() + datetime.timedelta(days=3))
    overdue = make_item(days_ago=late)
    soon = make_item(days_ago=within)
    make_item(days_ago=0)  # due in 10 working days
    theirs = make_item(days_ago=late)
    services.feedback_assign(item=theirs, by=mailed_officer, assignee=colleague)
    make_item(commune=hong_minh, by=other_officer, days_ago=late)  # other_officer has no e-mail
    assert overdue.due_on < today() <= soon.due_on
    assert services.reminders_send() == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    mine = by_recipient["xa.td@example.vn"].body
    assert overdue.tracking_code in mine and soon.tracking_code in mine
    assert theirs.tracking_code not in mine
    assert "QUÁ HẠN" in mine and "SẮP ĐẾN HẠN" in mine
    assert theirs.tracking_code in by_recipient["b@example.vn"].body
    assert f"{today():%d/%m/%Y}" in by_recipient["xa.td@example.vn"].subject


def test_an_officer_with_nothing_due_gets_no_mail(mailed_officer, make_item):
    make_item(days_ago=0)
    assert services.reminders_send() == 0
    assert mail.outbox == []


def test_the_task_calls_the_service(mailed_officer, make_item, category):
    make_item(days_ago=days_ago_due(category, lambda due: due < today()))
    assert send_feedback_reminders.delay().get() == 1


def test_the_reminder_runs_every_morning_in_vietnam(db):
    # Written by a migration into django-celery-beat's tables, where staff can change it.
    entry = PeriodicTask.objects.select_related("crontab").get(name="dialogues-daily-reminders")
    assert entry.task == send_feedback_reminders.name and entry.enabled
    assert (entry.crontab.hour, entry.crontab.minute) == ("7", "0")
    assert str(entry.crontab.timezone) == settings.CELERY_TIMEZONE == "Asia/Ho_Chi_Minh"


@pytest.mark.redis
def test_the_reminder_runs_on_a_real_celery_worker(celery_worker, user_factory, long_hung, category):
    client, mail_dir = celery_worker
    clerk = user_factory(
        username="xa.worker", role=User.Role.COMMUNE_OFFICER, commune=long_hung, email="worker@example.vn"
    )
    item = services.feedback_receive(
        commune=long_hung,
        by=clerk,
        category=category,
        channel="desk",
        content="Đèn đường thôn Đông hỏng đã lâu.",
        received_on=today() - datetime.timedelta(days=15),
    )
    result = client.send_task(send_feedback_reminders.name)
    assert result.get(timeout=60) == 1
    sent = "".join(path.read_text() for path in mail_dir.iterdir())
    assert "worker@example.vn" in sent and item.tracking_code in sent

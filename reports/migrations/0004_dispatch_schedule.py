"""The build sweep's default schedule (every 30 seconds), written once; staff change it later.

It sends again the review builds stuck on their way to a worker (reports.services.builds). The
message expires before the next one is due, so sweeps queued while no worker listens do not pile up.
"""

from django.db import migrations

NAME = "reports-dispatch-builds"
EVERY_SECONDS = 30


def forwards(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return
    interval, _created = IntervalSchedule.objects.get_or_create(every=EVERY_SECONDS, period="seconds")
    PeriodicTask.objects.create(
        name=NAME,
        task="reports.dispatch_builds",
        interval=interval,
        expire_seconds=EVERY_SECONDS,
        description="Gửi lại các lượt lập báo cáo bị kẹt: chưa gửi được tới hàng đợi, bị mất khi "
        "máy chủ hàng đợi khởi động lại, hoặc máy lập báo cáo dừng giữa chừng.",
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_build_dispatch"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

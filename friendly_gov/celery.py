"""The Celery application. Workers: `celery -A friendly_gov worker`; beat: `celery -A friendly_gov beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "friendly_gov.settings")

app = Celery("friendly_gov")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

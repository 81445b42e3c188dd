"""Settings of the surveys benchmark's gunicorn: the project's settings as in production (DEBUG
off, compiled templates, persistent connections), on the benchmark's throwaway database, with a
rate limit too high to trip (it is still counted, so its cost is in the figures) and the
bench-only URLconf (the no-op view lives there, never in production URLs)."""

import os

from friendly_gov.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE_NAME"]  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405
ROOT_URLCONF = "surveys_urls"
SURVEYS_PUBLIC_RATE = "100000000/m"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

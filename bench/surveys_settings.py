"""Settings of the surveys benchmark's gunicorn: the project's settings as in production (DEBUG
off, compiled templates, persistent connections, the cache in Redis when the bench finds one), on
the benchmark's throwaway database, with rate limits too high to trip (they are still counted, so
their cost is in the figures) and the bench-only URLconf (the no-op view lives there, never in
production URLs)."""

import os

from friendly_gov.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE_NAME"]  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405
ROOT_URLCONF = "surveys_urls"
SURVEYS_PUBLIC_RATE = "100000000/m"
SURVEYS_API_RATE = "100000000/min"
# The load client sends X-Real-IP as a proxy would: many citizens, one rate-limit key each.
RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
if os.environ.get("BENCH_REDIS_URL"):
    # As in production: the counters of every worker in one place. Own key prefix: the bench
    # never reads or clears anyone else's keys.
    CACHES = {
        "default": {
            "BACKEND": "friendly_gov.cache.FallbackRedisCache",
            "LOCATION": os.environ["BENCH_REDIS_URL"],
            "KEY_PREFIX": "friendly_gov_surveys_bench",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

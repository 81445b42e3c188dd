"""Settings of the Redis outage bench's gunicorn: the project's production settings (DEBUG off,
REDIS_URL for the cache and the broker, production rate limits) on the bench's throwaway
database, plain HTTP on loopback, clients named by X-Real-IP as behind a proxy.
BENCH_CACHE_BACKEND=django_redis.cache.RedisCache measures the cache without its fallback."""

import os

from friendly_gov.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE_NAME"]  # noqa: F405
RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
if os.environ.get("BENCH_CACHE_BACKEND"):
    CACHES["default"]["BACKEND"] = os.environ["BENCH_CACHE_BACKEND"]  # noqa: F405
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # One line per 429 and per 500 would drown the cache's own two lines.
    "loggers": {"django.request": {"level": "CRITICAL"}},
}

"""Settings for friendly_gov, read from the environment.

Local use needs no variable at all: SQLite in the project folder, Celery tasks run in-process,
debug on. Production sets DJANGO_DEBUG=0 and must then provide DJANGO_SECRET_KEY and
DJANGO_ALLOWED_HOSTS; the process refuses to start without them rather than run with a guessable
key. See README.md for the full list.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0.")
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "insecure-local-development-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG=0.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_ratelimit",
    "csp",
    "django_celery_beat",
    # Project-wide template tags, formats and management commands live in the project package.
    "friendly_gov",
    # Dependencies flow one way: communes <- surveys, dialogues <- reports.
    "communes",
    "surveys",
    "dialogues",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below); static files,
    # served by WhiteNoise above, need none.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "friendly_gov.middleware.IgnoreBrowserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a blocked rate limit into the friendly 429 page (RATELIMIT_VIEW).
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "friendly_gov.urls"
WSGI_APPLICATION = "friendly_gov.wsgi.application"
ASGI_APPLICATION = "friendly_gov.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL, e.g. postgres://user:password@host:5432/friendly_gov. Unset: a SQLite file, the
# embedded default for `make run`.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite cannot enforce "unique, counting empty as equal" constraints (PostgreSQL does); the
    # services check the same rule before writing.
    SILENCED_SYSTEM_CHECKS_DATABASE = ["models.W047"]
else:
    SILENCED_SYSTEM_CHECKS_DATABASE = []
    # The portal's queries are short, and the review and dashboard aggregates have many small
    # subqueries whose estimated cost passes PostgreSQL's JIT threshold: compiling them took half
    # of a province review's build for nothing (bench/README.md). DJANGO_DB_JIT=1 keeps JIT; behind
    # a pooler that refuses startup options, set `ALTER DATABASE ... SET jit = off` instead.
    if os.environ.get("DJANGO_DB_JIT", "0") != "1":
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

AUTH_USER_MODEL = "communes.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# --- Cache, broker ----------------------------------------------------------------------------
# REDIS_URL serves the cache, the Celery broker and the result backend. Unset: a per-process
# cache and Celery tasks executed in-process, so local use needs no Redis.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # django-redis rather than Django's own RedisCache: it keeps one client per process (Django
    # builds a new one, with its table of reply callbacks, for every call) and increments a rate
    # limit's counter in one round trip (Django's check-then-increment takes two). Wrapped so that
    # the cache, which holds only rate-limit counters, counts per process while Redis is down
    # (short socket timeouts, then Redis left alone for a few seconds): see friendly_gov/cache.py.
    CACHES = {
        "default": {
            "BACKEND": "friendly_gov.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "friendly_gov",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Rate limits (django-ratelimit on pages, friendly_gov.clients.ClientRateThrottle in the API)
# count in the default cache. django-ratelimit hashes its keys, so no raw IP address is kept.
# Behind a proxy, name the header that carries the client address (e.g. HTTP_X_REAL_IP).
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "friendly_gov.views.rate_limited"
RATELIMIT_IP_META_KEY = os.environ.get("DJANGO_RATELIMIT_IP_META_KEY") or None
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS_DATABASE]
if not REDIS_URL:
    # Local use is one process: the per-process cache is shared by everything there is.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]
else:
    # "Not officially supported": the backend is django-redis's (supported), subclassed.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.W001"]

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic jobs (`celery -A friendly_gov beat`), at Vietnamese local time (CELERY_TIMEZONE).
# Beat reads its schedules from the database (django-celery-beat): each app's migrations write
# its defaults once (the dialogues reminder at 07:00, the review planner at 01:30, the sweep that
# sends stuck review builds again every 30 seconds), and staff change them in the admin without a
# deploy. Nothing is declared here, so a restart never undoes a change.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Building a review's PDF is heavy: it runs on its own queue, served by its own workers
# (`celery -A friendly_gov worker -Q reports`), so it never delays the light tasks.
CELERY_TASK_ROUTES = {"reports.build_review": {"queue": "reports"}}
# A message taken by a worker that dies (acks late) goes back to the queue after this many seconds.
_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _VISIBILITY_TIMEOUT,
    # Look for such messages often enough for the timeout to matter (kombu's defaults suit an hour).
    "unacked_restore_interval": min(10, max(1, _VISIBILITY_TIMEOUT // 4)),
    "unacked_restore_throttle": 1 if _VISIBILITY_TIMEOUT < 60 else 10,
}
# A review build whose worker stopped reporting for this long (and holds no lock: it died) is sent
# again by the build sweep (beat, every 30 seconds), long before the visibility timeout above.
REPORTS_BUILD_STALE_SECONDS = int(os.environ.get("REPORTS_BUILD_STALE_SECONDS", "600"))

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# Vietnamese dates as 16/01/2025 and numbers as 100.980 / 96,9 (friendly_gov/formats/vi).
FORMAT_MODULE_PATH = ["friendly_gov.formats"]

# --- Static and uploaded files --------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads are kept outside static/ and served by views that check scope, never by the web server.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
UPLOAD_MAX_BYTES = int(os.environ.get("DJANGO_UPLOAD_MAX_MB", "10")) * 1_048_576

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- API ------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous call then gets 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # A throttled request is told so in Vietnamese (friendly_gov.clients.ClientRateThrottle).
    "EXCEPTION_HANDLER": "friendly_gov.clients.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "friendly_gov API",
    "DESCRIPTION": "Chính quyền thân thiện: đơn vị hành chính, chương trình, xã điểm.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc from the sidecar package: the docs page makes no outside request.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI would otherwise ask validator.swagger.io to check the schema.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True, "persistAuthorization": True},
    "ENUM_NAME_OVERRIDES": {
        "UnitLevelEnum": "communes.models.AdminUnit.Level",
        "EnrolmentLevelEnum": "communes.models.Enrolment.Level",
        "ProgrammeStatusEnum": "communes.models.Programme.Status",
        "EnrolmentStatusEnum": "communes.models.Enrolment.Status",
        "SurveyChannelEnum": "surveys.models.SurveyResponse.Channel",
        "FeedbackChannelEnum": "dialogues.models.FeedbackItem.Channel",
        "DossierChannelEnum": "surveys.dossiers.models.Dossier.Channel",
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -----------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "friendly-gov@localhost")
# Only for the file-based backend (django.core.mail.backends.filebased.EmailBackend).
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH") or None

# --- Security (production) ------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the API docs page reads it to send writes
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles and fonts from this server only, no inline
# script, style attribute or <style> block in any page (they live in static/), images from this
# server or data: URIs (the QR codes), no plugins, no framing. The Swagger UI page loads its set-up
# script from its own URL (SpectacularSwaggerSplitView). PDFs are not HTML pages: their <style>
# blocks are read by WeasyPrint, not by a browser.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # Behind a TLS-terminating proxy (nginx, a load balancer) that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every PDF step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

"""Project-wide views: the home page that gathers every app's news for the user, the health
check and the error pages."""

import redis
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from redis.exceptions import RedisError

from communes.selectors.programmes import home_summary
from dialogues.selectors import officer_todo
from surveys.dossiers.selectors import dossiers_owing_a_slip
from surveys.selectors import commune_index

from .celery import app as celery_app


@login_required
def home(request):
    """The user's scope and, for an officer, the commune's to-do list. The project package is the
    one place that may read every app, so the page can grow with them."""
    context = home_summary(user=request.user)
    if request.user.is_commune_officer or request.user.is_province_staff:
        context["feedback_todo"] = officer_todo(user=request.user)
    if request.user.is_commune_officer:
        context["survey_index"] = commune_index(user=request.user, commune=request.user.commune)
        # Late dossiers still owing the citizen an apology slip (the ten longest overdue).
        owing = dossiers_owing_a_slip(user=request.user)
        context["dossiers_owing"] = list(owing[:10])
        context["dossiers_owing_count"] = owing.count() if len(context["dossiers_owing"]) == 10 else None
    return render(request, "home.html", context)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not answering"
        return False


# A load balancer's probe must be answered quickly even when Redis is black-holed: one PING with
# a short timeout, not kombu's connect, which retries.
BROKER_PING_TIMEOUT = 0.1


def _broker_status() -> str:
    """ "ok", "down", or "in-process" when no broker is configured (local use)."""
    if celery_app.conf.task_always_eager:
        return "in-process"
    try:
        client = redis.Redis.from_url(
            celery_app.conf.broker_url,
            socket_connect_timeout=BROKER_PING_TIMEOUT,
            socket_timeout=BROKER_PING_TIMEOUT,
        )
    except ValueError:  # not a Redis URL: the portal's broker is Redis
        return "down"
    try:
        client.ping()
        return "ok"
    except (RedisError, OSError):
        return "down"
    finally:
        client.close()


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers; the broker is reported but does not fail the check, so a
    Redis restart does not take every web host out of the load balancer."""
    database = _database_ok()
    body = {
        "status": "ok" if database else "error",
        "database": "ok" if database else "down",
        "broker": _broker_status(),
    }
    return JsonResponse(body, status=200 if database else 503)


def _error_page(request, status: int, title: str, message: str):
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error_page(
        request,
        400,
        _("Yêu cầu không hợp lệ"),
        _("Máy chủ không hiểu yêu cầu này. Vui lòng tải lại trang và thử lại."),
    )


def permission_denied(request, exception=None):
    return _error_page(
        request,
        403,
        _("Không có quyền truy cập"),
        _("Tài khoản của bạn không được phép thực hiện thao tác này."),
    )


def page_not_found(request, exception=None):
    return _error_page(
        request,
        404,
        _("Không tìm thấy trang"),
        _("Trang Ông/Bà tìm không tồn tại hoặc nằm ngoài phạm vi tài khoản."),
    )


def rate_limited(request, exception=None):
    return _error_page(
        request,
        429,
        _("Quá nhiều yêu cầu"),
        _("Ông/Bà đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng đợi một phút rồi thử lại."),
    )


def server_error(request):
    # No request context: whatever failed must not fail again while rendering this page.
    return HttpResponseServerError(loader.get_template("500.html").render())

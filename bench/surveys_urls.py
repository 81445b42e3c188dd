"""Bench-only URLconf: the project's URLs plus a no-op POST view, the baseline of the surveys
benchmark (same middleware, CSRF check included, no database work)."""

from django.http import HttpResponse
from django.urls import path

from friendly_gov.urls import urlpatterns as project_urlpatterns


def noop(request):
    return HttpResponse(b"ok")


urlpatterns = [path("bench/noop/", noop), *project_urlpatterns]
handler404 = "friendly_gov.views.page_not_found"

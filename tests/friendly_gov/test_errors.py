"""Vietnamese error pages."""

import pytest
from django.test import Client
from django.urls import path

from friendly_gov import views
from friendly_gov.urls import urlpatterns as project_urls


def boom(request):
    raise RuntimeError("lỗi thử nghiệm")


def forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


urlpatterns = [path("boom/", boom), path("forbidden/", forbidden), *project_urls]
handler403 = "friendly_gov.views.permission_denied"
handler404 = "friendly_gov.views.page_not_found"
handler500 = "friendly_gov.views.server_error"


def test_a_missing_page_answers_404_in_vietnamese(client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert '<html lang="vi">' in html


@pytest.mark.urls(__name__)
def test_a_refusal_answers_403_in_vietnamese(client, db):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


@pytest.mark.urls(__name__)
def test_a_crash_answers_500_in_vietnamese(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Lỗi hệ thống" in html
    assert "lỗi thử nghiệm" not in html  # no internals leak to the visitor


def test_the_500_page_renders_without_a_request_context():
    response = views.server_error(None)
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.content.decode()

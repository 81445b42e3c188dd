"""Content-Security-Policy: every HTML page allows scripts, styles and fonts from this server only,
and no page carries an inline script, an event-handler attribute, a style attribute or a <style>
block (the browser would refuse them). PDFs are not pages: their templates keep their <style>."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path, reverse

from friendly_gov.urls import urlpatterns as project_urls
from reports.charts import bar_chart, column_chart, line_chart
from surveys.services import template_default_ensure

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def boom(request):
    raise RuntimeError("lỗi thử nghiệm")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("boom/", boom), path("forbidden/", forbidden), *project_urls]
handler403 = "friendly_gov.views.permission_denied"
handler404 = "friendly_gov.views.page_not_found"
handler500 = "friendly_gov.views.server_error"


def policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in directives}


class _InlineFinder(HTMLParser):
    """What a strict policy refuses in a page: inline scripts, on...= handlers, style attributes,
    <style> blocks. A JSON data block (<script type="application/json">) is not run, so allowed."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        values = dict(attrs)
        if tag == "script" and "src" not in names and values.get("type") != "application/json":
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"<{tag} {name}=...>" for name in names if name == "style" or name.startswith("on")]

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    finder = _InlineFinder()
    finder.feed(html)
    return finder.found


def assert_strict_page(response) -> None:
    assert response["Content-Type"].startswith("text/html")
    assert policy(response) == EXPECTED
    assert inline_code(response.content.decode()) == []


# --- Pages ------------------------------------------------------------------------------------


def test_it_sends_the_policy_with_the_public_survey_form_and_the_kiosk(client, long_hung):
    template_default_ensure()
    for name in ("surveys:form", "surveys:kiosk"):
        response = client.get(reverse(name, args=[long_hung.pk]))
        assert response.status_code == 200
        assert_strict_page(response)


def test_it_loads_the_kiosk_one_tap_guard_from_a_static_file(client, long_hung):
    template_default_ensure()
    html = client.get(reverse("surveys:kiosk", args=[long_hung.pk])).content.decode()
    assert '<script src="/static/surveys/kiosk.js" defer></script>' in html


def test_it_sends_the_policy_with_the_citizens_feedback_pages_and_the_login(client, long_hung):
    for url in (
        reverse("dialogues:public_start"),
        reverse("dialogues:public_submit", args=[long_hung.pk]),
        reverse("dialogues:public_status"),
        reverse("login"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_page(response)


def test_it_sends_the_policy_with_staff_pages(client, province_admin):
    client.force_login(province_admin)
    for name in (
        "home",
        "communes:programme_list",
        "communes:criteria_set_list",
        "communes:activity_list",
        "surveys:results",
        "dialogues:inbox",
        "dialogues:category_list",
        "reports:review_list",
        "reports:dashboard",
        "reports:decision_list",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert_strict_page(response)


def test_it_sends_the_policy_with_the_admin(client, superuser):
    client.force_login(superuser)
    for url in ("/admin/", "/admin/django_celery_beat/periodictask/add/"):
        response = client.get(url)
        assert response.status_code == 200
        assert policy(response) == EXPECTED
        assert inline_code(response.content.decode()) == [], url


@pytest.mark.urls(__name__)
def test_it_sends_the_policy_with_the_error_pages(db, client):
    assert_strict_page(client.get("/khong-co-trang-nay/"))
    assert_strict_page(client.get("/forbidden/"))
    crashing = Client(raise_request_exception=False)
    response = crashing.get("/boom/")
    assert response.status_code == 500
    assert_strict_page(response)


def test_it_serves_the_api_docs_set_up_script_from_its_own_url(client, db):
    page = client.get(reverse("api-docs"))
    assert_strict_page(page)
    script_url = re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', page.content.decode())[1]
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()


def test_it_draws_the_charts_without_a_style_attribute():
    charts = [
        bar_chart([("Tiến Đức", 0.9), ("Chí Hòa", 0.5)], percent=True, title="Chỉ số"),
        line_chart([("2024", 0.8), ("2025", 0.9)], percent=True, title="Xu hướng"),
        column_chart(
            [("2019", [17, 0]), ("2020", [0, 40])], series=["Thí điểm", "Nhân rộng"], title="Nhân rộng"
        ),
    ]
    for svg in charts:
        assert 'class="chart"' in svg
        assert inline_code(svg) == []


# --- Templates --------------------------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)


def page_templates() -> list[Path]:
    found = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]
    return sorted(p for p in found if "pdf" not in p.relative_to(ROOT).parts)


def test_it_finds_the_page_templates_of_every_app():
    names = {p.relative_to(ROOT).parts[0] for p in page_templates()}
    assert {"templates", "communes", "surveys", "dialogues", "reports"} <= names
    assert not any("pdf" in p.parts for p in page_templates())


@pytest.mark.parametrize(
    "pattern", [INLINE_SCRIPT, HANDLER, STYLE_ATTRIBUTE, STYLE_BLOCK], ids=["script", "on", "style", "block"]
)
def test_no_page_template_holds_inline_code(pattern):
    offenders = [str(p.relative_to(ROOT)) for p in page_templates() if pattern.search(p.read_text())]
    assert offenders == []


def test_the_template_check_catches_what_it_looks_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/x.js" defer></script>')
    assert HANDLER.search('<form method="post" onsubmit="return confirm()">')
    assert STYLE_ATTRIBUTE.search('<div class="x" style="width:1px">')
    assert not STYLE_ATTRIBUTE.search('<div class="x" data-style="1">')

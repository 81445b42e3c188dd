"""The main pages under the Content-Security-Policy in a real browser: Chromium refuses nothing
(no "Refused to ..." in the console), and what the moved scripts do still works: the confirm
dialogs, the kiosk, the Swagger UI, the dashboard's charts."""

import pytest

from communes.models import CodeOfConduct, User
from communes.services.conduct import code_create
from surveys.models import SurveyResponse
from surveys.services import template_default_ensure
from tests.browser.conftest import ARTIFACTS
from tests.factories import PASSWORD


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


@pytest.fixture
def watched(browser, live_server, units):
    """A page whose console refusals and script errors are collected."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}")
            if "Refused to" in message.text or "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    yield page, problems
    context.close()


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status < 400, url
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("networkidle")


def test_the_public_pages_run_without_a_refusal(watched, tien_duc):
    page, problems = watched
    template_default_ensure()
    for url in (
        f"/ks/{tien_duc.pk}/",
        f"/ks/{tien_duc.pk}/kiosk/",
        "/gop-y/",
        f"/gop-y/{tien_duc.pk}/",
        "/tra-cuu/",
        "/accounts/login/",
        "/khong-co-trang-nay/",
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    # The kiosk's script, a static file, thanks at once and sends one answer in the background
    # (its offline queue and service worker run under the policy too).
    page.goto(f"/ks/{tien_duc.pk}/kiosk/")
    page.locator(".faces button").last.click()
    page.get_by_text("Cảm ơn Ông/Bà đã đánh giá!").wait_for()
    for _ in range(50):
        if SurveyResponse.objects.exists():
            break
        page.wait_for_timeout(200)
    assert SurveyResponse.objects.count() == 1
    assert problems == []


def test_the_staff_pages_run_without_a_refusal(watched, user_factory, lang_son, ls_programme, ls_data):
    page, problems = watched
    admin = user_factory(username="tinh.ls.csp", role=User.Role.PROVINCE_ADMIN, province=lang_son)
    code = code_create(by=admin, name="Quy tắc 5 biết", items=["Biết lắng nghe"], owner_unit=lang_son)
    log_in(page, admin.username)
    for url in (
        "/",
        "/programmes/",
        f"/programmes/{ls_programme.pk}/",
        "/criteria/",
        "/activity/",
        "/khao-sat/",
        "/feedback/",
        "/feedback/overview/",
        "/feedback/categories/",
        "/dialogues/",
        "/reviews/",
        "/awards/",
    ):
        visit(page, url)
    visit(page, f"/dashboard/?programme={ls_programme.pk}")
    # The charts drawn on the server keep their size without a style attribute.
    chart = page.locator("svg.chart").first
    chart.wait_for()
    assert chart.bounding_box()["width"] > 200
    page.screenshot(path=ARTIFACTS / "csp-dashboard.png", full_page=True)
    # The confirm dialog, moved from onsubmit to static/js/confirm.js, still asks first.
    visit(page, f"/codes/{code.pk}/")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Xóa").first.click()
    page.wait_for_timeout(300)
    assert questions == ["Xóa bộ quy tắc này?"]
    assert CodeOfConduct.objects.filter(pk=code.pk).exists()
    assert problems == []


def test_the_api_docs_and_the_admin_run_without_a_refusal(watched, user_factory):
    page, problems = watched
    user_factory(username="quantri.csp", role="", is_superuser=True, is_staff=True)
    visit(page, "/api/docs/")
    page.locator(".swagger-ui .opblock").first.wait_for()
    page.screenshot(path=ARTIFACTS / "csp-api-docs.png")
    log_in(page, "quantri.csp")
    visit(page, "/admin/")
    visit(page, "/admin/django_celery_beat/periodictask/add/")
    visit(page, "/admin/dialogues/category/")
    assert problems == []

"""Signing in through a real browser, on a desktop and on a phone."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from communes.models import User
from tests.browser.conftest import ARTIFACTS
from tests.factories import PASSWORD


def log_in(page, username: str) -> None:
    page.goto("/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_an_officer_logs_in_and_sees_the_vietnamese_home_page(page, user_factory, tien_duc):
    user_factory(username="xa.tienduc", role=User.Role.COMMUNE_OFFICER, commune=tien_duc)
    log_in(page, "xa.tienduc")
    page.wait_for_url("**/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Cán bộ một cửa cấp xã – Xã Tiến Đức" in page.get_by_test_id("scope").inner_text()
    page.screenshot(path=ARTIFACTS / "home-desktop.png", full_page=True)


def test_a_wrong_password_gets_a_vietnamese_message(page, user_factory, tien_duc):
    user_factory(username="xa.tienduc", role=User.Role.COMMUNE_OFFICER, commune=tien_duc)
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("xa.tienduc")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác").wait_for()
    assert page.url.endswith("/accounts/login/")
    # What was typed stays in the form; only the password is cleared.
    assert page.get_by_label("Tên đăng nhập").input_value() == "xa.tienduc"


def test_on_a_phone_the_menu_opens_and_the_language_switches_to_english(
    browser, live_server, units, user_factory, hung_yen
):
    user_factory(username="tinh.hungyen", role=User.Role.PROVINCE_VIEWER, province=hung_yen)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    log_in(page, "tinh.hungyen")
    page.wait_for_url("**/")
    assert not page.get_by_role("button", name="Chương trình").is_visible()
    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("button", name="Chương trình").wait_for(state="visible")
    page.screenshot(path=ARTIFACTS / "home-phone-menu.png", full_page=True)
    # The language switch and the logout are in the account menu, at the end of the list.
    page.get_by_test_id("account-menu").click()
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Đổi").click()
    # The switch is a POST and a redirect: wait for the new page, not for the old one's load state.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.close()


def test_the_api_docs_load_without_any_request_leaving_the_machine(page):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    page.goto("/api/docs/")
    page.locator(".swagger-ui .info").wait_for()
    page.get_by_text("/api/v1/units/").first.wait_for()
    assert hosts <= {"localhost", "127.0.0.1"}, hosts


@pytest.mark.parametrize("width", [1200, 1366])
def test_on_a_desktop_the_navigation_fits_one_row_in_both_languages(browser, live_server, superuser, width):
    # A superuser sees every menu; the page must not scroll sideways because of them.
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 800})
    page = context.new_page()
    log_in(page, superuser.username)
    page.wait_for_url("**/")
    for language in ("vi", "en"):
        if language == "en":
            page.get_by_test_id("account-menu").click()
            page.get_by_label("Ngôn ngữ").select_option("en")
            page.get_by_role("button", name="Đổi").click()
            expect(page.locator("html")).to_have_attribute("lang", "en")
        assert page.get_by_role("button", name="Mở menu" if language == "vi" else "Open menu").is_hidden()
        assert page.locator("nav.navbar").bounding_box()["height"] < 70
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()

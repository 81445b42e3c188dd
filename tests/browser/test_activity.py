"""The desk officer's most frequent task, on a tablet, and the province seeing it."""

import datetime

from communes.models import User
from tests.browser.conftest import ARTIFACTS
from tests.factories import PASSWORD


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def test_an_officer_logs_a_thank_you_letter_on_a_tablet_and_the_province_sees_it_counted(
    browser,
    live_server,
    units,
    user_factory,
    programme_factory,
    enrolment_factory,
    long_hung,
    hung_yen,
):
    # Today's work is recorded on the 2025 commune (Long Hưng took over Tiến Đức).
    programme = programme_factory(
        owner_unit=hung_yen,
        phase_start=datetime.date(2025, 7, 1),
        phase_end=datetime.date(2030, 12, 31),
    )
    enrolment_factory(programme=programme, commune=long_hung, selected_on=datetime.date(2025, 7, 1))
    user_factory(username="xa.longhung", role=User.Role.COMMUNE_OFFICER, commune=long_hung)
    user_factory(username="tinh.hungyen", role=User.Role.PROVINCE_VIEWER, province=hung_yen)

    tablet = browser.new_context(
        base_url=live_server.url, viewport={"width": 820, "height": 1180}, has_touch=True
    )
    page = tablet.new_page()
    log_in(page, "xa.longhung")
    page.get_by_role("link", name="Ghi thư, nghi thức").first.click()
    page.get_by_text("Thư cảm ơn", exact=True).click()
    page.get_by_label("Người nhận").fill("Ông Nguyễn Văn Hải, thôn Đông")
    page.screenshot(path=ARTIFACTS / "activity-tablet-form.png", full_page=True)
    page.get_by_role("button", name="Ghi lại").click()
    page.get_by_text("Đã ghi: Thư cảm ơn.").wait_for()
    tablet.close()

    desktop = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    page = desktop.new_page()
    log_in(page, "tinh.hungyen")
    page.goto(f"/programmes/{programme.pk}/")
    assert page.get_by_test_id("total-thanks").inner_text() == "1"
    row = page.get_by_test_id("commune-table").locator("tr", has_text="Xã Long Hưng")
    assert row.locator("td").nth(5).inner_text() == "1"
    page.screenshot(path=ARTIFACTS / "programme-overview.png", full_page=True)
    desktop.close()

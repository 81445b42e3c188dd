"""A citizen submits feedback on a phone and follows it by code while the desk officer assigns
and answers it."""

from communes.models import User
from dialogues.models import Category, FeedbackItem
from tests.browser.conftest import ARTIFACTS
from tests.factories import PASSWORD


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def test_a_citizen_follows_an_item_by_code_while_an_officer_assigns_and_answers_it(
    browser, live_server, units, user_factory, long_hung
):
    Category.objects.create(name="Phản ánh về hạ tầng, môi trường", kind="report", time_limit_days=15)
    user_factory(
        username="xa.tienduc",
        role=User.Role.COMMUNE_OFFICER,
        commune=long_hung,
        first_name="Phạm Thị",
        last_name="Hoa",
    )

    phone = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, has_touch=True
    )
    citizen = phone.new_page()
    # Found by its name before 1 July 2025: today's commune, Long Hưng, comes first.
    citizen.goto("/gop-y/?q=tien duc")
    citizen.get_by_role("link", name="Xã Long Hưng, Tỉnh Hưng Yên").first.click()
    note = citizen.get_by_test_id("handed-over").inner_text()
    assert "Xã Tiến Đức, Huyện Hưng Hà thuộc Xã Long Hưng" in note
    citizen.get_by_label("Phản ánh về hạ tầng, môi trường").check()
    citizen.get_by_label("Nội dung").fill(
        "Cống thoát nước trước nhà văn hóa thôn Đông bị tắc, nước tràn ra đường."
    )
    citizen.get_by_label("Số điện thoại (không bắt buộc)").fill("0912345678")
    citizen.get_by_role("button", name="Gửi phản ánh").click()
    code = citizen.get_by_test_id("tracking-code").inner_text().strip()
    assert code.startswith("PA-")
    citizen.screenshot(path=ARTIFACTS / "dialogues-citizen-code.png", full_page=True)
    citizen.get_by_role("link", name="Xem tình trạng giải quyết").click()
    assert citizen.get_by_test_id("public-status").inner_text() == "Đã tiếp nhận"

    desktop = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    officer = desktop.new_page()
    log_in(officer, "xa.tienduc")
    officer.goto("/feedback/")
    officer.get_by_role("link", name=code, exact=True).click()
    assert "0912345678" in officer.get_by_test_id("contact").inner_text()
    officer.get_by_label("Giao cho cán bộ").select_option(label="Phạm Thị Hoa")
    officer.get_by_role("button", name="Giao", exact=True).click()
    officer.get_by_text("Đã giao xử lý.").wait_for()
    assert officer.get_by_test_id("assignee").inner_text() == "Phạm Thị Hoa"

    citizen.reload()
    assert citizen.get_by_test_id("public-status").inner_text() == "Đã giao xử lý"

    officer.get_by_text("Bắt đầu xử lý", exact=True).click()
    officer.get_by_role("button", name="Bắt đầu", exact=True).click()
    officer.get_by_text("Đã chuyển sang đang xử lý.").wait_for()
    officer.get_by_text("Trả lời người dân", exact=True).click()
    officer.get_by_label("Trả lời người dân (công khai theo mã tra cứu)").fill(
        "Xã đã cho nạo vét cống ngày hôm nay; cảm ơn ông/bà đã phản ánh."
    )
    officer.get_by_role("button", name="Gửi trả lời").click()
    officer.get_by_text("Đã trả lời người dân.").wait_for()
    assert officer.get_by_test_id("timeline").locator("li").count() == 4
    officer.screenshot(path=ARTIFACTS / "dialogues-officer-item.png", full_page=True)

    citizen.reload()
    assert citizen.get_by_test_id("public-status").inner_text() == "Đã trả lời"
    answer = citizen.get_by_test_id("public-answer").inner_text()
    assert "nạo vét cống" in answer
    status_card = citizen.get_by_test_id("status-card").inner_text()
    assert "Cống thoát nước" not in status_card and "0912345678" not in status_card
    citizen.screenshot(path=ARTIFACTS / "dialogues-citizen-status.png", full_page=True)
    assert FeedbackItem.objects.get(tracking_code=code).transitions.count() == 4
    phone.close()
    desktop.close()

"""Citizens answering the satisfaction survey: on a phone by the QR link (a poster printed for a
commune dissolved in 2025 still leads to the commune that took it over), and at the desk's kiosk
tablet; then the commune's index as staff see it."""

import datetime

from communes.models import User
from surveys import services
from surveys.models import Desk, SurveyResponse
from tests.browser.conftest import ARTIFACTS
from tests.factories import PASSWORD
from tests.surveys.conftest import answers_for

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1180, "height": 820}


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def test_a_citizen_answers_by_qr_link_on_a_phone_and_the_communes_index_changes(
    browser, live_server, units, user_factory, tien_duc, long_hung, hung_yen
):
    template = services.template_default_ensure()
    # Before: one citizen who was not satisfied.
    services.response_submit(
        template=template, commune=long_hung, answers=answers_for(template, score=2), channel="web"
    )
    user_factory(username="tinh.hungyen", role=User.Role.PROVINCE_VIEWER, province=hung_yen)

    staff = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    desk_page = staff.new_page()
    log_in(desk_page, "tinh.hungyen")
    desk_page.goto(f"/khao-sat/xa/{long_hung.pk}/")
    assert desk_page.get_by_test_id("overall").inner_text() == "0,0%"
    qr_link = desk_page.get_by_test_id("public-url").inner_text()
    assert qr_link == f"{live_server.url}/ks/{long_hung.pk}/"

    phone = browser.new_context(
        viewport=PHONE,
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
        locale="vi-VN",
    )
    page = phone.new_page()
    # A poster printed before 1 July 2025 for Tiến Đức: its QR leads to Long Hưng's form.
    page.goto(f"{live_server.url}/ks/{tien_duc.pk}/")
    assert page.url == f"{qr_link}?tu={tien_duc.pk}"
    header = page.locator("header").inner_text()
    assert "Đánh giá sự hài lòng" in header and "Xã Long Hưng, Tỉnh Hưng Yên" in header
    assert "trước đây: Xã Tiến Đức, Huyện Hưng Hà" in header
    assert page.get_by_test_id("handed-over").inner_text() == (
        "Từ 01/07/2025, Xã Tiến Đức, Huyện Hưng Hà thuộc Xã Long Hưng."
    )
    faces = page.locator(".faces")
    assert faces.count() == 6
    for index in range(faces.count()):
        faces.nth(index).get_by_text("Rất hài lòng").tap()
    page.locator("fieldset", has_text="Đây là lần thứ mấy").get_by_text("Lần đầu").tap()
    page.get_by_label("Ý kiến khác của Ông/Bà").fill("Cán bộ Tiến Đức hướng dẫn rất tận tình, chu đáo.")
    page.screenshot(path=ARTIFACTS / "survey-phone-form.png", full_page=True)
    page.get_by_role("button", name="Gửi đánh giá").tap()
    page.get_by_text("Cảm ơn Ông/Bà đã đánh giá!").wait_for()
    page.screenshot(path=ARTIFACTS / "survey-phone-thanks.png")
    phone.close()

    stored = SurveyResponse.objects.order_by("-id").first()
    assert stored.commune == long_hung and stored.overall_satisfied is True
    assert (
        stored.answers.get(question__kind="long_text").text
        == "Cán bộ Tiến Đức hướng dẫn rất tận tình, chu đáo."
    )

    desk_page.reload()
    assert desk_page.get_by_test_id("forms").inner_text() == "2"
    assert desk_page.get_by_test_id("overall").inner_text() == "50,0%"
    assert desk_page.get_by_test_id("factor-officer").inner_text() == "50,0%"
    desk_page.screenshot(path=ARTIFACTS / "survey-commune-index.png", full_page=True)
    staff.close()


def test_the_kiosk_takes_two_respondents_and_ignores_a_double_tap(browser, live_server, units, long_hung):
    services.template_default_ensure()
    desk = Desk.objects.create(
        commune=long_hung, name="Quầy 1", kiosk_interval_seconds=1, kiosk_reset_seconds=2
    )
    tablet = browser.new_context(base_url=live_server.url, viewport=TABLET, has_touch=True, locale="vi-VN")
    page = tablet.new_page()
    kiosk_url = f"/ks/{long_hung.pk}/kiosk/?d={desk.pk}"
    page.goto(kiosk_url)
    page.get_by_role("heading", name="Nhìn chung, Ông/Bà hài lòng thế nào về sự phục vụ của xã?").wait_for()
    page.screenshot(path=ARTIFACTS / "survey-kiosk.png")

    # First respondent: a happy double tap counts once.
    page.get_by_role("button", name="Rất hài lòng").dblclick()
    page.get_by_text("Cảm ơn Ông/Bà đã đánh giá!").wait_for()
    page.screenshot(path=ARTIFACTS / "survey-kiosk-thanks.png")
    # The thank-you screen goes back by itself (meta refresh, no JavaScript needed).
    page.wait_for_url(f"**{kiosk_url}", timeout=10_000)
    page.get_by_role("button", name="Không hài lòng", exact=True).wait_for()

    # Second respondent.
    page.get_by_role("button", name="Không hài lòng", exact=True).tap()
    page.get_by_text("Cảm ơn Ông/Bà đã đánh giá!").wait_for()
    page.wait_for_url(f"**{kiosk_url}", timeout=10_000)
    tablet.close()

    responses = SurveyResponse.objects.filter(commune=long_hung, channel="kiosk").order_by("id")
    values = [r.answers.get().value for r in responses]
    assert values == [5, 2]
    assert all(r.desk == desk for r in responses)
    assert responses[0].submitted_at.date() <= datetime.date.today() + datetime.timedelta(days=1)

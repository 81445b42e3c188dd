"""WCAG 2.1 AA by axe-core (tests/browser/axe.py) on every public page, on a phone, and on the
main staff pages, on a tablet: no violation at all."""

import datetime

from communes.models import User
from dialogues import services as dialogue_services
from dialogues.models import Category
from surveys import services
from surveys.dossiers.services import dossiers_push
from surveys.models import Desk, Dossier, PaperBatch
from tests.browser.axe import violations
from tests.browser.test_surveys import log_in

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}


def check(page, path: str, found: dict) -> None:
    page.goto(path)
    page.wait_for_load_state("load")
    found[path] = violations(page)


def report(found: dict) -> str:
    return "\n".join(f"{path}:\n  " + "\n  ".join(lines) for path, lines in found.items() if lines)


def test_every_public_page_passes_axe_on_a_phone(browser, live_server, units, long_hung):
    services.template_default_ensure()
    desk = Desk.objects.create(commune=long_hung, name="Quầy 1")
    Category.objects.create(name="Phản ánh về hạ tầng, môi trường", kind="report", time_limit_days=15)
    Category.objects.create(name="Khiếu nại", kind="complaint", time_limit_days=30)
    phone = browser.new_context(
        base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = phone.new_page()
    found: dict[str, list[str]] = {}
    for path in [
        "/",
        f"/ks/{long_hung.pk}/",
        f"/ks/{long_hung.pk}/cam-on/",
        "/ks/ma/",
        "/gop-y/",
        "/gop-y/?q=long hung",
        f"/gop-y/{long_hung.pk}/",
        "/tra-cuu/",
        "/accounts/login/",
        "/accounts/password_reset/",
    ]:
        check(page, path, found)
    # The form sent with a mistake shows its errors accessibly too.
    page.goto(f"/gop-y/{long_hung.pk}/")
    page.get_by_label("Khiếu nại").check()
    page.get_by_role("button", name="Gửi phản ánh").click()
    page.locator(".invalid-feedback").first.wait_for()
    found["/gop-y/ (errors)"] = violations(page)
    # Sent: the tracking code, then its status.
    page.get_by_label("Phản ánh về hạ tầng, môi trường").check()
    page.get_by_label("Nội dung").fill("Đèn đường ở ngõ 5 thôn Đông không sáng.")
    page.get_by_role("button", name="Gửi phản ánh").click()
    code = page.get_by_test_id("tracking-code").inner_text()
    found["/gop-y/da-gui/"] = violations(page)
    check(page, f"/tra-cuu/?code={code}", found)
    phone.close()

    tablet = browser.new_context(base_url=live_server.url, viewport=TABLET, has_touch=True, locale="vi-VN")
    page = tablet.new_page()
    check(page, f"/ks/{long_hung.pk}/kiosk/?d={desk.pk}", found)
    check(page, f"/ks/{long_hung.pk}/", found)
    tablet.close()
    assert not report(found), report(found)


def test_the_main_staff_pages_pass_axe(browser, live_server, units, user_factory, long_hung, hung_yen):
    template = services.template_default_ensure()
    officer = user_factory(username="xa.longhung", role=User.Role.COMMUNE_OFFICER, commune=long_hung)
    user_factory(username="tinh.hungyen", role=User.Role.PROVINCE_ADMIN, province=hung_yen)
    category = Category.objects.create(
        name="Phản ánh về hạ tầng, môi trường", kind="report", time_limit_days=15
    )
    item = dialogue_services.feedback_receive(
        commune=long_hung,
        by=officer,
        category=category,
        channel="desk",
        content="Đèn đường ở ngõ 5 thôn Đông không sáng.",
        received_on=datetime.date.today(),
    )
    batch = PaperBatch.objects.create(
        commune=long_hung, collected_on=datetime.date.today(), expected_forms=3, entered_by=officer
    )
    assert template.is_published
    context = browser.new_context(base_url=live_server.url, viewport=TABLET, locale="vi-VN")
    page = context.new_page()
    found: dict[str, list[str]] = {}
    log_in(page, "xa.longhung")
    for path in [
        "/",
        "/feedback/",
        f"/feedback/{item.pk}/",
        "/khao-sat/",
        "/khao-sat/phieu/",
        f"/khao-sat/phieu-giay/{batch.pk}/nhap/",
        "/activity/",
    ]:
        check(page, path, found)
    # The menu, opened (collapsed under 1200 px): its contrast too.
    page.goto("/")
    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("button", name="Khảo sát").click()
    page.get_by_role("link", name="Phiếu đã nhận").wait_for()
    found["/ (menu open)"] = violations(page)
    context.close()

    context = browser.new_context(base_url=live_server.url, viewport=TABLET, locale="vi-VN")
    page = context.new_page()
    log_in(page, "tinh.hungyen")
    for path in ["/", f"/khao-sat/xa/{long_hung.pk}/", "/feedback/overview/", "/programmes/"]:
        check(page, path, found)
    context.close()
    assert not report(found), report(found)


def test_the_dossier_pages_pass_axe(browser, live_server, units, long_hung, officer):
    """The form a receipt's QR code opens, before and after the dossier is rated, and the desk's
    dossier pages."""
    services.template_default_ensure()
    dossiers_push(
        items=[
            {
                "ma_ho_so": "000.00.31.H26-260303-0042",
                "ma_tthc": "1.001193",
                "ten_tthc": "Đăng ký khai sinh",
                "kenh": "Trực tiếp",
                "ngay_tiep_nhan": "03/03/2026 08:15",
                "ngay_hen_tra": "06/03/2026",
                "trang_thai": "Đang giải quyết",
                "can_bo": officer.username,
                "ma_xa": long_hung.code,
            }
        ],
        by=officer,
    )
    dossier = Dossier.objects.get()
    found: dict[str, list[str]] = {}
    phone = browser.new_context(
        base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = phone.new_page()
    check(page, f"/ks/hs/{dossier.code}/", found)
    faces = page.locator(".faces")
    send = page.get_by_role("button", name="Gửi đánh giá")
    for _step in range(12):  # one factor a step on a phone
        for index in range(faces.count()):
            if faces.nth(index).is_visible():
                faces.nth(index).get_by_text("Rất hài lòng").tap()
        if send.is_visible():
            break
        page.get_by_role("button", name="Tiếp theo").tap()
    send.tap()
    page.get_by_text("Cảm ơn Ông/Bà đã đánh giá!").wait_for()
    found["/ks/hs/ (thanks)"] = violations(page)
    check(page, f"/ks/hs/{dossier.code}/", found)
    phone.close()

    tablet = browser.new_context(base_url=live_server.url, viewport=TABLET, locale="vi-VN")
    page = tablet.new_page()
    log_in(page, officer.username)
    for path in ["/ho-so/", f"/ho-so/{dossier.pk}/", "/ho-so/chi-so/", "/ho-so/nhap/"]:
        check(page, path, found)
    tablet.close()
    assert not report(found), report(found)

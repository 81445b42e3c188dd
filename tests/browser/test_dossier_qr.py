"""A citizen scans the QR code printed on their dossier's receipt: the form opens on their phone
with the procedure, the commune and the officer of the dossier, and it can be answered once."""

from surveys import services
from surveys.dossiers.services import dossiers_push
from surveys.models import Dossier, SurveyResponse
from tests.browser.conftest import ARTIFACTS

PHONE = {"width": 390, "height": 844}


def test_a_citizen_scans_the_receipts_qr_and_rates_the_dossier_once(
    browser, live_server, units, long_hung, officer
):
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
                "ngay_tra_ket_qua": "05/03/2026 10:00",
                "trang_thai": "Đã trả kết quả",
                "can_bo": officer.username,
                "ma_xa": long_hung.code,
            }
        ],
        by=officer,
    )
    dossier = Dossier.objects.get()
    phone = browser.new_context(
        viewport=PHONE,
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
        locale="vi-VN",
    )
    page = phone.new_page()
    # The receipt's QR code holds this address.
    page.goto(f"{live_server.url}/ks/hs/{dossier.code}/")
    assert page.get_by_test_id("dossier-code").inner_text() == dossier.code
    note = page.locator(".note").first.inner_text()
    assert "Đăng ký khai sinh" in note and "Xã Long Hưng" in page.locator("header").inner_text()
    faces = page.locator(".faces")
    for index in range(faces.count()):
        faces.nth(index).get_by_text("Rất hài lòng").tap()
    page.screenshot(path=ARTIFACTS / "dossier-qr-form.png", full_page=True)
    page.get_by_role("button", name="Gửi đánh giá").tap()
    page.get_by_text("Cảm ơn Ông/Bà đã đánh giá!").wait_for()

    response = SurveyResponse.objects.get()
    assert (response.dossier, response.commune, response.service, response.officer) == (
        dossier,
        long_hung,
        dossier.service,
        officer,
    )
    assert response.overall_satisfied is True
    # Scanned again: the dossier has been rated.
    page.goto(f"{live_server.url}/ks/hs/{dossier.code}/")
    assert "Hồ sơ này đã được đánh giá" in page.locator("body").inner_text()
    page.screenshot(path=ARTIFACTS / "dossier-qr-rated.png")
    phone.close()
    assert SurveyResponse.objects.count() == 1

"""A desk officer finds a late dossier on the home page's to-do, makes its apology slip with the
new date and the signer, and the dossier leaves the to-do; the slip downloads as a PDF."""

import datetime

from django.utils import timezone

from surveys.dossiers.services import dossiers_push
from surveys.models import Dossier, DossierDelay
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_dialogues import log_in

CODE = "000.00.31.H26-261120-0007"


def test_an_officer_makes_the_slip_of_a_late_dossier_from_the_to_do(page, long_hung, officer):
    today = timezone.localdate()
    due = today - datetime.timedelta(days=2)
    dossiers_push(
        items=[
            {
                "ma_ho_so": CODE,
                "ma_tthc": "1.001193",
                "ten_tthc": "Đăng ký khai sinh",
                "kenh": "Trực tiếp",
                "ngay_tiep_nhan": f"{due - datetime.timedelta(days=5):%d/%m/%Y} 08:15",
                "ngay_hen_tra": f"{due:%d/%m/%Y}",
                "can_bo": officer.username,
                "ma_xa": long_hung.code,
            }
        ],
        by=officer,
    )
    log_in(page, officer.username)
    todo = page.get_by_test_id("dossier-todo")
    todo.get_by_role("link", name=CODE).click()
    page.wait_for_url(f"**/ho-so/{Dossier.objects.get().pk}/")
    new_date = today + datetime.timedelta(days=4)
    form = page.get_by_test_id("slip-form")
    form.get_by_label("Ngày hẹn trả kết quả mới").fill(new_date.isoformat())
    form.get_by_label("Lý do chậm trả kết quả").fill("Chờ xác minh <b>của</b> xã khác.")
    form.get_by_label("Người ký phiếu").fill("Nguyễn Văn An")
    form.get_by_label("Chức vụ người ký").fill("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")
    form.get_by_role("button", name="Lập phiếu xin lỗi").click()
    page.get_by_text("Đã lập phiếu xin lỗi số 01/PXL-HS.").wait_for()
    slips = page.get_by_test_id("dossier-slips").inner_text()
    # The officer's text is shown as typed, never as markup.
    assert f"sang {new_date:%d/%m/%Y}" in slips and "Chờ xác minh <b>của</b> xã khác." in slips
    assert "ký: Nguyễn Văn An" in slips
    page.screenshot(path=ARTIFACTS / "dossier-slip.png", full_page=True)
    pdf = page.request.get(page.get_by_role("link", name="Tải phiếu (PDF)").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF-")
    slip = DossierDelay.objects.get()
    assert (slip.new_due_on, slip.signer_name) == (new_date, "Nguyễn Văn An")
    page.goto("/")
    assert page.get_by_test_id("dossier-todo").count() == 0

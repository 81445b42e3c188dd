"""Live on the two-level government: an officer of a 2025 commune logs today's work, and the
province sees it in a review whose period also holds the 2019 baseline recorded on the
commune's legacy predecessor, one 2025 commune with its predecessors nested under it."""

import datetime
import subprocess

from django.utils import timezone
from playwright.sync_api import expect

from communes.models import ActivityRecord, Enrolment, User
from reports.models import Review, ReviewBuild
from tests.browser.conftest import ARTIFACTS
from tests.factories import PASSWORD


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def test_the_province_sees_a_2025_communes_work_beside_its_predecessors_2019_baseline(
    browser,
    live_server,
    units,
    user_factory,
    programme_factory,
    thai_binh_legacy,
    hung_yen,
    tien_duc,
    long_hung,
    tmp_path,
):
    # History: Thái Bình's programme since 2019, Tiến Đức a pilot, its 2019 letters as a total.
    programme = programme_factory(
        name="Chính quyền thân thiện vì Nhân dân phục vụ",
        owner_unit=thai_binh_legacy,
        phase_start=datetime.date(2019, 1, 1),
        phase_end=datetime.date(2030, 12, 31),
    )
    Enrolment.objects.create(
        programme=programme,
        commune=tien_duc,
        level=Enrolment.Level.PROVINCE_PILOT,
        selected_on=datetime.date(2019, 5, 15),
        status=Enrolment.Status.LAUNCHED,
    )
    ActivityRecord.objects.create(
        commune=tien_duc,
        kind=ActivityRecord.Kind.THANKS,
        period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2019, 12, 31),
        count=120,
        source=ActivityRecord.Source.TALLY,
    )
    user_factory(username="xa.longhung", role=User.Role.COMMUNE_OFFICER, commune=long_hung)
    user_factory(username="tinh.hungyen.qt", role=User.Role.PROVINCE_ADMIN, province=hung_yen)
    today = timezone.localdate()

    # Today's work, on a tablet at Long Hưng's desk.
    tablet = browser.new_context(
        base_url=live_server.url, viewport={"width": 820, "height": 1180}, has_touch=True
    )
    page = tablet.new_page()
    page.set_default_timeout(15_000)
    log_in(page, "xa.longhung")
    page.get_by_role("link", name="Ghi thư, nghi thức").first.click()
    page.get_by_text("Thư cảm ơn", exact=True).click()
    page.get_by_label("Người nhận").fill("Bà Trần Thị Lan, thôn Tân Lễ")
    page.get_by_role("button", name="Ghi lại").click()
    page.get_by_text("Đã ghi: Thư cảm ơn.").wait_for()
    tablet.close()
    assert ActivityRecord.objects.get(source=ActivityRecord.Source.ENTRY).commune == long_hung

    # The province reviews Long Hưng from 2019 to today.
    desktop = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    page = desktop.new_page()
    page.set_default_timeout(60_000)
    log_in(page, "tinh.hungyen.qt")
    page.goto("/reviews/new/")
    form = page.locator("main form")
    form.locator("[name=programme]").select_option(str(programme.pk))
    form.locator("[name=scope_unit]").select_option(str(long_hung.pk))
    form.locator("[name=kind]").select_option(Review.Kind.INTERIM)
    form.locator("[name=period]").select_option(Review.Period.OTHER)
    form.locator("[name=period_start]").fill("2019-01-01")
    form.locator("[name=period_end]").fill(today.isoformat())
    form.locator("[name=title]").fill("Sơ kết mô hình tại xã Long Hưng từ năm 2019")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("heading", name="Sơ kết mô hình tại xã Long Hưng từ năm 2019").wait_for()
    review = Review.objects.get()
    assert review.issuer == "UBND XÃ LONG HƯNG"

    page.get_by_role("button", name="Lập báo cáo PDF").click()
    download_link = page.get_by_role("link", name="Tải báo cáo PDF")
    download_link.wait_for(timeout=120_000)
    page.screenshot(path=ARTIFACTS / "reform-review.png", full_page=True)
    with page.expect_download() as info:
        download_link.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert ReviewBuild.objects.get(review=review).status == ReviewBuild.Status.DONE
    lines = [" ".join(line.split()) for line in text.splitlines()]
    # One table: Long Hưng's 121 letters, today's one and Tiến Đức's 2019 baseline nested under it.
    assert any(line.startswith("Thư cảm ơn 121") for line in lines)
    assert any(line.startswith("– Xã Long Hưng") and " 121 " in line for line in lines)
    assert any("Từ 01/07/2025" in line and " 1 " in f"{line} " for line in lines)
    assert any("Xã Tiến Đức" in line and " 120 " in f"{line} " for line in lines)

    # The dashboard's drill-down says the same, with the predecessors named.
    page.goto(
        f"/dashboard/communes/{long_hung.pk}/?programme={programme.pk}&start=2019-01-01&end={today.isoformat()}"
    )
    expect(page.get_by_test_id("letters")).to_have_text("121")
    expect(page.get_by_test_id("predecessors")).to_contain_text("Xã Tiến Đức")
    page.screenshot(path=ARTIFACTS / "reform-drill-down.png", full_page=True)
    desktop.close()

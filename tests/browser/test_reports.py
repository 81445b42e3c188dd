"""Province staff request a review's PDF, watch it being built by a real Celery worker, and
download it."""

import subprocess

import pytest
from playwright.sync_api import expect

from reports.models import ReviewBuild
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_dialogues import log_in

pytestmark = [pytest.mark.redis]


def test_staff_request_a_review_watch_its_progress_and_download_the_pdf(
    browser, live_server, celery_workers, province_admin, review, ls_data, tmp_path
):
    celery_workers.start(queues="reports")
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, province_admin.username)

    page.goto("/reviews/")
    page.get_by_role("link", name="Báo cáo tổng kết Đề án 01").click()
    expect(page.get_by_text("Chưa lập tệp PDF cho báo cáo này.")).to_be_visible()
    page.get_by_role("button", name="Lập báo cáo PDF").click()

    # While the worker builds, the page shows the build's progress and updates it by itself.
    progress = page.get_by_role("progressbar")
    progress.wait_for()
    page.get_by_text("Đã gửi yêu cầu lập báo cáo.").wait_for()
    page.screenshot(path=ARTIFACTS / "reports-progress.png", full_page=True)

    download_link = page.get_by_role("link", name="Tải báo cáo PDF")
    download_link.wait_for(timeout=120_000)
    assert not page.get_by_role("progressbar").count()
    page.screenshot(path=ARTIFACTS / "reports-done.png", full_page=True)
    with page.expect_download() as info:
        download_link.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name.startswith("tong-ket-20241231-")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "BÁO CÁO" in text and "61.000" in text
    build = ReviewBuild.objects.get(review=review)
    assert build.status == ReviewBuild.Status.DONE and build.attempts == 1
    context.close()

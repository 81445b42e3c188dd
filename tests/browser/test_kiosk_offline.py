"""The kiosk when the commune's line drops: taps queue in the tablet, the page survives a reload
without network, and the queue is sent when the network returns: each tap stored once, with the
time it was tapped."""

import datetime

from django.utils import timezone

from surveys import services
from surveys.models import Desk, SurveyResponse
from tests.browser.conftest import ARTIFACTS

TABLET = {"width": 1024, "height": 768}


def test_an_offline_kiosk_keeps_three_taps_through_a_reload_and_sends_them_once_with_their_times(
    browser, live_server, units, long_hung
):
    services.template_default_ensure()
    desk = Desk.objects.create(
        commune=long_hung, name="Quầy 1", kiosk_interval_seconds=1, kiosk_reset_seconds=1
    )
    tablet = browser.new_context(base_url=live_server.url, viewport=TABLET, has_touch=True, locale="vi-VN")
    page = tablet.new_page()
    kiosk_url = f"/ks/{long_hung.pk}/kiosk/?d={desk.pk}"
    page.goto(kiosk_url)
    # The service worker is active and the page and its files are in the cache.
    page.locator("#kiosk-form[data-offline-ready='1']").wait_for(state="attached")
    assert page.evaluate("navigator.serviceWorker.controller !== null")

    tablet.set_offline(True)
    tapped = []
    for label in ["Rất hài lòng", "Không hài lòng", "Bình thường"]:
        before = timezone.now()
        page.get_by_role("button", name=label, exact=True).tap()
        page.get_by_text("Cảm ơn Ông/Bà đã đánh giá!").wait_for()
        tapped.append((before, timezone.now()))
        page.get_by_role("button", name="Rất hài lòng").wait_for()
        page.wait_for_timeout(300)
    queue = page.get_by_test_id("kiosk-queue")
    assert queue.inner_text() == "Đang chờ gửi: 3 phiếu (sẽ tự gửi khi có mạng)"
    page.screenshot(path=ARTIFACTS / "kiosk-offline-queue.png")
    assert not SurveyResponse.objects.exists()

    # The tablet is restarted while the line is still down: the service worker serves the page.
    page.reload()
    page.get_by_role("button", name="Rất hài lòng").wait_for()
    assert queue.inner_text() == "Đang chờ gửi: 3 phiếu (sẽ tự gửi khi có mạng)"
    page.wait_for_timeout(1500)
    assert not SurveyResponse.objects.exists()

    back_online = timezone.now()
    tablet.set_offline(False)
    queue.wait_for(state="hidden", timeout=15_000)
    tablet.close()

    responses = list(SurveyResponse.objects.filter(commune=long_hung).order_by("submitted_at"))
    assert [r.answers.get().value for r in responses] == [5, 2, 3]
    assert all(r.channel == "kiosk" and r.desk == desk for r in responses)
    for response, (before, after) in zip(responses, tapped, strict=True):
        assert before - datetime.timedelta(seconds=1) <= response.submitted_at <= after
        assert response.submitted_at < back_online


def test_the_kiosk_works_by_keyboard_alone(browser, live_server, units, long_hung):
    services.template_default_ensure()
    desk = Desk.objects.create(commune=long_hung, name="Quầy 1", kiosk_reset_seconds=1)
    tablet = browser.new_context(base_url=live_server.url, viewport=TABLET, locale="vi-VN")
    page = tablet.new_page()
    page.goto(f"/ks/{long_hung.pk}/kiosk/?d={desk.pk}")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.value") == "4":
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "Hài lòng"
    page.keyboard.press("Enter")
    page.get_by_text("Cảm ơn Ông/Bà đã đánh giá!").wait_for()
    for _ in range(50):
        if SurveyResponse.objects.exists():
            break
        page.wait_for_timeout(200)
    # Back to the faces, the focus on the first one, for the next citizen.
    page.get_by_role("button", name="Rất hài lòng").wait_for()
    tablet.close()
    response = SurveyResponse.objects.get()
    assert response.answers.get().value == 4 and response.desk == desk

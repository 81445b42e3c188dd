"""The citizen's pages on a 390 px phone and a 1024 px tablet: the kiosk, the SIPAS form and the
feedback form fit the width (nothing to scroll sideways) and leave their screenshots in
test-artifacts/ to be looked at."""

import pytest

from dialogues.models import Category
from surveys import services
from surveys.models import Desk
from tests.browser.conftest import ARTIFACTS

SIZES = {"390": {"width": 390, "height": 844}, "1024": {"width": 1024, "height": 768}}


@pytest.mark.parametrize("size", ["390", "1024"])
def test_the_citizen_pages_fit_a_phone_and_a_tablet(browser, live_server, units, long_hung, size):
    services.template_default_ensure()
    desk = Desk.objects.create(commune=long_hung, name="Quầy 1")
    Category.objects.create(name="Phản ánh về hạ tầng, môi trường", kind="report", time_limit_days=15)
    Category.objects.create(name="Khiếu nại", kind="complaint", time_limit_days=30)
    context = browser.new_context(
        base_url=live_server.url,
        viewport=SIZES[size],
        is_mobile=size == "390",
        has_touch=True,
        locale="vi-VN",
    )
    page = context.new_page()
    for name, path in [
        ("kiosk", f"/ks/{long_hung.pk}/kiosk/?d={desk.pk}"),
        ("sipas", f"/ks/{long_hung.pk}/"),
        ("feedback", f"/gop-y/{long_hung.pk}/"),
    ]:
        page.goto(path)
        page.wait_for_load_state("load")
        page.screenshot(path=ARTIFACTS / f"{name}-{size}.png", full_page=name != "sipas" or size == "390")
        # Against the device's width: a phone zooms out to fit a page that is too wide.
        overflow = page.evaluate("document.documentElement.scrollWidth") - SIZES[size]["width"]
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {size}px"
    # English: the same pages, with the English texts.
    page.goto(f"/ks/{long_hung.pk}/")
    page.get_by_role("button", name="English").click()
    page.get_by_text("Overall, how satisfied are you with the commune's service?").wait_for(state="attached")
    page.screenshot(path=ARTIFACTS / f"sipas-en-{size}.png")
    context.close()

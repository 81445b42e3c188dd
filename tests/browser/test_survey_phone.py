"""The satisfaction form on a phone: in steps, one SIPAS factor at a time with its progress; the
answers survive a failed send and a retry stores one response; the thank-you page offers what
to do next. Filled with the keyboard alone."""

from surveys import services
from surveys.models import SurveyResponse
from tests.browser.conftest import ARTIFACTS

PHONE = {"width": 390, "height": 844}


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.locator(selector).evaluate_all("(els) => els.includes(document.activeElement)"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_citizen_answers_in_steps_by_keyboard_keeps_the_answers_through_a_failed_send_and_sends_once(
    browser, live_server, units, long_hung
):
    template = services.template_default_ensure()
    questions = list(template.questions.order_by("order"))
    phone = browser.new_context(
        base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = phone.new_page()
    page.goto(f"/ks/{long_hung.pk}/")
    progress = page.locator(".progress p")
    assert progress.inner_text() == "Bước 1/7"
    assert page.locator("section.step:visible").count() == 1
    page.screenshot(path=ARTIFACTS / "survey-phone-step-1.png", full_page=True)

    # "Tiếp theo" with the step's required question empty stops on it.
    tab_to(page, "button:text('Tiếp theo')")
    page.keyboard.press("Enter")
    assert page.locator("section.step:visible .client-err").inner_text() == "Vui lòng trả lời câu hỏi này."
    assert progress.inner_text() == "Bước 1/7"

    for step in range(1, 8):
        for question in [
            q
            for q in questions
            if q.kind == "scale" and page.locator(f"section.step:visible [name=q{q.pk}]").count()
        ]:
            # Into the faces, then the arrow keys: from "Rất không hài lòng" back round to "Rất hài lòng".
            tab_to(page, f"[name=q{question.pk}]")
            page.keyboard.press("ArrowLeft")
            assert page.locator(f"[name=q{question.pk}][value='5']").is_checked()
        if step < 7:
            tab_to(page, "button:text('Tiếp theo')")
            page.keyboard.press("Enter")
            assert progress.inner_text() == f"Bước {step + 1}/7"
    page.screenshot(path=ARTIFACTS / "survey-phone-last-step.png", full_page=True)
    comment = page.locator(f"[name=q{questions[-1].pk}]")
    tab_to(page, "textarea")
    page.keyboard.type("Cán bộ hướng dẫn tận tình.")

    # A reload (the phone put the tab to sleep) keeps the answers: this tab's storage.
    page.reload()
    assert comment.input_value() == "Cán bộ hướng dẫn tận tình."
    assert page.locator(f"[name=q{questions[1].pk}][value='5']").is_checked()
    for _step in range(6):
        tab_to(page, "button:text('Tiếp theo')")
        page.keyboard.press("Enter")

    # The line drops as the citizen sends: nothing is lost, a retry is offered.
    phone.set_offline(True)
    tab_to(page, "button:text('Gửi đánh giá')")
    page.keyboard.press("Enter")
    page.get_by_role("alert").filter(has_text="Chưa gửi được").wait_for()
    assert page.evaluate("document.activeElement.textContent") == "Gửi lại"
    assert comment.input_value() == "Cán bộ hướng dẫn tận tình."
    page.screenshot(path=ARTIFACTS / "survey-phone-send-failed.png", full_page=True)
    assert not SurveyResponse.objects.exists()

    phone.set_offline(False)
    page.keyboard.press("Enter")
    page.get_by_text("Cảm ơn Ông/Bà đã đánh giá!").wait_for()
    next_steps = page.get_by_test_id("next-steps")
    assert "Gửi phản ánh, kiến nghị đến xã" in next_steps.inner_text()
    assert "Theo dõi phản ánh đã gửi" in next_steps.inner_text()
    page.screenshot(path=ARTIFACTS / "survey-phone-thanks-next.png", full_page=True)
    phone.close()

    stored = SurveyResponse.objects.get()
    assert stored.commune == long_hung and stored.overall_satisfied is True
    assert stored.answers.get(question=questions[-1]).text == "Cán bộ hướng dẫn tận tình."

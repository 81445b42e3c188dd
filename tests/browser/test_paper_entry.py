"""A desk officer types in a batch of paper SIPAS forms with the keyboard alone: a compact grid,
the digits printed on the paper, Enter or the next digit moving on, the procedure asked once;
a whole form in at most 20 keystrokes."""

import datetime

from communes.models import User
from surveys import services
from surveys.models import PaperBatch, Service, SurveyResponse
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_surveys import log_in

TABLET = {"width": 1024, "height": 768}


def keys_for_one_form(template, *, score: str, improve: str = "") -> list[str]:
    """What the officer types for one SIPAS paper form, in the paper's order."""
    keys = []
    for question in template.questions.order_by("order"):
        if question.kind == "yes_no":
            keys.append("1")  # Có
        elif question.kind == "scale":
            keys.append(score)
        elif question.kind == "multiple":
            keys += [*improve, "Enter"] if question.factor == "officer" else ["Enter"]
        elif question.kind == "single":
            keys.append("1")  # Lần đầu
        else:
            keys.append("Enter")  # no comment written on the paper
    return keys


def test_an_officer_enters_two_sipas_paper_forms_by_keyboard_in_at_most_20_keystrokes_each(
    browser, live_server, units, user_factory, long_hung
):
    template = services.template_default_ensure()
    user_factory(username="xa.longhung", role=User.Role.COMMUNE_OFFICER, commune=long_hung)
    service = Service.objects.create(name="Chứng thực bản sao từ bản chính", field="Chứng thực")
    batch = PaperBatch.objects.create(
        commune=long_hung, collected_on=datetime.date.today(), expected_forms=2, entered_by=User.objects.get()
    )
    context = browser.new_context(base_url=live_server.url, viewport=TABLET, locale="vi-VN")
    page = context.new_page()
    log_in(page, "xa.longhung")
    page.goto(f"/khao-sat/phieu-giay/{batch.pk}/nhap/")
    page.get_by_role("heading", name="Phiếu 1/2").wait_for()
    page.screenshot(path=ARTIFACTS / "paper-entry-grid-1024.png", full_page=True)

    # The procedure, once for the batch: back from the first cell to the list, choose, return.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.name") == "service"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    first = keys_for_one_form(template, score="5", improve="2")
    assert len(first) <= 20
    for key in first:
        page.keyboard.press(key)
    page.get_by_role("heading", name="Phiếu 2/2").wait_for()
    assert page.get_by_label("Thủ tục (nếu phiếu ghi)").input_value() == str(service.pk)

    second = keys_for_one_form(template, score="2")
    assert len(second) <= 20
    for key in second:
        page.keyboard.press(key)
    page.wait_for_url(f"**/khao-sat/phieu-giay/{batch.pk}/")
    context.close()

    forms = list(SurveyResponse.objects.filter(batch=batch).order_by("id"))
    assert len(forms) == 2 and all(f.service == service and f.channel == "paper" for f in forms)
    assert [f.overall_satisfied for f in forms] == [True, False]
    officer_expectation = template.questions.get(factor="officer", kind="multiple")
    assert forms[0].answers.get(question=officer_expectation).values == [1]
    assert forms[1].answers.filter(question=officer_expectation).count() == 0
    assert forms[0].answers.get(question__factor="access", question__kind="yes_no").value == 1

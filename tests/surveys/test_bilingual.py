"""Content in two languages: the survey's questions and choices, the kiosk question, feedback
categories and codes of conduct have an English text, edited beside the Vietnamese and shown on
an English page, falling back to the Vietnamese where none is given; the language switch is on
every public page."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from communes.models import CodeItem, CodeOfConduct
from dialogues.models import Category
from surveys import sipas_english

OVERALL_VI = "Nhìn chung, Ông/Bà hài lòng thế nào về sự phục vụ của xã?"
OVERALL_EN = "Overall, how satisfied are you with the commune's service?"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_sipas_form_is_in_english_on_an_english_page(english, long_hung, sipas):
    html = english.get(reverse("surveys:form", args=[long_hung.pk])).content.decode().replace("&#x27;", "'")
    assert '<html lang="en">' in html
    assert OVERALL_EN in html and OVERALL_VI not in html
    assert "What would you like to see improved?" in html and "More seats in the waiting area" in html
    assert "The first time" in html and "Lần đầu" not in html
    assert "Please do not write your name, telephone number or address." in html


def test_the_sipas_form_stays_vietnamese_on_a_vietnamese_page(client, long_hung, sipas):
    html = client.get(reverse("surveys:form", args=[long_hung.pk])).content.decode().replace("&#x27;", "'")
    assert '<html lang="vi">' in html and OVERALL_VI in html and OVERALL_EN not in html
    assert "Thêm chỗ ngồi chờ" in html


def test_the_kiosk_question_is_in_english(english, long_hung, sipas):
    html = english.get(reverse("surveys:kiosk", args=[long_hung.pk])).content.decode().replace("&#x27;", "'")
    assert f'<h1 id="q{sipas.questions.get(in_kiosk=True).pk}">{OVERALL_EN}</h1>' in html.replace(
        "&#x27;", "'"
    )


def test_a_question_without_english_falls_back_to_vietnamese_choice_by_choice(english, long_hung, sipas):
    question = sipas.questions.get(kind="single")
    question.text_en = ""
    question.options_en = ["", "The second time"]
    question.save()
    html = english.get(reverse("surveys:form", args=[long_hung.pk])).content.decode().replace("&#x27;", "'")
    assert "Đây là lần thứ mấy Ông/Bà đến để giải quyết hồ sơ này?" in html
    assert "Lần đầu" in html and "The second time" in html and "Từ ba lần trở lên" in html


def test_the_stored_sipas_questions_get_their_english_texts(sipas):
    question = sipas.questions.get(text=OVERALL_VI)
    question.text_en = ""
    sipas_english.fill(question)
    assert question.text_en == OVERALL_EN
    # An English text typed by staff is kept.
    question.text_en = "How satisfied are you overall?"
    sipas_english.fill(question)
    assert question.text_en == "How satisfied are you overall?"


def test_feedback_categories_show_their_english_name_or_the_vietnamese(english, long_hung):
    Category.objects.create(
        name="Phản ánh về hạ tầng", name_en="Roads, lights and drains", kind="report", time_limit_days=10
    )
    Category.objects.create(name="Kiến nghị khác", kind="recommendation", time_limit_days=10)
    html = (
        english.get(reverse("dialogues:public_submit", args=[long_hung.pk]))
        .content.decode()
        .replace("&#x27;", "'")
    )
    assert "Roads, lights and drains" in html and "Phản ánh về hạ tầng" not in html
    assert "Kiến nghị khác" in html


def test_a_category_is_edited_with_its_english_name(client, superuser):
    category = Category.objects.create(name="Phản ánh về hạ tầng", kind="report", time_limit_days=10)
    client.force_login(superuser)
    url = reverse("dialogues:category_edit", args=[category.pk])
    assert 'name="name_en"' in client.get(url).content.decode().replace("&#x27;", "'")
    response = client.post(
        url,
        {
            "name": "Phản ánh về hạ tầng",
            "name_en": "Infrastructure",
            "kind": "report",
            "time_limit_days": 10,
            "active": "on",
        },
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.name_en == "Infrastructure"


def test_codes_of_conduct_have_english_texts_with_fallback(db):
    code = CodeOfConduct.objects.create(name="5 biết", name_en="The 5 knows", description="Năm điều")
    item = CodeItem.objects.create(code=code, text="Biết lắng nghe", text_en="Know how to listen")
    other = CodeItem.objects.create(code=code, text="Biết xin lỗi")
    with translation.override("en"):
        assert (code.shown_name, code.shown_description) == ("The 5 knows", "Năm điều")
        assert (item.shown_text, other.shown_text) == ("Know how to listen", "Biết xin lỗi")
    assert (code.shown_name, item.shown_text) == ("5 biết", "Biết lắng nghe")


def test_the_language_switch_is_on_every_public_page(client, long_hung, sipas):
    for url in [
        reverse("surveys:form", args=[long_hung.pk]),
        reverse("surveys:thanks", args=[long_hung.pk]),
        reverse("surveys:code_lookup"),
        reverse("dialogues:public_start"),
        reverse("dialogues:public_submit", args=[long_hung.pk]),
        reverse("dialogues:public_status"),
        reverse("login"),
    ]:
        html = client.get(url).content.decode().replace("&#x27;", "'")
        assert 'data-testid="language-switch"' in html, url
        assert 'name="language" value="en" lang="en"' in html, url
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("surveys:form", args=[long_hung.pk])}
    )
    assert response.status_code == 302
    html = client.get(reverse("surveys:form", args=[long_hung.pk])).content.decode().replace("&#x27;", "'")
    assert OVERALL_EN in html and 'name="language" value="vi" lang="vi"' in html


def test_a_draft_question_is_edited_with_its_english_texts(client, superuser, sipas):
    from surveys import services

    draft = services.template_new_version(template=sipas, by=superuser)
    question = draft.questions.get(kind="single")
    client.force_login(superuser)
    url = reverse("surveys:question_update", args=[question.pk])
    page = client.get(url).content.decode()
    assert 'name="text_en"' in page and 'name="options_en_text"' in page
    assert "The first time\nThe second time" in page
    response = client.post(
        url,
        {
            "text": question.text,
            "text_en": "How many visits for this application?",
            "help_text": "",
            "help_text_en": "",
            "kind": "single",
            "options_text": "Lần đầu\nLần thứ hai\nTừ ba lần trở lên",
            "options_en_text": "First visit\n\nThird or later\nExtra line",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text_en == "How many visits for this application?"
    assert question.options_en == ["First visit", "", "Third or later"]
    with translation.override("en"):
        assert question.shown_options == ["First visit", "Lần thứ hai", "Third or later"]


def test_a_code_of_conduct_is_edited_with_its_english_texts_and_shown_in_english(client, superuser):
    from communes.services import conduct as commune_services

    code = commune_services.code_create(by=superuser, name="5 biết", items=["Biết nghe", "Biết nói"])
    client.force_login(superuser)
    url = reverse("communes:code_edit", args=[code.pk])
    assert 'name="items_en"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "5 biết",
            "name_en": "The five knows",
            "description": "",
            "description_en": "",
            "items": "Biết nghe\nBiết nói",
            "items_en": "Know how to listen\n",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    code.refresh_from_db()
    assert code.name_en == "The five knows"
    assert [i.text_en for i in code.items.order_by("order")] == ["Know how to listen", ""]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("communes:code_detail", args=[code.pk])).content.decode()
    assert "The five knows" in html and "Know how to listen" in html and "Biết nói" in html

"""The citizen's feedback form, as the laws and a phone want it: the kinds as a plain choice (no
"---------"), a number pad for the telephone, the sender's name and address required for a khiếu
nại (Luật Khiếu nại 2011, Điều 8) and a tố cáo (Luật Tố cáo 2018, Điều 23) and the form saying what
happens to an anonymous one; the tracking code on one line with a copy button, by e-mail too on
request; one form of address and the portal's own name on every citizen page."""

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from dialogues.models import Category, FeedbackItem


@pytest.fixture
def complaint(category_factory) -> Category:
    return category_factory(
        name="Khiếu nại quyết định hành chính", kind=Category.Kind.COMPLAINT, time_limit_days=30
    )


@pytest.fixture
def denunciation(category_factory) -> Category:
    return category_factory(
        name="Tố cáo hành vi vi phạm", kind=Category.Kind.DENUNCIATION, time_limit_days=30
    )


def submit_url(commune) -> str:
    return reverse("dialogues:public_submit", args=[commune.pk])


def data(category, **extra):
    return {
        "category": category.pk,
        "content": "Cán bộ địa chính thu tiền đo đạc không có biên lai.",
        "website": "",
        **extra,
    }


def test_the_form_offers_the_kinds_as_radio_buttons_a_number_pad_and_what_the_laws_require(
    client, long_hung, category, complaint
):
    html = client.get(submit_url(long_hung)).content.decode()
    assert "---------" not in html
    assert html.count('type="radio" class="form-check-input"  name="category"') == 2
    assert f'data-kind="{Category.Kind.COMPLAINT}"' in html
    assert 'type="tel"' in html and 'inputmode="tel"' in html and 'autocomplete="tel"' in html
    assert "Khiếu nại, tố cáo phải ghi rõ họ tên và địa chỉ người gửi." in html
    assert "Luật Khiếu nại năm 2011 (Điều 8)" in html and "Luật Tố cáo năm 2018 (Điều 23)" in html
    assert "Tố cáo không rõ họ tên, địa chỉ người gửi không được giải quyết" in html
    assert "Ông/Bà muốn gửi" in html and "bạn" not in html.lower().replace("bạn đọc", "")


@pytest.mark.parametrize(
    ("kind", "law"), [("complaint", "Luật Khiếu nại 2011"), ("denunciation", "Luật Tố cáo 2018")]
)
def test_an_anonymous_complaint_or_denunciation_is_refused_and_nothing_stored(
    client, long_hung, complaint, denunciation, kind, law
):
    category = complaint if kind == "complaint" else denunciation
    response = client.post(submit_url(long_hung), data(category, citizen_phone="0912345678"))
    assert response.status_code == 400
    html = response.content.decode()
    assert f"phải ghi rõ họ tên người gửi theo {law}" in html
    assert f"phải ghi rõ địa chỉ người gửi theo {law}" in html
    assert not FeedbackItem.objects.exists()


def test_a_named_complaint_is_stored_with_the_address(client, long_hung, complaint):
    response = client.post(
        submit_url(long_hung),
        data(complaint, citizen_name="Nguyễn Văn Hải", citizen_address="Thôn Đông, xã Long Hưng"),
    )
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.citizen_name == "Nguyễn Văn Hải" and item.citizen_address == "Thôn Đông, xã Long Hưng"


def test_a_report_may_stay_anonymous(client, long_hung, category):
    response = client.post(submit_url(long_hung), data(category))
    assert response.status_code == 302
    assert FeedbackItem.objects.get().citizen_name == ""


def test_the_api_refuses_an_anonymous_denunciation(long_hung, denunciation):
    api = APIClient(enforce_csrf_checks=True)
    response = api.post(
        reverse("public-feedback-submit"),
        {"commune": long_hung.pk, "category": denunciation.pk, "content": "Nội dung tố cáo."},
        format="json",
    )
    assert response.status_code == 400
    assert "citizen_name" in response.json() and "citizen_address" in response.json()
    assert not FeedbackItem.objects.exists()


def test_the_code_is_shown_on_one_line_with_a_copy_button_and_sent_by_email_on_request(
    client, settings, long_hung, category, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://congdichvu.example.vn"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            submit_url(long_hung), data(category, citizen_email="lan@example.vn"), follow=True
        )
    item = FeedbackItem.objects.get()
    html = response.content.decode()
    assert (
        'class="fs-3 tracking-code" data-testid="tracking-code" aria-labelledby="code-label">'
        f"{item.tracking_code}<" in html
    )
    assert f'data-copy="{item.tracking_code}"' in html and "Sao chép mã" in html
    assert '<script src="/static/js/copy.js" defer>' in html
    assert "Mã cũng được gửi tới thư điện tử Ông/Bà đã ghi." in html
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan@example.vn"] and item.tracking_code in message.subject
    assert item.tracking_code in message.body and "Kính gửi Ông/Bà" in message.body
    assert f"https://congdichvu.example.vn/tra-cuu/?code={item.tracking_code}" in message.body


def test_no_email_no_receipt(client, long_hung, category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(submit_url(long_hung), data(category))
    assert mail.outbox == []


def test_a_form_sent_twice_sends_one_receipt(client, long_hung, category, django_capture_on_commit_callbacks):
    page = client.get(submit_url(long_hung)).content.decode()
    key = page.split('name="submission_key" value="')[1].split('"')[0]
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            client.post(
                submit_url(long_hung), data(category, citizen_email="lan@example.vn", submission_key=key)
            )
    assert FeedbackItem.objects.count() == 1 and len(mail.outbox) == 1


def test_citizen_pages_say_chinh_quyen_than_thien_and_have_no_api_link(client, long_hung, category, officer):
    for url in [
        reverse("dialogues:public_start"),
        submit_url(long_hung),
        reverse("dialogues:public_status"),
        reverse("surveys:form", args=[long_hung.pk]),
        reverse("login"),
    ]:
        html = client.get(url).content.decode()
        title = html.split("<title>")[1].split("</title>")[0]
        assert "Chính quyền thân thiện" in title and "friendly_gov" not in title
        assert f'href="{reverse("api-docs")}"' not in html
    client.force_login(officer)
    assert f'href="{reverse("api-docs")}"' in client.get("/").content.decode()


def test_a_broker_that_does_not_answer_costs_the_receipt_not_the_answer(
    client, long_hung, category, django_capture_on_commit_callbacks
):
    from tests.conftest import free_port, sending_to

    with sending_to(f"redis://127.0.0.1:{free_port()}/0"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(long_hung), data(category, citizen_email="lan@example.vn"))
    assert response.status_code == 302
    assert FeedbackItem.objects.count() == 1 and mail.outbox == []

"""Citizens without an account: the form (rate limit, honeypot), the tracking code, the status
page that shows only the status, dates and public answer, and the one follow-up question."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dialogues import services
from dialogues.models import FeedbackItem


def today() -> datetime.date:
    """The local date when the test runs (a module constant would go stale across midnight)."""
    return timezone.localdate()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def form_data(category, **extra):
    return {
        "category": category.pk,
        "content": "Bãi rác tự phát cạnh trường mầm non thôn Đông gây ô nhiễm.",
        "citizen_name": "Nguyễn Thị Lan",
        "citizen_phone": "0987654321",
        "website": "",
        **extra,
    }


def test_a_citizen_submits_without_an_account_and_gets_a_code(client, long_hung, category):
    url = reverse("dialogues:public_submit", args=[long_hung.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Xã Long Hưng" in page.content.decode()
    response = client.post(
        url, form_data(category, attachments=SimpleUploadedFile("a.png", PNG, content_type="image/png"))
    )
    item = FeedbackItem.objects.get()
    assert response.status_code == 302  # POST/redirect/GET: the code is on the page it leads to
    assert item.tracking_code in client.get(response["Location"]).content.decode()
    assert item.channel == FeedbackItem.Channel.ONLINE and item.created_by is None
    assert item.attachments.count() == 1
    assert item.transitions.get().by is None


def test_the_honeypot_rejects_a_bot_and_writes_nothing(client, long_hung, category):
    response = client.post(
        reverse("dialogues:public_submit", args=[long_hung.pk]), form_data(category, website="http://spam")
    )
    assert response.status_code == 400
    assert "Không gửi được biểu mẫu." in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_a_short_content_gives_a_vietnamese_error(client, long_hung, category):
    response = client.post(
        reverse("dialogues:public_submit", args=[long_hung.pk]), form_data(category, content="rác")
    )
    assert "quá ngắn" in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_the_form_is_rate_limited_per_client(client, long_hung, category):
    url = reverse("dialogues:public_submit", args=[long_hung.pk])
    for _ in range(5):
        assert client.post(url, form_data(category)).status_code == 302
    response = client.post(url, form_data(category))
    assert response.status_code == 429
    assert FeedbackItem.objects.count() == 5


def test_the_form_of_a_unit_that_is_not_a_commune_is_404(client, hung_ha):
    assert client.get(reverse("dialogues:public_submit", args=[hung_ha.pk])).status_code == 404


def test_the_status_page_shows_status_dates_and_answer_but_never_content_or_contact(client, officer, item):
    services.feedback_assign(item=item, by=officer, assignee=officer)
    services.feedback_start(item=item, by=officer)
    services.feedback_answer(item=item, by=officer, public_answer="Xã đã thay bóng đèn.")
    response = client.get(reverse("dialogues:public_status"), {"code": item.tracking_code.lower()})
    body = response.content.decode()
    assert "Đã trả lời" in body and "Xã đã thay bóng đèn." in body
    assert f"{item.due_on:%d/%m/%Y}" in body
    for secret in (item.content, "Nguyễn Văn Hải", "0912345678", officer.username):
        assert secret not in body


def test_an_unknown_code_says_so(client, db):
    response = client.get(reverse("dialogues:public_status"), {"code": "PA-ZZZZZZZZ"})
    assert "Không tìm thấy" in response.content.decode()


def test_the_status_page_is_rate_limited(client, db):
    url = reverse("dialogues:public_status")
    for _ in range(30):
        client.get(url, {"code": "PA-AAAAAAAA"})
    assert client.get(url, {"code": "PA-AAAAAAAA"}).status_code == 429


def test_after_closing_the_citizen_answers_whether_it_was_resolved(client, officer, item):
    for step in ("assign", "start", "answer", "close"):
        if step == "assign":
            services.feedback_assign(item=item, by=officer, assignee=officer)
        elif step == "start":
            services.feedback_start(item=item, by=officer)
        elif step == "answer":
            services.feedback_answer(item=item, by=officer, public_answer="Đã xử lý.")
        else:
            services.feedback_close(item=item, by=officer)
    page = client.get(reverse("dialogues:public_status"), {"code": item.tracking_code})
    # One form of address on every citizen page: Ông/Bà.
    assert "Vấn đề của Ông/Bà đã được giải quyết chưa?" in page.content.decode()
    url = reverse("dialogues:public_follow_up", args=[item.tracking_code])
    response = client.post(url, {"resolved": "1", "website": ""}, follow=True)
    assert "Cảm ơn Ông/Bà đã cho biết kết quả." in response.content.decode()
    item.refresh_from_db()
    assert item.citizen_resolved is True
    response = client.post(url, {"resolved": "0", "website": ""}, follow=True)
    assert "đã trả lời" in response.content.decode()
    item.refresh_from_db()
    assert item.citizen_resolved is True


def test_the_follow_up_is_refused_before_closing(client, item):
    response = client.post(
        reverse("dialogues:public_follow_up", args=[item.tracking_code]), {"resolved": "1"}, follow=True
    )
    assert "sau khi phản ánh đã kết thúc" in response.content.decode()
    item.refresh_from_db()
    assert item.citizen_resolved is None


def test_the_start_page_finds_a_commune_without_diacritics(client, long_hung):
    response = client.get(reverse("dialogues:public_start"), {"q": "tien duc"})
    assert long_hung in response.context["communes"]
    assert reverse("dialogues:public_submit", args=[long_hung.pk]) in response.content.decode()


@pytest.mark.parametrize("days", [3])
def test_a_rescheduled_item_says_so_publicly(client, officer, make_item, days):
    item = make_item(days_ago=12)
    # The new date comes after the due date it replaces (the slip is sent before it).
    services.feedback_reschedule(
        item=item,
        by=officer,
        new_due_on=item.due_on + datetime.timedelta(days=days),
        reason="Chậm.",
    )
    body = client.get(reverse("dialogues:public_status"), {"code": item.tracking_code}).content.decode()
    assert "đã hẹn lại" in body and "Chậm." not in body

"""Once from the citizen's side: the feedback form answers with a redirect (POST/redirect/GET) to a
page that shows the tracking code to the browser that sent the item only; the same form sent
twice, one after the other or at once, stores one item; the public API does the same with an
Idempotency-Key."""

import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from dialogues import services
from dialogues.models import Attachment, FeedbackItem, Transition
from surveys.models import SurveyResponse
from surveys.services import template_default_ensure
from tests.dialogues.test_public import PNG, form_data
from tests.race import race
from tests.surveys.conftest import answers_for

PUBLIC_API = "/api/v1/public/feedback/"
TOKEN = re.compile(r'name="submission_key" value="([^"]+)"')


def token_of(page) -> str:
    return TOKEN.search(page.content.decode())[1]


def submit_url(commune) -> str:
    return reverse("dialogues:public_submit", args=[commune.pk])


def stored() -> tuple[int, int, int]:
    return FeedbackItem.objects.count(), Transition.objects.count(), Attachment.objects.count()


# --- POST/redirect/GET ------------------------------------------------------------------------------


def test_the_form_redirects_to_a_page_showing_the_code_and_a_refresh_stores_nothing(
    client, long_hung, category
):
    url = submit_url(long_hung)
    response = client.post(url, {**form_data(category), "submission_key": token_of(client.get(url))})
    assert response.status_code == 302
    assert response["Location"] == reverse("dialogues:public_submitted")
    item = FeedbackItem.objects.get()
    assert item.tracking_code not in response["Location"]  # never in an address, a log, a Referer
    for _refresh in range(2):
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert item.tracking_code in page.content.decode()
        assert "no-store" in page["Cache-Control"]
    assert stored() == (1, 1, 0)


def test_the_page_after_the_form_shows_the_code_to_no_other_browser(client, long_hung, category):
    url = submit_url(long_hung)
    response = client.post(url, {**form_data(category), "submission_key": token_of(client.get(url))})
    item = FeedbackItem.objects.get()
    other = Client()
    page = other.get(response["Location"])
    assert page.status_code == 302 and page["Location"] == reverse("dialogues:public_status")
    # A cookie made up by hand (another item's id, unsigned) shows nothing either.
    other.cookies["gop_y_da_gui"] = str(item.pk)
    assert other.get(response["Location"]).status_code == 302
    assert item.tracking_code not in other.get(response["Location"], follow=True).content.decode()


def test_the_form_sent_twice_stores_one_item_and_leads_both_times_to_its_code(client, long_hung, category):
    url = submit_url(long_hung)
    token = token_of(client.get(url))
    answers = []
    for _click in range(2):  # a double click, a refresh, a resend after a lost answer
        data = {**form_data(category), "submission_key": token}
        data["attachments"] = SimpleUploadedFile("a.png", PNG, content_type="image/png")
        response = client.post(url, data)
        assert response.status_code == 302
        answers.append(Client().get(response["Location"], headers={"Cookie": cookie_of(response)}))
    item = FeedbackItem.objects.get()
    assert all(item.tracking_code in page.content.decode() for page in answers)
    assert stored() == (1, 1, 1)  # one item, one audit row, one file


def cookie_of(response) -> str:
    morsel = response.cookies["gop_y_da_gui"]
    return f"{morsel.key}={morsel.coded_value}"


def test_a_resend_with_changed_content_keeps_the_first_item_and_offers_a_new_one(client, long_hung, category):
    url = submit_url(long_hung)
    token = token_of(client.get(url))
    client.post(url, {**form_data(category), "submission_key": token})
    changed = {
        **form_data(category, content="Bãi rác tự phát cạnh chợ thôn Tây, đã ba tuần."),
        "submission_key": token,
    }
    page = client.post(url, changed)
    assert page.status_code == 400
    assert "đã được gửi trước đó với nội dung khác" in page.content.decode()
    assert FeedbackItem.objects.count() == 1
    new_token = token_of(page)
    assert new_token != token
    assert client.post(url, {**changed, "submission_key": new_token}).status_code == 302
    assert sorted(FeedbackItem.objects.values_list("content", flat=True)) == sorted(
        [form_data(category)["content"], changed["content"]]
    )


def test_a_page_from_before_the_token_is_still_accepted(client, long_hung, category):
    assert client.post(submit_url(long_hung), form_data(category)).status_code == 302
    assert (
        client.post(submit_url(long_hung), {**form_data(category), "submission_key": "?"}).status_code == 302
    )
    assert FeedbackItem.objects.count() == 2


def test_two_simultaneous_submissions_with_one_token_store_one_item(
    transactional_db, admin_unit_factory, category
):
    commune = admin_unit_factory()

    def submit():
        return services.feedback_submit_online(
            commune=commune,
            category=category,
            content="Cống thoát nước ngõ 3 bị tắc, nước tràn vào nhà dân.",
            submission_key="f" * 22,
        )

    first, second = race(submit, submit)
    assert (second.pk, second.replayed, first.replayed) == (first.pk, True, False)
    assert stored() == (1, 1, 0)


# --- The public API ---------------------------------------------------------------------------------


def api_body(commune, category, **extra):
    return {
        "commune": commune.pk,
        "category": category.pk,
        "content": "Ống nước vỡ ở đầu thôn Đông.",
        **extra,
    }


def test_the_public_api_answers_a_repeated_key_with_the_same_body_and_stores_once(long_hung, category):
    api = APIClient()
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    first = api.post(PUBLIC_API, api_body(long_hung, category), format="json", headers=headers)
    again = api.post(PUBLIC_API, api_body(long_hung, category), format="json", headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert stored() == (1, 1, 0)


def test_the_public_api_refuses_a_key_reused_with_another_body(long_hung, category):
    api = APIClient()
    headers = {"Idempotency-Key": "phan-anh-1"}
    assert (
        api.post(PUBLIC_API, api_body(long_hung, category), format="json", headers=headers).status_code == 201
    )
    other = api_body(long_hung, category, citizen_phone="0912345678")
    response = api.post(PUBLIC_API, other, format="json", headers=headers)
    assert response.status_code == 422
    assert "đã được dùng cho một yêu cầu có nội dung khác" in response.json()["detail"]
    assert "tracking_code" not in response.json()
    assert stored() == (1, 1, 0)


def test_the_public_api_refuses_a_malformed_key(long_hung, category):
    response = APIClient().post(
        PUBLIC_API, api_body(long_hung, category), format="json", HTTP_IDEMPOTENCY_KEY="x" * 101
    )
    assert response.status_code == 400
    assert "Idempotency-Key không hợp lệ" in response.json()["Idempotency-Key"][0]
    assert not FeedbackItem.objects.exists()


@pytest.fixture
def sipas(db):
    return template_default_ensure()


def test_survey_and_feedback_keys_do_not_meet(long_hung, category, sipas):
    headers = {"Idempotency-Key": "cung-mot-khoa"}
    survey = {"commune": long_hung.pk, "answers": {str(k): v for k, v in answers_for(sipas).items()}}
    api = APIClient()
    assert api.post("/api/v1/survey-responses/", survey, format="json", headers=headers).status_code == 201
    feedback = api.post(PUBLIC_API, api_body(long_hung, category), format="json", headers=headers)
    assert feedback.status_code == 201 and "Idempotent-Replayed" not in feedback
    assert SurveyResponse.objects.count() == FeedbackItem.objects.count() == 1


def test_the_schema_documents_the_idempotency_key(superuser):
    api = APIClient()
    api.force_authenticate(superuser)
    operation = api.get(reverse("schema"), {"format": "json"}).json()["paths"][PUBLIC_API]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in operation["parameters"])
    assert "422" in operation["responses"]

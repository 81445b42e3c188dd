"""Once from the citizen's side: a form posted twice (a double click, a refresh, a resend after a
lost answer) stores one response and counts it once, whether the two POSTs follow each other or
race; the API does the same with an Idempotency-Key."""

import re
import uuid

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from friendly_gov.idempotency import KeyReused
from surveys import services
from surveys.models import Answer, MonthlyAnswerCount, MonthlyCount, SurveyResponse
from surveys.services import responses as response_writes
from tests.race import race
from tests.surveys.conftest import answers_for, post_data

SUBMIT = "/api/v1/survey-responses/"
TOKEN = re.compile(r'name="submission_key" value="([^"]+)"')


def token_of(page) -> str:
    return TOKEN.search(page.content.decode())[1]


def counted(commune) -> tuple[int, int, int]:
    """Forms counted, answers counted (distribution), responses stored."""
    count = MonthlyCount.objects.filter(commune=commune).first()
    answers = sum(MonthlyAnswerCount.objects.filter(commune=commune).values_list("count", flat=True))
    return (count.forms if count else 0, answers, SurveyResponse.objects.filter(commune=commune).count())


# --- The forms --------------------------------------------------------------------------------------


def test_it_stores_a_form_posted_twice_once_and_counts_it_once(client, long_hung, sipas):
    url = reverse("surveys:form", args=[long_hung.pk])
    data = {**post_data(sipas, answers_for(sipas)), "submission_key": token_of(client.get(url))}
    first = client.post(url, data)
    once = (counted(long_hung), Answer.objects.count())
    again = client.post(url, data)  # a double click, a refresh, a resend after a lost answer
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == reverse("surveys:thanks", args=[long_hung.pk])
    assert (counted(long_hung), Answer.objects.count()) == once
    assert once[0][0] == once[0][2] == 1


def test_each_showing_of_the_form_is_a_new_response(client, long_hung, sipas):
    url = reverse("surveys:form", args=[long_hung.pk])
    data = post_data(sipas, answers_for(sipas))
    first, second = token_of(client.get(url)), token_of(client.get(url))
    assert first != second
    client.post(url, {**data, "submission_key": first})
    client.post(url, {**data, "submission_key": second})
    assert counted(long_hung)[::2] == (2, 2)


def test_a_resend_with_changed_answers_keeps_the_first_and_thanks_again(client, long_hung, sipas):
    url = reverse("surveys:form", args=[long_hung.pk])
    token = token_of(client.get(url))
    client.post(url, {**post_data(sipas, answers_for(sipas, score=5)), "submission_key": token})
    again = client.post(url, {**post_data(sipas, answers_for(sipas, score=1)), "submission_key": token})
    assert again["Location"] == reverse("surveys:thanks", args=[long_hung.pk])
    assert SurveyResponse.objects.get().overall_satisfied is True
    assert MonthlyCount.objects.get().overall_satisfied == 1


@pytest.mark.parametrize("token", [None, "", "short", "x" * 101, "<script>", "khóa-có-dấu-tiếng-việt"])
def test_a_page_without_a_good_token_is_still_accepted_and_never_fails(client, long_hung, sipas, token):
    # A page cached before the token (or a token out of shape): the answer is not lost.
    url = reverse("surveys:form", args=[long_hung.pk])
    data = post_data(sipas, answers_for(sipas))
    if token is not None:
        data["submission_key"] = token
    assert client.post(url, data).status_code == 302
    assert counted(long_hung)[::2] == (1, 1)
    # The form coming back with errors carries a fresh, good token: its next POST is protected.
    del data[f"q{sipas.questions.filter(required=True).first().pk}"]
    page = client.post(url, data)
    assert page.status_code == 200
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", token_of(page))


def test_the_code_form_posted_twice_uses_its_code_once_and_thanks_both_times(
    client, long_hung, sipas, officer, service
):
    code = services.code_issue(commune=long_hung, by=officer, service=service)
    url = reverse("surveys:code_form", args=[code.code])
    data = {**post_data(sipas, answers_for(sipas)), "submission_key": token_of(client.get(url))}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 302 and again["Location"] == reverse("surveys:thanks", args=[long_hung.pk])
    assert counted(long_hung)[::2] == (1, 1)
    # Another submission (another token) of the same code: the code is used up.
    assert client.post(url, {**data, "submission_key": "n" * 22}).status_code == 409


def test_a_double_tap_on_the_kiosk_stores_one_response_whatever_the_interval(
    client, long_hung, sipas, desk_factory
):
    desk = desk_factory(commune=long_hung, kiosk_interval_seconds=0)  # no time guard at all
    url = reverse("surveys:kiosk", args=[long_hung.pk]) + f"?d={desk.pk}"
    overall = sipas.questions.get(in_kiosk=True)
    token = token_of(client.get(url))
    for score in ("5", "4"):  # the second tap lands while the thank-you screen is on its way
        tap = client.post(
            url, {"template": sipas.pk, "website": "", f"q{overall.pk}": score, "submission_key": token}
        )
        assert tap.status_code == 302
    assert counted(long_hung)[::2] == (1, 1)
    # The next citizen gets the form again, with a new token.
    client.post(
        url, {"template": sipas.pk, f"q{overall.pk}": "3", "submission_key": token_of(client.get(url))}
    )
    assert counted(long_hung)[::2] == (2, 2)


def test_the_orm_path_stores_a_key_once_too(sipas, long_hung, monkeypatch):
    # SQLite for local use: the unique index refuses the second insert, in its own savepoint.
    monkeypatch.setattr(response_writes, "_response_store", response_writes._response_store_orm)
    answers = answers_for(sipas)
    first = services.response_submit(
        template=sipas, commune=long_hung, answers=answers, channel="web", submission_key="k" * 22
    )
    again = services.response_submit(
        template=sipas, commune=long_hung, answers=answers, channel="web", submission_key="k" * 22
    )
    assert (again.pk, again.replayed, first.replayed) == (first.pk, True, False)
    assert counted(long_hung)[::2] == (1, 1)
    with pytest.raises(KeyReused):
        services.response_submit(
            template=sipas,
            commune=long_hung,
            answers=answers_for(sipas, score=2),
            channel="web",
            submission_key="k" * 22,
        )


def test_the_statement_of_a_replay_stores_and_counts_nothing(sipas, long_hung):
    answers = answers_for(sipas)
    key = str(uuid.uuid4())
    first = services.response_submit(
        template=sipas, commune=long_hung, answers=answers, channel="web", submission_key=key
    )
    before = (counted(long_hung), Answer.objects.count())
    # The same answers as a form posts them (strings): the same submission.
    as_posted = {
        f"q{k}": [str(v) for v in value] if isinstance(value, list) else str(value)
        for k, value in answers.items()
    }
    again = services.response_submit(
        template=sipas,
        commune=long_hung,
        answers=as_posted,
        channel="web",
        submission_key=key,
    )
    assert (again.pk, again.replayed) == (first.pk, True)
    assert (counted(long_hung), Answer.objects.count()) == before


def test_two_simultaneous_posts_with_one_token_store_one_response(
    transactional_db, sipas, admin_unit_factory
):
    commune = admin_unit_factory()
    answers = answers_for(sipas)

    def submit():
        return services.response_submit(
            template=sipas, commune=commune, answers=answers, channel="web", submission_key="t" * 22
        )

    first, second = race(submit, submit)
    assert (second.pk, second.replayed, first.replayed) == (first.pk, True, False)
    assert counted(commune)[::2] == (1, 1)


def test_two_simultaneous_posts_of_one_code_form_store_one_response(
    transactional_db, sipas, admin_unit_factory, user_factory
):
    commune = admin_unit_factory()
    officer = user_factory(username="xa.dongthoi", role="commune_officer", commune=commune)
    code = services.code_issue(commune=commune, by=officer)
    answers = answers_for(sipas)

    def submit():
        return services.response_submit(
            template=sipas,
            commune=None,
            answers=answers,
            channel="web",
            code=code.code,
            submission_key="c" * 22,
        )

    first, second = race(submit, submit)
    assert (second.pk, second.replayed) == (first.pk, True)
    assert counted(commune)[::2] == (1, 1)


# --- The API ----------------------------------------------------------------------------------------


@pytest.fixture
def api():
    return APIClient(enforce_csrf_checks=True)


def body(template, commune, **extra):
    return {"commune": commune.pk, "answers": {str(k): v for k, v in answers_for(template).items()}, **extra}


def test_the_api_answers_a_repeated_key_with_the_first_answer_and_stores_once(api, sipas, long_hung):
    key = str(uuid.uuid4())
    first = api.post(SUBMIT, body(sipas, long_hung), format="json", headers={"Idempotency-Key": key})
    again = api.post(SUBMIT, body(sipas, long_hung), format="json", headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert "Idempotent-Replayed" not in first and again["Idempotent-Replayed"] == "true"
    assert counted(long_hung)[::2] == (1, 1)


def test_the_api_refuses_a_key_reused_with_another_body(api, sipas, long_hung):
    headers = {"Idempotency-Key": "kiosk-3/tap-17"}
    assert api.post(SUBMIT, body(sipas, long_hung), format="json", headers=headers).status_code == 201
    other = body(sipas, long_hung, response_channel="kiosk")
    other["answers"] = {str(sipas.questions.get(in_kiosk=True).pk): 1}
    response = api.post(SUBMIT, other, format="json", headers=headers)
    assert response.status_code == 422
    assert "đã được dùng cho một yêu cầu có nội dung khác" in response.json()["detail"]
    assert counted(long_hung)[::2] == (1, 1)


@pytest.mark.parametrize("key", ["", "x" * 101, "khóa", "tab\there"])
def test_the_api_refuses_a_malformed_key_in_vietnamese_and_stores_nothing(api, sipas, long_hung, key):
    response = api.post(SUBMIT, body(sipas, long_hung), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert "Idempotency-Key không hợp lệ" in response.json()["Idempotency-Key"][0]
    assert not SurveyResponse.objects.exists()


def test_a_refused_request_leaves_its_key_free(api, sipas, long_hung):
    headers = {"Idempotency-Key": "lan-gui-1"}
    bad = body(sipas, long_hung)
    bad["answers"] = {}
    assert api.post(SUBMIT, bad, format="json", headers=headers).status_code == 400
    assert api.post(SUBMIT, body(sipas, long_hung), format="json", headers=headers).status_code == 201


def test_a_kiosk_tap_replayed_through_the_api_is_the_same_response(
    api, client, sipas, long_hung, desk_factory
):
    # An offline kiosk queues each tap with a key of its own; whether it replays a tap through the
    # kiosk page or through the API, the tap is stored once.
    desk = desk_factory(commune=long_hung, kiosk_interval_seconds=0)
    overall = sipas.questions.get(in_kiosk=True)
    key = str(uuid.uuid4())
    page = reverse("surveys:kiosk", args=[long_hung.pk]) + f"?d={desk.pk}"
    tap = {"template": sipas.pk, f"q{overall.pk}": "4", "submission_key": key}
    assert client.post(page, tap).status_code == 302
    replay = {
        "commune": long_hung.pk,
        "template": sipas.pk,
        "desk": desk.pk,
        "response_channel": "kiosk",
        "answers": {str(overall.pk): 4},
    }
    response = api.post(SUBMIT, replay, format="json", headers={"Idempotency-Key": key})
    assert response.status_code == 201 and response["Idempotent-Replayed"] == "true"
    assert response.json()["id"] == SurveyResponse.objects.get().pk


def test_the_schema_documents_the_idempotency_key(api, superuser):
    api.force_authenticate(superuser)
    schema = api.get(reverse("schema"), {"format": "json"}).json()
    operation = schema["paths"][SUBMIT]["post"]
    header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
    assert header["in"] == "header" and not header.get("required")
    assert "422" in operation["responses"]
    assert "Idempotent-Replayed" in operation["responses"]["201"]["headers"]

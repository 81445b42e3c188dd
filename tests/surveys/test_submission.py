"""The hot path of every submission: one statement stores the response, its answers and both
count increments; a bounded number of queries per POST, so that a regression shows here before
it shows in the benchmark."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communes.models import AdminUnit
from surveys import services
from surveys.models import Answer, MonthlyAnswerCount, MonthlyCount, Question, SurveyResponse
from surveys.services import answers as answer_rules
from surveys.services import responses as response_writes
from tests.surveys.conftest import answers_for, post_data


def full_answers(template) -> dict:
    """Every kind of question answered, free text included."""
    answers = answers_for(template, score=4, overall=5, text="Cán bộ nhiệt tình, “chu đáo”")
    multiple = template.questions.filter(kind=Question.Kind.MULTIPLE).first()
    answers[multiple.pk] = [2, 0]
    short = template.questions.get(kind=Question.Kind.SHORT_TEXT)
    answers[short.pk] = "Đăng ký khai sinh"
    return answers


def test_it_stores_a_public_form_post_in_one_query_once_the_commune_and_version_are_known(
    client, long_hung, sipas, django_assert_max_num_queries
):
    url = reverse("surveys:form", args=[long_hung.pk])
    data = post_data(sipas, full_answers(sipas))
    assert client.post(url, data).status_code == 302  # reads the commune and the version once
    with django_assert_max_num_queries(1):
        assert client.post(url, data).status_code == 302
    assert SurveyResponse.objects.filter(commune=long_hung).count() == 2
    assert MonthlyCount.objects.get(commune=long_hung).forms == 2


def test_a_post_with_its_token_is_still_one_query_and_its_replay_two(
    client, long_hung, sipas, django_assert_max_num_queries
):
    url = reverse("surveys:form", args=[long_hung.pk])
    data = post_data(sipas, full_answers(sipas))
    assert client.post(url, {**data, "submission_key": "a" * 22}).status_code == 302
    with django_assert_max_num_queries(1):
        assert client.post(url, {**data, "submission_key": "b" * 22}).status_code == 302
    # The statement, which stores nothing, then the response stored under the token.
    with django_assert_max_num_queries(2):
        assert client.post(url, {**data, "submission_key": "b" * 22}).status_code == 302
    assert MonthlyCount.objects.get(commune=long_hung).forms == 2


def test_a_first_post_makes_a_bounded_number_of_queries(
    client, hong_minh, sipas, django_assert_max_num_queries
):
    from communes.selectors import units
    from surveys import selectors

    units._IN_FORCE.pop(hong_minh.pk, None)
    selectors._COMMUNES.pop(hong_minh.pk, None)
    selectors._PUBLISHED.pop(sipas.pk, None)
    answer_rules._QUESTIONS.clear()
    url = reverse("surveys:form", args=[hong_minh.pk])
    # The commune in force at the address (a dissolved one redirects), the commune, the version,
    # its questions, the statement (prepared once per session).
    with django_assert_max_num_queries(6):
        assert client.post(url, post_data(sipas, answers_for(sipas))).status_code == 302


def test_the_api_post_makes_a_bounded_number_of_queries(
    client, long_hung, sipas, django_assert_max_num_queries
):
    body = {"commune": long_hung.pk, "template": sipas.pk, "answers": answers_for(sipas)}
    url = "/api/v1/survey-responses/"
    assert client.post(url, body, content_type="application/json").status_code == 201
    # Like the form: the commune and the version are known from the first POST on.
    with django_assert_max_num_queries(1):
        assert client.post(url, body, content_type="application/json").status_code == 201


def test_an_api_post_to_a_unit_that_is_not_a_commune_is_404(client, hung_ha, sipas):
    body = {"commune": hung_ha.pk, "template": sipas.pk, "answers": answers_for(sipas)}
    response = client.post("/api/v1/survey-responses/", body, content_type="application/json")
    assert response.status_code == 404
    assert not SurveyResponse.objects.exists()


def rows(commune):
    response = SurveyResponse.objects.get(commune=commune)
    answers = Answer.objects.filter(response=response).values_list("question", "value", "values", "text")
    answers = sorted(answers)
    counts = MonthlyCount.objects.filter(commune=commune).values(
        "month", "service_key", "officer_key", *services.COUNT_COLUMNS
    )
    distribution = sorted(
        MonthlyAnswerCount.objects.filter(commune=commune).values_list("month", "question", "value", "count")
    )
    return (
        (response.template_id, response.channel, response.overall_satisfied, response.service_id),
        answers,
        list(counts),
        distribution,
    )


def test_the_single_statement_stores_what_the_orm_path_stores(
    sipas, long_hung, hong_minh, service, monkeypatch
):
    answers = full_answers(sipas)
    stored = services.response_submit(
        template=sipas, commune=long_hung, answers=answers, channel="web", service=service
    )
    assert stored.pk == SurveyResponse.objects.get(commune=long_hung).pk
    # Other databases (SQLite for local use) go through the ORM: the same rows.
    monkeypatch.setattr(response_writes, "_response_store", response_writes._response_store_orm)
    services.response_submit(
        template=sipas, commune=hong_minh, answers=answers, channel="web", service=service
    )
    assert rows(long_hung) == rows(hong_minh)
    text = Answer.objects.get(response=stored, question__kind=Question.Kind.LONG_TEXT).text
    assert text == "Cán bộ nhiệt tình, “chu đáo”"
    assert Answer.objects.get(response=stored, question__kind=Question.Kind.MULTIPLE, values=[0, 2])


def test_the_statement_itself_refuses_a_unit_that_is_not_a_commune(sipas, hung_ha):
    # As if a stale cache had taken the district for a commune of today: nothing is stored or counted.
    unit = AdminUnit(pk=hung_ha.pk, level=AdminUnit.Level.COMMUNE, era=AdminUnit.Era.CURRENT)
    with pytest.raises(ValidationError, match="cấp xã"):
        services.response_submit(template=sipas, commune=unit, answers=answers_for(sipas), channel="web")
    assert not SurveyResponse.objects.exists()
    assert not MonthlyCount.objects.exists() and not MonthlyAnswerCount.objects.exists()


def test_a_post_to_a_unit_that_is_not_a_commune_is_404(client, hung_ha, sipas):
    response = client.post(reverse("surveys:form", args=[hung_ha.pk]), post_data(sipas, answers_for(sipas)))
    assert response.status_code == 404
    assert not SurveyResponse.objects.exists()


def test_it_runs_the_plain_statement_behind_a_transaction_pooler(sipas, long_hung, monkeypatch):
    # Behind pgbouncer in transaction mode Django asks for DISABLE_SERVER_SIDE_CURSORS; a session's
    # prepared statements are not ours to rely on there.
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    answers = answers_for(sipas)
    services.asked_questions(sipas, "web")  # read once per version
    with CaptureQueriesContext(connection) as queries:
        services.response_submit(template=sipas, commune=long_hung, answers=answers, channel="web")
    assert [q["sql"].lstrip()[:4] for q in queries.captured_queries] == ["WITH"]
    assert MonthlyCount.objects.get(commune=long_hung).forms == 1


def test_a_one_time_code_is_used_up_in_the_responses_transaction(sipas, long_hung, officer, service):
    code = services.code_issue(commune=long_hung, by=officer, service=service)
    response = services.response_submit(
        template=sipas, commune=None, answers=answers_for(sipas), channel="web", code=code.code
    )
    code.refresh_from_db()
    assert code.used_at == response.submitted_at
    assert (response.channel, response.service, response.officer) == ("code", service, officer)
    assert response.code == code
    with pytest.raises(ValidationError, match="đã được dùng"):
        services.response_submit(
            template=sipas, commune=None, answers=answers_for(sipas), channel="web", code=code.code
        )
    assert SurveyResponse.objects.count() == 1 and MonthlyCount.objects.get().forms == 1

"""The surveys API: a public, throttled POST of a response (kiosk apps) under the same rules as
the form; authenticated, scoped reads of the results; published templates for apps."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from surveys import services
from surveys.models import MonthlyCount, SurveyResponse
from tests.surveys.conftest import answers_for

SUBMIT = "/api/v1/survey-responses/"
RESULTS = "/api/v1/survey-results/"
BY_COMMUNE = "/api/v1/survey-commune-results/"


@pytest.fixture
def api():
    return APIClient(enforce_csrf_checks=True)


def body(template, commune=None, **extra):
    data = {"answers": {str(k): v for k, v in answers_for(template).items()}, **extra}
    if commune is not None:
        data["commune"] = commune.pk
    return data


def test_it_accepts_a_response_without_an_account(api, sipas, long_hung):
    response = api.post(SUBMIT, body(sipas, long_hung), format="json")
    assert response.status_code == 201, response.content
    stored = SurveyResponse.objects.get(pk=response.json()["id"])
    assert stored.channel == "api" and stored.commune == long_hung and stored.template == sipas
    assert MonthlyCount.objects.get().forms == 1


def test_a_kiosk_app_answers_only_the_kiosk_questions(api, sipas, long_hung):
    overall = sipas.questions.get(in_kiosk=True)
    data = {"commune": long_hung.pk, "response_channel": "kiosk", "answers": {str(overall.pk): 4}}
    assert api.post(SUBMIT, data, format="json").status_code == 201
    assert SurveyResponse.objects.get().channel == "kiosk"


def test_it_gives_the_same_vietnamese_errors_and_stores_nothing(api, sipas, long_hung):
    data = body(sipas, long_hung)
    overall = sipas.questions.get(factor="overall")
    data["answers"][str(overall.pk)] = 7
    response = api.post(SUBMIT, data, format="json")
    assert response.status_code == 400
    assert response.json()[f"q{overall.pk}"] == ["Hãy chọn một mức từ 1 đến 5."]
    assert SurveyResponse.objects.count() == 0


def test_a_code_works_once_through_the_api(api, sipas, long_hung, officer, service):
    code = services.code_issue(commune=long_hung, by=officer, service=service)
    assert api.post(SUBMIT, body(sipas, code=code.code), format="json").status_code == 201
    again = api.post(SUBMIT, body(sipas, code=code.code), format="json")
    assert again.status_code == 400
    assert "đã được dùng" in again.json()["code"][0]
    stored = SurveyResponse.objects.get()
    assert (stored.service, stored.officer) == (service, officer)


def test_the_honeypot_and_missing_commune_are_refused(api, sipas, long_hung):
    assert api.post(SUBMIT, body(sipas, long_hung, website="x"), format="json").status_code == 400
    assert api.post(SUBMIT, body(sipas), format="json").status_code == 400
    assert SurveyResponse.objects.count() == 0


def test_submissions_are_throttled_per_client(api, sipas, long_hung, settings):
    settings.SURVEYS_API_RATE = "2/min"
    cache.clear()
    codes = [api.post(SUBMIT, body(sipas, long_hung), format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]


def test_results_need_an_account(api):
    assert api.get(RESULTS).status_code in (401, 403)
    assert api.get(BY_COMMUNE).status_code in (401, 403)


def test_results_are_the_selectors_within_scope(api, sipas, long_hung, hong_minh, officer, province_viewer):
    for commune, score in [(long_hung, 5), (long_hung, 1), (hong_minh, 5)]:
        services.response_submit(
            template=sipas, commune=commune, answers=answers_for(sipas, score=score), channel="web"
        )
    api.force_authenticate(officer)
    mine = api.get(RESULTS).json()
    assert mine["index"]["forms"] == 2 and mine["index"]["overall"] == 0.5
    assert set(mine["index"]["factors"]) == {"access", "procedure", "officer", "result", "feedback"}
    assert any(d["total"] == 2 for d in mine["distributions"])
    assert api.get(RESULTS, {"commune": hong_minh.pk}).status_code == 404
    assert api.get(RESULTS, {"month_from": "abc"}).status_code == 400
    api.force_authenticate(province_viewer)
    rows = api.get(BY_COMMUNE).json()["results"]
    assert {row["name"]: row["index"]["forms"] for row in rows} == {"Xã Long Hưng": 2, "Xã Hồng Minh": 1}


@pytest.mark.parametrize("size", [2, 8])
def test_the_commune_results_make_bounded_queries(
    api, sipas, province_viewer, long_hung, size, django_assert_max_num_queries
):
    for _index in range(size):
        services.response_submit(template=sipas, commune=long_hung, answers=answers_for(sipas), channel="web")
    api.force_authenticate(province_viewer)
    with django_assert_max_num_queries(8):
        assert api.get(BY_COMMUNE).status_code == 200


def test_published_templates_are_public(api, sipas):
    templates = api.get("/api/v1/survey-templates/").json()
    assert templates[0]["version"] == 1
    kinds = {q["question_kind"] for q in templates[0]["questions"]}
    assert "scale" in kinds and "multiple" in kinds

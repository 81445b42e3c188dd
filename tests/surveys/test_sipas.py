"""The SIPAS indices (Quyết định 1001/QĐ-BNV), the sample size and margin of error, and the
citizen-facing indicators of Quyết định 766/QĐ-TTg, from the same selectors as the page and API."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from surveys import services
from surveys.dossiers.services import dossiers_push
from surveys.models import Question
from surveys.sipas import margin_of_error, sample_size, sipas_indices

from .conftest import answers_for


def test_yamanes_sample_size_and_margin_of_error():
    # n = N / (1 + N·e²): 1.000 dossiers at 5% need 286 forms, which give a margin of 5%.
    assert sample_size(1000) == 286
    assert margin_of_error(286, 1000) == pytest.approx(0.05, abs=0.0005)
    assert sample_size(100_000) == 399
    # Without a population the margin is Yamane's for a large one: √(1/n).
    assert margin_of_error(100) == pytest.approx(0.1)
    assert margin_of_error(0) is None and margin_of_error(10, 10) == 0.0


@pytest.fixture
def answered(sipas, long_hung, officer):
    """Two forms at Long Hưng this month, and ten dossiers received (the population)."""
    questions = list(sipas.questions.all())
    content = answers_for(sipas, score=5)
    services.response_submit(template=sipas, commune=long_hung, answers=content, channel="web")
    unhappy = answers_for(sipas, score=2, overall=5)
    for question in questions:
        if question.aspect == Question.Aspect.PERCEPTION:
            unhappy[question.pk] = 0
    services.response_submit(template=sipas, commune=long_hung, answers=unhappy, channel="web")
    today = timezone.localdate().strftime("%d/%m/%Y")
    dossiers_push(
        items=[
            {
                "ma_ho_so": f"HS-{n}",
                "ten_tthc": "Đăng ký khai sinh",
                "kenh": "truc_tuyen" if n < 4 else "truc_tiep",
                "ngay_tiep_nhan": today,
                "ngay_hen_tra": today,
                "ma_xa": "12613",
            }
            for n in range(10)
        ],
        by=officer,
    )


def test_the_indices_follow_the_published_method(answered, officer):
    today = timezone.localdate()
    indices = sipas_indices(user=officer, month_from=today, month_to=today)
    assert indices.forms == 2
    # Each factor: one form satisfied (5), one not (2): 50%; SIPAS is the mean of the five.
    assert [f.satisfaction for f in indices.factors] == [0.5] * 5
    assert indices.sipas_index == 0.5
    # The form's overall question (5 on both) is a figure of its own.
    assert indices.overall_question == 1.0
    assert indices.perception_index == 0.5
    # Both chose the first improvement of each factor.
    access = indices.factors[0]
    assert access.expectations[0][1:] == (2, 1.0) and access.expectations[1][1:] == (0, 0.0)
    # Ten dossiers received: the sample needed for 5% is 10, two forms give ±63%.
    assert (indices.population, indices.sample_needed) == (10, 10)
    assert indices.margin == pytest.approx(0.632, abs=0.001)


def test_the_api_and_page_read_the_same_selectors_in_scope(client, answered, officer, hong_minh):
    api = APIClient()
    api.force_authenticate(officer)
    body = api.get("/api/v1/citizen-indicators/").json()
    assert body["sipas"]["sipas_index"] == 0.5 and body["sipas"]["sample_needed"] == 10
    totals = body["qd766"]["totals"]
    assert (totals["satisfaction"], totals["forms"], totals["online_share"], totals["received"]) == (
        1.0,
        2,
        0.4,
        10,
    )
    assert [row["name"] for row in body["qd766"]["by_commune"]] == ["Xã Long Hưng"]
    assert api.get("/api/v1/citizen-indicators/", {"unit": hong_minh.pk}).status_code == 404
    client.force_login(officer)
    html = client.get(reverse("surveys:dossier_indicators")).content.decode()
    assert 'data-testid="sipas-index">50,0%' in html
    assert 'data-testid="qd766"' in html and "Quyết định 1001/QĐ-BNV" in html

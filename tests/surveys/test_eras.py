"""The era rule in the surveys app (communes.eras): answers given today, codes handed out today,
paper batches and tallies go to the commune of their date's era; documents name the unit in
force on their date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from surveys import services
from surveys.models import MonthlyCount, PaperBatch, ResponseCode, SurveyResponse, SurveyTally
from tests.pdf import pdf_text
from tests.surveys.conftest import answers_for

D = datetime.date
TO_LONG_HUNG = "Từ 01/07/2025, xã Tiến Đức đã sáp nhập vào xã Long Hưng: hãy ghi vào xã Long Hưng."


def test_an_answer_given_today_is_refused_on_a_dissolved_commune(sipas, tien_duc, long_hung):
    with pytest.raises(ValidationError) as error:
        services.response_submit(template=sipas, commune=tien_duc, answers=answers_for(sipas), channel="web")
    assert error.value.message_dict == {"commune": [TO_LONG_HUNG]}
    assert not SurveyResponse.objects.exists() and not MonthlyCount.objects.exists()
    services.response_submit(template=sipas, commune=long_hung, answers=answers_for(sipas), channel="web")
    assert MonthlyCount.objects.get().commune == long_hung


def test_the_public_api_answers_400_with_the_rule_and_stores_nothing(sipas, tien_duc):
    api = APIClient(enforce_csrf_checks=True)
    body = {"commune": tien_duc.pk, "answers": {str(k): v for k, v in answers_for(sipas).items()}}
    for _attempt in range(2):  # the second time from the cache of posted communes
        response = api.post("/api/v1/survey-responses/", body, format="json")
        assert response.status_code == 400
        assert response.json() == {"commune": [TO_LONG_HUNG]}
    assert not SurveyResponse.objects.exists()


def test_codes_are_handed_out_by_the_commune_in_force_today(officer, tien_duc, long_hung):
    with pytest.raises(ValidationError) as error:
        services.code_issue(commune=tien_duc, by=officer)
    assert error.value.message_dict == {"commune": [TO_LONG_HUNG]}
    assert services.code_issue(commune=long_hung, by=officer).commune == long_hung
    assert ResponseCode.objects.count() == 1


def test_a_paper_batch_goes_to_the_commune_of_the_day_it_was_collected(sipas, officer, tien_duc, long_hung):
    with pytest.raises(ValidationError) as error:
        services.batch_create(commune=long_hung, by=officer, collected_on=D(2025, 6, 30), expected_forms=2)
    assert error.value.message_dict["collected_on"][0].startswith("Trước 01/07/2025 chưa có xã Long Hưng")
    with pytest.raises(ValidationError) as error:
        services.batch_create(commune=tien_duc, by=officer, collected_on=D(2025, 7, 1), expected_forms=2)
    assert error.value.message_dict == {"collected_on": [TO_LONG_HUNG]}
    assert not PaperBatch.objects.exists()
    # A 2025 box of forms on Tiến Đức: its forms are dated that day and go to Tiến Đức.
    batch = services.batch_create(commune=tien_duc, by=officer, collected_on=D(2025, 6, 30), expected_forms=1)
    response = services.batch_enter(batch=batch, by=officer, template=sipas, answers=answers_for(sipas))
    assert (response.commune, timezone.localtime(response.submitted_at).date()) == (tien_duc, D(2025, 6, 30))


def test_a_tally_belongs_by_the_end_of_its_period(officer, tien_duc, long_hung):
    year_2025 = {"period_start": D(2025, 1, 1), "period_end": D(2025, 12, 31), "forms": 800, "satisfied": 760}
    with pytest.raises(ValidationError) as error:
        services.tally_record(commune=tien_duc, by=officer, **year_2025)
    assert error.value.message_dict == {"period_end": [TO_LONG_HUNG]}
    services.tally_record(commune=long_hung, by=officer, **year_2025)
    assert MonthlyCount.objects.get().commune == long_hung


def test_the_tally_form_shows_the_rule_on_the_end_date(client, officer, long_hung):
    client.force_login(officer)
    response = client.post(
        reverse("surveys:tally_create", args=[long_hung.pk]),
        {"period_start": "2024-01-01", "period_end": "2024-12-31", "forms": 1500, "satisfied": 1400},
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["period_end"]
    assert message.startswith("Trước 01/07/2025 chưa có xã Long Hưng: số liệu của kỳ này ghi cho đơn vị cũ")
    assert "xã Tiến Đức" in message and message in response.content.decode()
    assert not SurveyTally.objects.exists()


def test_a_code_slip_keeps_the_name_of_its_day(client, officer, tien_duc, long_hung):
    # Tiến Đức's code of 2024 (history) and Long Hưng's of today, both printed today.
    old = ResponseCode.objects.create(code="TDCU2024", commune=tien_duc, created_by=officer)
    ResponseCode.objects.filter(pk=old.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2024, 9, 12, 9, 30))
    )
    new = services.code_issue(commune=long_hung, by=officer)
    client.force_login(officer)
    text = pdf_text(client.get(reverse("surveys:code_slip", args=[old.pk]), {"format": "pdf"}).content)
    assert "Xã Tiến Đức" in text and "Long Hưng" not in text
    text = pdf_text(client.get(reverse("surveys:code_slip", args=[new.pk]), {"format": "pdf"}).content)
    assert "Xã Long Hưng" in text and "Tiến Đức" not in text


def test_a_poster_printed_today_for_a_dissolved_commune_names_its_successor(client, officer, tien_duc):
    client.force_login(officer)
    response = client.get(reverse("surveys:poster_pdf", args=[tien_duc.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "ỦY BAN NHÂN DÂN XÃ LONG HƯNG Tỉnh Hưng Yên" in text
    assert "TIẾN ĐỨC" not in text.upper() and "HƯNG HÀ" not in text.upper()

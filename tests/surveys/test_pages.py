"""Staff pages of the surveys app: results within scope, the commune page, codes, paper batches,
tallies and templates; each checked for content, scope (404 outside it, 403 for a viewer's
writes) and bounded queries on lists."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from communes.models import Enrolment
from friendly_gov.pdf import render_document
from surveys import services
from surveys.models import MonthlyCount, PaperBatch, ResponseCode, SurveyResponse, SurveyTally
from surveys.views.desk import qr_data_uri
from tests.pdf import assert_project_fonts_only
from tests.surveys.conftest import answers_for


def respond(sipas, commune, score, **kwargs):
    return services.response_submit(
        template=sipas, commune=commune, answers=answers_for(sipas, score=score), channel="web", **kwargs
    )


# --- Results ---------------------------------------------------------------------------------------


def test_the_results_show_the_index_overall_per_factor_by_commune_and_distribution(
    client, province_viewer, sipas, long_hung, hong_minh
):
    respond(sipas, long_hung, 5)
    respond(sipas, long_hung, 2)
    respond(sipas, hong_minh, 4)
    client.force_login(province_viewer)
    page = client.get(reverse("surveys:results"))
    html = page.content.decode()
    assert page.status_code == 200
    assert page.context["result"].index.forms == 3
    assert page.context["result"].index.overall == pytest.approx(2 / 3)
    assert "66,7%" in html
    assert "Tiếp cận dịch vụ" in html and "Xã Long Hưng" in html and "Xã Hồng Minh" in html
    assert "50,0%" in html  # Long Hưng: one of two satisfied
    distribution = page.context["result"].distributions
    overall = next(d for d in distribution if d.question.factor == "overall")
    assert [(label, n) for label, n, _share in overall.rows][-2:] == [("Hài lòng", 1), ("Rất hài lòng", 1)]


def test_the_results_compare_pilot_and_other_communes(
    client,
    province_viewer,
    sipas,
    long_hung,
    hong_minh,
    programme_factory,
    enrolment_factory,
    thai_binh_legacy,
):
    programme = programme_factory(owner_unit=thai_binh_legacy)
    enrolment_factory(programme=programme, commune=long_hung, level=Enrolment.Level.PROVINCE_PILOT)
    enrolment_factory(programme=programme, commune=hong_minh, level=Enrolment.Level.ROLLOUT)
    respond(sipas, long_hung, 5)
    respond(sipas, hong_minh, 1)
    respond(sipas, hong_minh, 5)
    client.force_login(province_viewer)
    result = client.get(reverse("surveys:results")).context["result"]
    assert (result.pilot.forms, result.pilot.overall) == (1, 1.0)
    assert (result.non_pilot.forms, result.non_pilot.overall) == (2, 0.5)


def test_the_results_filter_by_service_officer_and_period(
    client, province_viewer, sipas, long_hung, tien_duc, officer, service_factory
):
    birth = service_factory(name="Đăng ký khai sinh")
    respond(sipas, long_hung, 5, service=birth, officer=officer)
    respond(sipas, long_hung, 1)
    services.tally_record(
        commune=tien_duc,
        by=None,
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2021, 12, 31),
        forms=100,
    )
    client.force_login(province_viewer)
    url = reverse("surveys:results")
    by_service = client.get(url, {"service": birth.pk}).context["result"]
    assert (by_service.index.forms, by_service.index.overall) == (1, 1.0)
    by_officer = client.get(url, {"officer": officer.pk}).context["result"]
    assert by_officer.index.forms == 1
    overall = next(d for d in by_officer.distributions if d.question.factor == "overall")
    assert overall.total == 1
    period = client.get(url, {"month_from": "01/2021", "month_to": "12/2021"}).context["result"]
    assert period.index.forms == 100 and period.index.overall is None
    everything = client.get(url).context["result"]
    assert everything.index.forms == 102
    assert [label for _p, label, _i in everything.trend][0] == "2021"  # over two years: by year


def test_the_results_reject_a_bad_month_in_vietnamese(client, province_viewer, sipas):
    client.force_login(province_viewer)
    page = client.get(reverse("surveys:results"), {"month_from": "tháng ba"})
    assert "Nhập tháng dạng mm/yyyy" in page.content.decode()


def test_an_officer_sees_only_their_communes_results(client, officer, sipas, long_hung, hong_minh):
    respond(sipas, long_hung, 5)
    respond(sipas, hong_minh, 1)
    client.force_login(officer)
    result = client.get(reverse("surveys:results")).context["result"]
    assert (result.index.forms, result.index.overall) == (1, 1.0)
    assert client.get(reverse("surveys:results"), {"commune": hong_minh.pk}).status_code == 404
    assert client.get(reverse("surveys:commune", args=[hong_minh.pk])).status_code == 404
    assert client.get(reverse("surveys:poster_pdf", args=[hong_minh.pk])).status_code == 404


def test_the_results_need_an_account(client):
    assert client.get(reverse("surveys:results")).status_code == 302


def test_the_results_export_aggregates_as_csv_and_xlsx(client, province_viewer, sipas, long_hung):
    respond(sipas, long_hung, 5)
    client.force_login(province_viewer)
    csv = b"".join(client.get(reverse("surveys:results"), {"export": "csv"}).streaming_content).decode()
    assert "Xã Long Hưng" in csv and "100.0" in csv and "Tiếp cận dịch vụ (%)" in csv
    xlsx = client.get(reverse("surveys:results"), {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_response_export_is_anonymised(client, province_viewer, sipas, long_hung, officer):
    code = services.code_issue(commune=long_hung, by=officer, dossier_number="H56-SECRET")
    services.response_submit(
        template=sipas, commune=long_hung, answers=answers_for(sipas), channel="web", code=code.code
    )
    client.force_login(province_viewer)
    body = b"".join(
        client.get(reverse("surveys:response_list"), {"export": "csv"}).streaming_content
    ).decode()
    assert "Xã Long Hưng" in body and "Rất hài lòng" in body
    assert code.code not in body and "H56-SECRET" not in body and officer.last_name not in body


@pytest.mark.parametrize("size", [3, 12])
def test_result_and_response_lists_make_bounded_queries(
    client, province_viewer, sipas, long_hung, hong_minh, size, django_assert_max_num_queries
):
    for index in range(size):
        respond(sipas, long_hung if index % 2 else hong_minh, 1 + index % 5)
    client.force_login(province_viewer)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("surveys:results")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("surveys:response_list")).status_code == 200


# --- The commune page, desks, posters -----------------------------------------------------------------


def test_the_commune_page_links_the_public_form_poster_and_kiosk(
    client, officer, sipas, long_hung, desk_factory
):
    desk = desk_factory(commune=long_hung, name="Quầy 1")
    respond(sipas, long_hung, 5)
    client.force_login(officer)
    html = client.get(reverse("surveys:commune", args=[long_hung.pk])).content.decode()
    assert f"http://testserver/ks/{long_hung.pk}/" in html
    assert f"/ks/{long_hung.pk}/?d={desk.pk}" in html
    assert reverse("surveys:poster_pdf", args=[long_hung.pk]) in html
    assert "Quầy 1" in html and "100,0%" in html


def test_the_qr_poster_is_an_a4_pdf_with_the_qr_embedded(client, officer, long_hung, desk_factory, sipas):
    desk = desk_factory(commune=long_hung)
    client.force_login(officer)
    response = client.get(reverse("surveys:poster_pdf", args=[long_hung.pk]), {"d": desk.pk})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert_project_fonts_only(response.content)
    document = render_document(
        "surveys/pdf/poster.html",
        {
            "commune": long_hung,
            "issuer": long_hung,
            "desk": desk,
            "url": "http://x/ks/1/",
            "qr": qr_data_uri("x"),
        },
    )
    assert len(document.pages) == 1
    assert (round(document.pages[0].width * 0.75), round(document.pages[0].height * 0.75)) == (595, 842)  # A4


def test_a_poster_of_another_communes_desk_is_404(client, officer, long_hung, hong_minh, desk_factory):
    desk = desk_factory(commune=hong_minh)
    client.force_login(officer)
    assert client.get(reverse("surveys:poster_pdf", args=[long_hung.pk]), {"d": desk.pk}).status_code == 404


def test_an_officer_adds_a_desk_and_a_viewer_may_not(client, officer, province_viewer, long_hung):
    client.force_login(province_viewer)
    assert (
        client.post(reverse("surveys:desk_create", args=[long_hung.pk]), {"name": "Quầy 2"}).status_code
        == 403
    )
    client.force_login(officer)
    url = reverse("surveys:desk_create", args=[long_hung.pk])
    data = {"name": "Quầy 2", "kiosk_interval_seconds": 3, "kiosk_reset_seconds": 6}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert "Xã đã có quầy mang tên này." in again.content.decode()
    bad = client.post(url, {"name": "Quầy 3", "kiosk_interval_seconds": 3, "kiosk_reset_seconds": 0})
    assert "từ 1 đến 120 giây" in bad.content.decode()
    assert long_hung.survey_desks.count() == 1


# --- Codes ----------------------------------------------------------------------------------------------


def test_an_officer_prints_a_one_time_code_for_a_receipt(client, officer, long_hung, sipas, service):
    client.force_login(officer)
    response = client.post(
        reverse("surveys:code_create", args=[long_hung.pk]),
        {"dossier_number": "H56.12646-0001", "service": service.pk},
    )
    code = ResponseCode.objects.get()
    assert response["Location"] == reverse("surveys:code_slip", args=[code.pk])
    assert code.officer == officer and code.service == service
    slip = client.get(response["Location"]).content.decode()
    assert code.code in slip and "data:image/png;base64," in slip
    pdf = client.get(response["Location"], {"format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    assert_project_fonts_only(pdf.content)


def test_codes_are_scoped(client, officer, other_officer, province_viewer, long_hung, hong_minh):
    mine = services.code_issue(commune=long_hung, by=officer)
    theirs = services.code_issue(commune=hong_minh, by=other_officer)
    client.force_login(officer)
    assert client.get(reverse("surveys:code_slip", args=[theirs.pk])).status_code == 404
    listed = client.get(reverse("surveys:code_list")).content.decode()
    assert mine.code in listed and theirs.code not in listed
    assert client.get(reverse("surveys:code_list"), {"commune": hong_minh.pk}).status_code == 404
    assert client.post(reverse("surveys:code_create", args=[hong_minh.pk]), {}).status_code == 404
    client.force_login(province_viewer)
    assert client.post(reverse("surveys:code_create", args=[long_hung.pk]), {}).status_code == 403


@pytest.mark.parametrize("size", [2, 10])
def test_the_code_list_makes_bounded_queries(client, officer, long_hung, size, django_assert_max_num_queries):
    for _index in range(size):
        services.code_issue(commune=long_hung, by=officer)
    client.force_login(officer)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("surveys:code_list"))
    assert len(page.context["page_obj"]) == size


# --- Paper batches ------------------------------------------------------------------------------------


def photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="JPEG")
    return SimpleUploadedFile("lo-phieu.jpg", buffer.getvalue(), content_type="image/jpeg")


def paper_data(template, *, score: int) -> dict:
    """A paper form as typed in the grid: each choice as the digit printed beside it."""
    data = {"template": template.pk}
    for question in template.questions.all():
        data[f"q{question.pk}"] = {"scale": str(score), "yes_no": "1", "single": "1", "multiple": "13"}.get(
            question.kind, ""
        )
    return data


def test_an_officer_enters_a_paper_batch_form_by_form(client, officer, tien_duc, sipas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer)
    response = client.post(
        reverse("surveys:batch_create", args=[tien_duc.pk]),
        {"collected_on": "2025-03-14", "expected_forms": 2, "photo": photo(), "note": "Hòm phiếu tháng 3"},
    )
    batch = PaperBatch.objects.get()
    assert response["Location"] == reverse("surveys:batch_entry", args=[batch.pk])
    entry = client.get(response["Location"])
    assert "Phiếu 1/2" in entry.content.decode() and "autofocus" in entry.content.decode()
    data = paper_data(sipas, score=4)
    assert client.post(response["Location"], data)["Location"] == response["Location"]
    bad = data | {f"q{sipas.questions.get(factor='overall').pk}": ""}
    assert "Vui lòng trả lời câu hỏi này." in client.post(response["Location"], bad).content.decode()
    client.post(response["Location"], data)
    assert SurveyResponse.objects.filter(batch=batch, channel="paper").count() == 2
    done = client.get(response["Location"])
    assert done["Location"] == reverse("surveys:batch_detail", args=[batch.pk])
    detail = client.get(done["Location"]).content.decode()
    assert "2 / 2" in detail and reverse("surveys:batch_photo", args=[batch.pk]) in detail
    image = client.get(reverse("surveys:batch_photo", args=[batch.pk]))
    assert image["Content-Type"] == "image/jpeg"


def test_a_batch_without_a_valid_photo_gets_a_vietnamese_error(client, officer, tien_duc, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer)
    fake = SimpleUploadedFile("anh.jpg", b"not an image at all", content_type="image/jpeg")
    response = client.post(
        reverse("surveys:batch_create", args=[tien_duc.pk]),
        {"collected_on": "2025-03-14", "expected_forms": 2, "photo": fake},
    )
    assert response.status_code == 200
    assert PaperBatch.objects.count() == 0
    assert "ảnh" in response.content.decode().lower()


def test_province_staff_mark_a_batch_checked_and_viewers_may_not(
    client, officer, province_viewer, user_factory, hung_yen, tien_duc
):
    batch = services.batch_create(
        commune=tien_duc, by=officer, collected_on=datetime.date(2025, 3, 14), expected_forms=1
    )
    url = reverse("surveys:batch_check", args=[batch.pk])
    client.force_login(province_viewer)
    assert client.post(url).status_code == 403
    client.force_login(officer)
    assert client.post(url).status_code == 403
    client.force_login(user_factory(username="tinh.hy.qt", role="province_admin", province=hung_yen))
    assert client.post(url).status_code == 302
    batch.refresh_from_db()
    assert batch.is_checked


def test_batches_are_scoped(client, officer, other_officer, tien_duc, chi_hoa):
    theirs = services.batch_create(
        commune=chi_hoa, by=other_officer, collected_on=datetime.date(2025, 3, 14), expected_forms=1
    )
    client.force_login(officer)
    for name in ("batch_detail", "batch_entry", "batch_photo"):
        assert client.get(reverse(f"surveys:{name}", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("surveys:batch_check", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("surveys:batch_list"), {"commune": chi_hoa.pk}).status_code == 404
    assert client.post(reverse("surveys:batch_create", args=[chi_hoa.pk]), {}).status_code == 404


@pytest.mark.parametrize("size", [2, 9])
def test_the_batch_list_makes_bounded_queries(
    client, province_viewer, officer, tien_duc, size, django_assert_max_num_queries
):
    for _index in range(size):
        services.batch_create(
            commune=tien_duc, by=officer, collected_on=datetime.date(2025, 3, 14), expected_forms=3
        )
    client.force_login(province_viewer)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("surveys:batch_list"))
    assert len(page.context["page_obj"]) == size
    assert "Xã Tiến Đức" in page.content.decode()


# --- Tallies ----------------------------------------------------------------------------------------


def test_an_officer_records_history_as_tallies(client, officer, province_viewer, tien_duc, chi_hoa):
    client.force_login(officer)
    url = reverse("surveys:tally_create", args=[tien_duc.pk])
    data = {
        "period_start": "2022-01-01",
        "period_end": "2022-12-31",
        "forms": 1500,
        "satisfied": 1400,
        "note": "Sổ tổng hợp 2022",
    }
    assert client.post(url, data).status_code == 302
    bad = client.post(url, data | {"satisfied": 1600})
    assert "không được vượt quá" in bad.content.decode()
    assert SurveyTally.objects.count() == 1
    assert MonthlyCount.objects.get().forms == 1500
    assert client.post(reverse("surveys:tally_create", args=[chi_hoa.pk]), data).status_code == 404
    client.force_login(province_viewer)
    assert client.post(url, data).status_code == 403
    listed = client.get(reverse("surveys:tally_list")).content.decode()
    assert "Sổ tổng hợp 2022" in listed and "1.500" in listed
    tally = SurveyTally.objects.get()
    assert client.post(reverse("surveys:tally_delete", args=[tally.pk])).status_code == 403


@pytest.mark.parametrize("size", [2, 8])
def test_the_tally_list_makes_bounded_queries(client, officer, tien_duc, size, django_assert_max_num_queries):
    for year in range(2010, 2010 + size):
        services.tally_record(
            commune=tien_duc,
            by=officer,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            forms=10,
        )
    client.force_login(officer)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("surveys:tally_list"))
    assert len(page.context["page_obj"]) == size


# --- Templates ------------------------------------------------------------------------------------------


def test_a_province_admin_makes_publishes_a_new_version(client, province_admin, officer, sipas):
    client.force_login(officer)
    assert client.post(reverse("surveys:template_new_version", args=[sipas.pk])).status_code == 403
    client.force_login(province_admin)
    listed = client.get(reverse("surveys:template_list")).content.decode()
    assert "Phiếu khảo sát sự hài lòng" in listed and "Đã công bố" in listed
    response = client.post(reverse("surveys:template_new_version", args=[sipas.pk]))
    draft = sipas.__class__.objects.get(version=2)
    assert response["Location"] == reverse("surveys:template_detail", args=[draft.pk])
    add = reverse("surveys:question_create", args=[draft.pk])
    bad = client.post(add, {"text": "Chọn", "kind": "single", "options_text": "Một"})
    assert "ít nhất hai lựa chọn" in bad.content.decode()
    ok = client.post(
        add,
        {
            "text": "Ông/Bà biết đến cổng dịch vụ công qua đâu?",
            "kind": "single",
            "options_text": "Cán bộ\nInternet",
        },
    )
    assert ok.status_code == 302
    client.post(reverse("surveys:template_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.is_published
    page = client.get(reverse("surveys:template_detail", args=[draft.pk])).content.decode()
    assert "Đã công bố, không thể thay đổi." in page and "Cán bộ; Internet" in page
    assert client.post(add, {"text": "Muộn", "kind": "yes_no"}).status_code == 200
    assert draft.questions.filter(text="Muộn").count() == 0


def test_another_communes_desks_and_tallies_are_404(client, officer, other_officer, chi_hoa):
    tally = services.tally_record(
        commune=chi_hoa,
        by=other_officer,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        forms=5,
    )
    client.force_login(officer)
    assert client.post(reverse("surveys:tally_delete", args=[tally.pk])).status_code == 404
    assert client.get(reverse("surveys:tally_list"), {"commune": chi_hoa.pk}).status_code == 404
    assert client.post(reverse("surveys:desk_create", args=[chi_hoa.pk]), {"name": "Quầy"}).status_code == 404
    assert SurveyTally.objects.filter(pk=tally.pk).exists()

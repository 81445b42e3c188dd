"""Rules of the surveys services: versioned templates, answers by question kind, one-time codes,
paper batches, tallies, and counts that stay exact."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils import timezone

from surveys import services
from surveys.models import Answer, MonthlyAnswerCount, MonthlyCount, Question, SurveyResponse, SurveyTemplate
from tests.surveys.conftest import answers_for

# --- Templates ----------------------------------------------------------------------------------------


def test_the_default_template_asks_the_five_sipas_factors_as_perception_satisfaction_expectation(sipas):
    assert sipas.is_published
    for factor in ["access", "procedure", "officer", "result", "feedback"]:
        aspects = set(sipas.questions.filter(factor=factor).values_list("aspect", flat=True))
        assert aspects == {"perception", "satisfaction", "expectation"}
        satisfaction = sipas.questions.get(factor=factor, aspect="satisfaction")
        assert satisfaction.kind == Question.Kind.SCALE and satisfaction.required
    kinds = set(sipas.questions.values_list("kind", flat=True))
    assert kinds == {"scale", "yes_no", "single", "multiple", "short_text", "long_text"}
    assert sipas.questions.filter(required=False).exists()
    assert "Tiếp cận" in sipas.questions.get(factor="access", aspect="satisfaction").get_factor_display()
    assert services.template_default_ensure() == sipas  # idempotent


def test_a_published_template_never_changes(sipas, province_admin):
    question = sipas.questions.first()
    with pytest.raises(ValidationError, match="đã công bố"):
        services.question_add(template=sipas, by=province_admin, text="Câu mới", kind="yes_no")
    with pytest.raises(ValidationError, match="đã công bố"):
        services.question_update(question=question, by=province_admin, text="Sửa")
    with pytest.raises(ValidationError, match="đã công bố"):
        services.question_delete(question=question, by=province_admin)
    with pytest.raises(ValidationError):
        services.template_publish(template=sipas, by=province_admin)
    question.refresh_from_db()
    assert question.text != "Sửa"


def test_a_new_version_copies_the_questions_and_responses_keep_their_version(
    sipas, province_admin, long_hung
):
    old = services.response_submit(
        template=sipas, commune=long_hung, answers=answers_for(sipas), channel="web"
    )
    draft = services.template_new_version(template=sipas, by=province_admin)
    assert (draft.family, draft.version, draft.is_published) == ("sipas", 2, False)
    assert draft.questions.count() == sipas.questions.count()
    services.question_add(
        template=draft, by=province_admin, text="Ông/Bà có sử dụng dịch vụ công trực tuyến?", kind="yes_no"
    )
    with pytest.raises(ValidationError, match="chưa được công bố"):
        services.response_submit(template=draft, commune=long_hung, answers={}, channel="web")
    services.template_publish(template=draft, by=province_admin)
    from surveys.selectors import template_current

    assert template_current() == draft
    old.refresh_from_db()
    assert old.template == sipas
    assert old.answers.filter(question__template=sipas).count() == old.answers.count()


def test_only_province_administrators_author_templates(sipas, officer, province_viewer):
    for user in (officer, province_viewer):
        with pytest.raises(PermissionDenied):
            services.template_new_version(template=sipas, by=user)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "single", "options": ["Một"]}, "options", "ít nhất hai"),
        ({"kind": "multiple", "options": ["A", "A"]}, "options", "trùng"),
        ({"kind": "yes_no", "options": ["A", "B"]}, "options", "Chỉ câu hỏi lựa chọn"),
        ({"kind": "yes_no", "aspect": "satisfaction", "factor": "access"}, "kind", "thang 1-5"),
        ({"kind": "scale", "aspect": "satisfaction"}, "factor", "yếu tố SIPAS"),
        ({"kind": "long_text", "in_kiosk": True}, "in_kiosk", "Máy tính bảng"),
    ],
)
def test_it_refuses_inconsistent_questions(sipas, province_admin, fields, field, message):
    draft = services.template_new_version(template=sipas, by=province_admin)
    with pytest.raises(ValidationError) as error:
        services.question_add(template=draft, by=province_admin, text="Câu hỏi", **fields)
    assert message in " ".join(error.value.message_dict[field])


def test_publishing_needs_a_kiosk_question(sipas, province_admin):
    draft = services.template_new_version(template=sipas, by=province_admin)
    draft.questions.filter(in_kiosk=True).delete()
    with pytest.raises(ValidationError, match="máy tính bảng"):
        services.template_publish(template=draft, by=province_admin)


# --- Answers ------------------------------------------------------------------------------------------


def q(template, **lookup) -> Question:
    return template.questions.get(**lookup)


@pytest.mark.parametrize(
    ("lookup", "value", "message"),
    [
        ({"factor": "overall"}, 0, "từ 1 đến 5"),
        ({"factor": "overall"}, "năm", "từ 1 đến 5"),
        ({"factor": "access", "aspect": "perception"}, "có lẽ", "Có hoặc Không"),
        ({"kind": "single"}, 7, "Lựa chọn không hợp lệ"),
        ({"factor": "access", "aspect": "expectation"}, [0, 99], "Lựa chọn không hợp lệ"),
        ({"kind": "short_text"}, "x" * 201, "tối đa 200"),
        ({"kind": "long_text"}, "x" * 2001, "tối đa 2000"),
    ],
)
def test_it_refuses_invalid_answers_and_stores_nothing(sipas, long_hung, lookup, value, message):
    answers = answers_for(sipas)
    question = q(sipas, **lookup)
    answers[question.pk] = value
    with pytest.raises(ValidationError) as error:
        services.response_submit(template=sipas, commune=long_hung, answers=answers, channel="web")
    assert message in " ".join(error.value.message_dict[f"q{question.pk}"])
    assert SurveyResponse.objects.count() == 0 and MonthlyCount.objects.count() == 0


def test_it_requires_required_questions_only(sipas, long_hung):
    required = {question.pk: 4 for question in sipas.questions.filter(required=True)}
    response = services.response_submit(template=sipas, commune=long_hung, answers=required, channel="web")
    assert response.answers.count() == 6
    with pytest.raises(ValidationError, match="Vui lòng trả lời"):
        services.response_submit(template=sipas, commune=long_hung, answers={}, channel="web")


def test_it_refuses_questions_of_another_template(sipas, long_hung, province_admin):
    draft = services.template_new_version(template=sipas, by=province_admin)
    answers = answers_for(sipas)
    answers[draft.questions.first().pk] = 5
    with pytest.raises(ValidationError, match="không có trong phiếu"):
        services.response_submit(template=sipas, commune=long_hung, answers=answers, channel="web")


def test_it_refuses_a_unit_that_is_not_a_commune(sipas, hung_ha):
    with pytest.raises(ValidationError, match="cấp xã"):
        services.response_submit(template=sipas, commune=hung_ha, answers=answers_for(sipas), channel="web")


def test_the_kiosk_asks_only_its_questions(sipas, long_hung):
    overall = q(sipas, factor="overall")
    response = services.response_submit(
        template=sipas, commune=long_hung, answers={overall.pk: 2}, channel="kiosk"
    )
    assert response.overall_satisfied is False
    counts = MonthlyCount.objects.get()
    assert (counts.forms, counts.overall_answered, counts.access_answered) == (1, 1, 0)


def test_it_judges_satisfaction_as_4_or_5_and_counts_each_factor(sipas, long_hung):
    answers = answers_for(sipas, score=4, overall=3)
    answers[q(sipas, factor="result", aspect="satisfaction").pk] = 2
    services.response_submit(template=sipas, commune=long_hung, answers=answers, channel="web")
    counts = MonthlyCount.objects.get()
    assert (counts.overall_answered, counts.overall_satisfied) == (1, 0)
    assert (counts.access_answered, counts.access_satisfied) == (1, 1)
    assert (counts.result_answered, counts.result_satisfied) == (1, 0)
    distribution = dict(
        MonthlyAnswerCount.objects.filter(question=q(sipas, factor="overall")).values_list("value", "count")
    )
    assert distribution == {3: 1}


def test_without_an_overall_question_the_overall_judgement_is_the_mean_of_the_factors(
    sipas, province_admin, long_hung
):
    draft = services.template_new_version(template=sipas, by=province_admin)
    overall = draft.questions.get(factor="overall")
    overall.delete()
    draft.questions.filter(factor="access", aspect="perception").update(in_kiosk=True)
    draft = services.template_publish(template=draft, by=province_admin)
    answers = answers_for(draft, score=4)
    answers[draft.questions.get(factor="officer", aspect="satisfaction").pk] = 3  # mean 3.8
    response = services.response_submit(template=draft, commune=long_hung, answers=answers, channel="web")
    assert response.overall_satisfied is False


def test_free_text_is_stored_exactly_as_typed(sipas, long_hung):
    typed = "  Cán bộ <b>rất</b> tận tình\n– cảm ơn!  "
    answers = answers_for(sipas, text=typed)
    services.response_submit(template=sipas, commune=long_hung, answers=answers, channel="web")
    assert Answer.objects.get(question__kind="long_text").text == typed


def test_counts_stay_exact_over_many_responses(sipas, long_hung, hong_minh):
    scores = [1, 2, 3, 4, 5, 5, 4, 4]
    for index, score in enumerate(scores):
        commune = long_hung if index % 2 else hong_minh
        services.response_submit(
            template=sipas, commune=commune, answers=answers_for(sipas, score=score), channel="web"
        )
    totals = MonthlyCount.objects.aggregate(
        forms=Sum("forms"), answered=Sum("overall_answered"), satisfied=Sum("overall_satisfied")
    )
    assert totals == {"forms": 8, "answered": 8, "satisfied": 5}
    assert SurveyResponse.objects.filter(overall_satisfied=True).count() == 5
    overall = q(sipas, factor="overall")
    assert MonthlyAnswerCount.objects.filter(question=overall).aggregate(n=Sum("count"))["n"] == 8


# --- One-time codes ---------------------------------------------------------------------------------


def test_a_code_works_once_and_carries_service_officer_and_commune(
    sipas, long_hung, hong_minh, officer, service_factory
):
    service = service_factory()
    code = services.code_issue(commune=long_hung, by=officer, service=service, dossier_number=" H56-001 ")
    assert len(code.code) == 8 and code.officer == officer and code.dossier_number == "H56-001"
    # The code decides the commune, whatever the caller says.
    response = services.response_submit(
        template=sipas, commune=hong_minh, answers=answers_for(sipas), channel="web", code=code.code.lower()
    )
    assert (response.commune, response.service, response.officer, response.channel) == (
        long_hung,
        service,
        officer,
        "code",
    )
    with pytest.raises(ValidationError) as error:
        services.response_submit(
            template=sipas, commune=long_hung, answers=answers_for(sipas), channel="web", code=code.code
        )
    assert "đã được dùng" in error.value.message_dict["code"][0]
    assert SurveyResponse.objects.count() == 1


def test_an_unknown_code_is_refused(sipas, long_hung):
    with pytest.raises(ValidationError, match="không đúng"):
        services.response_submit(
            template=sipas, commune=long_hung, answers=answers_for(sipas), channel="web", code="ZZZZ9999"
        )


def test_codes_are_issued_by_the_communes_own_officers(long_hung, other_officer, province_viewer, officer):
    for user in (other_officer, province_viewer):
        with pytest.raises(PermissionDenied):
            services.code_issue(commune=long_hung, by=user)
    with pytest.raises(ValidationError, match="không thuộc xã"):
        services.code_issue(commune=long_hung, by=officer, officer=other_officer)


def test_a_desk_of_another_commune_is_refused(sipas, long_hung, hong_minh, desk_factory):
    desk = desk_factory(commune=hong_minh)
    with pytest.raises(ValidationError, match="Quầy này"):
        services.response_submit(
            template=sipas, commune=long_hung, answers=answers_for(sipas), channel="web", desk=desk
        )


# --- Paper batches and tallies ------------------------------------------------------------------------


def test_a_paper_batch_takes_its_forms_then_is_checked_by_the_province(
    sipas, tien_duc, officer, user_factory, hung_yen
):
    batch = services.batch_create(
        commune=tien_duc, by=officer, collected_on=datetime.date(2025, 3, 14), expected_forms=2
    )
    for score in (5, 2):
        response = services.batch_enter(
            batch=batch, by=officer, template=sipas, answers=answers_for(sipas, score=score)
        )
    assert response.channel == "paper" and response.batch == batch
    assert timezone.localtime(response.submitted_at).date() == datetime.date(2025, 3, 14)
    assert MonthlyCount.objects.get(month=datetime.date(2025, 3, 1)).forms == 2
    with pytest.raises(ValidationError, match="đủ 2 phiếu"):
        services.batch_enter(batch=batch, by=officer, template=sipas, answers=answers_for(sipas))
    with pytest.raises(PermissionDenied):
        services.batch_check(batch=batch, by=officer)
    admin = user_factory(username="tinh.hy.admin", role="province_admin", province=hung_yen)
    checked = services.batch_check(batch=batch, by=admin)
    assert checked.is_checked and checked.checked_by == admin
    with pytest.raises(ValidationError, match="đã được kiểm tra"):
        services.batch_check(batch=batch, by=admin)


def test_a_checked_batch_takes_no_more_forms(sipas, tien_duc, officer, superuser):
    batch = services.batch_create(
        commune=tien_duc, by=officer, collected_on=datetime.date(2025, 3, 14), expected_forms=5
    )
    services.batch_check(batch=batch, by=superuser)
    with pytest.raises(ValidationError, match="đã được kiểm tra"):
        services.batch_enter(batch=batch, by=officer, template=sipas, answers=answers_for(sipas))


def test_a_batch_date_cannot_be_in_the_future(long_hung, officer):
    with pytest.raises(ValidationError, match="tương lai"):
        services.batch_create(
            commune=long_hung,
            by=officer,
            collected_on=timezone.localdate() + datetime.timedelta(days=1),
            expected_forms=3,
        )


def test_tallies_count_in_the_month_their_period_ends_and_deleting_one_takes_it_back(tien_duc, officer):
    tally = services.tally_record(
        commune=tien_duc,
        by=officer,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        forms=1200,
        satisfied=1100,
    )
    counts = MonthlyCount.objects.get()
    assert (counts.month, counts.forms, counts.overall_answered, counts.overall_satisfied) == (
        datetime.date(2023, 12, 1),
        1200,
        1200,
        1100,
    )
    services.tally_delete(tally=tally, by=officer)
    counts.refresh_from_db()
    assert (counts.forms, counts.overall_answered, counts.overall_satisfied) == (0, 0, 0)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"forms": 10, "satisfied": 11}, "satisfied"),
        ({"forms": 0}, "forms"),
        ({"forms": 10, "period_end": datetime.date(2022, 1, 1)}, "period_end"),
    ],
)
def test_it_refuses_inconsistent_tallies(tien_duc, officer, fields, field):
    data = {"period_start": datetime.date(2023, 1, 1), "period_end": datetime.date(2023, 12, 31), **fields}
    with pytest.raises(ValidationError) as error:
        services.tally_record(commune=tien_duc, by=officer, **data)
    assert field in error.value.message_dict
    assert MonthlyCount.objects.count() == 0


def test_a_province_viewer_never_writes(long_hung, province_viewer):
    with pytest.raises(PermissionDenied):
        services.tally_record(
            commune=long_hung,
            by=province_viewer,
            period_start=datetime.date(2023, 1, 1),
            period_end=datetime.date(2023, 12, 31),
            forms=3,
        )


def test_template_rows_are_unique_per_version(sipas):
    with pytest.raises(Exception):  # noqa: B017 - the database refuses it
        SurveyTemplate.objects.create(family="sipas", version=1, title="Trùng")

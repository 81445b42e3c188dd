"""The era rule (communes.eras): a record dated from 01/07/2025 belongs to a 2025 unit, one dated
before to a pre-2025 unit, a period by its end date; services refuse the wrong era with a
Vietnamese message naming the right unit, on the pages and in the API; documents name the unit
in force on their date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from communes.eras import REFORM_DAY, ensure_unit_era, era_on, issuing_body, unit_in_force
from communes.models import (
    ActivityRecord,
    AdminUnit,
    FacilityCheck,
    InspectionVisit,
    SelfAssessment,
    SuggestionBoxOpening,
)
from communes.selectors.activity import commune_todo
from communes.services import activity as services

from .criteria.fixtures import start

D = datetime.date
Kind = ActivityRecord.Kind
TO_LONG_HUNG = "Từ 01/07/2025, xã Tiến Đức đã sáp nhập vào xã Long Hưng: hãy ghi vào xã Long Hưng."


def today() -> datetime.date:
    return timezone.localdate()


def message_of(error: pytest.ExceptionInfo, field: str) -> str:
    return error.value.message_dict[field][0]


# --- The rule ---------------------------------------------------------------------------------------


def test_the_reform_day_starts_the_current_era():
    assert era_on(D(2025, 6, 30)) == AdminUnit.Era.LEGACY
    assert era_on(D(2025, 7, 1)) == AdminUnit.Era.CURRENT
    # A moment counts by its local date: 00:30 on 01/07/2025 in Hà Nội is still 30/06 in UTC.
    moment = datetime.datetime(2025, 6, 30, 17, 30, tzinfo=datetime.UTC)
    assert era_on(moment) == AdminUnit.Era.CURRENT


def test_a_legacy_commune_takes_records_until_the_day_before_the_reform_only(tien_duc):
    ensure_unit_era(unit=tien_duc, on=D(2025, 6, 30))
    with pytest.raises(ValidationError) as error:
        ensure_unit_era(unit=tien_duc, on=REFORM_DAY, field="occurred_on")
    assert message_of(error, "occurred_on") == TO_LONG_HUNG


def test_a_2025_commune_takes_records_from_the_reform_day_only_and_names_the_communes_of_before(
    long_hung,
):
    ensure_unit_era(unit=long_hung, on=REFORM_DAY)
    with pytest.raises(ValidationError) as error:
        ensure_unit_era(unit=long_hung, on=D(2025, 6, 30))
    # Sorted by name, units of every kind named as they read in a sentence.
    assert set(message_of(error, "commune").split("(")[1].rstrip(").").split(", ")) == {
        "xã Tân Lễ",
        "thị trấn Hưng Nhân",
        "xã Liên Hiệp",
        "xã Tiến Đức",
        "xã Thái Hưng",
    }
    assert message_of(error, "commune").startswith("Trước 01/07/2025 chưa có xã Long Hưng: ")


def test_a_2025_ward_of_many_old_ones_names_five_and_counts_the_others(db):
    ward = (
        AdminUnit.objects.filter(era=AdminUnit.Era.CURRENT, level=AdminUnit.Level.COMMUNE)
        .annotate(n=Count("predecessors"))
        .filter(n__gte=7)
        .order_by("code")
        .first()
    )
    with pytest.raises(ValidationError) as error:
        ensure_unit_era(unit=ward, on=D(2024, 12, 31))
    message = message_of(error, "commune")
    named = ward.predecessors.exclude(code="").count()
    assert f"và {named - 5} đơn vị khác)." in message


# --- Services of the activity log ---------------------------------------------------------------


def test_today_s_letter_goes_to_the_2025_commune_and_is_refused_on_the_one_it_took_over(
    officer, long_hung, tien_duc
):
    with pytest.raises(ValidationError) as error:
        services.activity_record(commune=tien_duc, by=officer, kind=Kind.THANKS, occurred_on=today())
    assert message_of(error, "occurred_on") == TO_LONG_HUNG
    assert not ActivityRecord.objects.exists()
    services.activity_record(commune=long_hung, by=officer, kind=Kind.THANKS, occurred_on=today())
    # The history of the commune it took over is still the officer's to write.
    services.activity_record(commune=tien_duc, by=officer, kind=Kind.THANKS, occurred_on=D(2025, 6, 30))
    assert sorted(ActivityRecord.objects.values_list("commune__name", flat=True)) == [
        "Xã Long Hưng",
        "Xã Tiến Đức",
    ]


def test_a_period_belongs_by_its_end_date_and_is_never_split(officer, long_hung, tien_duc):
    year_2025 = {"kind": Kind.CONDOLENCE, "period_start": D(2025, 1, 1), "period_end": D(2025, 12, 31)}
    with pytest.raises(ValidationError) as error:
        services.activity_tally(commune=tien_duc, by=officer, count=12, **year_2025)
    assert message_of(error, "period_end") == TO_LONG_HUNG
    record = services.activity_tally(commune=long_hung, by=officer, count=12, **year_2025)
    assert (record.period_start, record.period_end, record.count) == (D(2025, 1, 1), D(2025, 12, 31), 12)
    with pytest.raises(ValidationError) as error:
        services.activity_tally(
            commune=long_hung,
            by=officer,
            kind=Kind.CONDOLENCE,
            period_start=D(2024, 1, 1),
            period_end=D(2025, 6, 30),
            count=3,
        )
    assert message_of(error, "period_end").startswith("Trước 01/07/2025 chưa có xã Long Hưng")
    assert ActivityRecord.objects.count() == 1


@pytest.mark.parametrize(
    ("service", "field", "extra", "model"),
    [
        (
            services.box_opening_record,
            "opened_on",
            {"witnesses": "Ông A, Bà B", "letters_found": 2},
            SuggestionBoxOpening,
        ),
        (
            services.facility_check_record,
            "checked_on",
            {"items": {item: (True, "") for item in FacilityCheck.Item.values}},
            FacilityCheck,
        ),
        (
            services.inspection_record,
            "visited_on",
            {"visitor": "Đoàn huyện", "visitor_title": "", "findings": "Tốt.", "tasks": []},
            InspectionVisit,
        ),
    ],
)
def test_box_openings_checklists_and_inspections_follow_the_rule(
    officer, long_hung, tien_duc, service, field, extra, model
):
    with pytest.raises(ValidationError) as error:
        service(commune=tien_duc, by=officer, **{field: today()}, **extra)
    assert message_of(error, field) == TO_LONG_HUNG
    with pytest.raises(ValidationError) as error:
        service(commune=long_hung, by=officer, **{field: D(2024, 5, 2)}, **extra)
    assert message_of(error, field).startswith("Trước 01/07/2025 chưa có xã Long Hưng")
    assert not model.objects.exists()
    service(commune=long_hung, by=officer, **{field: today()}, **extra)
    service(commune=tien_duc, by=officer, **{field: D(2024, 5, 2)}, **extra)
    assert model.objects.count() == 2


def test_a_follow_up_of_an_old_inspection_is_completed_on_its_commune_and_listed_for_the_new_one(
    officer, long_hung, tien_duc
):
    visit = services.inspection_record(
        commune=tien_duc,
        by=officer,
        visited_on=D(2025, 5, 20),
        visitor="Đoàn kiểm tra huyện Hưng Hà",
        visitor_title="",
        findings="Thiếu biển tên.",
        tasks=[{"description": "Làm biển tên", "owner": "", "due_on": D(2025, 8, 30)}],
    )
    task = visit.tasks.get()
    # Long Hưng's officer sees the task that Tiến Đức left open among their own to-dos.
    assert commune_todo(commune=long_hung)["overdue_tasks"] == [task]
    services.follow_up_complete(task=task, by=officer, completed_on=today())
    task.refresh_from_db()
    assert (task.completed_on, task.visit.commune) == (today(), tien_duc)


# --- Pages and API ----------------------------------------------------------------------------------


def test_the_quick_form_shows_the_rule_on_the_date_and_stores_nothing(client, officer, tien_duc):
    client.force_login(officer)
    response = client.post(
        reverse("communes:activity_new", args=[tien_duc.pk]),
        {"kind": Kind.THANKS, "occurred_on": today().isoformat(), "recipient": "Bà Lê Thị B"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["occurred_on"] == [TO_LONG_HUNG]
    html = response.content.decode()
    assert TO_LONG_HUNG in html
    assert 'value="Bà Lê Thị B"' in html
    assert not ActivityRecord.objects.exists()


def test_the_tally_form_of_the_2025_commune_refuses_a_period_of_2024(client, officer, long_hung):
    client.force_login(officer)
    response = client.post(
        reverse("communes:activity_tally_new", args=[long_hung.pk]),
        {"kind": Kind.THANKS, "period_start": "2024-01-01", "period_end": "2024-12-31", "count": "40"},
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["period_end"]
    assert message.startswith("Trước 01/07/2025 chưa có xã Long Hưng: số liệu của kỳ này ghi cho đơn vị cũ")
    assert not ActivityRecord.objects.exists()


def test_the_api_answers_400_with_the_rule(client, officer, tien_duc):
    client.force_login(officer)
    response = client.post(
        "/api/v1/activity/",
        {"commune": tien_duc.pk, "kind": Kind.THANKS, "occurred_on": today().isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"occurred_on": [TO_LONG_HUNG]}
    response = client.post(
        "/api/v1/box-openings/",
        {"commune": tien_duc.pk, "opened_on": today().isoformat(), "witnesses": "A, B", "letters_found": 1},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"opened_on": [TO_LONG_HUNG]}
    assert not ActivityRecord.objects.exists() and not SuggestionBoxOpening.objects.exists()


# --- Self-assessments ---------------------------------------------------------------------------------


def test_a_2025_self_assessment_belongs_to_the_2025_commune_which_takes_part_through_its_pilots(
    criteria_set, officer, long_hung, tien_duc
):
    year_2025 = {"period_label": "Năm 2025", "period_start": D(2025, 1, 1), "period_end": D(2025, 12, 31)}
    with pytest.raises(ValidationError) as error:
        start(criteria_set, tien_duc, officer, **year_2025)
    assert message_of(error, "commune") == TO_LONG_HUNG
    # Long Hưng was never enrolled itself: Tiến Đức and Thái Hưng, the pilots it took over, were.
    assessment = start(criteria_set, long_hung, officer, **year_2025)
    assert assessment.commune == long_hung
    with pytest.raises(ValidationError) as error:
        start(criteria_set, long_hung, officer)  # "Năm 2024"
    assert message_of(error, "commune").startswith("Trước 01/07/2025 chưa có xã Long Hưng")
    assert SelfAssessment.objects.count() == 1


def test_the_assessment_page_and_api_show_the_rule_on_the_commune(client, officer, criteria_set, tien_duc):
    client.force_login(officer)
    data = {
        "commune": tien_duc.pk,
        "period_label": "Năm 2026",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
    }
    response = client.post(reverse("communes:assessment_new", args=[criteria_set.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["commune"] == [TO_LONG_HUNG]
    response = client.post(
        "/api/v1/assessments/", {**data, "criteria_set": criteria_set.pk}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["commune"] == [TO_LONG_HUNG]
    assert not SelfAssessment.objects.exists()


# --- Documents ----------------------------------------------------------------------------------------


def test_documents_name_the_unit_in_force_on_their_date(
    tien_duc, long_hung, hung_ha, hung_yen, thai_binh_legacy
):
    assert unit_in_force(tien_duc, on=D(2024, 12, 31)) == tien_duc
    assert unit_in_force(tien_duc, on=REFORM_DAY) == long_hung
    assert unit_in_force(long_hung, on=D(2026, 3, 3)) == long_hung
    # A district none took over hands over to its province; a merged province to its successor.
    assert unit_in_force(hung_ha, on=D(2026, 3, 3)) == hung_yen
    assert unit_in_force(thai_binh_legacy, on=D(2026, 3, 3)) == hung_yen
    assert issuing_body(tien_duc, on=D(2024, 5, 6)) == "UBND XÃ TIẾN ĐỨC"
    assert issuing_body(tien_duc, on=D(2026, 5, 6)) == "UBND XÃ LONG HƯNG"
    assert issuing_body(None, on=D(2026, 5, 6)) == ""


def test_a_dissolved_commune_s_page_says_where_today_s_work_goes(client, officer, tien_duc, long_hung):
    client.force_login(officer)
    html = client.get(reverse("communes:unit_detail", args=[tien_duc.pk])).content.decode()
    assert "Xã Tiến Đức chỉ nhận số liệu trước ngày 01/07/2025; việc từ ngày này ghi cho" in html
    assert f'<a href="{reverse("communes:unit_detail", args=[long_hung.pk])}">Xã Long Hưng</a>' in html
    html = client.get(reverse("communes:unit_detail", args=[long_hung.pk])).content.decode()
    assert 'data-testid="era-note"' not in html

"""A commune's activity log: letters, ceremonies, suggestion boxes, checklists, inspections."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from communes.models import (
    ActivityRecord,
    FacilityCheck,
    FacilityPhoto,
    FollowUpTask,
    InspectionVisit,
    SuggestionBoxOpening,
)
from communes.selectors.activity import activity_totals, commune_todo
from communes.services import activity as services

Kind = ActivityRecord.Kind


def today() -> datetime.date:
    """The local date when the test runs (a module constant would go stale across midnight)."""
    return timezone.localdate()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def all_items(present=True):
    return {item: (present, "") for item in FacilityCheck.Item.values}


# --- Services --------------------------------------------------------------------------------------


def test_it_records_one_letter_as_a_one_day_entry(officer, long_hung):
    record = services.activity_record(
        commune=long_hung, by=officer, kind=Kind.THANKS, occurred_on=today(), recipient="Ông Nguyễn Văn A"
    )
    assert (record.count, record.period_start, record.period_end) == (1, today(), today())
    assert record.recorded_by == officer
    assert record.source == ActivityRecord.Source.ENTRY


def test_it_refuses_a_date_in_the_future(officer, long_hung):
    with pytest.raises(ValidationError) as error:
        services.activity_record(
            commune=long_hung, by=officer, kind=Kind.THANKS, occurred_on=today() + datetime.timedelta(days=1)
        )
    assert "tương lai" in str(error.value)
    assert not ActivityRecord.objects.exists()


def test_it_refuses_an_unknown_kind(officer, long_hung):
    with pytest.raises(ValidationError):
        services.activity_record(commune=long_hung, by=officer, kind="letter_spam", occurred_on=today())


def test_an_officer_cannot_record_for_another_commune(officer, hong_minh):
    with pytest.raises(PermissionDenied):
        services.activity_record(commune=hong_minh, by=officer, kind=Kind.THANKS, occurred_on=today())


def test_a_province_viewer_cannot_record(province_viewer, tien_duc):
    with pytest.raises(PermissionDenied):
        services.activity_record(commune=tien_duc, by=province_viewer, kind=Kind.THANKS, occurred_on=today())


def test_a_period_total_needs_an_ordered_period_and_a_positive_count(officer, tien_duc):
    with pytest.raises(ValidationError):
        services.activity_tally(
            commune=tien_duc,
            by=officer,
            kind=Kind.CONDOLENCE,
            period_start=datetime.date(2024, 12, 31),
            period_end=datetime.date(2024, 1, 1),
            count=5,
        )
    with pytest.raises(ValidationError):
        services.activity_tally(
            commune=tien_duc,
            by=officer,
            kind=Kind.CONDOLENCE,
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 12, 31),
            count=0,
        )
    assert not ActivityRecord.objects.exists()


def test_totals_add_entries_and_period_totals_by_kind(officer, long_hung, tien_duc, chi_hoa, other_officer):
    # Today's letter on the 2025 commune, the 2024 totals on the communes of then.
    services.activity_record(commune=long_hung, by=officer, kind=Kind.THANKS, occurred_on=today())
    services.activity_tally(
        commune=tien_duc,
        by=officer,
        kind=Kind.THANKS,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        count=120,
    )
    services.activity_tally(
        commune=chi_hoa,
        by=other_officer,
        kind=Kind.MARRIAGE_CEREMONY,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        count=9,
    )
    communes = tien_duc.__class__.objects.filter(pk__in=[long_hung.pk, tien_duc.pk, chi_hoa.pk])
    totals = activity_totals(communes=communes)
    assert totals[Kind.THANKS] == 121
    assert totals["letters"] == 121
    assert totals["ceremonies"] == 9
    assert activity_totals(communes=communes, end=datetime.date(2024, 12, 31))[Kind.THANKS] == 120


def test_a_checklist_needs_every_item(officer, long_hung):
    items = all_items()
    items.pop(FacilityCheck.Item.SUGGESTION_BOX)
    with pytest.raises(ValidationError):
        services.facility_check_record(commune=long_hung, by=officer, checked_on=today(), items=items)
    assert not FacilityCheck.objects.exists()


def test_the_to_do_list_shows_checklist_gaps_and_overdue_follow_ups(officer, long_hung):
    items = all_items()
    items[FacilityCheck.Item.NAME_BADGES] = (False, "3 cán bộ chưa có biển tên")
    services.facility_check_record(commune=long_hung, by=officer, checked_on=today(), items=items)
    visit = services.inspection_record(
        commune=long_hung,
        by=officer,
        visited_on=today() - datetime.timedelta(days=30),
        visitor="Nguyễn Tiến Thành",
        visitor_title="Phó Bí thư thường trực Tỉnh ủy",
        findings="Thực hiện tốt \u201c5 biết\u201d.",
        tasks=[
            {
                "description": "Bổ sung biển tên",
                "owner": "Văn phòng",
                "due_on": today() - datetime.timedelta(days=1),
            },
            {"description": "Kiểm tra định kỳ", "owner": "", "due_on": today() + datetime.timedelta(days=7)},
        ],
    )
    todo = commune_todo(commune=long_hung)
    assert [gap.item for gap in todo["checklist_gaps"]] == [FacilityCheck.Item.NAME_BADGES]
    assert not todo["check_overdue"]
    assert [task.description for task in todo["overdue_tasks"]] == ["Bổ sung biển tên"]
    assert [task.description for task in todo["tasks_due_soon"]] == ["Kiểm tra định kỳ"]

    task = visit.tasks.get(description="Bổ sung biển tên")
    services.follow_up_complete(task=task, by=officer, completed_on=today(), completion_note="Đã làm")
    assert commune_todo(commune=long_hung)["overdue_tasks"] == []
    with pytest.raises(ValidationError):
        services.follow_up_complete(task=task, by=officer, completed_on=today())


def test_a_follow_up_due_before_the_visit_is_refused_and_nothing_is_kept(officer, long_hung):
    with pytest.raises(ValidationError):
        services.inspection_record(
            commune=long_hung,
            by=officer,
            visited_on=today(),
            visitor="Đoàn kiểm tra huyện",
            visitor_title="",
            findings="...",
            tasks=[{"description": "x", "owner": "", "due_on": today() - datetime.timedelta(days=3)}],
        )
    assert not InspectionVisit.objects.exists()


def test_a_box_opening_needs_witnesses(officer, long_hung):
    with pytest.raises(ValidationError):
        services.box_opening_record(
            commune=long_hung, by=officer, opened_on=today(), witnesses=" ", letters_found=2
        )


# --- Pages ---------------------------------------------------------------------------------------


def test_an_officer_logs_a_thank_you_letter_from_the_quick_form(client, officer, long_hung):
    client.force_login(officer)
    url = reverse("communes:activity_new", args=[long_hung.pk])
    response = client.post(
        url, {"kind": Kind.THANKS, "occurred_on": today().isoformat(), "recipient": "Bà Lê Thị B"}
    )
    assert response.status_code == 302
    assert response.url == url  # back to the form, ready for the next one
    record = ActivityRecord.objects.get()
    assert (record.commune, record.kind, record.recipient) == (long_hung, Kind.THANKS, "Bà Lê Thị B")
    assert "Đã ghi: Thư cảm ơn." in client.get(url).content.decode()


def test_the_quick_form_shows_errors_in_vietnamese_and_keeps_the_input(client, officer, long_hung):
    client.force_login(officer)
    response = client.post(
        reverse("communes:activity_new", args=[long_hung.pk]),
        {
            "kind": Kind.THANKS,
            "occurred_on": (today() + datetime.timedelta(days=2)).isoformat(),
            "recipient": "Ông C",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ngày không được ở tương lai." in html
    assert 'value="Ông C"' in html
    assert not ActivityRecord.objects.exists()


@pytest.mark.parametrize(
    "name", ["activity_new", "activity_tally_new", "box_opening_new", "facility_check_new", "inspection_new"]
)
def test_log_forms_of_another_commune_answer_404(client, officer, hong_minh, name):
    client.force_login(officer)
    assert client.get(reverse(f"communes:{name}", args=[hong_minh.pk])).status_code == 404


@pytest.mark.parametrize(
    "name", ["activity_new", "activity_tally_new", "box_opening_new", "facility_check_new", "inspection_new"]
)
def test_log_forms_are_refused_to_a_province_viewer(client, province_viewer, long_hung, name):
    client.force_login(province_viewer)
    assert client.get(reverse(f"communes:{name}", args=[long_hung.pk])).status_code == 403


def test_a_checklist_with_a_photo_is_saved_and_the_photo_is_served_in_scope_only(
    client, officer, other_officer, long_hung
):
    client.force_login(officer)
    data = {"checked_on": today().isoformat(), "note": ""}
    for item in FacilityCheck.Item.values:
        data[f"item_{item}"] = "on"
    data["item_name_badges"] = ""
    data["photos"] = [SimpleUploadedFile("mot-cua.png", PNG, content_type="image/png")]
    response = client.post(reverse("communes:facility_check_new", args=[long_hung.pk]), data)
    assert response.status_code == 302
    check = FacilityCheck.objects.get()
    assert check.items.filter(present=False).get().item == "name_badges"
    photo = FacilityPhoto.objects.get()
    url = reverse("communes:file", args=["facility-photo", photo.pk])
    downloaded = client.get(url)
    assert downloaded.status_code == 200
    assert downloaded["Content-Type"] == "image/png"
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    assert client.get(reverse("communes:facility_check_detail", args=[check.pk])).status_code == 404


def test_a_checklist_photo_that_is_not_an_image_is_refused_and_nothing_is_saved(client, officer, long_hung):
    client.force_login(officer)
    data = {"checked_on": today().isoformat()}
    data["photos"] = [SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")]
    response = client.post(reverse("communes:facility_check_new", args=[long_hung.pk]), data)
    assert response.status_code == 200
    assert "Chỉ nhận ảnh" in response.content.decode()
    assert not FacilityCheck.objects.exists()


def test_an_inspection_with_follow_ups_is_recorded_and_a_task_completed(client, officer, long_hung):
    client.force_login(officer)
    data = {
        "visited_on": today().isoformat(),
        "visitor": "Nguyễn Tiến Thành",
        "visitor_title": "Phó Bí thư thường trực Tỉnh ủy",
        "findings": "Quán triệt \u201c3 luôn\u201d, \u201c5 biết\u201d, \u201c5 không\u201d.",
        "tasks-TOTAL_FORMS": "3",
        "tasks-INITIAL_FORMS": "0",
        "tasks-0-description": "Thường xuyên kiểm tra, giám sát",
        "tasks-0-owner": "UBND phường",
        "tasks-0-due_on": (today() + datetime.timedelta(days=30)).isoformat(),
    }
    response = client.post(reverse("communes:inspection_new", args=[long_hung.pk]), data)
    assert response.status_code == 302
    visit = InspectionVisit.objects.get()
    task = visit.tasks.get()
    html = client.get(reverse("communes:inspection_detail", args=[visit.pk])).content.decode()
    assert "Thường xuyên kiểm tra, giám sát" in html
    client.post(reverse("communes:follow_up_complete", args=[task.pk]), {"completed_on": today().isoformat()})
    task.refresh_from_db()
    assert task.completed_on == today()


def test_the_commune_page_counts_the_log_and_shows_the_quick_actions(client, officer, long_hung):
    for _index in range(3):
        services.activity_record(commune=long_hung, by=officer, kind=Kind.CONGRATULATION, occurred_on=today())
    client.force_login(officer)
    response = client.get(reverse("communes:unit_detail", args=[long_hung.pk]))
    assert response.context["record"]["totals"][Kind.CONGRATULATION] == 3
    html = response.content.decode()
    assert reverse("communes:activity_new", args=[long_hung.pk]) in html
    assert "Việc cần làm" in html


def test_a_recipient_is_escaped_and_shown_only_in_scope(client, officer, other_officer, long_hung):
    services.activity_record(
        commune=long_hung,
        by=officer,
        kind=Kind.CONDOLENCE,
        occurred_on=today(),
        recipient="<b>Gia đình ông D</b>",
    )
    client.force_login(officer)
    html = client.get(reverse("communes:activity_list")).content.decode()
    assert "&lt;b&gt;Gia đình ông D&lt;/b&gt;" in html
    client.force_login(other_officer)
    html = client.get(reverse("communes:activity_list")).content.decode()
    assert "Gia đình ông D" not in html


def test_the_activity_list_filters_and_exports_csv_and_xlsx(
    client, province_viewer, officer, long_hung, hong_minh, other_officer
):
    services.activity_record(
        commune=long_hung, by=officer, kind=Kind.THANKS, occurred_on=today(), note="=1+1"
    )
    services.activity_record(commune=hong_minh, by=other_officer, kind=Kind.APOLOGY, occurred_on=today())
    client.force_login(province_viewer)
    response = client.get(reverse("communes:activity_list"), {"kind": Kind.THANKS})
    assert [record.commune for record in response.context["page_obj"]] == [long_hung]

    csv_response = client.get(reverse("communes:activity_list"), {"kind": Kind.THANKS, "export": "csv"})
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Mã xã,Xã, phường") or lines[0].startswith('Mã xã,"Xã, phường"')
    assert len(lines) == 2
    assert "Xã Long Hưng" in lines[1]
    assert today().strftime("%d/%m/%Y") in lines[1]
    assert "'=1+1" in lines[1]  # a formula typed by a user stays text in a spreadsheet

    xlsx_response = client.get(reverse("communes:activity_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert sheet.max_row == 3
    assert {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        "Xã Long Hưng",
        "Xã Hồng Minh",
    }


@pytest.mark.parametrize("size", [2, 40])
@pytest.mark.parametrize(
    "name", ["activity_list", "box_opening_list", "facility_check_list", "inspection_list"]
)
def test_log_lists_run_a_fixed_number_of_queries(
    db, client, province_viewer, officer, long_hung, size, name, django_assert_max_num_queries
):
    for index in range(size):
        day = today() - datetime.timedelta(days=index)
        ActivityRecord.objects.create(
            commune=long_hung, kind=Kind.THANKS, period_start=day, period_end=day, recorded_by=officer
        )
        SuggestionBoxOpening.objects.create(
            commune=long_hung, opened_on=day, witnesses="A, B", letters_found=1
        )
        check = FacilityCheck.objects.create(commune=long_hung, checked_on=day)
        check.items.create(item="desk_equipment", present=True)
        visit = InspectionVisit.objects.create(commune=long_hung, visited_on=day, visitor="X", findings="...")
        FollowUpTask.objects.create(visit=visit, description="Y", due_on=day)
    client.force_login(province_viewer)
    with django_assert_max_num_queries(6):
        response = client.get(reverse(f"communes:{name}"))
    assert len(response.context["page_obj"]) == min(size, 25)


# --- API -----------------------------------------------------------------------------------------


def test_the_api_records_a_letter_and_a_period_total(client, officer, long_hung, tien_duc):
    client.force_login(officer)
    response = client.post(
        "/api/v1/activity/",
        {"commune": long_hung.pk, "kind": Kind.THANKS, "occurred_on": today().isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    response = client.post(
        "/api/v1/activity/",
        {
            "commune": tien_duc.pk,
            "kind": Kind.THANKS,
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "count": 40,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert sorted(ActivityRecord.objects.values_list("count", flat=True)) == [1, 40]


def test_the_api_answers_404_for_another_commune_and_403_for_a_viewer(
    client, officer, province_viewer, hong_minh, long_hung
):
    client.force_login(officer)
    body = {"commune": hong_minh.pk, "kind": Kind.THANKS, "occurred_on": today().isoformat()}
    assert client.post("/api/v1/activity/", body, content_type="application/json").status_code == 404
    client.force_login(province_viewer)
    body["commune"] = long_hung.pk
    assert client.post("/api/v1/activity/", body, content_type="application/json").status_code == 403
    assert not ActivityRecord.objects.exists()


def test_the_api_reports_service_errors_in_vietnamese(client, officer, long_hung):
    client.force_login(officer)
    response = client.post(
        "/api/v1/facility-checks/",
        {
            "commune": long_hung.pk,
            "checked_on": today().isoformat(),
            "items": [{"item": "suggestion_box", "present": True}],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Phải đánh giá đủ tất cả các hạng mục." in response.content.decode()


def test_the_api_hides_other_communes_inspections(client, officer, other_officer, hong_minh):
    visit = InspectionVisit.objects.create(commune=hong_minh, visited_on=today(), visitor="X", findings="...")
    task = FollowUpTask.objects.create(visit=visit, description="Y", due_on=today())
    client.force_login(officer)
    assert client.get(f"/api/v1/inspections/{visit.pk}/").status_code == 404
    assert (
        client.post(
            f"/api/v1/follow-ups/{task.pk}/complete/", {"completed_on": today().isoformat()}
        ).status_code
        == 404
    )
    client.force_login(other_officer)
    assert client.get(f"/api/v1/inspections/{visit.pk}/").json()["tasks"][0]["description"] == "Y"


@pytest.mark.parametrize("size", [2, 30])
def test_api_lists_run_a_fixed_number_of_queries(
    db, client, province_viewer, long_hung, size, django_assert_max_num_queries
):
    for index in range(size):
        visit = InspectionVisit.objects.create(
            commune=long_hung, visited_on=today(), visitor=f"X{index}", findings="..."
        )
        FollowUpTask.objects.create(visit=visit, description="Y", due_on=today())
        check = FacilityCheck.objects.create(commune=long_hung, checked_on=today())
        check.items.create(item="desk_equipment", present=True)
    client.force_login(province_viewer)
    for url in (
        "/api/v1/inspections/",
        "/api/v1/facility-checks/",
        "/api/v1/activity/",
        "/api/v1/follow-ups/",
    ):
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200

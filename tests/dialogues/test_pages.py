"""The officer's inbox and item page, the province overview, dialogues, box openings, files and
the apology slip: content, scope (404 outside it, 403 for a viewer's writes), bounded queries."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from communes.services.activity import box_opening_record
from dialogues import services
from dialogues.models import Dialogue, FeedbackItem, Transition
from tests.pdf import assert_project_fonts_only, pdf_text


def today() -> datetime.date:
    """The local date when the test runs (a module constant would go stale across midnight)."""
    return timezone.localdate()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
S = FeedbackItem.Status


# --- Inbox ---------


def test_the_inbox_lists_the_officers_items_with_overdue_first(client, officer, make_item):
    make_item(days_ago=1, content="Phản ánh mới về rác thải ở chợ.")
    late = make_item(days_ago=20, content="Phản ánh cũ về đèn đường.")
    client.force_login(officer)
    response = client.get(reverse("dialogues:inbox"))
    assert response.status_code == 200
    rows = list(response.context["page_obj"])
    assert rows[0] == late and rows[0].is_overdue
    body = response.content.decode()
    assert late.tracking_code in body and "Quá hạn" in body
    assert response.context["todo"]["overdue"] == [late]


def test_the_inbox_hides_other_communes_items(client, other_officer, make_item):
    item = make_item()
    client.force_login(other_officer)
    response = client.get(reverse("dialogues:inbox"))
    assert item.tracking_code not in response.content.decode()
    assert client.get(reverse("dialogues:feedback_detail", args=[item.pk])).status_code == 404


def test_the_inbox_filters_by_overdue_and_text(client, officer, make_item):
    make_item(days_ago=1)
    late = make_item(days_ago=20, content="Cống thoát nước bị tắc ở thôn Bắc.")
    client.force_login(officer)
    response = client.get(reverse("dialogues:inbox"), {"overdue": "true"})
    assert list(response.context["page_obj"]) == [late]
    response = client.get(reverse("dialogues:inbox"), {"q": late.tracking_code})
    assert list(response.context["page_obj"]) == [late]
    response = client.get(reverse("dialogues:inbox"), {"q": "thoát nước"})
    assert list(response.context["page_obj"]) == [late]


@pytest.mark.parametrize("size", [3, 30])
def test_the_inbox_runs_a_fixed_number_of_queries(
    client, officer, make_item, size, django_assert_max_num_queries
):
    for index in range(size):
        make_item(days_ago=index % 15)
    client.force_login(officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("dialogues:inbox"))
    assert len(response.context["page_obj"]) == min(size, 25)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_inbox_exports_with_its_filters(client, officer, make_item, fmt):
    make_item(days_ago=1)
    late = make_item(days_ago=20, citizen_name="Lê Văn Tám")
    client.force_login(officer)
    response = client.get(reverse("dialogues:inbox"), {"overdue": "true", "export": fmt})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        text = content.decode("utf-8-sig")
        assert late.tracking_code in text and "Lê Văn Tám" in text
        assert len(text.strip().splitlines()) == 2
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == "Mã tra cứu" and rows[1][0] == late.tracking_code and len(rows) == 2


def test_bulk_assignment_from_the_inbox(client, officer, make_item):
    first, second = make_item(), make_item()
    client.force_login(officer)
    response = client.post(
        reverse("dialogues:bulk_assign"),
        {"items": [first.pk, second.pk], "assignee": officer.pk},
        follow=True,
    )
    assert "Đã giao 2 phản ánh." in response.content.decode()
    assert set(FeedbackItem.objects.values_list("status", flat=True)) == {S.ASSIGNED}
    assert Transition.objects.filter(to_status=S.ASSIGNED).count() == 2


def test_bulk_assignment_ignores_items_outside_scope(client, other_officer, officer, make_item):
    item = make_item()
    client.force_login(other_officer)
    response = client.post(
        reverse("dialogues:bulk_assign"), {"items": [item.pk], "assignee": other_officer.pk}, follow=True
    )
    assert "Chọn ít nhất một phản ánh" in response.content.decode()
    item.refresh_from_db()
    assert item.status == S.RECEIVED


def test_a_viewer_cannot_bulk_assign(client, province_viewer, make_item, officer):
    item = make_item()
    client.force_login(province_viewer)
    assert (
        client.post(
            reverse("dialogues:bulk_assign"), {"items": [item.pk], "assignee": officer.pk}
        ).status_code
        == 403
    )


# --- Logging an item at the desk ---------


def test_an_officer_logs_an_item_with_an_attachment(client, officer, long_hung, category):
    client.force_login(officer)
    response = client.post(
        reverse("dialogues:feedback_new", args=[long_hung.pk]),
        {
            "channel": "hotline",
            "category": category.pk,
            "received_on": today().isoformat(),
            "content": "Cây đổ chắn ngang đường thôn Nam.",
            "citizen_name": "Trần Văn Ba",
            "attachments": SimpleUploadedFile("anh.png", PNG, content_type="image/png"),
        },
    )
    item = FeedbackItem.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "dialogues:feedback_detail", args=[item.pk]
    )
    assert item.attachments.count() == 1
    attachment = item.attachments.get()
    download = client.get(reverse("dialogues:file", args=["attachment", attachment.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "image/png"


def test_a_bad_attachment_gives_a_vietnamese_error_and_writes_nothing(client, officer, long_hung, category):
    client.force_login(officer)
    response = client.post(
        reverse("dialogues:feedback_new", args=[long_hung.pk]),
        {
            "channel": "desk",
            "category": category.pk,
            "received_on": today().isoformat(),
            "content": "Cây đổ chắn ngang đường thôn Nam.",
            "attachments": SimpleUploadedFile("virus.png", b"MZ\x90\x00" * 10, content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert "Chỉ nhận ảnh" in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_logging_pages_are_scoped(client, officer, province_viewer, hong_minh, long_hung):
    client.force_login(officer)
    assert client.get(reverse("dialogues:feedback_new", args=[hong_minh.pk])).status_code == 404
    client.force_login(province_viewer)
    assert client.get(reverse("dialogues:feedback_new", args=[long_hung.pk])).status_code == 403


def test_an_attachment_outside_scope_is_404(client, other_officer, officer, long_hung, category):
    item = services.feedback_receive(
        commune=long_hung,
        by=officer,
        category=category,
        channel="desk",
        content="Ảnh hiện trường đính kèm.",
        attachments=[SimpleUploadedFile("a.png", PNG, content_type="image/png")],
    )
    client.force_login(other_officer)
    assert (
        client.get(reverse("dialogues:file", args=["attachment", item.attachments.get().pk])).status_code
        == 404
    )


# --- The item page and its actions ---------


def test_the_item_page_shows_the_timeline_and_only_allowed_actions(client, officer, item):
    client.force_login(officer)
    response = client.get(reverse("dialogues:feedback_detail", args=[item.pk]))
    body = response.content.decode()
    assert "Nguyễn Văn Hải" in body and "0912345678" in body
    # A new date is offered while the due date has not passed (the slip is sent before it).
    assert list(response.context["forms"]) == ["assign", "transfer", "reject", "duplicate", "reschedule"]
    assert len(response.context["timeline"]) == 1


def test_an_officer_moves_an_item_through_the_page(client, officer, item):
    client.force_login(officer)
    url = lambda action: reverse("dialogues:feedback_action", args=[item.pk, action])  # noqa: E731
    client.post(url("assign"), {"assign-assignee": officer.pk})
    client.post(url("start"), {"start-note": "Đang kiểm tra."})
    response = client.post(url("answer"), {"answer-public_answer": "Đã sửa xong đèn."}, follow=True)
    assert "Đã trả lời người dân." in response.content.decode()
    item.refresh_from_db()
    assert item.status == S.ANSWERED and item.public_answer == "Đã sửa xong đèn."
    assert [t.to_status for t in response.context["timeline"]] == [
        S.RECEIVED,
        S.ASSIGNED,
        S.IN_PROGRESS,
        S.ANSWERED,
    ]


def test_an_illegal_move_through_the_page_is_refused_in_vietnamese(client, officer, item):
    client.force_login(officer)
    response = client.post(
        reverse("dialogues:feedback_action", args=[item.pk, "answer"]), {"answer-public_answer": "Xong."}
    )
    assert response.status_code == 400
    assert "Không thể chuyển phản ánh" in response.content.decode()
    item.refresh_from_db()
    assert item.status == S.RECEIVED and item.transitions.count() == 1


def test_actions_are_404_outside_scope_and_403_for_a_viewer(
    client, other_officer, province_viewer, officer, item
):
    url = reverse("dialogues:feedback_action", args=[item.pk, "assign"])
    client.force_login(other_officer)
    assert client.post(url, {"assign-assignee": other_officer.pk}).status_code == 404
    client.force_login(province_viewer)
    assert client.get(reverse("dialogues:feedback_detail", args=[item.pk])).status_code == 200
    assert client.post(url, {"assign-assignee": officer.pk}).status_code == 403
    item.refresh_from_db()
    assert item.status == S.RECEIVED


def test_the_apology_slip_is_an_official_a4_pdf(client, officer, make_item, other_officer):
    item = make_item(days_ago=12, citizen_name="Vũ Thị Thu")
    client.force_login(officer)
    response = client.post(
        reverse("dialogues:feedback_action", args=[item.pk, "reschedule"]),
        {
            "reschedule-new_due_on": (today() + datetime.timedelta(days=4)).isoformat(),
            "reschedule-reason": "Chờ xác minh.",
        },
    )
    assert response.status_code == 302
    change = item.due_changes.get()
    pdf = client.get(reverse("dialogues:apology_slip", args=[change.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert_project_fonts_only(pdf.content)
    # The form of the one-stop decree in force (Nghị định 118/2025/NĐ-CP from 01/07/2025), in the
    # layout of Nghị định 30/2020: what was received (its kind and subject), the due date it
    # replaces, the new date, the signature on behalf of the committee.
    text = " ".join(pdf_text(pdf.content, "-layout").split())
    assert "ỦY BAN NHÂN DÂN" in text and "UBND" not in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text and "Số: 01/PXL" in text
    assert (
        f"tiếp nhận {item.category.get_kind_display().lower()} của Ông/Bà (lĩnh vực: {item.category.name})"
        in text
    )
    assert f"Nội dung: {' '.join(item.content.split())[:40]}" in text
    assert f"Ngày hẹn trả kết quả: {change.previous_due_on:%d/%m/%Y}" in text
    assert f"trả kết quả cho Ông/Bà vào ngày {change.new_due_on:%d/%m/%Y}" in text
    assert "Vũ Thị Thu" in text and "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text
    assert change.at.date() <= change.previous_due_on
    client.force_login(other_officer)
    assert client.get(reverse("dialogues:apology_slip", args=[change.pk])).status_code == 404


def test_an_apology_slip_is_issued_no_later_than_the_due_date_it_replaces(make_item, officer):
    item = make_item(days_ago=60)
    assert item.due_on < today()
    with pytest.raises(ValidationError, match="chậm nhất vào ngày hết hạn"):
        services.feedback_reschedule(
            item=item, by=officer, new_due_on=today() + datetime.timedelta(days=4), reason="Chờ xác minh."
        )
    assert not item.due_changes.exists()


SIGNATURE = ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An")


def test_the_apology_slip_names_its_signer_under_the_committee(client, officer, make_item):
    item = make_item(days_ago=1, citizen_name="Vũ Thị Thu", content='Xin sửa "đèn đường" ngõ 5.')
    change = services.feedback_reschedule(
        item=item,
        by=officer,
        new_due_on=item.due_on + datetime.timedelta(days=5),
        reason="Chờ kinh phí.",
        signer_name="Nguyễn Văn An",
        signer_title="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    )
    client.force_login(officer)
    pdf = client.get(reverse("dialogues:apology_slip", args=[change.pk])).content
    layout = pdf_text(pdf, "-layout")
    # The authority and the titles each on their line, in the right column.
    lines = [line.strip() for line in layout.splitlines()]
    titles = [next(n for n, line in enumerate(lines) if line.endswith(title)) for title in SIGNATURE]
    assert titles == sorted(titles) and len(set(titles)) == len(SIGNATURE)
    assert "Nguyễn Văn An" in layout and "Nội dung: Xin sửa “đèn đường” ngõ 5." in " ".join(layout.split())
    assert pdf_text(pdf).count("\f") == 1  # one page


# --- Province overview ---------


def test_the_overview_shows_the_rate_and_the_hot_spots(
    client, province_viewer, make_item, officer, other_officer, hong_minh, long_hung
):
    make_item(days_ago=30)
    item = make_item(commune=hong_minh, by=other_officer, days_ago=1)
    services.feedback_assign(item=item, by=other_officer, assignee=other_officer)
    services.feedback_start(item=item, by=other_officer)
    services.feedback_answer(item=item, by=other_officer, public_answer="Đã xử lý.")
    client.force_login(province_viewer)
    response = client.get(reverse("dialogues:overview"))
    assert response.context["totals"]["resolution_rate"] == 0.5
    assert "50,0%" in response.content.decode()
    rows = list(response.context["page_obj"])
    assert rows[0].pk == long_hung.pk and rows[0].overdue_now == 1


def test_the_overview_of_an_officer_is_their_commune_only(
    client, officer, other_officer, make_item, hong_minh
):
    make_item(commune=hong_minh, by=other_officer)
    client.force_login(officer)
    response = client.get(reverse("dialogues:overview"))
    assert list(response.context["page_obj"]) == []


@pytest.mark.parametrize("size", [1, 8])
def test_the_overview_runs_a_fixed_number_of_queries(
    client, province_viewer, user_factory, hung_yen, size, category, django_assert_max_num_queries
):
    from communes.models import AdminUnit, User

    # Today's items: on communes of today's Hưng Yên.
    for commune in AdminUnit.objects.filter(parent=hung_yen).order_by("code")[:size]:
        clerk = user_factory(role=User.Role.COMMUNE_OFFICER, commune=commune)
        services.feedback_receive(
            commune=commune, by=clerk, category=category, channel="desk", content="Rác thải ở chợ."
        )
    client.force_login(province_viewer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("dialogues:overview"))
    assert len(response.context["page_obj"]) == size


def test_the_overview_exports_csv(client, province_viewer, make_item):
    make_item(days_ago=30)
    client.force_login(province_viewer)
    response = client.get(reverse("dialogues:overview"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Tỷ lệ giải quyết (%)" in text and "Xã Long Hưng" in text


# --- Dialogues ---------


def test_an_officer_records_a_dialogue_with_minutes_items_and_commitments(
    client, officer, long_hung, category
):
    client.force_login(officer)
    response = client.post(
        reverse("dialogues:dialogue_new", args=[long_hung.pk]),
        {
            "held_on": today().isoformat(),
            "chaired_by": "Bí thư Đảng ủy xã",
            "participants": "Trưởng thôn, 60 hộ dân",
            "participant_count": 60,
            "topics": "Giao thông nông thôn",
            "minutes": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        },
    )
    dialogue = Dialogue.objects.get()
    assert response["Location"] == reverse("dialogues:dialogue_detail", args=[dialogue.pk])
    client.post(
        reverse("dialogues:dialogue_raise_item", args=[dialogue.pk]),
        {
            "raise-category": category.pk,
            "raise-content": "Đề nghị làm đường bê tông thôn Tây.",
            "raise-citizen_name": "Ông Tư",
        },
    )
    client.post(
        reverse("dialogues:commitment_add", args=[dialogue.pk]),
        {
            "commitment-description": "Khảo sát tuyến đường",
            "commitment-owner": "Địa chính",
            "commitment-due_on": (today() + datetime.timedelta(days=30)).isoformat(),
        },
    )
    commitment = dialogue.commitments.get()
    client.post(reverse("dialogues:commitment_done", args=[commitment.pk]), {"done_on": today().isoformat()})
    page = client.get(reverse("dialogues:dialogue_detail", args=[dialogue.pk]))
    body = page.content.decode()
    assert "Đề nghị làm đường bê tông thôn Tây." in body and "Khảo sát tuyến đường" in body
    assert dialogue.items.get().channel == FeedbackItem.Channel.DIALOGUE
    commitment.refresh_from_db()
    assert commitment.done_on == today()
    assert (
        client.get(reverse("dialogues:file", args=["minutes", dialogue.pk]))["Content-Type"]
        == "application/pdf"
    )


def test_dialogue_pages_are_scoped(client, officer, other_officer, province_viewer, long_hung):
    dialogue = services.dialogue_record(
        commune=long_hung,
        by=officer,
        held_on=today(),
        chaired_by="Chủ tịch",
        participants="Dân",
        topics="Đường",
    )
    client.force_login(other_officer)
    assert client.get(reverse("dialogues:dialogue_detail", args=[dialogue.pk])).status_code == 404
    assert client.get(reverse("dialogues:dialogue_list")).context["page_obj"].paginator.count == 0
    client.force_login(province_viewer)
    assert client.get(reverse("dialogues:dialogue_list")).context["page_obj"].paginator.count == 1
    response = client.post(reverse("dialogues:commitment_add", args=[dialogue.pk]), {})
    assert response.status_code == 403


@pytest.mark.parametrize("size", [2, 20])
def test_the_dialogue_list_runs_a_fixed_number_of_queries(
    client, officer, long_hung, size, django_assert_max_num_queries
):
    for index in range(size):
        services.dialogue_record(
            commune=long_hung,
            by=officer,
            held_on=today() - datetime.timedelta(days=index),
            chaired_by="Chủ tịch",
            participants="Dân",
            topics="Đường",
        )
    client.force_login(officer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("dialogues:dialogue_list"))
    assert len(response.context["page_obj"]) == size


def test_a_bad_dialogue_gives_vietnamese_errors_and_writes_nothing(client, officer, long_hung):
    client.force_login(officer)
    response = client.post(
        reverse("dialogues:dialogue_new", args=[long_hung.pk]),
        {
            "held_on": (today() + datetime.timedelta(days=2)).isoformat(),
            "chaired_by": "X",
            "participants": "Y",
            "participant_count": 1,
            "topics": "Z",
        },
    )
    assert "tương lai" in response.content.decode()
    assert not Dialogue.objects.exists()


# --- Suggestion-box openings ---------


def test_letters_of_an_opening_become_feedback_items(client, officer, other_officer, long_hung, category):
    opening = box_opening_record(
        commune=long_hung, by=officer, opened_on=today(), witnesses="MTTQ xã", letters_found=3
    )
    url = reverse("dialogues:box_opening_items", args=[opening.pk])
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    client.force_login(officer)
    data = {"letters-TOTAL_FORMS": 3, "letters-INITIAL_FORMS": 0}
    data.update(
        {
            "letters-0-category": category.pk,
            "letters-0-content": "Góp ý thái độ phục vụ tốt của bộ phận một cửa.",
        }
    )
    data.update({"letters-1-category": category.pk, "letters-1-content": "Đề nghị mở cửa sáng thứ Bảy."})
    response = client.post(url, data)
    assert response.status_code == 302
    assert FeedbackItem.objects.filter(box_opening=opening, channel="box").count() == 2


# --- Categories ---------


def test_a_province_administrator_sets_a_categorys_time_limit(
    client, province_admin, officer, category_factory, lang_son
):
    # The province's own category (shared ones are for superusers: test_categories.py).
    category = category_factory(name="Phản ánh về hạ tầng", time_limit_days=10, province=lang_son)
    client.force_login(officer)
    assert client.get(reverse("dialogues:category_list")).status_code == 200
    assert client.post(reverse("dialogues:category_list"), {"name": "Tố cáo"}).status_code == 403
    assert client.get(reverse("dialogues:category_edit", args=[category.pk])).status_code in {403, 404}
    client.force_login(province_admin)
    response = client.post(
        reverse("dialogues:category_edit", args=[category.pk]),
        {"name": category.name, "kind": "report", "time_limit_days": 20, "active": "on"},
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.time_limit_days == 20
    bad = client.post(
        reverse("dialogues:category_list"), {"name": category.name, "kind": "report", "time_limit_days": 5}
    )
    assert "Đã có loại phản ánh với tên này." in bad.content.decode()
    page = client.get(reverse("dialogues:category_list"))
    assert category.name in page.content.decode() and "20" in page.content.decode()


def test_the_inbox_points_to_box_openings_with_letters_to_enter(client, officer, long_hung):
    opening = box_opening_record(
        commune=long_hung, by=officer, opened_on=today(), witnesses="MTTQ", letters_found=2
    )
    client.force_login(officer)
    response = client.get(reverse("dialogues:inbox"))
    assert reverse("dialogues:box_opening_items", args=[opening.pk]) in response.content.decode()

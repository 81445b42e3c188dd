"""The era rule in the dialogues app (communes.eras): an item is received, a dialogue held, on the
commune of its date's era; work that continues on an older item or dialogue stays on its commune;
an apology slip names the commune in force on the day it was issued."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from dialogues import services
from dialogues.models import Dialogue, DueDateChange, FeedbackItem
from tests.pdf import pdf_text

D = datetime.date
TO_LONG_HUNG = "Từ 01/07/2025, xã Tiến Đức đã sáp nhập vào xã Long Hưng: hãy ghi vào xã Long Hưng."


def today() -> datetime.date:
    return timezone.localdate()


def receive(commune, officer, category, received_on, **extra) -> FeedbackItem:
    return services.feedback_receive(
        commune=commune,
        by=officer,
        category=category,
        channel="desk",
        content="Cống thoát nước thôn Nam bị tắc.",
        received_on=received_on,
        **extra,
    )


def test_an_item_is_received_on_the_commune_of_its_day(officer, category, tien_duc, long_hung):
    with pytest.raises(ValidationError) as error:
        receive(tien_duc, officer, category, today())
    assert error.value.message_dict == {"received_on": [TO_LONG_HUNG]}
    with pytest.raises(ValidationError) as error:
        receive(long_hung, officer, category, D(2025, 6, 30))
    assert error.value.message_dict["received_on"][0].startswith("Trước 01/07/2025 chưa có xã Long Hưng")
    assert not FeedbackItem.objects.exists()
    assert receive(long_hung, officer, category, today()).commune == long_hung
    assert receive(tien_duc, officer, category, D(2025, 6, 30)).commune == tien_duc


def test_the_receive_page_shows_the_rule_on_the_date_and_stores_nothing(client, officer, category, tien_duc):
    client.force_login(officer)
    response = client.post(
        reverse("dialogues:feedback_new", args=[tien_duc.pk]),
        {
            "channel": "desk",
            "category": category.pk,
            "received_on": today().isoformat(),
            "content": "Cống thoát nước thôn Nam bị tắc.",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["received_on"] == [TO_LONG_HUNG]
    assert TO_LONG_HUNG in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_a_citizen_s_item_of_today_is_refused_on_a_dissolved_commune(db, category, tien_duc):
    with pytest.raises(ValidationError) as error:
        services.feedback_submit_online(commune=tien_duc, category=category, content="Đèn đường hỏng.")
    assert error.value.message_dict == {"commune": [TO_LONG_HUNG]}
    response = APIClient().post(
        "/api/v1/public/feedback/",
        {"commune": tien_duc.pk, "category": category.pk, "content": "Ống nước vỡ ở đầu thôn Đông."},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"commune": [TO_LONG_HUNG]}
    assert not FeedbackItem.objects.exists()


def test_a_dialogue_is_held_on_the_commune_of_its_day_and_so_are_its_items(
    client, officer, category, tien_duc, long_hung
):
    meeting = {"chaired_by": "Chủ tịch UBND xã", "participants": "Nhân dân thôn Đông", "topics": "Đường"}
    with pytest.raises(ValidationError) as error:
        services.dialogue_record(commune=tien_duc, by=officer, held_on=today(), **meeting)
    assert error.value.message_dict == {"held_on": [TO_LONG_HUNG]}
    client.force_login(officer)
    response = client.post(
        reverse("dialogues:dialogue_new", args=[long_hung.pk]),
        {"held_on": "2024-11-20", "participant_count": 0, **meeting},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["held_on"][0].startswith("Trước 01/07/2025 chưa có xã Long Hưng")
    assert not Dialogue.objects.exists()
    # A 2024 dialogue of Tiến Đức: its items are received that day there, its commitments kept
    # later by Long Hưng's officers stay on it.
    dialogue = services.dialogue_record(commune=tien_duc, by=officer, held_on=D(2024, 11, 20), **meeting)
    raised = services.dialogue_raise_item(
        dialogue=dialogue, by=officer, category=category, content="Xin làm lại đường thôn Đông."
    )
    assert (raised.commune, raised.received_on) == (tien_duc, D(2024, 11, 20))
    commitment = services.commitment_add(
        dialogue=dialogue, by=officer, description="Làm đường", owner="Địa chính", due_on=D(2025, 9, 30)
    )
    services.commitment_complete(commitment=commitment, by=officer, done_on=today())
    commitment.refresh_from_db()
    assert commitment.done_on == today()


def test_an_older_item_is_handled_on_its_commune_and_its_slips_name_the_commune_of_their_day(
    client, officer, category, tien_duc, long_hung
):
    item = receive(tien_duc, officer, category, D(2025, 5, 6), citizen_name="Vũ Thị Thu")
    # A slip issued before the reform, in the name of Tiến Đức.
    item.due_on = D(2025, 5, 20)
    before = DueDateChange.objects.create(
        item=item,
        number="01/PXL",
        previous_due_on=D(2025, 5, 16),
        new_due_on=D(2025, 5, 20),
        reason="Chờ ý kiến huyện.",
        by=officer,
    )
    DueDateChange.objects.filter(pk=before.pk).update(
        at=timezone.make_aware(datetime.datetime(2025, 5, 17, 9, 0))
    )
    item.save(update_fields=["due_on"])
    # Still open in 2026: Long Hưng's officer moves it on and issues today's slip.
    services.feedback_assign(item=item, by=officer, assignee=officer)
    services.feedback_start(item=item, by=officer)
    # Its due date not yet passed: a slip is issued no later than the due date it replaces.
    FeedbackItem.objects.filter(pk=item.pk).update(due_on=today() + datetime.timedelta(days=1))
    item.refresh_from_db()
    today_slip = services.feedback_reschedule(
        item=item, by=officer, new_due_on=today() + datetime.timedelta(days=5), reason="Chờ kinh phí."
    )
    item.refresh_from_db()
    assert (item.commune, item.status) == (tien_duc, FeedbackItem.Status.IN_PROGRESS)
    client.force_login(officer)
    old_text = " ".join(
        pdf_text(client.get(reverse("dialogues:apology_slip", args=[before.pk])).content).split()
    )
    assert "ỦY BAN NHÂN DÂN XÃ TIẾN ĐỨC" in old_text
    assert re.search(r"Tiến Đức, ngày 17 tháng 0?5 năm 2025", old_text)
    assert (
        "Ủy ban nhân dân xã Tiến Đức xin trân trọng gửi lời xin lỗi" in old_text
        and "LONG HƯNG" not in old_text
    )
    new_text = " ".join(
        pdf_text(client.get(reverse("dialogues:apology_slip", args=[today_slip.pk])).content).split()
    )
    assert "ỦY BAN NHÂN DÂN XÃ LONG HƯNG" in new_text
    assert re.search(rf"Long Hưng, ngày 0?{today().day} tháng 0?{today().month} năm {today().year}", new_text)
    assert "Ủy ban nhân dân xã Long Hưng xin trân trọng gửi lời xin lỗi" in new_text
    assert "TIẾN ĐỨC" not in new_text.upper()


def test_slips_are_numbered_per_issuing_commune_including_the_items_it_took_over(
    officer, category, tien_duc, long_hung, hong_minh, other_officer
):
    late = timezone.localdate() - datetime.timedelta(days=40)
    old = receive(tien_duc, officer, category, D(2025, 6, 2))
    own = receive(long_hung, officer, category, late)
    theirs = receive(hong_minh, other_officer, category, late)
    new_date = today() + datetime.timedelta(days=5)
    # Due dates not yet passed: a slip is issued no later than the due date it replaces.
    FeedbackItem.objects.filter(pk__in=[old.pk, own.pk, theirs.pk]).update(
        due_on=today() + datetime.timedelta(days=1)
    )
    for item in (old, own, theirs):
        item.refresh_from_db()
    numbers = [
        services.feedback_reschedule(item=item, by=by, new_due_on=new_date, reason="Chờ xác minh.").number
        for item, by in ((old, officer), (own, officer), (theirs, other_officer))
    ]
    # Both of Long Hưng's slips are its own numbers; Hồng Minh counts its own.
    assert numbers == ["01/PXL", "02/PXL", "01/PXL"]

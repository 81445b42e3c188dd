"""The feedback workflow: receiving, every transition rule, the due date and its apology slip,
the citizen's follow-up answer, and the audit history that nobody can edit."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from communes.models import User
from communes.workdays import add_working_days
from dialogues import services
from dialogues.models import Commitment, DueDateChange, FeedbackItem, Transition

S = FeedbackItem.Status


def today() -> datetime.date:
    """The local date when the test runs (a module constant would go stale across midnight)."""
    return timezone.localdate()


def history(item):
    return list(item.transitions.order_by("id").values_list("from_status", "to_status"))


def move(item, to, *, by, officer):
    """Bring `item` to status `to` through the shortest allowed path."""
    if to == S.ASSIGNED:
        if item.assignee_id == officer.pk:
            # Re-assigning goes to a colleague: the officer who has the item already is refused.
            officer, _created = User.objects.get_or_create(
                username=f"{officer.username}.2",
                defaults={"role": User.Role.COMMUNE_OFFICER, "commune": officer.commune},
            )
        return services.feedback_assign(item=item, by=by, assignee=officer)
    if to == S.IN_PROGRESS:
        return services.feedback_start(item=item, by=by)
    if to == S.ANSWERED:
        return services.feedback_answer(item=item, by=by, public_answer="Đã sửa xong.")
    if to == S.CLOSED:
        return services.feedback_close(item=item, by=by)
    if to == S.TRANSFERRED:
        return services.feedback_transfer(item=item, by=by, transferred_to="Công an xã")
    if to == S.REJECTED:
        return services.feedback_reject(item=item, by=by, note="Không thuộc thẩm quyền.")
    raise AssertionError(to)


PATHS = {
    S.RECEIVED: [],
    S.ASSIGNED: [S.ASSIGNED],
    S.IN_PROGRESS: [S.ASSIGNED, S.IN_PROGRESS],
    S.ANSWERED: [S.ASSIGNED, S.IN_PROGRESS, S.ANSWERED],
    S.CLOSED: [S.ASSIGNED, S.IN_PROGRESS, S.ANSWERED, S.CLOSED],
    S.TRANSFERRED: [S.TRANSFERRED],
    S.REJECTED: [S.REJECTED],
}


def test_it_receives_an_item_with_a_code_and_a_due_date_from_its_category(officer, long_hung, category):
    item = services.feedback_receive(
        commune=long_hung,
        by=officer,
        category=category,
        channel=FeedbackItem.Channel.HOTLINE,
        content="Cống thoát nước thôn Bắc bị tắc.",
        received_on=today() - datetime.timedelta(days=2),
    )
    assert item.tracking_code.startswith("PA-") and len(item.tracking_code) == 11
    # The category's 10 days are working days after the day of receipt (communes.workdays).
    assert item.due_on == item.original_due_on == add_working_days(start=item.received_on, days=10)
    assert item.status == S.RECEIVED
    assert history(item) == [("", S.RECEIVED)]
    assert item.transitions.get().by == officer


def test_a_new_time_limit_applies_to_new_items_only(make_item, category):
    before = make_item()
    category.time_limit_days = 30
    category.save()
    after = make_item()
    before.refresh_from_db()
    assert before.due_on == add_working_days(start=before.received_on, days=10)
    assert after.due_on == add_working_days(start=after.received_on, days=30)


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"content": "ngắn"}, "quá ngắn"),
        ({"received_on": "tomorrow"}, "tương lai"),
        ({"channel": "pigeon"}, "Kênh"),
    ],
)
def test_it_refuses_bad_input_and_writes_nothing(officer, long_hung, category, bad, message):
    data = {"content": "Đèn đường không sáng.", "channel": "desk", "received_on": today(), **bad}
    if data["received_on"] == "tomorrow":
        data["received_on"] = today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.feedback_receive(commune=long_hung, by=officer, category=category, **data)
    assert message in str(error.value)
    assert not FeedbackItem.objects.exists()
    assert not Transition.objects.exists()


def test_an_inactive_category_takes_no_new_items(make_item, category):
    category.active = False
    category.save()
    with pytest.raises(ValidationError, match="không còn"):
        make_item()


def test_an_officer_cannot_log_an_item_for_another_commune_nor_a_viewer_for_any(
    make_item, hong_minh, long_hung, officer, province_viewer
):
    with pytest.raises(PermissionDenied):
        make_item(commune=hong_minh, by=officer)
    with pytest.raises(PermissionDenied):
        make_item(commune=long_hung, by=province_viewer)


def test_the_happy_path_is_kept_step_by_step_in_the_history(item, officer):
    services.feedback_assign(item=item, by=officer, assignee=officer)
    services.feedback_start(item=item, by=officer, note="Đã kiểm tra hiện trường.")
    services.feedback_answer(item=item, by=officer, public_answer="Đã thay bóng đèn ngày hôm nay.")
    services.feedback_close(item=item, by=officer)
    item.refresh_from_db()
    assert item.status == S.CLOSED
    assert item.resolved_on == item.closed_on == today()
    assert item.public_answer == "Đã thay bóng đèn ngày hôm nay."
    assert history(item) == [
        ("", S.RECEIVED),
        (S.RECEIVED, S.ASSIGNED),
        (S.ASSIGNED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.ANSWERED),
        (S.ANSWERED, S.CLOSED),
    ]
    rows = list(item.transitions.order_by("id"))
    assert all(row.by == officer and row.at is not None for row in rows[1:])
    assert rows[2].note == "Đã kiểm tra hiện trường."


ALL = [S.RECEIVED, S.ASSIGNED, S.IN_PROGRESS, S.ANSWERED, S.CLOSED, S.TRANSFERRED, S.REJECTED]


@pytest.mark.parametrize("start", ALL)
@pytest.mark.parametrize("target", [s for s in ALL if s != S.RECEIVED])
def test_each_transition_is_allowed_or_refused_by_the_table(item, officer, start, target):
    for step in PATHS[start]:
        move(item, step, by=officer, officer=officer)
    before = history(item)
    if target in services.TRANSITIONS[start]:
        move(item, target, by=officer, officer=officer)
        item.refresh_from_db()
        assert item.status == target
        assert history(item)[-1] == (start, target)
    else:
        with pytest.raises(ValidationError) as error:
            move(item, target, by=officer, officer=officer)
        assert "Không thể chuyển phản ánh" in str(error.value)
        item.refresh_from_db()
        assert item.status == start
        assert history(item) == before


def test_the_transition_table_matches_the_workflow():
    assert services.TRANSITIONS[S.RECEIVED] == {S.ASSIGNED, S.TRANSFERRED, S.REJECTED, S.DUPLICATE}
    assert services.TRANSITIONS[S.ANSWERED] == {S.CLOSED}
    for final in (S.CLOSED, S.TRANSFERRED, S.REJECTED, S.DUPLICATE):
        assert services.TRANSITIONS[final] == set()


def test_it_refuses_a_move_based_on_a_stale_copy(item, officer):
    stale = FeedbackItem.objects.get(pk=item.pk)
    services.feedback_assign(item=item, by=officer, assignee=officer)
    with pytest.raises(ValidationError, match="người khác"):
        services.feedback_reject(item=stale, by=officer, note="Không thuộc thẩm quyền.")


def test_it_assigns_only_to_an_officer_of_the_items_commune(item, officer, other_officer, province_admin):
    for wrong in (other_officer, province_admin):
        with pytest.raises(ValidationError) as error:
            services.feedback_assign(item=item, by=officer, assignee=wrong)
        assert "cán bộ của xã" in str(error.value)
    item.refresh_from_db()
    assert item.assignee is None and item.status == S.RECEIVED


def test_reassignment_is_a_move_of_its_own(item, officer, user_factory, long_hung):
    colleague = user_factory(username="xa.td2", role=User.Role.COMMUNE_OFFICER, commune=long_hung)
    services.feedback_assign(item=item, by=officer, assignee=officer)
    services.feedback_assign(item=item, by=officer, assignee=colleague, note="Đúng lĩnh vực.")
    item.refresh_from_db()
    assert item.assignee == colleague
    assert history(item)[-1] == (S.ASSIGNED, S.ASSIGNED)
    assert "Đúng lĩnh vực." in item.transitions.last().note


def test_bulk_assignment_is_all_or_nothing(make_item, officer):
    first, second = make_item(), make_item()
    services.feedback_reject(item=second, by=officer, note="Đơn nặc danh, không rõ nội dung.")
    with pytest.raises(ValidationError) as error:
        services.feedback_assign_many(items=[first, second], by=officer, assignee=officer)
    assert second.tracking_code in str(error.value)
    first.refresh_from_db()
    assert first.status == S.RECEIVED and first.transitions.count() == 1
    assert services.feedback_assign_many(items=[first], by=officer, assignee=officer) == 1


def test_answer_transfer_reject_and_duplicate_need_their_reason(make_item, officer):
    item = make_item()
    services.feedback_assign(item=item, by=officer, assignee=officer)
    services.feedback_start(item=item, by=officer)
    with pytest.raises(ValidationError, match="trả lời"):
        services.feedback_answer(item=item, by=officer, public_answer="  ")
    with pytest.raises(ValidationError, match="cơ quan"):
        services.feedback_transfer(item=item, by=officer, transferred_to="")
    other = make_item()
    with pytest.raises(ValidationError, match="lý do"):
        services.feedback_reject(item=other, by=officer, note="")
    with pytest.raises(ValidationError, match="khác"):
        services.feedback_mark_duplicate(item=other, by=officer, duplicate_of=other)


def test_a_duplicate_points_to_its_original_of_the_same_commune(make_item, officer, other_officer, hong_minh):
    original, copy = make_item(), make_item()
    elsewhere = make_item(commune=hong_minh, by=other_officer)
    with pytest.raises(ValidationError):
        services.feedback_mark_duplicate(item=copy, by=officer, duplicate_of=elsewhere)
    services.feedback_mark_duplicate(item=copy, by=officer, duplicate_of=original)
    copy.refresh_from_db()
    assert copy.status == S.DUPLICATE and copy.duplicate_of == original
    assert original.tracking_code in copy.transitions.last().note


def test_a_viewer_never_moves_an_item(item, province_viewer, officer):
    with pytest.raises(PermissionDenied):
        services.feedback_assign(item=item, by=province_viewer, assignee=officer)
    assert history(item) == [("", S.RECEIVED)]


# --- Due dates and the apology slip ---------


def test_a_missed_due_date_gets_a_new_one_with_an_apology_slip(make_item, officer):
    item = make_item(days_ago=12)
    services.feedback_assign(item=item, by=officer, assignee=officer)
    old_due = item.due_on
    change = services.feedback_reschedule(
        item=item, by=officer, new_due_on=today() + datetime.timedelta(days=5), reason="Cần xác minh thêm."
    )
    item.refresh_from_db()
    assert change.number == "01/PXL"
    assert (change.previous_due_on, change.new_due_on) == (old_due, today() + datetime.timedelta(days=5))
    assert item.due_on == change.new_due_on and item.original_due_on == old_due
    assert history(item)[-1] == (S.ASSIGNED, S.ASSIGNED)
    assert "Hẹn lại ngày trả kết quả" in item.transitions.last().note


@pytest.mark.parametrize(
    "days_ago, new_in, message",
    # The slip is sent no later than the due date it replaces (Nghị định 118/2025/NĐ-CP), for a
    # date after it, with a reason.
    [(60, 90, "chậm nhất vào ngày hết hạn"), (2, 0, "sau hạn hiện tại"), (2, 60, "lý do")],
)
def test_a_new_date_is_set_before_the_due_date_for_a_later_day_with_a_reason(
    make_item, officer, days_ago, new_in, message
):
    item = make_item(days_ago=days_ago)
    reason = "" if message == "lý do" else "Cần xác minh."
    with pytest.raises(ValidationError) as error:
        services.feedback_reschedule(
            item=item, by=officer, new_due_on=today() + datetime.timedelta(days=new_in), reason=reason
        )
    assert message in str(error.value)
    assert not DueDateChange.objects.exists()


def test_a_closed_item_gets_no_new_date(make_item, officer):
    item = make_item(days_ago=12)
    services.feedback_reject(item=item, by=officer, note="Không thuộc thẩm quyền.")
    with pytest.raises(ValidationError, match="đang xử lý"):
        services.feedback_reschedule(
            item=item, by=officer, new_due_on=today() + datetime.timedelta(days=3), reason="Chậm."
        )


# --- The citizen's follow-up --------------------------------------------------------------------------


def close(item, officer):
    for step in PATHS[S.CLOSED]:
        move(item, step, by=officer, officer=officer)


def test_the_citizen_answers_once_after_closing(item, officer):
    with pytest.raises(ValidationError, match="sau khi"):
        services.feedback_follow_up(item=item, resolved=True)
    close(item, officer)
    services.feedback_follow_up(item=item, resolved=False)
    item.refresh_from_db()
    assert item.citizen_resolved is False and item.citizen_answered_at is not None
    assert item.transitions.last().by is None
    with pytest.raises(ValidationError, match="đã trả lời"):
        services.feedback_follow_up(item=item, resolved=True)
    item.refresh_from_db()
    assert item.citizen_resolved is False


# --- The audit history is read-only -----------------------------------------------------------------


def test_the_history_cannot_be_changed_or_deleted_in_the_database(item):
    row = item.transitions.get()
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    for statement in (
        lambda: Transition.objects.filter(pk=row.pk).update(note="réécrit"),
        lambda: Transition.objects.filter(pk=row.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            statement()
    row.refresh_from_db()
    assert row.note == FeedbackItem.Channel.DESK.label


def test_the_admin_shows_the_history_read_only(rf, superuser, item):
    request = rf.get("/")
    request.user = superuser
    for model in (Transition, FeedbackItem, DueDateChange):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, None)
        assert not model_admin.has_delete_permission(request, None)


def test_no_service_updates_or_deletes_a_history_row():
    import inspect

    source = inspect.getsource(services)
    assert "Transition.objects.create" in source
    for forbidden in ("transitions.update", "Transition.objects.filter", ".delete("):
        assert forbidden not in source


# --- Dialogues and commitments ---------


def test_an_item_raised_at_a_dialogue_is_linked_to_it_and_received_that_day(officer, long_hung, category):
    dialogue = services.dialogue_record(
        commune=long_hung,
        by=officer,
        held_on=today() - datetime.timedelta(days=3),
        chaired_by="Chủ tịch UBND xã",
        participants="Trưởng thôn, hộ dân",
        topics="Giao thông nông thôn",
    )
    item = services.dialogue_raise_item(
        dialogue=dialogue, by=officer, category=category, content="Đề nghị làm lại cầu tràn thôn Tây."
    )
    assert item.dialogue == dialogue and item.channel == FeedbackItem.Channel.DIALOGUE
    assert item.received_on == dialogue.held_on


def test_commitments_are_tracked_to_done_once(officer, long_hung):
    dialogue = services.dialogue_record(
        commune=long_hung, by=officer, held_on=today(), chaired_by="Bí thư", participants="Dân", topics="Rác"
    )
    with pytest.raises(ValidationError, match="sau ngày đối thoại"):
        services.commitment_add(
            dialogue=dialogue,
            by=officer,
            description="Thu gom rác",
            owner="VP",
            due_on=today() - datetime.timedelta(1),
        )
    commitment = services.commitment_add(
        dialogue=dialogue,
        by=officer,
        description="Thu gom rác",
        owner="VP",
        due_on=today() + datetime.timedelta(9),
    )
    services.commitment_complete(commitment=commitment, by=officer, done_on=today())
    with pytest.raises(ValidationError, match="đã được ghi nhận"):
        services.commitment_complete(commitment=commitment, by=officer, done_on=today())
    assert Commitment.objects.get().done_on == today()


def test_a_dialogue_in_the_future_is_refused(officer, long_hung):
    with pytest.raises(ValidationError, match="tương lai"):
        services.dialogue_record(
            commune=long_hung,
            by=officer,
            held_on=today() + datetime.timedelta(days=1),
            chaired_by="Bí thư",
            participants="Dân",
            topics="Rác",
        )


# --- Suggestion-box openings -----------------------------------------------------------------------------


def test_an_opening_gives_at_most_as_many_items_as_letters_found(officer, long_hung, category):
    from communes.services.activity import box_opening_record

    opening = box_opening_record(
        commune=long_hung, by=officer, opened_on=today(), witnesses="Chủ tịch MTTQ xã", letters_found=2
    )
    letters = [{"category": category, "content": "Đề nghị sửa cổng trường tiểu học."}] * 2
    items = services.feedback_from_box_opening(opening=opening, by=officer, letters=letters)
    assert [i.channel for i in items] == [FeedbackItem.Channel.SUGGESTION_BOX] * 2
    assert all(i.box_opening == opening and i.received_on == today() for i in items)
    with pytest.raises(ValidationError, match="2 thư"):
        services.feedback_from_box_opening(opening=opening, by=officer, letters=letters[:1])
    assert FeedbackItem.objects.count() == 2


def test_only_province_administrators_configure_categories(officer, province_admin):
    with pytest.raises(PermissionDenied):
        services.category_save(by=officer, name="Khiếu nại", kind="complaint", time_limit_days=30)
    category = services.category_save(
        by=province_admin, name="Khiếu nại", kind="complaint", time_limit_days=30
    )
    with pytest.raises(ValidationError, match="365"):
        services.category_save(
            by=province_admin, category=category, name="Khiếu nại", kind="complaint", time_limit_days=0
        )

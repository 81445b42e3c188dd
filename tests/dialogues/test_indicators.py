"""Indicators from one selector: open overdue items count against the resolution rate."""

import datetime

import pytest
from django.utils import timezone

from communes.models import AdminUnit
from communes.workdays import add_working_days
from dialogues import selectors, services
from dialogues.models import FeedbackItem, HistoricTally


def today() -> datetime.date:
    """The local date when the test runs (a module constant would go stale across midnight)."""
    return timezone.localdate()


def resolve(item, officer, *, on=None):
    services.feedback_assign(item=item, by=officer, assignee=officer)
    services.feedback_start(item=item, by=officer)
    services.feedback_answer(item=item, by=officer, public_answer="Đã giải quyết.")
    if on is not None:
        # The service dates an answer today; a past answer is set directly for the test.
        FeedbackItem.objects.filter(pk=item.pk).update(resolved_on=on)


def communes(*units):
    return AdminUnit.objects.filter(pk__in=[u.pk for u in units])


def test_the_rate_counts_open_overdue_items_against_it(make_item, officer, long_hung):
    on_time = make_item(days_ago=3)
    resolve(on_time, officer)
    late = make_item(days_ago=20)
    resolve(late, officer)
    make_item(days_ago=30)  # open, 20 days past due
    make_item(days_ago=1)  # open, still in time: not in the rate
    rejected = make_item(days_ago=40)
    services.feedback_reject(item=rejected, by=officer, note="Không thuộc thẩm quyền.")
    result = selectors.indicators(communes=communes(long_hung))
    assert result["received"] == 5
    assert (result["resolved_on_time"], result["resolved_late"], result["open_overdue"]) == (1, 1, 1)
    assert result["open_in_time"] == 1 and result["set_aside"] == 1
    assert result["resolution_rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["on_time_rate"] == pytest.approx(1 / 3, abs=1e-4)


def test_a_new_date_does_not_hide_a_late_item(make_item, officer, long_hung):
    item = make_item(days_ago=1)
    services.feedback_reschedule(
        item=item, by=officer, new_due_on=item.due_on + datetime.timedelta(days=3), reason="Chờ ý kiến huyện."
    )
    # Days later: the original due date (on or before which the slip was sent) has passed, the new
    # one has not.
    FeedbackItem.objects.filter(pk=item.pk).update(
        original_due_on=today() - datetime.timedelta(days=2), due_on=today() + datetime.timedelta(days=3)
    )
    result = selectors.indicators(communes=communes(long_hung))
    assert result["open_overdue"] == 1 and result["resolution_rate"] == 0


def test_average_handling_time_and_citizen_answers(make_item, officer, long_hung):
    first = make_item(days_ago=4)
    resolve(first, officer)
    second = make_item(days_ago=8)
    resolve(second, officer)
    services.feedback_close(item=second, by=officer)
    services.feedback_follow_up(item=second, resolved=True)
    result = selectors.indicators(communes=communes(long_hung))
    assert result["average_handling_days"] == 6.0
    assert result["follow_up_answers"] == 1 and result["citizen_resolved_rate"] == 1.0


def test_historic_tallies_add_to_the_live_counts_by_period(make_item, officer, long_hung, tien_duc, chi_hoa):
    # The history of the communes of before 2025, today's items on the 2025 commune.
    HistoricTally.objects.create(
        commune=tien_duc,
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2020, 12, 31),
        dialogues_held=4,
        resolved_on_time=90,
        resolved_late=6,
        open_overdue=4,
    )
    HistoricTally.objects.create(
        commune=chi_hoa,
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2021, 12, 31),
        dialogues_held=2,
    )
    resolve(make_item(days_ago=1), officer)
    all_time = selectors.indicators(communes=communes(long_hung, tien_duc, chi_hoa))
    assert all_time["dialogues_held"] == 6
    assert all_time["resolved"] == 97 and all_time["resolution_rate"] == pytest.approx(97 / 101, abs=1e-4)
    year_2020 = selectors.indicators(
        communes=communes(long_hung, tien_duc, chi_hoa),
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2020, 12, 31),
    )
    assert year_2020["resolved"] == 96 and year_2020["dialogues_held"] == 4 and year_2020["received"] == 0
    only_chi_hoa = selectors.indicators(communes=communes(chi_hoa))
    assert only_chi_hoa["dialogues_held"] == 2 and only_chi_hoa["resolution_rate"] is None


def test_dialogues_held_and_commitments_kept(officer, long_hung):
    dialogue = services.dialogue_record(
        commune=long_hung,
        by=officer,
        held_on=today() - datetime.timedelta(days=20),
        chaired_by="Chủ tịch",
        participants="Dân",
        topics="Đường",
    )
    kept = services.commitment_add(
        dialogue=dialogue,
        by=officer,
        description="Vá đường",
        owner="ĐC-XD",
        due_on=today() - datetime.timedelta(5),
    )
    services.commitment_complete(commitment=kept, by=officer, done_on=today() - datetime.timedelta(days=6))
    services.commitment_add(
        dialogue=dialogue,
        by=officer,
        description="Lắp đèn",
        owner="VP",
        due_on=today() - datetime.timedelta(1),
    )
    services.commitment_add(
        dialogue=dialogue,
        by=officer,
        description="Nạo vét kênh",
        owner="VP",
        due_on=today() + datetime.timedelta(9),
    )
    result = selectors.indicators(communes=communes(long_hung))
    assert result["dialogues_held"] == 1
    assert (result["commitments"], result["commitments_kept"], result["commitments_overdue"]) == (3, 1, 1)
    assert result["commitments_kept_on_time"] == 1
    assert result["commitments_kept_rate"] == pytest.approx(1 / 3, abs=1e-4)


def test_per_commune_rows_put_overdue_hot_spots_first(
    make_item, officer, other_officer, long_hung, hong_minh
):
    make_item(days_ago=30)
    make_item(days_ago=30)
    resolve(make_item(days_ago=2), officer)
    resolve(make_item(commune=hong_minh, by=other_officer, days_ago=1), other_officer)
    rows = list(selectors.indicators_by_commune(communes=communes(long_hung, hong_minh)))
    assert [r.pk for r in rows] == [long_hung.pk, hong_minh.pk]
    assert (rows[0].overdue_now, rows[0].open_overdue, rows[0].resolved) == (2, 2, 1)
    assert rows[0].resolution_rate == pytest.approx(1 / 3)
    assert rows[1].resolution_rate == 1.0


@pytest.mark.parametrize("size", [2, 12])
def test_indicators_cost_the_same_queries_whatever_the_size(
    make_item, officer, long_hung, size, django_assert_max_num_queries
):
    for index in range(size):
        item = make_item(days_ago=index)
        if index % 2:
            resolve(item, officer)
    with django_assert_max_num_queries(4):
        selectors.indicators(communes=communes(long_hung))
    with django_assert_max_num_queries(1):
        list(selectors.indicators_by_commune(communes=communes(long_hung)))


def test_the_officers_todo_lists_overdue_and_due_soon_items(
    make_item, officer, other_officer, long_hung, hong_minh
):
    # The category's 10 days are working days (communes.workdays): received this many days ago,
    # an item is due between `low` and `high` days from today.
    def days_ago(low: int, high: int) -> int:
        today = timezone.localdate()
        return next(
            back
            for back in range(60)
            if low <= (add_working_days(start=today - datetime.timedelta(back), days=10) - today).days <= high
        )

    overdue = make_item(days_ago=days_ago(-5, -1))
    soon = make_item(days_ago=days_ago(0, 3))
    make_item(days_ago=1)  # due in 9 working days: not yet
    make_item(commune=hong_minh, by=other_officer, days_ago=days_ago(-5, -1))
    todo = selectors.officer_todo(user=officer)
    assert [i.pk for i in todo["overdue"]] == [overdue.pk]
    assert [i.pk for i in todo["due_soon"]] == [soon.pk]

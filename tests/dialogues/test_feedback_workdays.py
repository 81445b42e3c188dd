"""A feedback item's due date counts its category's time limit in working days after the day of
receipt (communes.workdays), as a dossier's does."""

import datetime

from dialogues import services

D = datetime.date


def test_a_feedback_item_is_due_after_its_limit_in_working_days(officer, long_hung, category_factory):
    category = category_factory(name="Phản ánh về đường giao thông", time_limit_days=3)
    # Received Wednesday 29/04/2026: 30/04 and 01/05 are holidays, 02-03/05 the weekend.
    item = services.feedback_receive(
        commune=long_hung,
        by=officer,
        category=category,
        channel="desk",
        content="Ổ gà lớn trên đường liên xã.",
        received_on=D(2026, 4, 29),
    )
    assert (item.due_on, item.original_due_on) == (D(2026, 5, 6), D(2026, 5, 6))
    # Across Tết Bính Ngọ (16-20/02/2026 off).
    item = services.feedback_receive(
        commune=long_hung,
        by=officer,
        category=category,
        channel="desk",
        content="Đèn đường hỏng cả đoạn.",
        received_on=D(2026, 2, 12),
    )
    assert item.due_on == D(2026, 2, 24)

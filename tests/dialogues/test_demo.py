"""The demo data reproduces the figures of the Lạng Sơn review through the one selector, on the
communes of the day, and puts this year's items on the demo officers' 2025 communes."""

import io

import pytest
from django.core.management import call_command

from communes.eras import era_on
from communes.models import AdminUnit, User
from dialogues import selectors
from dialogues.models import Commitment, Dialogue, DueDateChange, FeedbackItem, HistoricTally


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo_dialogues", stdout=io.StringIO())


def test_lang_son_held_1310_dialogues_and_resolved_96_9_percent(demo):
    communes = AdminUnit.objects.filter(
        level="commune", era="legacy", parent__parent__era="legacy", parent__parent__code="20"
    )
    result = selectors.indicators(communes=communes)
    assert result["dialogues_held"] == 1310
    assert round(result["resolution_rate"] * 100, 1) == 96.9
    notes = set(HistoricTally.objects.values_list("note", flat=True))
    assert len(notes) == 1 and "1.310 cuộc" in notes.pop()


def test_the_long_hung_officer_has_a_non_empty_inbox_on_the_2025_commune(demo):
    officer = User.objects.get(username="xa.longhung")
    assert officer.commune.era == AdminUnit.Era.CURRENT
    todo = selectors.officer_todo(user=officer)
    assert todo["overdue"] and todo["due_soon"]
    assert DueDateChange.objects.filter(item__commune=officer.commune).exists()
    assert FeedbackItem.objects.filter(
        commune=officer.commune, status="closed", citizen_resolved=True
    ).exists()
    dialogue = Dialogue.objects.get(commune=officer.commune)
    assert dialogue.chaired_by == "Chủ tịch UBND xã Long Hưng"
    assert dialogue.commitments.count() == 2


def test_every_demo_officer_has_items_and_none_sit_on_a_dissolved_commune(demo):
    for username in ("xa.longhung", "phuong.thaibinh", "xa.dongdang", "xa.baubang"):
        officer = User.objects.get(username=username)
        assert FeedbackItem.objects.filter(commune=officer.commune).exists()
    for day, era in FeedbackItem.objects.values_list("received_on", "commune__era"):
        assert era_on(day) == era
    for day, era in Dialogue.objects.values_list("held_on", "commune__era"):
        assert era_on(day) == era
    for day, era in HistoricTally.objects.values_list("period_end", "commune__era"):
        assert era_on(day) == era


def test_it_can_run_twice(demo):
    counts = (FeedbackItem.objects.count(), Dialogue.objects.count(), Commitment.objects.count())
    call_command("load_demo_dialogues", stdout=io.StringIO())
    assert (FeedbackItem.objects.count(), Dialogue.objects.count(), Commitment.objects.count()) == counts
    communes = AdminUnit.objects.filter(
        level="commune", parent__parent__era="legacy", parent__parent__code="20"
    )
    assert selectors.indicators(communes=communes)["dialogues_held"] == 1310

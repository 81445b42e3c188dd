"""The demo data reproduces the figures of the Lạng Sơn review through the one selector."""

import io

import pytest
from django.core.management import call_command

from communes.models import AdminUnit, User
from dialogues import selectors
from dialogues.models import DueDateChange, FeedbackItem


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


def test_the_tien_duc_officer_has_a_non_empty_inbox(demo):
    officer = User.objects.get(username="xa.tienduc")
    todo = selectors.officer_todo(user=officer)
    assert todo["overdue"] and todo["due_soon"]
    assert DueDateChange.objects.filter(item__commune=officer.commune).exists()
    assert FeedbackItem.objects.filter(
        commune=officer.commune, status="closed", citizen_resolved=True
    ).exists()


def test_it_can_run_twice(demo):
    items = FeedbackItem.objects.count()
    call_command("load_demo_dialogues", stdout=io.StringIO())
    assert FeedbackItem.objects.count() == items
    communes = AdminUnit.objects.filter(
        level="commune", parent__parent__era="legacy", parent__parent__code="20"
    )
    assert selectors.indicators(communes=communes)["dialogues_held"] == 1310

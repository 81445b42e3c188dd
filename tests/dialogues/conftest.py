"""Fixtures of the dialogues tests: categories, items made through the services, and a real
Celery worker on Redis for the reminder test."""

import datetime
from pathlib import Path

import factory
import pytest
from django.utils import timezone
from pytest_factoryboy import register

from dialogues import services
from dialogues.models import Category, FeedbackItem

ROOT = Path(__file__).resolve().parents[2]


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Phản ánh loại {n}")
    kind = Category.Kind.REPORT
    time_limit_days = 10
    active = True


register(CategoryFactory)


@pytest.fixture
def category(category_factory) -> Category:
    return category_factory(name="Phản ánh về hạ tầng", time_limit_days=10)


@pytest.fixture
def make_item(officer, long_hung, category):
    """An item received through the service (so it has its first audit row)."""

    def make(
        *, commune=None, by=None, days_ago=0, category=category, channel=FeedbackItem.Channel.DESK, **extra
    ):
        return services.feedback_receive(
            commune=commune or long_hung,
            by=by or officer,
            category=category,
            channel=channel,
            content=extra.pop("content", "Đèn đường ở ngõ 5 thôn Đông không sáng."),
            received_on=timezone.localdate() - datetime.timedelta(days=days_ago),
            **extra,
        )

    return make


@pytest.fixture
def item(make_item) -> FeedbackItem:
    return make_item(citizen_name="Nguyễn Văn Hải", citizen_phone="0912345678")

"""Fixtures of the surveys tests: the default SIPAS template, services, desks, and a helper that
fills a valid answer set."""

import factory
import pytest
from pytest_factoryboy import register

from surveys.models import Desk, Question, Service
from surveys.services import template_default_ensure


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Chứng thực bản sao từ bản chính {n}")
    field = "Chứng thực"


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desk

    name = factory.Sequence(lambda n: f"Quầy số {n + 1}")
    kiosk_interval_seconds = 5
    kiosk_reset_seconds = 5


register(ServiceFactory)
register(DeskFactory)


@pytest.fixture
def sipas(db):
    return template_default_ensure()


def answers_for(template, *, score: int = 5, overall: int | None = None, text: str = "") -> dict:
    """Every question answered: satisfaction questions with `score` (the overall one with
    `overall`, default `score`), yes/no yes, choices the first option."""
    answers = {}
    for question in template.questions.all():
        if question.kind == Question.Kind.SCALE:
            answers[question.pk] = overall if (question.factor == "overall" and overall) else score
        elif question.kind == Question.Kind.YES_NO:
            answers[question.pk] = 1
        elif question.kind == Question.Kind.SINGLE:
            answers[question.pk] = 0
        elif question.kind == Question.Kind.MULTIPLE:
            answers[question.pk] = [0]
        elif question.kind == Question.Kind.LONG_TEXT and text:
            answers[question.pk] = text
    return answers


def post_data(template, answers: dict) -> dict:
    """The public form's POST body for `answers`."""
    data = {"template": template.pk, "website": ""}
    for qid, value in answers.items():
        data[f"q{qid}"] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data

"""Answers checked against their questions, judged, and turned into count deltas."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    SATISFIED_FROM,
    SIPAS_FACTORS,
    Factor,
    Question,
    SurveyResponse,
    SurveyTemplate,
)
from .templates import Kind

Channel = SurveyResponse.Channel

SHORT_TEXT_MAX = 200

LONG_TEXT_MAX = 2000

# --- Answers ---------------------------------------------------------------------------

# Questions of a published template never change: read them once per process.
_QUESTIONS: dict[tuple[int, datetime.datetime], list[Question]] = {}


def template_questions(template: SurveyTemplate) -> list[Question]:
    if not template.is_published:
        return list(template.questions.all())
    key = (template.pk, template.published_at)
    if key not in _QUESTIONS:
        _QUESTIONS[key] = list(template.questions.all())
    return _QUESTIONS[key]


def asked_questions(template: SurveyTemplate, channel: str) -> list[Question]:
    """The kiosk asks only the questions marked for it; every other channel asks them all."""
    questions = template_questions(template)
    if channel == Channel.KIOSK:
        return [q for q in questions if q.in_kiosk]
    return questions


def _int(raw) -> int | None:
    if isinstance(raw, bool):
        return int(raw)
    if isinstance(raw, int):
        return raw
    text = str(raw).strip()
    if text.lstrip("-").isdecimal():
        return int(text)
    return None


def _clean_answer(question: Question, raw) -> tuple[int | None, list[int], str] | None:
    """(value, values, text) for an answer, None when not answered; ValidationError when invalid."""
    if raw is None or raw == "" or raw == []:
        return None
    kind = question.kind
    if kind == Kind.SCALE:
        value = _int(raw)
        if value is None or not 1 <= value <= 5:
            raise ValidationError(_("Hãy chọn một mức từ 1 đến 5."))
        return value, [], ""
    if kind == Kind.YES_NO:
        text = str(raw).strip().lower()
        if raw is True or text in {"1", "true", "yes", "co", "có"}:
            return 1, [], ""
        if raw is False or text in {"0", "false", "no", "khong", "không"}:
            return 0, [], ""
        raise ValidationError(_("Hãy chọn Có hoặc Không."))
    if kind == Kind.SINGLE:
        value = _int(raw)
        if value is None or not 0 <= value < len(question.options):
            raise ValidationError(_("Lựa chọn không hợp lệ."))
        return value, [], ""
    if kind == Kind.MULTIPLE:
        items = raw if isinstance(raw, list | tuple) else [raw]
        values = [_int(item) for item in items]
        if any(v is None or not 0 <= v < len(question.options) for v in values):
            raise ValidationError(_("Lựa chọn không hợp lệ."))
        values = sorted(set(values))
        return (None, values, "") if values else None
    # Free text is kept exactly as typed; only its length is limited.
    text = str(raw)
    if not text.strip():
        return None
    limit = SHORT_TEXT_MAX if kind == Kind.SHORT_TEXT else LONG_TEXT_MAX
    if len(text) > limit:
        raise ValidationError(
            _("Câu trả lời dài %(length)s ký tự; tối đa %(limit)s ký tự.")
            % {"length": len(text), "limit": limit}
        )
    if "\x00" in text:
        raise ValidationError(_("Câu trả lời có ký tự không hợp lệ."))
    return None, [], text


def clean_answers(
    *, questions: list[Question], answers: Mapping
) -> dict[int, tuple[int | None, list[int], str]]:
    """Answers keyed by question id, checked against the questions asked. Errors are keyed
    "q<id>", the name of the question's field in the forms."""
    by_id = {q.pk: q for q in questions}
    errors: dict[str, list[str]] = {}
    keys = {}
    for key in answers:
        qid = _int(str(key).removeprefix("q"))
        if qid not in by_id:
            errors.setdefault("answers", []).append(
                _("Câu hỏi %(key)s không có trong phiếu này.") % {"key": key}
            )
        else:
            keys[qid] = answers[key]
    cleaned = {}
    for question in questions:
        try:
            answer = _clean_answer(question, keys.get(question.pk))
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
            continue
        if answer is None:
            if question.required:
                errors[f"q{question.pk}"] = [_("Vui lòng trả lời câu hỏi này.")]
            continue
        cleaned[question.pk] = answer
    if errors:
        raise ValidationError(errors)
    return cleaned


@dataclass
class Judgement:
    """What one response adds to the index: per factor, None (not answered) or satisfied."""

    factors: dict[str, bool | None]
    overall: bool | None


def judge(*, questions: list[Question], cleaned: Mapping[int, tuple]) -> Judgement:
    """A factor counts as satisfied when the mean of its 1-5 satisfaction answers is 4 or more.
    The overall judgement is the overall question's answer; without one, the mean over the
    factors' satisfaction answers."""
    scores: dict[str, list[int]] = {}
    for question in questions:
        if question.counts_for_index and question.pk in cleaned:
            scores.setdefault(question.factor, []).append(cleaned[question.pk][0])

    def satisfied(values: list[int]) -> bool | None:
        return (sum(values) >= SATISFIED_FROM * len(values)) if values else None

    factors = {factor: satisfied(scores.get(factor, [])) for factor in SIPAS_FACTORS}
    if Factor.OVERALL in scores:
        overall = satisfied(scores[Factor.OVERALL])
    else:
        overall = satisfied([v for f in SIPAS_FACTORS for v in scores.get(f, [])])
    return Judgement(factors=factors, overall=overall)


def month_of(moment: datetime.datetime | datetime.date) -> datetime.date:
    day = timezone.localtime(moment).date() if isinstance(moment, datetime.datetime) else moment
    return day.replace(day=1)


def count_deltas(judgement: Judgement) -> dict[str, int]:
    """What one response adds to its month's MonthlyCount row."""
    deltas = {"forms": 1}
    if judgement.overall is not None:
        deltas["overall_answered"] = 1
        deltas["overall_satisfied"] = int(judgement.overall)
    for factor, value in judgement.factors.items():
        if value is not None:
            deltas[f"{factor}_answered"] = 1
            deltas[f"{factor}_satisfied"] = int(value)
    return deltas


def counted_answers(*, questions: list[Question], cleaned: Mapping[int, tuple]) -> list[tuple[int, int]]:
    """The (question, value) pairs one response adds to the distributions, sorted (the order in
    which concurrent responses lock their MonthlyAnswerCount rows, so that they never deadlock)."""
    rows = []
    for question in questions:
        if question.pk not in cleaned or question.kind in Question.TEXT_KINDS:
            continue
        value, values, _text = cleaned[question.pk]
        for item in values if question.kind == Kind.MULTIPLE else [value]:
            rows.append((question.pk, item))
    return sorted(rows)

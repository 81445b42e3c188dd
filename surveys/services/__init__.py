"""Writes of the surveys app. The public form, the kiosk, paper entry, the API and the demo command
all submit through `response_submit`, so every rule is written once:

- only a published template takes answers, and a published template never changes (a new
  version copies it);
- answers are checked against the questions' kinds (1-5, yes/no, options), required questions
  must be answered, free text is stored exactly as typed (within a length limit);
- a one-time code works once: it is locked, checked and marked used in the response's
  transaction, and the response takes the code's commune, desk, service and officer;
- the monthly counts the results read are incremented in the same transaction, so they stay
  exact;
- a submission key (the public form's one-use token, the API's Idempotency-Key) stores one
  response: the same key again stores and counts nothing and gives back the response it stored.

The writes live in one module per subject (templates, procedures, desks, answers, responses, paper
forms, monthly counts); this package exposes them under one name.
"""

from .answers import (
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    Channel,
    Judgement,
    asked_questions,
    clean_answers,
    judge,
    month_of,
    template_questions,
)
from .counts import COUNT_COLUMNS, answer_counts_increment, counts_increment
from .desks import CODE_ALPHABET, CODE_LENGTH, code_issue, desk_create, normalise_code
from .paper import batch_check, batch_create, batch_enter, tally_delete, tally_record
from .permissions import ensure_can_configure, ensure_can_record
from .procedures import service_create, service_update
from .responses import (
    ANSWERED_AT_MAX_AGE,
    ANSWERED_AT_MAX_AHEAD,
    PREPARED_NAME,
    answered_at_check,
    response_submit,
)
from .templates import (
    SIPAS_INTRO,
    SIPAS_QUESTIONS,
    SIPAS_TITLE,
    Kind,
    question_add,
    question_delete,
    question_update,
    template_default_ensure,
    template_new_version,
    template_publish,
)

__all__ = [
    "ANSWERED_AT_MAX_AGE",
    "ANSWERED_AT_MAX_AHEAD",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "COUNT_COLUMNS",
    "Channel",
    "Judgement",
    "Kind",
    "LONG_TEXT_MAX",
    "PREPARED_NAME",
    "SHORT_TEXT_MAX",
    "SIPAS_INTRO",
    "SIPAS_QUESTIONS",
    "SIPAS_TITLE",
    "answer_counts_increment",
    "answered_at_check",
    "asked_questions",
    "batch_check",
    "batch_create",
    "batch_enter",
    "clean_answers",
    "code_issue",
    "counts_increment",
    "desk_create",
    "ensure_can_configure",
    "ensure_can_record",
    "judge",
    "month_of",
    "normalise_code",
    "question_add",
    "question_delete",
    "question_update",
    "response_submit",
    "service_create",
    "service_update",
    "tally_delete",
    "tally_record",
    "template_default_ensure",
    "template_new_version",
    "template_publish",
    "template_questions",
]

"""The monthly counts the results read, incremented in the submitting transaction."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.utils.translation import gettext as _

from ..models import (
    SIPAS_FACTORS,
    MonthlyAnswerCount,
    MonthlyCount,
)

# --- Monthly counts ---------------------------------------------------------------------------------

COUNT_COLUMNS = [
    "forms",
    "overall_answered",
    "overall_satisfied",
    *(f"{factor}_{part}" for factor in SIPAS_FACTORS for part in ("answered", "satisfied")),
]


_COUNT_TABLE = MonthlyCount._meta.db_table
_ANSWER_COUNT_TABLE = MonthlyAnswerCount._meta.db_table
# Upserts that add one statement's rows (`source`: VALUES or a SELECT) to the counts atomically.
# Table and column names are our own constants; every value is a parameter.
COUNTS_UPSERT = (
    f"INSERT INTO {_COUNT_TABLE} (month, commune_id, service_key, officer_key, {', '.join(COUNT_COLUMNS)}) "  # noqa: S608
    "{source} ON CONFLICT (month, commune_id, service_key, officer_key) DO UPDATE SET "
    + ", ".join(f"{c} = {_COUNT_TABLE}.{c} + excluded.{c}" for c in COUNT_COLUMNS)
)
ANSWER_COUNTS_UPSERT = (
    f"INSERT INTO {_ANSWER_COUNT_TABLE} (month, commune_id, question_id, value, count) {{source}} "  # noqa: S608
    "ON CONFLICT (month, commune_id, question_id, value) "
    f"DO UPDATE SET count = {_ANSWER_COUNT_TABLE}.count + 1"
)


def counts_increment(
    *,
    month: datetime.date,
    commune_id: int,
    deltas: Mapping[str, int],
    service_key: int = 0,
    officer_key: int = 0,
    answers: list[tuple[int, int]] | None = None,
) -> None:
    """Add `deltas` to the month's row, creating it if needed, in one atomic statement; and
    count each (question, value) of `answers` once more. (A response submitted on PostgreSQL does
    all of it in the statement that stores it: see _response_store.)"""
    values = [deltas.get(column, 0) for column in COUNT_COLUMNS]
    if any(value < 0 for value in values):
        # Taking counts back (a deleted tally): the row exists, and an INSERT of negative
        # numbers would fail the columns' checks before reaching ON CONFLICT.
        updated = MonthlyCount.objects.filter(
            month=month, commune_id=commune_id, service_key=service_key, officer_key=officer_key
        ).update(**{column: F(column) + delta for column, delta in deltas.items() if delta})
        if updated != 1:
            raise ValidationError(_("Không tìm thấy số liệu tổng hợp để trừ."))
        return
    placeholders = ", ".join(["%s"] * (4 + len(COUNT_COLUMNS)))
    with connection.cursor() as cursor:
        cursor.execute(
            COUNTS_UPSERT.format(source=f"VALUES ({placeholders})"),
            [month, commune_id, service_key, officer_key, *values],
        )
    if answers:
        answer_counts_increment(month=month, commune_id=commune_id, rows=answers)


def answer_counts_increment(*, month: datetime.date, commune_id: int, rows: list[tuple[int, int]]) -> None:
    """Count each (question, value) once more. Rows are sorted so that concurrent responses lock
    them in the same order and never deadlock."""
    if not rows:
        return
    params = []
    for question_id, value in sorted(rows):
        params += [month, commune_id, question_id, value]
    source = "VALUES " + ", ".join(["(%s, %s, %s, %s, 1)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(ANSWER_COUNTS_UPSERT.format(source=source), params)

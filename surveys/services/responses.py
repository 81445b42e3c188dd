"""Responses: every channel submits through `response_submit`; a submission key stores one."""

from __future__ import annotations

import datetime
import functools
import json
import re
import weakref
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communes.eras import ensure_unit_era
from communes.models import AdminUnit, User
from friendly_gov.idempotency import KeyReused, fingerprint

from ..models import (
    Answer,
    Desk,
    PaperBatch,
    ResponseCode,
    Service,
    SurveyResponse,
    SurveyTemplate,
)
from .answers import Channel, asked_questions, clean_answers, count_deltas, counted_answers, judge, month_of
from .counts import ANSWER_COUNTS_UPSERT, COUNT_COLUMNS, COUNTS_UPSERT, counts_increment
from .desks import check_context, normalise_code
from .permissions import ensure_commune

# --- Responses ----------------------------------------------------------------------------------

# A kiosk that lost its line keeps its taps and sends them when the line is back, each with the
# time it was tapped (the client's clock). That time is taken within these bounds: a tablet whose
# clock runs a little fast is forgiven, a queue older than a month or a time ahead is not.
ANSWERED_AT_MAX_AGE = datetime.timedelta(days=30)
ANSWERED_AT_MAX_AHEAD = datetime.timedelta(minutes=10)


def answered_at_check(
    *, moment: datetime.datetime, now: datetime.datetime | None = None
) -> datetime.datetime:
    """The client-given time of an answer, when it is plausible; ValidationError otherwise."""
    now = now or timezone.now()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > now + ANSWERED_AT_MAX_AHEAD:
        raise ValidationError(
            {"answered_at": _("Thời điểm trả lời ở tương lai: hãy kiểm tra đồng hồ của máy.")}
        )
    if moment < now - ANSWERED_AT_MAX_AGE:
        raise ValidationError(
            {
                "answered_at": _("Thời điểm trả lời đã quá %(days)s ngày, không nhận phiếu này.")
                % {"days": ANSWERED_AT_MAX_AGE.days}
            }
        )
    return min(moment, now)


def response_submit(
    *,
    template: SurveyTemplate,
    commune: AdminUnit,
    answers: Mapping,
    channel: str,
    desk: Desk | None = None,
    service: Service | None = None,
    officer: User | None = None,
    code: str = "",
    batch: PaperBatch | None = None,
    submitted_at: datetime.datetime | None = None,
    answered_at: datetime.datetime | None = None,
    submission_key: str = "",
) -> SurveyResponse:
    """Store one anonymous response and count it. With a one-time `code`, the code decides the
    commune, desk, service and officer, and is used up.

    `submitted_at` is a time the portal trusts (a paper batch's day); `answered_at` is the time a
    client says the citizen answered (a kiosk replaying its offline queue): checked against
    `answered_at_check`, then stored as the response's time (and counted in its month).

    With a `submission_key`, the key stores one response: sent again with the same submission, it
    stores and counts nothing and returns the response it stored, with `replayed` set (even when
    its one-time code is used up by then); sent with another submission, KeyReused."""
    if not template.is_published:
        raise ValidationError(_("Mẫu phiếu chưa được công bố, chưa thể trả lời."))
    if answered_at is not None:
        submitted_at = answered_at_check(moment=answered_at)
    if not code:
        # The response, its answers and both count increments are one statement (see
        # _response_store): atomic without a transaction block around it.
        return response_checked_store(
            template=template,
            commune=commune,
            answers=answers,
            channel=channel,
            desk=desk,
            service=service,
            officer=officer,
            batch=batch,
            submitted_at=submitted_at,
            submission_key=submission_key,
        )
    with transaction.atomic():
        # The code is locked, checked, used by the response and marked used in one transaction.
        try:
            code_row = ResponseCode.objects.select_for_update().get(code=normalise_code(code))
        except ResponseCode.DoesNotExist as exc:
            raise ValidationError(
                {"code": _("Mã đánh giá không đúng. Vui lòng kiểm tra lại mã trên phiếu hẹn.")}
            ) from exc
        if code_row.used_at is not None and not (
            # The key's response used the code: a replay, answered below as the first time.
            submission_key and code_row.responses.filter(submission_key=submission_key).exists()
        ):
            raise ValidationError(
                {
                    "code": _(
                        "Mã đánh giá này đã được dùng ngày %(date)s. Mỗi mã chỉ dùng được một lần; "
                        "cảm ơn Ông/Bà đã đánh giá."
                    )
                    % {"date": timezone.localtime(code_row.used_at).strftime("%d/%m/%Y")}
                }
            )
        now = timezone.now()
        response = response_checked_store(
            template=template,
            commune=code_row.commune,
            answers=answers,
            channel=Channel.CODE if channel == Channel.WEB else channel,
            desk=code_row.desk,
            service=code_row.service,
            officer=code_row.officer,
            code_row=code_row,
            batch=batch,
            submitted_at=submitted_at or now,
            submission_key=submission_key,
        )
        if not response.replayed:
            code_row.used_at = now
            code_row.save(update_fields=["used_at"])
        return response


def response_checked_store(
    *,
    template: SurveyTemplate,
    commune: AdminUnit,
    answers: Mapping,
    channel: str,
    desk: Desk | None,
    service: Service | None,
    officer: User | None,
    batch: PaperBatch | None,
    submitted_at: datetime.datetime | None,
    code_row: ResponseCode | None = None,
    submission_key: str = "",
    dossier=None,
) -> SurveyResponse:
    """Check and store one response (`dossier`: the dossier it rates, surveys.dossiers, which
    checked that it is rated once)."""
    ensure_commune(commune)
    submitted_at = submitted_at or timezone.now()
    # An answer given today goes to a 2025 commune; a paper form of 2024 to the commune of then.
    ensure_unit_era(unit=commune, on=submitted_at, field="commune")
    check_context(commune=commune, desk=desk, officer=officer)
    questions = asked_questions(template, channel)
    cleaned = clean_answers(questions=questions, answers=answers)
    judgement = judge(questions=questions, cleaned=cleaned)
    response = SurveyResponse(
        template=template,
        commune=commune,
        desk=desk,
        service=service,
        officer=officer,
        channel=channel,
        code=code_row,
        batch=batch,
        dossier=dossier,
        submitted_at=submitted_at,
        overall_satisfied=judgement.overall,
    )
    if submission_key:
        response.submission_key = submission_key
        response.submission_hash = _fingerprint(response, cleaned)
    store = _response_store if connection.vendor == "postgresql" else _response_store_orm
    stored = store(
        response=response,
        cleaned=cleaned,
        deltas=count_deltas(judgement),
        counted=counted_answers(questions=questions, cleaned=cleaned),
    )
    return response if stored else _stored_under_key(response)


def _fingerprint(response: SurveyResponse, cleaned: Mapping[int, tuple]) -> str:
    """What makes a submission the same one: where it goes, through which channel, its answers
    as cleaned (so 5 and "5", or the kiosk page and the API, are alike); not its time."""
    return fingerprint(
        response.template_id,
        response.commune_id,
        response.channel,
        response.desk_id,
        response.service_id,
        response.officer_id,
        response.code_id,
        response.batch_id,
        sorted(cleaned.items()),
        # Only when set, so that the keys stored before dossiers existed keep their digests.
        *([response.dossier_id] if response.dossier_id else []),
    )


def _stored_under_key(response: SurveyResponse) -> SurveyResponse:
    """The response that the insert of `response` ran into: the one stored under its key (a
    replay), KeyReused when that one was another submission. Nothing under the key: the statement
    stored nothing because the unit is not a commune."""
    existing = None
    if response.submission_key:
        existing = SurveyResponse.objects.filter(submission_key=response.submission_key).order_by().first()
    if existing is None:
        raise ValidationError({"commune": _("Phiếu khảo sát chỉ gắn với đơn vị cấp xã.")})
    if existing.submission_hash != response.submission_hash:
        raise KeyReused
    existing.replayed = True
    return existing


def _response_store(
    *,
    response: SurveyResponse,
    cleaned: Mapping[int, tuple],
    deltas: Mapping[str, int],
    counted: list[tuple[int, int]],
) -> bool:
    """PostgreSQL: the response, its answers, its month's count row and its answer counts in ONE
    statement (data-modifying WITH), so that it is atomic on its own: no BEGIN, COMMIT or savepoint
    round trips and no ORM compilation on the hot path of every submission. Everything is inserted
    from the row of the commune, so a unit that is not (or no longer) a commune stores nothing.
    The insert skips a response whose submission key is taken (ON CONFLICT DO NOTHING, waiting
    for a concurrent insert of the key to commit or roll back), and then so do the answers and
    the counts, which are inserted from the inserted response. False when nothing was stored."""
    month = month_of(response.submitted_at)
    question_ids = list(cleaned)
    rows = [cleaned[qid] for qid in question_ids]
    params = [
        response.template_id,
        response.desk_id,
        response.service_id,
        response.officer_id,
        response.channel,
        response.code_id,
        response.batch_id,
        response.submitted_at,
        response.overall_satisfied,
        response.submission_key,
        response.submission_hash,
        response.dossier_id,
        response.commune_id,
        AdminUnit.Level.COMMUNE.value,
        question_ids,
        [value for value, _values, _text in rows],
        [json.dumps(values) for _value, values, _text in rows],
        [text for _value, _values, text in rows],
        month,
        response.service_id or 0,
        response.officer_id or 0,
        *(deltas.get(column, 0) for column in COUNT_COLUMNS),
        month,
        [question_id for question_id, _value in counted],
        [value for _question_id, value in counted],
    ]
    with connection.cursor() as cursor:
        cursor.execute(_response_store_statement(cursor), params)
        row = cursor.fetchone()
    if row is None:
        return False
    response.pk = row[0]
    response._state.adding = False
    response._state.db = connection.alias
    return True


# Database sessions in which the statement is prepared (PREPARE lives as long as the session).
_PREPARED: weakref.WeakSet = weakref.WeakSet()
PREPARED_NAME = "surveys_response_store"


def _response_store_statement(cursor) -> str:
    """The statement to run with _response_store's parameters: EXECUTE of a prepared statement,
    so that PostgreSQL plans it once per session instead of once per response (about a third of
    the statement's cost); the plain statement behind a transaction pooler (where Django asks for
    DISABLE_SERVER_SIDE_CURSORS), whose sessions are not ours to keep state in."""
    sql = _response_store_sql()
    if connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        return sql
    raw = connection.connection
    if raw not in _PREPARED:
        numbered = iter(range(1, sql.count("%s") + 1))
        cursor.execute(f"PREPARE {PREPARED_NAME} AS " + re.sub("%s", lambda _m: f"${next(numbered)}", sql))
        _PREPARED.add(raw)
    return f"EXECUTE {PREPARED_NAME}({', '.join(['%s'] * sql.count('%s'))})"


@functools.cache
def _response_store_sql() -> str:
    """The statement of _response_store (built once per process)."""
    responses = SurveyResponse._meta
    fields = [
        "template",
        "desk",
        "service",
        "officer",
        "channel",
        "code",
        "batch",
        "submitted_at",
        "overall_satisfied",
        "submission_key",
        "submission_hash",
        "dossier",
    ]
    columns = ", ".join(responses.get_field(name).column for name in fields)
    commune_column = responses.get_field("commune").column
    key_column = responses.get_field("submission_key").column
    placeholders = ", ".join(["%s"] * len(COUNT_COLUMNS))
    counts_source = f"SELECT %s::date, response.commune_id, %s, %s, {placeholders} FROM response"  # noqa: S608
    answer_counts_source = (
        "SELECT %s::date, response.commune_id, a.question_id, a.value, 1 "
        "FROM response, unnest(%s::bigint[], %s::smallint[]) AS a(question_id, value) "
        "ORDER BY a.question_id, a.value"
    )
    # Table and column names are our own constants; every value is a parameter.
    return f"""
        WITH response AS (
            INSERT INTO {responses.db_table} ({commune_column}, {columns})
            SELECT unit.id, {", ".join(["%s"] * len(fields))} FROM {AdminUnit._meta.db_table} unit
            WHERE unit.id = %s AND unit.level = %s
            ON CONFLICT ({key_column}) WHERE {key_column} IS NOT NULL DO NOTHING
            RETURNING id, {commune_column} AS commune_id
        ), answers AS (
            INSERT INTO {Answer._meta.db_table} (response_id, question_id, value, "values", text)
            SELECT response.id, a.question_id, a.value, a.choices::jsonb, a.text
            FROM response, unnest(%s::bigint[], %s::smallint[], %s::text[], %s::text[])
                AS a(question_id, value, choices, text)
        ), counted AS (
            {COUNTS_UPSERT.format(source=counts_source)}
        ), answers_counted AS (
            {ANSWER_COUNTS_UPSERT.format(source=answer_counts_source)}
        )
        SELECT id FROM response"""  # noqa: S608


def _response_store_orm(
    *,
    response: SurveyResponse,
    cleaned: Mapping[int, tuple],
    deltas: Mapping[str, int],
    counted: list[tuple[int, int]],
) -> bool:
    """Other databases (SQLite for local use): the same rows, one statement each, in a transaction.
    False when the submission key is taken (the unique index refused the response)."""
    try:
        with transaction.atomic():
            response.save(force_insert=True)
            Answer.objects.bulk_create(
                Answer(response=response, question_id=qid, value=value, values=values, text=text)
                for qid, (value, values, text) in cleaned.items()
            )
            counts_increment(
                month=month_of(response.submitted_at),
                commune_id=response.commune_id,
                service_key=response.service_id or 0,
                officer_key=response.officer_id or 0,
                deltas=deltas,
                answers=counted,
            )
    except IntegrityError:
        if (
            response.submission_key
            and SurveyResponse.objects.filter(submission_key=response.submission_key).exists()
        ):
            return False
        raise
    return True

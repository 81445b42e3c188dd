"""How an import writes its checked dossiers, inside the import's transaction, and keeps the
counts the indicators read exact.

Each chunk (`chunk_store`): the dossiers already known by the chunk's codes are locked and read
(`FOR UPDATE`: what they counted for is taken away, and a code of another commune's dossier
outside the importer's scope is refused), then the chunk is upserted by code. On PostgreSQL the
new dossiers are copied (`COPY`, the fastest way in) straight into the table and the known ones
through a temporary table and one UPDATE; elsewhere (the SQLite demo) through the ORM's bulk
upsert. While the feed brings only new dossiers, a chunk is copied in without the lookup, under
a savepoint that a known code (the unique constraint) rolls back to take the careful way.

The counts: what each dossier adds (as written) or takes away (as it was) is summed in memory as
the rows are checked (`Tally`), bounded by communes × months and provinces × days whatever the
size of the feed, and written once at the end (`import_finish`): a national feed touches each
count many times, the database once.
"""

from __future__ import annotations

import datetime
import io
import itertools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from psycopg2.errors import UniqueViolation

from ..models import Dossier, DossierMonthlyCount, DossierProvinceCount

# A record: the dossier's columns in this order, times local and naive (the database gives them
# the time zone).
COLUMNS = [
    "code",
    "commune_id",
    "service_id",
    "channel",
    "received_at",
    "time_limit_days",
    "due_on",
    "returned_at",
    "status",
    "outcome",
    "officer_id",
    "officer_name",
    "source",
]
# Counts the tally holds before it is handed to the database (tally_flush): three years of the
# whole country, communes before and after the reform, hold some 420,000 (about 65 MB), so a
# national feed of three years is summed in memory to the end.
TALLY_KEPT = 500_000
_COUNTED = ["received", "received_online", "early", "on_time", "late"]
_OUTCOME_INDEX = {Dossier.Outcome.EARLY: 2, Dossier.Outcome.ON_TIME: 3, Dossier.Outcome.LATE: 4}
_MONTH, _DAY = DossierProvinceCount.Span.MONTH.value, DossierProvinceCount.Span.DAY.value
_ALL = DossierProvinceCount.ALL


# The tally packs each count's key into one integer (days as ordinals, ids below 2**40) and its
# five sums into another (32 bits each, two's complement, so that adding packed values adds each
# sum): some 150 bytes a count instead of 500 for tuples and lists.
_ID = 1 << 40
_FIELD = 32
_MASK = (1 << _FIELD) - 1
_HALF = 1 << (_FIELD - 1)
_PLACES = [1 << (_FIELD * index) for index in range(len(_COUNTED))]


def _unpacked(value: int) -> list[int]:
    """The five sums packed in `value`."""
    sums = []
    for _ in _PLACES:
        part = value & _MASK
        if part >= _HALF:
            part -= 1 << _FIELD
        sums.append(part)
        value = (value - part) >> _FIELD
    return sums


@dataclass
class Tally:
    """The sums an import moves the counts by: per commune and month; per province and month
    (all procedures and each); per province and day (all procedures); per procedure and day
    for the whole country. A province's months for all procedures are summed from its
    communes' when the rows are taken (`rows`), not as each dossier is added. Shared by the
    checking and the writing thread."""

    monthly: dict[int, int] = field(default_factory=dict)
    province: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(
        self,
        commune_id: int,
        province_id: int,
        service_id: int,
        online: bool,
        received_on: datetime.date,
        returned_on: datetime.date | None,
        outcome: str,
        sign: int = 1,
    ) -> None:
        received = sign * (_PLACES[0] + _PLACES[1]) if online else sign * _PLACES[0]
        with self.lock:
            self._move(received, received_on, commune_id, province_id, service_id)
            if outcome:
                self._move(
                    sign * _PLACES[_OUTCOME_INDEX[outcome]], returned_on, commune_id, province_id, service_id
                )

    def _move(self, delta: int, day: datetime.date, commune_id: int, province_id: int, service_id: int):
        # The month of the province for all procedures is the sum of its communes' (`rows`).
        ordinal = day.toordinal()
        month = ordinal - day.day + 1
        monthly, province = self.monthly, self.province
        key = (month * _ID + province_id) * _ID + commune_id
        monthly[key] = monthly.get(key, 0) + delta
        key = (month * 2 * _ID + province_id) * _ID + service_id
        province[key] = province.get(key, 0) + delta
        of_day = (ordinal * 2 + 1) * _ID
        key = (of_day + province_id) * _ID + _ALL
        province[key] = province.get(key, 0) + delta
        key = of_day * _ID + service_id
        province[key] = province.get(key, 0) + delta

    def __len__(self) -> int:
        return len(self.monthly) + len(self.province)

    def monthly_rows(self) -> Iterator[tuple]:
        """The commune counts' rows: (month, commune, five sums), the empty ones left out."""
        for key, value in self.monthly.items():
            if value:
                rest, commune = divmod(key, _ID)
                yield (datetime.date.fromordinal(rest // _ID), commune, *_unpacked(value))

    def province_rows(self) -> Iterator[tuple]:
        """The province counts' rows: (span, period, province or None, procedure or ALL, five
        sums), the empty ones left out."""
        of_months: dict[int, int] = {}
        for key, value in self.monthly.items():
            month, unit = divmod(key // _ID, _ID)
            of_month = (month * 2 * _ID + unit) * _ID + _ALL
            of_months[of_month] = of_months.get(of_month, 0) + value
        for key, value in itertools.chain(self.province.items(), of_months.items()):
            if value:
                rest, service = divmod(key, _ID)
                rest, unit = divmod(rest, _ID)
                ordinal, span = divmod(rest, 2)
                period = datetime.date.fromordinal(ordinal)
                yield (_DAY if span else _MONTH, period, unit or None, service, *_unpacked(value))

    def rows(self) -> tuple[list[tuple], list[tuple]]:
        return list(self.monthly_rows()), list(self.province_rows())

    def take(self) -> Tally:
        """The sums so far, as a tally of their own; this one starts again from nothing."""
        taken = Tally(monthly=self.monthly, province=self.province)
        self.monthly, self.province = {}, {}
        return taken


# --- PostgreSQL ------------------------------------------------------------------------------------

_TABLE = Dossier._meta.db_table
_CODE_UNIQUE = "dossier_code_unique"
_STAGE = "dossier_import_stage"
_STAGE_CREATE = f"""CREATE TEMP TABLE IF NOT EXISTS {_STAGE} (
    code varchar(60), commune_id bigint, service_id bigint, channel varchar(10),
    received_local timestamp, time_limit_days smallint, due_on date, returned_local timestamp,
    status varchar(10), outcome varchar(8), officer_id bigint, officer_name varchar(160),
    source varchar(8)) ON COMMIT DROP"""
_COPY_STAGE = f"COPY {_STAGE} FROM STDIN"
# New dossiers go straight in (their local times read in the session's local time zone, see
# `import_begin`); the known ones through the stage.
_COPY_NEW = f"COPY {_TABLE} ({', '.join(COLUMNS)}, created_at, updated_at) FROM STDIN"
_KNOWN = f"""
    SELECT d.code, d.commune_id, d.service_id, d.channel, (d.received_at AT TIME ZONE %(tz)s)::date,
        (d.returned_at AT TIME ZONE %(tz)s)::date, d.outcome
    FROM {_TABLE} d WHERE d.code = ANY(%(codes)s)
    ORDER BY d.id FOR UPDATE OF d"""  # noqa: S608
_UPDATE = f"""
    UPDATE {_TABLE} d SET commune_id = s.commune_id, service_id = s.service_id, channel = s.channel,
        received_at = s.received_local AT TIME ZONE %(tz)s, time_limit_days = s.time_limit_days,
        due_on = s.due_on, returned_at = s.returned_local AT TIME ZONE %(tz)s, status = s.status,
        outcome = s.outcome, officer_id = s.officer_id, officer_name = s.officer_name,
        source = s.source, updated_at = %(now)s
    FROM {_STAGE} s WHERE d.code = s.code"""  # noqa: S608
_NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_line(record: tuple) -> str:
    """A record as a line of COPY's text format."""
    (
        code,
        commune,
        service,
        channel,
        received,
        limit,
        due,
        returned,
        status,
        outcome,
        officer,
        name,
        source,
    ) = record  # noqa: E501
    return (
        f"{code.translate(_ESCAPES)}\t{commune}\t{service}\t{channel}\t{received}\t"
        f"{_NULL if limit is None else limit}\t{due}\t"
        f"{_NULL if returned is None else returned}\t"
        f"{status}\t{outcome}\t{_NULL if officer is None else officer}\t{name.translate(_ESCAPES)}\t{source}"
    )


_ADD = ", ".join(f"{column} = t.{column} + excluded.{column}" for column in _COUNTED)
_MONTHLY_STAGE = "dossier_import_monthly"
_PROVINCE_STAGE = "dossier_import_province"
_COUNTS_CREATE = [
    f"""CREATE TEMP TABLE IF NOT EXISTS {_MONTHLY_STAGE} (month date, commune_id bigint,
        received int, received_online int, early int, on_time int, late int) ON COMMIT DROP""",
    f"""CREATE TEMP TABLE IF NOT EXISTS {_PROVINCE_STAGE} (span varchar(5), period date,
        province_id bigint, service_key bigint, received int, received_online int, early int,
        on_time int, late int) ON COMMIT DROP""",
]
_SUMS = ", ".join(f"sum({column})" for column in _COUNTED)
# The stages hold what each flush of the tally added: summed per count here.
_MONTHLY_MOVE = f"""
    INSERT INTO {DossierMonthlyCount._meta.db_table} AS t (month, commune_id, {", ".join(_COUNTED)})
    SELECT month, commune_id, {_SUMS} FROM {_MONTHLY_STAGE} GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (month, commune_id) DO UPDATE SET {_ADD}"""  # noqa: S608
_PROVINCE_MOVE = f"""
    INSERT INTO {DossierProvinceCount._meta.db_table} AS t
        (span, period, province_id, service_key, {", ".join(_COUNTED)})
    SELECT span, period, province_id, service_key, {_SUMS} FROM {_PROVINCE_STAGE}
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (span, period, province_id, service_key) DO UPDATE SET {_ADD}"""  # noqa: S608


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def import_begin() -> None:
    if not _postgresql():
        return
    with connection.cursor() as cursor:
        # Foreign keys checked as each chunk is written, not queued for the commit: a national
        # feed would queue tens of millions of checks in the database's memory.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # The lines give local times as they are (no offset to format for each); the database
        # reads them in the local time zone until the import is over (`import_finish`, or the
        # rollback of a failed import).
        cursor.execute("SET LOCAL TIME ZONE %s", [settings.TIME_ZONE])
        for statement in (_STAGE_CREATE, *_COUNTS_CREATE):
            cursor.execute(statement)
        cursor.execute(f"TRUNCATE {_MONTHLY_STAGE}, {_PROVINCE_STAGE}")


def chunk_store(records: list[tuple], lines: list[str], *, all_new: bool = False) -> tuple[int, list[tuple]]:
    """Write the records (codes unique among them; `lines` are their `copy_line`s, made by the
    checking thread). Returns how many were new, and the dossiers the chunk replaced as (code,
    commune, service, channel, local day of receipt, local day of return, outcome), read before
    they were replaced.

    `all_new`: the chunk is likely new throughout (the previous one was), so it is copied into
    the table straight away under a savepoint, without first looking its codes up; the unique
    code tells if one was known after all (or was just written by another import), and then the
    savepoint is rolled back and the chunk written the careful way."""
    if not _postgresql():
        return _chunk_store_orm(records)
    now = timezone.now()
    stamp = f"\t{now}\t{now}"
    if all_new:
        end = stamp + "\n"
        text = end.join(lines) + end
        try:
            with transaction.atomic(), connection.cursor() as wrapper:
                wrapper.cursor.copy_expert(_COPY_NEW, io.StringIO(text), size=len(text) + 1)
            return len(records), []
        except UniqueViolation as error:
            if error.diag.constraint_name != _CODE_UNIQUE:
                raise
    params = {"tz": settings.TIME_ZONE, "now": now, "codes": [record[0] for record in records]}
    with connection.cursor() as wrapper:
        # The driver's own cursor: a debug cursor would keep every chunk's 10,000 codes in its
        # log of queries (settings.DEBUG), growing with the feed.
        cursor = wrapper.cursor
        cursor.execute(_KNOWN, params)
        known = cursor.fetchall()
        codes = {row[0] for row in known}
        new = [line + stamp for record, line in zip(records, lines, strict=True) if record[0] not in codes]
        # Each in one read: the checking thread holds the interpreter between reads.
        if new:
            text = "\n".join(new) + "\n"
            cursor.copy_expert(_COPY_NEW, io.StringIO(text), size=len(text) + 1)
        if codes:
            text = "\n".join(line for record, line in zip(records, lines, strict=True) if record[0] in codes)
            cursor.execute(f"TRUNCATE {_STAGE}")
            cursor.copy_expert(_COPY_STAGE, io.StringIO(text + "\n"), size=len(text) + 2)
            cursor.execute(_UPDATE, params)
    return len(new), known


def tally_flush(tally: Tally, *, at_least: int | None = None) -> None:
    """On PostgreSQL, hand the tally's sums to the import's temporary tables once it holds
    `at_least` counts, so that its memory stays bounded whatever the span of the feed."""
    if not _postgresql():
        return
    with tally.lock:
        if len(tally) < (TALLY_KEPT if at_least is None else at_least):
            return
        taken = tally.take()
    with connection.cursor() as cursor:
        for table, rows in ((_MONTHLY_STAGE, taken.monthly_rows()), (_PROVINCE_STAGE, taken.province_rows())):
            # In parts: the text of every count at once would double the tally's memory.
            while part := list(itertools.islice(rows, 50_000)):
                text = "".join("\t".join(_NULL if v is None else str(v) for v in row) + "\n" for row in part)
                cursor.cursor.copy_expert(f"COPY {table} FROM STDIN", io.StringIO(text), size=len(text) + 1)


def import_finish(tally: Tally) -> None:
    """Move the counts by the import's sums."""
    if not _postgresql():
        _counts_orm(*tally.rows())
        return
    tally_flush(tally, at_least=0)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL TIME ZONE %s", [connection.timezone_name])
        cursor.execute(f"ANALYZE {_MONTHLY_STAGE}, {_PROVINCE_STAGE}")
        cursor.execute(_MONTHLY_MOVE)
        cursor.execute(_PROVINCE_MOVE)


# --- Other databases (the SQLite demo) --------------------------------------------------------------


_KNOWN_FIELDS = ["code", "commune_id", "service_id", "channel", "received_at", "returned_at", "outcome"]


def _chunk_store_orm(records: list[tuple]) -> tuple[int, list[tuple]]:
    zone = timezone.get_default_timezone()

    def aware(moment):
        return None if moment is None else moment.replace(tzinfo=zone)

    codes = [record[0] for record in records]
    known = []
    for start in range(0, len(codes), 500):
        for code, commune, service, channel, received, returned, outcome in (
            Dossier.objects.select_for_update()
            .filter(code__in=codes[start : start + 500])
            .values_list(*_KNOWN_FIELDS)
        ):
            known.append(
                (
                    code,
                    commune,
                    service,
                    channel,
                    timezone.localtime(received).date(),
                    timezone.localtime(returned).date() if returned else None,
                    outcome,
                )
            )
    now = timezone.now()
    dossiers = []
    for record in records:
        values = dict(zip(COLUMNS, record, strict=True))
        values["received_at"] = aware(values["received_at"])
        values["returned_at"] = aware(values["returned_at"])
        dossiers.append(Dossier(**values, created_at=now, updated_at=now))
    Dossier.objects.bulk_create(
        dossiers,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[*COLUMNS[1:], "updated_at"],
    )
    return len(records) - len(known), known


def _counts_orm(monthly: list[tuple], province: list[tuple]) -> None:
    """The counts moved through the ORM: the rows of the periods touched read once, added to,
    and written in batches (an empty province, the whole country, matched as such)."""
    for model, keys, period, rows in (
        (DossierMonthlyCount, ["month", "commune_id"], "month", monthly),
        (DossierProvinceCount, ["span", "period", "province_id", "service_key"], "period", province),
    ):
        if not rows:
            continue
        touched = model.objects.select_for_update().filter(
            **{f"{period}__in": {row[keys.index(f"{period}")] for row in rows}}
        )
        found = {tuple(getattr(counts, key) for key in keys): counts for counts in touched}
        new, changed = [], []
        for row in rows:
            key = tuple(row[: len(keys)])
            counts = found.get(key)
            if counts is None:
                counts = found[key] = model(**dict(zip(keys, key, strict=True)))
                new.append(counts)
            else:
                changed.append(counts)
            for column, change in zip(_COUNTED, row[len(keys) :], strict=True):
                setattr(counts, column, getattr(counts, column) + change)
        model.objects.bulk_create(new, batch_size=500)
        model.objects.bulk_update(changed, _COUNTED, batch_size=500)

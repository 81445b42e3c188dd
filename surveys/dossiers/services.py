"""Writes of dossiers: the import of a feed (a file, a JSON list pushed by a one-stop system, or a
national-scale file through `manage.py import_dossiers`), the apology slip of a late dossier.

An import is all or nothing and idempotent by dossier code: every row is checked, the rows are
written in chunks inside one transaction, and one bad row anywhere rolls all of it back. A code
already known is updated, never doubled; a code twice in one feed keeps its later line, as a
second import would. The procedures the feed names are matched by their code (mã TTHC), then by
name, and added to the list when new. A dossier belongs to the commune in force on the day it was
received (communes.eras). A feed that gives a time limit (`thoi_han`) instead of a due date gets
the due date the working-day calendar gives (communes.workdays).

The monthly counts the indicators read (`DossierMonthlyCount`) are changed in the same
transaction, by the difference each written dossier makes: received (and online) in the month of
receipt, early, on time or late in the month of return.
"""

from __future__ import annotations

import datetime
import functools
import io
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from communes.eras import REFORM_DAY, unit_for_code, unit_in_force
from communes.models import AdminUnit, User, fold
from communes.scope import can_record, visible_units
from communes.workdays import WorkingCalendar
from friendly_gov.table_import import ImportFileError, RowError, read_table

from ..models import Service, SurveyResponse
from ..services.responses import response_checked_store
from .models import Dossier, DossierDelay, DossierMonthlyCount
from .rows import REQUIRED, DossierRow, check_row, header_key

CHUNK_ROWS = 5_000
# Errors reported for one import: enough to fix a file, bounded for a feed of millions.
MAX_ERRORS = 200
LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)
Outcome = Dossier.Outcome


class ImportRejected(Exception):
    """The feed had errors; nothing was written."""

    def __init__(self, errors: list[RowError | str]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    services_added: int = 0

    @property
    def rows(self) -> int:
        return self.created + self.updated


def outcome_of(*, status: str, due_on: datetime.date, returned_on: datetime.date | None) -> str:
    """Early, on time or late by the local date of return against the due date; blank while the
    dossier is open or when it was withdrawn."""
    if status != Dossier.Status.RETURNED or returned_on is None:
        return ""
    if returned_on < due_on:
        return Outcome.EARLY
    return Outcome.ON_TIME if returned_on == due_on else Outcome.LATE


# --- The import ---------------------------------------------------------------------------------


@dataclass
class _Caches:
    units: dict[tuple[str, str], AdminUnit]
    services_by_code: dict[str, int]
    services_by_name: dict[str, int]
    officers: dict[tuple[int, str], int]
    calendar: WorkingCalendar
    services_added: int = 0


@dataclass
class DossierImport:
    """One import, chunk by chunk, inside the caller's transaction (`dossiers_import_rows`)."""

    by: User
    source: str = Dossier.Source.IMPORT
    result: ImportResult = field(default_factory=ImportResult)
    errors: list[RowError] = field(default_factory=list)
    truncated: bool = False
    # Called with the number of rows read after each chunk (a progress bar).
    on_chunk: Callable[[int], None] | None = None

    def __post_init__(self):
        if not can_record(self.by):
            raise PermissionDenied(_("Bạn không được nhập hồ sơ."))
        communes = visible_units(self.by).filter(level=AdminUnit.Level.COMMUNE).exclude(code="")
        units = {
            (unit.code, unit.era): unit for unit in communes.only("pk", "code", "era", "name", "successor")
        }
        services = list(Service.objects.values_list("pk", "code", "name"))
        officers = User.objects.filter(role=User.Role.COMMUNE_OFFICER, commune__isnull=False, is_active=True)
        self.caches = _Caches(
            units=units,
            services_by_code={code: pk for pk, code, _name in services if code},
            services_by_name={fold(name): pk for pk, _code, name in services},
            officers={
                (commune, fold(username)): pk
                for pk, commune, username in officers.values_list("pk", "commune", "username")
            },
            calendar=WorkingCalendar.load(start=datetime.date(1990, 1, 1), end=datetime.date(2100, 12, 31)),
        )

    def add(self, rows: Iterable[tuple[int, dict]]) -> None:
        """Check and write `rows` ((line, {column: cell})) in chunks. After the first error nothing
        more is written (the caller rolls back), but every row is still checked, to report all
        errors (up to MAX_ERRORS)."""
        chunk: list[DossierRow] = []
        read = 0
        for line, values in rows:
            read += 1
            row, errors = check_row(line, values)
            if errors:
                self._errors(line, errors)
            else:
                chunk.append(row)
            if read % CHUNK_ROWS == 0:
                self._write(chunk)
                chunk = []
                if self.on_chunk is not None:
                    self.on_chunk(read)
        if chunk:
            self._write(chunk)
        if self.on_chunk is not None:
            self.on_chunk(read)

    def _errors(self, line: int, errors: list[tuple[str, str]]) -> None:
        for column, message in errors:
            if len(self.errors) < MAX_ERRORS:
                self.errors.append(RowError(line, column, message))
            else:
                self.truncated = True

    def _write(self, rows: list[DossierRow]) -> None:
        # The later line of a code wins (as a second import would).
        by_code: dict[str, tuple[DossierRow, tuple]] = {}
        for row in rows:
            record = self._record(row)
            if record is not None:
                by_code[row.code] = (row, record)
        if self.errors or not by_code:
            return
        _write_records(self, [record for _row, record in by_code.values()])

    def _record(self, row: DossierRow) -> tuple | None:
        """The columns of the dossier's row, or None with the row's errors recorded."""
        caches = self.caches
        received_on = row.received.date()
        commune, message = unit_for_code(row.commune_code, received_on, caches.units)
        if message:
            self._errors(row.line, [("ma_xa", message)])
            return None
        service_id = self._service(row)
        if service_id is None:
            return None
        due_on = row.due_on
        if due_on is None:
            due_on = caches.calendar.add(received_on, row.time_limit_days)
        returned_on = row.returned.date() if row.returned else None
        officer_id = caches.officers.get((commune.pk, _folded(row.officer))) if row.officer else None
        if officer_id is None and row.officer and commune.successor_id:
            officer_id = caches.officers.get((commune.successor_id, _folded(row.officer)))
        return (
            row.code,
            commune.pk,
            service_id,
            row.channel,
            row.received.replace(tzinfo=LOCAL),
            row.time_limit_days,
            due_on,
            row.returned.replace(tzinfo=LOCAL) if row.returned else None,
            row.status,
            outcome_of(status=row.status, due_on=due_on, returned_on=returned_on),
            officer_id,
            row.officer,
            self.source,
        )

    def _service(self, row: DossierRow) -> int | None:
        caches = self.caches
        if row.service_code and row.service_code in caches.services_by_code:
            return caches.services_by_code[row.service_code]
        if not row.service_name:
            self._errors(
                row.line,
                [
                    (
                        "ten_tthc",
                        _("mã thủ tục “%(code)s” chưa có trong danh mục: hãy ghi cả tên thủ tục.")
                        % {"code": row.service_code},
                    )
                ],
            )
            return None
        pk = caches.services_by_name.get(fold(row.service_name))
        if pk is None:
            service = Service.objects.create(
                name=row.service_name, code=row.service_code, field=row.service_field
            )
            pk = service.pk
            caches.services_by_name[fold(service.name)] = pk
            caches.services_added += 1
        elif row.service_code:
            # A procedure entered by hand gets the code the feed gives it.
            Service.objects.filter(pk=pk, code="").update(code=row.service_code)
        if row.service_code:
            caches.services_by_code[row.service_code] = pk
        return pk


# Officers' names repeat across a feed: folded once each.
_folded = functools.lru_cache(maxsize=4096)(fold)


_TABLE = Dossier._meta.db_table
_COLUMNS = [
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
# Each chunk is copied (COPY, the fastest way into PostgreSQL) into a temporary table of the
# transaction, then upserted from it in one statement.
_STAGE = "dossier_import_stage"
_STAGE_CREATE = (
    f"CREATE TEMP TABLE IF NOT EXISTS {_STAGE} ON COMMIT DROP AS "  # noqa: S608
    f"SELECT {', '.join(_COLUMNS)} FROM {_TABLE} WITH NO DATA"
)
_STAGE_COPY = f"COPY {_STAGE} ({', '.join(_COLUMNS)}) FROM STDIN"
_UPSERT = (
    f"INSERT INTO {_TABLE} ({', '.join(_COLUMNS)}, created_at, updated_at) "  # noqa: S608
    f"SELECT {', '.join(_COLUMNS)}, %s, %s FROM {_STAGE} "
    "ON CONFLICT (code) DO UPDATE SET "
    + ", ".join(f"{column} = excluded.{column}" for column in _COLUMNS[1:])
    + ", updated_at = excluded.updated_at RETURNING (xmax = 0)"
)
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(records: list[tuple]) -> io.StringIO:
    """The records in COPY's text format (\\N for null, tabs between columns)."""
    lines = []
    for record in records:
        lines.append(
            "\t".join("\\N" if value is None else str(value).translate(_COPY_ESCAPES) for value in record)
        )
    return io.StringIO("\n".join(lines) + "\n")


_COUNT_COLUMNS = ["received", "received_online", "early", "on_time", "late"]
_COUNT_TABLE = DossierMonthlyCount._meta.db_table
_COUNT_KEYS = ["month", "commune_id", "service_key"]
_COUNT_STAGE = "dossier_count_stage"
_COUNT_STAGE_CREATE = (
    f"CREATE TEMP TABLE IF NOT EXISTS {_COUNT_STAGE} ON COMMIT DROP AS "  # noqa: S608
    f"SELECT {', '.join(_COUNT_KEYS + _COUNT_COLUMNS)} FROM {_COUNT_TABLE} WITH NO DATA"
)
_COUNT_STAGE_COPY = f"COPY {_COUNT_STAGE} ({', '.join(_COUNT_KEYS + _COUNT_COLUMNS)}) FROM STDIN"
_COUNTS_UPSERT = (
    f"INSERT INTO {_COUNT_TABLE} ({', '.join(_COUNT_KEYS + _COUNT_COLUMNS)}) "  # noqa: S608
    f"SELECT {', '.join(_COUNT_KEYS + _COUNT_COLUMNS)} FROM {_COUNT_STAGE} ORDER BY {', '.join(_COUNT_KEYS)} "
    "ON CONFLICT (month, commune_id, service_key) DO UPDATE SET "
    + ", ".join(f"{c} = {_COUNT_TABLE}.{c} + excluded.{c}" for c in _COUNT_COLUMNS)
)


_OUTCOME_INDEX = {Outcome.EARLY: 2, Outcome.ON_TIME: 3, Outcome.LATE: 4}


def _contributions(commune_id, service_id, channel, received_at, returned_at, outcome, sign, deltas) -> None:
    """What one dossier adds to (sign 1) or takes from (sign -1) the monthly counts: its
    procedure's row and the row of all procedures."""
    received = received_at.astimezone(LOCAL).date().replace(day=1)
    returned = returned_at.astimezone(LOCAL).date().replace(day=1) if outcome else None
    for key in (service_id, DossierMonthlyCount.ALL):
        counts = deltas[(received, commune_id, key)]
        counts[0] += sign
        if channel == Dossier.Channel.ONLINE:
            counts[1] += sign
        if outcome:
            deltas[(returned, commune_id, key)][_OUTCOME_INDEX[outcome]] += sign


def _write_records(job: DossierImport, records: list[tuple]) -> None:
    """Upsert the chunk's dossiers and move the monthly counts by the difference they make."""
    codes = [record[0] for record in records]
    deltas: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT commune_id, service_id, channel, received_at, returned_at, outcome FROM {_TABLE} "  # noqa: S608
            "WHERE code = ANY(%s) FOR UPDATE",
            [codes],
        )
        for old in cursor.fetchall():
            _contributions(*old, -1, deltas)
        for record in records:
            _contributions(record[1], record[2], record[3], record[4], record[7], record[9], 1, deltas)
        now = timezone.now()
        cursor.execute(_STAGE_CREATE)
        cursor.execute(f"TRUNCATE {_STAGE}")
        cursor.cursor.copy_expert(_STAGE_COPY, _copy_text(records))
        cursor.execute(_UPSERT, [now, now])
        created = sum(1 for (was_inserted,) in cursor.fetchall() if was_inserted)
        changes = [(*key, *counts) for key, counts in deltas.items() if any(counts)]
        if changes:
            cursor.execute(_COUNT_STAGE_CREATE)
            cursor.execute(f"TRUNCATE {_COUNT_STAGE}")
            cursor.cursor.copy_expert(_COUNT_STAGE_COPY, _copy_text(changes))
            cursor.execute(_COUNTS_UPSERT)
    job.result.created += created
    job.result.updated += len(records) - created


def dossiers_import_rows(
    *,
    rows: Iterable[tuple[int, dict]],
    by: User,
    source: str = Dossier.Source.IMPORT,
    on_chunk: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import checked feed rows ((line, {column: cell}), columns already named by `header_key`):
    all or nothing."""
    with transaction.atomic():
        job = DossierImport(by=by, source=source, on_chunk=on_chunk)
        job.add(rows)
        if job.errors:
            errors: list[RowError | str] = list(job.errors)
            if job.truncated:
                errors.append(_("Còn lỗi khác; hãy sửa các lỗi trên rồi nhập lại."))
            transaction.set_rollback(True)
            raise ImportRejected(errors)
        job.result.services_added = job.caches.services_added
        return job.result


def check_header(columns: Iterable[str]) -> dict[str, str]:
    """The file's columns named by their keys; ImportRejected when a required one is missing."""
    named = {column: header_key(column) for column in columns}
    present = set(named.values())
    missing = [column for column in REQUIRED if column not in present]
    if "ngay_hen_tra" not in present and "thoi_han" not in present:
        missing.append("ngay_hen_tra")
    if "ma_tthc" not in present and "ten_tthc" not in present:
        missing.append("ten_tthc")
    if missing:
        raise ImportRejected(
            [_("Thiếu cột: %(columns)s. Dòng đầu tiên phải là tên cột.") % {"columns": ", ".join(missing)}]
        )
    return named


def _renamed(rows: Iterable[tuple[int, dict]], named: dict[str, str]) -> Iterator[tuple[int, dict]]:
    for line, values in rows:
        yield line, {named.get(column, column): value for column, value in values.items()}


def dossiers_import_file(*, upload, by: User) -> ImportResult:
    """A CSV or XLSX file from the import page or `POST /api/v1/dossiers/import/` (at most the
    table reader's limits: 5 MB, 20,000 rows; larger feeds go through `manage.py import_dossiers`
    or the JSON push)."""
    if not can_record(by):
        raise PermissionDenied(_("Bạn không được nhập hồ sơ."))
    try:
        table = read_table(upload)
    except ImportFileError as error:
        raise ImportRejected([str(error)]) from error
    named = check_header(table.columns)
    if not table.rows:
        raise ImportRejected([_("Tệp không có dữ liệu.")])
    return dossiers_import_rows(rows=_renamed(table.rows, named), by=by)


def dossiers_import_feed(*, path, by: User, on_chunk: Callable[[int], None] | None = None) -> ImportResult:
    """A feed of any size from a CSV file on the server (`manage.py import_dossiers`, the national
    scale): streamed line by line with the import page's CSV reader, never held whole, written in
    chunks of CHUNK_ROWS inside one transaction (all or nothing as ever). Only the file size and
    row limits of an upload do not apply."""
    from friendly_gov.table_import import _csv_rows

    if not can_record(by):
        raise PermissionDenied(_("Bạn không được nhập hồ sơ."))
    with open(path, "rb") as stream:
        raw_rows = _csv_rows(stream)
        try:
            header = next(raw_rows, None)
        except ImportFileError as error:
            raise ImportRejected([str(error)]) from error
        if header is None:
            raise ImportRejected([_("Tệp không có dữ liệu.")])
        named = [(index, header_key(name)) for index, name in enumerate(header) if name.strip()]
        check_header([name for _index, name in named])

        def rows() -> Iterator[tuple[int, dict]]:
            for line, raw in enumerate(raw_rows, start=2):
                if any(raw):
                    yield line, {name: raw[index] for index, name in named if index < len(raw)}

        try:
            return dossiers_import_rows(rows=rows(), by=by, on_chunk=on_chunk)
        except ImportFileError as error:
            raise ImportRejected([str(error)]) from error


PUSH_MAX_ITEMS = 5_000


def dossiers_push(*, items: list, by: User) -> ImportResult:
    """A JSON list of dossiers pushed by a one-stop system (`POST /api/v1/dossiers/`), with the
    file's column names as keys: upserted by code, all or nothing. Errors name the item (from 1)."""
    if not isinstance(items, list) or not items:
        raise ImportRejected([_("Gửi một danh sách hồ sơ (JSON) có ít nhất một hồ sơ.")])
    if len(items) > PUSH_MAX_ITEMS:
        raise ImportRejected(
            [_("Mỗi lần gửi tối đa %(count)s hồ sơ.") % {"count": f"{PUSH_MAX_ITEMS:,}".replace(",", ".")}]
        )
    rows = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ImportRejected(
                [_("Hồ sơ thứ %(number)s không phải một đối tượng JSON.") % {"number": number}]
            )
        rows.append(
            (number, {header_key(key): "" if value is None else value for key, value in item.items()})
        )
    return dossiers_import_rows(rows=rows, by=by, source=Dossier.Source.API)


# --- Apology slips ------------------------------------------------------------------------------------


def dossier_promised_on(dossier: Dossier) -> datetime.date:
    """The date promised to the citizen now: the latest slip's, else the due date."""
    latest = dossier.delays.order_by("-at", "-id").first()
    return latest.new_due_on if latest else dossier.due_on


def dossier_delay_issue(
    *, dossier: Dossier, by: User, new_due_on: datetime.date, reason: str
) -> DossierDelay:
    """The apology slip of a late dossier (phiếu xin lỗi và hẹn lại ngày trả kết quả): only for an
    open dossier past its due date, with a new date after today. The dossier's due date stays
    what the law gave it (the indicators count it late); the slip tracks the new one."""
    if not can_record(by) or not visible_units(by).filter(pk=dossier.commune_id).exists():
        raise PermissionDenied(_("Bạn không được lập phiếu cho hồ sơ của đơn vị này."))
    today = timezone.localdate()
    if not dossier.is_open:
        raise ValidationError(_("Chỉ lập phiếu xin lỗi cho hồ sơ đang giải quyết."))
    if dossier.due_on >= today:
        raise ValidationError(_("Hồ sơ chưa quá hạn; chưa cần phiếu xin lỗi và hẹn lại."))
    if new_due_on <= today:
        raise ValidationError({"new_due_on": _("Ngày hẹn mới phải sau hôm nay.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Ghi rõ lý do chậm trả kết quả.")})
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().select_related("commune").get(pk=dossier.pk)
        previous = dossier_promised_on(locked)
        if new_due_on <= previous:
            raise ValidationError({"new_due_on": _("Ngày hẹn mới phải sau ngày đã hẹn.")})
        issuer = unit_in_force(locked.commune, on=today)
        sequence = _slips_issued_this_year(issuer=issuer, today=today) + 1
        return DossierDelay.objects.create(
            dossier=locked,
            number=f"{sequence:02d}/PXL-HS",
            previous_due_on=previous,
            new_due_on=new_due_on,
            reason=reason.strip(),
            by=by,
        )


def _slips_issued_this_year(*, issuer: AdminUnit, today: datetime.date) -> int:
    """Dossier slips are numbered per issuing commune and year; a 2025 commune numbers those of
    the communes it took over too, from the reform day on."""
    since = datetime.date(today.year, 1, 1)
    if issuer.is_current:
        since = max(since, REFORM_DAY)
    return DossierDelay.objects.filter(
        Q(dossier__commune=issuer) | Q(dossier__commune__successor=issuer),
        at__date__gte=since,
        at__year=today.year,
    ).count()


# --- Satisfaction by dossier ------------------------------------------------------------------------


def dossier_response_submit(*, code: str, template, answers, submission_key: str = ""):
    """A citizen's response through the QR code of a dossier's receipt (`/ks/hs/<code>/`): once
    per dossier. It is stored for the commune in force today (the dossier's own, or the commune
    that took it over), with the dossier's procedure and, when they still work there, its
    officer, and it links to the dossier, so satisfaction compares by procedure and by on-time
    against late handling."""
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("commune__successor", "service", "officer")
            .filter(code=code)
            .first()
        )
        if dossier is None:
            raise ValidationError(
                {"dossier": _("Không tìm thấy hồ sơ này. Vui lòng kiểm tra mã trên phiếu hẹn.")}
            )
        rated = SurveyResponse.objects.filter(dossier=dossier).only("submission_key", "submitted_at").first()
        if rated is not None and not (submission_key and rated.submission_key == submission_key):
            raise ValidationError({"dossier": dossier_rated_message(rated.submitted_at)})
        commune = unit_in_force(dossier.commune, on=timezone.localdate())
        return response_checked_store(
            template=template,
            commune=commune,
            answers=answers,
            channel=SurveyResponse.Channel.WEB,
            desk=None,
            service=dossier.service,
            officer=dossier_officer(dossier, commune=commune),
            batch=None,
            submitted_at=timezone.now(),
            submission_key=submission_key,
            dossier=dossier,
        )


def dossier_officer(dossier: Dossier, *, commune: AdminUnit) -> User | None:
    """The dossier's officer when they are an officer of the commune the response goes to."""
    officer = dossier.officer
    if officer is not None and officer.is_commune_officer and officer.commune_id == commune.pk:
        return officer
    return None


def dossier_rated_message(at: datetime.datetime) -> str:
    return _(
        "Hồ sơ này đã được đánh giá ngày %(date)s. Mỗi hồ sơ chỉ đánh giá một lần; cảm ơn Ông/Bà đã góp ý."
    ) % {"date": timezone.localtime(at).strftime("%d/%m/%Y")}

"""The import of a feed of dossiers: a file, a JSON list pushed by a one-stop system, or a
national-scale file through `manage.py import_dossiers`.

An import is all or nothing and idempotent by dossier code: every row is checked, the rows are
written in chunks inside one transaction, and one bad row anywhere rolls all of it back. A code
already known is updated, never doubled; a code twice in one feed keeps its later line, as a
second import would. The procedures the feed names are matched by their code (mã TTHC), then by
name, and added to the list when new. A dossier belongs to the commune in force on the day it was
received (communes.eras). A feed that gives a time limit (`thoi_han`) instead of a due date gets
the due date the working-day calendar gives (communes.workdays).

Checking and writing overlap: a thread reads and checks the rows (Python only, no database) while
the caller's thread writes the previous chunk (`store.chunk_store`); the database works while
Python checks. At most two checked chunks wait between them. What the dossiers do to the counts is
summed as they are checked (`store.Tally`) and written once, when every chunk is (`import_finish`).
A code already known for a dossier of a commune outside the importer's scope is refused.
"""

from __future__ import annotations

import datetime
import functools
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connections, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from communes.eras import unit_for_code
from communes.models import AdminUnit, User, fold
from communes.scope import can_record, visible_units
from communes.workdays import WorkingCalendar
from friendly_gov.table_import import ImportFileError, RowError, read_table

from ...models import Service
from ..models import Dossier
from ..rows import REQUIRED, DossierRow, check_row, header_key
from .store import Tally, chunk_store, copy_line, import_begin, import_finish, tally_flush

CHUNK_ROWS = 10_000
# Errors reported for one import: enough to fix a file, bounded for a feed of millions.
MAX_ERRORS = 200
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


@dataclass
class _Caches:
    units: dict[tuple[str, str], AdminUnit]
    services_by_code: dict[str, int]
    services_by_name: dict[str, int]
    officers: dict[tuple[int, str], int]
    calendar: WorkingCalendar
    services_added: int = 0


# A checked row: (line, the dossier's columns as store.COLUMNS, their COPY line, and, while its
# procedure is not known by code, the row instead of the line: the writing thread finds or adds
# the procedure).
Record = tuple[int, tuple, str | None, DossierRow | None]
_DONE = object()
_SERVICE = 2
_ONLINE = Dossier.Channel.ONLINE.value


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
            (unit.code, unit.era): unit
            for unit in communes.only("pk", "code", "era", "name", "successor", "current_province")
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
        self._lock = threading.Lock()
        self._all_new = True
        self.tally = Tally()
        # Each commune's province of today (itself when it has none), for the counts.
        self.provinces = {unit.pk: unit.current_province_id or unit.pk for unit in units.values()}

    def add(self, rows: Iterable[tuple[int, dict]]) -> None:
        """Check and write `rows` ((line, {column: cell})) in chunks. After the first error nothing
        more is written (the caller rolls back), but every row is still checked, to report all
        errors (up to MAX_ERRORS)."""
        chunks: queue.Queue = queue.Queue(maxsize=2)
        stop = threading.Event()
        language = translation.get_language()

        def put(item) -> bool:
            while not stop.is_set():
                try:
                    chunks.put(item, timeout=0.2)
                    return True
                except queue.Full:
                    continue
            return False

        def check() -> None:
            try:
                with translation.override(language):
                    for chunk in self._checked(rows):
                        if not put(chunk):
                            return
                put(_DONE)
            except BaseException as error:  # noqa: BLE001 (the writing thread raises it)
                put(error)
            finally:
                # The error messages of a unit may read it: this thread's connection is its own.
                connections.close_all()

        checker = threading.Thread(target=check, name="dossier-import-check", daemon=True)
        checker.start()
        try:
            while (item := chunks.get()) is not _DONE:
                if isinstance(item, BaseException):
                    raise item
                records, read = item
                self._write(records)
                if self.on_chunk is not None:
                    self.on_chunk(read)
        finally:
            stop.set()
            checker.join()

    def _checked(self, rows: Iterable[tuple[int, dict]]) -> Iterator[tuple[list[Record], int]]:
        """The rows' records chunk by chunk, with the number of rows read so far; the later line
        of a code wins (as a second import would)."""
        chunk: dict[str, Record] = {}
        read = 0
        for line, values in rows:
            read += 1
            row, errors = check_row(line, values)
            if errors:
                self._errors(line, errors)
            elif (record := self._record(row)) is not None:
                if (replaced := chunk.get(row.code)) is not None and replaced[3] is None:
                    self._count(replaced[1], sign=-1)
                chunk[row.code] = record
                if record[3] is None:
                    self._count(record[1])
            if read % CHUNK_ROWS == 0:
                yield list(chunk.values()), read
                chunk = {}
        yield list(chunk.values()), read

    def _errors(self, line: int, errors: list[tuple[str, str]]) -> None:
        with self._lock:
            for column, message in errors:
                if len(self.errors) < MAX_ERRORS:
                    self.errors.append(RowError(line, column, message))
                else:
                    self.truncated = True

    def _record(self, row: DossierRow) -> Record | None:
        """The row's COPY line (see store.COLUMNS), or None with the row's errors recorded."""
        caches = self.caches
        received_on = row.received.date()
        commune, message = unit_for_code(row.commune_code, received_on, caches.units)
        if message:
            self._errors(row.line, [("ma_xa", message)])
            return None
        due_on = row.due_on
        if due_on is None:
            due_on = caches.calendar.add(received_on, row.time_limit_days)
        returned = row.returned
        returned_on = returned.date() if returned else None
        outcome = outcome_of(status=row.status, due_on=due_on, returned_on=returned_on)
        officer_id = None
        if row.officer:
            officer_id = caches.officers.get((commune.pk, _folded(row.officer)))
            if officer_id is None and commune.successor_id:
                officer_id = caches.officers.get((commune.successor_id, _folded(row.officer)))
        service_id = caches.services_by_code.get(row.service_code) if row.service_code else None
        columns = (
            row.code,
            commune.pk,
            service_id,
            row.channel,
            row.received,
            row.time_limit_days,
            due_on,
            returned,
            row.status,
            outcome,
            officer_id,
            row.officer,
            self.source,
        )
        if service_id is None:
            return (row.line, columns, None, row)
        return (row.line, columns, copy_line(columns), None)

    def _count(self, columns: tuple, sign: int = 1) -> None:
        """Add a checked record (store.COLUMNS) to the tally."""
        returned = columns[7]
        received_on, returned_on = columns[4].date(), returned.date() if returned is not None else None
        self._counted(columns[1], columns[_SERVICE], columns[3], received_on, returned_on, columns[9], sign)

    def _counted(self, commune_id, service_id, channel, received_on, returned_on, outcome, sign) -> None:
        self.tally.add(
            commune_id,
            self.provinces[commune_id],
            service_id,
            channel == _ONLINE,
            received_on,
            returned_on,
            outcome,
            sign,
        )

    def _write(self, records: list[Record]) -> None:
        chunk, texts, lines = [], [], {}
        for line, columns, text, unresolved in records:
            if unresolved is not None:
                if (service_id := self._service(unresolved)) is None:
                    continue
                columns = (*columns[:_SERVICE], service_id, *columns[_SERVICE + 1 :])
                text = copy_line(columns)
                self._count(columns)
            chunk.append(columns)
            texts.append(text)
            lines[columns[0]] = line
        if self.errors or not chunk:
            return
        created, replaced = chunk_store(chunk, texts, all_new=self._all_new)
        # A feed of new dossiers skips looking its codes up, until a chunk holds known ones.
        self._all_new = created == len(chunk)
        for code, commune_id, *values in replaced:
            if commune_id not in self.provinces:
                message = _("mã hồ sơ “%(code)s” đã có ở một đơn vị ngoài phạm vi của bạn.") % {"code": code}
                self._errors(lines[code], [("ma_ho_so", message)])
                continue
            # What the replaced dossier counted for is taken away.
            self._counted(commune_id, *values, sign=-1)
        self.result.created += created
        self.result.updated += len(chunk) - created
        tally_flush(self.tally)

    def _service(self, row: DossierRow) -> int | None:
        """The procedure of a row not known by its code: by name, else added (in the writing
        thread: it writes)."""
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
        import_begin()
        job.add(rows)
        if not job.errors:
            import_finish(job.tally)
        if job.errors:
            errors: list[RowError | str] = sorted(job.errors, key=lambda error: error.line)
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
        finally:
            # A reader left half-way (a failed write) lets go of the file while it is open.
            raw_rows.close()


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

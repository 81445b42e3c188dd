"""Lists as people use them: paginated on the page, exported as CSV or XLSX, imported from CSV or
XLSX. Every app's list pages and imports go through these helpers."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

PAGE_SIZE = 25
EXPORT_FORMATS = {"csv", "xlsx"}
IMPORT_MAX_BYTES = 5 * 1_048_576
IMPORT_MAX_ROWS = 20_000


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@dataclass(frozen=True)
class Column:
    """One exported column: its header and how to read it from a row."""

    header: str
    value: Callable[[object], object]


def _guard(value):
    # A cell starting with = + - @ is run as a formula by spreadsheets: keep user text inert.
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@"}:
        return "'" + value
    return value


def _xlsx_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return _guard(value)


def _csv_value(value):
    value = _xlsx_value(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


class _Echo:
    def write(self, value):
        return value


def export_response(*, fmt: str, filename: str, columns: Sequence[Column], rows: Iterable) -> HttpResponse:
    """The rows as a CSV (UTF-8 with BOM, so Excel shows Vietnamese letters) or XLSX download."""
    headers = [column.header for column in columns]
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def stream():
            yield "\ufeff"
            yield writer.writerow(headers)
            for row in rows:
                yield writer.writerow([_csv_value(c.value(row)) for c in columns])

        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=filename[:31])
    sheet.append(headers)
    for row in rows:
        sheet.append([_xlsx_value(c.value(row)) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def requested_export(request) -> str | None:
    fmt = request.GET.get("export", "")
    return fmt if fmt in EXPORT_FORMATS else None


# --- Imports ----------------------------------------------------------------------------------


class ImportFileError(ValueError):
    """The file as a whole cannot be read (type, size, encoding, header)."""


@dataclass
class RowError:
    line: int  # as the user sees it in the file: the header is line 1
    column: str
    message: str

    def __str__(self) -> str:
        return _("Dòng %(line)s, cột “%(column)s”: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


def read_table(upload, *, required: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of an uploaded CSV or XLSX file as (line number, {header: text}). Headers are matched
    without regard to case and surrounding spaces; every `required` header must be present."""
    if upload.size > IMPORT_MAX_BYTES:
        raise ImportFileError(_("Tệp quá lớn; tối đa %(mb)s MB.") % {"mb": IMPORT_MAX_BYTES // 1_048_576})
    name = (upload.name or "").lower()
    head = upload.read(4)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
        raw_rows = _read_xlsx(upload)
    elif name.endswith(".csv") or name.endswith(".txt"):
        raw_rows = _read_csv(upload)
    else:
        raise ImportFileError(_("Chỉ nhận tệp CSV hoặc Excel (.xlsx)."))
    if not raw_rows:
        raise ImportFileError(_("Tệp không có dữ liệu."))
    header = [str(cell or "").strip().lower() for cell in raw_rows[0]]
    missing = [column for column in required if column.lower() not in header]
    if missing:
        raise ImportFileError(
            _("Thiếu cột: %(columns)s. Dòng đầu tiên phải là tên cột.") % {"columns": ", ".join(missing)}
        )
    if len(raw_rows) - 1 > IMPORT_MAX_ROWS:
        raise ImportFileError(_("Tệp có quá nhiều dòng; tối đa %(rows)s dòng.") % {"rows": IMPORT_MAX_ROWS})
    rows = []
    for index, raw in enumerate(raw_rows[1:], start=2):
        values = {header[i]: _text(raw[i]) for i in range(min(len(header), len(raw))) if header[i]}
        if any(values.values()):
            rows.append((index, values))
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(upload) -> list[list[str]]:
    data = upload.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("Tệp CSV phải được lưu với bảng mã UTF-8.")) from exc
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        pass
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _read_xlsx(upload) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure means "not a readable workbook"
        raise ImportFileError(_("Không đọc được tệp Excel; hãy lưu lại dưới dạng .xlsx.")) from exc
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def parse_date(text: str) -> datetime.date:
    """16/01/2025 (or 2025-01-16); ValueError with a Vietnamese message otherwise."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” không phải ngày dạng dd/mm/yyyy.") % {"value": text})


def parse_positive_int(text: str) -> int:
    cleaned = text.strip().replace(".", "").replace(",", "").replace(" ", "")
    if not cleaned.isdigit() or int(cleaned) < 1:
        raise ValueError(_("“%(value)s” không phải số nguyên dương.") % {"value": text})
    return int(cleaned)

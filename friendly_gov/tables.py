"""Lists as people use them: paginated on the page, exported as CSV or XLSX. Every app's list
pages go through these helpers; imports read their files through `friendly_gov.table_import`."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

PAGE_SIZE = 25
EXPORT_FORMATS = {"csv", "xlsx"}


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@dataclass(frozen=True)
class Column:
    """One exported column: its header and how to read it from a row."""

    header: str
    value: Callable[[object], object]


# A cell starting with one of these is run as a formula by spreadsheets (OWASP "CSV injection"):
# = + - @, and a tab or carriage return, which some spreadsheets skip before reading the formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _guard(value):
    # User text stays inert: a leading apostrophe makes the spreadsheet show it as text.
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
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

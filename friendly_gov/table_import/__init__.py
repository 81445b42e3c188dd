"""Uploaded CSV and XLSX tables read for an import, and their cells parsed the Vietnamese way
(16/01/2025; 1.336 is one thousand three hundred thirty-six, 2,5 is two and a half).

A file is never loaded whole before it is checked: its size is checked first, a workbook's
unpacked size is read from its zip directory before the workbook is opened (a zip bomb is refused
there), and rows are counted while they are read, so a file with a million rows is refused once
the limit is passed, whatever the sheet claims about its own size. The limits are in `limits`,
the workbook reader in `xlsx`, the parsing of cells in `cells`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .cells import Cell, cell_text, parse_count, parse_date
from .limits import IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, ImportFileError
from .xlsx import xlsx_rows

__all__ = [
    "IMPORT_MAX_BYTES",
    "IMPORT_MAX_ROWS",
    "Cell",
    "ImportFileError",
    "RowError",
    "Table",
    "cell_text",
    "parse_count",
    "parse_date",
    "read_table",
]


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


@dataclass
class Table:
    columns: list[str]  # the header's names, stripped and lower-cased
    rows: list[tuple[int, dict[str, Cell]]]  # (line number, {column: cell}); blank lines left out


def read_table(upload) -> Table:
    """The rows of an uploaded CSV or XLSX file (the first sheet), the first line being the
    header. Refused with ImportFileError when the file is too large, unpacks too large, is not a
    readable table or has more than IMPORT_MAX_ROWS lines after the header (blank lines count:
    they cost reading time too)."""
    if upload.size > IMPORT_MAX_BYTES:
        raise ImportFileError(_("Tệp quá lớn; tối đa %(mb)s MB.") % {"mb": IMPORT_MAX_BYTES // 1_048_576})
    name = (upload.name or "").lower()
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
        raw_rows = xlsx_rows(upload)
    elif name.endswith(".csv") or name.endswith(".txt"):
        raw_rows = _csv_rows(upload)
    else:
        raise ImportFileError(_("Chỉ nhận tệp CSV hoặc Excel (.xlsx)."))
    with closing(raw_rows):
        return _collect(raw_rows)


def _collect(raw_rows: Iterator[Sequence[Cell]]) -> Table:
    header = next(raw_rows, None)
    if header is None:
        raise ImportFileError(_("Tệp không có dữ liệu."))
    named = [(index, name) for index, cell in enumerate(header) if (name := cell_text(cell).lower())]
    rows = []
    for line, raw in enumerate(raw_rows, start=2):
        if line - 1 > IMPORT_MAX_ROWS:
            raise ImportFileError(
                _("Tệp có quá nhiều dòng; tối đa %(rows)s dòng.")
                % {"rows": number_format(IMPORT_MAX_ROWS, force_grouping=True)}
            )
        values = {name: raw[index] for index, name in named if index < len(raw)}
        if any(cell_text(value) for value in values.values()):
            rows.append((line, values))
    return Table(columns=[name for _index, name in named], rows=rows)


def _csv_rows(upload) -> Iterator[list[str]]:
    # The header tells the separator: "," or ";" (Excel's with Vietnamese regional settings) or
    # a tab. (csv.Sniffer is not used: on thousands of short lines it takes seconds.)
    header = upload.readline(65536).decode("utf-8-sig", errors="ignore")
    upload.seek(0)
    delimiter = max(",;\t", key=header.count) if any(c in header for c in ",;\t") else ","
    # Decoded and parsed as it is read: stopping at the row limit leaves the rest unread.
    text = io.TextIOWrapper(upload, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        yield from reader
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("Tệp CSV phải được lưu với bảng mã UTF-8.")) from exc
    except csv.Error as exc:
        raise ImportFileError(
            _("Tệp CSV không đúng định dạng ở dòng %(line)s.") % {"line": reader.line_num}
        ) from exc
    finally:
        text.detach()  # the upload stays open for its owner

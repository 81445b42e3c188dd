"""The rows of a workbook's first sheet, read as a stream with bounded work and memory.

openpyxl reads the package: the content types, the workbook and its relations, the styles (a
date is a number with a date style), and converts Excel's date serials. The sheet and its
shared strings are parsed here with expat, event by event, because openpyxl's own readers
cannot be stopped in time:
- opening a workbook in read-only mode measures each sheet that declares no <dimension> by
  parsing it to its end (a million rows: tens of seconds before the first row), and iterating
  then trusts the declared dimension, dropping the rows past it;
- its row parser builds a whole row before handing it over (one row of two million cells took
  half a minute and a gigabyte of memory), and each string cell costs it tens of microseconds.
Here every element is counted as it is parsed, nothing but the current row is kept, and the
reading stops at the first limit passed: rows (counted by the caller), cells, elements."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import closing
from xml.parsers import expat

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .cells import Cell
from .limits import (
    IMPORT_MAX_CELLS,
    IMPORT_MAX_COLUMNS,
    IMPORT_MAX_ELEMENTS,
    XLSX_MAX_PARSED_PART_BYTES,
    XLSX_MAX_PARTS,
    XLSX_MAX_UNPACKED_BYTES,
    ImportFileError,
)

# Element names as expat gives them with namespace_separator=" ".
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
SHEET_DATA, ROW, CELL, VALUE = f"{_NS}sheetData", f"{_NS}row", f"{_NS}c", f"{_NS}v"
STRING_ITEM, TEXT, PHONETIC = f"{_NS}si", f"{_NS}t", f"{_NS}rPh"


def unreadable() -> ImportFileError:
    return ImportFileError(_("Không đọc được tệp Excel; hãy lưu lại dưới dạng .xlsx."))


def _too_many_cells() -> ImportFileError:
    return ImportFileError(
        _("Tệp Excel có quá nhiều ô dữ liệu; tối đa %(cells)s ô.")
        % {"cells": number_format(IMPORT_MAX_CELLS, force_grouping=True)}
    )


def check_unpacked_size(upload) -> None:
    """Refuse a workbook that unpacks past XLSX_MAX_UNPACKED_BYTES (or has too many parts), from
    the sizes its zip directory declares. Python's zipfile never inflates a part past its
    declared size (what follows is cut off, and the part's CRC check then fails), so nothing can
    make the reading below take more than was checked here."""
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise unreadable() from exc
    finally:
        upload.seek(0)
    if len(parts) > XLSX_MAX_PARTS or sum(part.file_size for part in parts) > XLSX_MAX_UNPACKED_BYTES:
        raise ImportFileError(
            _(
                "Tệp Excel khi giải nén lớn hơn %(mb)s MB, vượt mức cho phép. Hãy chỉ giữ một trang "
                "tính với các cột cần nhập, hoặc lưu dưới dạng CSV."
            )
            % {"mb": XLSX_MAX_UNPACKED_BYTES // 1_048_576}
        )


def _check_parsed_whole(archive: zipfile.ZipFile, *names: str) -> None:
    """Refuse parts that openpyxl parses whole (content types, workbook, relations, styles) when
    they unpack past XLSX_MAX_PARSED_PART_BYTES: no real workbook has them that large."""
    for name in names:
        try:
            size = archive.getinfo(name).file_size
        except KeyError:
            continue  # an absent optional part; a required one fails when openpyxl reads it
        if size > XLSX_MAX_PARSED_PART_BYTES:
            raise ImportFileError(
                _(
                    "Tệp Excel có phần cấu trúc hoặc định dạng lớn bất thường (hơn %(mb)s MB khi giải "
                    "nén). Hãy chép số liệu sang một tệp mới, hoặc lưu dưới dạng CSV."
                )
                % {"mb": XLSX_MAX_PARSED_PART_BYTES // 1_048_576}
            )


def xlsx_rows(upload) -> Iterator[tuple[Cell, ...]]:
    """The first worksheet's rows, as tuples of IMPORT_MAX_COLUMNS cells, parsed as they are
    asked for. Rows absent from the sheet come as empty tuples, so that a row's position is the
    sheet's own row number."""
    check_unpacked_size(upload)
    from openpyxl.packaging.relationship import get_rels_path
    from openpyxl.reader.excel import ExcelReader, _find_workbook_part
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.xml.constants import ARC_CONTENT_TYPES, ARC_STYLE, SHARED_STRINGS

    try:
        reader = ExcelReader(upload, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - any failure means "not a readable workbook"
        raise unreadable() from exc
    try:
        try:
            _check_parsed_whole(reader.archive, ARC_CONTENT_TYPES)
            reader.read_manifest()
            workbook_part = _find_workbook_part(reader.package).PartName[1:]
            _check_parsed_whole(reader.archive, workbook_part, get_rels_path(workbook_part), ARC_STYLE)
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            target = next(
                rel.target
                for _sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and rel.Type.endswith("/worksheet")
            )
            strings_part = reader.package.find(SHARED_STRINGS)
        except ImportFileError:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure means "not a readable workbook"
            raise unreadable() from exc
        strings_handler = _StringsHandler()
        if strings_part is not None:
            for _done in _parse(reader.archive, strings_part.PartName[1:], strings_handler):
                pass
        handler = _SheetHandler(_CellConverter(strings_handler.strings, reader.wb), strings_handler)
        line = 0  # the last row handed over
        with closing(_parse(reader.archive, target, handler)) as chunks:
            for _done in chunks:
                for number, values in handler.rows:
                    while line + 1 < number:
                        line += 1
                        yield ()
                    line += 1
                    yield values
                handler.rows.clear()
    finally:
        reader.archive.close()


def _parse(archive: zipfile.ZipFile, path: str, handler) -> Iterator[bool]:
    """Feed the part at `path` to `handler` with expat, a chunk at a time; after each chunk,
    yield whether the handler has all it wants."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.data
    # A spreadsheet part never has a DTD; refusing one rules out entity tricks altogether.
    parser.StartDoctypeDeclHandler = _refuse_dtd
    try:
        with archive.open(path) as source:
            while True:
                chunk = source.read(65_536)
                parser.Parse(chunk, not chunk)
                yield handler.done
                if handler.done or not chunk:
                    return
    except ImportFileError:
        raise
    except (expat.ExpatError, ValueError, IndexError, KeyError, OSError, zipfile.BadZipFile) as exc:
        raise unreadable() from exc


def _refuse_dtd(*_args) -> None:
    raise ValueError("DTD in a spreadsheet part")


class _Counted:
    """Elements and cells parsed so far, carried from the shared strings to the sheet: the
    counting is inline in the handlers, which run for every element of the file."""

    done = False

    def __init__(self, counted: _Counted | None = None):
        self.elements = counted.elements if counted else 0
        self.cells = counted.cells if counted else 0
        self.collect: list[str] | None = None  # where character data goes, if anywhere
        self.phonetic = 0  # inside a phonetic guide (<rPh>), whose text is never kept

    def data(self, text: str) -> None:
        if self.collect is not None:
            self.collect.append(text)


class _StringsHandler(_Counted):
    """The shared strings: each <si>'s text, from its <t> or its runs' <t>."""

    def __init__(self):
        super().__init__()
        self.strings: list[str] = []
        self.parts: list[str] | None = None

    def start(self, name: str, _attrs) -> None:
        self.elements += 1
        if self.elements > IMPORT_MAX_ELEMENTS:
            raise _too_many_cells()
        if name == STRING_ITEM:
            self.cells += 1
            if self.cells > IMPORT_MAX_CELLS:
                raise _too_many_cells()
            self.parts = []
        elif name == PHONETIC:
            self.phonetic += 1
        elif name == TEXT and self.parts is not None and not self.phonetic:
            self.collect = self.parts

    def end(self, name: str) -> None:
        if name == TEXT:
            self.collect = None
        elif name == PHONETIC:
            self.phonetic -= 1
        elif name == STRING_ITEM and self.parts is not None:
            self.strings.append("".join(self.parts))
            self.parts = None


class _SheetHandler(_Counted):
    """The rows of <sheetData>: each row's number and its first IMPORT_MAX_COLUMNS cells;
    cells past them are counted but their content is not kept."""

    def __init__(self, convert: _CellConverter, counted: _Counted):
        super().__init__(counted)
        self.convert = convert
        self.rows: list[tuple[int, tuple[Cell, ...]]] = []
        self.number = self.column = 0
        self.values: list[Cell] | None = None
        self.cell: tuple[int, str, str] | None = None  # (column, type, style) of a cell kept
        self.value: list[str] = []
        self.inline: list[str] = []

    def start(self, name: str, attrs: dict) -> None:
        self.elements += 1
        if self.elements > IMPORT_MAX_ELEMENTS:
            raise _too_many_cells()
        if name == ROW:
            self.number = _row_number(attrs.get("r"), self.number)
            self.values, self.column = [None] * IMPORT_MAX_COLUMNS, 0
        elif name == CELL and self.values is not None:
            self.cells += 1
            if self.cells > IMPORT_MAX_CELLS:
                raise _too_many_cells()
            reference = attrs.get("r")
            self.column = _column_number(reference) if reference else self.column + 1
            if 1 <= self.column <= IMPORT_MAX_COLUMNS:
                self.cell = (self.column, attrs.get("t", "n"), attrs.get("s", "0"))
                self.value, self.inline = [], []
        elif name == PHONETIC:
            self.phonetic += 1
        elif self.cell is None:
            return
        elif name == VALUE:
            self.collect = self.value
        elif name == TEXT and not self.phonetic:
            self.collect = self.inline

    def end(self, name: str) -> None:
        if name in (VALUE, TEXT):
            self.collect = None
        elif name == PHONETIC:
            self.phonetic -= 1
        elif name == CELL and self.cell is not None:
            column, kind, style = self.cell
            self.values[column - 1] = self.convert(kind, style, "".join(self.value), self.inline)
            self.cell = None
        elif name == ROW and self.values is not None:
            self.rows.append((self.number, tuple(self.values)))
            self.values = None
        elif name == SHEET_DATA:
            self.done = True  # what follows the rows (merged cells, formats...) is not read


def _row_number(attribute: str | None, previous: int) -> int:
    if attribute is None:
        return previous + 1
    if not attribute.isdigit():
        raise ValueError(f"row number {attribute!r}")
    return int(attribute)


def _column_number(reference: str) -> int:
    """B12 -> 2: the letters of a cell reference as a column number."""
    number = 0
    for letter in reference:
        if not "A" <= letter <= "Z":
            break
        number = number * 26 + ord(letter) - 64
        if number > IMPORT_MAX_COLUMNS:
            break  # past the columns read; no need to know how far
    return number


class _CellConverter:
    """A cell's value as openpyxl gives it with data_only: the shared or inline string, the
    boolean, the number, or the date for a number with a date style."""

    def __init__(self, strings: list[str], workbook):
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        self.strings = strings
        self.date_styles = set(workbook._date_formats)
        self.duration_styles = set(workbook._timedelta_formats)
        self.epoch = workbook.epoch
        self.from_excel, self.from_iso = from_excel, from_ISO8601

    def __call__(self, kind: str, style: str, raw: str, inline: list[str]) -> Cell:
        if kind == "inlineStr":
            return "".join(inline)
        if not raw:
            return None
        if kind == "s":
            return self.strings[int(raw)]
        if kind == "b":
            return raw.strip() in {"1", "true"}
        if kind in {"str", "e"}:
            return raw
        if kind == "d":
            return self.from_iso(raw)
        try:
            number = float(raw) if any(mark in raw for mark in ".eE") else int(raw)
        except ValueError:
            return raw  # reported by the column's own check, as written
        if style.isdigit() and int(style) in self.date_styles:
            try:
                return self.from_excel(number, self.epoch, timedelta=int(style) in self.duration_styles)
            except (OverflowError, ValueError):
                return raw
        return number

"""What an imported file may hold, and the error that refuses it as a whole."""

IMPORT_MAX_BYTES = 5 * 1_048_576
IMPORT_MAX_ROWS = 20_000
# Columns read from a sheet: an import has a handful; the cells past them are skipped unread.
IMPORT_MAX_COLUMNS = 50
# Cells (and shared strings) a workbook may hold: ten a row on average over the largest file (an
# import has six columns). Each costs a little to parse, so a sheet of very wide rows, or of one
# row of millions of cells, is refused once it passes this, at about the cost of reading the
# largest file accepted.
IMPORT_MAX_CELLS = IMPORT_MAX_ROWS * 10
# XML elements parsed in the sheet and its shared strings: a cell is two or three (<c>, <v>; <is>,
# <t>), and nothing else in a sheet comes near.
IMPORT_MAX_ELEMENTS = 4 * IMPORT_MAX_CELLS
# A workbook is a zip of XML parts. The largest real import (20,000 rows of six columns with
# notes) unpacks to well under 20 MB; a zip bomb unpacks to gigabytes from a small upload.
XLSX_MAX_UNPACKED_BYTES = 50 * 1_048_576
XLSX_MAX_PARTS = 1_000
# Parts openpyxl parses whole before the first row (the workbook, its styles, relations, content
# types) stay small in any real workbook; the sheet and the shared strings are streamed instead.
XLSX_MAX_PARSED_PART_BYTES = 4 * 1_048_576


class ImportFileError(ValueError):
    """The file as a whole cannot be read (type, size, encoding, header, number of rows)."""

"""Exports keep user text inert in a spreadsheet: a cell that would start a formula (OWASP CSV
injection: = + - @, a leading tab or carriage return) is written with a leading apostrophe."""

import csv
import io

import pytest
from openpyxl import load_workbook

from friendly_gov.tables import Column, export_response

FORMULAS = ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1"]
COLUMNS = [Column("Ghi chú", lambda row: row[0]), Column("Số lượng", lambda row: row[1])]


def csv_cells(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def xlsx_cells(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("text", FORMULAS)
def test_it_writes_a_formula_as_text_in_csv(text):
    rows = csv_cells(export_response(fmt="csv", filename="thu", columns=COLUMNS, rows=[(text, 3)]))
    assert rows[1] == ["'" + text, "3"]


@pytest.mark.parametrize("text", FORMULAS)
def test_it_writes_a_formula_as_text_in_xlsx(text):
    rows = xlsx_cells(export_response(fmt="xlsx", filename="thu", columns=COLUMNS, rows=[(text, 3)]))
    cell, number = rows[1]
    # XML reads a carriage return back as a line feed.
    assert cell == "'" + text.replace("\r", "\n") and number == 3


def test_it_leaves_plain_text_and_numbers_alone():
    rows = [("Cán bộ nhiệt tình", -5), ("a=b", 0), (" =1", 1)]
    assert csv_cells(export_response(fmt="csv", filename="thu", columns=COLUMNS, rows=rows))[1:] == [
        ["Cán bộ nhiệt tình", "-5"],
        ["a=b", "0"],
        [" =1", "1"],
    ]
    assert xlsx_cells(export_response(fmt="xlsx", filename="thu", columns=COLUMNS, rows=rows))[1:] == [
        ["Cán bộ nhiệt tình", -5],
        ["a=b", 0],
        [" =1", 1],
    ]

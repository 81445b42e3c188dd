"""Cells of an imported table read the Vietnamese way: dates as 16/01/2025, counts as 1.336 (one
thousand three hundred thirty-six), where 2,5 is two and a half and never 25."""

from __future__ import annotations

import datetime
import re

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# The largest count PostgreSQL's integer column (PositiveIntegerField) holds.
COUNT_MAX = 2_147_483_647

# A cell as read: text from a CSV; text, a number, a date or a boolean from a workbook.
Cell = str | int | float | datetime.date | datetime.datetime | bool | None


def cell_text(value: Cell) -> str:
    """A cell as the text the user sees: dates as 16/01/2025, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_DATE_PATTERNS = [
    re.compile(r"(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})/(?P<y>[0-9]{4})"),
    re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"),
    re.compile(r"(?P<d>[0-9]{1,2})-(?P<m>[0-9]{1,2})-(?P<y>[0-9]{4})"),
]


def parse_date(value: Cell) -> datetime.date:
    """A date cell of a workbook, or text as 16/01/2025 (also 2025-01-16 and 16-01-2025).
    ValueError with one Vietnamese message otherwise: a date that is not on the calendar
    (31/02/2024) is told apart from text that is not a date at all."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        raise ValueError(_("thiếu ngày (dd/mm/yyyy)."))
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                raise ValueError(_("“%(value)s” không phải ngày có thật.") % {"value": text}) from None
    raise ValueError(_("“%(value)s” không phải ngày dạng dd/mm/yyyy.") % {"value": text})


# 1.336 or 1.336.000 (Vietnamese thousands), also 1 336 (a space, as some spreadsheets write).
_GROUPED = re.compile(r"[0-9]{1,3}(?P<sep>[. \u00a0\u202f])[0-9]{3}(?:(?P=sep)[0-9]{3})*")
# Anything with a decimal part: 2,5 (Vietnamese), 2.5, 1.336,5, and 1,336 (English thousands,
# which in Vietnamese reads as one point three three six).
_DECIMAL = re.compile(r"[-+]?[0-9][0-9. \u00a0\u202f]*[.,][0-9]+")


def parse_count(value: Cell) -> int:
    """A whole, positive count: 12, 1.336 (thousands dot), 1 336, or a whole number cell (12.0).
    A decimal, written 2,5 or 2.5 or held as 2.5 by the cell, is an error and never read as 25;
    so are 0, negatives, words and empty cells."""
    shown = _shown(value)
    if isinstance(value, bool | datetime.date):
        raise ValueError(_("“%(value)s” không phải số nguyên dương.") % {"value": shown})
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(_not_whole(shown))
    if isinstance(value, int | float):
        number = int(value)
    else:
        text = cell_text(value)
        if not text:
            raise ValueError(_("thiếu số lượng."))
        if re.fullmatch(r"[0-9]+", text):
            number = int(text)
        elif _GROUPED.fullmatch(text):
            number = int(re.sub(r"[^0-9]", "", text))
        elif _DECIMAL.fullmatch(text):
            raise ValueError(_not_whole(text))
        else:
            raise ValueError(_("“%(value)s” không phải số nguyên dương.") % {"value": text})
    if number < 1:
        raise ValueError(_("“%(value)s” không phải số nguyên dương.") % {"value": shown})
    if number > COUNT_MAX:
        raise ValueError(_("“%(value)s” quá lớn.") % {"value": shown})
    return number


def _shown(value: Cell) -> str:
    """A number cell as the user's spreadsheet shows it (2,5 in Vietnamese), other cells as text."""
    if isinstance(value, float) and not value.is_integer() and abs(value) < 1e15:
        return number_format(value, use_l10n=True)
    return cell_text(value)


def _not_whole(shown: str) -> str:
    return _(
        "“%(value)s” không phải số nguyên: số lượng không có phần thập phân (dấu phẩy là dấu "
        "thập phân, hàng nghìn viết bằng dấu chấm như 1.336)."
    ) % {"value": shown}

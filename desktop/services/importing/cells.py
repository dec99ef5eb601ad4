"""One cell's value as the book wants it: text, a year, a date, a number, a mark, a result.

Spreadsheets store numbers as floats (1985.0), dates as date cells, Excel serial numbers or "dd/mm/yyyy"
text. Day comes first, always; a date that is partial ("Tháng 4/2025") or ambiguous ("4/3/25") is a
problem for the user to fix, never a guess. A converter raises CellProblem with a message id.
"""
from __future__ import annotations

import datetime
import re
import unicodedata

from desktop.domain.errors import N_
from desktop.domain.vietnamese import clean_text, fold, parse_date

INVALID_DATE = N_("Row {row}, column {column}: the date {value} is not valid.")
PARTIAL_DATE = N_("Row {row}, column {column}: the date {value} is incomplete; enter the full date as "
                  "dd/mm/yyyy.")
AMBIGUOUS_DATE = N_("Row {row}, column {column}: the date {value} is ambiguous; enter it as dd/mm/yyyy with "
                    "a four-digit year.")
BAD_YEAR = N_("Row {row}, column {column}: {value} is not a year or date of birth.")
BAD_NUMBER = N_("Row {row}, column {column}: {value} is not a number.")

_EXCEL_EPOCH = datetime.date(1899, 12, 30)
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")
_MARKS = {"x", "v", "1", "co", "c", "yes", "y", "\u2713", "\u2714", "+", "*", "dat"}
_NO_MARKS = {"", "0", "khong", "k", "no", "n", "-"}


class CellProblem(Exception):
    def __init__(self, message_id: str, **params: object) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.params = params


def clean(text: str) -> str:
    """clean_text without its cost on the common case (no zero-width characters)."""
    if text.isascii():
        return " ".join(text.split())
    if _ZERO_WIDTH.search(text):
        return clean_text(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def shown(value) -> str:
    """The value as the user saw it in the sheet, for messages."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return str(value)


def as_text(value) -> str | None:
    """Text of any cell: 1985.0 -> "1985", a date -> dd/mm/yyyy. Strings arrive decoded already."""
    if type(value) is str:
        return clean(value) or None
    if value is None:
        return None
    if isinstance(value, bool):
        return "x" if value else None
    return shown(value)


def as_mark(value) -> bool | None:
    """A tick in a column ("x", "✓", 1, "có"): True; an empty cell or "không": False; other text: None."""
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    key = fold(str(value)).strip(" .")
    if key in _MARKS:
        return True
    if key in _NO_MARKS:
        return False
    return None


def as_number(value) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = clean(str(value))
    match = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*[^\d]*", text)
    if not match:
        raise CellProblem(BAD_NUMBER, value=text)
    return float(match.group(1).replace(",", "."))


def _serial(value: float) -> datetime.date:
    return _EXCEL_EPOCH + datetime.timedelta(days=int(value))


def as_date(value) -> datetime.date | None:
    """A full date, from a date cell, an Excel serial number or day-first text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1900 <= value <= 2100 and float(value).is_integer():
            raise CellProblem(PARTIAL_DATE, value=shown(value))
        if 10000 <= value <= 80000:
            return _serial(value)
        raise CellProblem(INVALID_DATE, value=shown(value))
    return parse_day_first(clean(str(value)))


_PARTIAL = re.compile(r"(?:(?:thang|quy|nam)\s*[ivx\d]*\s*[/.-]?\s*)?(?:\d{1,2}\s*[/.-]\s*)?\d{4}")
_SHORT_YEAR = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2}")
_LOOSE = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})")


def parse_day_first(text: str) -> datetime.date:
    key = fold(text).strip(" .")
    if _SHORT_YEAR.fullmatch(key):
        raise CellProblem(AMBIGUOUS_DATE, value=text)
    if _PARTIAL.fullmatch(key):
        raise CellProblem(PARTIAL_DATE, value=text)
    loose = _LOOSE.fullmatch(key)
    if loose:  # "12 / 3 / 2025": spaces typed around the separators
        key = f"{loose.group(1)}/{loose.group(3)}/{loose.group(4)}"
    try:
        return parse_date(key)
    except ValueError:
        raise CellProblem(INVALID_DATE, value=text) from None


def as_birth(value) -> tuple[datetime.date | None, int | None]:
    """(date of birth, year of birth): a year alone is the usual case; month/year keeps the year."""
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value, value.year
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1900 <= value <= 2100:
            return None, int(value)
        if 10000 <= value <= 80000:
            day = _serial(value)
            return day, day.year
        raise CellProblem(BAD_YEAR, value=shown(value))
    text = clean(str(value))
    key = fold(text).strip(" .")
    if re.fullmatch(r"\d{4}", key):
        return None, int(key)
    month_year = re.fullmatch(r"(?:thang\s*)?\d{1,2}\s*[/.-]\s*(\d{4})", key)
    if month_year:
        return None, int(month_year.group(1))
    try:
        day = parse_day_first(text)
    except CellProblem as problem:
        if problem.message_id == INVALID_DATE:
            raise CellProblem(BAD_YEAR, value=text) from None
        raise
    return day, day.year


# "12-14/3/2025", "12/3 - 14/3/2025", "Từ 28/2/2025 đến 2/3/2025"
_RANGE = re.compile(r"(?:tu\s*(?:ngay\s*)?)?(\d{1,2})(?:\s*/\s*(\d{1,2}))?(?:\s*/\s*(\d{4}))?"
                    r"\s*(?:-|\u2013|\u2014|den|toi|\u2192)\s*(?:ngay\s*)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")


def as_period(value) -> tuple[datetime.date | None, datetime.date | None]:
    """A course's "Thời gian": one date, or a range of dates written in one cell."""
    if value is None or value == "":
        return None, None
    if not isinstance(value, str):
        return as_date(value), None
    text = clean(value)
    key = fold(text).strip(" .")
    match = _RANGE.fullmatch(key)
    if match:
        day1, month1, year1, day2, month2, year2 = match.groups()
        try:
            end = datetime.date(int(year2), int(month2), int(day2))
            start = datetime.date(int(year1 or year2), int(month1 or month2), int(day1))
        except ValueError:
            raise CellProblem(INVALID_DATE, value=text) from None
        return start, end
    return parse_day_first(text), None

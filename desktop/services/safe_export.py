"""Writing spreadsheet files that a spreadsheet cannot turn against the user (formula or "CSV" injection).

Excel, LibreOffice and Google Sheets treat a cell whose text starts with `=`, `+`, `-` or `@` (or a tab or
carriage return before one) as a formula; a name or a note typed as `=HYPERLINK(...)` or
`-2+3+cmd|...` would run when the export is opened. Every export of the book goes through these helpers.

What we decided, and why:
- **xlsx** (openpyxl): text is always written as a string cell (`data_type = "s"`), never as a formula,
  and risky text also gets Excel's own hidden text marker (`quotePrefix`, the invisible apostrophe Excel
  sets when a user types `'=...`), so editing the cell later does not turn it into a formula either.
  Nothing visible changes: "+84 912 345 678" and "- Hoàn thành tốt" look exactly as typed.
- **csv**: there are no cell types, so risky text gets a leading apostrophe (`'`), the marker the
  spreadsheets recognise (OWASP's advice). It is visible in a text editor and may show in some readers;
  that is the price of a file that cannot execute. Text that starts with `+` or `-` but holds nothing but
  digits, spaces and `. , ( ) / + -` (phone numbers "+84 912 345 678", "-", "-5", "0912-345-678") cannot
  name a function or a cell, so it cannot run anything and is left as it is. Text starting with `=` or
  `@`, or with a tab or carriage return, is always marked. CSV is written as UTF-8 with a BOM (so Excel
  reads Vietnamese correctly) and CRLF line ends.
- An importer that reads our own CSV back should drop one leading apostrophe before `= + - @`.
"""
from __future__ import annotations

import contextlib
import csv
import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Iterable

from desktop.domain.errors import N_, BookFileError, os_reason

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# After a leading + or -: only what a number or a phone number is made of; no letters, no | ! : $ " ( of a call.
_NUMBER_LIKE = re.compile(r"^[+-][0-9 .,()/+\-]*$")
# openpyxl refuses these control characters (they are not allowed in the XML of a workbook).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
EXCEL_CELL_LIMIT = 32767


def is_risky(text: str) -> bool:
    """Whether a spreadsheet could read this text as a formula."""
    if not text:
        return False
    stripped = text.lstrip(" \t\r\n")
    if text[0] in ("\t", "\r"):
        return True
    if not stripped or stripped[0] not in TRIGGERS:
        return False
    if stripped[0] in "+-" and _NUMBER_LIKE.match(stripped):
        return False
    return True


def neutralised(value):
    """A CSV cell value that no spreadsheet executes: risky text gets a leading apostrophe; other values
    (numbers, dates, None) are returned unchanged."""
    if isinstance(value, str) and is_risky(value):
        return "'" + value
    return value


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(neutralised(value))


def write_atomically(path: Path, write, make_folder: bool = False) -> Path:
    """Call `write(partial_path)`, flush it to disk, then rename it over `path`: a failure or a power cut never
    leaves half a file, and an old file of that name stays until the new one is whole."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.part")
    try:
        if make_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        write(partial)
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except PermissionError:
        raise BookFileError(N_("Cannot write {path}: access is denied. If the file is open in a PDF reader or in "
                               "Excel, close it and export again."), path=str(path)) from None
    except OSError as error:
        raise BookFileError(N_("Cannot write the file {path}: {reason}."), path=str(path),
                            reason=os_reason(error)) from None
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return path


def write_csv(path: Path, header: Iterable, rows: Iterable[Iterable]) -> Path:
    """Write a CSV file Excel opens correctly (UTF-8 with BOM, CRLF), every cell neutralised."""
    def write(partial: Path) -> None:
        with partial.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow([_csv_text(value) for value in header])
            for row in rows:
                writer.writerow([_csv_text(value) for value in row])

    return write_atomically(path, write)


def excel_text(value: str) -> str:
    """Text an xlsx cell can hold: no control characters XML forbids, at most Excel's 32,767 characters."""
    text = _ILLEGAL_XML.sub("", value)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[:EXCEL_CELL_LIMIT - 1] + "…"
    return text


def set_cell(cell, value) -> None:
    """Put a value into an openpyxl cell (normal or write-only) so that text is never a formula.

    Text becomes a string cell, and risky text also gets Excel's hidden text marker (quotePrefix); numbers,
    dates and None go in as they are.
    """
    if isinstance(value, str):
        text = excel_text(value)
        cell.value = text
        cell.data_type = "s"
        if is_risky(text):
            cell.quotePrefix = True
    else:
        cell.value = value


def safe_row(worksheet, values: Iterable) -> list:
    """Cells for `worksheet.append(...)` (works for write-only sheets too), each set with `set_cell`."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(worksheet)
        set_cell(cell, value)
        cells.append(cell)
    return cells


def append_safe_row(worksheet, values: Iterable) -> None:
    worksheet.append(safe_row(worksheet, values))


def save_workbook(workbook, path: Path) -> Path:
    """Save through a temporary file beside the target, so a failure never leaves half a workbook."""
    return write_atomically(path, workbook.save)

"""Which cells of an .xlsx sheet are written in a legacy Vietnamese font (".VnTime", ".VnTimeH", "VNI-Times").

The font settles what the text alone cannot ("Hoà" is Unicode, and VNI for "Hồ"). python-calamine does not
report fonts, so openpyxl reads them, but only when the workbook's style sheet names such a font at all:
the common, modern file costs one small read of xl/styles.xml.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from desktop.domain.legacy_encodings import encoding_of_font

MAX_FONT_CELLS = 250_000
_LEGACY_FONT = re.compile(rb'<(?:\w+:)?name\s+val="(?:\.vn|vni[- ])', re.IGNORECASE)


def has_legacy_fonts(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            styles = archive.read("xl/styles.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return False
    return bool(_LEGACY_FONT.search(styles))


def legacy_font_cells(path: Path, sheet_name: str, rows: int | None = None,
                      columns: int | None = None) -> dict[tuple[int, int], tuple[str, bool]]:
    """(row, column) 0-based -> (encoding, capitals only) for every text cell in a legacy font.

    `rows` and `columns` bound the walk to the table calamine actually read: a sheet may declare a
    dimension of a million rows by 16,384 columns. The fonts are only a hint: anything openpyxl cannot
    read leaves the text to be judged by itself.
    """
    if rows == 0 or columns == 0 or (rows or 0) * (columns or 0) > MAX_FONT_CELLS or not has_legacy_fonts(path):
        return {}  # openpyxl takes ~20 µs a cell: on a bigger sheet the text alone tells the encoding
    from openpyxl import load_workbook

    found: dict[tuple[int, int], tuple[str, bool]] = {}
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - the fonts are a hint; calamine already read the values
        return {}
    try:
        if sheet_name not in workbook.sheetnames:
            return {}
        by_font: dict[str, tuple[str, bool] | None] = {}
        for row in workbook[sheet_name].iter_rows(max_row=rows, max_col=columns):
            for cell in row:
                if getattr(cell, "data_type", None) != "s" or not cell.value:
                    continue
                name = cell.font.name if cell.font is not None else None
                if name not in by_font:
                    by_font[name] = encoding_of_font(name)
                if by_font[name]:
                    found[(cell.row - 1, cell.column - 1)] = by_font[name]
    except Exception:  # noqa: BLE001 - a malformed style or merge range: no font hints, the values stand
        return {}
    finally:
        workbook.close()
    return found

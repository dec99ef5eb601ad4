"""Tests for desktop.services.safe_export: spreadsheet files that cannot run formulas hidden in the data."""
from __future__ import annotations

import csv
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from desktop.domain.errors import BookFileError
from desktop.services.safe_export import (EXCEL_CELL_LIMIT, append_safe_row, excel_text, is_risky, neutralised,
                                          save_workbook, set_cell, write_csv)

RISKY = [
    "=1+2",
    "=HYPERLINK(\"http://x\",\"bấm\")",
    "@SUM(A1:A9)",
    "+A1",
    "-2+3+cmd|' /C calc'!A0",
    "- Hoàn thành tốt nhiệm vụ",
    "+ tích cực",
    "\t=1+2",
    "\r=1+2",
    "\tchữ",
    "  =cmd",
    "-A1",
    "+84 912 ABC",
    "=",
    "@",
]
HARMLESS = [
    "+84 912 345 678",
    "+84 (0) 912-345-678",
    "-",
    "--",
    "+",
    "-5",
    "-1.234,5",
    "0912 345 678",
    "Nguyễn Văn An",
    "a=b",
    "Phòng Kế toán - Tài chính",
    "",
    "'=already marked",
]


@pytest.mark.parametrize("text", RISKY)
def test_risky_text(text):
    assert is_risky(text)
    assert neutralised(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_is_left_as_typed(text):
    assert not is_risky(text)
    assert neutralised(text) == text


@pytest.mark.parametrize("value", [None, 5, -3, 2.5, date(2025, 6, 15), True])
def test_values_that_are_not_text_pass_unchanged(value):
    assert neutralised(value) is value


# --- CSV -----------------------------------------------------------------------------------------------------

def test_csv_is_utf8_with_bom_and_crlf_and_neutralised(tmp_path):
    path = write_csv(tmp_path / "danh-sach.csv", ["Họ và tên", "Điện thoại", "Ghi chú", "Điểm", "Ngày"],
                     [["Trần Thị Thuỷ", "+84 912 345 678", "=HYPERLINK(\"http://x\")", 92.5, date(2025, 6, 15)],
                      ["Lê Văn Tám", "-", "- Hoàn thành tốt", None, None],
                      ["Phạm, \"Chín\"", "0912 345 678", "dòng 1\ndòng 2", 0, True]])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw and raw.count(b"\r\n") >= 4
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Họ và tên", "Điện thoại", "Ghi chú", "Điểm", "Ngày"]
    assert rows[1] == ["Trần Thị Thuỷ", "+84 912 345 678", "'=HYPERLINK(\"http://x\")", "92.5", "2025-06-15"]
    assert rows[2] == ["Lê Văn Tám", "-", "'- Hoàn thành tốt", "", ""]
    assert rows[3] == ["Phạm, \"Chín\"", "0912 345 678", "dòng 1\ndòng 2", "0", "1"]
    assert [p.name for p in tmp_path.iterdir()] == ["danh-sach.csv"]


def test_csv_header_is_neutralised_too(tmp_path):
    path = write_csv(tmp_path / "x.csv", ["=cmd"], [])
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["'=cmd"]


def test_csv_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(BookFileError):
        write_csv(tmp_path / "no" / "such" / "x.csv", ["a"], [["b"]])


def test_a_failed_csv_leaves_the_old_file_whole(tmp_path):
    path = write_csv(tmp_path / "x.csv", ["a"], [["old"]])

    def rows():
        yield ["new"]
        raise RuntimeError("the data source failed")

    with pytest.raises(RuntimeError):
        write_csv(path, ["a"], rows())
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["a", "old"]
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]


# --- xlsx ----------------------------------------------------------------------------------------------------

def cells_of(path: Path) -> list[list]:
    sheet = openpyxl.load_workbook(path).active
    return [[(c.value, c.data_type, bool(c.quotePrefix)) for c in row] for row in sheet.iter_rows()]


def assert_no_formulas(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


@pytest.mark.parametrize("write_only", [False, True], ids=["normal", "write-only"])
def test_xlsx_text_is_never_a_formula_and_looks_as_typed(tmp_path, write_only):
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet() if write_only else workbook.active
    append_safe_row(sheet, ["=1+2", "+84 912 345 678", "- Hoàn thành tốt", "Nguyễn Văn An", 92.5, None,
                            date(2025, 6, 15)])
    path = save_workbook(workbook, tmp_path / "bao-cao.xlsx")
    (row,) = cells_of(path)
    assert row[0] == ("=1+2", "s", True)  # shown exactly as typed, hidden text marker set
    assert row[1] == ("+84 912 345 678", "s", False)
    assert row[2] == ("- Hoàn thành tốt", "s", True)
    assert row[3] == ("Nguyễn Văn An", "s", False)
    assert row[4][:2] == (92.5, "n")
    assert row[5][0] is None
    assert row[6][0].date() == date(2025, 6, 15)
    assert_no_formulas(path)
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.xlsx"]


def test_set_cell_on_a_normal_sheet(tmp_path):
    workbook = openpyxl.Workbook()
    cell = workbook.active["B2"]
    set_cell(cell, "@SUM(A1)")
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("@SUM(A1)", "s", True)
    path = save_workbook(workbook, tmp_path / "x.xlsx")
    assert_no_formulas(path)


def test_xlsx_text_drops_control_characters_and_keeps_excels_limit():
    assert excel_text("a\x00b\x07c\td\ne") == "abc\td\ne"
    long = excel_text("x" * (EXCEL_CELL_LIMIT + 10))
    assert len(long) == EXCEL_CELL_LIMIT and long.endswith("…")


def test_xlsx_with_control_characters_still_saves(tmp_path):
    workbook = openpyxl.Workbook()
    append_safe_row(workbook.active, ["tên\x0bcó ký tự lạ"])
    assert cells_of(save_workbook(workbook, tmp_path / "x.xlsx"))[0][0][0] == "têncó ký tự lạ"


def test_xlsx_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(BookFileError):
        save_workbook(openpyxl.Workbook(), tmp_path / "no" / "x.xlsx")

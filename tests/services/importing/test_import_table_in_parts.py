"""A list whose big sheet is read in parts gives the same table as read whole, wherever the cuts fall:
its rows are worked on part by part (table._read_rows) while calamine reads the next part."""
from __future__ import annotations

import re

import pytest
from openpyxl import Workbook as OpenpyxlWorkbook

from desktop.services.importing import ImportFileError, read_table, sheet_parts


def table_outcome(path, kind="attendance"):
    """What read_table makes of the file, in comparable form."""
    try:
        table = read_table(path, kind)
    except ImportFileError as error:
        return "refused", error.message_id, error.params
    return (table.header_row, table.header_rows, table.columns, table.mapping, table.title, table.problems,
            table.ignored, [(row.row, row.values, list(row.problems)) for row in table.rows])


def cut_after(monkeypatch, rows: list[int]) -> None:
    """Cut every sheet after each of its `rows`-th row elements (0-based) instead of by length."""
    real_cut = sheet_parts.cut

    def fixed_cut(xml, count):
        sheet_cut = real_cut(xml, 1)
        start, stop = sheet_cut.spans[0]
        ends = [start + found.end() for found in re.finditer(rb"</row>", xml[start:stop])]
        bounds = [start] + [ends[k] for k in rows if k < len(ends) - 1] + [stop]
        sheet_cut.spans = list(zip(bounds, bounds[1:]))
        return sheet_cut

    monkeypatch.setattr("desktop.services.importing.files.cut", fixed_cut)
    monkeypatch.setattr("desktop.services.importing.files.PARTS_FROM_BYTES", 2)
    monkeypatch.setattr(sheet_parts, "PARTS_FROM_BYTES", 2)


def busy_list(tmp_path, tail_rows=()):
    """An attendee list with all a list can hold: header block, two-level header, numbering row, group
    headings, blank rows, a row without a name, a total, the signature block; `tail_rows` below it."""
    rows = [["LIÊN ĐOÀN LAO ĐỘNG TỈNH", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            ["DANH SÁCH HỌC VIÊN LỚP TẬP HUẤN"],
            [],
            ["STT", "Họ và tên", "Năm sinh", None, "Kết quả", "Số GCN"],
            [None, None, "Nam", "Nữ"],
            [None, " "],  # blank, though written
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            ["I", "PHÂN XƯỞNG MAY"],
            [1, "Nguyễn Văn An", 1980, None, "Giỏi", "GCN-1"],
            [2, "Trần Thị Hoà", None, 1988, "Khá", "GCN-2"],
            [],
            [3, "Lê Văn Cường", 1975, None, "Không đạt", None],
            ["II", "PHÒNG KỸ THUẬT"],
            [4, None, 1990, None, "Đạt", "GCN-4"],
            [5, "Phạm Thị Thu Thủy", None, 1992, "Giỏi", "GCN-5"],
            [6, "Hoàng Văn Bình", 1969, 1970, "Đạt", "GCN-6"],
            [None, "Tổng cộng: 6 người"],
            [],
            [None, None, None, None, None, "Nam Định, ngày 20 tháng 5 năm 2025"],
            [None, None, None, None, "NGƯỜI LẬP BIỂU", "TM. BAN THƯỜNG VỤ"],
            *tail_rows]
    book = OpenpyxlWorkbook()
    sheet = book.active
    sheet.title = "DS"
    for row in rows:
        sheet.append(row)
    for span in ("A4:A5", "B4:B5", "C4:D4", "E4:E5", "F4:F5"):
        sheet.merge_cells(span)
    path = tmp_path / "ban-ron.xlsx"
    book.save(path)
    return path, len(rows)


@pytest.mark.parametrize("tail_rows", [(), ([7, "Ngô Văn Tám", 1985, None, "Đạt", "GCN-7", "ghi chú rộng"],)],
                         ids=["ends-with-signature", "wider-row-below-signature"])
def test_a_list_cut_before_any_row_reads_as_the_whole_list(tmp_path, monkeypatch, tail_rows):
    # The first rows of a sheet are read before its header is looked for: here only the first six, so that
    # the rows below are worked on part by part.
    monkeypatch.setattr("desktop.services.importing.table.SURVEY_ROWS", 6)
    monkeypatch.setattr("desktop.services.importing.table.HEADER_TEXT_ROWS", 6)
    path, count = busy_list(tmp_path, tail_rows)
    whole = table_outcome(path)
    assert whole[:2] == (4, 2) and len(whole[-1]) == 5  # the two-level header, five people (one has no name)
    assert [problem.row for problem in whole[5]] == [14] and whole[6][7] == "numbering"
    for first in range(count - 1):
        for cuts in ([first], [first, first + 1], [first, first + 3]):
            with monkeypatch.context() as patched:
                cut_after(patched, cuts)
                assert table_outcome(path) == whole, cuts


def test_units_merged_down_across_a_cut_fill_the_rows_below(tmp_path, monkeypatch):
    """A unit merged down over its people's rows, some of them in a later, narrower part (its rows end before
    the unit's column), one merge with an empty top cell, and a blank row inside a merge."""
    monkeypatch.setattr("desktop.services.importing.table.SURVEY_ROWS", 2)
    monkeypatch.setattr("desktop.services.importing.table.HEADER_TEXT_ROWS", 2)
    book = OpenpyxlWorkbook()
    sheet = book.active
    sheet.title = "DS"
    for row in (["DANH SÁCH"], ["STT", "Họ và tên", "Năm sinh", "Kết quả", "Đơn vị"],
                [1, "Nguyễn Văn An", 1980, "Đạt", "Phòng Kỹ thuật"], [2, "Trần Thị Hoà", 1988], [None, None, " "],
                [3, "Lê Văn Cường", 1975], [4, "Phạm Thị Mai", 1990, "Khá"], [5, "Hoàng Văn Bình", 1969],
                [6, "Đỗ Thị Lan", 1992], [7, "Ngô Văn Tám", 1985, "Đạt", "Kho"]):
        sheet.append(row)
    for span in ("E3:E6", "E7:E9"):
        sheet.merge_cells(span)
    path = tmp_path / "don-vi.xlsx"
    book.save(path)
    whole = table_outcome(path)
    assert [values.get("department") for _, values, _ in whole[-1]] == ["Phòng Kỹ thuật"] * 3 + [None] * 3 + ["Kho"]
    for first in range(8):
        for cuts in ([first], [first, first + 1], [first, first + 2]):
            with monkeypatch.context() as patched:
                cut_after(patched, cuts)
                assert table_outcome(path) == whole, cuts

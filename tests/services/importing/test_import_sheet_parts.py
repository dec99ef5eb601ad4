"""A big .xlsx sheet read in parts on several threads gives exactly what python-calamine gives for the whole
sheet read as it is, or is read whole."""
from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook as OpenpyxlWorkbook
from python_calamine import CalamineWorkbook

from desktop.services.importing import ImportFileError, errors, extent, sheet_parts
from desktop.services.importing.files import Workbook, inspect_file

SHEET = "xl/worksheets/sheet1.xml"
WORDS = ["Nguyễn", "Văn", "An", "Trần", "Thị", "Hoà", "Phòng", "Kỹ thuật", "GCN-01", " cách ", "Đạt"]


def whole_read(path, sheet="DS"):
    """What calamine itself gives: the grid from A1 and the merged ranges."""
    book = CalamineWorkbook.from_path(str(path))
    try:
        read = book.get_sheet_by_name(sheet)
        return read.to_python(skip_empty_area=False), list(read.merged_cell_ranges or [])
    finally:
        book.close()


def read_in(path, count, sheet="DS"):
    """(the parts, what read_parts makes of them) for the sheet cut in `count`."""
    source = inspect_file(path)
    [(member, xml)] = extent.sheet_xml(source, sheet)
    sheet_cut = sheet_parts.cut(xml, count)
    if sheet_cut is None:
        return None, None
    workbooks = sheet_parts.PartWorkbooks.of(source.data, member)
    parts = [b"".join(sheet_cut.part(i)) for i in range(len(sheet_cut.spans))]
    reader = sheet_parts.read_parts(workbooks, sheet_cut, path.name, sheet)
    if reader is None:
        return parts, None
    rows = list(reader.first_rows)
    try:
        while (more := reader.next_rows()) is not None:
            rows += more
    except sheet_parts.PartsDisagree:
        return parts, None
    return parts, (padded(rows), reader.merged)


def padded(rows):
    """Every row as wide as the widest, as calamine makes the rows of a whole sheet."""
    width = max(map(len, rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows]


def grid_read(path, sheet="DS"):
    """The rows and merged ranges Workbook.sheet gives, every part read."""
    workbook = Workbook(inspect_file(path))
    try:
        grid = workbook.sheet(sheet)
        grid.read_all()
        return padded(grid.rows), grid.merged
    finally:
        workbook.close()


def typed(read):
    """Rows with each value's type, so that 1 and 1.0 or "" and None differ."""
    rows, merged = read
    return [[(type(value).__name__, value) for value in row] for row in rows], merged


def random_sheet(tmp_path, seed: int, write_only: bool):
    """Rows of every kind of cell, blank runs, rows starting further right, and merged cells."""
    rng = random.Random(seed)

    def value():
        kind = rng.randrange(8)
        return [None, rng.randint(-5, 3000), round(rng.uniform(-100, 100), 3), " ".join(rng.sample(WORDS, 2)),
                date(2025, rng.randint(1, 12), rng.randint(1, 28)), datetime(2024, 3, 9, rng.randint(0, 23), 15),
                rng.random() < 0.5, ""][kind]

    rows = []
    for _ in range(rng.randint(3, 80)):
        if rng.random() < 0.15:
            rows.append([])
            continue
        start = rng.choice([0, 0, 0, 1, 3])
        rows.append([None] * start + [value() for _ in range(rng.randint(1, 9))])
    book = OpenpyxlWorkbook(write_only=write_only)
    sheet = book.create_sheet("DS") if write_only else book.active
    sheet.title = "DS"
    for row in rows:
        sheet.append(row)
    if not write_only:
        for _ in range(rng.randint(0, 3)):
            top, left = rng.randint(1, len(rows)), rng.randint(1, 5)
            sheet.merge_cells(start_row=top, start_column=left, end_row=top + rng.randint(0, 2),
                              end_column=left + rng.randint(1, 2))
    path = tmp_path / f"s{seed}-{int(write_only)}.xlsx"
    book.save(path)
    return path


def edited(path, edit, member=SHEET):
    """A copy of the workbook with its sheet XML (or `member`) passed through `edit` (bytes -> bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, edit(data) if info.filename == member else data)
    copy = path.with_name("sua-" + path.name)
    copy.write_bytes(out.getvalue())
    return copy


@pytest.mark.parametrize("write_only", [False, True], ids=["shared-strings", "inline-strings"])
@pytest.mark.parametrize("seed", range(20))
def test_a_sheet_read_in_parts_is_the_sheet_calamine_reads_whole(tmp_path, seed, write_only):
    path = random_sheet(tmp_path, seed, write_only)
    expected = typed(whole_read(path))
    compared = 0
    for count in (1, 2, 3, 4):
        parts, read = read_in(path, count)
        if parts is None:
            continue
        assert read is not None, (count, "parts that fit must be read")
        assert typed(read) == expected, count
        compared += 1
    assert compared >= 2


def two_level_list(tmp_path):
    """A list under a title and a two-level header: four merged ranges."""
    book = OpenpyxlWorkbook()
    sheet = book.active
    sheet.title = "DS"
    for row in [["DANH SÁCH"], ["STT", "Họ và tên", "Năm sinh", None], [None, None, "Nam", "Nữ"]] + [
            [i, f"Người {i}", 1980 + i % 20, None] for i in range(40)]:
        sheet.append(row)
    for span in ("A1:D1", "A2:A3", "B2:B3", "C2:D2"):
        sheet.merge_cells(span)
    path = tmp_path / "hai-tang.xlsx"
    book.save(path)
    return path


def test_merged_cells_are_moved_before_the_rows_and_found(tmp_path):
    path = two_level_list(tmp_path)
    parts, read = read_in(path, 3)
    assert all(part.index(b"<mergeCells") < part.index(b"<sheetData") for part in parts)
    assert read[1] == whole_read(path)[1] and len(read[1]) == 4
    assert typed(read) == typed(whole_read(path))


def test_merged_cells_written_another_way_stay_where_they_are(tmp_path):
    path = edited(two_level_list(tmp_path),
                  lambda xml: xml.replace(b"<mergeCells", b"<!-- note --><mergeCells", 1).replace(
                      b"<mergeCell ", b"<!-- a --><mergeCell ", 1))
    parts, read = read_in(path, 2)
    assert b"<!-- a -->" in parts[0][parts[0].index(b"</sheetData>"):]
    assert typed(read) == typed(whole_read(path))


def numbered_list(tmp_path, count: int):
    """`count` rows of a number and a name."""
    book = OpenpyxlWorkbook()
    sheet = book.active
    sheet.title = "DS"
    for i in range(1, count + 1):
        sheet.append([i, f"Người {i}"])
    path = tmp_path / "ds.xlsx"
    book.save(path)
    return path


def test_rows_out_of_order_across_a_cut_are_read_whole(tmp_path):
    path = numbered_list(tmp_path, 40)
    # The last row claims to be row 3, and its cells to be cells of row 3: calamine writes them there.
    path = edited(path, lambda xml: re.sub(rb'<row r="40"(.*?)</row>', lambda m: m.group().replace(
        b'r="40"', b'r="3"').replace(b'40"', b'3"'), xml))
    parts, read = read_in(path, 2)
    assert parts is not None and read is None
    assert grid_read(path) == whole_read(path)


@pytest.mark.parametrize("edit", [
    lambda xml: re.sub(rb'<row r="\d+"', b"<row", xml),  # rows placed by counting
    lambda xml: xml.replace(b"<", b"<x:").replace(b"<x:/", b"</x:").replace(b"<x:?", b"<?").replace(
        b'xmlns="', b'xmlns:x="'),  # every element with a prefix
], ids=["unnumbered-rows", "prefixed-elements"])
def test_xml_that_cannot_be_cut_is_read_whole(tmp_path, edit):
    path = edited(random_sheet(tmp_path, 7, write_only=False), edit)
    assert read_in(path, 2) == (None, None)
    assert grid_read(path) == whole_read(path)


def test_a_far_cell_in_a_later_part_is_refused_before_calamine_reads_any_part(tmp_path):
    path = numbered_list(tmp_path, 60)
    # calamine would try to allocate the whole grid to XFD1048576 and abort the process.
    path = edited(path, lambda xml: xml.replace(b'r="B59"', b'r="XFD1048576"'))
    with pytest.raises(ImportFileError) as caught:
        read_in(path, 3)
    assert caught.value.message_id == errors.TOO_LARGE
    assert (caught.value.params["rows"], caught.value.params["columns"]) == (1048576, 16384)


def test_a_far_cell_after_a_part_that_cannot_be_given_to_calamine_is_still_refused(tmp_path, monkeypatch):
    # A part workbook that cannot be made (more members than a zip directory counts, say) sends the sheet
    # to the whole read: the parts after it were not checked yet, and must be before calamine reads it.
    path = edited(numbered_list(tmp_path, 60), lambda xml: xml.replace(b'r="B59"', b'r="A200001"'))
    real_with_sheet = sheet_parts.PartWorkbooks.with_sheet
    made = []

    def with_sheet(workbooks, pieces):
        made.append(pieces)
        if len(made) == 2:
            raise struct.error("'H' format requires 0 <= number <= 65535")
        return real_with_sheet(workbooks, pieces)

    monkeypatch.setattr(sheet_parts.PartWorkbooks, "with_sheet", with_sheet)
    with pytest.raises(ImportFileError) as caught:
        read_in(path, 3)
    assert caught.value.message_id == errors.TOO_LARGE and len(made) == 2


def test_a_big_sheet_the_workbook_does_not_place_is_measured_before_it_is_read(tmp_path, monkeypatch):
    # Relations in single quotes: calamine reads them, extent's search does not, so every worksheet of the
    # file is a candidate for the sheet; none is read in parts, and each is measured.
    book = OpenpyxlWorkbook()
    book.active.title = "DS"
    for i in range(1, 61):
        book.active.append([i, f"Người {i}"])
    book.create_sheet("Khác").append(["x"])
    path = tmp_path / "hai-trang.xlsx"
    book.save(path)
    path = edited(edited(path, lambda xml: xml.replace(b'r="B59"', b'r="A200001"')),
                  lambda rels: rels.replace(b'"', b"'"), member="xl/_rels/workbook.xml.rels")
    monkeypatch.setattr("desktop.services.importing.files.PARTS_FROM_BYTES", 2)
    monkeypatch.setattr(sheet_parts, "PARTS_FROM_BYTES", 2)
    calamine_asked = []
    with pytest.raises(ImportFileError) as caught:
        # (A far cell calamine can build, for the test's sake: a farther one would abort the process.)
        Workbook(inspect_file(path)).sheet("DS", reading_cells=lambda: calamine_asked.append(True))
    assert caught.value.message_id == errors.TOO_LARGE and not calamine_asked


@pytest.mark.parametrize("edit", [
    lambda xml: xml[:xml.rindex(b"</c>")] + xml[xml.rindex(b"</c>") + 4:],  # a cell left open in the last part
    lambda xml: xml.replace(b'<mergeCell ref="', b'<mergeCell ref="?', 1),  # a merge calamine cannot read
], ids=["cell-left-open", "bad-merge"])
def test_a_part_calamine_cannot_read_leaves_the_message_to_the_whole_read(tmp_path, edit):
    path = edited(two_level_list(tmp_path), edit)
    parts, read = read_in(path, 2)
    assert parts is not None and read is None
    with pytest.raises(ImportFileError) as caught:
        Workbook(inspect_file(path)).sheet("DS")
    assert caught.value.message_id == errors.DAMAGED


@pytest.mark.parametrize("cpus, parts", [(1, 1), (2, 3), (4, 4)])
def test_a_big_sheet_is_read_in_a_part_more_than_cores(tmp_path, monkeypatch, cpus, parts):
    book = OpenpyxlWorkbook(write_only=True)
    sheet = book.create_sheet("DS")
    sheet.append(["DANH SÁCH HỌC VIÊN"])
    sheet.append(["STT", "Họ và tên", "Năm sinh", "Kết quả"])
    for i in range(1, 3001):
        sheet.append([i, f"Nguyễn Văn {i}", 1960 + i % 40, "Đạt"])
    path = tmp_path / "lon.xlsx"
    book.save(path)
    monkeypatch.setattr(sheet_parts.os, "cpu_count", lambda: cpus)
    monkeypatch.setattr(sheet_parts, "PARTS_FROM_BYTES", 64 * 1024)
    counts = []
    real_read_parts = sheet_parts.read_parts
    monkeypatch.setattr("desktop.services.importing.files.PARTS_FROM_BYTES", 64 * 1024)
    monkeypatch.setattr("desktop.services.importing.files.read_parts",
                        lambda workbooks, sheet_cut, *rest: counts.append(len(sheet_cut.spans)) or real_read_parts(
                            workbooks, sheet_cut, *rest))
    assert grid_read(path) == whole_read(path)
    assert counts == [parts]


def test_a_small_sheet_is_read_from_the_file_as_it_is():
    assert sheet_parts.part_count(sheet_parts.PARTS_FROM_BYTES - 1, cpus=8) == 0
    assert sheet_parts.part_count(sheet_parts.PARTS_FROM_BYTES, cpus=1) == 1
    assert sheet_parts.part_count(sheet_parts.PARTS_FROM_BYTES, cpus=2) == 2  # no part under half of that
    assert sheet_parts.part_count(4 * sheet_parts.PARTS_FROM_BYTES, cpus=2) == 3
    assert sheet_parts.part_count(100 * sheet_parts.PARTS_FROM_BYTES, cpus=64) == sheet_parts.MAX_PARTS


def test_merged_ranges_calamine_does_not_count_send_the_sheet_to_the_whole_read(tmp_path):
    # calamine skips a mergeCell without a range; the parts cannot tell it from merges it no longer finds
    # before the rows (a later calamine), so the sheet is read whole.
    path = edited(two_level_list(tmp_path),
                  lambda xml: xml.replace(b"<mergeCell ", b'<mergeCell x="1"/><mergeCell ', 1))
    parts, read = read_in(path, 2)
    assert parts is not None and read is None
    assert grid_read(path) == whole_read(path) and len(whole_read(path)[1]) == 4

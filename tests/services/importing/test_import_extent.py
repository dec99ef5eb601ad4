"""The extent check before python-calamine builds a sheet: a stray far cell is refused, a normal list passes
with one scan, and the limits hold exactly at their edges."""
from __future__ import annotations

import io
import zipfile

import pytest

from desktop.i18n import _
from desktop.services.importing import ImportFileError, extent, read_table
from desktop.services.importing.files import inspect_file

SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def small_list(write_xlsx):
    return write_xlsx([["DANH SÁCH"], ["STT", "Họ và tên", "Năm sinh"], [1, "Nguyễn Văn An", 1980],
                       [2, "Trần Thị Hoà", 1988]], sheet="DS")


def edited(path, edit, name="sua.xlsx", *, declared_size=None):
    """A copy of the workbook at `path` with its sheet XML passed through `edit` (text -> text)."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == SHEET:
                data = edit(data.decode()).encode()
            target.writestr(info.filename, data)
    data = out.getvalue()
    if declared_size is not None:  # the directory lies about how big the sheet unpacks
        data = _declared(data, declared_size)
    copy = path.with_name(name)
    copy.write_bytes(data)
    return copy


def _declared(data: bytes, size: int) -> bytes:
    out = bytearray(data)
    at = 0
    while (at := out.find(b"PK\x01\x02", at)) >= 0:
        name_length = int.from_bytes(out[at + 28:at + 30], "little")
        if bytes(out[at + 46:at + 46 + name_length]) == SHEET.encode():
            out[at + 24:at + 28] = size.to_bytes(4, "little")
        at += 4
    return bytes(out)


def refusal(path) -> str:
    with pytest.raises(ImportFileError) as caught:
        read_table(path, "attendance")
    return caught.value.render(_)


def test_a_normal_list_is_read(small_list):
    assert [r.values["full_name"] for r in read_table(small_list, "attendance").rows] == ["Nguyễn Văn An",
                                                                                           "Trần Thị Hoà"]


def test_one_cell_at_the_far_corner_is_refused_with_its_reach(small_list):
    path = edited(small_list, lambda xml: xml.replace('r="C4"', 'r="XFD1048576"', 1))
    assert refusal(path) == _(extent.errors.TOO_LARGE).format(sheet="DS", file="sua.xlsx", rows=1048576,
                                                              columns=16384)


@pytest.mark.parametrize("reference", ['r="A300000"', "r='XFD1048576'", 'r = "XFD1048576"', 'r="xfd500"',
                                       'r="C00000300000"'])
def test_far_references_however_written_are_refused(small_list, reference):
    # The far cell sits in the middle of the table, not at its end.
    path = edited(small_list, lambda xml: xml.replace('r="B3"', reference, 1))
    assert refusal(path)
    with pytest.raises(ImportFileError) as caught:
        extent.check_sheet(inspect_file(path), "DS")
    assert caught.value.message_id == extent.errors.TOO_LARGE


@pytest.mark.parametrize("reference, refused", [
    ("Z76923", False),  # 26 x 76,923 = 1,999,998 cells: within the limit, by the fast scan alone
    ("Z76924", True),  # 2,000,024 cells
    ("AA80000", True),  # 27 columns x 80,000 rows
    ("AA1000", False),  # a wide sheet is measured exactly, and passes
    ("A200000", False),  # the last row allowed (x 3 columns: 600,000 cells)
    ("A200001", True),
])
def test_the_limits_hold_at_their_edges(small_list, reference, refused):
    path = edited(small_list, lambda xml: xml.replace('r="C4"', f'r="{reference}"', 1))
    source = inspect_file(path)
    if refused:
        with pytest.raises(ImportFileError):
            extent.check_sheet(source, "DS")
    else:
        extent.check_sheet(source, "DS")


def test_a_sheet_that_unpacks_beyond_its_declared_size_is_refused(small_list):
    path = edited(small_list, lambda xml: xml, declared_size=100)
    with pytest.raises(ImportFileError) as caught:
        extent.check_sheet(inspect_file(path), "DS")
    assert caught.value.message_id == extent.errors.DAMAGED


def test_an_unlisted_sheet_member_is_still_measured(small_list):
    """When workbook.xml does not say which member holds the sheet, every worksheet is measured."""
    path = edited(small_list, lambda xml: xml.replace('r="C4"', 'r="XFD1048576"', 1))
    source = inspect_file(path)
    with pytest.raises(ImportFileError):
        extent.check_sheet(source, "Không có")

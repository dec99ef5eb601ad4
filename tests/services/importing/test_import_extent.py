"""The extent check before python-calamine builds a sheet: a stray far cell is refused, a normal list passes
with one scan, and the limits hold exactly at their edges."""
from __future__ import annotations

import io
import struct
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


def _compound_file(stream: bytes) -> bytes:
    """A compound file (512-byte sectors) holding one regular stream named "Workbook": its sectors first, then
    the directory, the allocation table and, past 109 table sectors (a file over ~7 MB), the DIFAT sectors
    that list the rest of the table."""
    size, free, end_of_chain, fat_mark, difat_mark = 512, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC
    data_sectors = -(-len(stream) // size)
    per_sector = size // 4
    fat_count = difat_count = 0
    while True:  # the table must also cover its own sectors and the DIFAT's
        total = data_sectors + 1 + fat_count + difat_count
        fat_needed = -(-total // per_sector)
        difat_needed = max(0, -(-(fat_needed - 109) // (per_sector - 1)))
        if (fat_needed, difat_needed) == (fat_count, difat_count):
            break
        fat_count, difat_count = fat_needed, difat_needed
    directory = data_sectors
    fat_sectors = list(range(directory + 1, directory + 1 + fat_count))
    difat_sectors = list(range(fat_sectors[-1] + 1, fat_sectors[-1] + 1 + difat_count))
    fat = list(range(1, data_sectors)) + [end_of_chain, end_of_chain] + [fat_mark] * fat_count
    fat += [difat_mark] * difat_count
    fat += [free] * (fat_count * per_sector - len(fat))

    def entry(name: str, kind: int, start: int, length: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", free, free, 1 if kind == 5 else free) + b"\0" * 36
                + struct.pack("<II", start, length) + b"\0" * 4)

    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, fat_count, directory, 0, 4096, end_of_chain, 0,
                                        difat_sectors[0] if difat_sectors else end_of_chain, difat_count))
    header += struct.pack("<109I", *(fat_sectors[:109] + [free] * (109 - len(fat_sectors[:109]))))
    difat = []
    rest = fat_sectors[109:]
    for number, _sector in enumerate(difat_sectors):
        listed, rest = rest[:per_sector - 1], rest[per_sector - 1:]
        following = difat_sectors[number + 1] if number + 1 < len(difat_sectors) else end_of_chain
        difat.append(struct.pack(f"<{per_sector}I", *(listed + [free] * (per_sector - 1 - len(listed))),
                                 following))
    directory_sector = (entry("Root Entry", 5, end_of_chain, 0) + entry("Workbook", 2, 0, len(stream))
                        + b"\0" * 256)
    return (header + stream.ljust(data_sectors * size, b"\0") + directory_sector
            + struct.pack(f"<{len(fat)}I", *fat) + b"".join(difat))


def _biff_stream(filler_bytes: int) -> bytes:
    """A workbook stream: one sheet whose only cell, after `filler_bytes` of records nobody reads, lies at
    row 65,536, column 256 (the far corner of an .xls sheet)."""
    def record(kind: int, body: bytes) -> bytes:
        return struct.pack("<HH", kind, len(body)) + body

    name = "DS".encode("latin-1")
    bof = record(0x0809, b"\x00\x06\x05\x00" + b"\0" * 12)
    globals_end = len(bof) + 4 + 8 + len(name) + 4  # BOF, BOUNDSHEET, EOF
    globals_part = bof + record(0x0085, struct.pack("<IHBB", globals_end, 0, len(name), 0) + name) + record(0x0A, b"")
    filler = b"".join(record(0x1234, b"\0" * 8000) for _ in range(filler_bytes // 8004))
    far_cell = record(0x0203, struct.pack("<HHHd", 65535, 255, 0, 1.0))
    return globals_part + bof + filler + far_cell + record(0x0A, b"")


@pytest.mark.parametrize("filler", [10_000, 8_000_000])  # a small file, and one whose table needs DIFAT sectors
def test_an_xls_sheet_reaching_its_far_corner_is_refused_however_big_the_file(write_bytes, filler):
    path = write_bytes("lon.xls", _compound_file(_biff_stream(filler)))
    with pytest.raises(ImportFileError) as caught:
        extent.check_workbook(inspect_file(path))
    assert caught.value.render(_) == _(extent.errors.TOO_LARGE).format(sheet="DS", file="lon.xls", rows=65536,
                                                                       columns=256)

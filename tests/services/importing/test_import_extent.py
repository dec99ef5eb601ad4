"""The extent check before python-calamine builds a sheet: a stray far cell is refused, a normal list passes
with one scan, and the limits hold exactly at their edges."""
from __future__ import annotations

import io
import struct
import zipfile

import pytest

from desktop.i18n import _
from desktop.services.importing import ImportFileError, extent, read_table
from desktop.services.importing.compound_file import Container
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


ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            '<office:body><office:spreadsheet>')
ODS_MANIFEST = ('<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
                'manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.'
                'oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/></manifest:manifest>')


def _ods(tables: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", ODS_HEAD + tables + "</office:spreadsheet></office:body>"
                         "</office:document-content>", zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _cell(kind: str, repeats: int) -> str:
    repeat = f' table:number-columns-repeated="{repeats}"' if repeats > 1 else ""
    if kind == "text":
        return f'<table:table-cell{repeat} office:value-type="string"><text:p>x</text:p></table:table-cell>'
    if kind == "number":
        return f'<table:table-cell{repeat} office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
    return f'<table:table-cell{repeat}/>'


def _row(cells: list[tuple[str, int]], repeats: int = 1) -> str:
    repeat = f' table:number-rows-repeated="{repeats}"' if repeats > 1 else ""
    return f"<table:table-row{repeat}>" + "".join(_cell(*cell) for cell in cells) + "</table:table-row>"


def test_a_tiny_ods_asking_for_ninety_million_cells_is_refused_before_calamine_builds_it(write_bytes):
    # 971 bytes that made calamine allocate 2.9 GB (and abort the program where that failed)
    path = write_bytes("lap.ods", _ods('<table:table table:name="DS">' + _row([("text", 1)])
                                      + _row([("number", 1000)], repeats=90_000) + "</table:table>"))
    assert refusal(path) == _(extent.errors.TOO_LARGE).format(sheet="DS", file="lap.ods", rows=90_001, columns=1000)


def test_the_million_empty_rows_and_columns_libreoffice_writes_after_a_table_do_not_count(write_bytes):
    trailing = _row([("empty", 16384)], repeats=1_048_561)
    path = write_bytes("ds.ods", _ods('<table:table table:name="DS">' + _row([("text", 1), ("empty", 16383)])
                                      + _row([("number", 1), ("empty", 2), ("text", 1), ("empty", 16380)])
                                      + trailing + "</table:table>"))
    assert extent._ods_reaches(inspect_file(path)) == {"DS": (2, 4)}


@pytest.mark.parametrize("seed", range(40))
def test_the_reach_of_an_ods_sheet_is_what_calamine_builds(write_bytes, seed):
    """Runs of empty and filled cells and rows, repeated or not, at the start, inside and at the end: the
    reach counted before calamine equals the grid calamine builds (with the empty area before the data)."""
    import random

    from python_calamine import CalamineWorkbook

    rng = random.Random(seed)
    rows = []
    for _row_number in range(rng.randint(1, 8)):
        cells = [(rng.choice(["empty", "empty", "text", "number"]), rng.choice([1, 1, 2, 5]))
                 for _cell_number in range(rng.randint(0, 6))]
        rows.append(_row(cells, rng.choice([1, 1, 1, 3, 20])))
    path = write_bytes("ngau-nhien.ods", _ods('<table:table table:name="DS">' + "".join(rows) + "</table:table>"))
    (reach,) = extent._ods_reaches(inspect_file(path)).values()
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    built = (len(grid), max(map(len, grid), default=0)) if any(any(v != "" for v in r) for r in grid) else (0, 0)
    assert reach == built


def _patched(data: bytes, offset: int, value: int) -> bytes:
    out = bytearray(data)
    struct.pack_into("<I", out, offset, value)
    return bytes(out)


def _workbook_entry(data: bytes) -> int:
    """Where the directory entry of the Workbook stream starts in a small compound file."""
    directory = (struct.unpack_from("<I", data, 0x30)[0] + 1) * 512
    return next(directory + i for i in range(0, 512, 128)
                if data[directory + i:directory + i + 16] == "Workbook".encode("utf-16-le"))


@pytest.mark.parametrize("edit, reason", [
    (lambda data: _patched(data, 0x4C + 12, 0x10000000), "sector number"),  # a slot naming sector 268 million
    (lambda data: _patched(data, 44, 0x40000000), "FAT size"),  # a table of a billion sectors
    (lambda data: _patched(data, 62, 0x40000000), "DIFAT size"),  # read there by calamine
    (lambda data: _patched(data, _workbook_entry(data) + 120, 0xF0000000), "stream size"),  # a 4 GB workbook
    (lambda data: _patched(_patched(_patched(data, 0x44, 0), 0x48, 1), 2 * 512 - 4, 0), "DIFAT chain loops"),
], ids=["slot", "fat", "difat", "stream", "difat-loop"])
def test_an_xls_container_asking_for_gigabytes_is_refused_before_calamine(fixtures_dir, write_bytes, edit, reason):
    """calamine sizes its buffers by these numbers (or, for a loop, grows one for ever): on a PC that does not
    overcommit memory a failed allocation aborts the program."""
    path = write_bytes("hong.xls", edit((fixtures_dir / "ke-hoach-dao-tao-2025.xls").read_bytes()))
    with pytest.raises(ImportFileError) as caught:
        extent.check_workbook(inspect_file(path))
    assert (caught.value.message_id, caught.value.params["reason"]) == (extent.errors.DAMAGED, reason)


@pytest.mark.parametrize("name", ["ke-hoach-dao-tao-2025.xls", "danh-sach-bch-tcvn3.xls", "co-mat-khau.xls"])
def test_a_sound_xls_container_gives_its_workbook_stream(fixtures_dir, name):
    data = (fixtures_dir / name).read_bytes()
    extent.check_workbook(inspect_file(fixtures_dir / name))
    assert Container(data, name).workbook_stream()[:2] == b"\x09\x08"  # it starts with its BOF record

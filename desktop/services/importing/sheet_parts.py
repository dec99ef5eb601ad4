"""A big .xlsx sheet read by python-calamine on several threads at once.

python-calamine reads a sheet on one thread, and lets go of the interpreter while it does. Reading the cells
is most of what importing a 10,000-row list costs, and an office PC has two cores or more, so the sheet's
XML is cut between rows into parts. Each part goes to calamine as a workbook of its own: the file's other
members copied as they are, and the sheet holding what comes before its first row, the part's rows, and
what comes after its last row. The parts are read side by side, and their rows are put back in sheet order
in the grid calamine builds for the whole sheet (`to_python(skip_empty_area=False)`).

A cut is made only where calamine places the rows after it by their own numbers (`<row r="...">`), so every
cell lands where it would in the whole sheet; the tests compare both reads. Whatever does not fit (a small
sheet, one core, XML with namespace prefixes, rows without numbers, parts whose rows overlap, an error in a
part) is left to the whole read, which also gives the message for a damaged file.
"""
from __future__ import annotations

import io
import os
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from desktop.services.importing.errors import ImportFileError
from desktop.services.importing.extent import check_xml, packed_bytes, plainly_packed

PARTS_FROM_BYTES = 2 * 1024 * 1024  # ~4,500 rows of a usual list: a smaller sheet is read in a few ms
MAX_PARTS = 4
FIRST_PARTS_LONGER = 0.2  # each part 20% longer than the next: see cut
_SHEET_DATA = re.compile(rb"<sheetData\s*>")
_SHEET_DATA_END = b"</sheetData>"
_ROW_END = b"</row>"
_NUMBERED_ROW = re.compile(rb"\s*<row\s(?:[^>]*?\s)?r\s*=")
# The merged cells as Excel, LibreOffice and openpyxl write them (no prefix, no comment or CDATA inside).
_MERGE_CELLS = re.compile(rb"<mergeCells(?:\s[^>]*)?(?<!/)>(?:\s*<mergeCell\s[^>]*/>)*\s*</mergeCells>")
NO_MERGES = b'<mergeCells count="0"></mergeCells>'  # a start tag: calamine's search ends at a start tag


def part_count(xml_size: int, cpus: int | None = None) -> int:
    """How many parts a sheet of `xml_size` bytes is read in; 0: read from the file as it is."""
    if xml_size < PARTS_FROM_BYTES:
        return 0
    return max(1, min(MAX_PARTS, cpus or os.cpu_count() or 1, xml_size // (PARTS_FROM_BYTES // 2)))


@dataclass
class SheetCut:
    """The sheet XML cut between rows: each part is `head`, the rows xml[start:stop] of one span, and `tail`."""
    xml: bytes
    head: bytes
    tail: bytes
    spans: list[tuple[int, int]]
    merges: int | None  # how many merged ranges calamine should find in the head (None: not known)

    def part(self, index: int) -> tuple:
        start, stop = self.spans[index]
        return self.head, memoryview(self.xml)[start:stop], self.tail


def cut(xml: bytes, count: int) -> SheetCut | None:
    """The sheet XML as `count` sheets of its rows (one: the whole sheet), each with the XML around the rows;
    None when it cannot be cut there (no plain <sheetData>, or a cut that would fall before a row without its
    number). The first parts are a little longer: they start earlier, while the next ones are checked.

    The merged cells are moved before <sheetData>: calamine looks for them in a second pass over the sheet
    that stops where it finds them, so that pass ends at once instead of parsing every row again (a quarter of
    its read). A sheet without merged cells gets an empty list there, for the same reason. A sheet that names
    them in another way keeps them where they are.
    """
    opening = _SHEET_DATA.search(xml)
    end = xml.rfind(_SHEET_DATA_END)
    if opening is None or end < opening.end():
        return None
    first = opening.end()
    tail = xml[end:]
    merges = _MERGE_CELLS.search(tail)
    if merges is not None:
        before, tail = merges.group(), tail[:merges.start()] + tail[merges.end():]
    elif b"mergeCells" in tail:
        before = b""
    else:
        before = NO_MERGES
    head = xml[:opening.start()] + before + xml[opening.start():first]
    weights = [1 + FIRST_PARTS_LONGER * (count - 1 - i) for i in range(count)]
    cuts = [first]
    for i in range(1, count):
        share = sum(weights[:i]) / sum(weights)
        at = xml.find(_ROW_END, max(cuts[-1], first + int((end - first) * share)), end)
        if at < 0:
            return None
        at += len(_ROW_END)
        if not _NUMBERED_ROW.match(xml, at):
            return None
        cuts.append(at)
    cuts.append(end)
    return SheetCut(xml, head, tail, list(zip(cuts, cuts[1:])), before.count(b"<mergeCell ") if before else None)


class PartWorkbooks:
    """Workbooks that are the file at `data` with `member` holding other XML: the other members are copied
    packed as they are (once, into the prefix shared by every part), the sheet is stored unpacked."""

    def __init__(self, data: bytes, infos: list[zipfile.ZipInfo], member: zipfile.ZipInfo) -> None:
        local, central = [], []
        offset = 0
        for info in infos:
            if info.filename == member.filename:
                continue
            packed = packed_bytes(data, info)
            entry = _entry(info.filename, info.compress_type, info.CRC, len(packed), info.file_size)
            local += [_local_header(entry), packed]
            central.append(_central_header(entry, offset))
            offset += len(local[-2]) + len(packed)
        self.prefix = b"".join(local)
        self.central = b"".join(central)
        self.count = len(central) + 1
        self.name = member.filename

    def with_sheet(self, pieces: tuple) -> bytes:
        """The workbook whose sheet is the `pieces` (buffers) one after the other: one copy of them."""
        crc = size = 0
        for piece in pieces:
            crc, size = zlib.crc32(piece, crc), size + len(piece)
        entry = _entry(self.name, zipfile.ZIP_STORED, crc, size, size)
        local = _local_header(entry)
        central = self.central + _central_header(entry, len(self.prefix))
        directory_at = len(self.prefix) + len(local) + size
        end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, self.count, self.count, len(central), directory_at, 0)
        return b"".join((self.prefix, local, *pieces, central, end))

    @staticmethod
    def possible(infos: list[zipfile.ZipInfo]) -> bool:
        """Every member can be copied as it lies (stored or deflated, not encrypted, no ZIP64 sizes)."""
        return all(plainly_packed(info) and info.file_size < 0xFFFFFFFF and info.compress_size < 0xFFFFFFFF
                   for info in infos)


def _entry(name: str, method: int, crc: int, packed: int, size: int) -> tuple:
    try:
        encoded, flags = name.encode("ascii"), 0
    except UnicodeEncodeError:
        encoded, flags = name.encode("utf-8"), 0x800
    return encoded, flags, method, crc, packed, size


def _local_header(entry: tuple) -> bytes:
    name, flags, method, crc, packed, size = entry
    return struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, 0x21, crc, packed, size, len(name),
                       0) + name


def _central_header(entry: tuple, offset: int) -> bytes:
    name, flags, method, crc, packed, size = entry
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, method, 0, 0x21, crc, packed, size,
                       len(name), 0, 0, 0, 0, 0, offset) + name


def read_parts(workbooks: PartWorkbooks, sheet_cut: SheetCut, file_name: str, sheet: str,
               reading_cells: Callable[[], None] | None = None) -> tuple[list[list], list] | None:
    """(rows, merged cell ranges) of the sheet read in the parts of `sheet_cut`, or None when they do not make
    up the grid of the whole sheet (the caller reads it whole). Each part passes the extent check before
    calamine reads it (ImportFileError with the reach of the whole sheet)."""
    from python_calamine import CalamineWorkbook

    xml = sheet_cut.xml
    check_xml(file_name, sheet, sheet_cut.head + sheet_cut.tail, xml)
    with ThreadPoolExecutor(len(sheet_cut.spans), thread_name_prefix="sheet-part") as pool:
        futures = []
        try:
            for index, (start, stop) in enumerate(sheet_cut.spans):
                check_xml(file_name, sheet, xml, xml, start, stop)
                # Opened here: calamine reads the bytes through calls into Python, which on a worker would wait
                # for the interpreter (up to 5 ms a call) while this thread or the caller's runs Python.
                book = CalamineWorkbook.from_filelike(io.BytesIO(workbooks.with_sheet(sheet_cut.part(index))))
                started = threading.Event()
                futures.append(pool.submit(_read_sheet, book, sheet, started))
                # A part starts only once this thread lets go of the interpreter: the next part's check is one
                # long call that never does, so wait until calamine has it.
                started.wait()
            if reading_cells is not None:
                reading_cells()
            # Each part's cells become Python lists as soon as it is read, while the later parts still are.
            sheets = [_Part(future.result()) for future in futures]
        except ImportFileError:
            raise
        except BaseException as error:  # noqa: BLE001 - pyo3's PanicException is a BaseException
            if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
                raise  # interrupts and exits are not ours to swallow
            for future in futures:
                future.cancel()
            return None  # a part calamine cannot read: the whole read says why
    if sheet_cut.merges is not None and len(sheets[0].merged) != sheet_cut.merges:
        return None  # calamine no longer finds merged cells before the rows: the whole read does
    return _joined(sheets)


def _read_sheet(book, sheet: str, started: threading.Event):
    started.set()
    try:
        return book.get_sheet_by_name(sheet)
    finally:
        book.close()


class _Part:
    """A part as read: where its cells start and end (None for a part without any), its rows, its merges."""

    def __init__(self, sheet) -> None:
        self.start, self.end = sheet.start, sheet.end
        self.rows = sheet.to_python(skip_empty_area=True) if self.start is not None else []
        self.merged = list(sheet.merged_cell_ranges or [])


def _joined(parts: list[_Part]) -> tuple[list[list], list] | None:
    """The parts' rows in one grid from A1, every row as wide as the widest part; None when parts overlap."""
    filled = [part for part in parts if part.start is not None]
    if any(later.start[0] <= earlier.end[0] for earlier, later in zip(filled, filled[1:])):
        return None  # rows out of order across a cut: only the whole read places them
    width = max((part.end[1] + 1 for part in filled), default=0)
    rows: list[list] = []
    for part in filled:
        (first_row, first_column), last_column = part.start, part.end[1]
        rows.extend([""] * width for _ in range(first_row - len(rows)))
        if first_column or last_column + 1 < width:
            left, right = [""] * first_column, [""] * (width - 1 - last_column)
            rows.extend([left + row + right for row in part.rows])
        else:
            rows.extend(part.rows)
    return rows, parts[0].merged

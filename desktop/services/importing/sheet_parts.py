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
FIRST_PART = 0.67  # the first part's length, against each other's: see cut
_SHEET_DATA = re.compile(rb"<sheetData\s*>")
_SHEET_DATA_END = b"</sheetData>"
_ROW_END = b"</row>"
_NUMBERED_ROW = re.compile(rb"\s*<row\s(?:[^>]*?\s)?r\s*=")
_ROW_NUMBER = re.compile(rb"<row\s(?:[^>]*?\s)?r\s*=\s*[\"']([0-9]{1,7})[\"']")
# The merged cells as Excel, LibreOffice and openpyxl write them (no prefix, no comment or CDATA inside).
_MERGE_CELLS = re.compile(rb"<mergeCells(?:\s[^>]*)?(?<!/)>(?:\s*<mergeCell\s[^>]*/>)*\s*</mergeCells>")
NO_MERGES = b'<mergeCells count="0"></mergeCells>'  # a start tag: calamine's search ends at a start tag


def part_count(xml_size: int, cpus: int | None = None) -> int:
    """How many parts a sheet of `xml_size` bytes is read in; 0: read from the file as it is. One more part
    than cores: the rows of the first parts are worked on while the last ones are read (measured on two
    cores: 1.42x calamine's read of the whole sheet with three parts, 1.47x with two)."""
    if xml_size < PARTS_FROM_BYTES:
        return 0
    cpus = cpus or os.cpu_count() or 1
    return max(1, min(MAX_PARTS, cpus + 1 if cpus > 1 else 1, xml_size // (PARTS_FROM_BYTES // 2)))


@dataclass
class SheetCut:
    """The sheet XML cut between rows: each part is `head`, the rows xml[start:stop] of one span, and `tail`."""
    xml: bytes
    head: bytes
    tail: bytes
    spans: list[tuple[int, int]]
    merges: int | None  # how many merged ranges calamine should find in the head (None: not known)
    rows: int  # the number of the last row (0: not known)

    def part(self, index: int) -> tuple:
        start, stop = self.spans[index]
        return self.head, memoryview(self.xml)[start:stop], self.tail


def cut(xml: bytes, count: int) -> SheetCut | None:
    """The sheet XML as `count` sheets of its rows (one: the whole sheet), each with the XML around the rows;
    None when it cannot be cut there (no plain <sheetData>, or a cut that would fall before a row without its
    number). The first part is shorter than the others: its rows are worked on while calamine reads them.

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
    weights = [FIRST_PART] + [1] * (count - 1)
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
    last = _ROW_NUMBER.match(xml, max(xml.rfind(b"<row", first, end), 0))
    return SheetCut(xml, head, tail, list(zip(cuts, cuts[1:])), before.count(b"<mergeCell ") if before else None,
                    int(last.group(1)) if last else 0)


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

    @classmethod
    def of(cls, data: bytes, member: zipfile.ZipInfo) -> PartWorkbooks | None:
        """The part workbooks of the .xlsx file `data`; None when a member cannot be copied as it lies (not
        stored or deflated, encrypted, with ZIP64 sizes, or where the directory does not say)."""
        try:
            infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
            if all(plainly_packed(info) and info.file_size < 0xFFFFFFFF and info.compress_size < 0xFFFFFFFF
                   for info in infos):
                return cls(data, infos, member)
        except (zipfile.BadZipFile, struct.error, ValueError, OSError):
            pass
        return None


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


class PartsDisagree(Exception):
    """A part read after the first does not fit the grid of the whole sheet (calamine cannot read it, or its
    rows do not all come after the previous part's): the sheet is read again, whole."""


def read_parts(workbooks: PartWorkbooks, sheet_cut: SheetCut, file_name: str, sheet: str,
               reading_cells: Callable[[], None] | None = None) -> PartReader | None:
    """The parts of `sheet_cut` given to calamine on worker threads, the first one read already; None when it
    cannot be (the caller reads the sheet whole). Each part passes the extent check before calamine reads it
    (ImportFileError with the reach of the whole sheet)."""
    from python_calamine import CalamineWorkbook

    xml = sheet_cut.xml
    check_xml(file_name, sheet, sheet_cut.head + sheet_cut.tail, xml)
    reader = PartReader(ThreadPoolExecutor(len(sheet_cut.spans), thread_name_prefix="sheet-part"), sheet_cut.rows)
    try:
        for index, (start, stop) in enumerate(sheet_cut.spans):
            check_xml(file_name, sheet, xml, xml, start, stop)
            # Opened here: calamine reads the bytes through calls into Python, which on a worker would wait
            # for the interpreter (up to 5 ms a call) while this thread or the caller's runs Python.
            book = CalamineWorkbook.from_filelike(io.BytesIO(workbooks.with_sheet(sheet_cut.part(index))))
            started = threading.Event()
            reader.pending.append(reader.pool.submit(_read_sheet, book, sheet, started))
            # A part starts only once this thread lets go of the interpreter: the next part's check is one
            # long call that never does, so wait until calamine has it.
            started.wait()
        if reading_cells is not None:
            reading_cells()
        reader.first_rows = reader.next_rows() or []
    except PartsDisagree:
        return None
    except BaseException as error:  # noqa: BLE001 - pyo3's PanicException is a BaseException
        reader.close()
        if isinstance(error, ImportFileError) or not _calamine_error(error):
            raise
        # A part that cannot be given to calamine: the whole read says why, once the parts after it that
        # were not checked yet are.
        check_xml(file_name, sheet, xml)
        return None
    if sheet_cut.merges is not None and len(reader.merged) != sheet_cut.merges:
        reader.close()
        return None  # calamine no longer finds merged cells before the rows: the whole read does
    return reader


def _calamine_error(error: BaseException) -> bool:
    """An error of calamine's (pyo3's PanicException is a BaseException), not an interrupt or an exit."""
    return isinstance(error, Exception) or type(error).__name__ == "PanicException"


def _read_sheet(book, sheet: str, started: threading.Event):
    started.set()
    try:
        return book.get_sheet_by_name(sheet)
    finally:
        book.close()


class PartReader:
    """Parts being read by calamine on worker threads, handed out in sheet order as the rows of one grid from
    A1: a part's rows come after blank rows up to where it starts, each padded on the left to its first
    column (on the right each part is as wide as its widest row, `width` the widest so far)."""

    def __init__(self, pool: ThreadPoolExecutor, expected_rows: int) -> None:
        self.pool = pool
        self.expected_rows = expected_rows
        self.pending: list = []
        self.first_rows: list[list] = []
        self.merged: list | None = None  # the first part's (each part has the sheet's merged cells)
        self.rows_given = 0
        self.width = self.first_width = 0

    def next_rows(self) -> list[list] | None:
        """The next part's rows, waiting for calamine to read it; None when every part is in. Raises
        PartsDisagree (having stopped the other parts) when it does not fit after the rows given so far."""
        while self.pending:
            future = self.pending.pop(0)
            try:
                sheet = future.result()
                rows = sheet.to_python(skip_empty_area=True) if sheet.start is not None else []
                if self.merged is None:
                    self.merged = list(sheet.merged_cell_ranges or [])
            except BaseException as error:  # noqa: BLE001 - see _calamine_error
                self.close()
                if not _calamine_error(error):
                    raise
                raise PartsDisagree() from None
            if sheet.start is None:
                continue  # a part without any cell
            (first_row, first_column), last_column = sheet.start, sheet.end[1]
            if first_row < self.rows_given:
                self.close()
                raise PartsDisagree()  # rows out of order across a cut: only the whole read places them
            placed = [[""] * self.width for _ in range(first_row - self.rows_given)]
            placed += [[""] * first_column + row for row in rows] if first_column else rows
            self.rows_given = first_row + len(rows)
            self.width = max(self.width, last_column + 1)
            self.first_width = self.first_width or self.width
            return placed
        self.close()
        return None

    def close(self) -> None:
        """Stop the parts not read yet (each stops after calamine's read: it cannot be interrupted)."""
        for future in self.pending:
            future.cancel()
        self.pending = []
        self.pool.shutdown(wait=True)

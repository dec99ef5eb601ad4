"""How far each sheet of a file reaches, read before python-calamine builds it.

python-calamine builds a dense grid of a sheet: one cell written at XFD1048576 in a 2 KB .xlsx (or at column
65535 of an .xls record, or a row repeated a million times in an .ods) asks for billions of cells, and a
failed allocation in Rust aborts the whole program; a few million cells keep an import busy for minutes.
No list reaches that far, so such a sheet is refused with a message before it is read.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from xml.sax.saxutils import unescape

from desktop.services.importing import errors
from desktop.services.importing.compound_file import Container
from desktop.services.importing.errors import ImportFileError

MAX_ROWS = 200_000
MAX_CELLS = 2_000_000  # 10,000 people x 30 columns is 300,000

_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\b(?:\w+:)?id="([^"]*)"')
_RELATION = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_RELATION_REVERSED = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')


def _greater_than(limit: int) -> str:
    """A regular expression for the decimal numbers above `limit` (leading zeros allowed)."""
    digits = str(limit)
    above = [f"[1-9][0-9]{{{len(digits)},}}"]  # more digits
    for i, digit in enumerate(digits):  # same length: equal up to position i, then a greater digit
        if digit != "9":
            rest = len(digits) - i - 1
            above.append(digits[:i] + f"[{int(digit) + 1}-9]" + (f"[0-9]{{{rest}}}" if rest else ""))
    return "0*(?:" + "|".join(above) + ")(?![0-9])"


# A sheet whose references (r="..." of rows and cells, either quote, spaces around "=") all stay within
# column Z and row SAFE_ROWS fits both limits. Any other reference sends the sheet to the exact count. The
# lookahead turns away the usual reference (one letter, up to four digits) before the long alternation.
SAFE_COLUMNS = 26
SAFE_ROWS = min(MAX_ROWS, MAX_CELLS // SAFE_COLUMNS)
_FAR_REF = re.compile(rb'r\s*=\s*["\'](?:[A-Za-z]{2}|[A-Za-z]?(?=[0-9]{%d})' % len(str(SAFE_ROWS))
                      + _greater_than(SAFE_ROWS).encode() + rb")")
_REF = re.compile(rb'r\s*=\s*["\']([A-Za-z]*)([0-9]+)')


def check_size(file_name: str, sheet: str, rows: int, columns: int) -> None:
    if rows > MAX_ROWS or rows * columns > MAX_CELLS:
        raise ImportFileError(errors.TOO_LARGE, file=file_name, sheet=sheet, rows=rows, columns=columns)


def check_sheet(source, sheet: str) -> None:
    """Refuse `sheet` of an .xlsx file when it reaches too far (before calamine builds its grid).

    One scan of the sheet's XML (a few ms for a 10,000-row list) proves that no reference lies beyond column
    Z or row SAFE_ROWS; only a sheet with such a reference is measured exactly, for the message.
    """
    if source.format != "xlsx":
        return
    for _, data in sheet_xml(source, sheet):
        check_xml(source.path.name, sheet, data)


def check_xml(file_name: str, sheet: str, data: bytes, whole: bytes | None = None, start: int = 0,
              end: int | None = None) -> None:
    """Refuse the sheet when `data[start:end]` (its XML, or a part of `whole`, its XML) holds a reference
    beyond the limits; the message gives the reach of the whole sheet."""
    if _FAR_REF.search(data, start, len(data) if end is None else end):
        check_size(file_name, sheet, *_reach(data if whole is None else whole))


def sheet_xml(source, sheet: str, *, at_least: int = 0) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """The XML of the member(s) holding `sheet` of an .xlsx file, unpacked, with their directory entries;
    none when the file cannot be read this way (calamine then says what is wrong) or, with `at_least`, when
    no member unpacks to that many bytes."""
    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
            members = _sheet_members(archive, sheet)
            if at_least and all(member.file_size < at_least for member in members):
                return []
            return [(member, _unpacked(source, archive, member)) for member in members]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, zlib.error):
        return []  # calamine gives the message for a file this cannot read
    except (NotImplementedError, RuntimeError) as error:
        # An unknown compression or an encrypted member: its extent cannot be measured, so calamine does
        # not get to build it either.
        raise ImportFileError(errors.DAMAGED, file=source.path.name, reason=str(error)[:200]) from None


def check_workbook(source) -> None:
    """Before python-calamine opens the file: an .ods whose content.xml is not well formed (a table left open
    makes calamine loop forever) or whose repeated rows and cells reach too far, an .xls whose container would
    make calamine allocate without bound (compound_file) or with a sheet that reaches too far (calamine builds
    every sheet of both on opening)."""
    if source.format == "ods":
        for sheet, reach in _ods_reaches(source).items():
            check_size(source.path.name, sheet, *reach)
    if source.format != "xls":
        return
    try:
        reaches = _xls_reaches(source.data, source.path.name)
    except (struct.error, IndexError, ValueError):
        reaches = {}  # a record cut short: calamine says what is wrong
    for sheet, reach in reaches.items():
        check_size(source.path.name, sheet, *reach)


class _OdsReach:
    """How far each table of an .ods content.xml reaches, counted as calamine builds it: a run of repeated
    cells or rows counts in full when a cell with a value (or a formula, or text) comes after it, and not at
    all at the end of a row or a table (LibreOffice ends every sheet with a million empty rows).

    Only the start of elements is handled (a row ends where the next row, table or the document starts): half
    the calls into Python, for a pass that must stay cheap next to calamine's own read."""

    _VALUE_ATTRIBUTES = ("office:value", "office:string-value", "office:date-value", "office:time-value",
                         "office:boolean-value", "table:formula")

    def __init__(self) -> None:
        self.reaches: dict[str, tuple[int, int]] = {}
        self.table: str | None = None
        self.rows = self.pending_rows = self.width = 0
        self.row_repeats = self.row_width = self.pending_cells = 0
        self.in_row = self.row_filled = False

    def start(self, name: str, attributes: dict) -> None:
        if name == "table:table-cell" or name == "table:covered-table-cell":
            repeats = _count(attributes.get("table:number-columns-repeated"))
            if attributes.get("office:value-type") == "string" or any(
                    key in attributes for key in self._VALUE_ATTRIBUTES):
                self.row_width += self.pending_cells + repeats
                self.pending_cells = 0
                self.row_filled = True
            else:
                self.pending_cells += repeats
        elif name == "table:table-row":
            self.end_row()
            self.in_row = True
            self.row_repeats = _count(attributes.get("table:number-rows-repeated"))
        elif name == "table:table":
            self.end_table()
            self.table = attributes.get("table:name", "")

    def end_row(self) -> None:
        if not self.in_row:
            return
        if self.row_filled:
            self.rows += self.pending_rows + self.row_repeats
            self.pending_rows = 0
            self.width = max(self.width, self.row_width)
        else:
            self.pending_rows += self.row_repeats
        self.in_row = self.row_filled = False
        self.row_width = self.pending_cells = 0

    def end_table(self) -> None:
        self.end_row()
        if self.table is not None:
            self.reaches[self.table] = (self.rows, self.width)
        self.table = None
        self.rows = self.pending_rows = self.width = 0


def _count(text: str | None) -> int:
    """A repeat count; an unreadable one counts once (calamine refuses the file itself then)."""
    if text is None:
        return 1
    text = text.strip()
    return int(text) if text.isdigit() and len(text) <= 12 else 1


def _ods_reaches(source) -> dict[str, tuple[int, int]]:
    """Each table's (rows, columns) as calamine will build it, from one pass of expat over content.xml. A
    content.xml that is not well formed (a table left open makes calamine loop forever) is refused here."""
    from xml.parsers import expat

    reach = _OdsReach()
    parser = expat.ParserCreate()
    parser.StartElementHandler = reach.start
    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as archive, archive.open("content.xml") as content:
            while chunk := content.read(1 << 20):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (expat.ExpatError, KeyError) as error:
        raise ImportFileError(errors.DAMAGED, file=source.path.name, reason=f"content.xml: {error}") from None
    except Exception:  # noqa: BLE001 - the archive itself: _zip_format and calamine say what is wrong
        pass
    reach.end_table()
    return reach.reaches


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _sheet_members(archive: zipfile.ZipFile, sheet: str) -> list[zipfile.ZipInfo]:
    """The member holding `sheet`; every worksheet when the workbook's own lists do not say which."""
    workbook = archive.read("xl/workbook.xml")
    relations = archive.read("xl/_rels/workbook.xml.rels")
    targets = dict(_RELATION.findall(relations)) | {i: t for t, i in _RELATION_REVERSED.findall(relations)}
    ids = {unescape(name.decode("utf-8", "replace")): rid for name, rid in _SHEET.findall(workbook)}
    target = targets.get(ids.get(sheet, b""))
    if target is not None:
        target = target.decode("utf-8", "replace").lstrip("/")
        name = target if target.startswith("xl/") else "xl/" + target
        if name in archive.NameToInfo:
            return [archive.getinfo(name)]
    return [info for info in archive.infolist() if info.filename.startswith("xl/worksheets/")]


def plainly_packed(info: zipfile.ZipInfo) -> bool:
    """Stored or deflated, and not encrypted: what this module and sheet_parts read and copy themselves."""
    return info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) and not info.flag_bits & 1


def packed_bytes(data: bytes, info: zipfile.ZipInfo) -> memoryview:
    """A member's bytes as they lie in the archive `data` (after its local header)."""
    header = data[info.header_offset:info.header_offset + 30]
    if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
        raise zipfile.BadZipFile("bad local header")
    start = info.header_offset + 30 + sum(struct.unpack_from("<HH", header, 26))
    return memoryview(data)[start:start + info.compress_size]


def _unpacked(source, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, unpacked from the file already in memory (no second read of the file, and no CRC
    pass: calamine checks the CRC when it reads the member)."""
    if not plainly_packed(info):
        return archive.read(info)  # other methods, or encrypted: zipfile's reader (or its refusal)
    packed = packed_bytes(source.data, info)
    if info.compress_type == zipfile.ZIP_STORED:
        return bytes(packed[:info.file_size])
    # Never more than the directory says (the zip-bomb check trusted that size): a member that unpacks
    # further is refused as damaged rather than handed to calamine.
    data = zlib.decompressobj(-15).decompress(packed, info.file_size + 1)
    if len(data) > info.file_size:
        raise ImportFileError(errors.DAMAGED, file=source.path.name, reason=f"{info.filename}: size")
    return data


def _reach(data: bytes) -> tuple[int, int]:
    """(rows, columns) as far as the sheet's row and cell references go."""
    found = _REF.findall(data)
    rows = max((int(digits) if len(digits.lstrip(b"0")) <= 12 else 10 ** 12 for digits in {d for _, d in found}),
               default=0)
    columns = max(map(_column_number, {letters for letters, _ in found}), default=0)
    return rows, columns


_CELL_RECORDS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x0006, 0x0201, 0x00D6}
_MULTI_RECORDS = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, ..., last column


def _xls_reaches(data: bytes, file_name: str) -> dict[str, tuple[int, int]]:
    """Each sheet's (rows, columns) as far as its cell records go."""
    container = Container(data, file_name)
    stream = container.workbook_stream() if container.readable else None
    if stream is None:
        return {}
    reaches: dict[str, tuple[int, int]] = {}
    names: dict[int, str] = {}
    sheet, rows, columns, pos = None, 0, 0, 0
    while pos + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, pos)
        if kind == 0x002F:  # FILEPASS: the rest is encrypted; calamine asks for the password
            return {}
        if kind == 0x0085 and size >= 8:  # BOUNDSHEET: where the sheet's records start, and its name
            length, flags = stream[pos + 10], stream[pos + 11]
            raw = stream[pos + 12:pos + 12 + (length * 2 if flags & 1 else length)]
            names[struct.unpack_from("<I", stream, pos + 4)[0]] = raw.decode(
                "utf-16-le" if flags & 1 else "latin-1", "replace")
        elif kind == 0x0809 and pos in names:  # the BOF of a sheet
            sheet, rows, columns = names[pos], 0, 0
        elif sheet is not None and kind == 0x0200 and size >= 10:  # DIMENSIONS, which calamine sizes by
            first_row, last_row, first_column, last_column = struct.unpack_from(
                "<IIHH" if size >= 14 else "<HHHH", stream, pos + 4)
            if first_row > last_row or first_column > last_column:  # calamine subtracts: billions of cells
                raise ImportFileError(errors.DAMAGED, file=file_name, reason="DIMENSIONS")
            rows, columns = max(rows, last_row), max(columns, last_column)
            reaches[sheet] = (rows, columns)
        elif sheet is not None and kind in _CELL_RECORDS | _MULTI_RECORDS and size >= 6:
            row, column = struct.unpack_from("<HH", stream, pos + 4)
            if kind in _MULTI_RECORDS:
                column = struct.unpack_from("<H", stream, pos + 4 + size - 2)[0]
            rows, columns = max(rows, row + 1), max(columns, column + 1)
            reaches[sheet] = (rows, columns)
        pos += 4 + size
    return reaches

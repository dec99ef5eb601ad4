"""Opening an import file safely: what it really is, whether it is too big, locked or a zip bomb.

Every check runs before python-calamine sees the file, so a hostile or broken file gets one clear
message instead of a crash or a frozen window. The sheets are then read into plain grids (lists of rows).
"""
from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from desktop.services.importing import errors
from desktop.services.importing.errors import ImportFileError
from desktop.services.importing.extent import check_sheet, check_size, check_workbook, check_xml, sheet_xml
from desktop.services.importing.fonts import has_legacy_fonts, legacy_font_cells
from desktop.services.importing.sheet_parts import (PARTS_FROM_BYTES, PartReader, PartWorkbooks, cut, part_count,
                                                    read_parts)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # a real workbook's XML packs 5-30 times; a zip bomb thousands of times
RATIO_FLOOR = 2 * 1024 * 1024  # tiny files may pack oddly well without being dangerous

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
TEXT_SUFFIXES = {".csv", ".txt", ".tsv", ".xls"}  # web exports often save tab-separated text as ".xls"


@dataclass
class SheetGrid:
    """A sheet's cells. A big sheet read in parts (sheet_parts) has the first part's rows at once and gets
    the next ones with read_more(), so that they can be worked on while calamine reads the rest; its rows
    may then be of different lengths (a missing cell is an empty one)."""
    name: str
    rows: list[list]  # cell values as python-calamine gives them ("" for an empty cell)
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # 0-based, inclusive
    fonts: dict[tuple[int, int], tuple[str, bool]] = field(default_factory=dict)  # legacy-font cells
    parts: PartReader | None = None  # the parts still to come
    widened: bool = False  # a later part held a row wider than the first part's rows

    @property
    def expected_rows(self) -> int:
        """How many rows the sheet has, as far as known (for progress)."""
        return len(self.rows) if self.parts is None else max(len(self.rows), self.parts.expected_rows)

    def read_more(self) -> bool:
        """Add the next part's rows (waiting for calamine to read it); False when all rows are in."""
        if self.parts is None:
            return False
        rows = self.parts.next_rows()
        if rows is None:
            self.widened, self.parts = self.parts.width > self.parts.first_width, None
            return False
        self.rows.extend(rows)
        return True

    def read_all(self) -> None:
        while self.read_more():
            pass

    def ensure(self, count: int) -> None:
        """At least `count` rows, when the sheet has them."""
        while len(self.rows) < count and self.read_more():
            pass

    @property
    def empty(self) -> bool:
        """No cell holds anything but spaces."""
        while True:
            if any((v.strip() if isinstance(v, str) else v is not None) for row in self.rows for v in row):
                return False
            if not self.read_more():
                return True


@dataclass
class SourceFile:
    path: Path
    format: str  # "xlsx", "xls", "ods", "csv"
    sha256: str
    data: bytes


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def inspect_file(path: Path) -> SourceFile:
    """Read the file once (size-checked), hash it, and find out what it really is."""
    name = path.name
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ImportFileError(errors.NOT_SPREADSHEET, file=name)
    except OSError:
        raise ImportFileError(errors.MISSING, file=str(path)) from None
    if size > MAX_FILE_BYTES:
        raise ImportFileError(errors.TOO_BIG, file=name, size=_mb(size), limit=_mb(MAX_FILE_BYTES))
    if size == 0:
        raise ImportFileError(errors.EMPTY_FILE, file=name)
    try:
        data = path.read_bytes()
    except OSError:
        raise ImportFileError(errors.MISSING, file=str(path)) from None
    digest = hashlib.sha256(data).hexdigest()
    return SourceFile(path, _format_of(path, data), digest, data)


def _format_of(path: Path, data: bytes) -> str:
    name = path.name
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            raise ImportFileError(errors.PASSWORD, file=name)
        if "Workbook".encode("utf-16-le") not in data and "Book".encode("utf-16-le") not in data:
            raise ImportFileError(errors.NOT_SPREADSHEET, file=name)
        return "xls"
    if data.startswith(ZIP_MAGIC):
        return _zip_format(path)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in data[:8192]:
            raise ImportFileError(errors.XML_2003, file=name)
        if re.search(rb"<(!doctype html|html|table|head|body|meta)\b", head):
            raise ImportFileError(errors.HTML_AS_XLS, file=name)
    if path.suffix.lower() in TEXT_SUFFIXES and (data[:2] in (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode text"
                                                 or b"\x00" not in data[:8192]):
        return "csv"
    raise ImportFileError(errors.NOT_SPREADSHEET, file=name)


def _zip_format(path: Path) -> str:
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            unpacked = sum(info.file_size for info in infos)
            packed = sum(info.compress_size for info in infos)
            if unpacked > MAX_UNPACKED_BYTES or (unpacked > RATIO_FLOOR and unpacked > MAX_RATIO * max(packed, 1)):
                raise ImportFileError(errors.ZIP_BOMB, file=name, size=_mb(unpacked))
            names = {info.filename for info in infos}
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                return "xlsx"
            if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype")[:100]:
                return "ods"
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error,
            UnicodeDecodeError, ValueError) as error:
        # Encrypted members (RuntimeError), unknown compression (NotImplementedError), a broken deflate
        # stream (zlib.error), a member name that is not what its flags say: all "the file is damaged".
        raise ImportFileError(errors.DAMAGED, file=name, reason=str(error)[:200]) from None
    raise ImportFileError(errors.NOT_SPREADSHEET, file=name)


class Workbook:
    """The sheets of one file; a CSV file is one sheet named after the file."""

    def __init__(self, source: SourceFile, in_parts: bool = True) -> None:
        """`in_parts`: a big .xlsx sheet may be read in parts (sheet_parts)."""
        self.source = source
        self.in_parts = in_parts and source.format == "xlsx"
        self.text_encoding: str | None = None
        self._book = None
        self._parts: PartReader | None = None
        if source.format == "csv":
            from desktop.services.importing.csv_source import read_csv

            rows, self.text_encoding = read_csv(source.data, source.path.name)
            check_size(source.path.name, source.path.stem, len(rows), max(map(len, rows), default=0))
            self._csv = SheetGrid(source.path.stem, rows)
            self.sheet_names = [self._csv.name]
            self.search_order = list(self.sheet_names)
            return
        from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

        check_workbook(source)  # .ods: a table left open loops calamine; .xls: calamine builds every sheet on opening
        try:
            self._book = CalamineWorkbook.from_path(str(source.path))
            sheets = [meta for meta in self._book.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]
            self.sheet_names = [meta.name for meta in sheets]
            # A list is looked for on the visible sheets first: hidden ones hold lookups and old copies.
            self.search_order = sorted(self.sheet_names, key=lambda name: next(
                meta.visible != SheetVisibleEnum.Visible for meta in sheets if meta.name == name))
        except BaseException as error:  # noqa: BLE001 - calamine's errors are many; all mean "cannot read"
            raise _calamine_error(source, error) from None

    def sheet(self, name: str, reading_cells=None) -> SheetGrid:
        """The sheet's cells; `reading_cells()` is called just before calamine builds them."""
        if self._book is None:
            return self._csv
        self._stop_parts()
        try:
            # .xlsx: the extent check before calamine allocates the sheet's grid, and a big sheet in parts
            found = sheet_xml(self.source, name, at_least=PARTS_FROM_BYTES) if self.in_parts else []
            if len(found) == 1:
                self._parts = self._read_in_parts(name, *found[0], reading_cells)
            else:  # a small sheet, or one the workbook does not place (every worksheet is measured then)
                check_sheet(self.source, name)
            if self._parts is not None:
                rows, merged = self._parts.first_rows, self._parts.merged
            else:
                if reading_cells is not None:
                    reading_cells()
                sheet = self._book.get_sheet_by_name(name)
                check_size(self.source.path.name, name, sheet.height, sheet.width)
                rows = sheet.to_python(skip_empty_area=False)
                merged = list(sheet.merged_cell_ranges or [])
        except ImportFileError:
            raise
        except BaseException as error:  # noqa: BLE001 - see _calamine_error
            raise _calamine_error(self.source, error) from None
        grid = SheetGrid(name, rows, merged, parts=self._parts)
        if self.source.format == "xlsx" and self._parts is None:
            grid.fonts = legacy_font_cells(self.source.path, name, rows=len(rows),
                                           columns=max((len(row) for row in rows), default=0))
        return grid

    def _read_in_parts(self, name: str, member: zipfile.ZipInfo, xml: bytes, reading_cells) -> PartReader | None:
        """A big sheet being read on several threads (sheet_parts), or None to read it whole (its XML has
        passed the extent check then). A sheet in a legacy font is read whole: the fonts are found per cell
        of the whole grid."""
        count = part_count(len(xml))
        sheet_cut = cut(xml, count) if count else None
        workbooks = PartWorkbooks.of(self.source.data, member) if sheet_cut is not None else None
        if workbooks is None or has_legacy_fonts(self.source.path):
            check_xml(self.source.path.name, name, xml)
            return None
        return read_parts(workbooks, sheet_cut, self.source.path.name, name, reading_cells)

    def _stop_parts(self) -> None:
        if self._parts is not None:
            self._parts.close()
            self._parts = None

    def close(self) -> None:
        self._stop_parts()
        if self._book is not None:
            self._book.close()


def _calamine_error(source: SourceFile, error: BaseException) -> ImportFileError:
    """What calamine raised, as the user's message. A Rust panic arrives as pyo3's PanicException, which is a
    BaseException: it is a damaged file too. Interrupts and exits are not ours to swallow."""
    if isinstance(error, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        raise error
    if type(error).__name__ == "PasswordError" or "password" in str(error).lower():
        return ImportFileError(errors.PASSWORD, file=source.path.name)
    return ImportFileError(errors.DAMAGED, file=source.path.name, reason=str(error)[:200])

"""Fuzzing the import engine: valid lists in every format, mutated by cells and by bytes, through
read_table -> preview -> apply on a scratch book.

    python tests/soak/fuzz_imports.py case 'LABEL'      # rebuild a case from its label, judge it, keep the file
    python tests/soak/fuzz_imports.py make-cases        # (re)write the reproducers in tests/soak/fuzz_cases
    python tests/soak/fuzz_imports.py check FILE KIND LIMIT [--create-missing]   # one file -> a JSON outcome
    python tests/soak/fuzz_imports.py worker SEED LIMIT DIR                      # for benchmarks/fuzz_imports.py

The seed corpus: a course plan, attendee/result lists and officer rosters built here (written as .xlsx with
openpyxl, as .ods by a small writer of our own, as .csv in the encodings Excel uses), the grids of the
committed fixtures written the same ways, and the committed .xls/.ods files themselves. A case is a seed, a
format and a few mutation steps, each with its own random seed, so a case is rebuilt exactly from its label.

Mutation layers:
  - cell: on the grid before it is written (random text, numbers, dates, empty cells, very long strings,
    formulas, TCVN3/VNI text, NFD text, control characters, merge chaos, extra header rows, swapped
    columns, 10,000 columns, many rows, sheet chaos);
  - struct: inside the container, keeping it well formed (XML of .xlsx/.ods members, BIFF records of .xls,
    CSV text: quotes, delimiters, encodings, NUL bytes);
  - zip: the archive of .xlsx/.ods (corrupt, drop or duplicate a member, a huge declared size, a nested zip,
    an encrypted flag, an unknown compression method);
  - byte: anywhere (flip, insert, delete, truncate, duplicate a range, interesting values).

The oracle (`FuzzBook.check`): the engine either imports the file (every row problem placed on its sheet and
row, rendered in Vietnamese; the book's counts grow exactly as the result says) or refuses it with a
BookError whose Vietnamese message is not empty, and then nothing at all was written. Anything else, or a
case running past the time limit, is a failure.
"""
from __future__ import annotations

import datetime
import io
import json
import os
import random
import re
import resource
import signal
import struct
import sys
import tempfile
import time
import traceback
import unicodedata
import warnings
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.sax.saxutils import escape

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from desktop.domain.errors import BookError  # noqa: E402
from desktop.domain.legacy_encodings import TCVN3_TO_UNICODE  # noqa: E402
from desktop.services.importing.columns import SYNONYMS  # noqa: E402

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "imports"
CASES_DIR = Path(__file__).resolve().with_name("fuzz_cases")
FAILURES_DIR = REPO_ROOT / "benchmarks" / "out" / "fuzz-failures"
CASE_LIMIT = 10.0  # seconds per case before it counts as a hang
MEMORY_LIMIT = 4 * 1024 ** 3  # address space of an isolated run: a runaway allocation aborts it, not the PC

# ============================================================================ the seed corpus


@dataclass
class Sheet:
    name: str
    rows: list[list]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1; 0-based, inclusive
    fonts: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden: bool = False
    header: int = 0  # the header row (where cell mutations aim)

    def copy(self) -> "Sheet":
        return replace(self, rows=[list(r) for r in self.rows], merges=list(self.merges), fonts=dict(self.fonts))


@dataclass
class Seed:
    name: str
    kind: str
    sheets: list[Sheet] | None = None  # a grid, written in any format
    data: bytes | None = None  # a committed file, mutated as it is
    fmt: str = ""  # the committed file's format


MOTTO = [["LIÊN ĐOÀN LAO ĐỘNG TỈNH NAM ĐỊNH", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
         ["CÔNG ĐOÀN CÁC KHU CÔNG NGHIỆP", None, None, None, None, "Độc lập - Tự do - Hạnh phúc"], []]
PEOPLE = [("Nguyễn Văn An", 1980, "Nam"), ("Trần Thị Hoà", 1988, "Nữ"), ("Lê Văn Cường", 1975, "Nam"),
          ("Phạm Thị Thu Thủy", 1992, "Nữ"), ("Hoàng Văn Bình", 1969, "Nam"), ("Đỗ Thị Mai", 1995, "Nữ")]


def _course_plan() -> Sheet:
    d = datetime.date
    rows = MOTTO + [["KẾ HOẠCH ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ CÔNG ĐOÀN NĂM 2025"], [],
                    ["TT", "Nội dung lớp", "Thời gian", None, "Số ngày", "Địa điểm", "Hình thức", "Đối tượng"],
                    [None, None, "Từ ngày", "Đến ngày"], ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
                    ["I", "LỚP DO LIÊN ĐOÀN LAO ĐỘNG TỈNH TỔ CHỨC"],
                    [1, "Tập huấn nghiệp vụ công tác công đoàn", d(2025, 3, 12), d(2025, 3, 14), 3.0,
                     "Hội trường LĐLĐ tỉnh", "Trực tiếp", "Chủ tịch, Phó Chủ tịch CĐCS"],
                    [2, "Kỹ năng thương lượng, ký kết thỏa ước lao động tập thể", "09/04/2025", "10/04/2025", 2.0,
                     "Khách sạn Vị Hoàng", "Trực tiếp", "Chủ tịch CĐCS"],
                    [3, "Bồi dưỡng công tác an toàn, vệ sinh lao động", 45800.0, 45801.0, 2.0, "Trực tuyến",
                     "Trực tuyến", "Ủy viên BCH"],
                    [4, "Quy chế dân chủ ở cơ sở", "Tháng 9/2025", None, 1.0, "Hội trường KCN", "Trực tiếp", ""],
                    [None, "Tổng cộng: 4 lớp", None, None, 8.0], [],
                    [None, None, None, None, None, "Nam Định, ngày 05 tháng 01 năm 2025"],
                    [None, "Nơi nhận:", None, None, None, "TM. BAN THƯỜNG VỤ"]]
    merges = [(5, 2, 5, 3)] + [(5, c, 6, c) for c in (0, 1, 4, 5, 6, 7)] + [(3, 0, 3, 7)]
    return Sheet("Kế hoạch 2025", rows, merges, header=5)


def _course_list() -> Sheet:
    rows = [["STT", "Tên lớp", "Thời gian", "Đơn vị tổ chức", "Số ngày", "Địa điểm"],
            [1, "Lớp kỹ năng đối thoại", "12-14/3/2025", "LĐLĐ tỉnh", 3, "Hội trường A"],
            [2, "Lớp tài chính công đoàn", "Từ 28/2/2025 đến 2/3/2025", "LĐLĐ tỉnh", "3 ngày", "Hội trường B"],
            [3, "Lớp nữ công", datetime.datetime(2025, 6, 2, 8, 0), "CĐ KCN", 1, ""]]
    return Sheet("Sheet1", rows)


def _results() -> Sheet:
    rows = MOTTO[:2] + [["DANH SÁCH HỌC VIÊN VÀ KẾT QUẢ LỚP TẬP HUẤN NGHIỆP VỤ CÔNG TÁC CÔNG ĐOÀN"],
                        ["STT", "Họ và tên", "Năm sinh", None, "Chức vụ", "Đơn vị", "Kết quả", "Số GCN"],
                        [None, None, "Nam", "Nữ"], ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"]]
    results = ["Giỏi", "Khá", "Đạt", "Không đạt", "Xuất sắc", ""]
    for i, (name, year, sex) in enumerate(PEOPLE):
        rows.append([i + 1, name, year if sex == "Nam" else None, year if sex == "Nữ" else None, "UV BCH",
                     "Công ty May Sông Hồng", results[i], f"GCN-25/{i + 1:03d}" if i % 2 else None])
    rows += [[None, "Tổng số: 6 học viên"], [], [None, "NGƯỜI LẬP BIỂU", None, None, None, "TM. BAN THƯỜNG VỤ"]]
    return Sheet("Ket qua", rows, [(3, 2, 3, 3), (3, 0, 4, 0), (3, 1, 4, 1)], header=3)


def _attendees() -> Sheet:
    rows = [["DANH SÁCH CÁN BỘ ĐƯỢC CỬ ĐI HỌC"],
            ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị", "Điện thoại", "Ghi chú"]]
    for i, (name, year, sex) in enumerate(PEOPLE):
        rows.append([i + 1, name, f"12/05/{year}" if i % 2 else year, sex, "Phân xưởng May", 912345678 + i,
                     "vắng" if i == 4 else ""])
    return Sheet("DS", rows, header=1)


ROSTER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Chức vụ chuyên môn", "Đơn vị",
          "Trình độ chuyên môn", "Đảng viên", "Chuyên trách", "Nhiệm vụ được phân công", "Điện thoại"]


def _roster() -> Sheet:
    posts = ["Chủ tịch", "Phó Chủ tịch kiêm Chủ nhiệm UBKT", "UV BCH", "Tổ trưởng", "Ủy viên BTV", "Kế toán"]
    rows = [["DANH SÁCH BAN CHẤP HÀNH CÔNG ĐOÀN CƠ SỞ NHIỆM KỲ 2023 - 2028"], ROSTER]
    for i, (name, year, sex) in enumerate(PEOPLE):
        rows.append([i + 1, name, f"12/05/{year}" if i % 3 == 0 else year, sex, posts[i], "Công nhân",
                     "May 1", "Đại học" if i % 2 else "Cao đẳng", "x" if i < 3 else "", "x" if i == 0 else "",
                     "Phụ trách chung" if i == 0 else "", f"0987{i:06d}"])
    return Sheet("BCH", rows, header=1)


_TO_TCVN3 = {letter: legacy for legacy, letter in TCVN3_TO_UNICODE.items()}


def to_tcvn3(text: str) -> str:
    return "".join(_TO_TCVN3.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def _roster_tcvn3() -> Sheet:
    sheet = _roster()
    sheet.name = "BCH TCVN3"
    sheet.rows = [[to_tcvn3(v) if isinstance(v, str) else v for v in row] for row in sheet.rows]
    sheet.fonts = {(r, c): ".VnTime" for r, row in enumerate(sheet.rows) for c in range(len(row))}
    return sheet


def _fixture_grids() -> list[Seed]:
    """The committed .xls/.ods fixtures read back as grids, to be written in the other formats too."""
    from python_calamine import CalamineWorkbook

    found = []
    for name, kind in (("ke-hoach-dao-tao-2025.xls", "courses"), ("ket-qua-lop-nghiep-vu.ods", "attendance"),
                       ("danh-sach-bch-tcvn3.xls", "officers")):
        book = CalamineWorkbook.from_path(str(FIXTURES / name))
        sheets = []
        for sheet_name in book.sheet_names:
            sheet = book.get_sheet_by_name(sheet_name)
            merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
            sheets.append(Sheet(sheet_name, [list(r) for r in sheet.to_python()], merges, header=4))
        book.close()
        found.append(Seed("grid-" + name.rsplit(".", 1)[0], kind, sheets))
    return found


_SEEDS: list[Seed] | None = None


def seeds() -> list[Seed]:
    global _SEEDS
    if _SEEDS is None:
        _SEEDS = [Seed("ke-hoach", "courses", [_course_plan()]), Seed("lop-hoc", "courses", [_course_list()]),
                  Seed("ket-qua", "attendance", [_results()]), Seed("cu-di-hoc", "attendance", [_attendees()]),
                  Seed("bch", "officers", [_roster()]), Seed("bch-tcvn3", "officers", [_roster_tcvn3()]),
                  *_fixture_grids()]
        for name, kind in (("ke-hoach-dao-tao-2025.xls", "courses"), ("danh-sach-bch-tcvn3.xls", "officers"),
                           ("co-mat-khau.xls", "attendance"), ("ket-qua-lop-nghiep-vu.ods", "attendance"),
                           ("danh-sach-bch-tcvn3.ods", "officers")):
            _SEEDS.append(Seed(name, kind, data=(FIXTURES / name).read_bytes(), fmt=name.rsplit(".", 1)[1]))
    return _SEEDS


def seed_named(name: str) -> Seed:
    return next(seed for seed in seeds() if seed.name == name)


# ============================================================================ writers


NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xlsx_value(value):
    if isinstance(value, str) and NOT_XML.search(value):
        # As Excel stores a control character: the escape "_x0001_" inside the text.
        return NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value


def _sheet_title(name: str, taken: set) -> str:
    title = NOT_XML.sub("_", re.sub(r"[\[\]:*?/\\]", "_", name))[:31].strip("'") or "Sheet"
    while title in taken:
        title = (title[:28] + str(len(taken)))[:31]
    taken.add(title)
    return title


def write_xlsx(sheets: list[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    taken: set = set()
    for index, sheet in enumerate(sheets):
        ws = workbook.active if index == 0 else workbook.create_sheet()
        ws.title = _sheet_title(sheet.name, taken)
        if sheet.hidden and index:
            ws.sheet_state = "hidden"
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row[:16384]):
                if value is None or value == "" or r >= 1048576:
                    continue
                cell = ws.cell(row=r + 1, column=c + 1)
                try:
                    cell.value = _xlsx_value(value)
                except Exception:  # noqa: BLE001 - a value openpyxl refuses (tz-aware...): its text
                    cell.value = _xlsx_value(str(value))
        for r0, c0, r1, c1 in sheet.merges:
            if 0 <= r0 <= r1 < 1048576 and 0 <= c0 <= c1 < 16384 and (r1 - r0 + 1) * (c1 - c0 + 1) <= 200_000:
                ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
        for (r, c), font in sheet.fonts.items():
            if r < len(sheet.rows) and c < len(sheet.rows[r]):
                ws.cell(row=r + 1, column=c + 1).font = Font(name=font)
    buffer = io.BytesIO()
    try:
        workbook.save(buffer)
    except Exception:  # noqa: BLE001 - a value openpyxl can store but not write: the whole sheet as text
        for ws in workbook.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is not None and not isinstance(cell.value, (int, float)):
                        cell.value = _xlsx_value(str(cell.value))
        buffer = io.BytesIO()
        workbook.save(buffer)
    return stable_zip(buffer.getvalue())


STAMP = (2025, 1, 1, 0, 0, 0)


def stable_zip(data: bytes) -> bytes:
    """The same archive with fixed member dates (and openpyxl's "modified" stamp): a case is the same file
    whenever it is built."""
    members = []
    for info, content in _members(data):
        if info.filename == "docProps/core.xml":
            content = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2025-01-01T00:00:00Z", content)
        stable = zipfile.ZipInfo(info.filename, STAMP)
        stable.compress_type, stable.external_attr = info.compress_type, info.external_attr
        members.append((stable, content))
    return _pack(members)


_ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"')
_ODS_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                 'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                 '<manifest:file-entry manifest:full-path="/" '
                 'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                 '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                 '</manifest:manifest>')


def _ods_cell(value, span: tuple[int, int] | None) -> str:
    attrs = f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"' if span else ""
    if value is None or value == "":
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, bool):
        return (f'<table:table-cell{attrs} office:value-type="boolean" office:boolean-value='
                f'"{str(value).lower()}"><text:p>{value}</text:p></table:table-cell>')
    if isinstance(value, (int, float)):
        return (f'<table:table-cell{attrs} office:value-type="float" office:value="{value!r}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return (f'<table:table-cell{attrs} office:value-type="date" office:date-value="{value.isoformat()}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    if isinstance(value, datetime.time):
        iso = f"PT{value.hour}H{value.minute}M{value.second}S"
        return f'<table:table-cell{attrs} office:value-type="time" office:time-value="{iso}"/>'
    text = str(value).encode("utf-8", "replace").decode("utf-8")
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in text.split("\n"))
    return f'<table:table-cell{attrs} office:value-type="string">{paragraphs}</table:table-cell>'


def write_ods(sheets: list[Sheet]) -> bytes:
    tables = []
    for sheet in sheets:
        spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in sheet.merges if r0 >= 0 and c0 >= 0}
        rows = "".join("<table:table-row>" + "".join(_ods_cell(v, spans.get((r, c))) for c, v in enumerate(row))
                       + "</table:table-row>" for r, row in enumerate(sheet.rows))
        hidden = ' table:display="false"' if sheet.hidden else ""
        tables.append(f'<table:table table:name="{escape(sheet.name, {chr(34): "&quot;"})}"{hidden}>{rows}'
                      "</table:table>")
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS}><office:body>'
               f'<office:spreadsheet>{"".join(tables)}</office:spreadsheet></office:body></office:document-content>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype", STAMP), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(zipfile.ZipInfo("META-INF/manifest.xml", STAMP), _ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr(zipfile.ZipInfo("content.xml", STAMP), content.encode("utf-8", "replace"),
                         zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


CSV_VARIANTS = (("utf-8-sig", ","), ("utf-8-sig", ";"), ("utf-8", ","), ("cp1258", ","), ("cp1258", ";"),
                ("utf-16", "\t"), ("utf-8-sig", "\t"))


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return str(value)


TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258_form(text: str) -> str:
    """Text as Excel on a Vietnamese PC writes it in Windows-1258: the five tone marks as separate characters
    after the letter, which keeps its circumflex, breve or horn ("ữ" -> "ư" + U+0303)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        out.append(unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONES))
                   + "".join(m for m in parts if m in TONES))
    return "".join(out)


def write_csv(sheets: list[Sheet], variant: int) -> bytes:
    import csv

    encoding, delimiter = CSV_VARIANTS[variant % len(CSV_VARIANTS)]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows([[_csv_text(v) for v in row] for row in sheets[0].rows])
    text = buffer.getvalue()
    if encoding == "cp1258":
        text = to_cp1258_form(text)
    return text.encode(encoding, errors="replace") if encoding != "utf-8" else text.encode("utf-8", "replace")


def write_grid(sheets: list[Sheet], fmt: str, variant: int = 0) -> bytes:
    return {"xlsx": write_xlsx, "ods": write_ods}[fmt](sheets) if fmt != "csv" else write_csv(sheets, variant)


# ============================================================================ cell mutations (on the grid)

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
ODD_TEXT = ["", " ", "\u00a0", "\t\n", "x", "✓", "-", "0", "(1)", "I.", "II", "Tổng cộng", "TM. BAN CHẤP HÀNH",
            "Nam Định, ngày 05 tháng 01 năm 2025", "Họ và tên", "Tên lớp", "Năm sinh", "Nam", "Nữ", "Kết quả",
            "Giỏi", "Không đạt", "vắng", "có", "12/13/2025", "31/02/2025", "4/3/25", "Tháng 9/2025", "2025",
            "12-14/3/2025", "Từ 28/2/2025 đến 2/3/2025", "00/00/0000", "1/1/1", "99/99/9999", "1e308", "NaN",
            "inf", "-0", "١٢٣", "𝟏𝟗𝟖𝟎", "💥🔥", "\u202eRLO", "<script>", "'; DROP TABLE people; --", "%s%n{0}{x}",
            "{row}", "\\x00", "NULL", "None", "#REF!", "#N/A", "TRUE", "x" * 71, "Nguyễn Văn An", "NGUYỄN VĂN AN"]
FORMULAS = ["=cmd|' /C calc'!A0", "=1/0", '=HYPERLINK("http://x","y")', "+SUM(A1:A2)", "@SUM(1)", "-2+3",
            "=A1", "=NOW()", '=WEBSERVICE("http://127.0.0.1")', "=" + "A1+" * 500 + "1"]
NUMBERS = [0, -1, 1, 1.5, -0.0, 1e308, -1e308, 5e-324, 2 ** 53 + 1, 10 ** 30, 1899, 1900, 2100, 2101, 9999,
           10000, 45800.5, 80000, 80001, 2958465, 2958466, -693594, 912345678, float("nan"), float("inf"),
           -float("inf"), True, False]
DATES = [datetime.date(1, 1, 1), datetime.date(9999, 12, 31), datetime.date(1900, 2, 28),
         datetime.date(1900, 3, 1), datetime.date(1899, 12, 30), datetime.datetime(2025, 3, 12, 23, 59, 59),
         datetime.time(0, 0), datetime.time(23, 59, 59), datetime.timedelta(days=3),
         datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc), datetime.date(2025, 2, 28)]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\u2028", "\u2029",
           "\ufeff", "\u200b", "\u200d", "\ufffe", "\r", "\r\n"]
VNI_SAMPLES = ["Nguyeãn Vaên An", "Traàn Thò Hoaø", "Leâ Vaên Cöôøng", "Chuû tòch", "Ñôn vò"]


def _random_text(rng: random.Random) -> str:
    alphabet = rng.choice([VIETNAMESE, VIETNAMESE.upper() + " ", "abcdefghijklmnopqrstuvwxyz0123456789 .,-/()",
                           "".join(CONTROL), "ÂÊÔĂƠƯĐ¸µ¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ"])
    size = rng.choice([1, 2, 5, 12, 30, 80])
    text = "".join(rng.choice(alphabet) for _ in range(size))
    if rng.random() < 0.3:
        text += "".join(chr(rng.randint(0x20, 0x2FFF)) for _ in range(rng.randint(1, 6)))
    return text


def _cell_value(rng: random.Random):
    roll = rng.random()
    if roll < 0.3:
        return _random_text(rng)
    if roll < 0.5:
        return rng.choice(ODD_TEXT)
    if roll < 0.7:
        return rng.choice(NUMBERS)
    if roll < 0.8:
        return rng.choice(DATES)
    if roll < 0.9:
        return rng.choice(FORMULAS)
    return rng.choice([None, "", " "])


def _main(sheets: list[Sheet]) -> Sheet:
    return sheets[0]


def _cells(sheet: Sheet, rng: random.Random, count: int) -> list[tuple[int, int]]:
    """Cells to change, mostly in the table (the header and the rows below it)."""
    if not sheet.rows:
        sheet.rows.append([])
    picked = []
    for _ in range(count):
        r = (rng.randrange(len(sheet.rows)) if rng.random() < 0.3
             else min(len(sheet.rows) - 1, sheet.header + int(rng.expovariate(0.4))))
        width = max(len(sheet.rows[r]), 8)
        picked.append((r, rng.randrange(width)))
    return picked


def _put(sheet: Sheet, r: int, c: int, value) -> None:
    row = sheet.rows[r]
    if c >= len(row):
        row.extend([None] * (c + 1 - len(row)))
    row[c] = value


def cell_values(sheets, rng):
    for r, c in _cells(_main(sheets), rng, rng.choice([1, 2, 4, 10, 40])):
        _put(_main(sheets), r, c, _cell_value(rng))


def cell_text(sheets, rng):
    for r, c in _cells(_main(sheets), rng, rng.choice([1, 3, 10])):
        _put(_main(sheets), r, c, _random_text(rng))


def cell_numbers(sheets, rng):
    for r, c in _cells(_main(sheets), rng, rng.choice([1, 3, 10])):
        _put(_main(sheets), r, c, rng.choice(NUMBERS + [rng.uniform(-1e6, 1e6), rng.randint(-2 ** 40, 2 ** 40)]))


def cell_dates(sheets, rng):
    for r, c in _cells(_main(sheets), rng, rng.choice([1, 3, 10])):
        _put(_main(sheets), r, c, rng.choice(DATES))


def cell_empty(sheets, rng):
    sheet = _main(sheets)
    for r, c in _cells(sheet, rng, rng.choice([1, 5, 30])):
        _put(sheet, r, c, rng.choice([None, "", " ", "\u00a0"]))
    if rng.random() < 0.2:  # a whole column emptied (the key column, often)
        column = rng.choice([1, 1, 0, 2])
        for row in sheet.rows:
            if column < len(row):
                row[column] = None


def cell_long(sheets, rng):
    sheet = _main(sheets)
    size = rng.choice([300, 5000, 32767, 32768, 140_000])
    for r, c in _cells(sheet, rng, rng.choice([1, 2])):
        _put(sheet, r, c, (rng.choice(["Nguyễn Văn An ", "x", "Ẩ", "a,b;c\t\"d\" "]) * size)[:size])


def cell_formulas(sheets, rng):
    for r, c in _cells(_main(sheets), rng, rng.choice([1, 3, 8])):
        _put(_main(sheets), r, c, rng.choice(FORMULAS))


def cell_legacy(sheets, rng):
    sheet = _main(sheets)
    for r, c in _cells(sheet, rng, rng.choice([1, 4, 20])):
        value = sheet.rows[r][c] if c < len(sheet.rows[r]) else None
        text = value if isinstance(value, str) and value else rng.choice([p[0] for p in PEOPLE])
        _put(sheet, r, c, to_tcvn3(text) if rng.random() < 0.6 else rng.choice(VNI_SAMPLES))
        if rng.random() < 0.3:
            sheet.fonts[(r, c)] = rng.choice([".VnTime", ".VnTimeH", "VNI-Times", "Times New Roman"])


def cell_nfd(sheets, rng):
    sheet = _main(sheets)
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and rng.random() < 0.5:
                text = unicodedata.normalize("NFD", value)
                if rng.random() < 0.2:  # stacked marks
                    text = "".join(ch + "\u0301\u0323\u0309" * rng.randint(0, 3) for ch in text)
                row[c] = text


def cell_control(sheets, rng):
    sheet = _main(sheets)
    for r, c in _cells(sheet, rng, rng.choice([1, 4, 15])):
        value = sheet.rows[r][c] if c < len(sheet.rows[r]) else ""
        text = _csv_text(value)
        at = rng.randint(0, len(text))
        _put(sheet, r, c, text[:at] + "".join(rng.choice(CONTROL) for _ in range(rng.randint(1, 4))) + text[at:])


def merge_chaos(sheets, rng):
    sheet = _main(sheets)
    height, width = max(len(sheet.rows), 1), max(max((len(r) for r in sheet.rows), default=1), 1)
    for _ in range(rng.choice([1, 3, 10])):
        roll = rng.random()
        r0 = max(0, sheet.header + rng.randint(-2, 2)) if roll < 0.6 else rng.randrange(height)
        c0 = rng.randrange(width)
        if roll < 0.1:  # a huge or backwards range
            r1, c1 = rng.choice([(r0 + 50_000, c0), (r0, c0 + 16000), (r0 - 1, c0 - 1), (r0 + 1, 16383)])
        else:
            r1, c1 = r0 + rng.randint(0, 3), c0 + rng.randint(0, 4)
        sheet.merges.append((r0, c0, r1, c1))
    if rng.random() < 0.3:
        sheet.merges.append((0, 0, height - 1, width - 1))  # everything in one cell
    rng.shuffle(sheet.merges)


def extra_header_rows(sheets, rng):
    sheet = _main(sheets)
    header = list(sheet.rows[sheet.header]) if sheet.header < len(sheet.rows) else ["Họ và tên"]
    roll = rng.random()
    if roll < 0.3:
        block = [list(header)]  # the header twice
    elif roll < 0.5:
        block = [[_random_text(rng) for _ in header]]  # a second header level of nonsense
    elif roll < 0.7:
        block = [[None]] * rng.choice([1, 20, 59, 61, 100])  # pushes the header down (scanned: 60 rows)
    elif roll < 0.85:
        block = [[rng.choice(ODD_TEXT)] for _ in range(rng.randint(1, 5))]
    else:  # a header row from another kind's labels
        kind = rng.choice(list(SYNONYMS))
        block = [rng.sample(list(SYNONYMS[kind]), min(8, len(SYNONYMS[kind])))]
    at = sheet.header + (rng.choice([0, 1]) if roll < 0.5 else 0)
    sheet.rows[at:at] = [list(r) for r in block]
    sheet.merges = [(r0 + len(block) if r0 >= at else r0, c0, r1 + len(block) if r1 >= at else r1, c1)
                    for r0, c0, r1, c1 in sheet.merges]


def header_labels(sheets, rng):
    """Header cells renamed to other known labels: duplicate key columns, labels of the wrong kind."""
    sheet = _main(sheets)
    labels = [label for spec in SYNONYMS.values() for label in spec]
    for _ in range(rng.choice([1, 2, 5])):
        r = sheet.header + rng.choice([0, 0, 1])
        if r < len(sheet.rows):
            c = rng.randrange(max(len(sheet.rows[r]), 1))
            _put(sheet, r, c, rng.choice([rng.choice(labels).upper(), rng.choice(labels), "Họ và tên",
                                          "Tên lớp", "Họ và tên (1)", "Năm\nsinh", "HỌ VÀ TÊN HỌC VIÊN NỮ"]))


def swap_columns(sheets, rng):
    sheet = _main(sheets)
    width = max((len(r) for r in sheet.rows), default=0)
    if width < 2:
        return
    order = list(range(width))
    if rng.random() < 0.5:
        a, b = rng.sample(order, 2)
        order[a], order[b] = order[b], order[a]
    elif rng.random() < 0.5:
        rng.shuffle(order)
    else:
        order.insert(rng.randrange(width), rng.randrange(width))  # a column duplicated
    sheet.rows = [[row[c] if c < len(row) else None for c in order] for row in sheet.rows]


def wide_columns(sheets, rng):
    sheet = _main(sheets)
    targets = rng.choice([[sheet.header], [sheet.header + 1], list(range(len(sheet.rows)))])
    width = rng.choice([300, 2000] if len(targets) > 1 else [300, 2000, 10_000, 16_384])
    width = min(width, max(300, 400_000 // max(len(targets), 1)))
    for r in targets:
        if r < len(sheet.rows):
            filler = rng.choice(["x", "Họ và tên", 1, None, "Đơn vị"])
            sheet.rows[r] = sheet.rows[r] + [filler] * (width - len(sheet.rows[r]))
            sheet.rows[r][-1] = "cuối"


def many_rows(sheets, rng):
    sheet = _main(sheets)
    body = sheet.rows[sheet.header + 1:] or [["1", "Nguyễn Văn An"]]
    width = max((len(row) for row in body), default=1)
    count = min(rng.choice([200, 1000, 3000]), max(50, 400_000 // width))  # the writers' time, not the engine's
    sheet.rows[sheet.header + 1:] = [list(rng.choice(body)) for _ in range(count)]


def row_chaos(sheets, rng):
    sheet = _main(sheets)
    for _ in range(rng.choice([1, 3, 6])):
        if not sheet.rows:
            break
        roll, r = rng.random(), rng.randrange(len(sheet.rows))
        if roll < 0.3:
            del sheet.rows[r]
        elif roll < 0.5:
            sheet.rows.insert(r, list(sheet.rows[r]))
        elif roll < 0.7:
            sheet.rows[r] = sheet.rows[r][:rng.randint(0, len(sheet.rows[r]))]  # ragged
        else:
            sheet.rows.insert(r, [rng.choice([None, "I", "A.", "Tổng số: 3", "TM. BCH", "CHỦ TỊCH", "Người lập biểu"]),
                                  rng.choice(["", "LỚP DO CĐ TỔ CHỨC", "Tổng cộng", "Kế toán", "Nơi nhận:"])])


def sheet_chaos(sheets, rng):
    roll = rng.random()
    if roll < 0.25:
        sheets[0].name = rng.choice(["", " ", "'", "Sheet1", "ĐS" * 40, "a/b", "Họ và tên", "\u202e", "1"])
    elif roll < 0.5:
        sheets.insert(0, Sheet(rng.choice(["Bìa", "Hướng dẫn", "Sheet0"]), [[rng.choice(ODD_TEXT)]],
                               hidden=rng.random() < 0.5))
    elif roll < 0.7:
        sheets.insert(0, Sheet("Trống", []))
    elif roll < 0.85:
        sheets.append(sheets[0].copy())
        sheets[-1].name += " (2)"
    else:
        sheets[0].rows = []


CELL_MUTATORS = {f.__name__: f for f in (
    cell_values, cell_text, cell_numbers, cell_dates, cell_empty, cell_long, cell_formulas, cell_legacy, cell_nfd,
    cell_control, merge_chaos, extra_header_rows, header_labels, swap_columns, wide_columns, many_rows, row_chaos,
    sheet_chaos)}


# ============================================================================ struct mutations (format-aware)

def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(info, archive.read(info)) for info in archive.infolist()]
    except Exception:  # noqa: BLE001 - an archive already broken by an earlier step: the caller falls back
        return None


def _pack(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name" is what zip_duplicate wants
        with zipfile.ZipFile(buffer, "w") as archive:
            for info, content in members:
                archive.writestr(info, content)
    return buffer.getvalue()


def _pick_xml(members, rng: random.Random) -> int:
    sheets = [i for i, (info, _) in enumerate(members)
              if info.filename.startswith("xl/worksheets/") or info.filename == "content.xml"]
    xml = [i for i, (info, _) in enumerate(members) if info.filename.endswith((".xml", ".rels"))]
    return rng.choice(sheets if sheets and rng.random() < 0.65 else (xml or list(range(len(members)))))


def _far_ref(rng: random.Random) -> str:
    from desktop.services.importing.model import column_letter

    column = rng.randint(1, rng.choice([10, 60, 300, 16384]))
    row = rng.randint(1, rng.choice([50, 2000, 70_000, 1_048_576]))
    return f"{column_letter(column - 1)}{row}"


ATTRIBUTE_VALUES = ["", "0", "-1", "1", "2", "99999999999", "1e308", "NaN", "A0", "XFD1048576", "A1:XFD1048576",
                    "abc", "&amp;", "&#0;", "&bogus;", "s", "e", "str", "inlineStr", "d", "b", "true", "float", "date",
                    "string", "percentage", "x" * 5000, "2025-02-30", "2025-13-01T25:61:61", "PT99999999H"]
REPEATS = ["0", "1", "2", "100", "1000", "16384", "65536", "1048576", "2147483648", "-5", "abc"]


def _sub_nth(pattern: str, text: str, rng: random.Random, make) -> str:
    found = list(re.finditer(pattern, text))
    if not found:
        return text
    match = rng.choice(found)
    return text[:match.start(1)] + make(match) + text[match.end(1):]


def _xml_edit(name: str, text: str, rng: random.Random) -> str:
    if name == "xml_attr":
        return _sub_nth(r'\b[\w:.-]+="([^"]*)"', text, rng, lambda m: rng.choice(ATTRIBUTE_VALUES))
    if name == "xml_text":
        return _sub_nth(r">([^<]+)<", text, rng, lambda m: escape(str(_cell_value(rng))))
    if name == "xml_cell_ref":
        return _sub_nth(r'<c [^>]*\br="([A-Z]+\d+)"', text, rng, lambda m: _far_ref(rng))
    if name == "xml_cell_type":
        pattern = r'<c [^>]*\bt="(\w+)"' if "<sheetData" in text else r'office:value-type="(\w+)"'
        return _sub_nth(pattern, text, rng, lambda m: rng.choice(["s", "n", "b", "e", "str", "inlineStr", "d",
                                                                  "float", "date", "time", "boolean", "zz"]))
    if name == "xml_value":
        return _sub_nth(r"<v>([^<]*)</v>|office:(?:date-|time-|boolean-)?value=\"([^\"]*)\"", text, rng,
                        lambda m: rng.choice(ATTRIBUTE_VALUES + ["999999", "-3", "1.5", "45800"]))
    if name == "xml_repeat":
        attribute = rng.choice(["table:number-columns-repeated", "table:number-rows-repeated",
                                "table:number-columns-spanned", "table:number-rows-spanned"])
        if rng.random() < 0.5 and re.search(r"number-(columns|rows)-(repeated|spanned)", text):
            return _sub_nth(r'number-(?:columns|rows)-(?:repeated|spanned)="([^"]*)"', text, rng,
                            lambda m: rng.choice(REPEATS))
        element = "table:table-row" if "rows" in attribute else "table:table-cell"
        return _sub_nth(f"<{element}()", text, rng, lambda m: f' {attribute}="{rng.choice(REPEATS)}"')
    if name == "xml_spaces":
        return _sub_nth(r"<text:p>()|<t(?: [^>]*)?>()", text, rng,
                        lambda m: f'<text:s text:c="{rng.choice(["3", "1000", "1000000", "-1", "x"])}"/>'
                        if "text:p" in m.group(0) else " " * rng.choice([10, 10000]))
    if name == "xml_merge":
        refs = "".join(f'<mergeCell ref="{_far_ref(rng)}:{_far_ref(rng)}"/>' for _ in range(rng.randint(1, 5)))
        if "</sheetData>" in text:
            return text.replace("</sheetData>", f"</sheetData><mergeCells>{refs}</mergeCells>", 1)
        return text
    if name == "xml_entities":
        body = rng.choice(['<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                           '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
                           '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">',
                           '<!ENTITY f SYSTEM "file:///etc/passwd">', '<!ENTITY f SYSTEM "http://127.0.0.1:9/x">'])
        root = re.search(r"<([A-Za-z][\w:.-]*)", re.sub(r"<\?.*?\?>", "", text, count=1))
        if not root:
            return text
        declaration = text.index(root.group(0))
        text = text[:declaration] + f"<!DOCTYPE {root.group(1)} [{body}]>" + text[declaration:]
        return _sub_nth(r">([^<]+)<", text, rng, lambda m: "&f;")
    if name == "xml_nest":
        depth = rng.choice([100, 5000, 100_000])
        return _sub_nth(r"(?:<text:p>|<v>|<t>)()", text, rng, lambda m: "<x>" * depth + "</x>" * depth)
    if name == "xml_tag":
        return _sub_nth(r"(<[^>]*>)", text, rng, lambda m: rng.choice(["", m.group(1) * 2, m.group(1)[:-1],
                                                                        "<", "</x>", m.group(1).upper()]))
    raise KeyError(name)


XML_EDITS = ("xml_attr", "xml_text", "xml_cell_ref", "xml_cell_type", "xml_value", "xml_repeat", "xml_spaces",
             "xml_merge", "xml_entities", "xml_nest", "xml_tag", "xml_encoding", "xml_truncate")


def xml_mutation(name: str):
    def mutate(data: bytes, rng: random.Random) -> bytes:
        members = _members(data)
        if not members:
            return byte_flip(data, rng)
        index = _pick_xml(members, rng)
        info, content = members[index]
        text = content.decode("utf-8", "replace")
        if name == "xml_truncate":
            content = content[:rng.randrange(len(content) + 1)]
        elif name == "xml_encoding":
            roll = rng.random()
            if roll < 0.4:
                content = re.sub(r'^<\?xml[^>]*\?>', '<?xml version="1.0" encoding="UTF-16"?>', text).encode("utf-16")
            elif roll < 0.7:
                content = text.replace("UTF-8", rng.choice(["ISO-8859-1", "windows-1258", "EBCDIC", "bogus"]),
                                       1).encode("utf-8")
            else:
                content = b"\xef\xbb\xbf" * rng.randint(1, 2) + content
        else:
            content = _xml_edit(name, text, rng).encode("utf-8", "surrogatepass")
        members[index] = (info, content)
        return _pack(members)

    mutate.__name__ = name
    return mutate


# --- .xls: BIFF records inside the OLE compound file, edited in place

def _ole_stream(data: bytes) -> list[int] | None:
    """File offsets of each byte of the Workbook stream (regular or mini stream), or None."""
    try:
        if data[:8] != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return None
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if not (7 <= shift <= 16 and 2 <= mini_shift <= shift):
            return None
        size, mini_size = 1 << shift, 1 << mini_shift
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < 0xFFFFFFFA]
        fat = []
        for sector in fat_sectors:
            fat.extend(struct.unpack_from(f"<{size // 4}I", data, (sector + 1) * size))

        def chain(start: int) -> list[int]:
            out, seen = [], set()
            while start < len(fat) and start not in seen and len(out) < 100_000:
                seen.add(start)
                out.append(start)
                start = fat[start]
            return out

        first_directory = struct.unpack_from("<I", data, 0x30)[0]
        directory = b"".join(data[(s + 1) * size:(s + 2) * size] for s in chain(first_directory))
        entries = [directory[i:i + 128] for i in range(0, len(directory), 128)]
        root_start = struct.unpack_from("<I", entries[0], 116)[0]
        cutoff = struct.unpack_from("<I", data, 0x38)[0]
        for entry in entries:
            length = struct.unpack_from("<H", entry, 64)[0]
            if entry[:max(length - 2, 0)].decode("utf-16-le", "replace") not in ("Workbook", "Book"):
                continue
            start, stream_size = struct.unpack_from("<II", entry, 116)
            if stream_size >= cutoff:
                offsets = [(s + 1) * size + i for s in chain(start) for i in range(size)]
            else:
                mini_fat = []
                for s in chain(struct.unpack_from("<I", data, 0x3C)[0]):
                    mini_fat.extend(struct.unpack_from(f"<{size // 4}I", data, (s + 1) * size))
                container = [(s + 1) * size + i for s in chain(root_start) for i in range(size)]
                offsets, sector, seen = [], start, set()
                while sector < len(mini_fat) and sector not in seen:
                    seen.add(sector)
                    offsets.extend(container[sector * mini_size:(sector + 1) * mini_size])
                    sector = mini_fat[sector]
            offsets = [o for o in offsets[:stream_size] if o < len(data)]
            return offsets or None
    except (struct.error, IndexError, ValueError, OverflowError):
        return None
    return None


CELL_RECORDS = {0x0203: "number", 0x027E: "rk", 0x00FD: "labelsst", 0x0204: "label", 0x0205: "boolerr",
                0x0006: "formula", 0x00BD: "mulrk", 0x0201: "blank"}
BIFF_EDITS = ("biff_cells", "biff_extent", "biff_strings", "biff_merge", "biff_sheets", "biff_length", "biff_bytes")


def biff_mutation(name: str):
    def mutate(data: bytes, rng: random.Random) -> bytes:
        offsets = _ole_stream(data)
        if not offsets:
            return byte_flip(data, rng)
        stream = bytearray(data[o] for o in offsets)
        records, pos = [], 0
        while pos + 4 <= len(stream):
            kind, size = struct.unpack_from("<HH", stream, pos)
            records.append((pos, kind, size))
            pos += 4 + size

        def pick(kinds) -> tuple[int, int, int] | None:
            chosen = [r for r in records if r[1] in kinds and r[0] + 4 + r[2] <= len(stream)]
            return rng.choice(chosen) if chosen else None

        if name == "biff_cells" and (record := pick(CELL_RECORDS)):
            at, kind, size = record
            body = at + 4
            if kind == 0x0203 and size >= 14:
                struct.pack_into("<d", stream, body + 6, rng.choice([0.0, -1.0, 1e308, 2958466.0, float("nan"),
                                                                    float("inf"), 45800.0, 1980.0, -693594.0]))
            elif kind == 0x00FD and size >= 10:
                struct.pack_into("<I", stream, body + 6, rng.choice([0, 1, 5, 999, 0xFFFF, 0xFFFFFFFF]))
            elif kind == 0x027E and size >= 10:
                struct.pack_into("<I", stream, body + 6, rng.getrandbits(32))
            else:
                struct.pack_into("<H", stream, body + 4, rng.choice([0, 15, 0xFFF, 0xFFFF]))  # the XF (style)
        elif name == "biff_extent" and (record := pick(set(CELL_RECORDS) | {0x0208, 0x0200})):
            at, kind, size = record
            if size >= 4:
                struct.pack_into("<HH", stream, at + 4, rng.choice([0, 100, 30000, 65535]),
                                 rng.choice([0, 50, 255, 0xFFFF]))
        elif name == "biff_strings" and (record := pick({0x00FC, 0x0204, 0x0085})):
            at, kind, size = record
            for _ in range(rng.choice([1, 4, 16])):
                if size > 8:
                    stream[at + 4 + rng.randrange(8, size)] = rng.choice([0x00, 0x01, 0x7F, 0x80, 0xC0, 0xFF,
                                                                          rng.randrange(256)])
        elif name == "biff_merge" and (record := pick({0x00E5})):
            at, kind, size = record
            if size >= 10:
                struct.pack_into("<HHHH", stream, at + 6, rng.choice([0, 5, 65535]), rng.choice([0, 5, 65535]),
                                 rng.choice([0, 1, 255]), rng.choice([0, 3, 255]))
        elif name == "biff_sheets" and (record := pick({0x0085})):
            at, kind, size = record
            if size >= 6:
                if rng.random() < 0.5:
                    struct.pack_into("<I", stream, at + 4, rng.choice([0, 1, len(stream) - 2, 0xFFFFFFFF]))
                else:
                    struct.pack_into("<H", stream, at + 8, rng.choice([0x0000, 0x0001, 0x0002, 0x0200, 0x0600]))
        elif name == "biff_length" and records:
            at, kind, size = rng.choice(records)
            struct.pack_into("<H", stream, at + 2, rng.choice([0, 1, size + 1, max(size - 1, 0), 8224, 0xFFFF]))
        else:  # biff_bytes, or no record of the kind wanted
            for _ in range(rng.choice([1, 4, 16])):
                stream[rng.randrange(len(stream))] = rng.randrange(256)
        out = bytearray(data)
        for index, offset in enumerate(offsets):
            out[offset] = stream[index]
        return bytes(out)

    mutate.__name__ = name
    return mutate


# --- .csv: the text as a spreadsheet program or a web export writes it

def csv_mutation(name: str):
    def mutate(data: bytes, rng: random.Random) -> bytes:
        if name == "csv_quotes":
            out = bytearray(data)
            for _ in range(rng.choice([1, 3, 20])):
                out.insert(rng.randint(0, len(out)), ord('"'))
            return bytes(out)
        if name == "csv_delimiters":
            table = {ord(","): rng.choice(b";\t|,"), ord(";"): rng.choice(b",\t;"), ord("\t"): rng.choice(b",; ")}
            return bytes(table.get(b, b) if rng.random() < 0.3 else b for b in data)
        if name == "csv_newlines":
            return data.replace(b"\r\n", rng.choice([b"\r", b"\n\r", b"\n\n", "\u2028".encode(), b"\x85", b""]))
        if name == "csv_nul":
            at = rng.choice([rng.randint(0, len(data)), len(data), rng.randint(0, min(len(data), 100))])
            return data[:at] + b"\x00" * rng.choice([1, 2, 100]) + data[at:]
        if name == "csv_encoding":
            text = data.decode("utf-8-sig", "replace")
            target = rng.choice(["utf-16-le", "utf-16-be", "utf-32", "shift_jis", "latin-1", "cp1258", "mixed",
                                 "koi8-r", "utf-7"])
            if target == "mixed":
                half = len(text) // 2
                return text[:half].encode("utf-8") + to_cp1258_form(text[half:]).encode("cp1258", "replace")
            return (to_cp1258_form(text) if target == "cp1258" else text).encode(target, "replace")
        if name == "csv_bom":
            at = rng.randint(0, len(data))
            return data[:at] + rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb"]) + data[at:]
        if name == "csv_long_line":
            field = rng.choice([b"x", "Ẩ".encode(), b"a;b,", b'"']) * rng.choice([70_000, 140_000, 400_000])
            at = data.find(b"\n", rng.randint(0, len(data))) + 1
            return data[:at] + field + b"\r\n" + data[at:]
        if name == "csv_prefix":
            return rng.choice([b"<table>", b"<?xml version='1.0'?>", b"PK\x03\x04", b"\xd0\xcf\x11\xe0",
                               b"sep=;\r\n", b"\r\n" * 50, b"<html>"]) + data
        raise KeyError(name)

    mutate.__name__ = name
    return mutate


CSV_EDITS = ("csv_quotes", "csv_delimiters", "csv_newlines", "csv_nul", "csv_encoding", "csv_bom",
             "csv_long_line", "csv_prefix")


# ============================================================================ zip mutations (.xlsx, .ods)

_BOMB: bytes | None = None


def _bomb_member() -> tuple[zipfile.ZipInfo, bytes]:
    """250 MB of XML whitespace deflated to ~250 KB (the engine must refuse it before unpacking)."""
    global _BOMB
    if _BOMB is None:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        chunk = b" " * (1 << 20)
        _BOMB = b"".join(packer.compress(chunk) for _ in range(250)) + packer.flush()
    return zipfile.ZipInfo("xl/worksheets/sheet2.xml"), _BOMB


def _central_entries(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"PK\x01\x02", data)]


def zip_mutation(name: str):
    def mutate(data: bytes, rng: random.Random) -> bytes:
        members = _members(data)
        if name == "zip_nested":
            roll = rng.random()
            if roll < 0.4 or not members:  # the whole file inside another archive
                inner = zipfile.ZipInfo(rng.choice(["ds.xlsx", "xl/workbook.xml", "content.xml"]))
                return _pack([(inner, data)])
            index = _pick_xml(members, rng)  # a member that is itself a zip
            members[index] = (members[index][0], data if roll < 0.8 else _pack([(zipfile.ZipInfo("x.xml"), data)]))
            return _pack(members)
        if name in ("zip_corrupt", "zip_flags", "zip_size", "zip_bomb") and members is None:
            return byte_flip(data, rng)
        if name == "zip_corrupt":
            info = members[_pick_xml(members, rng)][0]
            out = bytearray(data)
            local = info.header_offset
            if out[local:local + 4] != b"PK\x03\x04":
                return byte_flip(data, rng)
            start = local + 30 + sum(struct.unpack_from("<HH", out, local + 26))  # after the name and extra field
            end = min(start + info.compress_size, len(out))
            for _ in range(rng.choice([1, 3, 20])):
                if end > start:
                    out[rng.randrange(start, end)] ^= 1 << rng.randrange(8)
            return bytes(out)
        if name == "zip_drop":
            if not members:
                return byte_delete(data, rng)
            important = [i for i, (info, _) in enumerate(members) if info.filename in (
                "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/sharedStrings.xml",
                "xl/styles.xml", "content.xml", "mimetype", "META-INF/manifest.xml", "xl/worksheets/sheet1.xml")]
            del members[rng.choice(important if important and rng.random() < 0.8 else range(len(members)))]
            return _pack(members)
        if name == "zip_duplicate":
            if not members:
                return byte_duplicate(data, rng)
            info, content = members[_pick_xml(members, rng)]
            copy = zipfile.ZipInfo(info.filename)
            twin = rng.choice([b"", b"<x/>", content[: len(content) // 2]])
            members.insert(rng.randint(0, len(members)), (copy, twin))
            return _pack(members)
        if name == "zip_bomb":
            members.append(_bomb_member())
            return _pack(members)
        entries = _central_entries(data)
        if not entries:
            return byte_flip(data, rng)
        out = bytearray(data)
        entry = rng.choice(entries)
        if entry + 46 > len(out):
            return byte_flip(data, rng)
        local = struct.unpack_from("<I", out, entry + 42)[0]
        has_local = local + 30 <= len(out) and out[local:local + 4] == b"PK\x03\x04"
        if name == "zip_size":  # the sizes the archive declares (central directory, and the local header)
            size = rng.choice([0, 1, 0xFFFFFFFF, 0x7FFFFFFF, 300 * 1024 * 1024, 60 * 1024 * 1024])
            field_at = rng.choice([20, 24])
            struct.pack_into("<I", out, entry + field_at, size)
            if has_local and rng.random() < 0.5:
                struct.pack_into("<I", out, local + field_at - 2, size)
        elif name == "zip_flags":
            roll = rng.random()
            if roll < 0.4:  # "encrypted"
                struct.pack_into("<H", out, entry + 8, struct.unpack_from("<H", out, entry + 8)[0] | 1)
                if has_local:
                    struct.pack_into("<H", out, local + 6, struct.unpack_from("<H", out, local + 6)[0] | 1)
            else:  # an unknown or wrong compression method
                method = rng.choice([99, 12, 14, 0, 8, 6, 93])
                struct.pack_into("<H", out, entry + 10, method)
                if has_local:
                    struct.pack_into("<H", out, local + 8, method)
        return bytes(out)

    mutate.__name__ = name
    return mutate


ZIP_EDITS = ("zip_nested", "zip_corrupt", "zip_drop", "zip_duplicate", "zip_bomb", "zip_size", "zip_flags")


# ============================================================================ byte mutations (any file)

INTERESTING = [b"\x00", b"\xff", b"\x7f", b"\x80", b"\x00\x00\x00\x00", b"\xff\xff\xff\xff", b"\xff\xff\xff\x7f",
               b"\x00\x00\x00\x80", b"\xff\xff", b"PK\x03\x04", b"<", b"&", b"\r\n"]


def byte_flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 2, 8, 32])):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def byte_set(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 4, 16])):
        value = rng.choice(INTERESTING)
        at = rng.randrange(len(out) + 1) if rng.random() < 0.7 else rng.randrange(min(len(out), 512) + 1)
        out[at:at + len(value)] = value
    return bytes(out)


def byte_insert(data: bytes, rng: random.Random) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + bytes(rng.randrange(256) for _ in range(rng.choice([1, 7, 100, 1000]))) + data[at:]


def byte_delete(data: bytes, rng: random.Random) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + data[at + rng.choice([1, 3, 64, 512, 4096]):]


def byte_truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.choice([0, 1, 4, 8, 100, rng.randint(0, len(data)), len(data) - 1, len(data) // 2])]


def byte_duplicate(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    chunk = data[start:start + rng.choice([4, 64, 512, 4096])]
    at = rng.randint(0, len(data))
    if rng.random() < 0.5:
        return data[:at] + chunk + data[at:]
    return data[:at] + chunk + data[at + len(chunk):]


BYTE_MUTATORS = {f.__name__: f for f in (byte_flip, byte_set, byte_insert, byte_delete, byte_truncate, byte_duplicate)}

# ============================================================================ cases


@dataclass(frozen=True)
class Mutator:
    layer: str  # "cell", "struct", "zip", "byte"
    formats: tuple[str, ...]
    apply: object


MUTATORS: dict[str, Mutator] = {
    **{name: Mutator("cell", ("xlsx", "ods", "csv"), f) for name, f in CELL_MUTATORS.items()},
    **{name: Mutator("struct", ("xlsx", "ods"), xml_mutation(name)) for name in XML_EDITS},
    **{name: Mutator("struct", ("xls",), biff_mutation(name)) for name in BIFF_EDITS},
    **{name: Mutator("struct", ("csv",), csv_mutation(name)) for name in CSV_EDITS},
    **{name: Mutator("zip", ("xlsx", "ods"), zip_mutation(name)) for name in ZIP_EDITS},
    **{name: Mutator("byte", ("xlsx", "ods", "csv", "xls"), f) for name, f in BYTE_MUTATORS.items()},
}
KINDS = ("courses", "attendance", "officers")
LAYER_WEIGHTS = (("cell", 45), ("struct", 25), ("zip", 12), ("byte", 18))


@dataclass(frozen=True)
class Case:
    seed: str
    fmt: str
    kind: str
    steps: tuple[tuple[str, int], ...] = ()
    variant: int = 0  # the CSV encoding and delimiter
    suffix: str = ""  # the file name's suffix when it lies about the format
    create_missing: bool = True

    @property
    def label(self) -> str:
        steps = "+".join(f"{name}@{seed}" for name, seed in self.steps) or "-"
        return (f"{self.seed}|{self.fmt}|{self.kind}|{steps}|{self.variant}|{self.suffix or '-'}|"
                f"{int(self.create_missing)}")

    @classmethod
    def parse(cls, label: str) -> "Case":
        seed, fmt, kind, steps, variant, suffix, create = label.split("|")
        parsed = tuple((s.split("@")[0], int(s.split("@")[1])) for s in steps.split("+")) if steps != "-" else ()
        return cls(seed, fmt, kind, parsed, int(variant), "" if suffix == "-" else suffix, create == "1")

    @property
    def file_name(self) -> str:
        return f"{self.seed.rsplit('.', 1)[0]}.{self.suffix or self.fmt}"


def random_case(rng: random.Random) -> Case:
    seed = rng.choice(seeds())
    fmt = seed.fmt or rng.choice(["xlsx", "xlsx", "ods", "csv"])
    kind = seed.kind if rng.random() < 0.85 else rng.choice(KINDS)
    layers = [(layer, weight) for layer, weight in LAYER_WEIGHTS
              if any(m.layer == layer and fmt in m.formats and (layer != "cell" or seed.sheets)
                     for m in MUTATORS.values())]
    steps = []
    for _ in range(rng.choice([0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3])):
        layer = rng.choices([name for name, _ in layers], [weight for _, weight in layers])[0]
        names = sorted(n for n, m in MUTATORS.items() if m.layer == layer and fmt in m.formats)
        steps.append((rng.choice(names), rng.randrange(2 ** 31)))
    steps.sort(key=lambda step: MUTATORS[step[0]].layer != "cell")  # cells first: they change the grid
    suffix = rng.choice(["xls", "xlsx", "csv", "ods", "txt", "XLSX"]) if rng.random() < 0.05 else ""
    return Case(seed.name, fmt, kind, tuple(steps), rng.randrange(len(CSV_VARIANTS)), suffix, rng.random() < 0.7)


def case_for(master_seed: int, index: int) -> Case:
    return random_case(random.Random(f"fuzz-imports:{master_seed}:{index}"))


def build(case: Case) -> bytes:
    seed = seed_named(case.seed)
    cell_steps = [(n, s) for n, s in case.steps if MUTATORS[n].layer == "cell"]
    if seed.sheets is not None:
        sheets = [sheet.copy() for sheet in seed.sheets]
        for name, step_seed in cell_steps:
            CELL_MUTATORS[name](sheets, random.Random(step_seed))
        data = write_grid(sheets, case.fmt, case.variant)
    else:
        data = seed.data
    for name, step_seed in case.steps:
        mutator = MUTATORS[name]
        if mutator.layer != "cell" and case.fmt in mutator.formats:
            data = mutator.apply(data, random.Random(step_seed))
    return data


# ============================================================================ the oracle

ACCEPTED, REJECTED, FAILED = "accepted", "rejected", "failed"
TABLES = ("people", "post_holdings", "terms", "courses", "attendance", "imports", "audit")


class CaseTimeout(BaseException):
    """Raised by the per-case alarm; a BaseException so that no `except Exception` in the engine hides it."""


@contextmanager
def deadline(seconds: float | None):
    """SIGALRM after `seconds`; an outer timer (pytest-timeout's) is put back with the time it had left."""
    import threading

    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def fire(signum, frame):
        raise CaseTimeout()

    previous = signal.signal(signal.SIGALRM, fire)
    outer_left, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - started), 0.001),
                             outer_interval)


@dataclass
class Outcome:
    verdict: str
    message: str = ""  # the rejection's message, or what went wrong
    signature: str = ""  # a failure's kind and place: the same bug gives the same signature
    problems: int = 0  # row problems of an accepted file
    rows: int = 0  # rows of an accepted file that were new, updates or already in the book
    seconds: float = 0.0
    trace: str = ""

    def as_json(self) -> dict:
        return dict(self.__dict__)


HUGE_SHEET = 2_000_000  # cells; a list of 10,000 people and 30 columns has 300,000


def grid_cells(path: Path) -> int:
    """How many cells the biggest sheet of a file spans (to tell a hang on a huge sheet from a slow spot)."""
    try:
        data = path.read_bytes()
        if not data.startswith((b"PK", b"\xd0\xcf")):
            text = data.decode("utf-8", "replace")
            lines = text.splitlines() or [""]
            return len(lines) * (max(max(line.count(d) for d in ",;\t") for line in lines) + 1)
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        try:
            return max((sheet.height * sheet.width for sheet in map(book.get_sheet_by_name, book.sheet_names)),
                       default=0)
        finally:
            book.close()
    except BaseException:  # noqa: BLE001 - only a hint for the failure's signature
        return 0


def _where(error: BaseException) -> str:
    """The innermost frame of the engine (or else the last frame) where `error` was raised."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/desktop/" in f.filename] or frames
    if not ours:
        return "?"
    frame = ours[-1]
    place = frame.filename.split("/desktop/")[-1] if "/desktop/" in frame.filename else Path(frame.filename).name
    return f"{place}:{frame.name}"


def _untranslated(message_id: str, translate) -> bool:
    return translate(message_id) == message_id and bool(re.search(r"[A-Za-z]{3}", message_id))


def _explained(item, translate) -> str | None:
    """Why a BookError or a Problem is not a proper Vietnamese message, or None."""
    try:
        text = item.render(translate)
    except Exception as error:  # noqa: BLE001
        return f"rendering failed: {type(error).__name__}: {error}"
    if not text or not text.strip():
        return "empty message"
    if _untranslated(item.message_id, translate):
        return f"no Vietnamese message for {item.message_id!r}"
    for value in getattr(item, "params", {}).values():
        nested = getattr(value, "message_id", None)
        if nested and _untranslated(nested, translate):
            return f"no Vietnamese message for {nested!r}"
    return None


def _misplaced(problem, sheet: str, translate) -> str | None:
    from desktop.services.importing import Problem

    if not isinstance(problem, Problem):
        return f"a row problem of type {type(problem).__name__}"
    if problem.sheet != sheet:
        return f"a problem placed on sheet {problem.sheet!r}, the table is on {sheet!r}"
    if type(problem.row) is not int or problem.row < 1:
        return f"a problem without its row ({problem.row!r}): {problem.message_id!r}"
    if problem.column is not None and not re.fullmatch(r"[A-Z]{1,4}", problem.column):  # .xls: up to 65,536
        return f"a problem with column {problem.column!r}"
    return _explained(problem, translate)


def _failure(kind: str, message: str, signature: str, trace: str = "") -> Outcome:
    return Outcome(FAILED, f"{kind}: {message}"[:2000], signature, trace=trace[-6000:])


class FuzzBook:
    """A scratch book (a union, a course, a few people, two of them namesakes) that the cases import into."""

    def __init__(self, folder: Path) -> None:
        from desktop.i18n import set_language

        set_language("vi")
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.generation = 0
        self.services = None
        self.cases = 0
        self.reset()

    def reset(self) -> None:
        from desktop.domain.officers import Person, Sex, Term
        from desktop.domain.training import Course
        from desktop.domain.union import UnionProfile
        from desktop.services.book import create_book

        self.close()
        self.generation += 1
        path = self.folder / f"fuzz-{self.generation}.socanbo"
        path.unlink(missing_ok=True)
        profile = UnionProfile(union_name="Công đoàn cơ sở Công ty May Sông Hồng", superior_name="Công đoàn KCN",
                               place_name="Nam Định", term=Term(2023, 2028))
        now = datetime.datetime(2025, 6, 15, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
        self.services = create_book(path, profile, clock=lambda: now)
        self.course_id = self.services.training.add_course(
            Course("Tập huấn nghiệp vụ công tác công đoàn", start_date=datetime.date(2025, 3, 12),
                   end_date=datetime.date(2025, 3, 14)))
        for name, year, sex in PEOPLE[:3] + [("Nguyễn Văn An", 1985, "Nam")]:
            self.services.officers.add_person(Person(name, birth_year=year,
                                                     sex=Sex.MALE if sex == "Nam" else Sex.FEMALE))
        self.cases = 0

    def close(self) -> None:
        if self.services is not None:
            path = self.services.path
            self.services.close()
            self.services = None
            for leftover in path.parent.glob(path.name + "*"):
                leftover.unlink(missing_ok=True)

    def counts(self) -> dict[str, int]:
        db = self.services.book.db
        return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}

    def check(self, path: Path, kind: str, create_missing: bool = True, limit: float | None = CASE_LIMIT) -> Outcome:
        """Import `path` as `kind` and judge what happened (see the module's docstring)."""
        from desktop.i18n import _
        from desktop.services.importing import apply, preview, read_table

        if self.cases >= 200:  # an ever-growing book slows the cases down; a fresh one now and then
            self.reset()
        self.cases += 1
        before = self.counts()
        started = time.monotonic()
        table = result = None
        applied = False  # apply() returned: the import is in the book, whatever is judged after
        try:
            with deadline(limit):
                table = read_table(path, kind)
                planned = preview(self.services, table, kind,
                                  course_id=self.course_id if kind == "attendance" else None)
                result = apply(self.services, planned, {}, create_missing=create_missing)
                applied = True
                trouble = next(filter(None, (_misplaced(p, table.sheet, _) for p in
                                             list(planned.problems) + list(result.problems))), None)
        except BookError as error:
            trouble = _explained(error, _)
            outcome = (Outcome(REJECTED, error.render(_)) if trouble is None else
                       _failure("unexplained rejection", f"{type(error).__name__}: {trouble}",
                                f"unexplained {type(error).__name__} {error.message_id[:60]!r}",
                                traceback.format_exc()))
        except CaseTimeout as error:
            cells = grid_cells(path)
            where = f"on a huge sheet ({cells / 1e6:.1f}M cells)" if cells > HUGE_SHEET else f"in {_where(error)}"
            outcome = _failure("hang", f"still running after {limit} s ({cells} cells)", f"hang {where}",
                               traceback.format_exc())
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # noqa: BLE001 - this is what the fuzzer looks for (a Rust panic is a
            # pyo3 PanicException, which derives from BaseException)
            outcome = _failure("unhandled exception", f"{type(error).__name__}: {error}",
                               f"{type(error).__name__} in {_where(error)}", traceback.format_exc())
        else:
            rows = result.added + result.updated + result.duplicates
            outcome = (Outcome(ACCEPTED, problems=len(result.problems), rows=rows) if trouble is None
                       else _failure("badly placed problem", trouble, "problem " + re.sub(r"\d+", "N", trouble)[:80]))
        outcome.seconds = time.monotonic() - started
        after = self.counts()
        if not applied and after != before:  # refused, or failed half way: nothing may have been written
            changed = {t: after[t] - before[t] for t in TABLES if after[t] != before[t]}
            outcome = _failure("write on rejection", f"{outcome.message} — yet the book changed: {changed}",
                               "write on rejection", outcome.trace)
        elif outcome.verdict == ACCEPTED:  # all of it: the book grew as the result says
            wrong = self._counts_disagree(kind, before, after, result)
            if wrong:
                outcome = _failure("counts disagree", wrong, "counts disagree with the result")
        if outcome.verdict == FAILED:
            self.reset()
        return outcome

    @staticmethod
    def _counts_disagree(kind: str, before: dict, after: dict, result) -> str | None:
        grew = {table: after[table] - before[table] for table in TABLES}
        expected = {"imports": 1, "people": result.people_created}
        if kind == "courses":
            expected["courses"] = result.added
        if kind == "attendance":
            expected["attendance"] = result.added
        wrong = {t: (grew[t], n) for t, n in expected.items() if grew[t] != n}
        if wrong or grew["audit"] < 1:
            return f"the book grew by {grew}, the result says {expected}"
        return None


# ============================================================================ cases that may take the process down

def _ole_loops(data: bytes) -> bool:
    """Whether a sector chain of a compound file runs in a circle (python-calamine follows it forever)."""
    try:
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if not 7 <= shift <= 16:
            return True  # calamine's to judge, in a child process
        size = 1 << shift
        fat = []
        for sector in struct.unpack_from("<109I", data, 0x4C):
            if sector < 0xFFFFFFFA:
                fat.extend(struct.unpack_from(f"<{size // 4}I", data, (sector + 1) * size))
        def loops(table: list[int], start: int) -> bool:
            seen = set()
            while start < len(table):
                if start in seen:
                    return True
                seen.add(start)
                start = table[start]
            return False

        starts = [struct.unpack_from("<I", data, at)[0] for at in (0x30, 0x3C)]
        directory = data[(starts[0] + 1) * size:(starts[0] + 2) * size]
        entries = [struct.unpack_from("<II", directory, i + 116) for i in range(0, len(directory) - 127, 128)]
        if any(loops(fat, start) for start in starts + [start for start, _ in entries]):
            return True
        mini_fat = []
        sector = starts[1]
        for _ in range(len(fat)):
            if sector >= len(fat):
                break
            mini_fat.extend(struct.unpack_from(f"<{size // 4}I", data, (sector + 1) * size))
            sector = fat[sector]
        cutoff = struct.unpack_from("<I", data, 0x38)[0]
        return any(loops(mini_fat, start) for start, length in entries[1:] if length < cutoff)
    except (struct.error, IndexError, ValueError, OverflowError):
        return True


def _well_formed(xml: bytes) -> bool:
    from xml.parsers import expat

    try:
        expat.ParserCreate().Parse(xml, True)
    except expat.ExpatError:
        return False
    return True


def _biff_risky(data: bytes) -> bool:
    """Cell records or a DIMENSIONS record that ask for a huge (or negative) grid."""
    offsets = _ole_stream(data)
    if not offsets:
        return False
    stream = bytes(data[o] for o in offsets)
    rows = columns = pos = 0
    while pos + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, pos)
        if kind == 0x002F:  # encrypted from here on
            break
        if kind == 0x0200 and size >= 14:
            first_row, last_row, first_column, last_column = struct.unpack_from("<IIHH", stream, pos + 4)
            if first_row > last_row or first_column > last_column:
                return True
            rows, columns = max(rows, last_row), max(columns, last_column)
        elif kind in CELL_RECORDS and size >= 4:
            row, column = struct.unpack_from("<HH", stream, pos + 4)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
        pos += 4 + size
    return rows * columns > HUGE_SHEET


def needs_isolation(data: bytes) -> bool:
    """Files that may take the process down: python-calamine asked for a huge grid (a cell at XFD1048576, a
    valued cell repeated a million times, an .xls record at column 65535) or following a sector chain that
    loops. Run them in a child process with a memory limit, since a failed allocation aborts the process."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _ole_loops(data) or _biff_risky(data)
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "content.xml" in archive.namelist() and not _well_formed(archive.read("content.xml")):
                return True  # python-calamine may loop forever on it
            for info in archive.infolist():
                if not (info.filename.startswith("xl/worksheets/") or info.filename == "content.xml"):
                    continue
                if info.file_size > 20 * 1024 * 1024:
                    return True
                text = archive.read(info).decode("utf-8", "replace")
                refs = re.findall(r'\br="([A-Z]{1,4})(\d{1,9})"', text)
                if refs:
                    width = max(sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(col))) for col, _ in refs)
                    height = max(int(row) for _, row in refs)
                    if width * height > 2_000_000:
                        return True
                rows = [int(n) for n in re.findall(r'\br="(\d{1,9})"', text)]
                if rows and max(rows) > 200_000:
                    return True
                for number in re.findall(r'number-(?:columns|rows)-(?:repeated|spanned)="(\d+)"|text:c="(\d+)"', text):
                    value = int(number[0] or number[1])
                    if value > 100_000 or (value > 5000 and "value-type" in text):
                        return True
    except Exception:  # noqa: BLE001 - not readable here: the engine will say so, in process
        return False
    return False


def _limit_memory() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def run_isolated(path: Path, kind: str, create_missing: bool = True, limit: float = CASE_LIMIT,
                 grace: float = 30.0) -> Outcome:
    """The same check in a child process (with a memory limit): a crash or a hang there is a failure here.
    The child's own alarm cannot stop native code: after `limit` + `grace` seconds it is killed."""
    import subprocess

    command = [sys.executable, str(Path(__file__).resolve()), "check", str(path), kind, str(limit)]
    if create_missing:
        command.append("--create-missing")
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit + grace, cwd=REPO_ROOT,
                              env=dict(os.environ, RUST_BACKTRACE="0"))
    except subprocess.TimeoutExpired:  # subprocess.run kills its child
        return replace(process_hang(path.read_bytes(), limit + grace), seconds=time.monotonic() - started)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            return Outcome(**json.loads(line))
    return replace(crashed(done.returncode, done.stderr), seconds=time.monotonic() - started)


def process_hang(data: bytes, seconds: float) -> Outcome:
    """A child that the alarm could not stop (native code): what kind of file it was stuck on."""
    what = ""
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "content.xml" in archive.namelist() and not _well_formed(archive.read("content.xml")):
                    what = ": .ods content.xml not well formed"
        except Exception:  # noqa: BLE001
            pass
    return _failure("hang", f"the process did not answer within {seconds:.0f} s", f"hang (process){what}")


def crashed(code: int, stderr: str) -> Outcome:
    """A child process that died: why, from the last words it wrote (a Rust panic or a failed allocation)."""
    name = signal.Signals(-code).name if code < 0 and -code in signal.Signals._value2member_map_ else f"exit {code}"
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    allocation = [line for line in lines if line.startswith("memory allocation of")]
    panics = [line for line in lines if "panicked at" in line]
    if allocation:
        why, summary = allocation[-1], "memory allocation failed"
    elif panics:
        place = re.search(r"/src/([\w/]+\.rs):(\d+)", panics[-1])
        why, summary = panics[-1], f"panic in {place.group(1)}:{place.group(2)}" if place else "panic"
        summary = f"{summary}: {lines[lines.index(panics[-1]) + 1][:80]}" if lines[-1] != panics[-1] else summary
    else:
        why = summary = lines[-1][:200] if lines else "no message"
    return _failure("crash", f"the process died ({name}): {why}", f"crash ({name}): {summary}", stderr)


# ============================================================================ failures kept for reproduction

def save_failure(case_label: str, file_name: str, data: bytes, outcome: Outcome, folder: Path = FAILURES_DIR) -> Path:
    import hashlib

    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", outcome.signature.lower()).strip("-")[:60] or "failure"
    digest = hashlib.sha256(data).hexdigest()[:10]
    target = folder / f"{slug}-{digest}-{file_name}"
    target.write_bytes(data)
    target.with_name(target.name + ".txt").write_text(
        f"case: {case_label}\nfile: {file_name}\nverdict: {outcome.verdict}\nsignature: {outcome.signature}\n"
        f"message: {outcome.message}\nseconds: {outcome.seconds:.2f}\n\n{outcome.trace}\n", encoding="utf-8")
    return target


# ============================================================================ known bugs (tests/soak/fuzz_cases)

@dataclass(frozen=True)
class KnownBug:
    name: str
    signature: str  # a regular expression over Outcome.signature
    files: tuple[tuple[str, str], ...]  # reproducers under tests/soak/fuzz_cases: (file name, kind)
    summary: str


KNOWN_BUGS: tuple[KnownBug, ...] = (
    KnownBug("calamine-panic", r"^PanicException in services/importing/files\.py",
             (("panic-boundsheet.xls", "officers"),),
             "A Rust panic in python-calamine (a sheet's BOF offset past the end of an .xls) arrives as pyo3's "
             "PanicException, a BaseException that files.py's `except Exception` lets through."),
    KnownBug("zip-member-unreadable", r"^\w+ in services/importing/files\.py:_zip_format",
             (("mimetype-ma-hoa.ods", "attendance"), ("nen-la.ods", "attendance"),
              ("mimetype-hong.ods", "attendance"), ("ten-tep-loi.ods", "attendance")),
             "_zip_format catches BadZipFile/OSError/EOFError only: an encrypted member (RuntimeError), an unknown "
             "compression method or zip version (NotImplementedError), a damaged deflate stream (zlib.error) or a "
             "member name flagged UTF-8 that is not (UnicodeDecodeError) escape."),
    KnownBug("csv-field-limit", r"^Error in services/importing/csv_source\.py:read_csv",
             (("o-qua-dai.csv", "attendance"),),
             "A CSV field over 131,072 characters makes csv.reader raise csv.Error, which read_csv lets through."),
    KnownBug("csv-utf16-undecodable", r"^UnicodeDecodeError in services/importing/csv_source\.py:decode",
             (("utf16-le-le-byte.csv", "attendance"),),
             "A UTF-16 CSV (BOM FF FE) with an odd length or an unpaired surrogate: data.decode('utf-16') raises."),
    KnownBug("legacy-fonts-openpyxl", r"^(\w+|hang) in services/importing/fonts\.py",
             (("font-vntime-merge-nguoc.xlsx", "officers"), ("font-vntime-dimension-xfd.xlsx", "officers")),
             "legacy_font_cells iterates the sheet with openpyxl outside any try (a merge range written backwards "
             "raises ValueError, a bad style id or XML too), and over the declared dimension: "
             "<dimension ref=\"A1:XFD1048576\"/> with a .VnTime font means 17 billion cells."),
    KnownBug("blank-key-cell", r"^KeyError in services/importing/preview\.py",
             (("ten-chi-co-dau-cach.xlsx", "attendance"), ("ten-lop-zero-width.csv", "courses")),
             "A name or course title cell holding only spaces, a zero-width space or FALSE counts as a row (the raw "
             "cell is not empty) but converts to nothing; preview then reads values['full_name'] / ['title']."),
    KnownBug("huge-sheet", r"^crash \(SIG\w+\): memory allocation failed|^hang on a huge sheet",
             (("o-xa-XFD1048576.xlsx", "attendance"), ("dimensions-nguoc.xls", "officers"),
              ("dong-lap-trieu-lan.ods", "attendance")),
             "python-calamine builds a dense grid as far as the farthest cell: one cell at XFD1048576 in a 2 KB "
             ".xlsx, an .xls DIMENSIONS record written backwards (calamine subtracts), a valued .ods row repeated a "
             "million times. The allocation fails and aborts the process (SIGABRT: no exception, the window "
             "vanishes), or millions of cells keep the import busy for minutes."),
    KnownBug("ole-chain-loop", r"^crash \(SIG\w+\): memory allocation failed",
             (("chuoi-sector-vong.xls", "officers"),),
             "An .xls whose sector chain loops (FAT entry pointing to itself): python-calamine follows it forever, "
             "doubling a buffer until the allocation fails and the process aborts."),
    KnownBug("ole-difat-loop", r"^crash \(SIG\w+\): memory allocation failed",
             (("difat-vong.xls", "courses"),),
             "An .xls whose chain of DIFAT sectors (the allocation table's own index, after the header's 109 "
             "slots) loops: python-calamine reads it forever, its table growing until the allocation fails."),
    KnownBug("ods-open-table-loops", r"^hang \(process\): \.ods content\.xml not well formed",
             (("bang-khong-dong.ods", "attendance"),),
             "An .ods whose content.xml ends before </table:table> (or closes it with another tag): python-calamine "
             "loops forever inside CalamineWorkbook.from_path. Native code: no alarm, no cancel button stops it; "
             "the import freezes for good."),
    KnownBug("wide-header-slow", r"^hang in services/importing/(columns|header)\.py",
             (("tieu-de-150000-cot.csv", "attendance"),),
             "Header detection reads every cell of the first 62 rows, and columns.recognise tries every synonym "
             "with startswith for each (about 40 µs a cell): one row of 150,000 cells takes seconds."),
    KnownBug("csv-sniffer-quadratic", r"^hang in services/importing/csv_source\.py:sniff_delimiter",
             (("dong-dai-120000-ky-tu.csv", "attendance"),),
             "csv.Sniffer's regular expressions take quadratic time: a 120,000-character line takes seconds, "
             "400,000 characters minutes."),
)


def known_bug(outcome: Outcome) -> KnownBug | None:
    if outcome.verdict != FAILED:
        return None
    return next((bug for bug in KNOWN_BUGS if re.search(bug.signature, outcome.signature)), None)


# --- the reproducers, written by `python tests/soak/fuzz_imports.py make-cases`

SMALL_LIST = [["DANH SÁCH HỌC VIÊN"], ["STT", "Họ và tên", "Năm sinh", "Đơn vị"],
              [1, "Nguyễn Văn An", 1980, "Phân xưởng May"], [2, "Trần Thị Hoà", 1988, "Phòng Kỹ thuật"]]


def _zip_entry_patch(data: bytes, member: str, patch) -> bytes:
    """Apply `patch(out, central_offset, local_offset)` to the headers of one member."""
    out = bytearray(data)
    for central in _central_entries(data):
        name_length = struct.unpack_from("<H", out, central + 28)[0]
        if bytes(out[central + 46:central + 46 + name_length]) == member.encode():
            patch(out, central, struct.unpack_from("<I", out, central + 42)[0])
    return bytes(out)


def _biff_patch(data: bytes, kind: int, offset: int, value: bytes) -> bytes:
    offsets = _ole_stream(data)
    stream = bytes(data[o] for o in offsets)
    out, pos = bytearray(data), 0
    while pos + 4 <= len(stream):
        record, size = struct.unpack_from("<HH", stream, pos)
        if record == kind:
            for i, byte in enumerate(value):
                out[offsets[pos + 4 + offset + i]] = byte
            return bytes(out)
        pos += 4 + size
    raise ValueError(f"no record {kind:#06x}")


def _sheet_xml_edit(data: bytes, edit) -> bytes:
    members = _members(data)
    members = [(info, edit(content.decode()).encode() if info.filename == "xl/worksheets/sheet1.xml" else content)
               for info, content in members]
    return _pack(members)


def _formatted_far(sheet_xml: str) -> str:
    """Rows formatted down to row 20,000 and a dimension across to column XFD, as an office template has them:
    no values there (calamine reads 8 rows), but openpyxl walks 20,000 x 16,384 cells."""
    rows = "".join(f'<row r="{r}"><c r="A{r}" s="1"/></row>' for r in range(20, 20_001))
    sheet_xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD20000"/>', sheet_xml, count=1)
    return sheet_xml.replace("</sheetData>", rows + "</sheetData>", 1)


def reproducers() -> dict[str, bytes]:
    xls = (FIXTURES / "danh-sach-bch-tcvn3.xls").read_bytes()
    ods = write_ods([Sheet("DS", SMALL_LIST)])
    tcvn3 = _roster_tcvn3()
    tcvn3_xlsx = write_xlsx([tcvn3])
    deflated = io.BytesIO()
    with zipfile.ZipFile(deflated, "w") as archive:  # "mimetype" deflated, then its deflate data damaged
        for info, content in _members(ods):
            archive.writestr(zipfile.ZipInfo(info.filename, STAMP), content, zipfile.ZIP_DEFLATED)

    def damage_mimetype(out, central, local):
        start = local + 30 + sum(struct.unpack_from("<HH", out, local + 26))
        out[start] = 0xFF

    def encrypted(out, central, local):
        out[central + 8] |= 1
        out[local + 6] |= 1

    def method_99(out, central, local):
        struct.pack_into("<H", out, central + 10, 99)
        struct.pack_into("<H", out, local + 8, 99)

    def bad_utf8_name(out, central, local):
        out[central + 9] |= 0x08  # general purpose bit 11: the name is UTF-8
        out[central + 46 + 4] = 0xFF  # "META\xff..."

    directory = struct.unpack_from("<I", xls, 0x30)[0]
    fat_sector = struct.unpack_from("<I", xls, 0x4C)[0]
    looping = bytearray(xls)
    struct.pack_into("<I", looping, (fat_sector + 1) * 512 + 4 * directory, directory)
    difat_loop = bytearray(xls)  # one DIFAT sector (the first data sector) whose "next" names itself
    struct.pack_into("<II", difat_loop, 0x44, 0, 1)
    struct.pack_into("<I", difat_loop, 2 * 512 - 4, 0)
    first_person = b'<table:table-row><table:table-cell office:value-type="float" office:value="1"'
    million = [(info, content.replace(first_person, first_person.replace(
        b"<table:table-row>", b'<table:table-row table:number-rows-repeated="1000000">'), 1))
        for info, content in _members(ods)]
    return {
        "panic-boundsheet.xls": _biff_patch(xls, 0x0085, 0, b"\xff\xff\xff\xff"),
        "mimetype-ma-hoa.ods": _zip_entry_patch(ods, "mimetype", encrypted),
        "nen-la.ods": _zip_entry_patch(ods, "mimetype", method_99),
        "mimetype-hong.ods": _zip_entry_patch(deflated.getvalue(), "mimetype", damage_mimetype),
        "ten-tep-loi.ods": _zip_entry_patch(ods, "META-INF/manifest.xml", bad_utf8_name),
        "o-qua-dai.csv": ("\ufeffHọ và tên;Năm sinh\r\n" + "x" * 140_000 + ";1980\r\n").encode("utf-8"),
        "utf16-le-le-byte.csv": b"\xff\xfe" + "Họ và tên\tNăm sinh\r\nNguyễn Văn An\t1980\r\n".encode("utf-16-le")
                                + b"A",
        "font-vntime-merge-nguoc.xlsx": _sheet_xml_edit(tcvn3_xlsx, lambda x: x.replace(
            "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="B9332:C32"/></mergeCells>', 1)),
        "font-vntime-dimension-xfd.xlsx": _sheet_xml_edit(tcvn3_xlsx, _formatted_far),
        "ten-chi-co-dau-cach.xlsx": write_xlsx([Sheet("DS", SMALL_LIST + [[3, " ", 1990, "Kho"]])]),
        "ten-lop-zero-width.csv": "\ufeffSTT,Tên lớp,Từ ngày\r\n1,Lớp kỹ năng,12/03/2025\r\n2,\u200b,14/03/2025\r\n"
                                  .encode("utf-8"),
        "o-xa-XFD1048576.xlsx": _sheet_xml_edit(write_xlsx([Sheet("DS", SMALL_LIST)]),
                                                lambda x: x.replace('r="D4"', 'r="XFD1048576"', 1)),
        "dimensions-nguoc.xls": _biff_patch(xls, 0x0200, 0, struct.pack("<I", 0x320000)),
        "dong-lap-trieu-lan.ods": _pack(million),
        "chuoi-sector-vong.xls": bytes(looping),
        "difat-vong.xls": bytes(difat_loop),
        "bang-khong-dong.ods": _pack([(info, content[:content.index(b"</table:table>")]  # the table left open
                                       if info.filename == "content.xml" else content)
                                      for info, content in _members(ods)]),
        "tieu-de-150000-cot.csv": ("\ufeffHọ và tên;" + ";".join(["x"] * 150_000) + "\r\nNguyễn Văn An;1\r\n")
                                  .encode("utf-8"),
        "dong-dai-120000-ky-tu.csv": ("Họ và tên,Năm sinh\r\n" + 'a,b;c\t"d" ' * 12_000 + "\r\n"
                                      "Nguyễn Văn An,1980\r\n").encode("utf-8"),
    }


def make_cases(folder: Path = CASES_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in reproducers().items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written


# ============================================================================ command line (child processes)

def _check_main(path: str, kind: str, limit: float, create_missing: bool) -> int:
    _limit_memory()
    with tempfile.TemporaryDirectory(prefix="fuzz-check-") as folder:
        book = FuzzBook(Path(folder))
        try:
            outcome = book.check(Path(path), kind, create_missing, limit)
        finally:
            book.close()
    print(json.dumps(outcome.as_json(), ensure_ascii=False), flush=True)
    return 0


def _worker_main(master_seed: int, limit: float, work: Path) -> int:
    """Read case numbers from stdin, answer one JSON line each (the case's file stays in `work` while it runs,
    so that a case that takes the process down can be found)."""
    _limit_memory()
    work.mkdir(parents=True, exist_ok=True)
    book = FuzzBook(work / "book")
    for line in sys.stdin:
        index = int(line)
        case = case_for(master_seed, index)
        started = time.monotonic()
        try:
            data = build(case)
        except Exception as error:  # noqa: BLE001 - a bug of the fuzzer, not of the engine
            print(json.dumps({"index": index, "label": case.label, "error": f"building the case failed: {error!r}",
                              "trace": traceback.format_exc()}), flush=True)
            continue
        built = time.monotonic() - started
        print(json.dumps({"built": index}), flush=True)  # the parent's hard limit counts from here
        path = work / "current" / case.file_name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        outcome = book.check(path, case.kind, case.create_missing, limit)
        path.unlink(missing_ok=True)
        print(json.dumps({"index": index, "label": case.label, "build": built, "bytes": len(data),
                          **outcome.as_json()}, ensure_ascii=False), flush=True)
    book.close()
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["check"]:
        return _check_main(argv[1], argv[2], float(argv[3]), "--create-missing" in argv)
    if argv[:1] == ["case"]:
        case = Case.parse(argv[1])
        FAILURES_DIR.mkdir(parents=True, exist_ok=True)
        path = FAILURES_DIR / case.file_name
        path.write_bytes(build(case))
        outcome = run_isolated(path, case.kind, case.create_missing)
        print(f"{path}\n{outcome.verdict}: {outcome.signature or outcome.message}\n{outcome.trace}")
        return 0 if outcome.verdict != FAILED else 1
    if argv[:1] == ["make-cases"]:
        for path in make_cases():
            print(path.relative_to(REPO_ROOT))
        return 0
    if argv[:1] == ["worker"]:
        return _worker_main(int(argv[1]), float(argv[2]), Path(argv[3]))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

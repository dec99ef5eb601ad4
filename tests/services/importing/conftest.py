"""Fixtures for the import engine: spreadsheet and CSV files built in the test, the committed real files,
and a course to import attendance into."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from desktop.domain.training import Course
from desktop.i18n import _

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "imports"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def write_xlsx(tmp_path):
    """write_xlsx(rows, name=..., merges=[...], fonts={"B5": ".VnTime"}, formats={"C5": "dd/mm/yyyy"},
    sheets={"Other": rows}) -> path of a real .xlsx written with openpyxl."""

    def write(rows, name: str = "danh-sach.xlsx", *, sheet: str = "Danh sách", merges=(), fonts=None,
              formats=None, sheets=None) -> Path:
        workbook = Workbook()
        ws = workbook.active
        ws.title = sheet
        for row in rows:
            ws.append(list(row))
        for span in merges:
            ws.merge_cells(span)
        for cell, font in (fonts or {}).items():
            ws[cell].font = Font(name=font)
        for cell, number_format in (formats or {}).items():
            ws[cell].number_format = number_format
        for other, other_rows in (sheets or {}).items():
            extra = workbook.create_sheet(other)
            for row in other_rows:
                extra.append(list(row))
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


@pytest.fixture
def write_bytes(tmp_path):
    def write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write


@pytest.fixture
def course_id(services) -> int:
    return services.training.add_course(Course("Tập huấn nghiệp vụ công tác công đoàn",
                                               start_date=date(2025, 3, 12), end_date=date(2025, 3, 14)))


@pytest.fixture
def messages():
    """The rendered (Vietnamese) messages of a list of problems."""

    def render(problems) -> list[str]:
        return [problem.render(_) for problem in problems]

    return render


@pytest.fixture
def header_block() -> list[list]:
    """The document header block above a table: union names at left, the national motto at right."""
    return [["LIÊN ĐOÀN LAO ĐỘNG TỈNH NAM ĐỊNH", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            ["CÔNG ĐOÀN CÁC KHU CÔNG NGHIỆP", None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
            []]

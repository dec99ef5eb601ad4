"""The evaluation sheets (PDF for paper signing) and the Excel tables."""
from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from desktop.domain.errors import NotFoundError
from pdf_facts import MM, find, fonts, pages


@pytest.fixture(scope="module")
def year_sheets(tmp_path_factory, demo_master):
    import shutil
    from datetime import timedelta, timezone

    from desktop.services.book import open_book
    from desktop.services.reports import ReportService

    folder = tmp_path_factory.mktemp("phieu")
    book = folder / "so.socanbo"
    shutil.copyfile(demo_master, book)
    when = datetime(2026, 1, 5, 9, 30, tzinfo=timezone(timedelta(hours=7)))
    with open_book(book, read_only=True, clock=lambda: when) as services:
        count = len(services.evaluations.rows(2025))
        page_count = ReportService(services).export_sheets(2025, folder / "phieu.pdf")
    return folder / "phieu.pdf", count, page_count


def test_one_sheet_of_one_or_two_pages_per_person(year_sheets):
    path, people, page_count = year_sheets
    found = pages(path)
    assert len(found) == page_count
    starts = [p.number for p in found if any(l.text == "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ CÔNG ĐOÀN" for l in p.lines)]
    assert len(starts) == people
    gaps = [b - a for a, b in zip(starts, starts[1:] + [len(found) + 1])]
    assert all(1 <= gap <= 2 for gap in gaps), gaps


def test_each_sheet_numbers_its_own_pages_from_its_second_page(year_sheets):
    path, _people, _pages = year_sheets
    for page in pages(path):
        top = [l.text for l in page.lines if l.y0 > page.height - 20 * MM]
        is_first = any(l.text == "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ CÔNG ĐOÀN" for l in page.lines)
        assert top == ([] if is_first else ["2"]), (page.number, top)


def test_a_sheet_has_the_criteria_the_three_columns_and_the_signature_lines(year_sheets):
    path, _people, _pages = year_sheets
    found = pages(path)
    first, second = found[0], found[1]
    texts = [l.text for l in first.lines + second.lines]
    joined = " ".join(texts)
    for header in ("Cá nhân", "tự chấm", "Tập thể", "BCH", "chấm", "Kết luận", "Điểm", "tối đa", "Tổng cộng"):
        assert header in joined, header
    assert any(t.startswith("Bản lĩnh, dám nghĩ, dám làm") for t in texts)
    assert any(t.startswith("Họ và tên:") for t in texts)
    assert "NGƯỜI TỰ ĐÁNH GIÁ" in texts and "TM. BAN CHẤP HÀNH" in texts and "(Ký, ghi rõ họ tên)" in texts
    assert all(font["embedded"] for font in fonts(path))
    assert find(first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold


def test_a_single_persons_sheet(reports, tmp_path):
    page_count = reports.export_sheets(2025, tmp_path / "mot.pdf", person_id=1)
    assert 1 <= page_count <= 2
    texts = [l.text for p in pages(tmp_path / "mot.pdf") for l in p.lines]
    assert "Họ và tên: Nguyễn Minh Tuấn" in texts


def test_no_evaluations_no_sheets(reports, tmp_path):
    with pytest.raises(NotFoundError):
        reports.export_sheets(2031, tmp_path / "x.pdf")


def test_excel_export(services, small_book, tmp_path, reports_at):
    path = reports_at(services).export_excel(2025, tmp_path / "bang.xlsx")
    book = openpyxl.load_workbook(path)
    assert {"Đội ngũ", "Danh sách cán bộ", "Đánh giá", "Bảng điểm 2025", "Lớp học", "Chỉ tiêu"} <= set(book.sheetnames)
    evaluation = book["Đánh giá"]
    assert evaluation["B2"].value == "Nguyễn Văn An"
    assert evaluation["D2"].value == 14 and evaluation["D2"].data_type == "n"  # a number, not text
    course = book["Lớp học"]
    assert course["B2"].value == "=SUM(A1) Nghiệp vụ công đoàn"
    assert course["B2"].data_type == "s" and course["B2"].quotePrefix  # shown as text, never run
    assert isinstance(course["E2"].value, datetime) and course["E2"].number_format == "DD/MM/YYYY"
    detail = book["Bảng điểm 2025"]
    remarks = [c for row in detail.iter_rows() for c in row if c.value == "=1+2 làm việc tốt"]
    assert remarks and all(c.data_type == "s" and c.quotePrefix for c in remarks)
    people = book["Danh sách cán bộ"]
    phones = {people.cell(r, 2).value: people.cell(r, 9) for r in range(2, people.max_row + 1)}
    assert phones["Nguyễn Văn An"].value == "0903 456 712" and phones["Nguyễn Văn An"].data_type == "s"
    assert phones["Lê Thị Cúc"].value == "+84 912 345 678" and phones["Lê Thị Cúc"].data_type == "s"
    assert not any(c.data_type == "f" for sheet in book for row in sheet.iter_rows() for c in row)


def test_the_evaluation_table_alone(services, small_book, tmp_path, reports_at):
    path = reports_at(services).export_evaluation_table(2025, tmp_path / "danh-gia.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Bảng điểm 2025"]
    sheet = book["Bảng điểm 2025"]
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["Họ và tên", "TC1 tự chấm", "TC1 tập thể", "TC1 kết luận"]
    assert sheet.max_row == 1 + 4  # the four people evaluated in 2025
    names = [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)]
    assert "Nguyễn Văn An" in names


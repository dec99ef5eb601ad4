"""The year's evaluation table in Excel, read back with python-calamine and compared with the book."""
import pytest
from python_calamine import CalamineWorkbook

from desktop.i18n import _
from desktop.services.book import open_book
from desktop.services.demo import write_demo_book
from desktop.services.reports import ReportService


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "demo.socanbo"
    write_demo_book(path)
    return path


@pytest.mark.parametrize("year", [2024, 2025])
def test_the_exported_table_holds_what_the_book_holds(demo, tmp_path, year):
    out = tmp_path / f"danh-gia-{year}.xlsx"
    with open_book(demo, read_only=True) as services:
        ReportService(services).export_evaluation_table(year, out)
        rows = services.evaluations.rows(year)
    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    header, body = sheet[0], sheet[1:]
    assert len(body) == len(rows)
    column = {name: index for index, name in enumerate(header)}
    for cells, row in zip(body, rows):
        assert cells[column["Họ và tên"]] == row.person.full_name
        for criterion in row.criteria_set.criteria:
            score = row.evaluation.score(criterion.number)
            for label, value in (("tự chấm", score.self_points), ("tập thể", score.committee_points),
                                 ("kết luận", score.final_points)):
                cell = cells[column[f"TC{criterion.number} {label}"]]
                assert cell == ("" if value is None else value)  # numbers stay numbers, never text
        total = cells[column["Tổng kết luận"]]
        assert total == ("" if row.total is None else row.total)
        level = row.evaluation.final_level
        assert cells[column["Xếp loại kết luận"]] == (_(level.label) if level else "")


def test_no_cell_is_a_formula(demo, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "danh-gia.xlsx"
    with open_book(demo, read_only=True) as services:
        ReportService(services).export_evaluation_table(2024, out)
    sheet = load_workbook(out).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_working_year_is_the_latest_open_year_with_evaluations(tmp_path):
    from datetime import datetime, timedelta, timezone

    path = tmp_path / "demo.socanbo"
    write_demo_book(path)
    vn = timezone(timedelta(hours=7))
    with open_book(path, clock=lambda: datetime(2026, 1, 10, 9, tzinfo=vn)) as services:
        assert services.evaluations.working_year() == 2025  # January: last year's evaluation is still open
        services.evaluations.clock = lambda: datetime(2024, 6, 1, 9, tzinfo=vn)
        assert services.evaluations.working_year() == 2024  # no open year up to then: this year

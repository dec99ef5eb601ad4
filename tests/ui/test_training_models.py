"""The training page's table models without widgets: what each column shows, Vietnamese dates and labels,
the attendance model's edits, and Qt's model contract (qtmodeltester)."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt

from desktop.domain.training import Attendance, Course
from desktop.services.importing import KINDS, PROBLEM, preview, read_table
from desktop.services.importing.columns import known_fields
from desktop.services.training import AttendanceRow, CourseRow
from desktop.ui.dialogs.import_steps import guess_kind
from desktop.ui.models.attendance_model import AttendanceModel, PersonTrainingModel
from desktop.ui.models.course_model import CourseModel, course_dates, course_length, course_lines, place_and_mode
from desktop.ui.models.import_preview_model import (FIELD_LABELS, ImportHistoryModel, PreviewFilter, PreviewModel,
                                                    import_records, preview_lines, value_text)
from desktop.ui.widgets.coverage_view import MissingModel, MissingPerson

SAFETY = Course("Huấn luyện an toàn, vệ sinh lao động", "safety", "Công đoàn KCN", date(2025, 7, 10),
                date(2025, 7, 11), 2, None, "Hội trường Công ty", "in_person", "An toàn, vệ sinh viên", id=1)
LAW = Course("Phổ biến Luật Công đoàn năm 2024", "law", "LĐLĐ Thành phố", date(2025, 3, 25), date(2025, 3, 25),
             None, 3, "", "online", "Cán bộ công đoàn cơ sở", source="ke-hoach-2025.xlsx", id=2)


def attendance_rows() -> list[AttendanceRow]:
    return [AttendanceRow(Attendance(1, 10, "present", "excellent", "GCN-01", id=1), SAFETY, "Trần Thị Hoà"),
            AttendanceRow(Attendance(1, 11, "sent", None, "", id=2), SAFETY, "Nguyễn Văn An"),
            AttendanceRow(Attendance(1, 12, "absent", None, "", id=3), SAFETY, "Lê Văn Tư")]


def texts(model, row: int) -> list[str]:
    return [model.index(row, column).data() for column in range(model.columnCount())]


def test_course_rows_show_dates_length_place_and_people():
    lines = course_lines([CourseRow(LAW, 2), CourseRow(SAFETY, 3)], attendance_rows())
    model = CourseModel()
    model.set_rows(lines)
    assert texts(model, 0) == ["Phổ biến Luật Công đoàn năm 2024", "Pháp luật", "LĐLĐ Thành phố", "25/03/2025",
                               "3 giờ", "Trực tuyến", "Cán bộ công đoàn cơ sở", "0/2"]
    assert texts(model, 1)[CourseModel.DATES:CourseModel.PLACE + 1] == ["10/07/2025 – 11/07/2025", "2 ngày",
                                                                        "Hội trường Công ty"]
    assert model.index(1, CourseModel.PEOPLE).data() == "1/3"
    assert model.index(1, CourseModel.PEOPLE).data(Qt.ItemDataRole.ToolTipRole) == (
        "1 người có mặt / 3 người trong danh sách")
    assert "Nhập từ tệp ke-hoach-2025.xlsx" in model.index(0, CourseModel.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(CourseModel.LENGTH, Qt.Orientation.Horizontal) == "Thời lượng"


def test_dates_lengths_and_online_places():
    assert course_dates(Course("A", start_date=date(2025, 1, 5))) == "05/01/2025"
    assert course_dates(Course("A", end_date=date(2025, 1, 5))) == "05/01/2025"
    assert course_dates(Course("A")) == ""
    assert course_length(Course("A", days=1.5)) == "1,5 ngày"
    assert course_length(Course("A")) == ""
    assert place_and_mode(Course("A", place="Zoom", mode="online")) == "Trực tuyến – Zoom"
    assert place_and_mode(Course("A", place="Lớp trực tuyến", mode="online")) == "Lớp trực tuyến"
    assert place_and_mode(Course("A", place="Hội trường")) == "Hội trường"


def test_attendance_columns_are_radio_like_and_edits_go_through_save():
    saved = []
    model = AttendanceModel(save=lambda record: saved.append(record) or True)
    model.set_rows(attendance_rows())
    checked = Qt.CheckState.Checked
    state = [[model.index(row, column).data(Qt.ItemDataRole.CheckStateRole) == checked for column in (1, 2, 3)]
             for row in range(3)]
    assert state == [[False, True, False], [True, False, False], [False, False, True]]
    assert model.index(0, AttendanceModel.RESULT).data() == "Giỏi"
    # The result is editable only for someone who came; the certificate always.
    assert model.flags(model.index(0, AttendanceModel.RESULT)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(1, AttendanceModel.RESULT)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(1, AttendanceModel.CERTIFICATE)) & Qt.ItemFlag.ItemIsEditable

    # Ticking "absent" for someone who came drops the result; an unticked box cannot be "unticked".
    assert model.setData(model.index(0, AttendanceModel.ABSENT), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert saved[-1] == Attendance(1, 10, "absent", None, "GCN-01", id=1)
    assert not model.setData(model.index(0, AttendanceModel.ABSENT), Qt.CheckState.Unchecked,
                             Qt.ItemDataRole.CheckStateRole)
    assert model.set_status(1, "present")
    assert model.setData(model.index(1, AttendanceModel.RESULT), "good")
    assert model.setData(model.index(1, AttendanceModel.CERTIFICATE), "  GCN-07 ")
    assert saved[-1] == Attendance(1, 11, "present", "good", "GCN-07", id=2)
    assert not model.setData(model.index(1, AttendanceModel.RESULT), "brilliant")
    assert model.index(1, AttendanceModel.RESULT).data() == "Khá"


def test_a_refused_save_leaves_the_row_as_it_was():
    model = AttendanceModel(save=lambda record: False)
    model.set_rows(attendance_rows())
    assert not model.set_status(1, "present")
    assert model.row(1).attendance.status == "sent"


def test_person_history_model_in_vietnamese():
    model = PersonTrainingModel()
    model.set_rows(attendance_rows()[:1])
    assert texts(model, 0) == ["Huấn luyện an toàn, vệ sinh lao động", "An toàn, vệ sinh lao động",
                               "10/07/2025 – 11/07/2025", "Có mặt", "Giỏi", "GCN-01"]


def test_every_column_role_has_a_label():
    for kind in KINDS:
        assert known_fields(kind) <= set(FIELD_LABELS), kind
    assert value_text("start_date", date(2025, 3, 9)) == "09/03/2025"
    assert value_text("result", "fail") == "Không đạt"
    assert value_text("place", "") == "(trống)"


@pytest.mark.parametrize("name, kind", [
    ("ke-hoach-dao-tao-2025.xlsx", "courses"), ("Ket qua lop nghiep vu.xls", "attendance"),
    ("danh-sach-BCH-2023.ods", "officers"), ("tai-lieu.csv", "courses")])
def test_a_dropped_file_is_guessed_from_its_name(name, kind):
    assert guess_kind(name) == kind


def test_preview_lines_carry_the_exact_problem(services, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in (["Tên lớp", "Từ ngày", "Đến ngày"], ["Lớp A", "12/03/2025", "14/03/2025"],
                ["Lớp B", "31/02/2025", ""]):
        sheet.append(row)
    workbook.save(tmp_path / "ke-hoach.xlsx")
    plan = preview(services, read_table(tmp_path / "ke-hoach.xlsx", "courses"), "courses")
    lines = preview_lines(plan)
    assert [(line.row, line.status) for line in lines] == [(2, "new"), (3, PROBLEM)]
    assert lines[1].message == "Dòng 3, cột B: ngày 31/02/2025 không hợp lệ."
    assert lines[0].details == "12/03/2025 – 14/03/2025"


def test_models_pass_the_model_tester(qtmodeltester, services, tmp_path):
    courses = CourseModel()
    courses.set_rows(course_lines([CourseRow(LAW, 2), CourseRow(SAFETY, 3)], attendance_rows()))
    qtmodeltester.check(courses)
    attendance = AttendanceModel(save=lambda record: True)
    attendance.set_rows(attendance_rows())
    qtmodeltester.check(attendance)
    history = PersonTrainingModel()
    history.set_rows(attendance_rows())
    qtmodeltester.check(history)
    imports = ImportHistoryModel()
    imports.set_rows(import_records([{"kind": "courses", "file_name": "ke-hoach.xlsx", "sha256": "ab" * 32,
                                      "imported_at": datetime(2025, 6, 15, 9, 30).isoformat(), "added": 3,
                                      "updated": 0, "duplicates": 1, "skipped": 1}]))
    qtmodeltester.check(imports)
    assert texts(imports, 0) == ["15/06/2025 09:30", "Kế hoạch đào tạo", "ke-hoach.xlsx", "3", "0", "1", "1"]
    missing = MissingModel()
    missing.set_rows([MissingPerson(1, "Nguyễn Văn An", "Chủ tịch", "Chưa dự lớp nào trong kỳ")])
    qtmodeltester.check(missing)

    from openpyxl import Workbook

    workbook = Workbook()
    for row in (["Tên lớp", "Từ ngày"], ["Lớp A", "12/03/2025"], ["Lớp B", "Tháng 4/2025"]):
        workbook.active.append(row)
    workbook.save(tmp_path / "plan.xlsx")
    lines = preview_lines(preview(services, read_table(tmp_path / "plan.xlsx", "courses"), "courses"))
    model = PreviewModel()
    model.set_rows(lines)
    qtmodeltester.check(model)
    only_problems = PreviewFilter()
    only_problems.setSourceModel(model)
    only_problems.set_statuses((PROBLEM,))
    qtmodeltester.check(only_problems)
    assert only_problems.rowCount() == 1 and only_problems.index(0, PreviewModel.ROW).data() == "3"

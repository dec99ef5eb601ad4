"""The import wizard on real widgets, real files built with openpyxl and a real temporary book: a course plan
dropped on the training page, previewed with its exact problem cell, imported, and imported again without
duplicates; a result list whose people are picked, created or skipped; columns re-mapped; a roster of
officers; the Stop button while the file is read; a bad file that changes nothing."""
from __future__ import annotations

import threading
import time
import warnings
from datetime import date

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.domain.officers import Sex
from desktop.domain.training import Course
from desktop.services.importing import AMBIGUOUS, DUPLICATE, NEW, PROBLEM, UNMATCHED
from desktop.ui.dialogs import import_wizard
from desktop.ui.dialogs.import_wizard import CHOOSE, COLUMNS, DONE, PREVIEW, READING, ImportWizard
from desktop.ui.models.import_preview_model import PreviewModel
from desktop.ui.pages.training import TrainingPage

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def _no_reader_left_behind():
    """A read still running on the thread pool must not outlive its test (and its book)."""
    yield
    QThreadPool.globalInstance().waitForDone(30000)


@pytest.fixture
def training_page(qtbot, session):
    page = TrainingPage(session)
    qtbot.addWidget(page)
    page.resize(1180, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, LEFT)


def click_choice(qtbot, radio) -> None:
    """On the radio button itself (the widget is as wide as the panel; its text is at the left)."""
    qtbot.mouseClick(radio, LEFT, pos=QPoint(8, radio.height() // 2))


def write_xlsx(path, rows, merges=()):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kế hoạch"
    for row in rows:
        sheet.append(list(row))
    for span in merges:
        sheet.merge_cells(span)
    workbook.save(path)
    return path


def course_plan(path):
    """The superior union's plan as it comes: document header, title, header, numbering row, group headings,
    a date that does not exist, a totals row and the signature block."""
    return write_xlsx(path, [
        ["LIÊN ĐOÀN LAO ĐỘNG TỈNH NAM ĐỊNH", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["CÔNG ĐOÀN CÁC KHU CÔNG NGHIỆP", None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
        [],
        ["KẾ HOẠCH ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ CÔNG ĐOÀN NĂM 2025"],
        ["STT", "Tên lớp", "Đơn vị tổ chức", "Từ ngày", "Đến ngày", "Địa điểm", "Hình thức"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
        ["I. LỚP DO LIÊN ĐOÀN LAO ĐỘNG TỈNH TỔ CHỨC"],
        [1, "Tập huấn nghiệp vụ công tác công đoàn", "LĐLĐ tỉnh", "12/03/2025", "14/03/2025", "Hội trường LĐLĐ",
         "Trực tiếp"],
        [2, "Kỹ năng thương lượng tập thể", "LĐLĐ tỉnh", "09/04/2025", "10/04/2025", "Hội trường LĐLĐ", "Trực tiếp"],
        ["II. LỚP DO CÔNG ĐOÀN CÁC KCN TỔ CHỨC"],
        [3, "Bồi dưỡng công tác an toàn, vệ sinh lao động", "Công đoàn các KCN", date(2025, 5, 23),
         date(2025, 5, 23), "", "Trực tuyến"],
        [4, "Thực hiện dân chủ ở cơ sở", "Công đoàn các KCN", "31/02/2025", "", "Nhà văn hóa KCN", "Trực tiếp"],
        [None, "Tổng cộng: 4 lớp"],
        [],
        [None, "NGƯỜI LẬP BIỂU", None, None, None, "TM. BAN THƯỜNG VỤ"],
    ], merges=("A4:G4", "A7:G7", "A10:G10"))


def drop(qtbot, page, path) -> ImportWizard:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    with warnings.catch_warnings():  # PySide marks the QPoint constructor deprecated; Qt 6 has no other
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(QPoint(40, 40), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                                Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(page, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(page, QDropEvent(QPointF(40, 40), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                                            Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: isinstance(page.active_dialog, ImportWizard))
    return page.active_dialog


def read(qtbot, wizard: ImportWizard, until=PREVIEW) -> None:
    click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: wizard.step == until, timeout=20000)


def lines(wizard: ImportWizard):
    return wizard.preview_step.model.rows()


def test_a_dropped_course_plan_round_trip(qtbot, training_page, services, tmp_path):
    page = training_page
    path = course_plan(tmp_path / "ke-hoach-dao-tao-2025.xlsx")
    wizard = drop(qtbot, page, path)
    assert wizard.step == CHOOSE and wizard.choose.kind() == "courses" and wizard.choose.file_path() == path
    assert wizard.next_button.text() == "Đọc tệp"

    read(qtbot, wizard)
    step = wizard.preview_step
    assert [(line.row, line.status, line.subject) for line in lines(wizard)] == [
        (8, NEW, "Tập huấn nghiệp vụ công tác công đoàn"), (9, NEW, "Kỹ năng thương lượng tập thể"),
        (11, NEW, "Bồi dưỡng công tác an toàn, vệ sinh lao động"), (12, PROBLEM, "Thực hiện dân chủ ở cơ sở")]
    problem = step.model.index(3, PreviewModel.MESSAGE)
    assert problem.data() == "Dòng 12, cột D: ngày 31/02/2025 không hợp lệ."
    assert step.model.index(3, PreviewModel.STATUS).data() == "Có lỗi"
    assert step.model.index(0, PreviewModel.DETAILS).data() == "12/03/2025 – 14/03/2025 · LĐLĐ tỉnh · Hội trường LĐLĐ"
    assert step.summary.text() == "Tệp ke-hoach-dao-tao-2025.xlsx, trang tính “Kế hoạch”, tiêu đề cột ở dòng 5."
    assert step.counts.text() == "Sẽ ghi vào sổ: 3 mới, 0 cập nhật; 0 đã có trong sổ; 1 dòng bỏ qua."
    step.show_box.setCurrentIndex(step.show_box.findData("attention"))
    assert step.proxy.rowCount() == 1 and step.show_box.currentText() == "Cần xem: dòng lỗi và người cần chọn (1)"
    assert services.training.count_courses() == 0, "nothing is written before the user imports"

    click(qtbot, wizard.next_button)
    assert wizard.step == DONE
    assert wizard.done_step.text.text().startswith(
        "ke-hoach-dao-tao-2025.xlsx: 3 mới, 0 cập nhật, 0 đã có trong sổ, 1 bỏ qua.")
    assert "• Dòng 12, cột D: ngày 31/02/2025 không hợp lệ." in wizard.done_step.problems.text()
    click(qtbot, wizard.close_button)
    assert page.active_dialog is None
    assert [line.course.title for line in page.model.rows()] == [
        "Tập huấn nghiệp vụ công tác công đoàn", "Kỹ năng thương lượng tập thể",
        "Bồi dưỡng công tác an toàn, vệ sinh lao động"]
    courses = {row.course.title: row.course for row in services.training.courses()}
    safety = courses["Bồi dưỡng công tác an toàn, vệ sinh lao động"]
    assert (safety.topic, safety.mode, safety.start_date, safety.source) == (
        "safety", "online", date(2025, 5, 23), "ke-hoach-dao-tao-2025.xlsx")

    # The history of imports shows it.
    page.tabs.setCurrentIndex(page.HISTORY_TAB)
    assert [page.history_model.index(0, c).data() for c in range(7)] == [
        "15/06/2025 09:30", "Kế hoạch đào tạo", "ke-hoach-dao-tao-2025.xlsx", "3", "0", "0", "1"]
    page.tabs.setCurrentIndex(page.COURSES_TAB)

    # Dropped again: every course is recognised, nothing can be added.
    wizard = drop(qtbot, page, path)
    read(qtbot, wizard)
    assert [line.status for line in lines(wizard)] == [DUPLICATE, DUPLICATE, DUPLICATE, PROBLEM]
    assert wizard.preview_step.model.index(0, PreviewModel.STATUS).data() == "Đã có trong sổ"
    assert wizard.preview_step.counts.text() == "Sẽ ghi vào sổ: 0 mới, 0 cập nhật; 3 đã có trong sổ; 1 dòng bỏ qua."
    assert not wizard.next_button.isEnabled()
    click(qtbot, wizard.cancel_button)
    assert services.training.count_courses() == 3
    assert len(services.training.repo.imports()) == 1


@pytest.fixture
def people(add_person):
    """Two people of the same name and year (only the unit tells them apart), and one more."""
    return {"an_may": add_person("Nguyễn Văn An", birth_year=1985, sex=Sex.MALE, department="Xưởng May 1"),
            "an_kho": add_person("Nguyễn Văn An", birth_year=1985, sex=Sex.MALE, department="Kho"),
            "hoa": add_person("Trần Thị Hòa", birth_year=1990, sex=Sex.FEMALE)}


def test_an_attendee_list_with_people_picked_created_and_skipped(qtbot, training_page, services, people, tmp_path):
    course = services.training.add_course(Course("Tập huấn nghiệp vụ công tác công đoàn",
                                                 start_date=date(2025, 3, 12), end_date=date(2025, 3, 14)))
    page = training_page
    page.refresh()
    path = write_xlsx(tmp_path / "ket-qua.xlsx", [
        ["DANH SÁCH HỌC VIÊN VÀ KẾT QUẢ LỚP TẬP HUẤN NGHIỆP VỤ"],
        ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Đơn vị", "Kết quả", "Số GCN"],
        [1, "Nguyễn Văn An", 1985, "Nam", "", "Giỏi", "GCN-01"],
        [2, "Trần Thị Hoà", 1990, "Nữ", "", "Khá", "GCN-02"],
        [3, "Hoàng Văn Mới", 1992, "Nam", "Tổ Bảo vệ", "Đạt", "GCN-03"],
        [4, "Lê Thị Khách", 1988, "Nữ", "Công ty bạn", "Đạt", "GCN-04"]])
    click(qtbot, page.attendance.import_button)
    wizard = page.active_dialog
    assert wizard.choose.kind() == "attendance" and wizard.choose.course_id() == course
    assert wizard.choose.course_box.isVisibleTo(wizard)
    wizard.choose.path.setText(str(path))
    read(qtbot, wizard)
    step = wizard.preview_step
    assert [line.status for line in lines(wizard)] == [AMBIGUOUS, NEW, UNMATCHED, UNMATCHED]
    assert step.model.index(1, PreviewModel.MESSAGE).data() == "Khớp với: Trần Thị Hòa, sinh năm 1990, Nữ"
    assert step.counts.text().endswith("Còn 3 dòng chưa chọn người; nếu nhập bây giờ, các dòng này sẽ bị bỏ qua.")

    # The first row waiting for a choice is selected; its choices name each candidate.
    assert step.selected_line().row == 3
    assert step.resolve.title() == "Người này là ai?"
    assert step.resolve.question.text() == ("Dòng 3: trong sổ có 2 người trùng với Nguyễn Văn An; hãy chọn đúng người "
                                            "hoặc bỏ qua dòng này.")
    texts = [button.text() for button, _resolution in step.resolve.buttons]
    assert texts == ["Là Nguyễn Văn An, sinh năm 1985, Nam, Xưởng May 1", "Là Nguyễn Văn An, sinh năm 1985, Nam, Kho",
                     "Thêm Nguyễn Văn An vào sổ như một người mới", "Bỏ qua dòng này"]
    click_choice(qtbot, step.resolve.buttons[1][0])
    assert step.model.index(0, PreviewModel.STATUS).data() == "Đã chọn"
    assert step.model.index(0, PreviewModel.MESSAGE).data() == "Sẽ ghi cho: Nguyễn Văn An, sinh năm 1985, Nam, Kho"

    step.select_sheet_row(5)
    create = next(b for b, r in step.resolve.buttons if r.create)
    click_choice(qtbot, create)
    step.select_sheet_row(6)
    skip = next(b for b, r in step.resolve.buttons if r.skip)
    click_choice(qtbot, skip)
    assert step.model.index(3, PreviewModel.STATUS).data() == "Bỏ qua"
    assert step.counts.text() == ("Sẽ ghi vào sổ: 3 mới, 0 cập nhật; 0 đã có trong sổ; 1 dòng bỏ qua. "
                                  "Sẽ thêm 1 người mới.")

    click(qtbot, wizard.next_button)
    assert wizard.step == DONE
    assert "Đã thêm 1 người mới vào sổ." in wizard.done_step.text.text()
    click(qtbot, wizard.close_button)
    records = {row.full_name + (f"/{row.attendance.person_id}"): row.attendance
               for row in services.training.attendance(course_id=course)}
    assert {name: (a.status, a.result, a.certificate_no) for name, a in records.items()} == {
        f"Nguyễn Văn An/{people['an_kho']}": ("present", "excellent", "GCN-01"),
        f"Trần Thị Hòa/{people['hoa']}": ("present", "good", "GCN-02"),
        next(k for k in records if k.startswith("Hoàng Văn Mới/")): ("present", "pass", "GCN-03")}
    names = [entry.person.full_name for entry in services.officers.roster()]
    assert "Hoàng Văn Mới" in names and "Lê Thị Khách" not in names
    assert [row.full_name for row in page.attendance.model.rows()] == ["Nguyễn Văn An", "Trần Thị Hòa",
                                                                        "Hoàng Văn Mới"]


def test_a_column_the_program_did_not_recognise_can_be_mapped(qtbot, training_page, services, tmp_path):
    path = write_xlsx(tmp_path / "lop.xlsx", [["Tên lớp", "Ngày bắt đầu", "Chỗ học"],
                                              ["Lớp kỹ năng", "12/03/2025", "Hội trường A"]])
    wizard = training_page.import_file(path)
    read(qtbot, wizard)
    assert lines(wizard)[0].details == "12/03/2025"
    click(qtbot, wizard.preview_step.columns_button)
    assert wizard.step == COLUMNS
    columns = wizard.columns
    assert [box.currentData() for box in columns.boxes] == ["title", "start_date", None]
    columns.set_role(0, None)
    click(qtbot, wizard.next_button)
    assert wizard.step == COLUMNS
    assert columns.error.text() == "Chọn cột chứa “Tên lớp”: thiếu cột này thì không đọc được dòng nào."
    columns.set_role(0, "title")
    columns.set_role(2, "place")
    read(qtbot, wizard)
    assert lines(wizard)[0].details == "12/03/2025 · Hội trường A"
    click(qtbot, wizard.next_button)
    (row,) = services.training.courses()
    assert row.course.place == "Hội trường A"
    wizard.accept()


def test_a_roster_of_officers_sets_up_people_and_posts(qtbot, training_page, services, tmp_path):
    path = write_xlsx(tmp_path / "danh-sach-bch.xlsx", [
        ["DANH SÁCH BAN CHẤP HÀNH CÔNG ĐOÀN CƠ SỞ NHIỆM KỲ 2023 - 2028"],
        ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Chức vụ", "Đơn vị"],
        [1, "Nguyễn Văn An", 1980, "Nam", "Chủ tịch", "May 1"],
        [2, "Trần Thị Hoà", 1988, "Nữ", "Ủy viên BCH", "Phòng TC"]])
    wizard = drop(qtbot, training_page, path)
    assert wizard.choose.kind() == "officers"
    assert wizard.choose.term_box.currentText() == "2023–2028"
    read(qtbot, wizard)
    assert [line.status for line in lines(wizard)] == [NEW, NEW]
    assert lines(wizard)[0].details == "sinh năm 1980 · Nam · Chủ tịch · May 1"
    click(qtbot, wizard.next_button)
    roster = {entry.person.full_name: entry for entry in services.officers.roster()}
    assert [h.title_key for h in roster["Nguyễn Văn An"].holdings] == ["chair"]
    assert [h.title_key for h in roster["Trần Thị Hoà"].holdings] == ["committee_member"]
    wizard.accept()


def test_stop_while_the_file_is_read(qtbot, training_page, services, tmp_path, monkeypatch):
    """The Stop button reaches the engine's `cancelled` callback while read_table runs on the worker."""
    started, calls = threading.Event(), []
    real = import_wizard.importing.read_table

    def slow_reader(*args, progress=None, cancelled=None, **kwargs):
        progress(1, 100)
        started.set()
        deadline = time.monotonic() + 20
        while not cancelled() and time.monotonic() < deadline:  # a big file being read
            time.sleep(0.01)
        calls.append(cancelled())
        return real(*args, progress=progress, cancelled=cancelled, **kwargs)  # stops at its first check

    monkeypatch.setattr(import_wizard, "read_table", slow_reader)
    wizard = training_page.import_file(course_plan(tmp_path / "ke-hoach.xlsx"))
    click(qtbot, wizard.next_button)
    assert wizard.step == READING
    qtbot.waitUntil(started.is_set)
    assert wizard.stop_button.isVisible() and not wizard.cancel_button.isVisible()
    click(qtbot, wizard.stop_button)
    qtbot.waitUntil(lambda: wizard.step == CHOOSE, timeout=20000)
    assert calls == [True]
    assert wizard.choose.notice.text() == "Đã dừng đọc tệp. Sổ không thay đổi gì."
    assert services.training.count_courses() == 0 and services.training.repo.imports() == []
    # The same wizard reads the file again when asked.
    monkeypatch.setattr(import_wizard, "read_table", real)
    read(qtbot, wizard)
    assert len(lines(wizard)) == 4
    wizard.reject()


def test_closing_the_wizard_while_reading_stops_the_worker(qtbot, training_page, tmp_path, monkeypatch):
    seen = []

    def waiting_reader(*args, progress=None, cancelled=None, **kwargs):
        deadline = time.monotonic() + 20
        while not cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        seen.append(cancelled())
        raise import_wizard.ImportCancelled()

    monkeypatch.setattr(import_wizard, "read_table", waiting_reader)
    wizard = training_page.import_file(course_plan(tmp_path / "ke-hoach.xlsx"))
    click(qtbot, wizard.next_button)
    wizard.reject()
    QThreadPool.globalInstance().waitForDone(20000)
    qtbot.waitUntil(lambda: seen == [True])
    assert training_page.active_dialog is None


def test_a_web_page_saved_as_xls_is_refused_in_vietnamese(qtbot, training_page, services, tmp_path):
    path = tmp_path / "ke-hoach.xls"
    path.write_text("<html><head><meta charset='utf-8'></head><body><table><tr><td>Tên lớp</td></tr>"
                    "<tr><td>Lớp A</td></tr></table></body></html>", encoding="utf-8")
    wizard = drop(qtbot, training_page, path)
    click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: wizard.reading.error.isVisibleTo(wizard), timeout=20000)
    assert wizard.step == READING
    assert wizard.reading.error.text().startswith(
        "Tệp ke-hoach.xls là một trang web (HTML) mang tên bảng tính, không phải tệp Excel thật.")
    assert wizard.reading.after_error.isVisibleTo(wizard)
    assert wizard.back_button.isVisible() and not wizard.next_button.isVisible()
    assert services.training.count_courses() == 0 and services.training.repo.imports() == []
    click(qtbot, wizard.back_button)
    assert wizard.step == CHOOSE
    wizard.reject()


def test_the_choices_ask_for_a_file_and_a_course(qtbot, training_page):
    wizard = training_page.import_file()
    click(qtbot, wizard.next_button)
    assert wizard.step == CHOOSE
    assert wizard.choose.error.text() == "Hãy chọn tệp cần nhập trước (hoặc kéo tệp thả vào trang Đào tạo)."
    wizard.choose.set_kind("attendance")
    assert wizard.choose.no_course.isVisibleTo(wizard)
    wizard.choose.path.setText("danh-sach.xlsx")
    click(qtbot, wizard.next_button)
    assert wizard.choose.error.text() == "Hãy chọn lớp của danh sách này."
    wizard.reject()

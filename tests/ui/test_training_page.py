"""The training page on real widgets and a real temporary book: the course catalog by year, the course dialog,
removal that asks first, a course's attendance ticked with the mouse, results and certificates, the person's
training history on the officers page, and the coverage numbers on the demo book."""
from __future__ import annotations

import shutil
import warnings
from datetime import date

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox

from desktop.domain.indicators import Period
from desktop.domain.training import Attendance, Course
from desktop.services.app_settings import AppSettings
from desktop.ui.dialogs.course_dialog import CourseDialog
from desktop.ui.dialogs.import_wizard import CHOOSE, ImportWizard
from desktop.ui.models.attendance_model import AttendanceModel
from desktop.ui.models.course_model import CourseModel
from desktop.ui.pages.training import TrainingPage
from desktop.ui.pages.training_attendance import AttendeePicker
from desktop.ui.session import BookSession
from desktop.ui.widgets.coverage_view import COVERAGE_KEYS, percent

LEFT = Qt.MouseButton.LeftButton
YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, LEFT)


def choose(qtbot, combo: QComboBox, data) -> None:
    target = combo.findData(data)
    assert target >= 0, data
    combo.setFocus()
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)


def click_cell(qtbot, view, row: int, column: int, double: bool = False) -> None:
    centre = view.visualRect(view.model().index(row, column)).center()
    qtbot.mouseClick(view.viewport(), LEFT, pos=centre)
    if double:
        qtbot.mouseDClick(view.viewport(), LEFT, pos=centre)


def show_page(qtbot, page):
    qtbot.addWidget(page)
    page.resize(1180, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()  # keyboard input only reaches the active window
    qtbot.waitUntil(page.isActiveWindow)
    return page


@pytest.fixture
def training_page(qtbot, session):
    """The page on the session's book (2025-06-15 by the fixed clock). Build the book first or refresh()."""
    return show_page(qtbot, TrainingPage(session))


@pytest.fixture
def add_course(services):
    def add(title: str, start: date, end: date | None = None, **fields) -> int:
        return services.training.add_course(Course(title, start_date=start, end_date=end or start, **fields))

    return add


def test_an_empty_year_says_what_to_do(training_page):
    assert training_page.year_box.currentText() == "2025"
    assert training_page.stack.currentWidget() is training_page.empty_label
    assert training_page.empty_label.text() == ("Chưa có lớp nào năm 2025. Bấm “Thêm lớp” hoặc kéo tệp Excel của "
                                                "công đoàn cấp trên vào đây.")
    assert not training_page.edit_button.isEnabled() and training_page.add_button.isEnabled()


def test_adding_a_course_through_the_dialog(qtbot, type_text, training_page, services):
    page = training_page
    click(qtbot, page.add_button)
    dialog = page.active_dialog
    assert isinstance(dialog, CourseDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Thêm lớp"

    # Nothing typed: the message sits under the title; nothing is written.
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and dialog.error_text("title") == "Hãy nhập tên lớp."
    assert services.training.count_courses() == 0

    type_text(dialog.title, "Kỹ năng thương lượng tập thể")
    choose(qtbot, dialog.topic, "bargaining")
    type_text(dialog.organiser, "Công đoàn các KCN")
    type_text(dialog.start_date, "14/03/2025")
    assert dialog.end_date.text() == "14/03/2025"  # a one-day course unless said otherwise
    dialog.end_date.clear()
    type_text(dialog.end_date, "12/03/2025")
    type_text(dialog.days, "1,5")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.error_text("end_date") == "Ngày kết thúc lớp không thể trước ngày bắt đầu."

    dialog.end_date.clear()
    type_text(dialog.end_date, "15/03/2025")
    type_text(dialog.place, "Nhà Văn hóa Lao động")
    choose(qtbot, dialog.mode, "online")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible() and page.active_dialog is None
    (row,) = services.training.courses()
    course = row.course
    assert (course.title, course.topic, course.organiser, course.start_date, course.end_date, course.days,
            course.place, course.mode) == ("Kỹ năng thương lượng tập thể", "bargaining", "Công đoàn các KCN",
                                           date(2025, 3, 14), date(2025, 3, 15), 1.5, "Nhà Văn hóa Lao động", "online")
    assert page.stack.currentWidget() is page.splitter
    assert page.selected_course_id() == course.id
    shown = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert shown == ["Kỹ năng thương lượng tập thể", "Thương lượng, thỏa ước lao động tập thể", "Công đoàn các KCN",
                     "14/03/2025 – 15/03/2025", "1,5 ngày", "Trực tuyến – Nhà Văn hóa Lao động", "", "0"]
    assert page.attendance.stack.currentWidget() is page.attendance.empty


def test_a_course_of_another_year_shows_that_year(qtbot, type_text, training_page, services):
    dialog = training_page.add_course()
    type_text(dialog.title, "Lớp kế hoạch năm sau")
    type_text(dialog.start_date, "10/02/2026")
    click(qtbot, dialog.save_button)
    assert training_page.year() == 2026
    assert [line.course.title for line in training_page.model.rows()] == ["Lớp kế hoạch năm sau"]
    training_page.select_year(2025)
    assert training_page.stack.currentWidget() is training_page.empty_label


# The place field suggests earlier places: its popup asks the offscreen platform to raise and grab the keyboard.
@pytest.mark.qt_log_ignore(r"This plugin does not support (raise|grabbing the keyboard)")
def test_editing_a_course_by_double_click(qtbot, type_text, training_page, services, add_course):
    course_id = add_course("Tập huấn nghiệp vụ", date(2025, 3, 12), place="Hội trường A")
    training_page.refresh()
    click_cell(qtbot, training_page.table, 0, CourseModel.TITLE, double=True)
    dialog = training_page.active_dialog
    assert isinstance(dialog, CourseDialog) and dialog.windowTitle() == "Sửa thông tin lớp"
    assert dialog.start_date.text() == "12/03/2025" and dialog.place.text() == "Hội trường A"
    dialog.place.clear()
    type_text(dialog.place, "Hội trường B")
    click(qtbot, dialog.save_button)
    assert services.training.course(course_id).place == "Hội trường B"
    assert training_page.model.index(0, CourseModel.PLACE).data() == "Hội trường B"


def test_removing_a_course_asks_first(qtbot, training_page, services, add_course, add_officer,
                                      answer_message_box):
    lone = add_course("Lớp chưa ai học", date(2025, 2, 1))
    busy = add_course("Lớp đã có người học", date(2025, 3, 1))
    person = add_officer("Nguyễn Văn An")
    services.training.set_attendance(Attendance(busy, person, "present", "good"))
    page = training_page
    page.refresh()

    page.select_course(busy)
    seen = answer_message_box(NO)
    click(qtbot, page.remove_button)
    assert seen == [("confirmDialog", "Lớp “Lớp đã có người học” có 1 người trong danh sách. Xóa lớp cùng với việc "
                                      "tham dự và kết quả của họ? Không thể hoàn tác.")]
    assert {row.course.id for row in services.training.courses()} == {lone, busy}

    seen = answer_message_box(YES)
    click(qtbot, page.remove_button)
    assert len(seen) == 1
    assert [row.course.id for row in services.training.courses()] == [lone]
    assert services.training.attendance(person_id=person) == []

    page.select_course(lone)
    seen = answer_message_box(YES)
    click(qtbot, page.remove_button)
    assert seen == [("confirmDialog", "Xóa lớp “Lớp chưa ai học” khỏi sổ?")]
    assert services.training.count_courses() == 0
    assert page.stack.currentWidget() is page.empty_label


def test_sending_people_ticking_attendance_and_setting_results(qtbot, type_text, training_page, services,
                                                               add_course, add_officer):
    an = add_officer("Nguyễn Văn An")
    hoa = add_officer("Trần Thị Hòa")
    tu = add_officer("Lê Văn Tư")
    course = add_course("Tập huấn nghiệp vụ công tác công đoàn", date(2025, 3, 12), date(2025, 3, 14))
    page = training_page
    page.refresh()
    panel = page.attendance
    assert panel.stack.currentWidget() is panel.empty

    click(qtbot, panel.add_button)
    picker = page.active_dialog
    assert isinstance(picker, AttendeePicker)
    assert picker.status.currentData() == "present"  # the course is over: they are recorded as having come
    assert not picker.save_button.isEnabled()
    type_text(picker.search, "hoa")
    assert [picker.list.item(i).isHidden() for i in range(3)] == [True, False, True]  # An, Hòa, Tư in list order
    picker.check_person(hoa)
    picker.check_person(an)
    picker.check_person(tu)
    choose(qtbot, picker.status, "sent")
    click(qtbot, picker.save_button)
    assert page.active_dialog is None
    records = {a.attendance.person_id: a.attendance for a in services.training.attendance(course_id=course)}
    assert {pid: r.status for pid, r in records.items()} == {an: "sent", hoa: "sent", tu: "sent"}
    assert [r.full_name for r in panel.model.rows()] == ["Nguyễn Văn An", "Trần Thị Hòa", "Lê Văn Tư"]

    # A click in a column ticks it: An came, Tư was absent.
    view = panel.table
    click_cell(qtbot, view, 0, AttendanceModel.PRESENT)
    click_cell(qtbot, view, 2, AttendanceModel.ABSENT)
    statuses = {a.attendance.person_id: a.attendance.status for a in services.training.attendance(course_id=course)}
    assert statuses == {an: "present", hoa: "sent", tu: "absent"}
    qtbot.waitUntil(lambda: page.model.index(0, CourseModel.PEOPLE).data() == "1/3")  # re-read after the edit

    # The result: chosen in the cell's combo box; the certificate typed.
    click_cell(qtbot, view, 0, AttendanceModel.RESULT, double=True)
    (editor,) = view.viewport().findChildren(QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == ["(chưa có kết quả)", "Giỏi", "Khá", "Đạt",
                                                                   "Không đạt"]
    editor.setCurrentIndex(editor.findData("excellent"))
    editor.activated.emit(editor.currentIndex())  # what a click on the item does: saved, and the cell closes
    qtbot.waitUntil(lambda: not editor.isVisible())
    click_cell(qtbot, view, 0, AttendanceModel.CERTIFICATE, double=True)
    (line,) = [w for w in view.viewport().findChildren(QLineEdit) if w.isVisible()]
    type_text(line, "GCN-2025/01")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    # Qt commits the editor's text on its next turn.
    qtbot.waitUntil(lambda: panel.model.row(0).attendance.certificate_no == "GCN-2025/01")
    (record,) = [a.attendance for a in services.training.attendance(course_id=course) if a.attendance.person_id == an]
    assert (record.status, record.result, record.certificate_no) == ("present", "excellent", "GCN-2025/01")
    assert panel.model.index(0, AttendanceModel.RESULT).data() == "Giỏi"

    # Someone who did not come has no result to choose; ticking "absent" drops a result already there.
    assert not panel.model.flags(panel.model.index(1, AttendanceModel.RESULT)) & Qt.ItemFlag.ItemIsEditable
    click_cell(qtbot, view, 0, AttendanceModel.ABSENT)
    (record,) = [a.attendance for a in services.training.attendance(course_id=course) if a.attendance.person_id == an]
    assert (record.status, record.result) == ("absent", None)


def test_taking_someone_off_a_list(qtbot, training_page, services, add_course, add_officer, answer_message_box):
    person = add_officer("Nguyễn Văn An")
    course = add_course("Tập huấn", date(2025, 3, 12))
    services.training.set_attendance(Attendance(course, person, "sent"))
    training_page.refresh()
    panel = training_page.attendance
    assert not panel.remove_button.isEnabled()
    panel.select_person(person)
    seen = answer_message_box(YES)
    click(qtbot, panel.remove_button)
    assert seen and "Nguyễn Văn An" in seen[0][1]
    assert services.training.attendance(course_id=course) == []


def test_a_read_only_book_offers_no_changes(training_page, add_course, monkeypatch):
    add_course("Tập huấn", date(2025, 3, 12))
    monkeypatch.setattr(type(training_page.session), "read_only", property(lambda self: True))
    training_page.refresh()
    assert not training_page.add_button.isEnabled() and not training_page.import_button.isEnabled()
    assert not training_page.attendance.add_button.isEnabled()
    assert training_page.add_course() is None and training_page.import_file("x.xlsx") is None


def drag_enter(widget, mime: QMimeData) -> QDragEnterEvent:
    with warnings.catch_warnings():  # PySide marks the QPoint constructor deprecated; Qt 6 has no other
        warnings.simplefilter("ignore", DeprecationWarning)
        event = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                                Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    return event


def test_a_dropped_excel_file_opens_the_wizard(qtbot, training_page, tmp_path):
    path = tmp_path / "ket-qua-lop-tap-huan.xlsx"
    path.write_bytes(b"")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = drag_enter(training_page, mime)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(training_page, drop)
    qtbot.waitUntil(lambda: training_page.active_dialog is not None)
    wizard = training_page.active_dialog
    assert isinstance(wizard, ImportWizard) and wizard.step == CHOOSE
    assert wizard.choose.file_path() == path
    assert wizard.choose.kind() == "courses"  # a result list needs a course first; the book has none
    wizard.reject()

    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "anh.png"))])
    assert not drag_enter(training_page, other).isAccepted()


def test_the_person_view_shows_their_training_history(qtbot, officers_page, services, add_course, add_officer):
    person = add_officer("Nguyễn Văn An")
    first = add_course("Nghiệp vụ công tác công đoàn", date(2024, 9, 17), date(2024, 9, 18), days=2)
    second = add_course("Thương lượng tập thể", date(2025, 4, 9), topic="bargaining")
    services.training.set_attendance(Attendance(first, person, "present", "good", "GCN-17"))
    services.training.set_attendance(Attendance(second, person, "absent"))
    officers_page.refresh()
    officers_page.select_person(person)
    details = officers_page.details
    assert [details.tabs.tabText(i) for i in range(3)] == ["Quá trình giữ chức danh", "Đánh giá qua các năm",
                                                          "Đào tạo"]
    assert details.training.model.rowCount() == 0  # read when the tab is shown
    details.tabs.setCurrentIndex(2)
    rows = details.training.model.rows()
    shown = [[details.training.model.index(r, c).data() for c in range(6)] for r in range(len(rows))]
    assert shown == [["Nghiệp vụ công tác công đoàn", "Nghiệp vụ công đoàn", "17/09/2024 – 18/09/2024", "Có mặt",
                      "Khá", "GCN-17"],
                     ["Thương lượng tập thể", "Thương lượng, thỏa ước lao động tập thể", "09/04/2025", "Vắng", "",
                      ""]]
    assert details.training.summary.text() == "Đã dự 1 lớp trên tổng số 2 lớp có tên — tổng cộng 2 ngày học"
    details.tabs.setCurrentIndex(1)
    assert details.evaluations.empty.isVisibleTo(details)
    assert details.evaluations.empty.text() == "Chưa có kết quả đánh giá."

    # Another person: the open tab is read again for them.
    other = add_officer("Trần Thị Hòa")
    officers_page.refresh()
    details.tabs.setCurrentIndex(2)
    officers_page.select_person(other)
    assert details.training.model.rowCount() == 0 and details.training.empty.isVisibleTo(details)


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory):
    """The demo book, written once for this module (it takes a while); each test opens its own copy."""
    from desktop.services.demo import write_demo_book

    path = tmp_path_factory.mktemp("demo") / "so-mau.socanbo"
    write_demo_book(path)
    return path


@pytest.fixture
def demo_session(tmp_path, demo_book):
    path = tmp_path / "so-mau.socanbo"
    shutil.copyfile(demo_book, path)
    session = BookSession(AppSettings(), tmp_path / "settings.json")
    session.open(path)
    yield session
    session.close()


def test_coverage_numbers_on_the_demo_book_are_the_indicators(qtbot, demo_session):
    page = show_page(qtbot, TrainingPage(demo_session))
    services = demo_session.services
    page.tabs.setCurrentIndex(page.COVERAGE_TAB)
    view = page.coverage
    term = services.union.profile().term
    assert view.period_box.currentText() == f"Nhiệm kỳ hiện tại ({term.label})"
    for kind, value, expected in (("term", None, services.indicators.for_term(term)),
                                  ("year", 2025, services.indicators.for_year(2025)),
                                  ("year", 2024, services.indicators.for_year(2024))):
        view.choose(kind, value)
        wanted = {v.key: v for v in expected if v.key in COVERAGE_KEYS}
        assert set(wanted) == set(COVERAGE_KEYS)
        missing_ids = set()
        for key, indicator in wanted.items():
            card = view.cards[key]
            assert card.value.text() == percent(indicator.actual)
            assert card.detail.text() == f"{indicator.numerator}/{indicator.denominator}; chỉ tiêu 100%"
            assert (view.values[key].numerator, view.values[key].denominator) == (indicator.numerator,
                                                                                  indicator.denominator)
            missing_ids |= set(indicator.missing)
        assert {row.person_id for row in view.missing_model.rows()} == missing_ids
        assert [bar[1] for bar in view.chart.bars] == [wanted[k].actual or 0 for k in COVERAGE_KEYS]
    # The term leaves people untrained in the demo; each says what is missing.
    view.choose("term")
    chair_value = view.values["chair_bargaining"]
    period = Period.for_term(term)
    for person_id in chair_value.missing:
        row = next(r for r in view.missing_model.rows() if r.person_id == person_id)
        had = {a.course.topic for a in services.training.attendance(person_id=person_id)
               if a.attendance.trained and period.contains(a.course.start_date)}
        assert "Là Chủ tịch, chưa học lớp về:" in row.missing
        assert ("Dân chủ ở cơ sở" in row.missing) == ("democracy" not in had)
    assert view.missing_box.title() == f"Chưa được đào tạo đủ theo chỉ tiêu ({view.missing_model.rowCount()} người)"


def test_the_person_view_shows_evaluations_over_the_years(qtbot, demo_session):
    from desktop.ui.pages.officers import OfficersPage

    page = show_page(qtbot, OfficersPage(demo_session))
    services = demo_session.services
    person_id = page.model.row(0).person_id
    page.select_person(person_id)
    details = page.details
    details.tabs.setCurrentIndex(1)
    history = services.evaluations.history(person_id)
    assert history, "the demo book evaluates its committee every year"
    table = details.evaluations.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [str(r.evaluation.year) for r in history]
    assert details.evaluations.chart.isVisibleTo(details) and len(details.evaluations.chart.bars) == len(history)

"""The history of changes on a real temporary book: the rows, the filters by year and by person, the reason of a
reopened year, readable values, loading more, and no way to edit anything."""
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from desktop.services.app_settings import AppSettings
from desktop.services.demo import write_demo_book
from desktop.services.officers import RosterFilter
from desktop.ui.pages import audit as audit_module
from desktop.ui.pages.audit import AuditPage, value_text
from desktop.ui.session import BookSession

VN = timezone(timedelta(hours=7))
CLOCK = lambda: datetime(2025, 11, 20, 9, 0, tzinfo=VN)  # noqa: E731
WHEN, WHAT, PERSON, FIELD, CHANGE, REASON = range(6)


@pytest.fixture
def book_session(tmp_path):
    book = tmp_path / "d.socanbo"
    write_demo_book(book)
    session = BookSession(AppSettings(backups_dir=str(tmp_path / "bk")), tmp_path / "s.json", clock=CLOCK)
    session.open(book)
    yield session
    session.close()


@pytest.fixture
def page(qtbot, book_session):
    widget = AuditPage(book_session)
    qtbot.addWidget(widget)
    widget.resize(1180, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cell(page, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return page.model.data(page.model.index(row, column), role)


def column(page, index: int) -> list[str]:
    return [cell(page, row, index) for row in range(page.model.rowCount())]


def person_id(session, full_name: str) -> int:
    roster = session.services.officers.roster(RosterFilter(include_ended=True))
    return next(entry.person.id for entry in roster if entry.person.full_name == full_name)


def test_lists_the_whole_log_newest_first(page, book_session):
    total = len(book_session.services.audit.entries())
    assert page.model.rowCount() == total
    assert page.model.headerData(CHANGE, Qt.Orientation.Horizontal) == "Cũ → mới"
    assert page.count_label.text() == f"{total:,} thay đổi".replace(",", ".")
    assert cell(page, 0, WHEN) == "20/11/2025 08:00"
    assert cell(page, 0, WHAT) == "Chốt phiếu đánh giá"
    assert cell(page, 0, CHANGE) == "đang chấm → đã chốt"
    assert not page.more_button.isVisible()
    whats = set(column(page, WHAT))
    assert {"Thêm người", "Thôi giữ chức danh", "Giao chức danh", "Thêm khóa học",
            "Chốt kết quả năm 2024", "Ghi tham gia khóa học"} <= whats


def test_filter_by_year(page, book_session):
    years = [page.year_box.itemText(i) for i in range(page.year_box.count())]
    assert years == ["Tất cả các năm", "2025", "2024", "2023"]
    page.year_box.setCurrentIndex(page.year_box.findData(2024))
    expected = book_session.services.audit.entries(year=2024)
    assert page.model.rowCount() == len(expected) > 0
    assert all(entry.year == 2024 for entry in page.model.entries)
    page.year_box.setCurrentIndex(0)
    assert page.model.rowCount() == len(book_session.services.audit.entries())


def test_filter_by_person_and_search_without_accents(page, book_session):
    diem = person_id(book_session, "Nguyễn Thị Diễm")
    completer = page.person_box.completer()
    completer.setCompletionPrefix("nguyen thi diem")
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "Nguyễn Thị Diễm"
    page.person_box.setCurrentIndex(page.person_box.findData(diem))
    rows = page.model.rowCount()
    assert rows == len(book_session.services.audit.entries(person_id=diem)) > 0
    assert set(column(page, PERSON)) == {"Nguyễn Thị Diễm"}
    assert "Thêm người" in column(page, WHAT)
    page.year_box.setCurrentIndex(page.year_box.findData(2023))  # both filters: she came in 2024
    assert page.model.rowCount() == 0
    assert page.empty.isVisible() and page.empty.text() == "Không có thay đổi nào khớp với bộ lọc."


def test_a_reopened_year_shows_its_reason(page, book_session):
    book_session.services.evaluations.reopen_year(2024, "Sửa sai điểm tiêu chí 3 của đồng chí Hà")
    book_session.notify_changed()
    assert cell(page, 0, WHAT) == "Mở lại năm 2024"
    assert cell(page, 0, REASON) == "Sửa sai điểm tiêu chí 3 của đồng chí Hà"
    assert cell(page, 0, REASON, Qt.ItemDataRole.ToolTipRole) == "Sửa sai điểm tiêu chí 3 của đồng chí Hà"
    assert cell(page, 0, FIELD) == "đã chốt" and cell(page, 0, CHANGE) == "có → không"


def test_a_hidden_page_reads_the_log_when_shown_again(page, book_session):
    page.hide()
    book_session.services.evaluations.reopen_year(2024, "Nhập lại điểm")
    book_session.notify_changed()
    page.show()
    assert cell(page, 0, REASON) == "Nhập lại điểm"


def test_long_values_are_shortened_with_the_whole_text_in_the_tooltip(page):
    rows = [row for row in range(page.model.rowCount()) if cell(page, row, CHANGE).endswith("…")]
    assert rows
    tooltip = cell(page, rows[0], CHANGE, Qt.ItemDataRole.ToolTipRole)
    assert len(tooltip) > len(cell(page, rows[0], CHANGE))


def test_values_are_readable():
    assert value_text("start_date", "2024-10-01") == "01/10/2024"
    assert value_text("title_key", "group_leader") == "Tổ trưởng công đoàn"
    assert value_text("closed", "true") == "có"
    assert value_text("criterion_3.final_points", "12.5") == "12,5"
    posted = value_text("", '{"title_key": "chair", "term": "2023–2028", "start_date": "2023-05-15", '
                            '"end_date": null, "full_time": false}')
    assert posted == ("chức danh: Chủ tịch; nhiệm kỳ: 2023–2028; từ ngày: 15/05/2023; "
                      "chuyên trách: không")
    attended = value_text("", '{"course_id": 19, "person_id": 26, "status": "present", "result": "good"}',
                          {19: "Kỹ năng thương lượng"})
    assert attended == "khóa học: Kỹ năng thương lượng; trạng thái: Có mặt; kết quả: Khá"


def test_show_more_loads_the_next_batch(page, monkeypatch, book_session):
    monkeypatch.setattr(audit_module, "BATCH", 500)
    page.reload()
    assert page.model.rowCount() == 500
    assert page.more_button.isVisible()
    assert page.count_label.text() == "Đang hiện 500 thay đổi gần đây nhất"
    page.more_button.click()
    assert page.model.rowCount() == 1000
    page.more_button.click()
    assert page.model.rowCount() == len(book_session.services.audit.entries())
    assert not page.more_button.isVisible()


def test_nothing_can_be_edited(page, qtbot):
    assert page.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    for column_index in range(page.model.columnCount()):
        flags = page.model.flags(page.model.index(0, column_index))
        assert not flags & Qt.ItemFlag.ItemIsEditable
    index = page.model.index(0, REASON)
    rect = page.table.visualRect(index)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    assert page.table.state() != QAbstractItemView.State.EditingState
    texts = {button.text() for button in page.findChildren(type(page.more_button))}
    assert texts == {"Xem thêm"}  # the only button: no edit, no delete


# The completer's popup asks the offscreen platform for things it cannot do (a test platform limitation).
@pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard)")
def test_typing_a_name_without_accents_picks_the_person(page, qtbot, book_session):
    diem = person_id(book_session, "Nguyễn Thị Diễm")
    line = page.person_box.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, "thi diem")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    page.person_box.completer().popup().hide()
    assert page.person_id == diem
    assert set(column(page, PERSON)) == {"Nguyễn Thị Diễm"}
    line.selectAll()
    qtbot.keyClicks(line, "xyz")  # nobody: back to the person shown
    line.editingFinished.emit()
    assert page.person_box.currentText() == "Nguyễn Thị Diễm" and page.person_id == diem
    line.clear()
    line.editingFinished.emit()
    assert page.person_id is None and page.model.rowCount() == len(book_session.services.audit.entries())

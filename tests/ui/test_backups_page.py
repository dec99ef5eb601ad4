"""The backups page on a real temporary book: back up now, the preview, the restore round-trip (three clicks),
exporting a copy, looking at a backup read-only, and the empty list."""
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.domain.officers import Person
from desktop.services.app_settings import AppSettings
from desktop.services.backups import MANUAL, ON_OPEN, PRE_RESTORE, BackupService
from desktop.services.book import open_book
from desktop.services.demo import write_demo_book
from desktop.services.officers import RosterFilter
from desktop.ui.pages import backups as backups_module
from desktop.ui.pages.backups import BackupsPage
from desktop.ui.session import BookSession

VN = timezone(timedelta(hours=7))
CLOCK = lambda: datetime(2025, 11, 20, 9, 0, tzinfo=VN)  # noqa: E731
DEMO_PEOPLE, DEMO_EVALUATIONS, DEMO_COURSES = 27, 43, 19


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "d.socanbo"
    write_demo_book(path)
    return path


@pytest.fixture
def book_session(qtbot, tmp_path, book):
    session = BookSession(AppSettings(backups_dir=str(tmp_path / "bk")), tmp_path / "s.json", clock=CLOCK)
    session.open(book)  # makes the day's first backup ("on opening the book") just after
    qtbot.waitUntil(lambda: session.backups.newest(book) is not None)
    yield session
    session.close()


@pytest.fixture
def page(qtbot, book_session):
    widget = BackupsPage(book_session)
    qtbot.addWidget(widget)
    widget.resize(1180, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def names(session) -> list[str]:
    return [entry.person.full_name for entry in session.services.officers.roster(RosterFilter(include_ended=True))]


def answer_yes(monkeypatch) -> list[str]:
    """Answer the page's confirmation with Yes, and keep its text."""
    asked: list[str] = []

    def question(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(backups_module.QMessageBox, "question", question)
    return asked


def test_the_list_shows_when_how_big_and_why(page, book_session):
    assert page.table.rowCount() == 1
    assert page.table.horizontalHeaderItem(0).text() == "Thời điểm"
    assert page.table.item(0, 0).text() == "20/11/2025 09:00"
    assert page.table.item(0, 1).text().endswith(" KB")
    assert page.table.item(0, 2).text() == "khi mở sổ"
    assert str(book_session.backups_dir) in page.folder_label.text()
    assert not page.empty.isVisible()


def test_back_up_now_adds_a_row(page, qtbot, book_session, tmp_path):
    page.back_up_button.click()
    assert not page.back_up_button.isEnabled()  # busy until the worker reports
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=20000)
    assert page.back_up_button.isEnabled()
    reasons = [b.reason for b in BackupService(tmp_path / "bk").backups(book_session.services.path)]
    assert sorted(reasons) == sorted([ON_OPEN, MANUAL])
    assert page.selected_backup().reason == MANUAL
    assert page.table.item(page.table.currentRow(), 2).text() == "sao lưu thủ công"
    assert "Đã sao lưu sổ lúc 20/11/2025 09:00" in page.notice.text()


def test_the_preview_shows_what_the_backup_holds(page):
    page.table.selectRow(0)
    fields = page.preview.fields
    assert fields["union"].text() == "Công đoàn cơ sở Công ty TNHH May mặc Sông Hồng"
    assert fields["years"].text() == "2023, 2024, 2025"
    assert fields["people"].text() == str(DEMO_PEOPLE)
    assert fields["evaluations"].text() == str(DEMO_EVALUATIONS)
    assert fields["courses"].text() == str(DEMO_COURSES)
    assert fields["why"].text() == "khi mở sổ"
    assert page.restore_button.isEnabled() and page.view_button.isEnabled()


def test_restore_in_three_clicks_brings_back_the_earlier_book(page, qtbot, book_session, tmp_path, monkeypatch):
    book_session.services.officers.add_person(Person("Phan Thị Mới"))
    book_session.notify_changed()
    assert "Phan Thị Mới" in names(book_session)
    asked = answer_yes(monkeypatch)

    page.table.selectRow(0)  # 1: the backup made on opening, before the change
    page.restore_button.click()  # 2: Khôi phục…, 3: Yes (answered above)
    qtbot.waitUntil(lambda: book_session.services is not None and page.back_up_button.isEnabled(), timeout=20000)

    assert "sao lưu trước" in asked[0] and "27 người" in asked[0]
    assert "Phan Thị Mới" not in names(book_session)
    assert len(names(book_session)) == DEMO_PEOPLE
    backups = BackupService(tmp_path / "bk").backups(book_session.services.path)
    before = [b for b in backups if b.reason == PRE_RESTORE]
    assert len(before) == 1
    assert BackupService(tmp_path / "bk").preview(before[0]).people == DEMO_PEOPLE + 1  # the change is kept there
    assert page.table.rowCount() == len(backups)
    assert "Đã khôi phục bản sao lưu lúc 20/11/2025 09:00" in page.notice.text()
    assert "27 người" in page.notice.text()


def test_restore_asks_first_and_no_changes_nothing(page, book_session, monkeypatch):
    monkeypatch.setattr(backups_module.QMessageBox, "question",
                        lambda *args, **kwargs: QMessageBox.StandardButton.No)
    services = book_session.services
    page.table.selectRow(0)
    page.restore_button.click()
    assert book_session.services is services  # the book was not even closed
    assert page.table.rowCount() == 1


def test_export_writes_a_copy_that_opens(page, qtbot, tmp_path, monkeypatch):
    stick = tmp_path / "usb"
    stick.mkdir()
    monkeypatch.setattr(backups_module.QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(stick))
    page.export_button.click()
    qtbot.waitUntil(lambda: page.export_button.isEnabled() and bool(list(stick.glob("*.socanbo"))), timeout=20000)
    (copy,) = list(stick.glob("*.socanbo"))
    with open_book(copy, read_only=True) as services:
        assert services.officers.count() == DEMO_PEOPLE
    assert str(copy) in page.notice.text()


def test_open_a_backup_read_only_in_its_own_window(page, qtbot, book_session):
    page.table.selectRow(0)
    page.view_button.click()
    viewer = page.viewer
    qtbot.waitExposed(viewer)
    assert "chỉ đọc" in viewer.windowTitle()
    assert viewer.session.services.book.read_only
    assert viewer.session.services.officers.count() == DEMO_PEOPLE
    assert viewer.session is not book_session and book_session.services is not None
    assert book_session.settings.recent_books == [str(book_session.services.path)]  # the copy is not remembered
    scratch = viewer.scratch
    assert scratch.exists()
    viewer.close()
    assert not scratch.exists()


def test_empty_state_says_how_backups_are_made(page, book_session):
    for backup in book_session.backups.backups(book_session.services.path):
        backup.path.unlink()
    page.refresh()
    assert page.table.rowCount() == 0
    assert page.empty.isVisible()
    assert page.empty.text().startswith("Chưa có bản sao lưu nào.")
    assert "Sao lưu ngay" in page.empty.text()
    assert not page.restore_button.isEnabled() and not page.view_button.isEnabled()
    assert page.back_up_button.isEnabled()


def test_restore_from_the_window_reopens_the_book_on_this_page(qtbot, tmp_path, book, monkeypatch):
    from desktop.ui.main_window import MainWindow

    session = BookSession(AppSettings(backups_dir=str(tmp_path / "bk")), tmp_path / "s.json", clock=CLOCK)
    window = MainWindow(session, tmp_path / "demo.socanbo")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    assert window.open_path(book)
    qtbot.waitUntil(lambda: session.backups.newest(book) is not None)  # the on-open backup follows the paint
    window.show_page("backups")
    page = window.pages["backups"]
    session.services.officers.add_person(Person("Phan Thị Mới"))
    session.notify_changed()
    answer_yes(monkeypatch)

    page.table.selectRow(0)
    page.restore_button.click()
    qtbot.waitUntil(lambda: session.services is not None and page.back_up_button.isEnabled(), timeout=20000)

    assert window.stack.currentWidget() is page
    assert "Phan Thị Mới" not in names(session)
    assert page.notice.isVisible() and page.notice.text().startswith("Đã khôi phục")
    assert page.selected_backup().reason == ON_OPEN  # the restored backup stays selected
    assert window.statusBar().currentMessage().startswith("Đã khôi phục")
    session.close()

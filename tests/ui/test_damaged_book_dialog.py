"""A damaged book: the dialog says so in Vietnamese, offers the newest good backup with what it holds, and choosing
it brings the book back; the other verdicts (missing, in use elsewhere, empty file) get their own clear texts."""
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from desktop.services.app_settings import AppSettings
from desktop.services.backups import DAMAGED, DAMAGED_BOOK, LOCKED, MISSING, BackupService, Verdict
from desktop.services.demo import write_demo_book
from desktop.ui.dialogs.damaged_book_dialog import DamagedBookDialog, explain_verdict, verdict_title
from desktop.ui.session import BookSession

VN = timezone(timedelta(hours=7))
CLOCK = lambda: datetime(2025, 11, 20, 9, 0, tzinfo=VN)  # noqa: E731


def damage(path) -> None:
    """Zeros over the middle of the file, the way a failing disk or a cut-off copy leaves it."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 3)
        handle.write(b"\0" * (size // 3))


@pytest.fixture
def damaged_book(tmp_path):
    """(book, backups folder): the demo book with one good backup, then damaged."""
    book, backups = tmp_path / "d.socanbo", tmp_path / "bk"
    write_demo_book(book)
    BackupService(backups, CLOCK).back_up(book)
    damage(book)
    return book, backups


def test_the_dialog_explains_and_offers_the_newest_good_backup(qtbot, damaged_book):
    book, backups = damaged_book
    verdict = BackupService(backups, CLOCK).diagnose(book)
    assert verdict.kind == DAMAGED_BOOK and verdict.offer is not None
    dialog = DamagedBookDialog(verdict)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Sổ bị hỏng"
    assert "bị hỏng" in dialog.message.text() and str(book) in dialog.message.text()
    assert "malformed" not in dialog.message.text()  # SQLite's English words stay in the technical details
    assert dialog.offer_box.isVisible() and not dialog.no_offer.isVisible()
    fields = dialog.preview.fields
    assert fields["when"].text() == "20/11/2025 09:00"
    assert fields["union"].text() == "Công đoàn cơ sở Công ty TNHH May mặc Sông Hồng"
    assert (fields["years"].text(), fields["people"].text(), fields["evaluations"].text(),
            fields["courses"].text()) == ("2023, 2024, 2025", "27", "43", "19")
    assert dialog.restore_button.text() == "Khôi phục bản sao lưu này"
    assert dialog.restore_button.isVisible() and dialog.restore_button.isDefault()
    dialog.restore_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_closing_the_dialog_does_not_restore(qtbot, damaged_book):
    book, backups = damaged_book
    dialog = DamagedBookDialog(BackupService(backups, CLOCK).diagnose(book))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not BackupService(backups, CLOCK).diagnose(book).ok


def test_without_a_good_backup_there_is_no_restore_button(qtbot, tmp_path):
    book = tmp_path / "d.socanbo"
    write_demo_book(book)
    damage(book)
    verdict = BackupService(tmp_path / "bk", CLOCK).diagnose(book)
    dialog = DamagedBookDialog(verdict)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.restore_button.isVisible()
    assert dialog.no_offer.isVisible() and "Không tìm thấy bản sao lưu" in dialog.no_offer.text()


def test_from_the_window_the_damaged_book_comes_back_in_one_click(qtbot, damaged_book, tmp_path):
    """The window diagnoses the book, shows the dialog, and restores what the user chose."""
    from desktop.ui.main_window import MainWindow

    book, backups = damaged_book
    session = BookSession(AppSettings(backups_dir=str(backups)), tmp_path / "s.json", clock=CLOCK)
    window = MainWindow(session, tmp_path / "demo.socanbo")
    qtbot.addWidget(window)
    window.show()
    seen = []

    def click_restore(attempts=300):
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, DamagedBookDialog):
            seen.append(dialog.message.text())
            dialog.restore_button.click()
        elif attempts:
            QTimer.singleShot(10, lambda: click_restore(attempts - 1))

    QTimer.singleShot(0, click_restore)
    assert window.open_path(book)
    assert seen and "bị hỏng" in seen[0]
    assert session.services is not None and session.services.officers.count() == 27
    session.close()
    assert BackupService(backups, CLOCK).diagnose(book).ok
    assert not BackupService(backups, CLOCK).verify(book)  # integrity_check passes
    assert DAMAGED in [b.reason for b in BackupService(backups, CLOCK).backups(book)]  # the damaged file is kept


def test_other_verdicts_get_their_own_clear_texts(tmp_path):
    service = BackupService(tmp_path / "bk", CLOCK)
    missing = service.diagnose(tmp_path / "khong-co.socanbo")
    assert missing.kind == MISSING
    assert verdict_title(missing) == "Không tìm thấy sổ"
    assert explain_verdict(missing).startswith("Không tìm thấy sổ")
    assert "Tệp → Mở" in explain_verdict(missing)

    empty = tmp_path / "rong.socanbo"
    empty.write_bytes(b"")
    assert "rỗng (0 byte)" in explain_verdict(service.diagnose(empty))

    locked = Verdict(LOCKED, "The book is open on {host} since {since}. Close it there first, or open it read-only.",
                     {"path": "so.socanbo", "host": "MAY-KE-TOAN", "since": "2025-11-20T08:15:00+07:00"},
                     holder_host="MAY-KE-TOAN", holder_since="2025-11-20T08:15:00+07:00")
    text = explain_verdict(locked)
    assert text.startswith("Sổ đang được mở trên máy MAY-KE-TOAN từ 20/11/2025 08:15.")
    assert "chỉ xem" in text and "vài phút" in text
    assert verdict_title(locked) == "Sổ đang được mở ở nơi khác"

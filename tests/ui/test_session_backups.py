"""Automatic backups around the window's book: on opening (once a day), and on closing after a change."""
from datetime import datetime, timedelta, timezone

from desktop.domain.officers import Person
from desktop.services.app_settings import AppSettings
from desktop.services.backups import BackupService
from desktop.services.demo import write_demo_book
from desktop.ui.session import BookSession

VN = timezone(timedelta(hours=7))


class MovingClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def test_backups_on_open_and_on_close_after_a_change(qtbot, tmp_path):
    book = tmp_path / "so.socanbo"
    write_demo_book(book)
    clock = MovingClock(datetime(2025, 11, 20, 9, 0, tzinfo=VN))
    settings = AppSettings(backups_dir=str(tmp_path / "bk"))
    session = BookSession(settings, tmp_path / "settings.json", clock=clock)
    notices = []
    session.notice.connect(notices.append)

    session.open(book)
    qtbot.waitUntil(lambda: BackupService(tmp_path / "bk").backups(book) != [])
    backups = BackupService(tmp_path / "bk").backups(book)
    assert [b.reason for b in backups] == ["open"]
    assert any("Đã sao lưu" in text for text in notices)

    session.close()  # nothing changed: no new backup
    assert len(BackupService(tmp_path / "bk").backups(book)) == 1

    clock.now += timedelta(hours=2)
    session.open(book)  # the newest backup is only 2 hours old: none on open
    qtbot.wait(50)
    session.services.officers.add_person(Person("Phan Thị Mới"))
    session.close()
    reasons = [b.reason for b in BackupService(tmp_path / "bk").backups(book)]
    assert reasons == ["close", "open"]


def test_a_failing_backup_does_not_stop_opening(qtbot, tmp_path):
    book = tmp_path / "so.socanbo"
    write_demo_book(book)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    session = BookSession(AppSettings(backups_dir=str(blocker / "bk")), tmp_path / "settings.json")
    notices = []
    session.notice.connect(notices.append)
    session.open(book)
    assert session.services is not None
    qtbot.waitUntil(lambda: any("không thành công" in text for text in notices))
    session.close()

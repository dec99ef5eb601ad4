"""The open book of the window: which Services are current, signals when that changes, and the automatic
backups that go with opening, working and closing."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.domain.errors import BookError
from desktop.domain.union import UnionProfile
from desktop.i18n import _
from desktop.services.app_settings import AppSettings
from desktop.services.backups import ON_CLOSE, WHILE_OPEN, BackupService
from desktop.services.book import Services, create_book, local_now, open_book

BACKUP_CHECK_MILLISECONDS = 5 * 60 * 1000  # how often to look; a backup is made at most every 30 minutes


class BookSession(QObject):
    """Pages listen to `changed` (new services or None) and `data_changed` (something was written).

    `notice` carries short texts for the status bar (a backup made, a backup that failed).
    """

    changed = Signal(object)
    data_changed = Signal()
    notice = Signal(str)

    def __init__(self, settings: AppSettings, settings_path: Path, parent: QObject | None = None,
                 clock=local_now, default_backups_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.settings_path = settings_path
        self.clock = clock  # tests pass a fixed clock so "this year" does not move
        self.default_backups_dir = default_backups_dir or settings_path.parent / "backups"
        self.services: Services | None = None
        self.backups = BackupService(self.backups_dir, clock)
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(BACKUP_CHECK_MILLISECONDS)
        self._backup_timer.timeout.connect(lambda: self._back_up_if_changed(WHILE_OPEN))

    @property
    def backups_dir(self) -> Path:
        return Path(self.settings.backups_dir) if self.settings.backups_dir else self.default_backups_dir

    def set_backups_dir(self, value: str) -> None:
        """Backups go to `value` from now on ('' for the default folder in the data directory)."""
        self.settings.backups_dir = value
        self.save_settings()
        self.backups = BackupService(self.backups_dir, self.clock)

    @property
    def read_only(self) -> bool:
        return bool(self.services and self.services.book.read_only)

    def open(self, path: Path, read_only: bool = False) -> Services:
        # Pre-migration copies go with the backups, never only next to the book.
        services = open_book(path, read_only=read_only, copies_dir=self.backups_dir, clock=self.clock)
        self._switch(services)
        if not read_only:
            # Right after the window has shown the book (the copy of a large book takes a moment).
            QTimer.singleShot(0, lambda: self._back_up_on_open(services))
            self._backup_timer.start()
        return services

    def create(self, path: Path, profile: UnionProfile) -> Services:
        services = create_book(path, profile, clock=self.clock)
        self._switch(services)
        self._backup_timer.start()
        return services

    def close(self) -> None:
        if self.services is not None:
            self._backup_timer.stop()
            self._back_up_if_changed(ON_CLOSE)
            self.services.close()
            self.services = None
            self.changed.emit(None)

    def notify_changed(self) -> None:
        self.data_changed.emit()

    def _back_up_on_open(self, services: Services) -> None:
        if services is self.services:  # still the open book
            self._guarded(lambda: self.backups.back_up_on_open(services))

    def _back_up_if_changed(self, reason: str) -> None:
        services = self.services
        if services is not None and not services.book.read_only:
            self._guarded(lambda: self.backups.back_up_if_changed(services, reason))

    def _guarded(self, make_backup) -> None:
        """A backup that fails (full disk, damaged book) must never stop the user's work: say it and go on."""
        try:
            made = make_backup()
        except (BookError, OSError) as error:
            detail = error.render(_) if isinstance(error, BookError) else str(error)
            self.notice.emit(_("The automatic backup failed: {detail}").format(detail=detail))
            return
        if made is not None:
            self.notice.emit(_("Backup made: {name}").format(name=made.path.name))

    def _switch(self, services: Services) -> None:
        if self.services is not None:
            self.close()
        self.services = services
        self.backups = BackupService(self.backups_dir, self.clock)  # the folder may have changed in settings
        self.settings.remember_book(services.path)
        self.save_settings()
        self.changed.emit(services)

    def save_settings(self) -> None:
        try:
            self.settings.save(self.settings_path)
        except OSError:
            pass  # settings are a convenience; never stop the user's work for them

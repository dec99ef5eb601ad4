"""Backups of the book, restore, and the on-open diagnosis: what the backups page (Sao lưu), the window's
open and close, and the CLI call.

One `BackupService` per backups folder (the data folder's `backups/`, or the folder chosen in settings).
Automatic backups: when a book is opened and its newest backup is a day old (`back_up_on_open`), and when
something changed, on close and every so often while open, at most every 30 minutes
(`back_up_if_changed`). Every new backup thins the book's older ones. A restore first saves the current
book (a checked backup, or the damaged file set aside byte for byte) and then replaces it atomically.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from desktop.domain.errors import N_, BookFileError
from desktop.services.book import Services, local_now, open_book
from desktop.storage import backups as store
from desktop.storage.backups import (DAMAGED, MANUAL, ON_CLOSE, ON_OPEN, PRE_MIGRATION, PRE_RESTORE, WHILE_OPEN,
                                     BackupInfo, BackupSummary)
# The window imports these from here, not from storage: verdict kinds, drive kinds and the drive notice.
from desktop.storage.file_checks import (DAMAGED_BOOK, FOREIGN, LOCAL, LOCKED, MISSING, NETWORK,  # noqa: F401
                                         NOT_A_BOOK, OK, REMOVABLE, TOO_NEW, UNKNOWN, UNREADABLE, Verdict, diagnose,
                                         drive_notice, newest_good_backup, set_journal_aside)
from desktop.storage.lock import BookLock
from desktop.storage.migrations import SCHEMA_VERSION

Clock = Callable[[], datetime]

REASON_LABELS = {
    MANUAL: N_("made by hand"),
    ON_OPEN: N_("on opening the book"),
    ON_CLOSE: N_("on closing the book"),
    WHILE_OPEN: N_("while working"),
    PRE_MIGRATION: N_("before a data format update"),
    PRE_RESTORE: N_("before a restore"),
    DAMAGED: N_("the damaged book, set aside"),
}


def backup_due_on_open(newest: datetime | None, now: datetime) -> bool:
    """On opening a book: when it has no backup, or its newest one is a day old or older."""
    return newest is None or (now - newest).total_seconds() >= 24 * 3600


def backup_due_on_close(changed: bool, last_backup_at: datetime | None, now: datetime) -> bool:
    """On closing (and every so often while open): when something changed and the last backup is 30 minutes
    old or older."""
    return changed and (last_backup_at is None or (now - last_backup_at).total_seconds() >= 30 * 60)


def reason_label(reason: str) -> str:
    """The message id describing why a backup was made (translate it where shown)."""
    return REASON_LABELS.get(reason, N_("unknown reason"))


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    previous: BackupInfo | None  # the book as it was before the restore (None: there was no book)
    summary: BackupSummary  # what the book holds now


class BackupService:
    def __init__(self, backups_dir: Path, clock: Clock = local_now) -> None:
        self.backups_dir = Path(backups_dir)
        self.clock = clock
        self._changes_at_backup: dict[Path, int] = {}
        self._last_backup_at: dict[Path, datetime] = {}

    # --- the list --------------------------------------------------------------------------------------------
    def backups(self, book_path: Path) -> list[BackupInfo]:
        """This book's backups, newest first (matched by the book's file name)."""
        return store.list_backups(self.backups_dir, Path(book_path).name)

    def newest(self, book_path: Path) -> BackupInfo | None:
        found = [b for b in self.backups(book_path) if b.reason != DAMAGED]
        return found[0] if found else None

    def newest_good(self, book_path: Path) -> BackupInfo | None:
        """The newest backup that passes its own check (what to offer for a damaged book)."""
        return newest_good_backup(self.backups_dir, Path(book_path).name)

    # --- making backups --------------------------------------------------------------------------------------
    def back_up(self, book: Services | Path, reason: str = MANUAL) -> BackupInfo:
        """A checked backup of an open book (`Services`) or a book file; then the book's old backups are thinned.

        Raises BookFileError for a damaged book (the backup is refused, nothing is kept).
        """
        path = book.path if isinstance(book, Services) else Path(book)
        source = book.book.db if isinstance(book, Services) else path
        info = store.make_backup(source, self.backups_dir, reason, now=self.clock(), book_path=path)
        self._last_backup_at[path] = info.created_at
        if isinstance(book, Services):
            self._changes_at_backup[path] = _changes(book)
        self.thin(path)
        return info

    def back_up_on_open(self, services: Services) -> BackupInfo | None:
        """Call right after opening a book for writing: backs up when the newest backup is a day old or more."""
        self._changes_at_backup[services.path] = _changes(services)
        newest = self.newest(services.path)
        if newest is not None:
            self._last_backup_at.setdefault(services.path, newest.created_at)
        if services.book.read_only or not backup_due_on_open(newest and newest.created_at, self.clock()):
            return None
        return self.back_up(services, ON_OPEN)

    def back_up_if_changed(self, services: Services, reason: str = ON_CLOSE) -> BackupInfo | None:
        """Call on close (reason ON_CLOSE) and from a timer while open (WHILE_OPEN): backs up when something
        changed since the last backup and that backup is at least 30 minutes old."""
        if services.book.read_only:
            return None
        path = services.path
        changed = _changes(services) != self._changes_at_backup.get(path, 0)
        last = self._last_backup_at.get(path)
        if last is None:
            newest = self.newest(path)
            last = newest.created_at if newest else None
        if not backup_due_on_close(changed, last, self.clock()):
            return None
        return self.back_up(services, reason)

    def thin(self, book_path: Path) -> list[BackupInfo]:
        """Delete the backups the thinning rule no longer keeps; returns them. Damaged books set aside stay."""
        candidates = [b for b in self.backups(book_path) if b.reason != DAMAGED]
        doomed = store.thin(candidates, self.clock())
        for backup in doomed:
            store.delete_backup(backup)
        return doomed

    # --- looking into a backup -------------------------------------------------------------------------------
    def preview(self, backup: BackupInfo | Path) -> BackupSummary:
        """Union, years and counts of people, evaluations and courses in a backup (read without changing it)."""
        return store.summarize(_path_of(backup))

    def verify(self, backup: BackupInfo | Path) -> list[str]:
        """SQLite's problems with a backup file (empty: it can be restored)."""
        return store.verify_backup(_path_of(backup), quick=False)

    def open_read_only(self, backup: BackupInfo | Path, scratch_dir: Path) -> Services:
        """Open a backup to look at it without restoring. A backup in an older data format is first copied into
        `scratch_dir` (a temporary folder the caller removes) and brought up to date there."""
        path = _path_of(backup)
        if store.summarize(path).schema_version >= SCHEMA_VERSION:
            return open_book(path, read_only=True, clock=self.clock)
        scratch_dir = Path(scratch_dir)
        copy = scratch_dir / path.name
        if copy.exists():
            copy.unlink()
        store.write_checked_copy(path, copy)
        open_book(copy, copies_dir=scratch_dir, clock=self.clock).close()
        return open_book(copy, read_only=True, clock=self.clock)

    # --- restore and export ----------------------------------------------------------------------------------
    def restore(self, backup: BackupInfo | Path, book_path: Path) -> RestoreResult:
        """Replace the book by a backup. Close the book first: the restore takes the book's lock.

        The current book is saved first (a checked backup; a damaged book is set aside byte for byte); a
        damaged or too-new backup is refused before anything changes.
        """
        source, book_path = _path_of(backup), Path(book_path)
        if book_path.exists() and source.resolve() == book_path.resolve():
            raise BookFileError(N_("The backup {path} is the book itself; choose a backup."), path=str(source))
        problems = store.verify_backup(source, quick=False)
        if problems:
            raise BookFileError(N_("The backup {path} is damaged ({detail}); it was not restored. Choose another "
                                   "backup."), path=str(source), detail=problems[0])
        lock = BookLock(book_path)
        book_path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
        try:
            previous = None
            if book_path.exists():
                try:
                    previous = store.make_backup(book_path, self.backups_dir, PRE_RESTORE, now=self.clock())
                except BookFileError:
                    previous = store.keep_damaged_file(book_path, self.backups_dir, now=self.clock())
            store.replace_book_file(source, book_path, SCHEMA_VERSION)
        finally:
            lock.release()
        self._changes_at_backup.pop(book_path, None)
        return RestoreResult(restored_from=source, previous=previous, summary=store.summarize(book_path))

    def export_copy(self, book: Services | Path, folder: Path) -> Path:
        """Write a consistent, checked copy of the book to another folder (a USB stick, a share): "Xuất bản sao
        lưu". The copy is named after the book and the time; an existing file is never overwritten."""
        path = book.path if isinstance(book, Services) else Path(book)
        source = book.book.db if isinstance(book, Services) else path
        now = self.clock()
        target = Path(folder) / f"{path.stem}_{now:%Y-%m-%d_%H%M%S}_copy{path.suffix}"
        store.write_checked_copy(source, target)
        return target

    # --- before opening --------------------------------------------------------------------------------------
    def diagnose(self, book_path: Path) -> Verdict:
        """What is wrong with the book file (with the newest good backup to offer when it is damaged)."""
        return diagnose(Path(book_path), self.backups_dir)

    def set_stray_journal_aside(self, book_path: Path) -> Path:
        """Move a journal that belongs to another file out of the book's way (into the backups folder)."""
        return set_journal_aside(Path(book_path), self.backups_dir)


def _path_of(backup: BackupInfo | Path) -> Path:
    return backup.path if isinstance(backup, BackupInfo) else Path(backup)


def _changes(services: Services) -> int:
    """How many rows this connection has changed since it was opened (SQLite's total_changes)."""
    return services.book.db.conn.total_changes

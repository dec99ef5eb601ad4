"""Opening a book file: checks, pragmas, the writer's lock, migrations with a copy made first.

The rollback journal (journal_mode=DELETE) keeps the book one self-contained file, which users copy to
USB sticks and network shares where WAL breaks; synchronous=FULL makes a commit survive a power cut.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from desktop.domain.errors import N_, BookFileError, os_reason, technical
from desktop.storage.backups import verify_backup
from desktop.storage.lock import BookLock
from desktop.storage.migrations import SCHEMA_VERSION, migrations

APPLICATION_ID = 0x536F4342  # "SoCB"
SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass
class BookDatabase:
    """An open book: the sqlite-utils database, where it lives, and the lock that makes us its writer."""
    db: Database
    path: Path
    read_only: bool = False
    lock: BookLock | None = None
    pre_migration_copy: Path | None = None
    _closed: bool = field(default=False, repr=False)

    def transaction(self):
        """One user-level change: everything inside commits together or not at all."""
        if self.read_only:
            raise BookFileError(N_("The book is open read-only; changes are not possible."))
        return self.db.atomic()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        if self.lock is not None:
            self.lock.release()

    def __enter__(self) -> "BookDatabase":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except PermissionError:
        raise BookFileError(N_("The file {path} cannot be read: access is denied."), path=str(path)) from None
    except OSError as error:
        raise BookFileError(N_("The file {path} cannot be read: {reason}."), path=str(path),
                            reason=os_reason(error)) from None
    if len(header) == 0:
        raise BookFileError(N_("The file {path} is empty (0 bytes): it is not a book. Restore it from a "
                               "backup."), path=str(path))
    if not header.startswith(SQLITE_HEADER):
        raise BookFileError(N_("The file {path} is not an officer book (it is not an SQLite file)."),
                            path=str(path))
    if len(header) < 100:
        raise BookFileError(N_("The file {path} is damaged (it is cut short). Restore it from a backup."),
                            path=str(path))


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        uri = path.resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _identify(conn: sqlite3.Connection, path: Path) -> tuple[int, bool]:
    """The schema version of an existing file; refuse foreign and too-new files."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorname", "").startswith("SQLITE_READONLY"):
            # A hot journal: the last writer stopped mid-change. A normal open rolls it back; it is not damage.
            raise BookFileError(N_("The book {path} was not closed properly last time. Open it normally once "
                                   "(not read-only): its unfinished change is then undone."), path=str(path)) from None
        raise BookFileError(N_("The file {path} is damaged and cannot be read. Restore it from a backup."),
                            path=str(path)) from None
    empty = not tables
    if not empty and app_id != APPLICATION_ID:
        raise BookFileError(N_("The file {path} is an SQLite database of another program, not an officer "
                               "book."), path=str(path))
    if version > SCHEMA_VERSION:
        raise BookFileError(N_("The book {path} was written by a newer version of the program (data version "
                               "{found}, this program knows up to {known}). Install the newer version."),
                            path=str(path), found=version, known=SCHEMA_VERSION)
    return version, empty


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy through SQLite's online backup API, written beside the target then renamed.

    The rename means a copy cut off half-way never replaces a good file of the same name.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        destination = sqlite3.connect(str(partial))
        try:
            source.backup(destination)
        finally:
            destination.close()
        os.replace(partial, target)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BookFileError(N_("Cannot write the copy {path}: {reason}."), path=str(target),
                            reason=technical(error)) from None


def open_database(path: Path | str, *, create: bool = False, read_only: bool = False,
                  copies_dir: Path | None = None, use_lock: bool = True) -> BookDatabase:
    """Open (or create) a book, migrated to the current schema.

    Before migrating an existing book, a copy is written to `copies_dir` (or beside the book).
    """
    path = Path(path)
    if path.exists():
        if path.is_dir():
            raise BookFileError(N_("{path} is a folder, not a book file."), path=str(path))
        _check_header(path)
    elif not create:
        raise BookFileError(N_("The book {path} does not exist. Check the path, or create a new book."),
                            path=str(path))
    elif read_only:
        raise BookFileError(N_("The book {path} does not exist."), path=str(path))
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BookFileError(N_("Cannot create the folder {path}: {reason}."), path=str(path.parent),
                                reason=os_reason(error)) from None

    lock = None
    if use_lock and not read_only:
        lock = BookLock(path)
        lock.acquire()
    conn = None
    try:
        conn = _connect(path, read_only)
        version, empty = _identify(conn, path)
        # Only after the file is known to be ours: setting the journal mode rewrites the header.
        if not read_only:
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA synchronous = FULL")
        copy = None
        if version < SCHEMA_VERSION:
            if read_only:
                raise BookFileError(N_("The book {path} needs an update of its data format, which cannot be "
                                       "done read-only. Open it normally once."), path=str(path))
            if not empty:
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                copy = (copies_dir or path.parent) / f"{path.stem}.before-v{SCHEMA_VERSION}-{stamp}{path.suffix}"
                copy_database(conn, copy)
                problems = verify_backup(copy, quick=False)
                if problems:  # never migrate a damaged book
                    copy.unlink(missing_ok=True)
                    raise BookFileError(N_("The book {path} is damaged ({detail}); a backup of it was refused. "
                                           "Restore an earlier backup."), path=str(path), detail=problems[0])
            db = Database(conn, execute_plugins=False)
            # Mark the file ours first, so that a book cut off while being created is still recognised.
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            migrations.apply(db)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        else:
            db = Database(conn, execute_plugins=False)
        return BookDatabase(db=db, path=path, read_only=read_only, lock=lock, pre_migration_copy=copy)
    except BaseException:
        if conn is not None:
            conn.close()
        if lock is not None:
            lock.release()
        raise

"""Backups of a book: checked copies through SQLite's online backup API, their index, restore, thinning.

A backup is a plain book file in a backups folder (the data folder's `backups/` or one the user chose),
never only beside the book: the disk or stick holding the book is what fails. Its name carries the
book's name, the time and the reason (`Sổ 2026_2025-06-15_093000_open.socanbo`); a small JSON sidecar
beside it (`<backup>.json`) is the index: which book, when, why, size, schema version, checksum. The
index lives outside the book on purpose: a damaged book must not take the list of its backups with it.
A backup whose sidecar is lost is still listed, from its name.

Every copy is written to a hidden temporary file in the target folder, checked with `integrity_check`
(a damaged copy is deleted and refused), flushed to disk and only then renamed into place, so a
power cut leaves either no backup or a whole one.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.domain.backup_policy import thin  # noqa: F401 - part of this module's interface
from desktop.domain.errors import N_, BookFileError
from desktop.storage.durable_files import fsync_dir as _fsync_dir
from desktop.storage.durable_files import fsync_file as _fsync_file
from desktop.storage.durable_files import sha256_of as _sha256

APPLICATION_ID = 0x536F4342  # the same mark as desktop.storage.database (kept here to avoid a cycle)

# Why a backup was made. Pre-migration copies are never thinned away.
MANUAL, ON_OPEN, ON_CLOSE, WHILE_OPEN = "manual", "open", "close", "while-open"
PRE_MIGRATION, PRE_RESTORE, DAMAGED = "pre-migration", "pre-restore", "damaged"
REASONS = (MANUAL, ON_OPEN, ON_CLOSE, WHILE_OPEN, PRE_MIGRATION, PRE_RESTORE, DAMAGED)

SIDECAR_SUFFIX = ".json"
_NAME = re.compile(r"^(?P<stem>.+)_(?P<date>\d{4}-\d{2}-\d{2})_(?P<time>\d{6})(?:-\d+)?_(?P<reason>[a-z-]+)"
                   r"(?P<suffix>\.[^.]+)?$")
# Copies written before this module existed by desktop.storage.database: `<stem>.before-v2-20250615-093000.x`
_LEGACY_NAME = re.compile(r"^(?P<stem>.+)\.before-v\d+-(?P<date>\d{8})-(?P<time>\d{6})(?P<suffix>\.[^.]+)?$")
LEFTOVER_SECONDS = 3600  # temporary files older than this were left by a killed process


@dataclass(frozen=True)
class BackupInfo:
    """One backup file and what its index says about it."""
    path: Path
    book_name: str  # file name of the book it copies, e.g. "so-can-bo.socanbo"
    created_at: datetime  # aware
    reason: str  # one of REASONS
    size: int
    schema_version: int | None = None
    checked: bool = False  # integrity_check passed when it was written
    sha256: str = ""
    book_path: str = ""  # where the book was at the time

    @property
    def pre_migration(self) -> bool:
        return self.reason == PRE_MIGRATION


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, for the preview before a restore."""
    union_name: str
    years: tuple[int, ...]
    people: int
    evaluations: int
    courses: int
    schema_version: int


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file (a hot journal makes reading fail instead of rolling back)."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)


def integrity_lines(conn: sqlite3.Connection, quick: bool = False) -> list[str]:
    """integrity_check (or quick_check) lines other than "ok"; a file SQLite cannot read gives its error."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        return [row[0] for row in conn.execute(f"PRAGMA {pragma}").fetchall() if row[0] != "ok"]
    except sqlite3.DatabaseError as error:
        return [str(error)]


def _source_connection(source) -> tuple[sqlite3.Connection, bool]:
    """(connection, opened_here) for a path, an sqlite3 connection, a sqlite-utils Database or a BookDatabase."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise BookFileError(N_("The book {path} does not exist. Check the path, or create a new book."),
                                path=str(path))
        try:
            return connect_read_only(path), True
        except sqlite3.Error as error:
            raise BookFileError(N_("The file {path} cannot be read: {reason}."), path=str(path),
                                reason=str(error)) from None
    conn = getattr(getattr(source, "db", source), "conn", source)
    if not isinstance(conn, sqlite3.Connection):
        raise TypeError(f"cannot back up {source!r}")
    return conn, False


def _main_file(conn: sqlite3.Connection) -> Path:
    """The file of an open connection ("?" when SQLite cannot tell)."""
    with contextlib.suppress(sqlite3.Error):
        for _seq, name, file in conn.execute("PRAGMA database_list"):
            if name == "main" and file:
                return Path(file)
    return Path("?")


def write_checked_copy(source, target: Path) -> tuple[int, int]:
    """Copy a book to `target` (which must not exist) with the online backup API; returns
    (application_id, schema version). A copy that fails integrity_check is deleted and refused."""
    target = Path(target)
    conn, opened_here = _source_connection(source)
    if conn.in_transaction:  # the backup API would fail (SQLITE_LOCKED): copy committed states only
        raise BookFileError(N_("The book {path} is busy with a change; try again in a moment."),
                            path=str(_main_file(conn)))
    partial = target.with_name(f".{target.name}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        destination = sqlite3.connect(str(partial))
        try:
            conn.backup(destination)
            problems = integrity_lines(destination)
            app_id = destination.execute("PRAGMA application_id").fetchone()[0]
            version = destination.execute("PRAGMA user_version").fetchone()[0]
        finally:
            destination.close()
        if problems:
            raise BookFileError(N_("The book {path} is damaged ({detail}); a backup of it was refused. "
                                   "Restore an earlier backup."), path=str(_main_file(conn)),
                                detail=problems[0])
        if app_id != APPLICATION_ID:
            raise BookFileError(N_("The file {path} is not an officer book; it was not copied."),
                                path=str(_main_file(conn)))
        _fsync_file(partial)
        if target.exists():
            raise BookFileError(N_("The file {path} already exists; choose another name."), path=str(target))
        os.replace(partial, target)
        _fsync_dir(target.parent)
        return app_id, version
    except sqlite3.Error as error:
        kind = getattr(error, "sqlite_errorname", "")
        if kind.startswith("SQLITE_READONLY"):  # a hot journal that only a normal open may roll back
            raise BookFileError(N_("The book {path} was not closed properly. Open it in the program once (it "
                                   "recovers itself), then make the copy."), path=str(_main_file(conn))) from None
        if kind.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            raise BookFileError(N_("The book {path} is busy with a change; try again in a moment."),
                                path=str(_main_file(conn))) from None
        raise BookFileError(N_("The book {path} is damaged ({detail}); a backup of it was refused. Restore an "
                               "earlier backup."), path=str(_main_file(conn)), detail=str(error)) from None
    except OSError as error:
        raise BookFileError(N_("Cannot write the copy {path}: {reason}."), path=str(target),
                            reason=error.strerror or str(error)) from None
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
            partial.with_name(partial.name + "-journal").unlink(missing_ok=True)
        if opened_here:
            conn.close()


# --- making and listing backups ----------------------------------------------------------------------------

def backup_name(book_name: str, created_at: datetime, reason: str, attempt: int = 1) -> str:
    path = Path(book_name)
    counter = f"-{attempt}" if attempt > 1 else ""
    return f"{path.stem}_{created_at:%Y-%m-%d_%H%M%S}{counter}_{reason}{path.suffix}"


def _free_target(backups_dir: Path, book_name: str, now: datetime, reason: str) -> Path:
    attempt = 1
    while (target := Path(backups_dir) / backup_name(book_name, now, reason, attempt)).exists():
        attempt += 1
    return target


def make_backup(source, backups_dir: Path, reason: str, *, now: datetime,
                book_path: Path | None = None) -> BackupInfo:
    """A checked backup of `source` (a book path or an open connection) in `backups_dir`, with its index entry.

    Raises BookFileError when the book is damaged (nothing is kept) or the folder cannot be written.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    if book_path is None:
        book_path = Path(source) if isinstance(source, (str, Path)) else _main_file(_source_connection(source)[0])
    target = _free_target(backups_dir, book_path.name, now, reason)
    _app_id, version = write_checked_copy(source, target)
    info = BackupInfo(path=target, book_name=book_path.name, created_at=now, reason=reason,
                      size=target.stat().st_size, schema_version=version, checked=True, sha256=_sha256(target),
                      book_path=str(book_path))
    write_sidecar(info)
    return info


def keep_damaged_file(book: Path, backups_dir: Path, *, now: datetime) -> BackupInfo:
    """Set a damaged book (and its journal, if any) aside byte for byte: it is never thrown away."""
    book = Path(book)
    target = _free_target(backups_dir, book.name, now, DAMAGED)
    journal = book.with_name(book.name + "-journal")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for source, copy in ((book, target), (journal, target.with_name(target.name + "-journal.saved"))):
            if source.exists():
                partial = copy.with_name(f".{copy.name}.part")
                shutil.copyfile(source, partial)
                _fsync_file(partial)
                os.replace(partial, copy)
        _fsync_dir(target.parent)
    except OSError as error:
        raise BookFileError(N_("Cannot write the copy {path}: {reason}."), path=str(target),
                            reason=error.strerror or str(error)) from None
    info = BackupInfo(path=target, book_name=book.name, created_at=now, reason=DAMAGED,
                      size=target.stat().st_size, checked=False, sha256=_sha256(target), book_path=str(book))
    write_sidecar(info)
    return info


def sidecar_path(backup: Path) -> Path:
    return backup.with_name(backup.name + SIDECAR_SUFFIX)


def write_sidecar(info: BackupInfo) -> None:
    """The index entry beside the backup. Not fatal when it cannot be written: the name tells enough."""
    data = {"format": 1, "book_name": info.book_name, "book_path": info.book_path,
            "created_at": info.created_at.isoformat(), "reason": info.reason,
            "size": info.size, "schema_version": info.schema_version, "checked": info.checked,
            "sha256": info.sha256}
    target = sidecar_path(info.path)
    partial = target.with_name(f".{target.name}.part")
    with contextlib.suppress(OSError):
        with partial.open("w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)


def read_backup_info(path: Path) -> BackupInfo | None:
    """The index entry of a backup file: from its sidecar, or else from its name; None if it is no backup."""
    path = Path(path)
    try:
        data = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
        created = datetime.fromisoformat(data["created_at"])
        return BackupInfo(path=path, book_name=str(data["book_name"]), reason=str(data["reason"]),
                          created_at=created if created.tzinfo else created.astimezone(),
                          size=path.stat().st_size, schema_version=data.get("schema_version"),
                          checked=bool(data.get("checked")), sha256=str(data.get("sha256") or ""),
                          book_path=str(data.get("book_path") or ""))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return _info_from_name(path)


def _info_from_name(path: Path) -> BackupInfo | None:
    match, reason = _NAME.match(path.name), None
    try:
        if match and match["reason"] in REASONS:
            when, reason = datetime.strptime(f"{match['date']} {match['time']}", "%Y-%m-%d %H%M%S"), match["reason"]
        elif match := _LEGACY_NAME.match(path.name):
            when, reason = datetime.strptime(f"{match['date']} {match['time']}", "%Y%m%d %H%M%S"), PRE_MIGRATION
        return BackupInfo(path=path, book_name=match["stem"] + (match["suffix"] or ""),
                          created_at=when.astimezone(), reason=reason, size=path.stat().st_size) if reason else None
    except (ValueError, OSError):
        return None


def list_backups(backups_dir: Path, book_name: str | None = None) -> list[BackupInfo]:
    """The backups in a folder, newest first; only those of `book_name` (compared case-insensitively) if given."""
    backups_dir = Path(backups_dir)
    if not backups_dir.is_dir():
        return []
    _remove_leftovers(backups_dir)
    candidates = (read_backup_info(path) for path in backups_dir.iterdir()
                  if not path.name.startswith(".") and not path.name.endswith(SIDECAR_SUFFIX) and path.is_file())
    found = [info for info in candidates
             if info is not None and (book_name is None or info.book_name.casefold() == book_name.casefold())]
    found.sort(key=lambda info: (info.created_at, info.path.name), reverse=True)
    return found


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of a copy cut off by a crash (never a finished backup)."""
    cutoff = time.time() - LEFTOVER_SECONDS
    for path in folder.glob(".*.part*"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()


def delete_backup(info: BackupInfo) -> None:
    for path in (info.path, sidecar_path(info.path), info.path.with_name(info.path.name + "-journal.saved")):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def verify_backup(path: Path, quick: bool = True) -> list[str]:
    """Problems that make a backup unusable (empty when it can be restored); reads, never writes."""
    path = Path(path)
    if not path.is_file():
        return [f"missing: {path}"]
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as error:
        return [str(error)]
    try:
        problems = integrity_lines(conn, quick=quick)
        if not problems and conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            problems = ["not an officer book"]
        return problems
    finally:
        conn.close()


def summarize(path: Path) -> BackupSummary:
    """What a backup (or any book file) holds, read without changing it; tolerant of older schemas."""
    try:
        conn = connect_read_only(Path(path))
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

            def count(table: str) -> int:
                return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if table in tables else 0

            row = conn.execute("SELECT union_name FROM union_profile LIMIT 1").fetchone() \
                if "union_profile" in tables else None
            years = {r[0] for table in ("evaluations", "years") if table in tables
                     for r in conn.execute(f"SELECT DISTINCT year FROM {table}") if r[0]}
            return BackupSummary(union_name=row[0] if row else "", years=tuple(sorted(years)), people=count("people"),
                                 evaluations=count("evaluations"), courses=count("courses"),
                                 schema_version=conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error as error:
        raise BookFileError(N_("The backup {path} cannot be read ({detail}); choose another one."),
                            path=str(path), detail=str(error)) from None


# --- restore -----------------------------------------------------------------------------------------------

def replace_book_file(backup: Path, book: Path, known_version: int) -> None:
    """Put a checked copy of `backup` in place of `book` atomically (temporary file in the book's folder,
    fsync, os.replace). The caller holds the book's lock and has saved the current file first."""
    backup, book = Path(backup), Path(book)
    problems = verify_backup(backup, quick=False)
    if problems:
        raise BookFileError(N_("The backup {path} is damaged ({detail}); it was not restored. Choose another "
                               "backup."), path=str(backup), detail=problems[0])
    version = summarize(backup).schema_version
    if version > known_version:
        raise BookFileError(N_("The backup {path} was written by a newer version of the program (data version "
                               "{found}, this program knows up to {known}). Install the newer version."),
                            path=str(backup), found=version, known=known_version)
    incoming = book.with_name(f".{book.name}.restoring")
    with contextlib.suppress(FileNotFoundError):
        incoming.unlink()
    write_checked_copy(backup, incoming)
    # A journal left beside the old file would be "rolled back" into the restored one and ruin it; the
    # caller has saved it with the old file.
    journal = book.with_name(book.name + "-journal")
    try:
        journal.unlink(missing_ok=True)
        os.replace(incoming, book)
        _fsync_dir(book.parent)
    except OSError as error:
        with contextlib.suppress(OSError):
            incoming.unlink(missing_ok=True)
        raise BookFileError(N_("Cannot replace the book {path}: {reason}."), path=str(book),
                            reason=error.strerror or str(error)) from None

"""What is wrong with a book file, told before opening it: never a crash, never a silent repair.

`diagnose(path)` looks at the file without changing it (the header bytes, a read-only connection,
`quick_check` and `foreign_key_check`) and returns a `Verdict` the window shows as its own clear message:
ok, missing, unreadable, not_a_book, foreign, too_new, damaged, locked. A damaged book comes with the
newest backup that passes its own check, to offer instead.

A book whose program was killed mid-write has a "hot" journal beside it; opening it normally rolls that
back, which is how SQLite keeps a transaction all-or-nothing. The check is then run on a scratch copy
of book and journal, so the verdict tells what the book will hold once opened. A journal that does
not belong to the book (copied in from elsewhere, left by another file of the same name) would be rolled
"back" into it and ruin it: that is reported, not played.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.errors import N_
from desktop.storage.backups import (APPLICATION_ID, DAMAGED, BackupInfo, connect_read_only, integrity_lines,
                                     list_backups, verify_backup)
from desktop.storage.lock import BookLock, LockHolder, lock_path_for
from desktop.storage.migrations import SCHEMA_VERSION

OK, MISSING, UNREADABLE, NOT_A_BOOK = "ok", "missing", "unreadable", "not_a_book"
FOREIGN, TOO_NEW, DAMAGED_BOOK, LOCKED = "foreign", "too_new", "damaged", "locked"
LOCAL, NETWORK, REMOVABLE, UNKNOWN = "local", "network", "removable", "unknown"

SQLITE_MAGIC = b"SQLite format 3\x00"
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
NETWORK_FS = {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs",
              "davfs", "sshfs", "lustre", "beegfs"}


@dataclass(frozen=True)
class Verdict:
    kind: str  # one of OK ... LOCKED
    message_id: str  # English id, translated where shown: verdict.render(_)
    params: dict
    problems: tuple[str, ...] = ()  # SQLite's own words, for the details pane
    offer: BackupInfo | None = None  # the newest good backup of this book, for damaged files
    holder_host: str = ""  # LOCKED: who has the book, and since when
    holder_since: str = ""
    drive: str = LOCAL  # NETWORK / REMOVABLE: warn gently (the rollback journal is always used)
    stray_journal: Path | None = None
    recovers_on_open: bool = False  # a legitimate hot journal: the last write is rolled back on open

    @property
    def ok(self) -> bool:
        return self.kind == OK

    def render(self, translate) -> str:
        return translate(self.message_id).format(**self.params)


def drive_notice(drive: str) -> str | None:
    """The gentle warning for a book on a network share or a removable drive (None for a local disk)."""
    if drive == NETWORK:
        return N_("The book is on a network drive. Keep the connection steady while it is open, and keep the "
                  "backups on this computer.")
    if drive == REMOVABLE:
        return N_("The book is on a removable drive. Do not pull the drive out while the book is open; copy "
                  "the book to this computer to work on it.")
    return None


# --- network and removable drives --------------------------------------------------------------------------

def drive_kind(path: Path, *, mounts: str | None = None, sys_root: Path = Path("/sys"),
               get_drive_type=None) -> str:
    """LOCAL, NETWORK, REMOVABLE or UNKNOWN for the drive holding `path` (which need not exist yet)."""
    path = Path(os.path.abspath(path))
    if sys.platform == "win32" or get_drive_type is not None:
        return _windows_drive_kind(str(path), get_drive_type)
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return UNKNOWN
    return _linux_drive_kind(path, mounts, sys_root)


def _windows_drive_kind(path: str, get_drive_type=None) -> str:
    import ntpath

    drive = ntpath.splitdrive(str(path))[0]
    if drive[:2] in ("\\\\", "//") and not drive.startswith(("\\\\?\\", "\\\\.\\")):
        return NETWORK  # a UNC path: \\server\share\...
    if get_drive_type is None:
        import ctypes

        get_drive_type = ctypes.windll.kernel32.GetDriveTypeW
    kind = get_drive_type(drive + "\\") if drive else 0
    return {2: REMOVABLE, 3: LOCAL, 4: NETWORK, 5: REMOVABLE, 6: LOCAL}.get(kind, UNKNOWN)


def _unescape_mount(field: str) -> str:
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")


def _linux_drive_kind(path: Path, mounts: str, sys_root: Path) -> str:
    best: tuple[str, str, str] | None = None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        device, point, fstype = _unescape_mount(parts[0]), _unescape_mount(parts[1]), parts[2]
        inside = path == Path(point) or Path(point) in path.parents
        if inside and (best is None or len(point) > len(best[1])):
            best = (device, point, fstype)
    if best is None:
        return UNKNOWN
    device, point, fstype = best
    base = fstype.split(".", 1)[-1] if fstype.startswith("fuse.") else fstype
    if base in NETWORK_FS or fstype in ("fuse", "fuse.gvfsd-fuse", "fuse.rclone") or device.startswith("//"):
        return NETWORK
    if point.startswith(("/media/", "/run/media/", "/mnt/usb")) or _usb_block_device(device, sys_root):
        return REMOVABLE
    return LOCAL


def _usb_block_device(device: str, sys_root: Path) -> bool:
    if not device.startswith("/dev/"):
        return False
    name = Path(device).name
    disk = name.rstrip("0123456789")
    if disk.startswith(("nvme", "mmcblk")):
        disk = name.split("p")[0] if "p" in name[4:] else name
    block = sys_root / "block" / disk
    try:
        if (block / "removable").read_text().strip() == "1":
            return True
        return "/usb" in str(block.resolve())
    except OSError:
        return False


# --- the journal beside the book ---------------------------------------------------------------------------

def journal_path_for(book: Path) -> Path:
    return book.with_name(book.name + "-journal")


def _header_fields(header: bytes) -> dict:
    page_size = struct.unpack(">H", header[16:18])[0]
    return {"page_size": 65536 if page_size == 1 else page_size,
            "counter": struct.unpack(">I", header[24:28])[0], "pages": struct.unpack(">I", header[28:32])[0],
            "valid_for": struct.unpack(">I", header[92:96])[0], "user_version": struct.unpack(">i", header[60:64])[0],
            "app_id": struct.unpack(">I", header[68:72])[0], "encoding": struct.unpack(">I", header[56:60])[0],
            "fractions": header[21:24], "formats": (header[18], header[19])}


def _header_sound(fields: dict) -> bool:
    size = fields["page_size"]
    return (512 <= size <= 65536 and size & (size - 1) == 0 and fields["fractions"] == b"\x40\x20\x20"
            and fields["encoding"] in (1, 2, 3) and fields["formats"] in ((1, 1), (2, 2)))


def _is_hot(journal: Path) -> bool:
    """SQLite's own rule: a journal is played back when it is not empty and its first byte is not zero (a
    journal whose header was never synced starts with zeros and is ignored)."""
    try:
        with journal.open("rb") as handle:
            return handle.read(1) not in (b"", b"\x00")
    except OSError:
        return False


def journal_belongs(journal: Path, book_header: dict) -> bool:
    """Whether a hot journal was written for this very file: the same page size, and the saved image of
    page 1 (when the journal holds one) carries our mark and the change counter the interrupted write was
    about to raise by one."""
    try:
        data = journal.read_bytes()
    except OSError:
        return True
    offset = 0
    while offset + 28 <= len(data) and data[offset:offset + 8] == JOURNAL_MAGIC:
        records, _nonce, pages, sector, page_size = struct.unpack(">IIIII", data[offset + 8:offset + 28])
        if page_size != book_header["page_size"] or not 512 <= sector <= 65536:
            return False
        if offset == 0 and records == 0 and pages != book_header.get("file_pages", pages):
            # Nothing was synced, so the book was not written yet and must still have the size the journal
            # recorded; playing this journal would cut the book to another file's size.
            return False
        record_size = page_size + 8
        offset += sector
        if records == 0xFFFFFFFF:
            records = (len(data) - offset) // record_size
        for _ in range(records):
            if offset + record_size > len(data):
                return True
            number = struct.unpack(">I", data[offset:offset + 4])[0]
            if number == 1:
                page = data[offset + 4:offset + 4 + page_size]
                saved = _header_fields(page[:100])
                return (page[:16] == SQLITE_MAGIC and saved["app_id"] == book_header["app_id"]
                        and (book_header["counter"] - saved["counter"]) % 2**32 in (0, 1))
            offset += record_size
        offset = -(-offset // sector) * sector  # the next segment starts on a sector boundary
    return True  # no image of page 1 (or no valid header, which SQLite ignores): nothing says it is foreign


# --- the diagnosis -----------------------------------------------------------------------------------------

def newest_good_backup(backups_dir: Path | None, book_name: str) -> BackupInfo | None:
    if backups_dir is None:
        return None
    for backup in list_backups(backups_dir, book_name):
        if backup.reason != DAMAGED and not verify_backup(backup.path):
            return backup
    return None


def diagnose(path: Path, backups_dir: Path | None = None, *, known_version: int = SCHEMA_VERSION) -> Verdict:
    """Tell what is wrong with the book file at `path` (reads only; changes nothing)."""
    path = Path(path)
    params = {"path": str(path)}
    try:
        verdict = _diagnose(path, params, known_version)
    except OSError as error:
        verdict = Verdict(UNREADABLE, N_("The file {path} cannot be read: {reason}."),
                          dict(params, reason=error.strerror or str(error)))
    if verdict.kind in (DAMAGED_BOOK, NOT_A_BOOK):
        offer = newest_good_backup(backups_dir, path.name)
        if offer is not None:
            verdict = _replace(verdict, offer=offer)
    if verdict.kind not in (MISSING,):
        verdict = _replace(verdict, drive=drive_kind(path))
    return verdict


def _replace(verdict: Verdict, **changes) -> Verdict:
    from dataclasses import replace

    return replace(verdict, **changes)


def _diagnose(path: Path, params: dict, known_version: int) -> Verdict:
    if not path.exists():
        return Verdict(MISSING, N_("The book {path} does not exist. Check the path, or create a new book."),
                       params)
    if path.is_dir():
        return Verdict(NOT_A_BOOK, N_("{path} is a folder, not a book file."), params)
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except PermissionError:
        return Verdict(UNREADABLE, N_("The file {path} cannot be read: access is denied."), params)
    damaged = N_("The book {path} is damaged: {detail}. Restore it from a backup.")
    if size == 0:
        return Verdict(DAMAGED_BOOK, N_("The file {path} is empty (0 bytes): it is not a book. Restore it from a "
                                        "backup."), params)
    ours = len(header) >= 72 and struct.unpack(">I", header[68:72])[0] == APPLICATION_ID
    if header[:16] != SQLITE_MAGIC:
        if ours:
            return Verdict(DAMAGED_BOOK, damaged, dict(params, detail="file header"))
        if len(header) < 16 and SQLITE_MAGIC.startswith(header):
            return Verdict(DAMAGED_BOOK, N_("The file {path} is damaged (it is cut short). Restore it from a "
                                            "backup."), params)
        return Verdict(NOT_A_BOOK, N_("The file {path} is not an officer book (it is not an SQLite file)."),
                       params)
    if len(header) < 100:
        return Verdict(DAMAGED_BOOK, N_("The file {path} is damaged (it is cut short). Restore it from a backup."),
                       params)
    fields = _header_fields(header)
    if not _header_sound(fields):
        return Verdict(DAMAGED_BOOK, damaged, dict(params, detail="file header"))
    holder = _live_lock_holder(path)
    journal = journal_path_for(path)
    hot = holder is None and _is_hot(journal)
    fields["file_pages"] = size // fields["page_size"]
    if hot and not journal_belongs(journal, fields):
        return Verdict(DAMAGED_BOOK, N_("Beside the book {path} lies a journal file {journal} left by another "
                                        "file; opening the book would damage it. Move {journal} away, or "
                                        "restore a backup."), dict(params, journal=str(journal)),
                       stray_journal=journal)
    if not hot:
        if size % fields["page_size"]:
            return Verdict(DAMAGED_BOOK, N_("The file {path} is damaged (it is cut short). Restore it from a "
                                            "backup."), params)
        if fields["valid_for"] == fields["counter"] and fields["pages"] * fields["page_size"] > size:
            return Verdict(DAMAGED_BOOK, N_("The file {path} is damaged (it is cut short). Restore it from a "
                                            "backup."), params)
    verdict = _check_contents(path, journal if hot else None, params, known_version)
    if verdict.ok and holder is not None:
        return Verdict(LOCKED, N_("The book is open on {host} since {since}. Close it there first, or open it "
                                  "read-only."), dict(params, host=holder.host, since=holder.since),
                       holder_host=holder.host, holder_since=holder.since)
    return verdict


def _live_lock_holder(path: Path) -> LockHolder | None:
    """Who holds the book's lock, if that holder is still alive (a stale lock is not a holder)."""
    lock = BookLock(path)
    if lock.holder_if_alive() is None:  # the lock module's own rule: dead process, or silent for minutes
        return None
    return LockHolder.read(lock_path_for(path)) or LockHolder("?", 0, "?", "")


def _check_contents(path: Path, journal: Path | None, params: dict, known_version: int) -> Verdict:
    if journal is None:
        return _check_sqlite(path, params, known_version, recovers=False)
    with tempfile.TemporaryDirectory(prefix="socanbo-check-") as scratch:
        copy = Path(scratch) / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(journal, journal_path_for(copy))
        try:
            conn = sqlite3.connect(str(copy))  # rolls the journal back, in the scratch copy only
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                conn.close()
        except sqlite3.DatabaseError as error:
            return Verdict(DAMAGED_BOOK, N_("The book {path} is damaged: {detail}. Restore it from a backup."),
                           dict(params, detail=str(error)), problems=(str(error),))
        return _check_sqlite(copy, params, known_version, recovers=True)


def _check_sqlite(path: Path, params: dict, known_version: int, recovers: bool) -> Verdict:
    damaged = N_("The book {path} is damaged: {detail}. Restore it from a backup.")
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as error:
        return Verdict(UNREADABLE, N_("The file {path} cannot be read: {reason}."), dict(params, reason=str(error)))
    try:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            applied = conn.execute("SELECT count(*) FROM _sqlite_migrations WHERE migration_set = 'socanbo'"
                                   ).fetchone()[0] if "_sqlite_migrations" in tables else 0
        except sqlite3.DatabaseError as error:
            return Verdict(DAMAGED_BOOK, damaged, dict(params, detail=str(error)), problems=(str(error),))
        core = {"people", "evaluations", "union_profile", "_sqlite_migrations"}
        if app_id != APPLICATION_ID and core <= tables:  # our tables under a changed mark: a damaged header
            return Verdict(DAMAGED_BOOK, damaged, dict(params, detail="file header (application_id)"))
        if app_id == APPLICATION_ID and tables and (version < 0 or version > applied):
            # user_version equals the number of updates applied (also in newer programs' books), or trails it
            # after an update cut off before its number was written; never more
            return Verdict(DAMAGED_BOOK, damaged, dict(params, detail="file header (user_version)"))
        if app_id != APPLICATION_ID:
            if tables:
                return Verdict(FOREIGN, N_("The file {path} is an SQLite database of another program, not an "
                                           "officer book."), params)
            return Verdict(NOT_A_BOOK, N_("The file {path} is an empty database, not an officer book."), params)
        if version > known_version:
            return Verdict(TOO_NEW, N_("The book {path} was written by a newer version of the program (data "
                                       "version {found}, this program knows up to {known}). Install the newer "
                                       "version."), dict(params, found=version, known=known_version))
        problems = integrity_lines(conn, quick=True)
        if not problems:
            try:
                problems = [f"{table} row {rowid}: missing {parent}"
                            for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check")]
            except sqlite3.DatabaseError as error:
                problems = [str(error)]
        if problems:
            return Verdict(DAMAGED_BOOK, damaged, dict(params, detail=problems[0]), problems=tuple(problems))
    finally:
        conn.close()
    if recovers:
        return Verdict(OK, N_("The book {path} was not closed properly last time; its unfinished change will be "
                              "undone when it is opened."), params, recovers_on_open=True)
    return Verdict(OK, N_("The book {path} is sound."), params)


def set_journal_aside(book: Path, folder: Path) -> Path:
    """Move a stray journal out of the book's way, into `folder` (the user asked for it; nothing is deleted)."""
    journal = journal_path_for(Path(book))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (journal.name + ".stray")
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{journal.name}.stray-{counter}"
    shutil.move(str(journal), str(target))
    return target

"""Tests for desktop.storage.file_checks: the diagnosis of a book file before it is opened, the drives, and
the book files released versions wrote (tests/fixtures/books)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import sqlite3
import struct
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from desktop.storage import file_checks
from desktop.storage.backups import DAMAGED, MANUAL, keep_damaged_file, list_backups, make_backup
from desktop.storage.database import open_database
from desktop.storage.file_checks import (DAMAGED_BOOK, FOREIGN, LOCAL, LOCKED, MISSING, NETWORK, NOT_A_BOOK, OK,
                                         REMOVABLE, TOO_NEW, UNKNOWN, UNREADABLE, diagnose, drive_kind, drive_notice,
                                         journal_belongs, journal_path_for, set_journal_aside)
from desktop.storage.lock import lock_path_for
from desktop.storage.migrations import SCHEMA_VERSION

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "books"
FIXTURE = FIXTURES / f"v{SCHEMA_VERSION}-demo.socanbo"  # the demo book as this program writes it
NOW = datetime(2025, 6, 15, 9, 30, tzinfo=timezone(timedelta(hours=7)))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def flip(path: Path, offset: int, count: int = 1) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        data = handle.read(count)
        handle.seek(offset)
        handle.write(bytes(b ^ 0xFF for b in data))


def root_page_offset(path: Path, table: str) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    return (root - 1) * page_size


KILLED_WRITER = textwrap.dedent("""
    import os, signal, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA cache_size = 2")  # spill changed pages into the file before the commit
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("CREATE TABLE IF NOT EXISTS junk (x)")
    for _ in range(int(sys.argv[2])):
        conn.execute("INSERT INTO junk VALUES (randomblob(300))")
    os.kill(os.getpid(), getattr(signal, "SIGKILL", 9))
""")


def kill_mid_transaction(path: Path, rows: int = 3000) -> Path:
    """Leave a hot journal beside `path`: a writer killed in the middle of a big transaction."""
    subprocess.run([sys.executable, "-c", KILLED_WRITER, str(path), str(rows)], timeout=60)
    journal = journal_path_for(path)
    assert journal.is_file() and journal.stat().st_size > 0
    return journal


@pytest.fixture
def demo(tmp_path) -> Path:
    target = tmp_path / "so.socanbo"
    shutil.copyfile(FIXTURE, target)
    return target


@pytest.fixture
def backups_dir(tmp_path) -> Path:
    return tmp_path / "backups"


@pytest.fixture
def with_backup(demo, backups_dir):
    """The demo book with one good backup made before it was damaged."""
    return make_backup(demo, backups_dir, MANUAL, now=NOW)


# --- sound files -------------------------------------------------------------------------------------------

def test_a_sound_book_is_ok_and_left_untouched(demo, backups_dir):
    before = digest(demo)
    verdict = diagnose(demo, backups_dir)
    assert verdict.kind == OK and verdict.ok and verdict.problems == () and verdict.offer is None
    assert not verdict.recovers_on_open
    assert digest(demo) == before
    assert sorted(p.name for p in demo.parent.iterdir()) == ["so.socanbo"]  # no journal, lock or copy


def test_a_new_empty_book_is_ok(make_book):
    assert diagnose(make_book()).kind == OK


# --- files that are not (our) books ------------------------------------------------------------------------

def test_missing(tmp_path):
    verdict = diagnose(tmp_path / "không có.socanbo")
    assert verdict.kind == MISSING and "không có.socanbo" in verdict.render(lambda s: s)


def test_a_folder_is_not_a_book(tmp_path):
    assert diagnose(tmp_path).kind == NOT_A_BOOK


def test_unreadable(demo, monkeypatch):
    real_open = Path.open

    def refusing_open(self, *args, **kwargs):
        if self == demo:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)
    assert diagnose(demo).kind == UNREADABLE


@pytest.mark.parametrize("content", [b"PK\x03\x04 an xlsx renamed" + b"\x00" * 200, "Họ và tên,Năm sinh\n".encode(),
                                     b"X", b"SQLite format 2\x00" + b"\x00" * 200])
def test_other_files_are_not_books(tmp_path, content):
    path = tmp_path / "x.socanbo"
    path.write_bytes(content)
    assert diagnose(path).kind == NOT_A_BOOK


def test_an_empty_database_is_not_a_book(tmp_path):
    path = tmp_path / "empty.db"
    sqlite3.connect(str(path)).execute("PRAGMA user_version = 0").connection.close()
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE t (x)")
    conn.execute("DROP TABLE t")
    conn.close()
    assert diagnose(path).kind == NOT_A_BOOK


def test_another_programs_database_is_foreign(tmp_path):
    path = tmp_path / "zalo.db"
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE messages (body TEXT)")
    conn.close()
    assert diagnose(path).kind == FOREIGN


def test_a_book_from_a_newer_program_is_too_new(demo):
    conn = sqlite3.connect(str(demo))
    for number in range(3):  # a newer program applied three more updates
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('socanbo', ?, '')",
                     [f"m9{number}_future"])
    conn.commit()
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.close()
    verdict = diagnose(demo)
    assert verdict.kind == TOO_NEW and verdict.params["found"] == SCHEMA_VERSION + 3
    assert verdict.params["known"] == SCHEMA_VERSION


# --- damaged files, each with the backup offer -------------------------------------------------------------

def assert_damaged_with_offer(verdict, backup):
    assert verdict.kind == DAMAGED_BOOK and not verdict.ok
    assert verdict.offer is not None and verdict.offer.path == backup.path


def test_a_file_cut_inside_the_sqlite_mark(demo, backups_dir, with_backup):
    with demo.open("r+b") as handle:
        handle.truncate(9)
    assert_damaged_with_offer(diagnose(demo, backups_dir), with_backup)


def test_an_update_cut_off_before_its_version_was_written_is_not_damage(demo):
    conn = sqlite3.connect(str(demo))
    conn.execute("PRAGMA user_version = 0")  # the update's tables are there, its number not yet
    conn.close()
    assert diagnose(demo).kind == OK


def test_zero_length(demo, backups_dir, with_backup):
    demo.write_bytes(b"")
    assert_damaged_with_offer(diagnose(demo, backups_dir), with_backup)


@pytest.mark.parametrize("keep", [50, 100, 4096 * 3, 4096 * 20 + 1000, "half"])
def test_truncated(demo, backups_dir, with_backup, keep):
    size = demo.stat().st_size
    keep = size // 2 // 4096 * 4096 if keep == "half" else keep
    with demo.open("r+b") as handle:
        handle.truncate(keep)
    assert_damaged_with_offer(diagnose(demo, backups_dir), with_backup)


@pytest.mark.parametrize("offset", [0, 5, 15, 16, 18, 19, 21, 56, 60, 63, 68, 71],
                         ids=["magic0", "magic5", "magic15", "page-size", "write-format", "read-format",
                              "payload-fraction", "text-encoding", "user-version-high", "user-version-low",
                              "application-id-high", "application-id-low"])
def test_flipped_bytes_in_the_header(demo, backups_dir, with_backup, offset):
    flip(demo, offset)
    assert_damaged_with_offer(diagnose(demo, backups_dir), with_backup)


@pytest.mark.parametrize("where", ["people", "evaluations", "audit", "sqlite_master"])
def test_flipped_bytes_in_pages(demo, backups_dir, with_backup, where):
    offset = 100 if where == "sqlite_master" else root_page_offset(demo, where)
    flip(demo, offset + 8, 16)  # the cell pointers of the page: SQLite finds them out of place
    before = digest(demo)
    verdict = diagnose(demo, backups_dir)
    assert_damaged_with_offer(verdict, with_backup)
    assert verdict.problems
    assert digest(demo) == before  # never a silent repair


def test_foreign_key_damage_is_damage(demo, backups_dir, with_backup):
    conn = sqlite3.connect(str(demo))
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM people WHERE id = (SELECT person_id FROM evaluations LIMIT 1)")
    conn.commit()
    conn.close()
    verdict = diagnose(demo, backups_dir)
    assert_damaged_with_offer(verdict, with_backup)
    assert "missing people" in verdict.problems[0]


def test_the_offer_is_the_newest_backup_that_passes_its_check(demo, backups_dir, with_backup):
    newer = make_backup(demo, backups_dir, MANUAL, now=NOW + timedelta(hours=1))
    flip(newer.path, root_page_offset(newer.path, "people") + 8, 16)  # the newer backup went bad on disk
    flip(demo, 100 + 8, 16)
    keep_damaged_file(demo, backups_dir, now=NOW + timedelta(hours=2))  # never offered
    assert [b.reason for b in list_backups(backups_dir, demo.name)] == [DAMAGED, MANUAL, MANUAL]
    assert diagnose(demo, backups_dir).offer.path == with_backup.path


def test_no_offer_without_good_backups(demo, backups_dir):
    demo.write_bytes(b"")
    assert diagnose(demo, backups_dir).offer is None
    assert diagnose(demo).offer is None


# --- journals ----------------------------------------------------------------------------------------------

def test_a_journal_of_the_book_itself_is_recovered_on_open(demo):
    before = table_counts(demo)
    journal = kill_mid_transaction(demo)
    book_bytes, journal_bytes = digest(demo), digest(journal)
    verdict = diagnose(demo)
    assert verdict.kind == OK and verdict.recovers_on_open
    assert (digest(demo), digest(journal)) == (book_bytes, journal_bytes)  # checked in a scratch copy
    with open_database(demo) as book:  # the normal open rolls the unfinished write back
        assert book.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert table_counts(demo) == before and not journal.exists()


def test_a_journal_left_by_another_book_is_reported_and_not_played(demo, tmp_path, backups_dir, with_backup):
    other = tmp_path / "other" / "so.socanbo"
    other.parent.mkdir()
    open_database(other, create=True).close()
    stray = kill_mid_transaction(other)
    journal = journal_path_for(demo)
    shutil.copyfile(stray, journal)
    before = digest(demo)
    verdict = diagnose(demo, backups_dir)
    assert verdict.kind == DAMAGED_BOOK and verdict.stray_journal == journal
    assert verdict.offer.path == with_backup.path
    assert digest(demo) == before and journal.exists()
    moved = set_journal_aside(demo, backups_dir)
    assert not journal.exists() and moved.parent == backups_dir and moved.read_bytes() == stray.read_bytes()
    assert diagnose(demo, backups_dir).kind == OK


def test_a_journal_with_another_page_size_is_stray(demo, tmp_path):
    other = tmp_path / "small-pages.db"
    conn = sqlite3.connect(str(other))
    conn.execute("PRAGMA page_size = 1024")
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    shutil.copyfile(kill_mid_transaction(other), journal_path_for(demo))
    assert diagnose(demo).stray_journal == journal_path_for(demo)


def journal_bytes(records: int, initial_pages: int, page_one: bytes | None = None, page_size: int = 4096) -> bytes:
    header = file_checks.JOURNAL_MAGIC + struct.pack(">IIIII", records, 7, initial_pages, 512, page_size)
    data = header.ljust(512, b"\x00")
    if page_one is not None:
        data += struct.pack(">I", 1) + page_one + b"\x00\x00\x00\x00"
    return data


def test_journal_belongs_rules(tmp_path):
    book_header = {"page_size": 4096, "app_id": 0x536F4342, "counter": 41, "file_pages": 94}
    journal = tmp_path / "j"

    def belongs(data: bytes) -> bool:
        journal.write_bytes(data)
        return journal_belongs(journal, book_header)

    def page_one(counter: int, app_id: int = 0x536F4342) -> bytes:
        page = bytearray(file_checks.SQLITE_MAGIC + b"\x00" * 4080)
        page[24:28] = struct.pack(">I", counter)
        page[68:72] = struct.pack(">I", app_id)
        return bytes(page)

    assert belongs(journal_bytes(1, 90, page_one(40)))  # page 1 written already: counter raised by one
    assert belongs(journal_bytes(1, 90, page_one(41)))  # page 1 not yet written
    assert not belongs(journal_bytes(1, 90, page_one(12)))  # an older state: another file's journal
    assert not belongs(journal_bytes(1, 90, page_one(40, app_id=0)))  # another program's file
    assert not belongs(journal_bytes(1, 90, page_one(40), page_size=1024))
    assert belongs(journal_bytes(0, 94))  # nothing synced yet, and the book still has its size
    assert not belongs(journal_bytes(0, 12))  # would cut the book to 12 pages
    assert belongs(b"\x00" * 600)  # no valid header: SQLite ignores it


# --- locks -------------------------------------------------------------------------------------------------

HOLDER = textwrap.dedent("""
    import sys, time
    from desktop.storage.database import open_database
    book = open_database(sys.argv[1])
    print("ready", flush=True)
    time.sleep(60)
""")


def test_a_book_held_by_a_live_process_is_locked_and_free_once_it_dies(demo):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(demo)], cwd=REPO_ROOT, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        verdict = diagnose(demo)
        assert verdict.kind == LOCKED and verdict.holder_host == socket.gethostname()
        assert verdict.holder_since == json.loads(lock_path_for(demo).read_text())["since"]
    finally:
        holder.kill()
        holder.wait()
    assert lock_path_for(demo).exists()  # left behind by the killed holder ...
    assert diagnose(demo).kind == OK  # ... and not a holder any more


def test_damage_is_told_before_the_lock(demo):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(demo)], cwd=REPO_ROOT, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        flip(demo, root_page_offset(demo, "people") + 8, 16)
        assert diagnose(demo).kind == DAMAGED_BOOK
    finally:
        holder.kill()
        holder.wait()


# --- drives ------------------------------------------------------------------------------------------------

MOUNTS = """\
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
//nas/cong\\040doan /mnt/share cifs rw 0 0
nas:/export /srv/nfs nfs4 rw 0 0
sshfs#me@host: /home/me/remote fuse.sshfs rw 0 0
/dev/sdb1 /media/me/USB vfat rw 0 0
/dev/sdc1 /data exfat rw 0 0
/dev/sdd1 /backup ext4 rw 0 0
"""


@pytest.mark.parametrize("path, kind", [
    ("/home/me/so.socanbo", LOCAL),
    ("/mnt/share/so.socanbo", NETWORK),
    ("/mnt/share", NETWORK),
    ("/srv/nfs/a/b.socanbo", NETWORK),
    ("/home/me/remote/so.socanbo", NETWORK),
    ("/media/me/USB/so.socanbo", REMOVABLE),
    ("/data/so.socanbo", REMOVABLE),  # /sys/block/sdc/removable says 1
    ("/backup/so.socanbo", LOCAL),
])
def test_linux_drives_from_the_mount_table(tmp_path, path, kind):
    sys_root = tmp_path / "sys"
    for disk, removable in (("sdc", "1"), ("sdd", "0"), ("nvme0n1", "0")):
        (sys_root / "block" / disk).mkdir(parents=True)
        (sys_root / "block" / disk / "removable").write_text(removable + "\n")
    assert drive_kind(Path(path), mounts=MOUNTS, sys_root=sys_root) == kind


def test_linux_path_outside_every_mount_is_unknown():
    assert drive_kind(Path("/x/y"), mounts="", sys_root=Path("/nonexistent")) == UNKNOWN


@pytest.mark.parametrize("drive_type, kind", [(2, REMOVABLE), (3, LOCAL), (4, NETWORK), (5, REMOVABLE), (6, LOCAL),
                                              (0, UNKNOWN), (1, UNKNOWN)])
def test_windows_drive_types(drive_type, kind):
    seen = []

    def get_drive_type(root):
        seen.append(root)
        return drive_type

    assert file_checks._windows_drive_kind("E:\\Sổ\\so.socanbo", get_drive_type) == kind
    assert seen == ["E:\\"]


@pytest.mark.parametrize("path", ["\\\\server\\share\\so.socanbo", "//server/share/so.socanbo"])
def test_windows_unc_paths_are_network(path):
    assert file_checks._windows_drive_kind(path, lambda root: 3) == NETWORK


def test_only_network_and_removable_drives_get_a_notice():
    assert drive_notice(LOCAL) is None and drive_notice(UNKNOWN) is None
    assert drive_notice(NETWORK) and drive_notice(REMOVABLE) and drive_notice(NETWORK) != drive_notice(REMOVABLE)


def test_the_verdict_names_the_drive(demo):
    assert diagnose(demo).drive in (LOCAL, UNKNOWN, REMOVABLE, NETWORK)
    assert diagnose(demo).drive == drive_kind(demo)


def test_verdicts_render_in_vietnamese(tmp_path):
    from desktop.i18n import _

    text = diagnose(tmp_path / "x.socanbo").render(_)
    assert "x.socanbo" in text and "does not exist" not in text


# --- book files as released versions wrote them ------------------------------------------------------------

def fixture_books() -> list[Path]:
    return sorted(FIXTURES.glob("v*.socanbo"))


def test_there_is_a_fixture_for_every_released_schema_version():
    versions = {int(path.name[1:].split("-")[0]) for path in fixture_books()}
    assert versions == set(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("fixture", fixture_books(), ids=lambda p: p.name)
def test_a_released_book_is_sound_as_committed(fixture):
    manifest = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    assert digest(fixture) == manifest["sha256"], "a released book file is never edited"
    assert diagnose(fixture).kind == OK


@pytest.mark.parametrize("fixture", fixture_books(), ids=lambda p: p.name)
def test_a_released_book_opens_migrates_and_keeps_all_its_data(fixture, tmp_path, extended_schema):
    manifest = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    book = tmp_path / fixture.name
    shutil.copyfile(fixture, book)
    version = extended_schema()  # one migration more than this program's: the next release's situation
    copies = tmp_path / "backups"
    with open_database(book, copies_dir=copies) as opened:
        assert opened.db.execute("PRAGMA user_version").fetchone()[0] == version
        assert opened.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert opened.db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert "extra_things" in opened.db.table_names()
        assert opened.pre_migration_copy is not None
    after = table_counts(book)
    for table, count in manifest["counts"].items():
        if table == "_sqlite_migrations":  # this program's updates since the fixture, and the pretended one
            assert after[table] == count + (SCHEMA_VERSION - manifest["schema_version"]) + 1
        else:
            assert after[table] == count, table
    (copy,) = list_backups(copies, book.name)
    assert copy.pre_migration and table_counts(copy.path) == table_counts(fixture)


@pytest.mark.parametrize("fixture", fixture_books(), ids=lambda p: p.name)
def test_a_released_book_opens_through_the_services(fixture, tmp_path):
    from desktop.services.book import open_book

    manifest = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    book = tmp_path / fixture.name
    shutil.copyfile(fixture, book)
    with open_book(book, copies_dir=tmp_path / "backups") as services:
        assert services.union.profile().union_name == manifest["union_name"]
        assert len(services.officers.people.all()) == manifest["counts"]["people"]
        assert sum(len(services.evaluations.rows(y)) for y in services.evaluations.years()) <= \
            manifest["counts"]["evaluations"]
        assert os.path.exists(book)

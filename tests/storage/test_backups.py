"""Tests for desktop.storage.backups: checked copies, the index beside them, restore, thinning by date."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from desktop.domain.errors import BookFileError
from desktop.storage import backups as store
from desktop.storage.backups import (DAMAGED, MANUAL, ON_OPEN, PRE_MIGRATION, BackupInfo, list_backups, make_backup,
                                     thin)
from desktop.storage.database import APPLICATION_ID, open_database

VN = timezone(timedelta(hours=7))
NOW = datetime(2025, 6, 15, 9, 30, tzinfo=VN)
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "books" / "v1-demo.socanbo"


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def break_table(path: Path, table: str = "people") -> None:
    """Overwrite the page header of a table's root page: SQLite then calls the file malformed."""
    conn = sqlite3.connect(str(path))
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size + 8)
        handle.write(b"\xff" * 16)


@pytest.fixture
def demo(tmp_path) -> Path:
    target = tmp_path / "Sổ CĐCS 2025.socanbo"
    shutil.copyfile(FIXTURE, target)
    return target


@pytest.fixture
def backups_dir(tmp_path) -> Path:
    return tmp_path / "data" / "backups"


# --- making a backup ---------------------------------------------------------------------------------------

def test_backup_of_a_book_file_is_a_checked_copy_with_its_index(demo, backups_dir):
    info = make_backup(demo, backups_dir, MANUAL, now=NOW)
    assert info.path == backups_dir / "Sổ CĐCS 2025_2025-06-15_093000_manual.socanbo"
    assert info.path.is_file() and info.checked and info.reason == MANUAL
    assert info.book_name == demo.name and info.book_path == str(demo)
    assert info.size == info.path.stat().st_size and info.schema_version == 1
    assert counts(info.path) == counts(demo)
    sidecar = json.loads(store.sidecar_path(info.path).read_text(encoding="utf-8"))
    assert sidecar["reason"] == "manual" and sidecar["book_name"] == demo.name
    assert datetime.fromisoformat(sidecar["created_at"]) == NOW
    assert sidecar["sha256"] == info.sha256 and len(info.sha256) == 64
    assert store.read_backup_info(info.path) == info
    assert sorted(p.name for p in backups_dir.iterdir()) == [info.path.name, info.path.name + ".json"]


def test_backup_from_an_open_book_while_it_is_locked(demo, backups_dir):
    with open_database(demo) as book:
        with book.transaction():
            book.db["settings"].insert({"key": "k", "value": "v"})
        info = make_backup(book.db.conn, backups_dir, ON_OPEN, now=NOW)
        assert info.book_name == demo.name and Path(info.book_path).resolve() == demo.resolve()
    assert counts(info.path)["settings"] == 1


def test_no_backup_in_the_middle_of_a_change(demo, backups_dir):
    with open_database(demo) as book:
        with book.transaction():
            book.db["settings"].insert({"key": "half", "value": "done"})
            with pytest.raises(BookFileError) as caught:
                make_backup(book.db.conn, backups_dir, MANUAL, now=NOW)
            assert "busy" in str(caught.value)
    assert not backups_dir.exists() or list(backups_dir.iterdir()) == []


def test_a_book_left_with_a_hot_journal_is_not_copied_from_its_file(demo, backups_dir):
    import subprocess
    import sys
    import textwrap

    writer = textwrap.dedent("""
        import os, signal, sqlite3, sys
        conn = sqlite3.connect(sys.argv[1], isolation_level=None)
        conn.execute("PRAGMA cache_size = 2")
        conn.execute("BEGIN IMMEDIATE")
        for _ in range(3000):
            conn.execute("INSERT INTO settings (key, value) VALUES (hex(randomblob(8)), randomblob(300))")
        os.kill(os.getpid(), getattr(signal, "SIGKILL", 9))
    """)
    subprocess.run([sys.executable, "-c", writer, str(demo)], timeout=60)
    with pytest.raises(BookFileError) as caught:
        make_backup(demo, backups_dir, MANUAL, now=NOW)
    assert "not closed properly" in str(caught.value)
    with open_database(demo):  # the normal open rolls the unfinished write back ...
        pass
    assert make_backup(demo, backups_dir, MANUAL, now=NOW).checked  # ... and then it can be copied


def test_two_backups_in_the_same_second_get_distinct_names(demo, backups_dir):
    first = make_backup(demo, backups_dir, MANUAL, now=NOW)
    second = make_backup(demo, backups_dir, MANUAL, now=NOW)
    assert first.path != second.path and second.path.name.endswith("_093000-2_manual.socanbo")


def test_backup_of_a_damaged_book_is_refused_and_leaves_nothing(demo, backups_dir):
    break_table(demo)
    with pytest.raises(BookFileError) as caught:
        make_backup(demo, backups_dir, MANUAL, now=NOW)
    assert "damaged" in str(caught.value)
    assert list(backups_dir.iterdir()) == []


def test_backup_of_a_foreign_database_is_refused(tmp_path, backups_dir):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(str(other))
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(BookFileError):
        make_backup(other, backups_dir, MANUAL, now=NOW)
    assert list(backups_dir.iterdir()) == []


def test_backup_of_a_missing_book_is_refused(tmp_path, backups_dir):
    with pytest.raises(BookFileError):
        make_backup(tmp_path / "nothing.socanbo", backups_dir, MANUAL, now=NOW)


def test_unknown_reason_is_a_programming_error(demo, backups_dir):
    with pytest.raises(ValueError):
        make_backup(demo, backups_dir, "because", now=NOW)


def test_the_mark_of_a_book_is_the_one_the_database_writes():
    assert store.APPLICATION_ID == APPLICATION_ID


# --- the index ---------------------------------------------------------------------------------------------

def test_list_is_newest_first_and_per_book(demo, tmp_path, backups_dir):
    other = tmp_path / "khác.socanbo"
    shutil.copyfile(demo, other)
    old = make_backup(demo, backups_dir, ON_OPEN, now=NOW - timedelta(days=3))
    new = make_backup(demo, backups_dir, MANUAL, now=NOW)
    theirs = make_backup(other, backups_dir, MANUAL, now=NOW)
    assert list_backups(backups_dir, demo.name) == [new, old]
    assert list_backups(backups_dir, demo.name.upper()) == [new, old]  # names compare case-insensitively
    assert set(list_backups(backups_dir)) == {new, old, theirs}
    assert list_backups(backups_dir / "missing") == []


def test_a_backup_whose_index_entry_is_lost_is_still_listed_from_its_name(demo, backups_dir):
    info = make_backup(demo, backups_dir, ON_OPEN, now=NOW)
    store.sidecar_path(info.path).unlink()
    (found,) = list_backups(backups_dir, demo.name)
    assert found.path == info.path and found.reason == ON_OPEN and not found.checked
    assert found.created_at.replace(tzinfo=None) == NOW.replace(tzinfo=None)
    assert found.book_name == demo.name


def test_pre_migration_copies_of_the_database_module_are_listed(backups_dir, demo):
    backups_dir.mkdir(parents=True)
    legacy = backups_dir / "Sổ CĐCS 2025.before-v2-20250601-080000.socanbo"
    shutil.copyfile(demo, legacy)
    (found,) = list_backups(backups_dir, demo.name)
    assert found.reason == PRE_MIGRATION and found.pre_migration


def test_other_files_and_unfinished_copies_are_not_backups(demo, backups_dir):
    backups_dir.mkdir(parents=True)
    (backups_dir / "notes.txt").write_text("x")
    partial = backups_dir / ".Sổ CĐCS 2025_2025-06-15_093000_manual.socanbo.part"
    partial.write_bytes(b"half")
    assert list_backups(backups_dir) == []
    assert partial.exists()  # a copy being written right now is left alone ...
    old = time.time() - store.LEFTOVER_SECONDS - 10
    os.utime(partial, (old, old))
    list_backups(backups_dir)
    assert not partial.exists()  # ... one left by a killed process is cleared


def test_odd_index_entries_and_names_do_not_break_the_list(demo, backups_dir):
    info = make_backup(demo, backups_dir, MANUAL, now=NOW)
    sidecar = store.sidecar_path(info.path)
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data["created_at"] = "2025-06-15T09:30:00"  # no time zone: read as local time
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    shutil.copyfile(demo, backups_dir / "Sổ CĐCS 2025_2025-13-45_093000_manual.socanbo")  # no such date
    other = backups_dir / "Sổ CĐCS 2025_2025-06-14_093000_manual.socanbo"
    shutil.copyfile(demo, other)
    store.sidecar_path(other).write_text("{not json", encoding="utf-8")  # falls back to the name
    found = list_backups(backups_dir, demo.name)
    assert [b.path for b in found] == [info.path, other]
    assert found[0].created_at.tzinfo is not None


def test_delete_backup_removes_the_index_entry_too(demo, backups_dir):
    info = make_backup(demo, backups_dir, MANUAL, now=NOW)
    store.delete_backup(info)
    assert list(backups_dir.iterdir()) == []


# --- checking, summarising, restoring ----------------------------------------------------------------------

def test_summary_of_the_demo_book():
    summary = store.summarize(FIXTURE)
    assert summary.union_name == "Công đoàn cơ sở Công ty TNHH May mặc Sông Hồng"
    assert summary.years == (2023, 2024, 2025)
    assert (summary.people, summary.evaluations, summary.courses) == (27, 43, 19)
    assert summary.schema_version == 1


def test_summary_of_an_unreadable_file_is_a_clear_error(tmp_path):
    junk = tmp_path / "junk.socanbo"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(BookFileError):
        store.summarize(junk)


def test_verify_finds_damage_and_foreign_files(demo, tmp_path):
    assert store.verify_backup(demo) == []
    broken = tmp_path / "broken.socanbo"
    shutil.copyfile(demo, broken)
    break_table(broken)
    assert store.verify_backup(broken) != []
    assert store.verify_backup(tmp_path / "missing.socanbo") != []


def test_replace_book_file_puts_the_backup_in_place_and_drops_a_journal(demo, tmp_path, backups_dir):
    info = make_backup(demo, backups_dir, MANUAL, now=NOW)
    with open_database(demo) as book, book.transaction():
        book.db.execute("DELETE FROM attendance")
    journal = demo.with_name(demo.name + "-journal")
    journal.write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + b"\x00" * 600)
    store.replace_book_file(info.path, demo, known_version=1)
    assert counts(demo) == counts(info.path)
    assert not journal.exists()
    assert [p.name for p in demo.parent.iterdir() if p.name.startswith(".")] == []


def test_replace_book_file_refuses_a_damaged_or_too_new_backup(demo, tmp_path):
    before = demo.read_bytes()
    broken = tmp_path / "broken.socanbo"
    shutil.copyfile(demo, broken)
    break_table(broken)
    with pytest.raises(BookFileError):
        store.replace_book_file(broken, demo, known_version=1)
    newer = tmp_path / "newer.socanbo"
    shutil.copyfile(FIXTURE, newer)
    conn = sqlite3.connect(str(newer))
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    with pytest.raises(BookFileError) as caught:
        store.replace_book_file(newer, demo, known_version=1)
    assert caught.value.params["found"] == 7
    assert demo.read_bytes() == before


def test_a_damaged_book_is_set_aside_byte_for_byte_with_its_journal(demo, backups_dir):
    break_table(demo)
    journal = demo.with_name(demo.name + "-journal")
    journal.write_bytes(b"journal bytes")
    info = store.keep_damaged_file(demo, backups_dir, now=NOW)
    assert info.reason == DAMAGED and not info.checked
    assert info.path.read_bytes() == demo.read_bytes()
    assert info.path.with_name(info.path.name + "-journal.saved").read_bytes() == b"journal bytes"
    assert list_backups(backups_dir, demo.name) == [info]


# --- thinning ----------------------------------------------------------------------------------------------

def fake(when: datetime, reason: str = ON_OPEN) -> BackupInfo:
    return BackupInfo(path=Path(f"/b/{when:%Y%m%d-%H%M}-{reason}"), book_name="b.socanbo", created_at=when,
                      reason=reason, size=1)


def two_years_of_backups() -> list[BackupInfo]:
    """Four backups a day (02:00, 08:00, 14:00, 20:00) for two years up to NOW, and two pre-migration copies."""
    found = []
    day = NOW.date() - timedelta(days=730)
    while day <= NOW.date():
        for hour in (2, 8, 14, 20):
            when = datetime(day.year, day.month, day.day, hour, tzinfo=VN)
            if when <= NOW:
                found.append(fake(when))
        day += timedelta(days=1)
    found.append(fake(datetime(2025, 2, 28, 23, 0, tzinfo=VN), PRE_MIGRATION))
    found.append(fake(datetime(2023, 8, 1, 10, 0, tzinfo=VN), PRE_MIGRATION))
    return found


def at(month: int, day: int, hour: int = 20, year: int = 2025) -> datetime:
    return datetime(year, month, day, hour, tzinfo=VN)


def test_thinning_two_years_keeps_exactly_the_rule():
    backups = two_years_of_backups()
    doomed = thin(backups, NOW)
    kept = {b.created_at for b in backups} - {b.created_at for b in doomed}
    last_two_days = {at(6, 13, 14), at(6, 13, 20), at(6, 14, 2), at(6, 14, 8), at(6, 14, 14), at(6, 14, 20),
                     at(6, 15, 2), at(6, 15, 8)}
    daily = {at(6, 12), at(6, 11), at(6, 10), at(6, 9), at(6, 8)}  # the newest of each day, 7 days back
    weekly = {at(6, 1), at(5, 25), at(5, 18), at(5, 11), at(5, 4), at(4, 27), at(4, 20)}  # Sundays, 8 weeks
    monthly = {at(5, 31), at(4, 30), at(3, 31), at(1, 31), at(12, 31, year=2024), at(11, 30, year=2024),
               at(10, 31, year=2024), at(9, 30, year=2024), at(8, 31, year=2024), at(7, 31, year=2024),
               at(6, 30, year=2024)}  # February's newest is the pre-migration copy of the 28th, 23:00
    pre_migration = {at(2, 28, 23), at(8, 1, 10, year=2023)}
    assert kept == last_two_days | daily | weekly | monthly | pre_migration
    assert len(kept) == 33
    survivors = [b for b in backups if b not in doomed]
    assert thin(survivors, NOW) == []  # thinning again changes nothing


def test_thinning_never_removes_pre_migration_copies_or_the_only_backup():
    lone = fake(NOW - timedelta(days=800))
    assert thin([lone], NOW) == []
    copies = [fake(NOW - timedelta(days=d), PRE_MIGRATION) for d in (1, 100, 500, 900)]
    assert thin(copies + [lone], NOW) == [lone]


def test_thinning_day_by_day_for_a_year_keeps_a_bounded_history():
    """The program runs every day with four backups a day, thinning each time; the kept set stays small and
    always holds the last two days and the pre-migration copy."""
    kept: list[BackupInfo] = [fake(NOW - timedelta(days=365), PRE_MIGRATION)]
    for day in range(365, -1, -1):
        today = NOW - timedelta(days=day)
        kept += [fake(today - timedelta(hours=h)) for h in (0, 6, 12, 18)]
        doomed = thin(kept, today)
        kept = [b for b in kept if b not in doomed]
    assert len(kept) <= 8 + 7 + 8 + 12 + 1
    assert sum(b.pre_migration for b in kept) == 1
    assert {b.created_at for b in kept} >= {NOW - timedelta(hours=h) for h in range(0, 48, 6)}


def test_thinning_counts_calendar_days_in_the_local_time_zone():
    # 23:30 and 00:30 Vietnam time are two days, though in UTC they are the same day.
    late, early = datetime(2025, 6, 10, 23, 30, tzinfo=VN), datetime(2025, 6, 11, 0, 30, tzinfo=VN)
    backups = [fake(late), fake(early)]
    assert thin(backups, NOW) == []
    in_utc = [fake(late.astimezone(timezone.utc)), fake(early.astimezone(timezone.utc))]
    assert thin(in_utc, NOW) == []

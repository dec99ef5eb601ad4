"""Tests for desktop.services.backups: automatic backups, restore with a preview, export, read-only look,
and the diagnosis the window shows before opening a book."""
from __future__ import annotations

import hashlib
import shutil
import struct
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlite_utils.migrations import Migrations

import desktop.storage.database as database_module
import desktop.storage.migrations as migrations_module
from desktop.domain.errors import BookFileError, BookLockedError
from desktop.domain.officers import Person
from desktop.i18n import _
from desktop.services import backups as backups_module
from desktop.services.backups import (REASON_LABELS, BackupService, backup_due_on_close, backup_due_on_open,
                                      reason_label)
from desktop.services.book import open_book
from desktop.storage.backups import (DAMAGED, MANUAL, ON_CLOSE, ON_OPEN, PRE_RESTORE, REASONS, WHILE_OPEN,
                                     list_backups)
from desktop.storage.file_checks import DAMAGED_BOOK, OK

VN = timezone(timedelta(hours=7))
START = datetime(2025, 6, 15, 9, 30, tzinfo=VN)
FIXTURE = (Path(__file__).resolve().parents[1] / "fixtures" / "books"
           / f"v{migrations_module.SCHEMA_VERSION}-demo.socanbo")  # the demo as this program writes it


class Clock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def break_people(path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(str(path))
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'people'").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * 4096 + 8)
        handle.write(b"\xff" * 16)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(tmp_path, clock) -> BackupService:
    return BackupService(tmp_path / "data" / "backups", clock)


@pytest.fixture
def demo(tmp_path) -> Path:
    target = tmp_path / "books" / "Sổ 2025.socanbo"
    target.parent.mkdir()
    shutil.copyfile(FIXTURE, target)
    return target


def people_in(path: Path) -> int:
    with open_book(path, read_only=True) as services:
        return len(services.officers.people.all())


# --- when to back up ---------------------------------------------------------------------------------------

def test_backup_on_open_when_the_newest_is_a_day_old():
    assert backup_due_on_open(None, START)
    assert not backup_due_on_open(START - timedelta(hours=23, minutes=59), START)
    assert backup_due_on_open(START - timedelta(days=1), START)
    assert backup_due_on_open(START - timedelta(days=40), START)


def test_backup_on_close_only_after_changes_and_at_most_every_half_hour():
    assert not backup_due_on_close(False, None, START)
    assert not backup_due_on_close(False, START - timedelta(days=9), START)
    assert backup_due_on_close(True, None, START)
    assert not backup_due_on_close(True, START - timedelta(minutes=29), START)
    assert backup_due_on_close(True, START - timedelta(minutes=30), START)


# --- automatic backups -------------------------------------------------------------------------------------

def test_a_book_without_backups_is_backed_up_on_open(service, demo):
    with open_book(demo) as services:
        made = service.back_up_on_open(services)
    assert made is not None and made.reason == ON_OPEN and made.created_at == START
    assert service.backups(demo) == [made]
    assert made.path.parent == service.backups_dir  # in the data folder, not beside the book


def test_on_open_only_when_the_newest_backup_is_a_day_old(service, demo, clock):
    service.back_up(demo)
    clock.advance(hours=23)
    with open_book(demo) as services:
        assert service.back_up_on_open(services) is None
    clock.advance(hours=1)
    with open_book(demo) as services:
        assert service.back_up_on_open(services).reason == ON_OPEN


def test_a_read_only_book_is_not_backed_up_automatically(service, demo, clock):
    with open_book(demo, read_only=True) as services:
        assert service.back_up_on_open(services) is None
        assert service.back_up_if_changed(services) is None
    assert service.backups(demo) == []


def test_on_close_only_after_changes_at_most_every_half_hour(service, demo, clock):
    with open_book(demo) as services:
        service.back_up_on_open(services)
        clock.advance(hours=2)
        assert service.back_up_if_changed(services) is None  # nothing changed
        services.officers.add_person(Person("Lê Văn Tám"))
        assert service.back_up_if_changed(services, WHILE_OPEN).reason == WHILE_OPEN
        services.officers.add_person(Person("Phạm Thị Chín"))
        clock.advance(minutes=29)
        assert service.back_up_if_changed(services) is None  # too soon after the last one
        clock.advance(minutes=1)
        made = service.back_up_if_changed(services, ON_CLOSE)
    assert made.reason == ON_CLOSE
    assert [b.reason for b in service.backups(demo)] == [ON_CLOSE, WHILE_OPEN, ON_OPEN]
    assert people_in(made.path) == people_in(demo)


def test_a_change_made_before_the_first_backup_counts(service, demo, clock):
    with open_book(demo) as services:
        services.officers.add_person(Person("Lê Văn Tám"))
        assert service.back_up_if_changed(services).reason == ON_CLOSE


def test_every_backup_thins_the_older_ones(service, demo, clock):
    for _day in range(40):
        service.back_up(demo)
        clock.advance(days=1)
    kept = service.backups(demo)
    assert len(kept) < 20
    ages = [(clock() - b.created_at).days for b in kept]
    assert ages[:2] == [1, 2]


def test_a_damaged_book_is_not_backed_up(service, demo):
    break_people(demo)
    with pytest.raises(BookFileError):
        service.back_up(demo)
    assert service.backups(demo) == []


# --- preview, read-only look -------------------------------------------------------------------------------

def test_preview_tells_what_a_backup_holds(service, demo):
    summary = service.preview(service.back_up(demo))
    assert summary.union_name == "Công đoàn cơ sở Công ty TNHH May mặc Sông Hồng"
    assert summary.years == (2023, 2024, 2025)
    assert (summary.people, summary.evaluations, summary.courses) == (27, 43, 19)


def test_a_backup_opens_read_only(service, demo, tmp_path):
    backup = service.back_up(demo)
    before = digest(backup.path)
    with service.open_read_only(backup, tmp_path / "scratch") as services:
        assert services.book.read_only
        assert len(services.officers.people.all()) == 27
        with pytest.raises(BookFileError):
            services.officers.add_person(Person("Lê Văn Tám"))
    assert digest(backup.path) == before


def test_a_backup_in_an_older_data_format_opens_read_only_from_a_scratch_copy(service, demo, tmp_path, monkeypatch):
    backup = service.back_up(demo)
    before = digest(backup.path)

    def m999_extra(db):
        migrations_module.run_script(db, "CREATE TABLE extra_things (id INTEGER PRIMARY KEY);")

    extended = Migrations(migrations_module.migrations.name)
    for name in migrations_module.MIGRATION_NAMES:
        extended()(getattr(migrations_module, name))
    extended(name="m999_extra")(m999_extra)
    newer = migrations_module.SCHEMA_VERSION + 1
    for module in (database_module, migrations_module, backups_module):
        monkeypatch.setattr(module, "SCHEMA_VERSION", newer)
    monkeypatch.setattr(database_module, "migrations", extended)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with service.open_read_only(backup, scratch) as services:
        assert services.book.read_only and services.path.parent == scratch
        assert "extra_things" in services.book.db.table_names()
        assert len(services.officers.people.all()) == 27
    assert digest(backup.path) == before


# --- restore -----------------------------------------------------------------------------------------------

def test_restore_round_trip(service, demo, clock):
    backup = service.back_up(demo)
    with open_book(demo) as services:
        services.officers.add_person(Person("Lê Văn Tám"))
    assert people_in(demo) == 28
    clock.advance(hours=1)
    result = service.restore(backup, demo)
    assert people_in(demo) == 27
    assert result.summary.people == 27 and result.restored_from == backup.path
    assert result.previous.reason == PRE_RESTORE and people_in(result.previous.path) == 28
    assert [b.reason for b in service.backups(demo)] == [PRE_RESTORE, MANUAL]
    with open_book(demo) as services:  # the restored book works as usual
        services.officers.add_person(Person("Phạm Thị Chín"))
    assert [p.name for p in demo.parent.iterdir()] == [demo.name]


def test_restore_refuses_while_the_book_is_open(service, demo):
    backup = service.back_up(demo)
    with open_book(demo):
        with pytest.raises(BookLockedError):
            service.restore(backup, demo)
    assert [b.reason for b in service.backups(demo)] == [MANUAL]


def test_restore_refuses_a_damaged_backup_and_changes_nothing(service, demo):
    backup = service.back_up(demo)
    break_people(backup.path)
    before = digest(demo)
    with pytest.raises(BookFileError) as caught:
        service.restore(backup, demo)
    assert "damaged" in str(caught.value)
    assert digest(demo) == before
    assert [b.reason for b in service.backups(demo)] == [MANUAL]


def test_restore_of_a_damaged_book_sets_it_aside_first(service, demo, clock):
    backup = service.back_up(demo)
    break_people(demo)
    damaged_bytes = demo.read_bytes()
    verdict = service.diagnose(demo)
    assert verdict.kind == DAMAGED_BOOK and verdict.offer == backup  # the dialog's offer
    clock.advance(minutes=5)
    result = service.restore(verdict.offer, demo)
    assert result.previous.reason == DAMAGED and result.previous.path.read_bytes() == damaged_bytes
    assert service.diagnose(demo).kind == OK
    assert people_in(demo) == 27
    clock.advance(days=400)
    service.back_up(demo)  # thinning keeps the damaged book set aside
    assert DAMAGED in [b.reason for b in service.backups(demo)]


def test_restore_when_the_book_is_gone(service, demo):
    backup = service.back_up(demo)
    demo.unlink()
    result = service.restore(backup, demo)
    assert result.previous is None and people_in(demo) == 27


def test_restore_refuses_the_book_itself(service, demo):
    with pytest.raises(BookFileError):
        service.restore(demo, demo)


def test_restore_drops_the_journal_of_the_replaced_book(service, demo):
    backup = service.back_up(demo)
    journal = demo.with_name(demo.name + "-journal")
    journal.write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + b"\x00" * 1000)
    result = service.restore(backup, demo)
    assert not journal.exists()
    assert result.previous is not None
    assert people_in(demo) == 27


# --- export ------------------------------------------------------------------------------------------------

def test_export_copy_from_an_open_book_to_another_folder(service, demo, tmp_path, clock):
    stick = tmp_path / "usb"
    with open_book(demo) as services:
        services.officers.add_person(Person("Lê Văn Tám"))
        copy = service.export_copy(services, stick)
    assert copy.parent == stick and copy.name == "Sổ 2025_2025-06-15_093000_copy.socanbo"
    assert people_in(copy) == 28
    assert service.backups(demo) == []  # an export is not one of the backups
    with pytest.raises(BookFileError):
        service.export_copy(demo, stick)  # same name in the same second: never overwritten
    clock.advance(seconds=1)
    assert people_in(service.export_copy(demo, stick)) == 28


def test_export_of_a_damaged_book_is_refused(service, demo, tmp_path):
    break_people(demo)
    with pytest.raises(BookFileError):
        service.export_copy(demo, tmp_path / "usb")
    assert not any((tmp_path / "usb").iterdir())


# --- the diagnosis and the labels --------------------------------------------------------------------------

def test_diagnose_offers_the_newest_good_backup(service, demo, clock):
    service.back_up(demo)
    clock.advance(hours=1)
    newest = service.back_up(demo)
    demo.write_bytes(b"")
    verdict = service.diagnose(demo)
    assert verdict.kind == DAMAGED_BOOK and verdict.offer == newest
    assert service.newest_good(demo) == newest


def test_a_stray_journal_can_be_set_aside_on_request(service, demo):
    journal = demo.with_name(demo.name + "-journal")
    # a journal written for pages of 1,024 bytes: the book's are 4,096, so it belongs to another file
    journal.write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(12) + struct.pack(">II", 512, 1024) + bytes(1100))
    assert service.diagnose(demo).stray_journal == journal
    moved = service.set_stray_journal_aside(demo)
    assert not journal.exists() and moved.parent == service.backups_dir
    assert service.diagnose(demo).kind == OK


def test_every_reason_has_a_vietnamese_label():
    assert set(REASON_LABELS) == set(REASONS)
    for reason in REASONS:
        assert _(reason_label(reason)) != reason_label(reason)
    assert reason_label("nonsense") == "unknown reason"


def test_backups_live_in_the_folder_given(tmp_path, demo, clock):
    chosen = tmp_path / "chosen"
    made = BackupService(chosen, clock).back_up(demo)
    assert made.path.parent == chosen
    assert list_backups(chosen, demo.name) == [made]

"""Tests for desktop.storage.database: creating, identifying, migrating and opening book files."""
from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest

import desktop.storage.database as database_module
from desktop.domain.errors import BookFileError, BookLockedError
from desktop.storage.database import APPLICATION_ID, SQLITE_HEADER, open_database
from desktop.storage.lock import lock_path_for
from desktop.storage.migrations import MIGRATION_NAMES, SCHEMA_VERSION

CORE_TABLES = {
    "union_profile", "settings", "terms", "people", "post_holdings", "criteria_sets", "criteria",
    "evaluations", "evaluation_scores", "years", "imports", "courses", "attendance", "indicators",
    "report_exports", "audit",
}


def pragma(conn: sqlite3.Connection, name: str):
    return conn.execute(f"PRAGMA {name}").fetchone()[0]


def raw_connect(path: Path) -> sqlite3.Connection:
    """A plain connection that does not go through open_database (to look at a file independently)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def settings_of(path: Path) -> dict[str, str]:
    conn = raw_connect(path)
    try:
        return dict(conn.execute("SELECT key, value FROM settings ORDER BY key"))
    finally:
        conn.close()


# --- a new book ------------------------------------------------------------------------------------------

def test_create_builds_every_table_at_the_latest_version(book_path):
    with open_database(book_path, create=True) as book:
        conn = book.db.conn
        assert set(book.db.table_names()) == CORE_TABLES | {"_sqlite_migrations"}
        assert pragma(conn, "user_version") == SCHEMA_VERSION == len(MIGRATION_NAMES)
        assert pragma(conn, "application_id") == APPLICATION_ID == 0x536F4342
        assert pragma(conn, "journal_mode") == "delete"
        assert pragma(conn, "synchronous") == 2  # FULL
        assert pragma(conn, "foreign_keys") == 1
        triggers = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert triggers == {"audit_no_update", "audit_no_delete"}
        applied = [row["name"] for row in book.db["_sqlite_migrations"].rows_where(order_by="id")]
        assert applied == MIGRATION_NAMES
        assert book.path == book_path
        assert book.read_only is False
        assert book.pre_migration_copy is None  # nothing to save in a new book
        assert book.lock is not None and book.lock.held
        assert lock_path_for(book_path).exists()


def test_new_book_is_one_self_contained_file_after_close(book_path):
    open_database(book_path, create=True).close()
    assert sorted(p.name for p in book_path.parent.iterdir()) == ["b.socanbo"]
    assert book_path.read_bytes()[:16] == SQLITE_HEADER


def test_create_makes_missing_parent_folders(tmp_path):
    path = tmp_path / "a" / "b" / "sổ.socanbo"
    with open_database(path, create=True) as book:
        assert pragma(book.db.conn, "user_version") == SCHEMA_VERSION
    assert path.is_file()


def test_foreign_keys_are_enforced(book_path):
    with open_database(book_path, create=True) as book:
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            book.db.execute("INSERT INTO post_holdings (person_id, title_key, term_id) VALUES (999, 'chair', 999)")
        assert book.db["post_holdings"].count == 0


def test_reopening_applies_nothing_and_keeps_the_file(make_book, book_path, file_hash, monkeypatch):
    make_book(settings={"union_name": "Công đoàn cơ sở"})
    with open_database(book_path, read_only=True) as reader:
        before_rows = list(reader.db["_sqlite_migrations"].rows)
    before_hash = file_hash(book_path)

    calls = []
    monkeypatch.setattr(database_module.migrations, "apply", lambda db, **kw: calls.append(db))
    with open_database(book_path) as book:
        conn = book.db.conn
        assert book.pre_migration_copy is None
        assert list(book.db["_sqlite_migrations"].rows) == before_rows
        assert pragma(conn, "user_version") == SCHEMA_VERSION
        # pragmas are per connection: they must be set again on every open
        assert pragma(conn, "journal_mode") == "delete"
        assert pragma(conn, "synchronous") == 2
        assert pragma(conn, "foreign_keys") == 1
    assert calls == []
    assert file_hash(book_path) == before_hash
    assert sorted(p.name for p in book_path.parent.iterdir()) == ["b.socanbo"]  # no copy made
    assert settings_of(book_path) == {"union_name": "Công đoàn cơ sở"}


def test_create_true_on_an_existing_book_opens_it_without_touching_the_data(make_book, book_path):
    make_book(settings={"k": "v"})
    with open_database(book_path, create=True) as book:
        assert book.pre_migration_copy is None
        assert dict((r["key"], r["value"]) for r in book.db["settings"].rows) == {"k": "v"}


def test_use_lock_false_takes_no_lock(book_path):
    with open_database(book_path, create=True, use_lock=False) as book:
        assert book.lock is None
        assert not lock_path_for(book_path).exists()
        book.db["settings"].insert({"key": "a", "value": "b"})
    assert settings_of(book_path) == {"a": "b"}


def test_close_is_idempotent_and_releases_the_lock(book_path):
    book = open_database(book_path, create=True)
    lock_file = lock_path_for(book_path)
    assert lock_file.exists()
    book.close()
    assert not lock_file.exists()
    assert book.lock.held is False
    with pytest.raises(sqlite3.ProgrammingError):
        book.db.conn.execute("SELECT 1")
    book.close()  # a second close does nothing (and does not raise)
    assert not lock_file.exists()


# --- migrating an older book: a copy first --------------------------------------------------------------

def test_migration_writes_a_copy_of_the_old_book_beside_it(make_book, book_path, extended_schema):
    make_book(settings={"union_name": "CĐCS Trường Tiểu học"})
    old_version = SCHEMA_VERSION
    new_version = extended_schema()

    with open_database(book_path) as book:
        copy = book.pre_migration_copy
        assert copy is not None and copy.is_file()
        assert copy.parent == book_path.parent
        assert re.fullmatch(rf"b\.before-v{new_version}-\d{{8}}-\d{{6}}\.socanbo", copy.name), copy.name

        # the opened book is at the new version, with the new table and the old data
        conn = book.db.conn
        assert pragma(conn, "user_version") == new_version
        assert pragma(conn, "application_id") == APPLICATION_ID
        assert "extra_things" in book.db.table_names()
        assert [r["name"] for r in book.db["_sqlite_migrations"].rows_where(order_by="id")] == \
            MIGRATION_NAMES + ["m999_extra_things"]
        assert dict((r["key"], r["value"]) for r in book.db["settings"].rows) == \
            {"union_name": "CĐCS Trường Tiểu học"}

    # the copy is the book as it was: a sound SQLite file, old version, old data, no new table
    conn = raw_connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert pragma(conn, "user_version") == old_version
        assert pragma(conn, "application_id") == APPLICATION_ID
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "extra_things" not in tables
        assert CORE_TABLES <= tables
        assert dict(conn.execute("SELECT key, value FROM settings")) == {"union_name": "CĐCS Trường Tiểu học"}
        assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")] == MIGRATION_NAMES
    finally:
        conn.close()


def test_migration_copy_goes_to_copies_dir_when_given(make_book, book_path, tmp_path, extended_schema):
    make_book(settings={"k": "old"})
    extended_schema()
    copies = tmp_path / "copies" / "nested"  # does not exist yet
    with open_database(book_path, copies_dir=copies) as book:
        copy = book.pre_migration_copy
    assert copy is not None and copy.parent == copies
    assert [p.name for p in copies.iterdir()] == [copy.name]
    assert sorted(p.name for p in book_path.parent.iterdir()) == ["b.socanbo", "copies"]  # none beside the book
    assert settings_of(copy) == {"k": "old"}


def test_reopening_after_a_migration_makes_no_second_copy(make_book, book_path, extended_schema):
    make_book()
    extended_schema()
    with open_database(book_path) as book:
        first_copy = book.pre_migration_copy
    with open_database(book_path) as book:
        assert book.pre_migration_copy is None
    assert sorted(p.name for p in book_path.parent.iterdir()) == sorted(["b.socanbo", first_copy.name])


def test_a_failing_migration_leaves_the_book_as_it_was(make_book, book_path, extended_schema):
    make_book(settings={"k": "v"})

    def m999_broken(db):
        db.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        db.execute("INSERT INTO settings (key, value) VALUES ('migrated', 'yes')")
        raise RuntimeError("migration bug")

    extended_schema(m999_broken)
    with pytest.raises(RuntimeError, match="migration bug"):
        open_database(book_path)

    conn = raw_connect(book_path)
    try:
        assert pragma(conn, "user_version") == SCHEMA_VERSION  # the real (old) version
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "half_done" not in tables
        assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")] == MIGRATION_NAMES
    finally:
        conn.close()
    assert settings_of(book_path) == {"k": "v"}
    assert not lock_path_for(book_path).exists()  # the lock is given back
    copies = [p for p in book_path.parent.iterdir() if ".before-v" in p.name]
    assert len(copies) == 1 and settings_of(copies[0]) == {"k": "v"}


def test_read_only_refuses_a_book_that_needs_migrating(make_book, book_path, extended_schema, file_hash):
    make_book()
    before = file_hash(book_path)
    extended_schema()
    with pytest.raises(BookFileError) as caught:
        open_database(book_path, read_only=True)
    assert "cannot be done read-only" in caught.value.message_id
    assert str(book_path) in caught.value.render(lambda s: s)
    assert file_hash(book_path) == before
    assert sorted(p.name for p in book_path.parent.iterdir()) == ["b.socanbo"]


def test_a_new_book_interrupted_right_after_its_tables_were_made_can_still_be_opened(book_path, monkeypatch):
    real = database_module.migrations

    class PowerCutAfterApply:
        """The migrations commit, then the program dies before the next statement."""

        def apply(self, db, **kwargs):
            real.apply(db, **kwargs)
            raise SystemExit("power cut")

    monkeypatch.setattr(database_module, "migrations", PowerCutAfterApply())
    with pytest.raises(SystemExit):
        open_database(book_path, create=True)
    monkeypatch.setattr(database_module, "migrations", real)

    with open_database(book_path) as book:
        assert pragma(book.db.conn, "application_id") == APPLICATION_ID
        assert pragma(book.db.conn, "user_version") == SCHEMA_VERSION
        assert CORE_TABLES <= set(book.db.table_names())


# --- files that are refused ------------------------------------------------------------------------------

def test_a_newer_book_is_refused_and_left_unchanged(make_book, book_path, file_hash):
    make_book(settings={"k": "v"})
    conn = sqlite3.connect(str(book_path))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = file_hash(book_path)

    for read_only in (False, True):
        with pytest.raises(BookFileError) as caught:
            open_database(book_path, read_only=read_only)
        error = caught.value
        assert "newer version" in error.message_id
        assert error.params["found"] == SCHEMA_VERSION + 1
        assert error.params["known"] == SCHEMA_VERSION
        text = error.render(lambda s: s)
        assert str(book_path) in text and str(SCHEMA_VERSION + 1) in text
        assert file_hash(book_path) == before
        assert sorted(p.name for p in book_path.parent.iterdir()) == ["b.socanbo"]  # no lock, no copy


def _foreign_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO contacts (name) VALUES ('x')")
    conn.commit()
    conn.close()
    return path


def _zero_length(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _text_file(path: Path) -> Path:
    path.write_text("Họ và tên;Ngày sinh\nNguyễn Văn A;01/01/1980\n", encoding="utf-8")
    return path


def _cut_short(path: Path) -> Path:
    path.write_bytes(SQLITE_HEADER + os.urandom(34))  # 50 bytes
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _missing(path: Path) -> Path:
    return path


REFUSED_FILES = {
    "foreign sqlite": (_foreign_sqlite, "another program"),
    "zero length": (_zero_length, "empty (0 bytes)"),
    "text file": (_text_file, "not an SQLite file"),
    "cut to 50 bytes": (_cut_short, "cut short"),
    "folder": (_folder, "is a folder"),
    "missing": (_missing, "does not exist"),
}


@pytest.mark.parametrize("kind", list(REFUSED_FILES))
@pytest.mark.parametrize("read_only", [False, True], ids=["write", "read-only"])
def test_files_that_are_not_books_are_refused(kind, read_only, book_path, file_hash):
    build, words = REFUSED_FILES[kind]
    path = build(book_path)
    before = file_hash(path) if path.is_file() else None

    with pytest.raises(BookFileError) as caught:
        open_database(path, read_only=read_only)
    error = caught.value
    assert type(error) is BookFileError  # not a lock problem
    assert words in error.message_id
    text = error.render(lambda s: s)
    assert text and "{" not in text
    if "{path}" in error.message_id:
        assert str(path) in text
    # nothing was changed or left behind
    if before is not None:
        assert file_hash(path) == before
    assert not lock_path_for(path).exists()
    assert sorted(p.name for p in path.parent.iterdir()) == ([] if kind == "missing" else ["b.socanbo"])


def test_missing_book_with_create_and_read_only_is_refused(book_path):
    with pytest.raises(BookFileError) as caught:
        open_database(book_path, create=True, read_only=True)
    assert "does not exist" in caught.value.message_id
    assert str(book_path) in caught.value.render(lambda s: s)
    assert list(book_path.parent.iterdir()) == []


def test_damaged_file_with_a_valid_header_is_refused_with_a_book_error(book_path, file_hash):
    book_path.write_bytes(SQLITE_HEADER + os.urandom(4096))
    before = file_hash(book_path)
    with pytest.raises(BookFileError) as caught:
        open_database(book_path)
    assert "damaged" in caught.value.message_id
    assert str(book_path) in caught.value.render(lambda s: s)
    assert file_hash(book_path) == before
    assert not lock_path_for(book_path).exists()


def test_damaged_file_with_a_valid_header_is_refused_read_only(book_path):
    book_path.write_bytes(SQLITE_HEADER + os.urandom(4096))
    with pytest.raises(BookFileError) as caught:
        open_database(book_path, read_only=True)
    assert "damaged" in caught.value.message_id
    assert str(book_path) in caught.value.render(lambda s: s)


def test_a_foreign_wal_database_is_refused_without_being_modified(tmp_path, file_hash):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert path.read_bytes()[18:20] == b"\x02\x02"  # WAL mode in the header
    before = file_hash(path)
    with pytest.raises(BookFileError, match="another program"):
        open_database(path)
    assert path.read_bytes()[18:20] == b"\x02\x02"
    assert file_hash(path) == before


# --- read-only -------------------------------------------------------------------------------------------

def test_read_only_takes_no_lock_and_refuses_writes(make_book, book_path, file_hash):
    make_book(settings={"k": "v"})
    before = file_hash(book_path)
    with open_database(book_path, read_only=True) as book:
        assert book.read_only is True
        assert book.lock is None
        assert not lock_path_for(book_path).exists()
        assert dict((r["key"], r["value"]) for r in book.db["settings"].rows) == {"k": "v"}
        with pytest.raises(BookFileError) as caught:
            book.transaction()
        assert "read-only" in caught.value.message_id
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            book.db.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
    assert file_hash(book_path) == before
    assert settings_of(book_path) == {"k": "v"}
    assert sorted(p.name for p in book_path.parent.iterdir()) == ["b.socanbo"]


def test_read_only_works_while_another_writer_holds_the_book(make_book, book_path):
    make_book(settings={"k": "v"})
    with open_database(book_path) as writer:
        token = writer.lock.token
        with open_database(book_path, read_only=True) as reader:
            assert dict((r["key"], r["value"]) for r in reader.db["settings"].rows) == {"k": "v"}
        # closing the reader did not touch the writer's lock
        assert lock_path_for(book_path).exists()
        assert token in lock_path_for(book_path).read_text(encoding="utf-8")


def test_read_only_path_with_unusual_characters(tmp_path, make_book):
    path = tmp_path / "Sổ cán bộ #1 ?% 2026.socanbo"
    make_book(path, settings={"k": "v"})
    with open_database(path, read_only=True) as book:
        assert book.db["settings"].count == 1


# --- the audit table is append-only ---------------------------------------------------------------------

def test_audit_rows_cannot_be_changed_or_deleted(book_path):
    with open_database(book_path, create=True) as book:
        row = {"at": "2026-01-02T03:04:05", "action": "update", "entity": "people", "row_id": 7,
               "field": "full_name", "old_value": "Nguyễn Văn A", "new_value": "Nguyễn Văn B",
               "reason": "sửa lỗi chính tả", "year": 2026, "person_id": 7}
        with book.transaction():
            book.db["audit"].insert(row)
        stored = book.db.execute("SELECT * FROM audit").fetchall()
        assert len(stored) == 1

        with pytest.raises(sqlite3.IntegrityError, match="audit rows cannot be changed"):
            book.db.execute("UPDATE audit SET new_value = 'forged' WHERE id = 1")
        with pytest.raises(sqlite3.IntegrityError, match="audit rows cannot be deleted"):
            book.db.execute("DELETE FROM audit WHERE id = 1")
        with pytest.raises(sqlite3.IntegrityError, match="audit rows cannot be deleted"):
            book.db.execute("DELETE FROM audit")
        with pytest.raises(sqlite3.IntegrityError):
            with book.transaction():
                book.db.execute("UPDATE audit SET reason = ''")

        assert book.db.execute("SELECT * FROM audit").fetchall() == stored
        assert book.db["audit"].get(1)["new_value"] == "Nguyễn Văn B"
        assert not book.db.conn.in_transaction  # a refused statement leaves no transaction open
    conn = raw_connect(book_path)
    try:
        assert conn.execute("SELECT new_value, reason FROM audit").fetchall() == [("Nguyễn Văn B", "sửa lỗi chính tả")]
    finally:
        conn.close()


# --- transaction() is all-or-nothing --------------------------------------------------------------------

class Boom(Exception):
    pass


def test_transaction_rolls_back_everything_on_error(book_path):
    with open_database(book_path, create=True) as book:
        with pytest.raises(Boom):
            with book.transaction():
                book.db["settings"].insert({"key": "a", "value": "1"})
                book.db.execute("INSERT INTO settings (key, value) VALUES ('b', '2')")
                assert book.db["settings"].count == 2  # visible inside
                raise Boom()
        assert book.db["settings"].count == 0
        assert not book.db.conn.in_transaction
    assert settings_of(book_path) == {}


def test_transaction_rolls_back_earlier_writes_when_a_statement_fails(book_path):
    with open_database(book_path, create=True) as book:
        with pytest.raises(sqlite3.IntegrityError):
            with book.transaction():
                book.db["settings"].insert({"key": "a", "value": "1"})
                book.db["settings"].insert({"key": "a", "value": "again"})  # primary key clash
        assert book.db["settings"].count == 0
    assert settings_of(book_path) == {}


def test_transaction_commits_on_success_and_is_visible_to_others(book_path):
    with open_database(book_path, create=True) as book:
        with book.transaction():
            book.db["settings"].insert({"key": "a", "value": "1"})
            book.db["settings"].insert({"key": "b", "value": "2"})
        assert not book.db.conn.in_transaction
        assert settings_of(book_path) == {"a": "1", "b": "2"}  # committed, seen by another connection


def test_nested_transaction_rolls_back_only_the_inner_part(book_path):
    with open_database(book_path, create=True) as book:
        with book.transaction():
            book.db["settings"].insert({"key": "outer", "value": "1"})
            with pytest.raises(Boom):
                with book.transaction():
                    book.db["settings"].insert({"key": "inner", "value": "2"})
                    raise Boom()
        assert dict((r["key"], r["value"]) for r in book.db["settings"].rows) == {"outer": "1"}
    assert settings_of(book_path) == {"outer": "1"}


def test_book_locked_error_is_a_book_file_error():
    # callers catch BookFileError to show "cannot open this book"; a lock refusal must be one too
    assert issubclass(BookLockedError, BookFileError)

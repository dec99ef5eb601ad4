"""Bulk writes of an import: attendance rows in a few statements with the table's checks made in Python, and
a person's audit history that still shows the import which added their attendance."""
from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from desktop.storage.audit import AuditRepository
from desktop.storage.database import open_database
from desktop.storage.import_repo import ImportRepository


@pytest.fixture
def book(book_path):
    opened = open_database(book_path, create=True)
    with opened.transaction():
        db = opened.db
        for number in range(1, 2601):
            db.execute("INSERT INTO people (full_name, name_folded, created_at) VALUES (?, ?, '2025-01-01')",
                       [f"Người {number}", f"nguoi {number}"])
        db.execute("INSERT INTO courses (id, title, title_folded, start_date) VALUES (7, 'Lớp', 'lop', '2025-03-12')")
        for import_id in (1, 2):
            db.execute("INSERT INTO imports (id, kind, file_name, sha256, imported_at) "
                       "VALUES (?, 'attendance', ?, '', '2025-06-15')", [import_id, f"ds-{import_id}.xlsx"])
    yield opened
    opened.close()


def count(book) -> int:
    return book.db.execute("SELECT count(*) FROM attendance").fetchone()[0]


def test_many_rows_are_written_over_several_statements(book):
    rows = [(person, "present", "good" if person % 2 else None, f"GCN-{person}") for person in range(1, 2501)]
    with book.transaction():
        ImportRepository(book.db).insert_attendance(7, rows, 1)
    written = book.db.execute("SELECT person_id, status, result, certificate_no, course_id, import_id "
                              "FROM attendance ORDER BY person_id").fetchall()
    assert written == [(*row, 7, 1) for row in rows]


def test_a_row_without_a_certificate_number_is_stored_with_an_empty_one(book):
    with book.transaction():
        ImportRepository(book.db).insert_attendance(7, [(1, "present", "good", None), (2, "present", None, "")], 1)
    assert book.db.execute("SELECT certificate_no FROM attendance ORDER BY person_id").fetchall() == [("",), ("",)]


@pytest.mark.parametrize("bad", [("maybe", None), ("present", "great")])
def test_a_value_the_table_refuses_is_refused_before_anything_is_written(book, bad):
    rows = [(1, "present", "good", ""), (2, *bad, "")]
    with pytest.raises(sqlite3.IntegrityError), book.transaction():
        ImportRepository(book.db).insert_attendance(7, rows, 1)
    assert count(book) == 0


def test_the_table_checks_its_values_again_after_a_bulk_write(book):
    with book.transaction():
        ImportRepository(book.db).insert_attendance(7, [(1, "present", "good", "")], 1)
    with pytest.raises(sqlite3.IntegrityError), book.transaction():
        book.db.execute("INSERT INTO attendance (course_id, person_id, status) VALUES (7, 2, 'maybe')")
    assert count(book) == 1


def test_a_persons_history_shows_the_import_that_added_their_attendance(book):
    audit = AuditRepository(book.db, clock=lambda: datetime(2025, 6, 15, 9, 30))
    with book.transaction():
        repo = ImportRepository(book.db)
        repo.insert_attendance(7, [(1, "present", None, ""), (2, "present", None, "")], 1)
        repo.insert_attendance(7, [(3, "present", None, "")], 2)
        for import_id in (1, 2):
            audit.record("import.apply", "imports", import_id, new={"kind": "attendance", "course_id": 7},
                         reason=f"import:{import_id} ds-{import_id}.xlsx", year=2025)
        audit.record("person.update", "people", 1, field="phone", new="0912", person_id=1)
    assert [(e.action, e.row_id) for e in audit.entries(person_id=1)] == [("person.update", 1),
                                                                          ("import.apply", 1)]
    assert [(e.action, e.row_id) for e in audit.entries(person_id=3, year=2025)] == [("import.apply", 2)]
    assert audit.entries(person_id=4) == []

"""What an import reads and writes in bulk: the roster for matching, loaded once; many rows written at once.

A 10,000-row attendee list must not cost 10,000 queries: matching works on dicts built from one query,
and the writes are bulk statements inside the caller's single transaction.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from itertools import chain

from sqlite_utils import Database

from desktop.domain.officers import Person, PostHolding, Term
from desktop.domain.training import ATTENDANCE_STATUSES, RESULTS, Attendance, Course
from desktop.domain.vietnamese import fold
from desktop.storage.convert import date_out, flag_out
from desktop.storage.people_repo import person_to_row
from desktop.storage.training_repo import course_from_row, course_to_row

_STATUSES, _RESULTS = set(ATTENDANCE_STATUSES), {None, *RESULTS}  # what the table's CHECKs allow
_CHUNK = 250  # rows per INSERT: 1,000 parameters; longer statements cost more to prepare than they save
AUDIT_COLUMNS = ("at", "action", "entity", "row_id", "field", "old_value", "new_value", "reason", "year",
                 "person_id")


class ImportRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def fingerprint(self) -> tuple[int, int]:
        """Changes since the book was read: by this connection (total_changes) or by another (data_version)."""
        return self.db.conn.total_changes, self.db.execute("PRAGMA data_version").fetchone()[0]

    # --- loading for matching (one query each)
    def people_for_matching(self) -> tuple[list, ...]:
        """Everyone as columns: ids, full names, years of birth (of birth_date when known), sexes, departments,
        folded names."""
        return tuple(map(json.loads, self.people_for_matching_json()))

    def people_for_matching_json(self) -> tuple[str, ...]:
        """The columns of people_for_matching, each as the text of a JSON array (json.loads reads it).

        Each column comes from one step of SQLite: fetching 10,000 rows one by one hands the interpreter over
        around every row, and an import reads the file on another thread meanwhile, which keeps the
        interpreter up to 5 ms each time it gets it (the roster took 40-80 ms instead of 10)."""
        return self.db.execute(
            "SELECT json_group_array(id), json_group_array(full_name), json_group_array("
            "coalesce(CAST(substr(birth_date, 1, 4) AS INTEGER), birth_year)), json_group_array(sex), "
            "json_group_array(department), json_group_array(name_folded) FROM people").fetchone()

    def people_fields(self, person_ids) -> dict[int, dict]:
        """Every column of the given people, by id."""
        wanted = sorted(set(person_ids))
        found: dict[int, dict] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            for row in self.db.query(f"SELECT * FROM people WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
                found[row["id"]] = row
        return found

    def courses(self) -> list[Course]:
        return [course_from_row(r) for r in self.db.query("SELECT * FROM courses ORDER BY id")]

    def attendance_of_course(self, course_id: int) -> dict[int, tuple]:
        """person_id -> (attendance id, status, result, certificate_no)."""
        return {row[0]: row[1:] for row in self.db.execute(
            "SELECT person_id, id, status, result, certificate_no FROM attendance WHERE course_id = ?",
            [course_id])}

    def titles_held(self, term: Term) -> set[tuple[int, str]]:
        """(person_id, title_key) of every post of the term."""
        return {(row[0], row[1]) for row in self.db.execute(
            "SELECT h.person_id, h.title_key FROM post_holdings h JOIN terms t ON t.id = h.term_id "
            "WHERE t.start_year = ? AND t.end_year = ?", [term.start_year, term.end_year])}

    # --- writing (inside the caller's transaction)
    def insert_people(self, people: list[Person], created_at: datetime) -> list[int]:
        stamp = created_at.isoformat(timespec="seconds")
        ids = []
        for person in people:
            row = person_to_row(person)
            row["created_at"] = stamp
            columns = ", ".join(row)
            cursor = self.db.execute(f"INSERT INTO people ({columns}) VALUES ({', '.join('?' * len(row))})",
                                     list(row.values()))
            ids.append(cursor.lastrowid)
        return ids

    def update_person_fields(self, person_id: int, values: dict) -> None:
        if "full_name" in values:
            values = {**values, "name_folded": fold(values["full_name"])}
        assignments = ", ".join(f"{name} = ?" for name in values)
        self.db.execute(f"UPDATE people SET {assignments} WHERE id = ?", [*values.values(), person_id])

    def insert_course(self, course: Course, import_id: int) -> int:
        row = course_to_row(course)
        row["import_id"] = import_id
        return self.db["courses"].insert(row).last_pk

    def update_course_fields(self, course_id: int, values: dict) -> None:
        values = {k: (date_out(v) if hasattr(v, "isoformat") else v) for k, v in values.items()}
        if "title" in values:
            values["title_folded"] = fold(values["title"])
        assignments = ", ".join(f"{name} = ?" for name in values)
        self.db.execute(f"UPDATE courses SET {assignments} WHERE id = ?", [*values.values(), course_id])

    def insert_attendance(self, course_id: int, rows: list[tuple], import_id: int) -> None:
        """New attendance rows of one course, (person_id, status, result, certificate_no) each (a certificate
        number None is stored as "").

        A few multi-row INSERTs, with the table's CHECK constraints skipped for them after the same check
        is made here once per distinct value: SQLite builds the lists of `status IN (...)` and `result IN
        (...)` anew for every execution of a statement. Measured on a 10,000-person book: 10,000 one-row
        inserts ~50 ms, 1,000-row INSERTs ~24 ms with the checks and ~15 ms without. NOT NULL, UNIQUE and
        the foreign keys are still SQLite's.
        """
        if not rows:
            return
        statuses, results = {row[1] for row in rows}, {row[2] for row in rows}
        if not statuses <= _STATUSES or not results <= _RESULTS:
            raise sqlite3.IntegrityError(f"CHECK constraint failed: attendance {statuses - _STATUSES} "
                                         f"{results - _RESULTS}")
        head = ("INSERT INTO attendance (course_id, person_id, status, result, certificate_no, import_id) "
                "VALUES ")
        row_sql = f"({int(course_id)}, ?, ?, ?, coalesce(?, ''), {int(import_id)})"
        conn = self.db.conn
        conn.execute("PRAGMA ignore_check_constraints = ON")
        try:
            for start in range(0, len(rows), _CHUNK):
                chunk = rows[start:start + _CHUNK]
                conn.execute(head + ", ".join([row_sql] * len(chunk)), list(chain.from_iterable(chunk)))
        finally:
            # Setting the flag expires every prepared statement, so no cached one keeps skipping the checks.
            conn.execute("PRAGMA ignore_check_constraints = OFF")

    def update_attendance(self, records: list[Attendance]) -> None:
        self.db.conn.executemany(
            "UPDATE attendance SET status = ?, result = ?, certificate_no = ? WHERE id = ?",
            [(a.status, a.result, a.certificate_no, a.id) for a in records])

    def insert_holdings(self, holdings: list[PostHolding], term_id: int) -> list[int]:
        ids = []
        for h in holdings:
            cursor = self.db.execute(
                "INSERT INTO post_holdings (person_id, title_key, term_id, start_date, end_date, duties, full_time) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [h.person_id, h.title_key, term_id, date_out(h.start_date), date_out(h.end_date), h.duties,
                 flag_out(h.full_time)])
            ids.append(cursor.lastrowid)
        return ids

    def insert_audit(self, entries: list[tuple]) -> None:
        """Audit rows as tuples in AUDIT_COLUMNS order, old and new values already text (or None)."""
        if entries:
            self.db.conn.executemany(f"INSERT INTO audit ({', '.join(AUDIT_COLUMNS)}) "
                                     f"VALUES ({', '.join('?' * len(AUDIT_COLUMNS))})", entries)

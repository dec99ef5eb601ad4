"""Many rows at once, for generated benchmark books only (`desktop.services.bulk_generation`).

The ordinary repositories insert one row per call, which is right for what a user does. A generated book of
2,000 people and 20,000 attendance rows would take minutes that way; here each batch is one `executemany`
inside the caller's transaction. Ids are given out explicitly (after the current largest), so the caller
learns them without a query per row.
"""
from __future__ import annotations

from sqlite_utils import Database

from desktop.domain.officers import Person, PostHolding
from desktop.domain.training import Attendance, Course
from desktop.storage.convert import date_out, flag_out
from desktop.storage.people_repo import person_to_row
from desktop.storage.training_repo import course_to_row

AUDIT_COLUMNS = ("at", "action", "entity", "row_id", "field", "old_value", "new_value", "reason", "year",
                 "person_id")
EVALUATION_COLUMNS = ("person_id", "year", "set_id", "self_level", "votes_1", "votes_2", "votes_3", "votes_4",
                      "strengths", "weaknesses", "remedies", "next_year_duties", "total", "suggested_level",
                      "final_level", "override_reason", "status", "updated_at")


class BulkRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _next_id(self, table: str) -> int:
        return (self.db.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0) + 1

    def _insert(self, table: str, columns: tuple[str, ...] | list[str], rows: list[tuple]) -> None:
        names = ", ".join(columns)
        marks = ", ".join("?" * len(columns))
        self.db.conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def _insert_with_ids(self, table: str, rows: list[dict]) -> list[int]:
        if not rows:
            return []
        first = self._next_id(table)
        ids = list(range(first, first + len(rows)))
        columns = ["id", *rows[0]]
        self._insert(table, columns, [(row_id, *(row[c] for c in columns[1:])) for row_id, row in zip(ids, rows)])
        return ids

    def insert_people(self, people: list[Person], created_at: str) -> list[int]:
        rows = []
        for person in people:
            row = person_to_row(person)
            row["created_at"] = created_at
            rows.append(row)
        return self._insert_with_ids("people", rows)

    def insert_holdings(self, holdings: list[tuple[PostHolding, int]]) -> list[int]:
        """(holding, term id) pairs."""
        return self._insert_with_ids("post_holdings", [
            {"person_id": h.person_id, "title_key": h.title_key, "term_id": term_id,
             "start_date": date_out(h.start_date), "end_date": date_out(h.end_date), "duties": h.duties,
             "full_time": flag_out(h.full_time)} for h, term_id in holdings])

    def insert_courses(self, courses: list[Course]) -> list[int]:
        rows = []
        for course in courses:
            row = course_to_row(course)
            row["import_id"] = None
            rows.append(row)
        return self._insert_with_ids("courses", rows)

    def insert_attendance(self, records: list[Attendance]) -> list[int]:
        return self._insert_with_ids("attendance", [
            {"course_id": a.course_id, "person_id": a.person_id, "status": a.status, "result": a.result,
             "certificate_no": a.certificate_no, "import_id": None} for a in records])

    def insert_evaluations(self, rows: list[dict], scores: list[list[tuple]]) -> list[int]:
        """`rows` hold EVALUATION_COLUMNS; `scores[i]` are (number, self, committee, final) of rows[i]."""
        ids = self._insert_with_ids("evaluations", [{c: row[c] for c in EVALUATION_COLUMNS} for row in rows])
        self._insert("evaluation_scores", ("evaluation_id", "number", "self_points", "committee_points",
                                           "final_points"),
                     [(evaluation_id, *score) for evaluation_id, own in zip(ids, scores) for score in own])
        return ids

    def insert_audit(self, rows: list[tuple]) -> None:
        """Rows in AUDIT_COLUMNS order (the table is append-only; this only appends)."""
        self._insert("audit", AUDIT_COLUMNS, rows)

    def counts(self) -> dict[str, int]:
        """Rows per table, for checking what a generation wrote."""
        tables = ("people", "post_holdings", "terms", "courses", "attendance", "evaluations", "evaluation_scores",
                  "criteria_sets", "years", "audit")
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

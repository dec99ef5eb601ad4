"""Courses, attendance, and the record of imports."""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlite_utils import Database

from desktop.domain.errors import N_, NotFoundError
from desktop.domain.training import Attendance, Course
from desktop.domain.vietnamese import fold
from desktop.storage.convert import date_in, date_out, optional_float


def course_to_row(course: Course) -> dict:
    row = asdict(course)
    row.pop("id")
    row["start_date"] = date_out(course.start_date)
    row["end_date"] = date_out(course.end_date)
    row["title_folded"] = fold(course.title)
    return row


def course_from_row(r: dict) -> Course:
    return Course(title=r["title"], topic=r["topic"], organiser=r["organiser"], start_date=date_in(r["start_date"]),
                  end_date=date_in(r["end_date"]), days=optional_float(r["days"]), hours=optional_float(r["hours"]),
                  place=r["place"], mode=r["mode"], audience=r["audience"], source=r["source"], id=r["id"])



class TrainingRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def courses(self, year: int | None = None) -> list[Course]:
        if year is None:
            rows = self.db.query("SELECT * FROM courses ORDER BY start_date, id")
        else:
            rows = self.db.query("SELECT * FROM courses WHERE substr(coalesce(start_date, end_date), 1, 4) = ? "
                                 "ORDER BY start_date, id", [str(year)])
        return [course_from_row(r) for r in rows]

    def course(self, course_id: int) -> Course:
        rows = list(self.db.query("SELECT * FROM courses WHERE id = ?", [course_id]))
        if not rows:
            raise NotFoundError(N_("There is no course with number {id} in the book."), id=course_id)
        return course_from_row(rows[0])

    def find_course(self, title: str, start_date) -> Course | None:
        """The same course already in the book (same folded title and start date): re-imports add no duplicate."""
        rows = list(self.db.query("SELECT * FROM courses WHERE title_folded = ? AND start_date IS ?",
                                  [fold(title), date_out(start_date)]))
        return course_from_row(rows[0]) if rows else None

    def insert_course(self, course: Course, import_id: int | None = None) -> int:
        row = course_to_row(course)
        row["import_id"] = import_id
        return self.db["courses"].insert(row).last_pk

    def update_course(self, course: Course) -> None:
        self.db["courses"].update(course.id, course_to_row(course))

    def delete_course(self, course_id: int) -> None:
        self.db.execute("DELETE FROM attendance WHERE course_id = ?", [course_id])
        self.db.execute("DELETE FROM courses WHERE id = ?", [course_id])

    def attendance(self, course_id: int | None = None, person_id: int | None = None) -> list[Attendance]:
        where, args = [], []
        if course_id is not None:
            where.append("course_id = ?")
            args.append(course_id)
        if person_id is not None:
            where.append("person_id = ?")
            args.append(person_id)
        sql = ("SELECT course_id, person_id, status, result, certificate_no, id FROM attendance"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id")
        # Plain tuples, not sqlite-utils' dict rows: the indicators read every attendance row (20,000 in a
        # large book) and building a dict per row was most of the cost.
        return [Attendance(*row) for row in self.db.execute(sql, args).fetchall()]

    def attendance_counts(self) -> dict[int, int]:
        return {r["course_id"]: r["n"] for r in self.db.query(
            "SELECT course_id, count(*) AS n FROM attendance GROUP BY course_id")}

    def upsert_attendance(self, record: Attendance, import_id: int | None = None) -> int:
        existing = self.db.execute("SELECT id FROM attendance WHERE course_id = ? AND person_id = ?",
                                   [record.course_id, record.person_id]).fetchone()
        row = {"course_id": record.course_id, "person_id": record.person_id, "status": record.status,
               "result": record.result, "certificate_no": record.certificate_no}
        if existing:
            self.db["attendance"].update(existing[0], row)
            return existing[0]
        row["import_id"] = import_id
        return self.db["attendance"].insert(row).last_pk

    def delete_attendance(self, course_id: int, person_id: int) -> None:
        self.db.execute("DELETE FROM attendance WHERE course_id = ? AND person_id = ?", [course_id, person_id])

    def record_import(self, kind: str, file_name: str, sha256: str, when: datetime, counts: dict) -> int:
        return self.db["imports"].insert({"kind": kind, "file_name": file_name, "sha256": sha256,
                                          "imported_at": when.isoformat(timespec="seconds"),
                                          **{k: counts.get(k, 0) for k in ("added", "updated", "duplicates",
                                                                            "skipped")}}).last_pk

    def imports(self) -> list[dict]:
        return list(self.db.query("SELECT * FROM imports ORDER BY id DESC"))

    def count_courses(self) -> int:
        return self.db.execute("SELECT count(*) FROM courses").fetchone()[0]

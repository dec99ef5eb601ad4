"""Courses and attendance entered by hand (imports come through services/importing)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from desktop.domain.errors import N_, ConflictError, NotFoundError
from desktop.domain.vietnamese import name_sort_key
from desktop.domain.training import Attendance, Course, validate_attendance, validate_course
from desktop.services.text_input import cleaned
from desktop.storage.audit import AuditRepository
from desktop.storage.people_repo import PeopleRepository
from desktop.storage.training_repo import TrainingRepository


@dataclass(frozen=True)
class CourseRow:
    course: Course
    attendees: int


@dataclass(frozen=True)
class AttendanceRow:
    attendance: Attendance
    course: Course
    full_name: str


class TrainingService:
    def __init__(self, book, clock) -> None:
        self.book = book
        self.clock = clock
        self.repo = TrainingRepository(book.db)
        self.people = PeopleRepository(book.db)

    def _audit(self) -> AuditRepository:
        return AuditRepository(self.book.db, self.clock)

    def courses(self, year: int | None = None) -> list[CourseRow]:
        counts = self.repo.attendance_counts()
        return [CourseRow(c, counts.get(c.id, 0)) for c in self.repo.courses(year)]

    def course(self, course_id: int) -> Course:
        return self.repo.course(course_id)

    def add_course(self, course: Course) -> int:
        course = cleaned(course)
        validate_course(course)
        with self.book.transaction():
            course_id = self.repo.insert_course(course)
            self._audit().record("course.create", "courses", course_id, new=course.title, year=course.year)
        return course_id

    def update_course(self, course: Course) -> None:
        course = cleaned(course)
        validate_course(course)
        with self.book.transaction():
            old = self.repo.course(course.id)
            self.repo.update_course(course)
            self._audit().record_changes("course.update", "courses", course.id, _course_values(old),
                                         _course_values(course), year=course.year)

    def remove_course(self, course_id: int, confirmed_with_attendance: bool = False) -> None:
        with self.book.transaction():
            course = self.repo.course(course_id)
            attendees = len(self.repo.attendance(course_id=course_id))
            if attendees and not confirmed_with_attendance:
                raise ConflictError(N_("The course {title} has {count} attendance record(s). Confirm to remove the "
                                       "course together with them."), title=course.title, count=attendees)
            self.repo.delete_course(course_id)
            self._audit().record("course.delete", "courses", course_id, old=_course_values(course),
                                 new={"attendance_removed": attendees}, year=course.year)

    def attendance(self, course_id: int | None = None, person_id: int | None = None) -> list[AttendanceRow]:
        """Attendance by course (in date order), then by person in Vietnamese list order."""
        ordered = self.repo.courses()
        courses = {c.id: c for c in ordered}
        position = {c.id: index for index, c in enumerate(ordered)}
        names = {p.id: p.full_name for p in self.people.all()}
        rows = [AttendanceRow(a, courses[a.course_id], names.get(a.person_id, ""))
                for a in self.repo.attendance(course_id=course_id, person_id=person_id)]
        return sorted(rows, key=lambda r: (position[r.attendance.course_id], name_sort_key(r.full_name)))

    def set_attendance(self, record: Attendance) -> int:
        record = cleaned(record)
        validate_attendance(record)
        with self.book.transaction():
            course = self.repo.course(record.course_id)
            self.people.get(record.person_id)
            old = [a for a in self.repo.attendance(course_id=record.course_id, person_id=record.person_id)]
            record_id = self.repo.upsert_attendance(record)
            self._audit().record("attendance.set", "attendance", record_id,
                                 old=dataclasses.asdict(old[0]) if old else None, new=dataclasses.asdict(record),
                                 year=course.year, person_id=record.person_id)
        return record_id

    def remove_attendance(self, course_id: int, person_id: int) -> None:
        with self.book.transaction():
            course = self.repo.course(course_id)
            if not self.repo.attendance(course_id=course_id, person_id=person_id):
                raise NotFoundError(N_("{title} has no attendance record of this person."), title=course.title)
            self.repo.delete_attendance(course_id, person_id)
            self._audit().record("attendance.delete", "attendance", None, old={"course_id": course_id},
                                 year=course.year, person_id=person_id)

    def imports(self) -> list[dict]:
        """The record of imported files, newest first (file, SHA-256, when, counts)."""
        return self.repo.imports()

    def count_courses(self) -> int:
        return self.repo.count_courses()


def _course_values(course: Course) -> dict:
    values = dataclasses.asdict(course)
    values.pop("id")
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}

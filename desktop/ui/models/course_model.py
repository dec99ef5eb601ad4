"""The course catalog of the training page as plain rows and their table model.

Rows are built once per reload from `TrainingService.courses(year)` and the attendance of those courses, so
the table shows how many of the union's people were on each course's list and how many of them came.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QColor

from desktop.domain.training import MODE_LABELS, TOPIC_LABELS, Course
from desktop.domain.vietnamese import fold, format_date, format_number
from desktop.i18n import N_, _
from desktop.ui.models.table_model import Column, TableModel

MUTED = QColor("#718096")


def course_dates(course: Course) -> str:
    """"12/03/2025 – 14/03/2025", one date for a one-day course, "" when the plan gives none."""
    start, end = course.start_date, course.end_date
    if start and end and end != start:
        return f"{format_date(start)} – {format_date(end)}"
    return format_date(start or end)


def course_length(course: Course) -> str:
    if course.days:
        return _("{count} day(s)").format(count=format_number(course.days, 0 if course.days == int(course.days)
                                                                 else 1))
    if course.hours:
        return _("{count} hour(s)").format(count=format_number(course.hours, 0 if course.hours == int(course.hours)
                                                                  else 1))
    return ""


@dataclass(frozen=True)
class CourseLine:
    course: Course
    listed: int  # people of the book on the course's list (sent, present or absent)
    present: int  # of whom came

    @property
    def course_id(self) -> int:
        return self.course.id


def course_lines(course_rows, attendance_rows) -> list[CourseLine]:
    """`course_rows`: TrainingService.courses(); `attendance_rows`: TrainingService.attendance() (any scope)."""
    present: dict[int, int] = {}
    for row in attendance_rows:
        if row.attendance.status == "present":
            present[row.attendance.course_id] = present.get(row.attendance.course_id, 0) + 1
    return [CourseLine(r.course, r.attendees, present.get(r.course.id, 0)) for r in course_rows]


def _source_tip(line: CourseLine) -> str:
    course = line.course
    if course.source:
        return course.title + "\n" + _("Imported from the file {file}").format(file=course.source)
    return course.title


def _people_tip(line: CourseLine) -> str:
    return _("{present} attended, {listed} on the list").format(present=line.present, listed=line.listed)


def place_and_mode(course: Course) -> str:
    """The place, with "Online" when the course is online and the place does not already say so (one column
    for both keeps the title readable at 1366×768)."""
    if course.mode != "online":
        return course.place
    label = MODE_LABELS["online"]
    online = _(label)
    if fold(online) in fold(course.place):
        return course.place
    return f"{online} – {course.place}" if course.place else online


class CourseModel(TableModel):
    TITLE, TOPIC, ORGANISER, DATES, LENGTH, PLACE, AUDIENCE, PEOPLE = range(8)
    columns = (
        Column(N_("Course"), lambda r: r.course.title, tooltip=_source_tip),
        Column(N_("Topic"), lambda r: _(TOPIC_LABELS.get(r.course.topic, r.course.topic)),
               tooltip=lambda r: _(TOPIC_LABELS.get(r.course.topic, r.course.topic))),
        Column(N_("Organiser"), lambda r: r.course.organiser, tooltip=lambda r: r.course.organiser),
        Column(N_("Dates"), lambda r: course_dates(r.course),
               sort_key=lambda r: r.course.start_date or r.course.end_date, centered=True),
        Column(N_("Length"), lambda r: course_length(r.course),
               sort_key=lambda r: (r.course.days or 0, r.course.hours or 0), centered=True),
        Column(N_("Place"), lambda r: place_and_mode(r.course), tooltip=lambda r: place_and_mode(r.course),
               header_tooltip=N_("Where the course is held; online courses say “Online”")),
        Column(N_("Audience"), lambda r: r.course.audience, tooltip=lambda r: r.course.audience),
        Column(N_("People"), lambda r: f"{r.present}/{r.listed}" if r.listed else "0",
               sort_key=lambda r: (r.listed, r.present), tooltip=_people_tip, centered=True,
               header_tooltip=N_("How many of our people attended / were on the course's list")),
    )

    def foreground(self, row: CourseLine):
        return None if row.listed else MUTED

    def update_rows(self, lines: list[CourseLine]) -> None:
        """The same courses in the same order with new values (counts after an edit): changed in place, so the
        selection and the view's state stay; anything else resets the model."""
        if [line.course.id for line in lines] != [line.course.id for line in self._rows]:
            self.set_rows(lines)
            return
        changed = [number for number, (old, new) in enumerate(zip(self._rows, lines)) if old != new]
        if not changed:
            return
        self._rows = list(lines)
        self._ranks = [self._rank(column) for column in self.columns]
        self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), len(self.columns) - 1))

    def index_of(self, course_id: int) -> QModelIndex:
        for number, row in enumerate(self._rows):
            if row.course.id == course_id:
                return self.index(number, 0)
        return QModelIndex()

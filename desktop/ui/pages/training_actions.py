"""The course and attendance actions of the training page: add, correct and remove a course (asking first when
people are on its list), put people on a course's list, save what is ticked in the table, take someone off.

A mixin of TrainingPage (kept apart so that each module stays small); it uses the page's `services`, `_open()`,
`_changed()`, `confirm()`, `announce()`, the selected course and the attendance panel.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer

from desktop.domain.errors import BookError
from desktop.domain.training import Attendance, Course
from desktop.i18n import _
from desktop.services.officers import RosterFilter
from desktop.ui.dialogs.course_dialog import CourseDialog
from desktop.ui.errors import show_error
from desktop.ui.pages.training_attendance import AttendeePicker


class CourseActions:
    # --- courses
    def add_course(self) -> CourseDialog | None:
        if not self._writable() or self.active_dialog is not None:
            return None
        year = self.year()
        known = [row.course for row in self.services.training.courses()]
        dialog = CourseDialog(None, on_accept=self._save_new_course, known_courses=known, parent=self)
        if year is not None and year != self.services.officers.today().year:
            dialog.setWindowTitle(_("Add a course ({year})").format(year=year))
        return self._open(dialog)

    def _save_new_course(self, course: Course) -> int:
        course_id = self.services.training.add_course(course)
        self._show_year_of(course)
        self.announce(_("Course added: {title}").format(title=course.title))
        self._changed(select=course_id)
        return course_id

    def edit_course(self) -> CourseDialog | None:
        line = self.selected_line()
        if line is None or not self._writable() or self.active_dialog is not None:
            return None
        known = [row.course for row in self.services.training.courses()]
        dialog = CourseDialog(line.course, on_accept=self._save_course, known_courses=known, parent=self)
        return self._open(dialog)

    def _save_course(self, course: Course) -> int:
        self.services.training.update_course(course)
        self._show_year_of(course)
        self._changed(select=course.id)
        return course.id

    def _show_year_of(self, course: Course) -> None:
        """A course saved in another year than the one shown: show that year, so it does not vanish."""
        if course.year is not None and self.year() is not None and course.year != self.year():
            self._fill_years(self.services, select=course.year)

    def remove_course(self) -> None:
        line = self.selected_line()
        if line is None or not self._writable():
            return
        course = line.course
        if line.listed:
            question = _("The course “{title}” has {count} person(s) on its list. Remove the course together with "
                         "their attendance and results? This cannot be undone.").format(title=course.title,
                                                                                      count=line.listed)
        else:
            question = _("Remove the course “{title}” from the book?").format(title=course.title)
        if not self.confirm(_("Remove a course"), question):
            return
        try:
            self.services.training.remove_course(course.id, confirmed_with_attendance=True)
        except BookError as error:
            show_error(self, error)
            return
        self.announce(_("Course removed: {title}").format(title=course.title))
        self._changed()

    # --- attendance
    def send_people(self) -> AttendeePicker | None:
        line = self.selected_line()
        if line is None or not self._writable() or self.active_dialog is not None:
            return None
        listed = set(self.attendance.model.person_ids())
        people = [entry for entry in self.services.officers.roster(RosterFilter(include_ended=True))
                  if entry.person.id not in listed]
        course = line.course

        def save(person_ids: list[int], status: str) -> None:
            for person_id in person_ids:
                self.services.training.set_attendance(Attendance(course.id, person_id, status))
            self.announce(_("{count} person(s) put on the list of {title}").format(count=len(person_ids),
                                                                                 title=course.title))
            self._changed(select=course.id)

        dialog = AttendeePicker(course, people, self.services.officers.today(), on_accept=save, parent=self)
        return self._open(dialog)

    def _save_attendance(self, record: Attendance) -> bool:
        try:
            self.services.training.set_attendance(record)
        except BookError as error:
            show_error(self, error)
            return False
        # The other pages (and the counts of this one) follow once the edit has left the table.
        course_id = record.course_id
        QTimer.singleShot(0, lambda: self._changed(select=course_id))
        return True

    def remove_attendee(self) -> None:
        row = self.attendance.selected_row()
        line = self.selected_line()
        if row is None or line is None or not self._writable():
            return
        if not self.confirm(_("Take off the list"), _("Take {name} off the list of “{title}”? Their attendance and "
                                                      "result for this course are removed.").format(
                name=row.full_name, title=line.course.title)):
            return
        try:
            self.services.training.remove_attendance(line.course.id, row.attendance.person_id)
        except BookError as error:
            show_error(self, error)
            return
        self._changed(select=line.course.id)

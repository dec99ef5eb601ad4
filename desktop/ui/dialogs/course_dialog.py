"""Add or edit a course (lớp đào tạo, bồi dưỡng, tập huấn): what the superior union's plan says about it.

Like the person dialog, it calls no service: it builds a `Course` and hands it to `on_accept` (the page saves
it through `TrainingService`, which validates); messages go under their fields and the dialog stays open until
the course is saved.
"""
from __future__ import annotations

import dataclasses
from typing import Callable

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCompleter, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.errors import ValidationError, ValidationErrors
from desktop.domain.training import MODE_LABELS, MODES, TOPIC_LABELS, TOPICS, Course
from desktop.domain.vietnamese import format_number
from desktop.i18n import N_, _
from desktop.ui.dialogs.person_dialog import AcceptingDialog, choice_box, example_line, select_data
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.form import ValidatedForm

BAD_LENGTH = N_("Write a number, for example 2 or 1,5.")


def _number_text(value: float | None) -> str:
    return "" if value is None else format_number(value, 0 if value == int(value) else 1)


def _with_completer(line: QLineEdit, known: list[str]) -> QLineEdit:
    """Suggest what earlier courses used (organisers and places repeat from year to year)."""
    choices = sorted({text for text in known if text})
    if choices:
        completer = QCompleter(choices, line)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        line.setCompleter(completer)
    return line


class CourseDialog(AcceptingDialog):
    def __init__(self, course: Course | None = None, on_accept: Callable[[Course], object] | None = None,
                 known_courses: list[Course] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(on_accept, parent)
        self.setObjectName("courseDialog")
        self.original = course or Course("")
        self.setWindowTitle(_("Edit the course") if course and course.id else _("Add a course"))
        self.setMinimumWidth(980)
        known = known_courses or []

        self.title = example_line(_("For example: Union work skills for grassroots union officers"), 300)
        self.topic = choice_box(_("(choose a topic)"), [(key, _(TOPIC_LABELS[key])) for key in TOPICS])
        self.topic.removeItem(0)  # a course always has a topic; "Other" is the catch-all
        self.topic.setToolTip(_("The topic decides which training targets the course counts for (bargaining, "
                                "safety and workplace democracy for the chair, for example)."))
        self.organiser = _with_completer(example_line(_("For example: Industrial zone union"), 200),
                                         [c.organiser for c in known])
        self.start_date = DateField("start_date")
        self.end_date = DateField("end_date")
        self.days = example_line(_("For example: 2"), 6)
        self.hours = example_line(_("For example: 4"), 6)
        number = QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,3}([.,][0-9]{0,2})?"))
        for line in (self.days, self.hours):
            line.setValidator(number)
        self.days.setToolTip(_("How many days the course lasts; or fill in the hours for a short course."))
        self.place = _with_completer(example_line(_("For example: Workers' cultural house"), 200),
                                     [c.place for c in known])
        self.mode = choice_box("", [(key, _(MODE_LABELS[key])) for key in MODES])
        self.mode.removeItem(0)
        self.audience = _with_completer(example_line(_("For example: Executive committee members"), 300),
                                        [c.audience for c in known])

        what = ValidatedForm()
        what.add_row("title", _("Course title (required):"), self.title)
        what.add_row("topic", _("Topic:"), self.topic)
        what.add_row("organiser", _("Organiser:"), self.organiser)
        what.add_row("audience", _("Audience:"), self.audience)
        when = ValidatedForm()
        when.add_row("start_date", _("From:"), self.start_date)
        when.add_row("end_date", _("Until:"), self.end_date)
        when.add_row("days", _("Number of days:"), self.days)
        when.add_row("hours", _("Number of hours:"), self.hours)
        when.add_row("place", _("Place:"), self.place)
        when.add_row("mode", _("Mode:"), self.mode)
        self.forms = [what, when]

        columns = QHBoxLayout()
        columns.setSpacing(16)
        for title, form, stretch in ((_("The course"), what, 3), (_("When and where"), when, 2)):
            group = QGroupBox(title)
            group.setLayout(form)
            columns.addWidget(group, stretch)
        layout = QVBoxLayout(self)
        hint = QLabel(_("Only the title is required. Courses of the superior union's plan can be imported from "
                        "its Excel file instead of being typed."))
        hint.setObjectName("dialogHint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(columns)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons())

        self.start_date.date_changed.connect(self._start_changed)
        self._fill(self.original)
        order = [self.title, self.topic, self.organiser, self.audience, self.start_date, self.end_date, self.days,
                 self.hours, self.place, self.mode]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)
        self.title.setFocus()

    def _fill(self, course: Course) -> None:
        self.title.setText(course.title)
        select_data(self.topic, course.topic)
        self.organiser.setText(course.organiser)
        self.start_date.set_value(course.start_date)
        self.end_date.set_value(course.end_date)
        self.days.setText(_number_text(course.days))
        self.hours.setText(_number_text(course.hours))
        self.place.setText(course.place)
        select_data(self.mode, course.mode)
        self.audience.setText(course.audience)

    def _start_changed(self, day) -> None:
        """A one-day course is the common case: the end date follows the start until the user sets it."""
        if day is not None and not self.end_date.text().strip():
            self.end_date.set_value(day)

    def course(self) -> Course:
        problems: list[ValidationError] = []
        values = {}
        for name, field in (("start_date", self.start_date), ("end_date", self.end_date)):
            try:
                values[name] = field.value()
            except ValidationError as error:
                problems.append(error)
        for name, line in (("days", self.days), ("hours", self.hours)):
            text = line.text().strip().replace(",", ".")
            try:
                values[name] = float(text) if text else None
            except ValueError:
                problems.append(ValidationError(BAD_LENGTH, field=name))
        if problems:
            raise ValidationErrors(problems)
        return dataclasses.replace(
            self.original, title=self.title.text(), topic=self.topic.currentData() or "other",
            organiser=self.organiser.text(), place=self.place.text(), mode=self.mode.currentData() or "in_person",
            audience=self.audience.text(), **values)

    collect = course

"""One person's training history: every course they were sent to, attended or missed, with the result and the
certificate number, and a line that sums it up."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from desktop.domain.vietnamese import format_number
from desktop.i18n import _
from desktop.ui.models.attendance_model import PersonTrainingModel


class PersonTraining(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personTraining")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("trainingSummary")
        self.summary.setWordWrap(True)
        self.empty = QLabel(_("No courses yet. Put the person on a course's list on the Training page, or import "
                              "the course's attendee list."))
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.model = PersonTrainingModel(self)
        self.table = QTableView()
        self.table.setObjectName("personTrainingTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(80)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PersonTrainingModel.COURSE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((PersonTrainingModel.TOPIC, 220), (PersonTrainingModel.DATES, 190),
                              (PersonTrainingModel.STATUS, 100), (PersonTrainingModel.RESULT, 100),
                              (PersonTrainingModel.CERTIFICATE, 170)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.empty)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.show_history([])

    def show_history(self, rows) -> None:
        """`rows`: TrainingService.attendance(person_id=…) — the person's courses in date order."""
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.summary.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if rows:
            attended = [r for r in rows if r.attendance.status == "present"]
            days = sum(r.course.days or 0 for r in attended)
            text = _("{attended} course(s) attended out of {listed} on record").format(attended=len(attended),
                                                                                      listed=len(rows))
            if days:
                text += " — " + _("{days} day(s) of training in all").format(
                    days=format_number(days, 0 if days == int(days) else 1))
            self.summary.setText(text)

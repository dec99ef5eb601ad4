"""The lower half of the training page: the people of the selected course (who was sent, who came, the result,
the certificate) and the dialog that puts people on a course's list.

The panel only shows and collects; the page writes through `TrainingService` and re-reads the book.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QStackedWidget,
                               QTableView, QVBoxLayout, QWidget)

from desktop.domain.errors import BookError
from desktop.domain.officers import current_titles
from desktop.domain.training import ATTENDANCE_LABELS, Course
from desktop.domain.vietnamese import fold
from desktop.i18n import _
from desktop.ui.models.attendance_model import STATUS_COLUMNS, AttendanceModel, ResultDelegate, StatusDelegate
from desktop.ui.models.course_model import course_dates


class AttendancePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendancePanel")
        self.course: Course | None = None
        self.heading = QLabel()
        self.heading.setObjectName("sectionHeading")
        self.heading.setWordWrap(True)
        self.add_button = QPushButton(_("Send people…"))
        self.add_button.setToolTip(_("Put people of the book on this course's list (sent, or already attended)"))
        self.remove_button = QPushButton(_("Take off the list…"))
        self.remove_button.setToolTip(_("Remove the selected person from this course's list (Delete)"))
        self.import_button = QPushButton(_("Import the list from a file…"))
        self.import_button.setToolTip(_("Read the attendee or result list of this course from the superior "
                                        "union's Excel file; people are matched to the book"))
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.heading, 1)
        for button in (self.add_button, self.remove_button, self.import_button):
            bar.addWidget(button)

        self.model = AttendanceModel(self)
        self.table = QTableView()
        self.table.setObjectName("attendanceTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(AttendanceModel.RESULT, ResultDelegate(self.table))
        self.status_delegate = StatusDelegate(self.table)
        for column in STATUS_COLUMNS:
            self.table.setItemDelegateForColumn(column, self.status_delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.SelectedClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.setToolTip(_("Click in a column to mark who was sent, who came and who was absent; "
                                "double-click the result or the certificate number to change it."))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(AttendanceModel.NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((AttendanceModel.SENT, 90), (AttendanceModel.PRESENT, 90),
                              (AttendanceModel.ABSENT, 90), (AttendanceModel.RESULT, 150),
                              (AttendanceModel.CERTIFICATE, 220)):
            self.table.setColumnWidth(column, width)

        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.show_course(None, [])

    def show_course(self, course: Course | None, rows) -> None:
        """`rows`: TrainingService.attendance(course_id=…) of the course (None: no course selected)."""
        self.course = course
        keep = self.selected_person_id()
        if rows != self.model.rows():  # an edit already shown in place needs no reset (and keeps the cell)
            self.model.set_rows(rows)
        if course is None:
            self.heading.setText(_("People on the course"))
            self.empty.setText(_("Choose a course in the list above to see who was sent, who came and their "
                                 "results."))
        else:
            dates = course_dates(course)
            self.heading.setText(_("People on the course: {title}").format(title=course.title)
                                 + (f" ({dates})" if dates else ""))
            self.empty.setText(_("Nobody is on this course's list yet. Click “Send people…” to choose people of "
                                 "the book, or import the course's attendee list from an Excel file."))
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        if keep is not None and keep != self.selected_person_id():
            self.select_person(keep)

    def selected_row(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def selected_person_id(self) -> int | None:
        row = self.selected_row()
        return row.attendance.person_id if row else None

    def select_person(self, person_id: int) -> None:
        index = self.model.index_of(person_id)
        if index.isValid():
            self.table.selectRow(index.row())

    def cell_clicked(self, index) -> bool:
        """A click on a status cell ticks it (and unticks the others); True when it changed the record."""
        status = STATUS_COLUMNS.get(index.column())
        if status is None or not index.isValid():
            return False
        return self.model.set_status(index.row(), status)


class AttendeePicker(QDialog):
    """Tick people of the book to put on a course's list, and whether they were sent or already attended.

    `people`: the roster (PersonWithPosts, in list order) without those already on the list. `on_accept`
    receives (person ids, status) and may raise; the page shows the error."""

    def __init__(self, course: Course, people, today, on_accept: Callable[[list[int], str], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendeePicker")
        self.setWindowTitle(_("Send people to the course"))
        self.setMinimumSize(640, 520)
        self.on_accept = on_accept
        subject = QLabel(course.title)
        subject.setObjectName("dialogSubject")
        subject.setWordWrap(True)
        bold = subject.font()
        bold.setBold(True)
        subject.setFont(bold)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name or department…"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("attendeeChoices")
        self.list.setToolTip(_("Tick the people to put on the list"))
        for entry in people:
            person = entry.person
            posts = ", ".join(_(h.title.label) for h in current_titles(entry.holdings, today))
            text = " — ".join(part for part in (person.full_name, posts, person.department) if part)
            item = QListWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, fold(text))
            self.list.addItem(item)
        self.status = QComboBox()
        for key in ("sent", "present"):
            self.status.addItem(_(ATTENDANCE_LABELS[key]), key)
        ended = course.end_date or course.start_date
        self.status.setCurrentIndex(1 if ended is not None and ended < today else 0)
        self.status.setToolTip(_("For a course that is over, record them as having attended; then mark those "
                                 "who did not come as absent."))
        status_row = QHBoxLayout()
        status_label = QLabel(_("Record them as:"))
        status_label.setBuddy(self.status)
        status_row.addWidget(status_label)
        status_row.addWidget(self.status)
        status_row.addStretch(1)
        self.count = QLabel()
        status_row.addWidget(self.count)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Put on the list"))
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(subject)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addLayout(status_row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._filter)
        self.list.itemChanged.connect(lambda _item: self._update_count())
        self._update_count()
        self.search.setFocus()

    def chosen(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def check_person(self, person_id: int, checked: bool = True) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == person_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _filter(self, text: str) -> None:
        words = fold(text).split()
        for i in range(self.list.count()):
            item = self.list.item(i)
            haystack = item.data(Qt.ItemDataRole.UserRole + 1)
            item.setHidden(not all(word in haystack for word in words))

    def _update_count(self) -> None:
        count = len(self.chosen())
        self.count.setText(_("Chosen: {count}").format(count=count))
        self.save_button.setEnabled(count > 0)

    def accept(self) -> None:
        try:
            self.on_accept(self.chosen(), self.status.currentData())
        except BookError as error:
            self.error.setText(error.render(_))
            self.error.show()
            return
        super().accept()

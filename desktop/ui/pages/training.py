"""Đào tạo: the course catalog by year, each course's people (sent, came, absent, result, certificate), the
coverage of the training targets, and the history of imports. An Excel file dropped anywhere on the page
opens the import wizard.

Every change goes through `services.training` (which validates and audits) and is followed by
`session.notify_changed()`, which makes every page (this one included) read the book again. Dialogs open
window-modal with `open()` and are kept in `active_dialog` until they close, so tests can drive them.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.dialogs.import_steps import IMPORT_SUFFIXES, guess_kind
from desktop.ui.dialogs.import_wizard import ImportWizard
from desktop.ui.models.course_model import CourseModel, course_lines
from desktop.ui.models.import_preview_model import ImportHistoryModel, import_records
from desktop.ui.pages.base import Page, page_heading
from desktop.ui.pages.training_actions import CourseActions
from desktop.ui.pages.training_attendance import AttendancePanel
from desktop.ui.widgets.coverage_view import CoverageView
from desktop.ui.widgets.list_table import list_table

ALL_YEARS = 0


def dropped_file(mime) -> Path | None:
    """The one local spreadsheet or CSV file of a drag, or None."""
    if not mime.hasUrls():
        return None
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    if len(paths) != 1 or paths[0].suffix.lower() not in IMPORT_SUFFIXES:
        return None
    return paths[0]


class TrainingPage(CourseActions, Page):
    COURSES_TAB, COVERAGE_TAB, HISTORY_TAB = range(3)

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("trainingPage")
        self.setAcceptDrops(True)
        self.active_dialog: QDialog | None = None
        self._shown_services = None
        self._pending_course: int | None = None
        self._build()
        self._wire()
        self.refresh()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.year_box = QComboBox()
        self.year_box.setObjectName("trainingYear")
        self.year_box.setToolTip(_("Show the courses of one year"))
        self.add_button = QPushButton(_("Add a course"))
        self.add_button.setObjectName("primaryButton")
        self.add_button.setToolTip(_("Type in a course by hand (Ctrl+Shift+N)"))
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.setToolTip(_("Edit the selected course (Enter or double-click)"))
        self.remove_button = QPushButton(_("Remove the course…"))
        self.remove_button.setToolTip(_("Remove the selected course from the book (Delete); a course with "
                                        "attendance is removed together with it, after you confirm"))
        self.import_button = QPushButton(_("Import from Excel…"))
        self.import_button.setToolTip(_("Import the superior union's course plan, a course's attendee or result "
                                        "list, or a roster of officers. You can also drag the file onto this "
                                        "page."))
        tools = QHBoxLayout()
        year_label = QLabel(_("Year:"))
        year_label.setBuddy(self.year_box)
        tools.addWidget(year_label)
        tools.addWidget(self.year_box)
        tools.addSpacing(12)
        for button in (self.add_button, self.edit_button, self.remove_button):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self.import_button)

        self.model = CourseModel(self)
        # Widths that fit the page at 1366×768; the title takes what is left, every cell has its tooltip.
        self.table = list_table(self.model, "courseTable", CourseModel.TITLE, {
            CourseModel.TOPIC: 130, CourseModel.ORGANISER: 120, CourseModel.DATES: 184, CourseModel.LENGTH: 88,
            CourseModel.PLACE: 125, CourseModel.AUDIENCE: 110, CourseModel.PEOPLE: 82})
        self.attendance = AttendancePanel()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.attendance)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 260])
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.splitter)
        courses_tab = QWidget()
        courses_layout = QVBoxLayout(courses_tab)
        courses_layout.setContentsMargins(8, 8, 8, 8)
        courses_layout.addLayout(tools)
        courses_layout.addWidget(self.stack, 1)

        self.coverage = CoverageView()
        self.history_model = ImportHistoryModel(self)
        self.history = QTableView()
        self.history.setObjectName("importHistory")
        self.history.setModel(self.history_model)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setAlternatingRowColors(True)
        self.history.verticalHeader().hide()
        history_header = self.history.horizontalHeader()
        history_header.setHighlightSections(False)
        history_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        history_header.setSectionResizeMode(ImportHistoryModel.FILE, QHeaderView.ResizeMode.Stretch)
        self.history_empty = QLabel(_("No file has been imported into this book yet."))
        self.history_empty.setObjectName("emptyState")
        history_tab = QWidget()
        history_layout = QVBoxLayout(history_tab)
        history_layout.setContentsMargins(8, 8, 8, 8)
        history_layout.addWidget(self.history_empty)
        history_layout.addWidget(self.history, 1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("trainingTabs")
        self.tabs.addTab(courses_tab, _("Courses and attendance"))
        self.tabs.addTab(self.coverage, _("Training targets"))
        self.tabs.addTab(history_tab, _("Imported files"))
        self.tabs.setTabToolTip(self.COVERAGE_TAB, _("Who has been trained as the targets ask, for the term or a "
                                                     "year, and who is still missing what"))
        layout = QVBoxLayout(self)
        layout.addWidget(page_heading(_("Training")))
        layout.addWidget(self.tabs, 1)

    def _wire(self) -> None:
        self.year_box.currentIndexChanged.connect(lambda _index: self.reload())
        self.add_button.clicked.connect(self.add_course)
        self.edit_button.clicked.connect(self.edit_course)
        self.remove_button.clicked.connect(self.remove_course)
        self.import_button.clicked.connect(lambda: self.import_file())
        self.table.doubleClicked.connect(lambda _index: self.edit_course())
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._show_selected())
        panel = self.attendance
        panel.add_button.clicked.connect(self.send_people)
        panel.remove_button.clicked.connect(self.remove_attendee)
        panel.import_button.clicked.connect(lambda: self.import_file(kind="attendance"))
        panel.table.clicked.connect(panel.cell_clicked)
        panel.table.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.tabs.currentChanged.connect(lambda _index: self._refresh_tab())
        QShortcut(QKeySequence("Ctrl+Shift+N"), self).activated.connect(self.add_course)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.table, context=Qt.ShortcutContext.WidgetShortcut,
                      activated=self.edit_course)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table,
                  context=Qt.ShortcutContext.WidgetShortcut, activated=self.remove_course)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), panel.table,
                  context=Qt.ShortcutContext.WidgetShortcut, activated=self.remove_attendee)
        QShortcut(QKeySequence(Qt.Key.Key_Space), panel.table, context=Qt.ShortcutContext.WidgetShortcut,
                  activated=lambda: panel.cell_clicked(panel.table.currentIndex()))

    # ------------------------------------------------------------------ reading
    def refresh(self) -> None:
        services = self.services
        if services is None:
            self.model.set_rows([])
            self.attendance.show_course(None, [])
            return
        if services is not self._shown_services:
            self._shown_services = services
            self._fill_years(services, select=self._starting_year(services))
        else:
            self._fill_years(services, select=self.year_box.currentData())
        self.reload()

    @staticmethod
    def _starting_year(services) -> int:
        """This year when it has courses; otherwise the latest year that has some (a new year starts empty)."""
        this_year = services.officers.today().year
        years = [row.course.year for row in services.training.courses() if row.course.year]
        if this_year in years or not years:
            return this_year
        return max(year for year in years if year <= this_year) if min(years) <= this_year else this_year

    def _fill_years(self, services, select: int | None) -> None:
        years = {row.course.year for row in services.training.courses() if row.course.year}
        this_year = services.officers.today().year
        years |= {this_year}
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in sorted(years, reverse=True):
            self.year_box.addItem(str(year), year)
        self.year_box.addItem(_("All years"), ALL_YEARS)
        found = self.year_box.findData(select if select is not None else this_year)
        self.year_box.setCurrentIndex(max(found, 0))
        self.year_box.blockSignals(False)

    def year(self) -> int | None:
        year = self.year_box.currentData()
        return None if year in (None, ALL_YEARS) else year

    def select_year(self, year: int | None) -> None:
        found = self.year_box.findData(ALL_YEARS if year is None else year)
        if found >= 0:
            self.year_box.setCurrentIndex(found)

    def reload(self) -> None:
        services = self.services
        if services is None:
            return
        keep = self._pending_course or self.selected_course_id()
        self._pending_course = None
        year = self.year()
        rows = services.training.courses(year)
        attendance = services.training.attendance() if rows else []
        self.model.update_rows(course_lines(rows, attendance))  # in place when only the counts changed
        if year is None:
            empty = _("There are no courses in the book yet. Click “Add a course” or drag the superior union's "
                      "Excel file here.")
        else:
            empty = _("There are no courses in {year} yet. Click “Add a course” or drag the superior union's Excel "
                      "file here.").format(year=year)
        self.empty_label.setText(empty)
        self.stack.setCurrentWidget(self.splitter if rows else self.empty_label)
        if keep is not None and keep != self.selected_course_id() and not self.select_course(keep):
            keep = None
        if keep is None and rows:
            self.table.selectRow(0)
        self._show_selected()
        self._refresh_tab()

    def _refresh_tab(self) -> None:
        """The coverage and the history are read when their tab is shown (not on every change)."""
        services = self.services
        if services is None:
            return
        if self.tabs.currentIndex() == self.COVERAGE_TAB:
            self.coverage.refresh(services, self.year())
        elif self.tabs.currentIndex() == self.HISTORY_TAB:
            records = import_records(services.training.imports())
            self.history_model.set_rows(records)
            self.history.setVisible(bool(records))
            self.history_empty.setVisible(not records)

    def selected_line(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def selected_course_id(self) -> int | None:
        line = self.selected_line()
        return line.course.id if line else None

    def select_course(self, course_id: int) -> bool:
        index = self.model.index_of(course_id)
        if not index.isValid():
            return False
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        return True

    def _show_selected(self) -> None:
        line = self.selected_line()
        services = self.services
        rows = services.training.attendance(course_id=line.course.id) if line and services else []
        self.attendance.show_course(line.course if line else None, rows)
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = self._writable()
        course = self.selected_line() is not None
        self.add_button.setEnabled(writable)
        self.import_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and course)
        self.remove_button.setEnabled(writable and course)
        panel = self.attendance
        panel.add_button.setEnabled(writable and course)
        panel.import_button.setEnabled(writable and course)
        panel.remove_button.setEnabled(writable and panel.selected_row() is not None)
        panel.table.setEnabled(self.services is not None)
        panel.model.save = self._save_attendance if writable else (lambda _record: False)

    # ------------------------------------------------------------------ changes
    def _writable(self) -> bool:
        return self.services is not None and not self.session.read_only

    def _changed(self, select: int | None = None) -> None:
        self._pending_course = select
        self.session.notify_changed()

    def confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirmDialog")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ importing
    def import_file(self, path: Path | str | None = None, kind: str | None = None) -> ImportWizard | None:
        """Open the import wizard (on a dropped file, from a button, or from a test)."""
        if not self._writable() or self.active_dialog is not None:
            return None
        course_id = self.selected_course_id()
        has_courses = self.services.training.count_courses() > 0
        if kind is None:
            kind = guess_kind(path, has_courses) if path is not None else "courses"
        dialog = ImportWizard(self.services, path=path, kind=kind, course_id=course_id,
                              on_imported=self._imported, parent=self)
        return self._open(dialog)

    def _imported(self, result) -> None:
        self.announce(_("Imported {file}: {added} new, {updated} updated.").format(
            file=result.file_name, added=result.added, updated=result.updated))
        if result.kind == "courses" and self.year() is not None and not self.services.training.courses(self.year()):
            # The plan is for another year than the one shown: show the latest year that has courses.
            years = [row.course.year for row in self.services.training.courses() if row.course.year]
            if years:
                self._fill_years(self.services, select=max(years))
        self._changed(select=self.selected_course_id())

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._writable() and dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        path = dropped_file(event.mimeData())
        if path is None or not self._writable():
            event.ignore()
            return
        event.acceptProposedAction()
        # Opened after the drop has returned: the source application is not kept waiting on our dialog.
        QTimer.singleShot(0, lambda: self.import_file(path))

"""Nhập từ tệp Excel: the wizard for the superior union's lists (course plan, a course's attendee or result
list, a roster of officers) — choose, read, preview, decide, import.

Where the work runs. Reading the file (`read_table`: unpacking the workbook, decoding legacy text, typing
every cell) is the slow part and needs no book, so it runs on the thread pool with a progress bar and a
Stop button wired to the engine's `cancelled` callback. The preview and the write need the book, and the
window's connection belongs to the GUI thread (SQLite connections are not shared across threads, and a
second connection would be refused by the book's writer lock, which this process already holds). They run
on the GUI thread, which reads what the preview needs from the book (the roster, the course's attendance)
while the worker reads the file. On a 10,000-row attendee list matched against 10,000 people the preview and
the write each take a small fraction of a second, so a second lock-free connection would only add risk. The preview's progress callback repaints the bar now and then without taking user input; the
write does not yield to the event loop at all, so nothing (a click, the automatic backup's timer) can run in
the middle of its transaction.
"""
from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from desktop.domain.errors import BookError
from desktop.i18n import _
from desktop.services import importing
from desktop.services.importing import (ImportCancelled, ImportResult, ParsedTable, Preview, apply, load_context,
                                       preview)
from desktop.ui.dialogs.import_preview_step import PreviewStep
from desktop.ui.dialogs.import_steps import ChooseStep, ColumnsStep, DoneStep, ReadingStep
from desktop.ui.errors import message_for
from desktop.ui.models.course_model import course_dates
from desktop.ui.models.import_preview_model import KIND_SHORT
from desktop.ui.tasks import run_in_background

CHOOSE, READING, PREVIEW, COLUMNS, DONE = range(5)
REPAINT_SECONDS = 0.1


def read_table(*args, **kwargs) -> ParsedTable:
    """The engine's reader, looked up when called (tests put a slow reader in its place)."""
    return importing.read_table(*args, **kwargs)


class ImportWizard(QDialog):
    """`on_imported(result)` runs after a successful import (the page re-reads the book)."""

    def __init__(self, services, path: Path | str | None = None, kind: str | None = None,
                 course_id: int | None = None, on_imported=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle(_("Import from an Excel file"))
        self.resize(1120, 660)
        self.services = services
        self.on_imported = on_imported
        self.table: ParsedTable | None = None
        self.plan: Preview | None = None
        self._context = None  # what the preview needs from the book, read while the file is read
        self.result: ImportResult | None = None
        self._cancel = threading.Event()
        self._reading = 0  # the number of the read under way (a late answer of an abandoned read is ignored)
        self._closed = False
        self._last_repaint = 0.0
        self._busy_reading = False

        courses = [row.course for row in services.training.courses()]
        try:
            current_term = services.union.profile().term
        except BookError:
            current_term = None
        self.choose = ChooseStep(courses, services.union.terms(), current_term)
        self.reading = ReadingStep()
        self.preview_step = PreviewStep()
        self.preview_step.changed_decisions = self._recount
        self.columns = ColumnsStep()
        self.done_step = DoneStep()
        self.steps = QStackedWidget()
        for step in (self.choose, self.reading, self.preview_step, self.columns, self.done_step):
            self.steps.addWidget(step)
        self.step_title = QLabel()
        self.step_title.setObjectName("formHeading")
        self.step_title.setStyleSheet("font-size: 12pt; font-weight: 600; color: #1f3a5f;")

        self.back_button = QPushButton(_("Back"))
        self.next_button = QPushButton()
        self.next_button.setObjectName("primaryButton")
        self.next_button.setDefault(True)
        self.stop_button = QPushButton(_("Stop reading"))
        self.stop_button.setToolTip(_("Stop reading the file; nothing is written to the book"))
        self.cancel_button = QPushButton(_("Cancel"))
        self.close_button = QPushButton(_("Close"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        for button in (self.stop_button, self.next_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_title)
        layout.addWidget(self.steps, 1)
        layout.addLayout(buttons)

        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.stop_button.clicked.connect(self.stop)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        self.preview_step.columns_button.clicked.connect(lambda: self._go(COLUMNS))

        self.choose.set_kind(kind or "courses")
        if course_id is not None:
            self.choose.set_course(course_id)
        if path is not None:
            self.choose.path.setText(str(path))
        self._go(CHOOSE)

    # ------------------------------------------------------------------ moving
    @property
    def step(self) -> int:
        return self.steps.currentIndex()

    def _go(self, step: int) -> None:
        self.steps.setCurrentIndex(step)
        kind = self.table.kind if self.table is not None and step != CHOOSE else self.choose.kind()
        titles = {CHOOSE: _("1. The file and what it lists"), READING: _("2. Reading the file"),
                  PREVIEW: _("3. Check before importing: {kind}").format(kind=_(KIND_SHORT[kind])),
                  COLUMNS: _("3. The columns of the list"), DONE: _("4. Done")}
        self.step_title.setText(titles[step])
        next_texts = {CHOOSE: _("Read the file"), PREVIEW: _("Import into the book"),
                      COLUMNS: _("Read again with these columns")}
        self.next_button.setText(next_texts.get(step, ""))
        self.next_button.setVisible(step in next_texts)
        self.back_button.setVisible(step in (READING, PREVIEW, COLUMNS) and not self._busy())
        self.stop_button.setVisible(step == READING and self._busy())
        self.cancel_button.setVisible(step != DONE and not (step == READING and self._busy()))
        self.close_button.setVisible(step == DONE)
        if step == DONE:
            self.close_button.setDefault(True)

    def _busy(self) -> bool:
        return self._busy_reading

    def back(self) -> None:
        self._go({READING: CHOOSE, PREVIEW: CHOOSE, COLUMNS: PREVIEW}.get(self.step, CHOOSE))

    def next(self) -> None:
        if self.step == CHOOSE:
            self.start_reading()
        elif self.step == PREVIEW:
            self.import_now()
        elif self.step == COLUMNS:
            mapping = self.columns.mapping()
            if mapping is None:
                return
            sheet = self.columns.sheet()
            same_sheet = self.table is not None and sheet == self.table.sheet
            self.start_reading(sheet=sheet, mapping=mapping if same_sheet else None)

    # ------------------------------------------------------------------ reading (worker thread)
    def start_reading(self, sheet: str | None = None, mapping: dict | None = None) -> bool:
        choose = self.choose
        choose.show_error("")
        choose.show_notice("")
        path, kind = choose.file_path(), choose.kind()
        if path is None:
            choose.show_error(_("Choose the file to import first (or drag it onto the Training page)."))
            return False
        if kind == "attendance" and choose.course_id() is None:
            choose.show_error(_("Choose the course this list belongs to."))
            return False
        self._cancel = threading.Event()
        self._reading += 1
        number, cancel = self._reading, self._cancel
        self.reading.start(_("Reading {file}…").format(file=path.name))
        self._busy_reading = True
        self._go(READING)

        def work(progress):
            return read_table(path, kind, sheet, mapping, progress=progress, cancelled=cancel.is_set)

        run_in_background(work, lambda table: self._read(number, table), lambda error: self._failed(number, error),
                          lambda done, total: self._progress(number, done, total))
        # While the worker reads the file, this thread (idle meanwhile) reads what the preview needs from the
        # book; the preview reads it again if the book changes in between.
        try:
            self._context = load_context(self.services, kind, choose.course_id() if kind == "attendance" else None,
                                         choose.term() if kind == "officers" else None)
        except BookError:
            self._context = None  # the preview reads it again and shows the message
        return True

    def stop(self) -> None:
        """Stop button: the worker raises ImportCancelled at its next check (every few hundred rows)."""
        self._cancel.set()
        self.stop_button.setEnabled(False)
        self.reading.label.setText(_("Stopping…"))

    def _current(self, number: int) -> bool:
        return not self._closed and number == self._reading

    def _progress(self, number: int, done: int, total: int) -> None:
        if self._current(number):
            self.reading.show_progress(done, total)

    def _failed(self, number: int, error: BaseException) -> None:
        if not self._current(number):
            return
        self.stop_button.setEnabled(True)
        self._reading_finished()
        if isinstance(error, ImportCancelled):
            self.choose.show_notice(_("Reading stopped. Nothing was written to the book."))
            self._go(CHOOSE)
            return
        self.reading.fail(message_for(error))
        self._go(READING)
        if not isinstance(error, BookError):  # a fault of ours, not of the file: logged by the window's hook
            sys.excepthook(type(error), error, error.__traceback__)

    def _reading_finished(self) -> None:
        self._busy_reading = False
        self.reading.progress.hide()

    def _read(self, number: int, table: ParsedTable) -> None:
        if not self._current(number):
            return
        self.stop_button.setEnabled(True)
        self.table = table
        self.reading.label.setText(_("Comparing the rows with the book…"))
        try:
            plan = preview(self.services, table, table.kind, course_id=self.choose.course_id()
                           if table.kind == "attendance" else None,
                           term=self.choose.term() if table.kind == "officers" else None,
                           context=self._context, progress=self._gui_progress)
        except BookError as error:
            self._reading_finished()
            self.reading.fail(message_for(error))
            self._go(READING)
            return
        self._reading_finished()
        self.plan = plan
        self.columns.show_table(table)
        self.preview_step.show_plan(plan, self._heading(table))
        self._recount()
        self._go(PREVIEW)

    def _gui_progress(self, done: int, total: int) -> None:
        """Progress of the steps on the GUI thread: repaint at most every 0.1 s, without user input."""
        self.reading.show_progress(done, total)
        now = time.monotonic()
        if now - self._last_repaint >= REPAINT_SECONDS:
            self._last_repaint = now
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def _heading(self, table: ParsedTable) -> str:
        parts = [_("File {file}, sheet “{sheet}”").format(file=table.file_name, sheet=table.sheet)]
        if table.header_row:
            parts.append(_("header on row {row}").format(row=table.header_row))
        text = ", ".join(parts) + "."
        if table.kind == "attendance" and self.plan is not None and self.plan.context is not None:
            course = self.plan.context.course
            dates = course_dates(course)
            text += " " + _("Course: {title}").format(title=course.title + (f" ({dates})" if dates else "")) + "."
        if table.legacy_encoding:
            text += " " + _("The text was typed in {encoding} and has been converted to Unicode.").format(
                encoding=table.legacy_encoding.upper())
        return text

    def _recount(self) -> None:
        if self.plan is None:
            return
        counted = apply(self.services, self.plan, dict(self.preview_step.decisions), dry_run=True)
        self.preview_step.show_counts(counted)
        self.next_button.setEnabled(counted.added + counted.updated > 0)

    # ------------------------------------------------------------------ writing (GUI thread)
    def import_now(self) -> ImportResult | None:
        if self.plan is None:
            return None
        self.preview_step.show_error("")
        self.next_button.setEnabled(False)
        try:
            result = apply(self.services, self.plan, dict(self.preview_step.decisions))
        except BookError as error:  # nothing was written: the transaction was rolled back
            self.preview_step.show_error(message_for(error) + " " + _("Nothing was written to the book."))
            self.next_button.setEnabled(True)
            return None
        self.result = result
        self.done_step.show_result(result)
        self._go(DONE)
        if self.on_imported is not None:
            self.on_imported(result)
        return result

    # ------------------------------------------------------------------ closing
    def done(self, code: int) -> None:  # QDialog's: every way of closing passes here
        self._closed = True
        self._cancel.set()  # a read still running stops at its next check; its answer is ignored
        super().done(code)

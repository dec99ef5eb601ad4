"""Báo cáo: the yearly report for the superior union as a PDF (digitally signed or ready for a handwritten
signature), the year's evaluation sheets, the report's tables in Excel, and the history of exported reports.

Exports run off the GUI thread (`run_in_background`), each worker on its own read-only connection (SQLite
connections are not shared between threads). The report is drawn and signed there (`write_report`) and then
recorded in the export history on the window's connection, on the GUI thread (`record_export`).
"""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMessageBox, QProgressBar, QPushButton, QVBoxLayout,
                               QWidget)

from desktop.domain.errors import BookError
from desktop.i18n import _
from desktop.services.book import open_book
from desktop.services.reports import P12Credentials, ReportService, TokenCredentials
from desktop.ui.dialogs import sign_dialog
from desktop.ui.errors import show_error
from desktop.ui.pages.base import Page, page_heading
from desktop.ui.pages.reports_form import ReportForm
from desktop.ui.pages.reports_history import ExportHistory
from desktop.ui.pages.reports_signing import P12, TOKEN, SigningBox
from desktop.ui.tasks import run_in_background

PDF_FILTER, EXCEL_FILTER = "PDF (*.pdf)", "Excel (*.xlsx)"


def documents_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())


def open_in_system(path: Path) -> None:
    """The file in its default program (the PDF reader, Excel), or a folder in the file manager."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ReportsPage(Page):
    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("reportsPage")
        self.busy = False
        self.done_box: QMessageBox | None = None
        self._loaded_for = None  # the Services whose defaults the form shows
        self._folder: Path | None = None  # where the last export went: the next one starts there

        layout = QVBoxLayout(self)
        layout.addWidget(page_heading(_("Reports")))
        columns = QHBoxLayout()
        columns.setSpacing(16)
        self.form = ReportForm()
        self.form.year_changed.connect(self._update_buttons)
        columns.addWidget(self.form, 5)
        self.signing = SigningBox()
        self.signing.driver_chosen.connect(self._remember_driver)
        side = QVBoxLayout()
        side.addWidget(self.signing)
        side.addStretch(1)
        columns.addLayout(side, 4)
        layout.addLayout(columns)
        layout.addLayout(self._build_actions())
        self.read_only_note = QLabel(_("The book is open read-only: the report cannot be exported, because every "
                                       "export is recorded in the book. The evaluation sheets and the Excel tables "
                                       "can be exported."))
        self.read_only_note.setObjectName("readOnlyBanner")
        self.read_only_note.setWordWrap(True)
        layout.addWidget(self.read_only_note)
        history_title = QLabel(_("Exported reports"))
        history_title.setObjectName("formHeading")
        layout.addWidget(history_title)
        self.history = ExportHistory()
        layout.addWidget(self.history, 1)
        self.history_empty = QLabel(_("No report has been exported from this book yet."))
        self.history_empty.setObjectName("emptyState")
        layout.addWidget(self.history_empty)
        layout.addStretch(0)
        self.refresh()

    # --- building
    def _build_actions(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.report_button = QPushButton(_("Export the report as PDF…"))
        self.report_button.setObjectName("primaryButton")
        self.report_button.clicked.connect(self.export_report)
        self.sheets_button = QPushButton(_("Export the evaluation sheets…"))
        self.sheets_button.setToolTip(_("Every evaluation sheet of the year in one PDF, for paper signing"))
        self.sheets_button.clicked.connect(self.export_sheets)
        self.excel_button = QPushButton(_("Export the Excel tables…"))
        self.excel_button.setToolTip(_("The report's tables and the year's full evaluation table as an Excel file"))
        self.excel_button.clicked.connect(self.export_excel)
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.setRange(0, 0)  # busy, no percentage: the export is one step
        self.progress.setFixedWidth(120)
        self.progress.setTextVisible(False)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("savedLabel")
        for widget in (self.report_button, self.sheets_button, self.excel_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.progress)
        bar.addWidget(self.busy_label, 1)
        self.progress.hide()
        return bar

    # --- reading the book
    def refresh(self) -> None:
        services = self.services
        self.setEnabled(services is not None)
        if services is None:
            self._loaded_for = None
            return
        service = ReportService(services)
        new_book = self._loaded_for is not services
        if new_book:
            self._loaded_for = services
            self.signing.set_driver(service.token_driver())
        self.form.show_book(services, new_book)
        exports = service.exports()
        self.history.show_exports(exports)
        self.history.setVisible(bool(exports))
        self.history_empty.setVisible(not exports)
        self._update_buttons()

    def _update_buttons(self) -> None:
        read_only = self.session.read_only
        self.read_only_note.setVisible(read_only)
        self.report_button.setEnabled(not self.busy and not read_only)
        self.sheets_button.setEnabled(not self.busy and self.form.year_rows > 0)
        self.excel_button.setEnabled(not self.busy)

    def _remember_driver(self, path: str) -> None:
        if self.services is not None and not self.session.read_only:
            try:
                ReportService(self.services).remember_token_driver(path)
            except BookError as error:
                show_error(self, error)

    # --- asking (tests replace these, so that no modal dialog waits for a user)
    def ask_save_path(self, title: str, file_name: str, file_filter: str) -> Path | None:
        start = self._folder or documents_folder()
        chosen, _filter = QFileDialog.getSaveFileName(self, title, str(start / file_name), file_filter)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix else path.with_suffix(Path(file_name).suffix)

    def ask_password(self, certificate: Path) -> str | None:
        return sign_dialog.ask_password(self, certificate)

    def ask_pin(self) -> str | None:
        return sign_dialog.ask_pin(self)

    # --- exporting
    def credentials(self):
        """(go on, credentials): None credentials for an unsigned report; go on is False when cancelled."""
        mode = self.signing.mode()
        if mode == P12:
            certificate = self.signing.certificate_path()
            if certificate is None:
                show_error(self, _("Choose the certificate file (.p12 or .pfx) first."))
                return False, None
            password = self.ask_password(certificate)
            return (False, None) if password is None else (True, P12Credentials(certificate, password))
        if mode == TOKEN:
            driver = self.signing.driver()
            if driver is None:
                show_error(self, _("Choose the token's PKCS#11 driver file first."))
                return False, None
            pin = self.ask_pin()
            return (False, None) if pin is None else (True, TokenCredentials(driver, pin or None))
        return True, None

    def export_report(self) -> None:
        if self.services is None or self.busy:
            return
        options = self.form.options()
        path = self.ask_save_path(_("Export the report"), f"bao-cao-{options.year}.pdf", PDF_FILTER)
        if path is None:
            return
        go_on, credentials = self.credentials()
        if not go_on:
            return
        if self.services.book.read_only:
            show_error(self, _("The book is open read-only; changes are not possible."))
            return
        service = ReportService(self.services)
        look = self.signing.look() if credentials else None  # the images belong to the digital signature

        def done(written) -> None:
            # Drawn and signed in the worker on its own read-only connection; recorded here, on the window's.
            try:
                result = service.record_export(written)
            except BookError as error:
                show_error(self, error)
                return
            self.form.number_edited = False  # the next export proposes the next number
            self.session.notify_changed()
            signed = (_("Digitally signed by {name}.").format(name=result.signed_by) if result.signed_by
                      else _("Not digitally signed: print it for a handwritten signature and the seal."))
            self._finished(result.path, _("Report {number} was exported to:").format(number=result.number), signed,
                           warnings=[warning.render(_) for warning in result.warnings])

        self._start(_("Exporting the report…"),
                    self._on_own_connection(lambda own: own.write_report(options, path, credentials=credentials,
                                                                         look=look)), done)

    def export_sheets(self) -> None:
        if self.services is None or self.busy:
            return
        year = self.form.year
        path = self.ask_save_path(_("Export the evaluation sheets"), f"phieu-danh-gia-{year}.pdf", PDF_FILTER)
        if path is None:
            return
        self._start(_("Exporting the evaluation sheets…"),
                    self._on_own_connection(lambda service: service.export_sheets(year, path)),
                    lambda pages: self._finished(path, _("{pages} page(s) of evaluation sheets were exported "
                                                         "to:").format(pages=pages)))

    def export_excel(self) -> None:
        if self.services is None or self.busy:
            return
        options = self.form.options()
        path = self.ask_save_path(_("Export the Excel tables"), f"bao-cao-{options.year}.xlsx", EXCEL_FILTER)
        if path is None:
            return
        self._start(_("Exporting the Excel tables…"),
                    self._on_own_connection(lambda service: service.export_excel(options.year, path, options)),
                    lambda written: self._finished(Path(written), _("The Excel tables were exported to:")))

    def _on_own_connection(self, job):
        """The work for a read-only export: it opens the book again, read-only, on the worker's thread."""
        book_path, clock = self.services.path, self.services.union.clock

        def work():
            with open_book(book_path, read_only=True, clock=clock) as own:
                return job(ReportService(own))

        return work

    def _start(self, message: str, work, on_success) -> None:
        self._set_busy(True, message)

        def succeeded(result) -> None:
            self._set_busy(False)
            on_success(result)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            if isinstance(error, BookError):
                show_error(self, error)
            else:  # a bug: the window's hook logs it and shows the short message
                sys.excepthook(type(error), error, error.__traceback__)

        run_in_background(work, succeeded, failed)

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        self.busy_label.setText(message)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
        self._update_buttons()

    def _finished(self, path: Path, what: str, detail: str = "", warnings: list[str] | None = None) -> None:
        """The done box; `warnings` (the file is written, but something should be checked) turn it into a
        warning with the points listed under the file's name."""
        self._folder = path.parent
        self.announce(what + " " + str(path))
        text = what + "\n" + str(path) + ("\n\n" + detail if detail else "")
        if warnings:
            text += "\n\n" + _("Please check:") + "\n" + "\n".join(f"• {warning}" for warning in warnings)
        icon = QMessageBox.Icon.Warning if warnings else QMessageBox.Icon.Information
        box = QMessageBox(icon, _("Export finished"), text, QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("exportDone")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_file_button = box.addButton(_("Open the file"), QMessageBox.ButtonRole.AcceptRole)
        self.open_folder_button = box.addButton(_("Open the folder"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(self.open_file_button)
        self.open_file_button.clicked.connect(lambda: open_in_system(path))
        self.open_folder_button.clicked.connect(lambda: open_in_system(path.parent))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.done_box = box
        box.finished.connect(lambda _result: setattr(self, "done_box", None))
        box.open()  # not exec(): the page goes on while the box is up

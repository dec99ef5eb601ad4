"""Sao lưu: the backups of the open book (when, how big, why), what each one holds, and what can be done with
one: back up now, restore (the current book is backed up first), export a copy to a USB stick, or open a
backup read-only in a window of its own to look without restoring.

Restoring, backing up and exporting run on the thread pool with the buttons disabled: they copy and check
the whole book. The workers get file paths, never the open connection (SQLite connections stay in the
thread that opened them); the BackupService opens its own read-only connections there.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QMainWindow,
                               QMessageBox, QProgressDialog, QPushButton, QTableWidget, QTableWidgetItem, QTabWidget,
                               QVBoxLayout, QWidget)

from desktop.domain.errors import BookError
from desktop.i18n import _
from desktop.services.app_settings import AppSettings
from desktop.services.backups import DAMAGED, MANUAL, BackupInfo, BackupService, BackupSummary, reason_label
from desktop.ui.dialogs.damaged_book_dialog import BackupPreview, moment_text, size_text, summary_text
from desktop.ui.errors import show_error
from desktop.ui.pages.base import Page, page_heading
from desktop.ui.session import BookSession
from desktop.ui.tasks import run_in_background

class BackupsPage(Page):
    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("backupsPage")
        self.backups: list[BackupInfo] = []
        self._previews: dict[Path, BackupSummary | str] = {}
        self._busy = False
        self._select_after_refresh: Path | None = None
        self._progress: QProgressDialog | None = None
        self._stale = False
        layout = QVBoxLayout(self)
        layout.addWidget(page_heading(_("Backups")))
        self.folder_label = QLabel()
        self.folder_label.setObjectName("unionLine")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.folder_label)
        self.notice = QLabel()
        self.notice.setObjectName("backupNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()
        layout.addWidget(self.notice)

        bar = QHBoxLayout()
        self.back_up_button = QPushButton(_("Back up now"))
        self.back_up_button.setObjectName("primaryButton")
        self.back_up_button.setToolTip(_("Makes a checked copy of the book in the backups folder"))
        self.back_up_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(_("Restore…"))
        self.restore_button.setToolTip(_("Puts the selected backup in place of the book; the book as it is now "
                                         "is backed up first"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.export_button = QPushButton(_("Export a backup…"))
        self.export_button.setToolTip(_("Writes a checked copy of the book to a folder you choose, for example "
                                        "a USB stick"))
        self.export_button.clicked.connect(self.export_copy)
        self.view_button = QPushButton(_("Open to look (read-only)…"))
        self.view_button.setToolTip(_("Opens the selected backup in a separate window, only to look; the book "
                                      "is not changed"))
        self.view_button.clicked.connect(self.view_selected)
        for button in (self.back_up_button, self.restore_button, self.export_button, self.view_button):
            bar.addWidget(button)
        self.status = QLabel()
        self.status.setObjectName("savedLabel")
        bar.addWidget(self.status, 1)
        layout.addLayout(bar)

        body = QHBoxLayout()
        left = QVBoxLayout()
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("backupList")
        self.table.setHorizontalHeaderLabels([_("Made at"), _("Size"), _("Why it was made")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda _row, _c, _pr, _pc: self._selection_changed())
        self.table.doubleClicked.connect(lambda _index: self.view_selected())
        left.addWidget(self.table, 1)
        self.empty = QLabel(_("There are no backups yet. A backup is made automatically when the book is opened "
                              "each day and when it is closed after changes; click “Back up now” to make one "
                              "now."))
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        left.addWidget(self.empty)
        body.addLayout(left, 1)
        self.preview_box = QGroupBox(_("What this backup holds"))
        self.preview_box.setFixedWidth(380)
        preview_layout = QVBoxLayout(self.preview_box)
        self.preview = BackupPreview()
        preview_layout.addWidget(self.preview)
        preview_layout.addStretch(1)
        hint = QLabel(_("Select a backup in the list to see what it holds. “Restore…” puts it back in place of "
                        "the book; the book as it is now is backed up first, so nothing is lost."))
        hint.setObjectName("statDetail")
        hint.setWordWrap(True)
        preview_layout.addWidget(hint)
        body.addWidget(self.preview_box)
        layout.addLayout(body, 1)
        self.refresh()

    # --- the list
    def refresh(self) -> None:
        """Re-read the list; while the page is hidden, only remember to (every saved change asks for it)."""
        services = self.services
        if services is not None and not self.isVisible():
            self._stale = True
            return
        self._stale = False
        if services is None:
            self.backups = []
            self.notice.hide()
        else:
            self.folder_label.setText(_("Backups are kept in the folder {folder}").format(
                folder=self.session.backups.backups_dir))
            self.backups = self.session.backups.backups(services.path)
        keep = self._select_after_refresh or (self.selected_backup().path if self.selected_backup() else None)
        self._select_after_refresh = None
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            values = [moment_text(backup.created_at), size_text(backup.size), _(reason_label(backup.reason))]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(str(backup.path))
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        paths = [backup.path for backup in self.backups]
        target = paths.index(keep) if keep in paths else (0 if paths else -1)
        if target >= 0:
            self.table.selectRow(target)
        self.table.blockSignals(False)
        self.table.setVisible(bool(self.backups))
        self.preview_box.setVisible(bool(self.backups))
        self.empty.setVisible(services is not None and not self.backups)
        self._selection_changed()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def selected_backup(self) -> BackupInfo | None:
        row = self.table.currentRow()
        return self.backups[row] if 0 <= row < len(self.backups) else None

    def _summary(self, backup: BackupInfo) -> BackupSummary | str:
        """What a backup holds (read once per backup), or why it cannot be read."""
        if backup.path not in self._previews:
            try:
                self._previews[backup.path] = self.session.backups.preview(backup)
            except BookError as error:
                self._previews[backup.path] = error.render(_)
        return self._previews[backup.path]

    def _selection_changed(self) -> None:
        backup = self.selected_backup()
        if backup is None:
            self.preview.show_backup(None)
        elif backup.reason == DAMAGED:
            self.preview.show_backup(backup, problem=_("This is the damaged book, kept as it was; it cannot be "
                                                       "restored or opened."))
        else:
            summary = self._summary(backup)
            if isinstance(summary, str):
                self.preview.show_backup(backup, problem=summary)
            else:
                self.preview.show_backup(backup, summary)
        self._update_buttons()

    def _usable(self, backup: BackupInfo | None) -> bool:
        return backup is not None and backup.reason != DAMAGED and not isinstance(self._summary(backup), str)

    def _update_buttons(self) -> None:
        has_book = self.services is not None and not self._busy
        usable = self._usable(self.selected_backup())
        self.back_up_button.setEnabled(has_book)
        self.export_button.setEnabled(has_book)
        self.restore_button.setEnabled(has_book and usable and not self.session.read_only)
        self.view_button.setEnabled(has_book and usable)

    def _start(self, text: str) -> None:
        """A background job starts: the buttons wait for it."""
        self._busy = True
        self.status.setText(text)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._update_buttons()

    def _finish(self) -> bool:
        """A background job reported: the buttons are back. False when the page was closed meanwhile."""
        QGuiApplication.restoreOverrideCursor()
        if not shiboken6.isValid(self):
            return False
        self._busy = False
        self.status.setText("")
        self._update_buttons()
        return True

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()
        self.announce(text)

    def _failed(self, error: BaseException) -> None:
        if not self._finish():
            return
        self.refresh()
        show_error(self, error)

    # --- back up now
    def back_up_now(self) -> None:
        services = self.services
        if services is None or self._busy:
            return
        book_path, service = services.path, self.session.backups
        self._start(_("Backing up…"))
        run_in_background(lambda: service.back_up(book_path, MANUAL), self._backed_up, self._failed)

    def _backed_up(self, info: BackupInfo) -> None:
        if not self._finish():
            return
        self._select_after_refresh = info.path
        self.refresh()
        self._show_notice(_("The book was backed up at {when} ({size}).").format(
            when=moment_text(info.created_at), size=size_text(info.size)))

    # --- restore
    def restore_selected(self) -> None:
        backup, services = self.selected_backup(), self.services
        if services is None or self._busy or not self._usable(backup):
            return
        when = moment_text(backup.created_at)
        question = "\n\n".join([
            _("Restore the book to the backup of {when}?").format(when=when),
            _("This backup holds: {summary}").format(summary=summary_text(self._summary(backup))),
            _("The book as it is now is backed up first: it stays in this list (“before a restore”). Changes "
              "made after {when} will not be in the restored book.").format(when=when)])
        answer = QMessageBox.question(self, _("Restore a backup"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        book_path, service = services.path, self.session.backups
        self.session.close()  # the restore takes the book's lock, and replaces the file under it
        self._start(_("Restoring…"))
        self._progress = QProgressDialog(_("Restoring the backup of {when}…").format(when=when), "", 0, 0,
                                         self.window())
        self._progress.setObjectName("restoreProgress")
        self._progress.setWindowTitle(_("Restore a backup"))
        self._progress.setCancelButton(None)
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.show()
        run_in_background(lambda: service.restore(backup.path, book_path),
                          lambda result: self._restored(result, backup, book_path),
                          lambda error: self._restore_failed(error, book_path))

    def _end_progress(self) -> None:
        if self._progress is not None and shiboken6.isValid(self._progress):
            self._progress.close()
            self._progress.deleteLater()
        self._progress = None

    def _restored(self, result, backup: BackupInfo, book_path: Path) -> None:
        self._end_progress()
        if not self._finish():
            return
        self._select_after_refresh = backup.path
        if not self._reopen(book_path):
            return
        self._show_notice(_("Restored the backup of {when}: {summary} The book as it was before is kept in the "
                            "list (“before a restore”).").format(when=moment_text(backup.created_at),
                                                                  summary=summary_text(result.summary)))

    def _restore_failed(self, error: BaseException, book_path: Path) -> None:
        self._end_progress()
        if not self._finish():
            return
        self._reopen(book_path)  # nothing was replaced: the book goes back to how it was
        show_error(self, error)

    def _reopen(self, book_path: Path) -> bool:
        """Open the book again the way the window opens books (checks, automatic backup), or directly."""
        open_path = getattr(self.window(), "open_path", None)
        if callable(open_path):
            return bool(open_path(book_path))
        try:
            self.session.open(book_path)
        except BookError as error:
            show_error(self, error)
            return False
        return True

    # --- export
    def export_copy(self) -> None:
        services = self.services
        if services is None or self._busy:
            return
        folder = QFileDialog.getExistingDirectory(self, _("Choose where to save the copy (for example a USB "
                                                          "stick)"), str(Path.home()))
        if not folder:
            return
        book_path, service = services.path, self.session.backups
        self._start(_("Writing the copy…"))
        run_in_background(lambda: service.export_copy(book_path, Path(folder)), self._exported, self._failed)

    def _exported(self, target: Path) -> None:
        if not self._finish():
            return
        self._show_notice(_("A copy of the book was written to {path}. It can be opened like any book.").format(
            path=target))

    # --- look at a backup
    def view_selected(self) -> None:
        backup = self.selected_backup()
        if self._busy or not self._usable(backup):
            return
        scratch = Path(tempfile.mkdtemp(prefix="socanbo-view-"))
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            # A copy, so that the backups folder never holds an open file (thinning must be able to delete).
            source = scratch / "backup" / backup.path.name
            source.parent.mkdir()
            shutil.copyfile(backup.path, source)
            services = BackupService(scratch / "view", self.session.clock).open_read_only(source, scratch / "view")
        except (BookError, OSError) as error:
            shutil.rmtree(scratch, ignore_errors=True)
            QGuiApplication.restoreOverrideCursor()
            show_error(self, error)
            return
        QGuiApplication.restoreOverrideCursor()
        self.viewer = BackupViewer(services, backup, scratch, self.session.clock, self.window())
        self.viewer.show()


class BackupViewer(QMainWindow):
    """A backup opened read-only in a window of its own: the overview, the officers, the evaluations and the
    history, as they were. Its copy lives in a temporary folder removed when the window closes."""

    def __init__(self, services, backup: BackupInfo, scratch: Path, clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.ui.pages.audit import AuditPage
        from desktop.ui.pages.evaluation import EvaluationPage
        from desktop.ui.pages.officers import OfficersPage
        from desktop.ui.pages.overview import OverviewPage

        self.setObjectName("backupViewer")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        when = moment_text(backup.created_at)
        self.setWindowTitle(_("Backup of {when} (read-only)").format(when=when))
        self.scratch = scratch
        # A session of its own: nothing here touches the settings, the recent books or the window's book.
        self.session = BookSession(AppSettings(), scratch / "settings.json", self, clock=clock,
                                   default_backups_dir=scratch / "backups")
        self.session.services = services
        central = QWidget()
        layout = QVBoxLayout(central)
        banner = QLabel(_("This is the backup of {when} ({reason}), open only to look at: your book is not "
                          "changed. To go back to this backup, select it on the Backups page and click "
                          "“Restore…”.").format(when=when, reason=_(reason_label(backup.reason))))
        banner.setObjectName("readOnlyBanner")
        banner.setWordWrap(True)
        layout.addWidget(banner)
        self.tabs = QTabWidget()
        for title, page_class in ((_("Overview"), OverviewPage), (_("Officers"), OfficersPage),
                                  (_("Evaluation"), EvaluationPage), (_("History of changes"), AuditPage)):
            self.tabs.addTab(page_class(self.session), title)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.session.changed.emit(services)
        self.resize(1200, 720)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        services, self.session.services = self.session.services, None
        if services is not None:
            services.close()
        shutil.rmtree(self.scratch, ignore_errors=True)
        super().closeEvent(event)

"""The main window: navigation on the left, one page at a time, menus, and the open book in the status bar."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow,
                               QMessageBox, QStackedWidget, QWidget)

from desktop import __version__
from desktop.domain.errors import BookError
from desktop.services.backups import DAMAGED_BOOK, LOCKED, NOT_A_BOOK, UNREADABLE, drive_notice
from desktop.i18n import _
from desktop.paths import BOOK_SUFFIX
from desktop.ui.errors import show_error
from desktop.ui.page_registry import build_pages
from desktop.ui.session import BookSession


def book_file_filter() -> str:
    return _("Officer books (*{suffix})").format(suffix=BOOK_SUFFIX) + ";;" + _("All files (*)")


class LazyPages(Mapping):
    """The window's pages by key, each built the first time it is asked for (shown or looked up).

    Until then the stack holds an empty placeholder in its place, so the order of the stack never changes.
    """

    def __init__(self, stack: QStackedWidget) -> None:
        self.stack = stack
        self._factories: dict[str, object] = {}
        self._placeholders: dict[str, QWidget] = {}
        self._built: dict[str, QWidget] = {}

    def add(self, key: str, factory) -> None:
        placeholder = QWidget()
        self._factories[key] = factory
        self._placeholders[key] = placeholder
        self.stack.addWidget(placeholder)

    def built(self) -> dict[str, QWidget]:
        return dict(self._built)

    def __getitem__(self, key: str) -> QWidget:
        if key not in self._built:
            page = self._factories[key]()  # KeyError for an unknown page, as a dict would
            page.refresh_when_shown = True
            placeholder = self._placeholders.pop(key)
            index = self.stack.indexOf(placeholder)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[key] = page
        return self._built[key]

    def __iter__(self):
        return iter(self._factories)

    def __len__(self) -> int:
        return len(self._factories)


class MainWindow(QMainWindow):
    def __init__(self, session: BookSession, demo_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.demo_path = demo_path
        self.setObjectName("mainWindow")
        self.setWindowTitle(_("Union officer book"))
        self.setMinimumSize(960, 600)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(190)
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.welcome, pages = build_pages(session, self)
        self.stack.addWidget(self.welcome)
        self.pages = LazyPages(self.stack)
        for key, title, factory in pages:
            self.pages.add(key, factory)
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(title)
            self.navigation.addItem(item)
        self.navigation.currentRowChanged.connect(self._show_row)

        self.book_label = QLabel()
        self.book_label.setObjectName("bookLabel")
        self.statusBar().addPermanentWidget(self.book_label, 1)
        self._build_menus()
        session.changed.connect(self._book_changed)
        session.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._book_changed(session.services)

    # --- menus
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self.new_action = self._action(_("&New book…"), QKeySequence.StandardKey.New, self.new_book)
        self.open_action = self._action(_("&Open…"), QKeySequence.StandardKey.Open, self.open_book_dialog)
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu(_("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.copy_action = self._action(_("&Save a copy…"), None, self.save_copy)
        file_menu.addAction(self.copy_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action(_("E&xit"), QKeySequence.StandardKey.Quit, self.close))
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(self._action(_("&Quick guide"), QKeySequence.StandardKey.HelpContents, self.quick_guide))
        help_menu.addAction(self._action(_("&About"), None, self.about))

    def _action(self, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        books = self.session.settings.recent_books
        if not books:
            empty = self.recent_menu.addAction(_("(no recent books)"))
            empty.setEnabled(False)
        for book in books:
            action = self.recent_menu.addAction(book)
            action.triggered.connect(lambda _checked=False, path=book: self.open_path(Path(path)))

    # --- book
    def _book_changed(self, services) -> None:
        has_book = services is not None
        self.navigation.setEnabled(has_book)
        self.copy_action.setEnabled(has_book)
        if not has_book:
            self.stack.setCurrentWidget(self.welcome)
            self.book_label.setText(_("No book is open."))
            self.setWindowTitle(_("Union officer book"))
            return
        path = services.path
        read_only = _(" (read-only)") if services.book.read_only else ""
        self.book_label.setText(_("Book: {name}{read_only} — {path}").format(name=path.stem, read_only=read_only,
                                                                           path=path))
        self.setWindowTitle(_("{name} — Union officer book").format(name=path.stem))
        if self.navigation.currentRow() < 0:
            self.navigation.setCurrentRow(0)
        self._show_row(self.navigation.currentRow())

    def _show_row(self, row: int) -> None:
        if row < 0 or self.session.services is None:
            return
        key = self.navigation.item(row).data(Qt.ItemDataRole.UserRole)
        self.stack.setCurrentWidget(self.pages[key])

    def show_page(self, key: str) -> None:
        for row in range(self.navigation.count()):
            if self.navigation.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.navigation.setCurrentRow(row)

    def open_path(self, path: Path, read_only: bool = False) -> bool:
        """Check the file first; open it, or explain what is wrong and offer what can be done."""
        verdict = self.session.backups.diagnose(path)
        if not verdict.ok:  # the explanations load only when there is something to explain
            from desktop.ui.dialogs.damaged_book_dialog import explain_verdict, verdict_title
        if verdict.kind == LOCKED and not read_only:
            answer = QMessageBox.question(self, _("The book is in use"),
                                          explain_verdict(verdict) + "\n\n"
                                          + _("Open it read-only to look without changing?"))
            if answer != QMessageBox.StandardButton.Yes:
                return False
            read_only = True
        elif verdict.kind in (DAMAGED_BOOK, UNREADABLE, NOT_A_BOOK) and verdict.offer is not None:
            return self._offer_restore(path, verdict)
        elif not verdict.ok and verdict.kind != LOCKED and not verdict.recovers_on_open:
            show_error(self, explain_verdict(verdict), verdict_title(verdict))
            return False
        try:
            self.session.open(path, read_only=read_only)
        except BookError as error:
            show_error(self, error)
            return False
        notice = drive_notice(verdict.drive)
        if notice:
            QMessageBox.information(self, _("Where the book is"), _(notice))
        return True

    def _offer_restore(self, path: Path, verdict) -> bool:
        from desktop.ui.dialogs.damaged_book_dialog import DamagedBookDialog

        dialog = DamagedBookDialog(verdict, self)
        if not dialog.exec():
            return False
        try:
            self.session.backups.restore(verdict.offer, path)
        except BookError as error:
            show_error(self, error)
            return False
        return self.open_path(path)

    def open_book_dialog(self) -> None:
        start = str(self.session.services.path.parent) if self.session.services else str(Path.home())
        chosen, _filter = QFileDialog.getOpenFileName(self, _("Open a book"), start, book_file_filter())
        if chosen:
            self.open_path(Path(chosen))

    def new_book(self) -> None:
        self.welcome.start_wizard()

    def open_demo(self) -> None:
        from desktop.services.demo import write_demo_book

        if not self.demo_path.exists():
            try:
                write_demo_book(self.demo_path)
            except BookError as error:
                show_error(self, error)
                return
        self.open_path(self.demo_path)

    def save_copy(self) -> None:
        services = self.session.services
        if services is None:
            return
        suggested = str(Path.home() / f"{services.path.stem}-ban-sao{BOOK_SUFFIX}")
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Save a copy of the book"), suggested,
                                                      book_file_filter())
        if not chosen:
            return
        try:
            services.save_copy(Path(chosen))
        except BookError as error:
            show_error(self, error)
            return
        self.statusBar().showMessage(_("Saved a copy to {path}.").format(path=chosen), 8000)

    # --- help
    def quick_guide(self) -> None:
        QMessageBox.information(self, _("Quick guide"), _(
            "1. Officers: add each officer and their posts with the Add person button.\n"
            "2. Evaluation: once a year, score every committee member on the seven criteria and close the year.\n"
            "3. Training: import the course lists the superior union sends, and mark who attended.\n"
            "4. Reports: export the yearly report as a PDF, signed with your digital signature.\n\n"
            "Every change is saved at once and kept in the history; backups are made automatically."))

    def about(self) -> None:
        QMessageBox.about(self, _("About"), _("Union officer book, version {version}.\nOffline software for the chair "
                                              "of a grassroots trade union.").format(version=__version__))

    # --- geometry
    def restore_geometry_from(self, encoded: str) -> None:
        if encoded:
            self.restoreGeometry(QByteArray.fromBase64(encoded.encode("ascii")))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.session.settings.window_geometry = bytes(self.saveGeometry().toBase64()).decode("ascii")
        self.session.save_settings()
        self.session.close()
        super().closeEvent(event)


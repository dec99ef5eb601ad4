"""What every page of the main window has: a title, and a way to follow the open book."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QWidget



class Page(QWidget):
    """A screen in the main window's stack. `session` is the window's BookSession."""

    # The main window sets this: a hidden page then refreshes when next shown instead of on every change.
    refresh_when_shown = False

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._needs_refresh = False
        session.changed.connect(lambda _services: self._book_event())
        session.data_changed.connect(self._book_event)

    def _book_event(self) -> None:
        if self.refresh_when_shown and not self.isVisible():
            self._needs_refresh = True
        else:
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._needs_refresh:
            self._needs_refresh = False
            self.refresh()
        super().showEvent(event)

    @property
    def services(self):
        return self.session.services

    def refresh(self) -> None:
        """Re-read what the page shows from the services (called when the book or its data changes)."""

    active_dialog = None  # the dialog a page has open (tests drive it; the page reacts when it closes)

    def _open(self, dialog, after_accept=None):
        """Open `dialog` window-modal without blocking; the page keeps it in `active_dialog` until it closes,
        then runs `after_accept()` if it was accepted."""
        self.active_dialog = dialog
        dialog.finished.connect(lambda result: self._dialog_closed(dialog, result, after_accept))
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog, result: int, after_accept) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted and after_accept is not None:
            after_accept()

    def announce(self, text: str) -> None:
        """A short confirmation in the main window's status bar (nothing when the page stands alone)."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 6000)


def page_heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageHeading")
    return label

"""What every page of the main window has: a title, and a way to follow the open book."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from desktop.i18n import _


class Page(QWidget):
    """A screen in the main window's stack. `session` is the window's BookSession."""

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        session.changed.connect(lambda _services: self.refresh())
        session.data_changed.connect(self.refresh)

    @property
    def services(self):
        return self.session.services

    def refresh(self) -> None:
        """Re-read what the page shows from the services (called when the book or its data changes)."""

    def announce(self, text: str) -> None:
        """A short confirmation in the main window's status bar (nothing when the page stands alone)."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 6000)


def page_heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageHeading")
    return label


class ComingPage(Page):
    """An area whose work has not landed yet: a short text instead of an empty page."""

    def __init__(self, session, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(page_heading(title))
        text = QLabel(description + "\n\n" + _("This part of the program is coming in a later version."))
        text.setWordWrap(True)
        text.setObjectName("emptyState")
        text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(text)
        layout.addStretch(1)

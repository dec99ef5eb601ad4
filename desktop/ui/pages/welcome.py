"""Chào mừng: what the window shows while no book is open — create a book, try the demo, or open a file."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.errors import BookError
from desktop.i18n import _
from desktop.paths import BOOK_SUFFIX, AppPaths
from desktop.ui.dialogs.new_book_wizard import NewBook, NewBookWizard
from desktop.ui.errors import show_error
from desktop.ui.pages.base import Page

BIG_BUTTON_STYLE = "QPushButton { font-size: 12pt; font-weight: 600; padding: 14px 28px; min-width: 220px; }"


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("welcomeCaption")
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setStyleSheet("color: #4a5568;")
    return label


class WelcomePage(Page):
    """`window` is the main window: it opens the demo book and the file dialog for an existing book."""

    def __init__(self, session, window, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.main_window = window
        self.setObjectName("welcomePage")

        column = QVBoxLayout()
        column.setSpacing(14)
        heading = QLabel(_("Welcome to the union officer book"))
        heading.setObjectName("pageHeading")
        heading.setStyleSheet("font-size: 20pt;")
        heading.setWordWrap(True)
        column.addWidget(heading)
        intro = QLabel(_(
            "This program keeps the records of your grassroots union's officers: who holds which post in each "
            "term, the yearly evaluation, training courses and results, and the yearly report for the superior "
            "union. Everything stays on this computer; no Internet connection is needed."))
        intro.setWordWrap(True)
        intro.setObjectName("welcomeIntro")
        intro.setStyleSheet("font-size: 11pt; color: #2d3748;")
        column.addWidget(intro)
        column.addSpacing(10)

        choices = QGridLayout()
        choices.setHorizontalSpacing(24)
        choices.setVerticalSpacing(8)
        self.create_button = QPushButton(_("Create a new book"))
        self.create_button.setObjectName("primaryButton")
        self.create_button.setStyleSheet(BIG_BUTTON_STYLE)
        self.create_button.setToolTip(_("Start a book for your union (Ctrl+N)"))
        self.create_button.clicked.connect(self.start_wizard)
        self.demo_button = QPushButton(_("Open the demo book"))
        self.demo_button.setStyleSheet(BIG_BUTTON_STYLE)
        self.demo_button.setToolTip(_("Try the program on the data of an example union"))
        self.demo_button.clicked.connect(self.open_demo)
        choices.addWidget(self.create_button, 0, 0)
        choices.addWidget(self.demo_button, 0, 1)
        choices.addWidget(_caption(_("A few short steps: your union's name, the superior union, the place name, "
                                     "the term and the chair. Officers are added afterwards.")), 1, 0)
        choices.addWidget(_caption(_("An example union with officers, evaluations and courses, to look around "
                                     "first. It is a separate file: nothing you do there touches your own "
                                     "book.")), 1, 1)
        choices.setColumnStretch(0, 1)
        choices.setColumnStretch(1, 1)
        column.addLayout(choices)
        column.addSpacing(16)

        existing = QHBoxLayout()
        self.open_button = QPushButton(_("Open an existing book…"))
        self.open_button.setToolTip(_("Open a book file (Ctrl+O)"))
        self.open_button.clicked.connect(self.open_existing)
        existing.addWidget(self.open_button)
        existing.addWidget(_caption(_("Already have a book file ({suffix}), for example copied from another "
                                      "computer?").format(suffix=BOOK_SUFFIX)), 1)
        column.addLayout(existing)
        column.addStretch(1)

        # A readable column in the middle of a wide window, not text running across 1200 pixels.
        content = QWidget()
        content.setMaximumWidth(820)
        content.setLayout(column)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(32, 40, 32, 24)
        outer.addStretch(1)
        outer.addWidget(content, 6)
        outer.addStretch(1)

    # --- the three ways in
    def make_wizard(self) -> NewBookWizard:
        return NewBookWizard(AppPaths.default().default_book, self)

    def start_wizard(self) -> bool:
        """Run the new-book wizard; create and open the book when the user finishes it."""
        wizard = self.make_wizard()
        try:
            if wizard.exec() != QDialog.DialogCode.Accepted:
                return False
            return self.create_book(wizard.new_book())
        finally:
            wizard.deleteLater()

    def create_book(self, choice: NewBook) -> bool:
        try:
            self.session.create(choice.path, choice.profile)
        except BookError as error:
            show_error(self, error)
            return False
        return True

    def open_demo(self) -> None:
        self.main_window.open_demo()

    def open_existing(self) -> None:
        self.main_window.open_book_dialog()

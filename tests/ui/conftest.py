"""Fixtures for the window tests: a real temporary book with a fixed clock, the BookSession that holds it,
the officers page on it, and a helper that answers the modal message boxes the page shows."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.officers import Person, PostHolding, Term
from desktop.domain.union import UnionProfile
from desktop.services.app_settings import AppSettings
from desktop.services.book import create_book
from desktop.ui.session import BookSession

VN = timezone(timedelta(hours=7))
NOW = datetime(2025, 6, 15, 9, 30, tzinfo=VN)
TODAY = NOW.date()
TERM = Term(2023, 2028)
PREVIOUS_TERM = Term(2018, 2023)


def fixed_clock() -> datetime:
    return NOW


def pytest_collection_modifyitems(items):
    """Qt's offscreen platform warns whenever a top-level window's size limits change (its layout grows);
    that is the test platform's limitation, not the program's, so these tests ignore that one warning."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)"))


@pytest.fixture
def profile() -> UnionProfile:
    return UnionProfile(union_name="Công đoàn cơ sở Công ty TNHH May Tân Định",
                        superior_name="Công đoàn phường Tân Định", place_name="Phường Tân Định", term=TERM)


@pytest.fixture
def services(tmp_path, profile):
    book = create_book(tmp_path / "ui.socanbo", profile, clock=fixed_clock)
    try:
        yield book
    finally:
        book.close()


@pytest.fixture
def session(tmp_path, services):
    """A BookSession holding the fixed-clock book (BookSession.open would use the wall clock)."""
    book_session = BookSession(AppSettings(), tmp_path / "settings.json")
    book_session.services = services
    yield book_session
    book_session.services = None  # the services fixture closes the book


@pytest.fixture
def add_person(services):
    def add(full_name: str, **fields) -> int:
        return services.officers.add_person(Person(full_name, **fields))

    return add


@pytest.fixture
def add_post(services):
    def add(person_id: int, title_key: str = "committee_member", term: Term = TERM, **fields) -> int:
        return services.officers.add_post(PostHolding(person_id, title_key, term, **fields))

    return add


@pytest.fixture
def add_officer(add_person, add_post):
    """A person holding one post from the congress of 15/05/2023; returns the person's id."""

    def add(full_name: str, title_key: str = "committee_member", start_date: date | None = date(2023, 5, 15),
            **fields) -> int:
        person_id = add_person(full_name, **fields)
        add_post(person_id, title_key, start_date=start_date)
        return person_id

    return add


@pytest.fixture
def officers_page(qtbot, session):
    """The page, shown at a laptop size, on the session's book. Build the book's content before asking for it
    (or call page.refresh() after)."""
    from desktop.ui.pages.officers import OfficersPage

    page = OfficersPage(session)
    qtbot.addWidget(page)
    page.resize(1180, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()  # keyboard shortcuts only reach the active window
    qtbot.waitUntil(page.isActiveWindow)
    return page


@pytest.fixture
def type_text(qtbot):
    """type_text(widget, text): key presses carrying the text, as a Vietnamese keyboard sends them.

    QTest.keyClicks turns every character into Latin-1 and aborts on "ễ"; letters outside ASCII (and the
    combining marks of decomposed input) go in as key events with their text instead."""

    def type_into(widget, text: str) -> None:
        for character in text:
            if character.isascii():
                qtbot.keyClick(widget, character)
            else:
                QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, character,
                                   Qt.KeyboardModifier.NoModifier)

    return type_into


@pytest.fixture
def answer_message_box(qtbot):
    """answer_message_box(button) -> list: clicks `button` on the next modal QMessageBox (shown with exec()),
    and records (objectName, text) of that box in the returned list."""

    def answer(button=QMessageBox.StandardButton.Ok, attempts: int = 300) -> list:
        seen: list[tuple[str, str]] = []

        def act(left=attempts):
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                seen.append((box.objectName(), box.text()))
                box.button(button).click()
            elif left > 0:
                QTimer.singleShot(10, lambda: act(left - 1))

        QTimer.singleShot(0, act)
        return seen

    return answer

"""The welcome page and the new-book wizard on real widgets: a real book is created in a temporary folder."""
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard

from desktop.app import build_window, parse_arguments
from desktop.domain.officers import Term
from desktop.i18n import _
from desktop.paths import AppPaths
from desktop.services.app_settings import AppSettings
from desktop.ui.dialogs.new_book_wizard import PAGE_FILE, PAGE_PLACE, PAGE_TERM, PAGE_UNION, NewBookWizard
from desktop.ui.qt_translation import install_qt_translation

UNION = "Công đoàn cơ sở Công ty TNHH Cơ khí Bình Minh"
SUPERIOR = "Công đoàn phường Tân Định"


@pytest.fixture
def paths():
    return AppPaths.default().ensure()


@pytest.fixture
def window(qtbot, paths):
    window = build_window(parse_arguments([]), paths, AppSettings.load(paths.settings_file))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    return window


@pytest.fixture
def qt_vietnamese(qapp):
    """Qt's own texts in Vietnamese, as create_application() installs them for the real program."""
    translator = install_qt_translation(qapp)
    assert translator is not None
    yield translator
    qapp.removeTranslator(translator)


@pytest.fixture
def wizard(qtbot, tmp_path):
    wizard = NewBookWizard(tmp_path / "books" / "so-can-bo.socanbo", today=date(2026, 1, 5))
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def error_text(page, field: str) -> str:
    label = page.form.errors[field]
    return label.text() if label.isVisibleTo(page) else ""


def fill_valid(wizard: NewBookWizard, chair: str = "Trần Văn Hùng") -> None:
    wizard.union_page.union_name.setText(UNION)
    wizard.union_page.superior_name.setText(SUPERIOR)
    wizard.place_page.place_name.setText("Phường Tân Định")
    wizard.term_page.chair_name.setText(chair)


def test_welcome_offers_the_three_ways_in_in_vietnamese(window):
    page = window.welcome
    assert window.stack.currentWidget() is page
    assert page.create_button.text() == "Tạo sổ mới"
    assert page.demo_button.text() == "Mở sổ mẫu"
    assert page.open_button.text() == "Mở sổ có sẵn…"
    assert not window.navigation.isEnabled()  # nothing to navigate before a book is open


def test_demo_button_opens_the_demo_book_in_its_own_file(window, paths, qtbot):
    window.welcome.demo_button.click()
    services = window.session.services
    assert services is not None
    assert services.path == paths.demo_book
    assert paths.demo_book != paths.default_book and not paths.default_book.exists()
    assert window.stack.currentWidget() is window.pages["overview"]


def test_open_existing_asks_the_window_for_a_file(window, monkeypatch):
    calls = []
    monkeypatch.setattr(window, "open_book_dialog", lambda: calls.append("open"))
    window.welcome.open_button.click()
    assert calls == ["open"]


def test_the_wizard_creates_and_opens_the_book(window, paths, monkeypatch):
    page = window.welcome
    made = []
    original = page.make_wizard

    def make_and_drive():
        wizard = original()
        made.append(wizard)

        def drive():
            assert QApplication.activeModalWidget() is wizard
            fill_valid(wizard)
            wizard.term_page.term_start.setValue(2025)
            for _step in range(3):
                wizard.next()
            assert wizard.currentId() == PAGE_FILE
            wizard.button(QWizard.WizardButton.FinishButton).click()

        QTimer.singleShot(0, drive)
        return wizard

    monkeypatch.setattr(page, "make_wizard", make_and_drive)
    assert page.start_wizard() is True
    assert made, "the wizard was not shown"
    services = window.session.services
    assert services.path == paths.default_book
    profile = services.union.profile()
    assert (profile.union_name, profile.superior_name, profile.place_name) == (UNION, SUPERIOR, "Phường Tân Định")
    assert profile.term == Term(2025, 2028)
    assert profile.chair_name == "Trần Văn Hùng"
    assert window.stack.currentWidget() is window.pages["overview"]
    assert window.session.settings.last_book == paths.default_book


def test_cancelling_the_wizard_creates_nothing(window, paths, monkeypatch):
    page = window.welcome
    original = page.make_wizard

    def make_and_cancel():
        wizard = original()
        QTimer.singleShot(0, wizard.reject)
        return wizard

    monkeypatch.setattr(page, "make_wizard", make_and_cancel)
    assert page.start_wizard() is False
    assert window.session.services is None
    assert not paths.default_book.exists()


def test_next_refuses_until_the_names_are_there(wizard):
    wizard.next()
    page = wizard.union_page
    assert wizard.currentId() == PAGE_UNION
    assert error_text(page, "union_name") == _("Enter the union's name.")
    assert error_text(page, "superior_name") == _("Enter the superior union's name.")
    assert error_text(page, "union_name").startswith("Hãy nhập")  # the Vietnamese catalog, not the msgid

    page.union_name.setText("  " + UNION)
    assert error_text(page, "union_name") == ""  # the message follows the typing
    assert error_text(page, "superior_name") != ""
    page.superior_name.setText(SUPERIOR)
    wizard.next()
    assert wizard.currentId() == PAGE_PLACE


def test_place_name_is_required_and_the_date_line_is_previewed(wizard):
    wizard.union_page.union_name.setText(UNION)
    wizard.union_page.superior_name.setText(SUPERIOR)
    wizard.next()
    page = wizard.place_page
    assert page.preview.text() == "ngày 05 tháng 01 năm 2026"
    wizard.next()
    assert wizard.currentId() == PAGE_PLACE
    assert error_text(page, "place_name") != ""
    page.place_name.setText("Phường  Tân Định")
    assert page.preview.text() == "Phường Tân Định, ngày 05 tháng 01 năm 2026"
    wizard.next()
    assert wizard.currentId() == PAGE_TERM


def test_term_defaults_to_2023_2028_and_an_implausible_term_is_refused(wizard):
    fill_valid(wizard)
    wizard.next()
    wizard.next()
    page = wizard.term_page
    assert (page.term_start.value(), page.term_end.value()) == (2023, 2028)
    page.term_end.setValue(2020)
    wizard.next()
    assert wizard.currentId() == PAGE_TERM
    assert "2023–2020" in error_text(page, "term")
    page.term_end.setValue(2040)
    assert "2023–2040" in error_text(page, "term")
    page.term_end.setValue(2028)
    assert error_text(page, "term") == ""
    wizard.next()
    assert wizard.currentId() == PAGE_FILE


def test_the_chair_may_be_filled_in_later(wizard):
    fill_valid(wizard, chair="")
    for _step in range(3):
        wizard.next()
    assert wizard.currentId() == PAGE_FILE
    assert wizard.new_book().profile.chair_name == ""


def test_the_book_file_gets_its_suffix_and_never_replaces_a_file(wizard, tmp_path):
    fill_valid(wizard)
    for _step in range(3):
        wizard.next()
    page = wizard.file_page
    assert page.path_edit.text() == str(tmp_path / "books" / "so-can-bo.socanbo")
    assert UNION in page.summary.text() and "2023–2028" in page.summary.text()

    page.path_edit.setText("")
    assert not page.validatePage()
    assert error_text(page, "path") == _("Choose where to save the book.")

    page.path_edit.setText("so-nam-2026")  # a bare name goes into the suggested folder
    assert wizard.new_book().path == tmp_path / "books" / "so-nam-2026.socanbo"

    existing = tmp_path / "co-san.socanbo"
    existing.write_bytes(b"")
    page.path_edit.setText(str(tmp_path / "co-san"))
    assert not page.validatePage()
    assert str(existing) in error_text(page, "path")
    page.path_edit.setText(str(tmp_path / "moi"))
    assert page.validatePage()
    assert wizard.new_book().path == tmp_path / "moi.socanbo"


def test_an_existing_default_book_is_not_suggested_again(qtbot, tmp_path):
    taken = tmp_path / "so-can-bo.socanbo"
    taken.write_bytes(b"")
    wizard = NewBookWizard(taken)
    qtbot.addWidget(wizard)
    assert wizard.file_page.path_edit.text() == str(tmp_path / "so-can-bo-2.socanbo")


def test_creating_over_an_existing_file_shows_the_reason(window, paths, monkeypatch):
    paths.default_book.write_bytes(b"not a book")
    shown = []
    monkeypatch.setattr("desktop.ui.pages.welcome.show_error", lambda parent, error: shown.append(error))
    wizard = window.welcome.make_wizard()
    fill_valid(wizard)
    choice = wizard.new_book()
    choice = type(choice)(path=paths.default_book, profile=choice.profile)
    assert window.welcome.create_book(choice) is False
    assert shown and "already exists" in shown[0].message_id
    assert paths.default_book.read_bytes() == b"not a book"
    wizard.deleteLater()


def test_qt_wizard_buttons_speak_vietnamese(qtbot, qt_vietnamese, tmp_path):
    wizard = NewBookWizard(tmp_path / "so.socanbo")
    qtbot.addWidget(wizard)
    texts = {which: wizard.button(which).text() for which in (
        QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
        QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton)}
    assert texts == {QWizard.WizardButton.BackButton: "< &Quay lại", QWizard.WizardButton.NextButton: "&Tiếp >",
                     QWizard.WizardButton.FinishButton: "&Hoàn tất", QWizard.WizardButton.CancelButton: "Hủy"}
    assert wizard.windowTitle() == "Sổ mới"
    assert wizard.union_page.title().startswith("Bước 1/4")


def test_ctrl_n_starts_the_wizard(window, monkeypatch):
    calls = []
    monkeypatch.setattr(window.welcome, "start_wizard", lambda: calls.append("wizard"))
    window.new_action.trigger()
    assert calls == ["wizard"]


def test_default_book_location_is_the_data_folder(window, paths):
    wizard = window.welcome.make_wizard()
    assert Path(wizard.file_page.path_edit.text()) == paths.default_book
    wizard.deleteLater()

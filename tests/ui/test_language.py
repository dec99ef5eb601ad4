"""The language: Vietnamese from the first start whatever the system says; English after choosing it and
restarting; Qt's own texts follow."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from desktop import i18n
from desktop.app import build_window, parse_arguments
from desktop.domain.officers import Term
from desktop.domain.union import UnionProfile
from desktop.paths import AppPaths
from desktop.services.app_settings import AppSettings
from desktop.services.book import create_book
from desktop.ui.dialogs.new_book_wizard import NewBookWizard
from desktop.ui.qt_translation import install_qt_translation

# A few areas of the navigation by key (more areas come with later work; these stay).
VIETNAMESE_NAVIGATION = {"overview": "Tổng quan", "officers": "Cán bộ", "evaluation": "Đánh giá",
                         "training": "Đào tạo", "reports": "Báo cáo", "backups": "Sao lưu", "settings": "Cài đặt"}
ENGLISH_NAVIGATION = {"overview": "Overview", "officers": "Officers", "evaluation": "Evaluation",
                      "training": "Training", "reports": "Reports", "backups": "Backups", "settings": "Settings"}


@pytest.fixture(autouse=True)
def back_to_vietnamese():
    yield
    i18n.set_language("vi")


@pytest.fixture
def english_system(monkeypatch):
    """A PC whose system language is English."""
    for name in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.setenv(name, "en_US.UTF-8" if name != "LANGUAGE" else "en_US:en")


@pytest.fixture
def paths():
    paths = AppPaths.default().ensure()
    create_book(paths.default_book, UnionProfile("Công đoàn cơ sở Công ty A", "Công đoàn phường B", "Phường B",
                                                 Term(2023, 2028))).close()
    return paths


def start_program(qtbot, paths, lang_argument=None):
    """What desktop.app.main does before app.exec(): settings, language, window on the last book."""
    settings = AppSettings.load(paths.settings_file)
    argv = [str(paths.default_book)] + (["--lang", lang_argument] if lang_argument else [])
    args = parse_arguments(argv)
    i18n.set_language(args.lang or settings.language)
    window = build_window(args, paths, settings)
    qtbot.addWidget(window)
    return window


def navigation_texts(window) -> dict[str, str]:
    """The known areas' titles in the navigation, by key."""
    items = (window.navigation.item(row) for row in range(window.navigation.count()))
    texts = {item.data(Qt.ItemDataRole.UserRole): item.text() for item in items}
    return {key: texts.get(key) for key in VIETNAMESE_NAVIGATION}


def all_navigation_texts(window) -> list[str]:
    return [window.navigation.item(row).text() for row in range(window.navigation.count())]


def menu_titles(window) -> list[str]:
    return [action.text().replace("&", "") for action in window.menuBar().actions()]


def test_first_start_is_vietnamese_on_an_english_system(qtbot, paths, english_system):
    i18n.set_language("en")  # whatever ran before
    assert not paths.settings_file.exists()
    window = start_program(qtbot, paths)
    assert i18n.current_language() == "vi"
    assert navigation_texts(window) == VIETNAMESE_NAVIGATION
    assert menu_titles(window) == ["Tệp", "Trợ giúp"]
    assert window.windowTitle().endswith("Sổ cán bộ công đoàn")
    settings_page = window.pages["settings"]
    assert settings_page.save_button.text() == "Lưu thông tin công đoàn"
    assert settings_page.language_combo.currentData() == "vi"
    assert window.welcome.create_button.text() == "Tạo sổ mới"


def test_a_damaged_settings_file_still_starts_in_vietnamese(qtbot, paths, english_system):
    paths.settings_file.write_text("{not json", encoding="utf-8")
    window = start_program(qtbot, paths)
    assert navigation_texts(window) == VIETNAMESE_NAVIGATION


def test_english_is_stored_in_settings_and_applied_after_a_restart(qtbot, paths):
    first = start_program(qtbot, paths)
    page = first.pages["settings"]
    first.show_page("settings")
    page.language_combo.setCurrentIndex(page.language_combo.findData("en"))
    # Stored at once, applied on restart: this window stays Vietnamese.
    assert AppSettings.load(paths.settings_file).language == "en"
    assert navigation_texts(first) == VIETNAMESE_NAVIGATION
    assert "mở lại" in page.language_note.text()
    first.close()  # closing saves the settings again; the choice must survive it
    assert AppSettings.load(paths.settings_file).language == "en"

    second = start_program(qtbot, paths)
    assert i18n.current_language() == "en"
    assert navigation_texts(second) == ENGLISH_NAVIGATION
    # Every area, the ones not listed here included, changes its title with the language.
    pairs = list(zip(all_navigation_texts(first), all_navigation_texts(second)))
    assert len(pairs) == second.navigation.count() and all(vi != en for vi, en in pairs), pairs
    assert menu_titles(second) == ["File", "Help"]
    english_page = second.pages["settings"]
    assert english_page.save_button.text() == "Save the union profile"
    assert english_page.language_combo.currentText() == "English"
    assert english_page.language_note.text() == "A new language is used the next time you start the program."
    assert second.welcome.create_button.text() == "Create a new book"
    assert second.book_label.text().startswith("Book: ")

    english_page.language_combo.setCurrentIndex(english_page.language_combo.findData("vi"))
    second.close()
    third = start_program(qtbot, paths)
    assert navigation_texts(third) == VIETNAMESE_NAVIGATION


def test_the_lang_argument_overrides_the_setting_for_one_run(qtbot, paths):
    window = start_program(qtbot, paths, lang_argument="en")
    assert navigation_texts(window) == ENGLISH_NAVIGATION
    assert AppSettings.load(paths.settings_file).language == "vi"


def test_qt_texts_are_vietnamese_only_in_vietnamese_mode(qtbot, qapp, tmp_path):
    translator = install_qt_translation(qapp)
    try:
        wizard = NewBookWizard(tmp_path / "so.socanbo")
        qtbot.addWidget(wizard)
        assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Tiếp >"
    finally:
        qapp.removeTranslator(translator)

    i18n.set_language("en")
    assert install_qt_translation(qapp) is None  # English: Qt's own texts as they are
    wizard = NewBookWizard(tmp_path / "so.socanbo")
    qtbot.addWidget(wizard)
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Next >"
    assert wizard.windowTitle() == "New book"

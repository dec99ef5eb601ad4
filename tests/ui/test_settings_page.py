"""The settings page on real widgets and a real temporary book: the union profile, the language, backups."""
import json
from pathlib import Path

import pytest

from desktop.domain.officers import Term
from desktop.domain.union import UnionProfile
from desktop.i18n import _
from desktop.services.app_settings import AppSettings
from desktop.services.book import create_book
from desktop.ui.pages.settings import SettingsPage
from desktop.ui.session import BookSession

PROFILE = UnionProfile("Công đoàn cơ sở Công ty TNHH Cơ khí Bình Minh", "Công đoàn phường Tân Định",
                       "Phường Tân Định", Term(2023, 2028), chair_name="Trần Văn Hùng", address="12 Lê Lợi")


@pytest.fixture
def book(tmp_path) -> Path:
    path = tmp_path / "so.socanbo"
    create_book(path, PROFILE).close()
    return path


@pytest.fixture
def session(tmp_path, book):
    session = BookSession(AppSettings(), tmp_path / "settings.json")
    session.open(book)
    yield session
    session.close()


@pytest.fixture
def page(qtbot, session):
    page = SettingsPage(session)
    qtbot.addWidget(page)
    page.resize(1176, 700)
    return page


def error_text(page, field: str) -> str:
    label = page.form.errors[field]
    return label.text() if label.isVisibleTo(page) else ""


def saved_settings(session) -> dict:
    return json.loads(session.settings_path.read_text(encoding="utf-8"))


def test_the_form_shows_the_books_profile(page):
    assert page.union_name.text() == PROFILE.union_name
    assert page.superior_name.text() == PROFILE.superior_name
    assert page.place_name.text() == "Phường Tân Định"
    assert page.doc_suffix.text() == "CĐCS"
    assert (page.term_start.value(), page.term_end.value()) == (2023, 2028)
    assert page.chair_name.text() == "Trần Văn Hùng"
    assert page.address.text() == "12 Lê Lợi"
    assert page.non_state.isChecked()
    assert page.young_age.value() == 35
    assert page.save_button.isEnabled()
    assert "Phường Tân Định, ngày" in page.date_preview.text()
    assert page.number_preview.text().endswith("Số: 05/BC-CĐCS")


def test_saving_the_profile_writes_the_book_and_tells_the_other_pages(page, session, qtbot):
    page.union_name.setText("Công đoàn cơ sở Công ty Cổ phần Bình Minh")
    page.superior_name.setText("Công đoàn Khu công nghiệp Tân Bình")
    page.place_name.setText("Phường  Tây Thạnh")
    page.doc_suffix.setText("CĐBM")
    page.term_start.setValue(2025)
    page.chair_name.setText("Lê Thị Hoa")
    page.address.setText("Lô 5, Khu công nghiệp Tân Bình")
    page.non_state.setChecked(False)
    page.young_age.setValue(30)
    assert page.profile_status.text() == _("Changes not saved yet.")
    with qtbot.waitSignal(session.data_changed, timeout=1000):
        page.save_button.click()
    saved = session.services.union.profile()
    assert saved == UnionProfile("Công đoàn cơ sở Công ty Cổ phần Bình Minh", "Công đoàn Khu công nghiệp Tân Bình",
                                 "Phường Tây Thạnh", Term(2025, 2028), doc_suffix="CĐBM", chair_name="Lê Thị Hoa",
                                 non_state=False, young_age=30, address="Lô 5, Khu công nghiệp Tân Bình")
    assert page.place_name.text() == "Phường Tây Thạnh"  # shown as saved: cleaned by the service
    assert page.profile_status.text() == "Đã lưu."
    assert not page.dirty
    changed = {(entry.action, entry.field) for entry in session.services.audit.entries()}
    assert ("union.update", "union_name") in changed and ("union.update", "chair_name") in changed


def test_messages_stand_next_to_the_fields_and_nothing_is_saved(page, session):
    page.union_name.setText("   ")
    page.place_name.setText("")
    page.doc_suffix.setText("BC CĐ")
    assert page.save_profile() is False
    assert error_text(page, "union_name") == _("Enter the union's name.")
    assert error_text(page, "union_name") != "Enter the union's name."  # translated, not the msgid
    assert error_text(page, "place_name") == _("Enter the place name for the date line (e.g. Phường Tân Định).")
    assert error_text(page, "doc_suffix") == _("The document number suffix is one word, for example CĐCS.")
    assert error_text(page, "superior_name") == ""
    assert page.union_name.property("invalid") is True
    assert session.services.union.profile() == PROFILE
    assert page.dirty

    page.union_name.setText(PROFILE.union_name)
    page.place_name.setText(PROFILE.place_name)
    page.doc_suffix.setText("CĐCS")
    assert page.save_profile() is True
    assert error_text(page, "union_name") == ""


def test_an_implausible_term_is_refused_beside_the_term(page, session):
    page.term_start.setValue(2028)
    page.term_end.setValue(2023)
    assert page.save_profile() is False
    assert "2028–2023" in error_text(page, "term")
    assert session.services.union.profile().term == Term(2023, 2028)


def test_undo_changes_shows_the_saved_profile_again(page):
    page.union_name.setText("Tên khác")
    page.revert_button.click()
    assert page.union_name.text() == PROFILE.union_name
    assert not page.dirty


def test_unsaved_typing_survives_other_pages_writing_but_not_another_book(page, session, tmp_path):
    page.chair_name.setText("Người đang gõ")
    session.notify_changed()  # another page wrote something
    assert page.chair_name.text() == "Người đang gõ"
    other = tmp_path / "khac.socanbo"
    create_book(other, UnionProfile("Công đoàn cơ sở Khác", "Công đoàn phường Bến Nghé", "Phường Bến Nghé",
                                    Term(2025, 2028))).close()
    session.open(other)
    assert page.union_name.text() == "Công đoàn cơ sở Khác"
    assert page.chair_name.text() == ""
    assert not page.dirty


def test_previews_follow_the_typing(page):
    page.place_name.setText("Xã Tân Phú")
    assert page.date_preview.text().startswith(_("Date line: {line}").format(line="Xã Tân Phú, ngày"))
    page.doc_suffix.setText("CĐTP")
    assert page.number_preview.text().endswith("Số: 05/BC-CĐTP")


def test_a_read_only_book_cannot_be_edited_and_says_why(qtbot, tmp_path, book):
    session = BookSession(AppSettings(), tmp_path / "settings.json")
    session.open(book, read_only=True)
    page = SettingsPage(session)
    qtbot.addWidget(page)
    assert not page.save_button.isEnabled()
    assert not page.union_name.isEnabled()
    assert page.profile_note.isVisibleTo(page)
    assert page.profile_note.text() == _("The book is open read-only: the profile cannot be changed now.")
    assert page.language_combo.isEnabled()  # the program's settings still can change
    session.close()


def test_without_a_book_the_page_says_what_to_do(qtbot, tmp_path):
    session = BookSession(AppSettings(), tmp_path / "settings.json")
    page = SettingsPage(session)
    qtbot.addWidget(page)
    assert not page.save_button.isEnabled()
    assert page.profile_note.text() == _("Open or create a book to fill in the union's profile.")
    assert page.profile_note.text().startswith("Hãy mở")
    assert page.save_profile() is False


def test_the_language_choice_is_stored_and_takes_effect_on_restart(page, session):
    assert page.language_combo.currentText() == "Tiếng Việt"
    assert [page.language_combo.itemText(i) for i in range(page.language_combo.count())] == ["Tiếng Việt",
                                                                                            "English"]
    page.language_combo.setCurrentIndex(page.language_combo.findData("en"))
    assert session.settings.language == "en"
    assert saved_settings(session)["language"] == "en"
    assert "mở lại" in page.language_note.text()  # told, in the language still shown, that a restart applies it
    assert page.save_button.text() == "Lưu thông tin công đoàn"  # nothing switches under the user's hands
    page.set_language_choice("vi")
    assert saved_settings(session)["language"] == "vi"


def test_the_backup_folder_is_chosen_and_reset(page, session, tmp_path):
    default = session.backups_dir  # nothing chosen: the session's default folder
    assert page.backups_edit.text() == str(default)
    assert not page.default_backups_button.isEnabled()
    chosen = tmp_path / "USB" / "SaoLuu"
    page.set_backups_dir(str(chosen))
    assert session.settings.backups_dir == str(chosen)
    assert saved_settings(session)["backups_dir"] == str(chosen)
    assert page.backups_edit.text() == str(chosen)
    assert page.backups_kind.text().startswith("Thư mục do bạn chọn")
    assert session.backups_dir == chosen  # the session backs up there from now on
    assert page.default_backups_button.isEnabled()
    page.default_backups_button.click()
    assert session.settings.backups_dir == ""
    assert saved_settings(session)["backups_dir"] == ""
    assert page.backups_edit.text() == str(default)


def test_choosing_the_backup_folder_uses_the_folder_dialog(page, session, tmp_path, monkeypatch):
    chosen = tmp_path / "SaoLuu"
    asked = []

    def fake_dialog(parent, title, start):
        asked.append((title, start))
        return str(chosen)

    monkeypatch.setattr("desktop.ui.pages.settings.QFileDialog.getExistingDirectory", fake_dialog)
    page.choose_backups_button.click()
    assert asked and asked[0][0] == _("Backup folder")
    assert session.settings.backups_dir == str(chosen)

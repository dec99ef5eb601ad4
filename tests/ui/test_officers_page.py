"""The officers page on real widgets and a real temporary book: dialogs driven by keyboard and mouse,
validation next to the fields, search, Vietnamese order, ending posts and removing people."""
from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from desktop.domain.officers import Term
from desktop.domain.vietnamese import name_sort_key
from desktop.ui.dialogs.end_post_dialog import EndPostDialog
from desktop.ui.dialogs.person_dialog import PersonDialog
from desktop.ui.dialogs.post_dialog import PostDialog
from desktop.ui.models.people_model import PeopleModel

LEFT = Qt.MouseButton.LeftButton


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, LEFT)


def choose(qtbot, combo, data) -> None:
    """Pick an item the way a keyboard user does: focus the box and move with the arrow keys."""
    target = combo.findData(data)
    assert target >= 0, data
    combo.setFocus()
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        before = combo.currentIndex()
        qtbot.keyClick(combo, key)
        assert combo.currentIndex() != before, "stuck while choosing"


def test_adding_a_person_with_a_post_through_the_dialogs(qtbot, type_text, officers_page, services):
    page = officers_page
    # GIVEN an empty book: the page says what to do
    assert page.stack.currentWidget() is page.empty_label
    assert page.empty_label.text() == "Chưa có cán bộ nào. Bấm “Thêm người” để bắt đầu."

    # WHEN the chair clicks "Thêm người" and fills the dialog
    click(qtbot, page.add_button)
    dialog = page.active_dialog
    assert isinstance(dialog, PersonDialog) and dialog.isVisible()
    type_text(dialog.full_name, "Nguyễn Văn An")
    type_text(dialog.birth_date, "5/1/1985")
    choose(qtbot, dialog.sex, "male")
    click(qtbot, dialog.party_member)
    type_text(dialog.party_join_date, "03/02/2010")
    choose(qtbot, dialog.education, "university")
    type_text(dialog.department, "Phòng Kế toán")
    type_text(dialog.phone, "0903 123 456")
    type_text(dialog.email, "an@congty.vn")
    assert dialog.birth_year.text() == "1985"  # the year follows the date
    click(qtbot, dialog.save_button)

    # THEN the person is in the book, and the post dialog follows for them
    post_dialog = page.active_dialog
    assert isinstance(post_dialog, PostDialog) and post_dialog.isVisible()
    assert not dialog.isVisible()
    (entry,) = services.officers.roster()
    person = entry.person
    assert (person.full_name, person.birth_date, person.birth_year, person.party_join_date, person.education) == (
        "Nguyễn Văn An", date(1985, 1, 5), 1985, date(2010, 2, 3), "university")
    assert post_dialog.term.currentText() == "2023–2028"  # the union's current term by default

    # WHEN the post is filled in and saved
    choose(qtbot, post_dialog.title, "vice_chair")
    type_text(post_dialog.start_date, "15/05/2023")
    type_text(post_dialog.duties, "Phụ trách tài chính")
    click(qtbot, post_dialog.full_time)
    click(qtbot, post_dialog.save_button)

    # THEN the table and the details show the officer with the post
    assert page.active_dialog is None
    (entry,) = services.officers.roster()
    (holding,) = entry.holdings
    assert (holding.title_key, holding.term, holding.start_date, holding.duties, holding.full_time) == (
        "vice_chair", Term(2023, 2028), date(2023, 5, 15), "Phụ trách tài chính", True)
    assert page.stack.currentWidget() is page.splitter
    assert page.visible_names() == ["Nguyễn Văn An"]
    assert page.selected_person_id() == person.id
    row = [page.proxy.index(0, c).data() for c in range(page.proxy.columnCount())]
    assert row == ["Nguyễn Văn An", "1985", "Nam", "Phó Chủ tịch", "Phòng Kế toán", "✓"]
    assert page.details.name.text() == "Nguyễn Văn An"
    posts = page.details.posts_model.rows()
    assert [(p.title, p.start, p.status, p.duties) for p in posts] == [
        ("Phó Chủ tịch", "15/05/2023", "Đang giữ", "Phụ trách tài chính")]
    assert services.audit is not None
    actions = [r["action"] for r in services.book.db.query("SELECT action FROM audit ORDER BY id")]
    assert "person.create" in actions and "post.create" in actions


def test_cancelling_the_post_dialog_keeps_the_new_person_without_a_post(qtbot, type_text, officers_page):
    dialog = officers_page.add_person()
    type_text(dialog.full_name, "Lê Thị Lan")
    click(qtbot, dialog.save_button)
    officers_page.active_dialog.reject()
    assert officers_page.active_dialog is None
    assert officers_page.visible_names() == ["Lê Thị Lan"]
    assert officers_page.proxy.index(0, PeopleModel.POSTS).data() == "(chưa có chức danh)"


def test_validation_messages_appear_next_to_the_fields(qtbot, type_text, officers_page, services):
    dialog = officers_page.add_person()
    type_text(dialog.full_name, "Trần Thị Bình")
    type_text(dialog.birth_year, "1800")
    type_text(dialog.phone, "12345")
    type_text(dialog.email, "binh.congty.vn")
    click(qtbot, dialog.save_button)

    assert dialog.isVisible(), "the dialog stays open until the service accepts"
    assert services.officers.count() == 0
    assert dialog.error_text("birth_year") == "Năm sinh phải trong khoảng 1925 đến 2010."
    assert "Số điện thoại 12345 không hợp lệ" in dialog.error_text("phone")
    assert "Địa chỉ thư điện tử binh.congty.vn không hợp lệ" in dialog.error_text("email")
    assert dialog.error_text("full_name") == ""
    for name in ("birth_year", "phone", "email"):  # each message sits right under its own field
        form = next(f for f in dialog.forms if name in f.fields)
        assert form.errors[name].parentWidget() is form.fields[name].parentWidget()
        assert form.fields[name].property("invalid") is True
    assert dialog.focusWidget() is dialog.birth_year  # the first field in error

    # A date that is not a date is caught before the service, next to its field too.
    type_text(dialog.birth_date, "31/02/1990")
    click(qtbot, dialog.save_button)
    assert dialog.error_text("birth_date") == "Hãy ghi ngày theo dạng ngày/tháng/năm, ví dụ 05/01/1980."

    # Corrected, the same dialog saves and closes, keeping what was typed.
    for field, text in ((dialog.birth_date, ""), (dialog.birth_year, "1990"), (dialog.phone, "0912345678"),
                        (dialog.email, "binh@congty.vn")):
        field.clear()
        type_text(field, text)
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    (entry,) = services.officers.roster()
    assert (entry.person.full_name, entry.person.birth_year, entry.person.email) == (
        "Trần Thị Bình", 1990, "binh@congty.vn")


def test_post_dialog_requires_a_title_and_a_plausible_term(qtbot, type_text, officers_page, add_person):
    person_id = add_person("Phạm Văn Cường")
    officers_page.refresh()
    officers_page.select_person(person_id)
    click(qtbot, officers_page.details.add_post_button)
    dialog = officers_page.active_dialog
    dialog.term.setCurrentText("")
    type_text(dialog.term.lineEdit(), "2023")
    type_text(dialog.end_date, "01/01/2020")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.error_text("title_key") == "Hãy chọn chức danh."
    assert dialog.error_text("term") == "Nhiệm kỳ ghi bằng hai năm, ví dụ 2023-2028."
    dialog.term.setCurrentText("2023-2028")
    choose(qtbot, dialog.title, "inspection_member")
    click(qtbot, dialog.save_button)
    assert dialog.error_text("end_date") == "Ngày 01/01/2020 nằm ngoài nhiệm kỳ 2023–2028."
    dialog.end_date.clear()
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()


@pytest.mark.parametrize("query", ["nguyen van an", "NGUYỄN VĂN AN", unicodedata.normalize("NFD", "Nguyễn Văn An")])
def test_search_finds_a_name_typed_with_or_without_diacritics(qtbot, type_text, officers_page, add_officer, query):
    for name in ("Nguyễn Văn An", "Nguyễn Văn Bình", "Trần Văn Long", "Trần Thị Hòa", "Lê Thị Hoà", "Phạm Khoa"):
        add_officer(name)
    officers_page.refresh()
    type_text(officers_page.search, query)
    assert officers_page.visible_names() == ["Nguyễn Văn An"]
    assert officers_page.count_label.text() == "Đang hiện 1/6 người"


def test_search_for_hoa_finds_both_tone_placements(qtbot, type_text, officers_page, add_officer):
    for name in ("Nguyễn Văn An", "Trần Thị Hòa", "Lê Thị Hoà", "Phạm Khoa"):
        add_officer(name)
    officers_page.refresh()
    type_text(officers_page.search, "hoa")
    assert officers_page.visible_names() == sorted(["Trần Thị Hòa", "Lê Thị Hoà"], key=name_sort_key)
    officers_page.search.clear()
    type_text(officers_page.search, unicodedata.normalize("NFD", "Hoà"))  # Windows' keyboard, decomposed
    assert sorted(officers_page.visible_names()) == sorted(["Trần Thị Hòa", "Lê Thị Hoà"])
    type_text(officers_page.search, " x")
    assert officers_page.visible_names() == []
    assert officers_page.count_label.text() == "Không tìm thấy ai: hãy xóa ô tìm kiếm hoặc đổi bộ lọc."
    officers_page.search.clear()
    assert len(officers_page.visible_names()) == 4


def test_ctrl_f_focuses_the_search_box(qtbot, officers_page, add_officer):
    add_officer("Nguyễn Văn An")
    officers_page.refresh()
    officers_page.activateWindow()
    officers_page.table.setFocus()
    qtbot.waitUntil(officers_page.table.hasFocus)
    qtbot.keyClick(officers_page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert officers_page.search.hasFocus()


def test_the_table_is_in_vietnamese_order_and_stays_so_after_sorting(qtbot, officers_page, add_officer):
    names = ["Nguyễn Văn Ánh", "Lê Anh", "Đỗ Đức", "Trần Dũng", "Phạm Thị Ơn", "Võ Văn Ôn", "Bùi Thị Ổn",
             "Nguyễn Văn An", "Hoàng Thị Hà", "Hồ Hà", "Đặng Văn Đông", "Lý Văn Dương", "Châu Thị Yến", "Chu Ý"]
    for number, name in enumerate(names):
        add_officer(name, birth_year=1970 + number)
    officers_page.refresh()
    expected = sorted(names, key=name_sort_key)
    assert officers_page.visible_names() == expected
    header = officers_page.table.horizontalHeader()

    def click_header(column):
        qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(header.sectionViewportPosition(column) + 5, 5))

    selected = officers_page.model.row(3).person_id
    officers_page.select_person(selected)
    click_header(PeopleModel.BORN)
    assert officers_page.visible_names() == names  # they were added by year of birth
    assert officers_page.selected_person_id() == selected  # the selection follows the person
    click_header(PeopleModel.NAME)
    shown = officers_page.visible_names()
    assert shown in (expected, expected[::-1])
    if shown != expected:  # the header toggles the direction
        click_header(PeopleModel.NAME)
    assert officers_page.visible_names() == expected


def test_group_and_term_filters(officers_page, services, add_person, add_post):
    chair = add_person("Nguyễn Minh Tuấn")
    add_post(chair, "chair", start_date=date(2023, 5, 15))
    inspector = add_person("Lê Thị Mai")
    add_post(inspector, "inspection_member", start_date=date(2023, 5, 15))
    leader = add_person("Phan Văn Tài")
    add_post(leader, "group_leader", start_date=date(2023, 5, 15))
    former = add_person("Võ Văn Kiệt")
    add_post(former, "committee_member", term=Term(2018, 2023), start_date=date(2018, 6, 12),
             end_date=date(2023, 5, 14))
    officers_page.refresh()
    page = officers_page
    assert sorted(page.visible_names()) == sorted(["Nguyễn Minh Tuấn", "Lê Thị Mai", "Phan Văn Tài"])
    page.group_box.setCurrentIndex(page.group_box.findText("Ban Chấp hành (BCH)"))
    assert page.visible_names() == ["Nguyễn Minh Tuấn"]
    page.include_ended.setChecked(True)
    assert sorted(page.visible_names()) == sorted(["Nguyễn Minh Tuấn", "Võ Văn Kiệt"])
    page.term_box.setCurrentIndex(page.term_box.findText("Nhiệm kỳ hiện tại (2023–2028)"))
    assert page.visible_names() == ["Nguyễn Minh Tuấn"]
    page.group_box.setCurrentIndex(page.group_box.findText("Ủy ban Kiểm tra (UBKT)"))
    assert page.visible_names() == ["Lê Thị Mai"]
    page.group_box.setCurrentIndex(page.group_box.findText("Dưới Ban Chấp hành"))
    assert page.visible_names() == ["Phan Văn Tài"]


def test_ending_a_post(qtbot, type_text, officers_page, services, add_person, add_post):
    # GIVEN an officer with one post, and another with two
    single = add_person("Nguyễn Văn An")
    holding = add_post(single, "committee_member", start_date=date(2023, 5, 15))
    double = add_person("Trần Thị Hòa")
    add_post(double, "committee_member", start_date=date(2023, 5, 15))
    second = add_post(double, "group_leader", start_date=date(2023, 5, 15))
    page = officers_page
    page.refresh()
    page.include_ended.setChecked(True)
    page.select_person(single)
    page.details.select_post(holding)

    # WHEN the chair ends the post with a date and a reason
    click(qtbot, page.details.end_post_button)
    dialog = page.active_dialog
    assert isinstance(dialog, EndPostDialog)
    assert dialog.end_date.text() == "15/06/2025"  # today by default
    dialog.end_date.clear()
    type_text(dialog.end_date, "31/05/2025")
    type_text(dialog.reason, "Chuyển công tác")
    click(qtbot, dialog.save_button)

    # THEN the post shows as ended in the history, and the audit keeps the reason
    assert not dialog.isVisible()
    assert page.selected_person_id() == single
    (post,) = page.details.posts_model.rows()
    assert (post.status, post.end) == ("Đã thôi", "31/05/2025")
    assert not page.details.end_post_button.isEnabled()  # an ended post cannot end again
    posts_column = {page.proxy.index(r, 0).data(): page.proxy.index(r, PeopleModel.POSTS).data()
                    for r in range(page.proxy.rowCount())}
    assert posts_column["Nguyễn Văn An"] == "(không còn giữ chức danh)"
    audit = list(services.book.db.query("SELECT reason FROM audit WHERE action = 'post.end'"))
    assert [row["reason"] for row in audit] == ["Chuyển công tác"]

    # AND with former officers hidden, the person disappears; one with another current post stays
    page.include_ended.setChecked(False)
    assert page.visible_names() == ["Trần Thị Hòa"]
    page.select_person(double)
    page.details.select_post(second)
    dialog = page.end_post()
    dialog.end_date.clear()
    type_text(dialog.end_date, "14/06/2025")
    click(qtbot, dialog.save_button)
    assert page.visible_names() == ["Trần Thị Hòa"]
    assert page.proxy.index(0, PeopleModel.POSTS).data() == "Ủy viên Ban Chấp hành"


def test_ending_a_post_before_it_started_is_shown_next_to_the_date(qtbot, type_text, officers_page, add_person,
                                                                  add_post):
    person = add_person("Nguyễn Văn An")
    holding = add_post(person, "chair", start_date=date(2024, 3, 1))
    officers_page.refresh()
    officers_page.select_person(person)
    officers_page.details.select_post(holding)
    dialog = officers_page.end_post()
    dialog.end_date.clear()
    type_text(dialog.end_date, "01/01/2024")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.error_text("end_date") == "Ngày thôi giữ chức danh không thể trước ngày bắt đầu."


def test_removing_a_person_with_evaluations_is_refused_with_the_reason(
        qtbot, officers_page, services, add_officer, answer_message_box):
    person = add_officer("Nguyễn Văn An")
    assert services.evaluations.open_year(2025) == 1
    officers_page.refresh()
    officers_page.select_person(person)
    officers_page.table.setFocus()
    qtbot.waitUntil(officers_page.table.hasFocus)
    seen = answer_message_box(QMessageBox.StandardButton.Ok)
    qtbot.keyClick(officers_page.table, Qt.Key.Key_Delete)  # Delete in the list
    assert seen == [("errorDialog", "Không thể xóa Nguyễn Văn An: sổ đang lưu 1 kết quả đánh giá và 0 lượt đào tạo "
                                    "của người này. Hãy cho thôi giữ chức danh thay vì xóa.")]
    assert services.officers.count() == 1
    assert officers_page.visible_names() == ["Nguyễn Văn An"]


def test_removing_a_person_without_references_after_confirmation(
        qtbot, officers_page, services, add_officer, answer_message_box):
    keep = add_officer("Trần Thị Hòa")
    person = add_officer("Nguyễn Văn An")
    officers_page.refresh()
    officers_page.select_person(person)

    seen = answer_message_box(QMessageBox.StandardButton.No)
    click(qtbot, officers_page.remove_button)
    assert [name for name, _text in seen] == ["confirmDialog"]
    assert services.officers.count() == 2  # "No" keeps the person

    seen = answer_message_box(QMessageBox.StandardButton.Yes)
    click(qtbot, officers_page.remove_button)
    assert "Nguyễn Văn An" in seen[0][1]
    assert [e.person.id for e in services.officers.roster()] == [keep]
    assert officers_page.visible_names() == ["Trần Thị Hòa"]
    deleted = list(services.book.db.query("SELECT row_id FROM audit WHERE action = 'person.delete'"))
    assert [row["row_id"] for row in deleted] == [person]


def test_removing_a_post_entered_by_mistake(qtbot, officers_page, services, add_officer, add_post,
                                            answer_message_box):
    person = add_officer("Nguyễn Văn An")
    mistake = add_post(person, "women_head", start_date=date(2023, 5, 15))
    officers_page.refresh()
    officers_page.select_person(person)
    officers_page.details.select_post(mistake)
    seen = answer_message_box(QMessageBox.StandardButton.Yes)
    click(qtbot, officers_page.details.remove_post_button)
    assert seen and seen[0][0] == "confirmDialog"
    assert [h.title_key for h in services.officers.person(person).holdings] == ["committee_member"]
    assert [p.title for p in officers_page.details.posts_model.rows()] == ["Ủy viên Ban Chấp hành"]


def test_editing_a_person_with_enter(qtbot, type_text, officers_page, services, add_officer):
    person = add_officer("Nguyen Van An")
    officers_page.refresh()
    officers_page.select_person(person)
    officers_page.table.setFocus()
    qtbot.keyClick(officers_page.table, Qt.Key.Key_Return)
    dialog = officers_page.active_dialog
    assert isinstance(dialog, PersonDialog)
    assert dialog.full_name.text() == "Nguyen Van An"
    dialog.full_name.clear()
    type_text(dialog.full_name, "Nguyễn  Văn An ")
    click(qtbot, dialog.save_button)
    assert services.officers.person(person).person.full_name == "Nguyễn Văn An"  # cleaned by the service
    assert officers_page.visible_names() == ["Nguyễn Văn An"]
    assert officers_page.selected_person_id() == person


def test_the_page_tables_pass_the_model_tester(qtmodeltester, officers_page, add_officer):
    for name in ("Nguyễn Văn An", "Trần Thị Hòa"):
        add_officer(name)
    officers_page.refresh()
    for model in (officers_page.model, officers_page.proxy):
        qtmodeltester.check(model)
    officers_page.select_person(officers_page.model.row(0).person_id)
    qtmodeltester.check(officers_page.details.posts_model)


def test_a_read_only_book_offers_no_changes(officers_page, add_officer, monkeypatch):
    person = add_officer("Nguyễn Văn An")
    monkeypatch.setattr(type(officers_page.session), "read_only", property(lambda self: True))
    officers_page.refresh()
    officers_page.select_person(person)
    assert not officers_page.add_button.isEnabled()
    assert not officers_page.edit_button.isEnabled()
    assert not officers_page.details.add_post_button.isEnabled()
    assert officers_page.add_person() is None


def test_insert_and_ctrl_shift_n_add_a_person(qtbot, officers_page):
    officers_page.table.setFocus()
    qtbot.keyClick(officers_page.table, Qt.Key.Key_Insert)
    assert isinstance(officers_page.active_dialog, PersonDialog)
    officers_page.active_dialog.reject()
    qtbot.keyClick(officers_page, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert isinstance(officers_page.active_dialog, PersonDialog)
    officers_page.active_dialog.reject()
    assert "Ctrl+Shift+N" in officers_page.add_button.toolTip()


def test_correcting_a_post_by_double_click(qtbot, type_text, officers_page, services, add_person, add_post):
    person = add_person("Nguyễn Văn An")
    holding = add_post(person, "committee_member", start_date=date(2023, 5, 15))
    officers_page.refresh()
    officers_page.select_person(person)
    view = officers_page.details.posts_view
    cell = view.visualRect(officers_page.details.posts_model.index(0, 0)).center()
    qtbot.mouseClick(view.viewport(), LEFT, pos=cell)
    qtbot.mouseDClick(view.viewport(), LEFT, pos=cell)
    dialog = officers_page.active_dialog
    assert isinstance(dialog, PostDialog)
    assert dialog.title.currentData() == "committee_member" and dialog.start_date.text() == "15/05/2023"
    type_text(dialog.duties, "Phụ trách nữ công")
    click(qtbot, dialog.save_button)
    (saved,) = services.officers.person(person).holdings
    assert (saved.id, saved.duties) == (holding, "Phụ trách nữ công")
    assert [p.duties for p in officers_page.details.posts_model.rows()] == ["Phụ trách nữ công"]


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_date_field_accepts_typing_and_the_calendar(qtbot, type_text):
    from PySide6.QtCore import QDate

    from desktop.domain.errors import ValidationError
    from desktop.ui.widgets.date_field import DateField

    field = DateField("start_date")
    qtbot.addWidget(field)
    field.show()
    assert field.value() is None  # empty is allowed
    type_text(field, "05011980")
    assert field.value() == date(1980, 1, 5)
    field.editingFinished.emit()
    assert field.text() == "05/01/1980"
    field.setText("1980-13-01")
    with pytest.raises(ValidationError) as refused:
        field.value()
    assert refused.value.field == "start_date"
    field.clear()
    field.show_calendar()
    field._calendar.clicked.emit(QDate(2023, 5, 15))
    assert field.text() == "15/05/2023" and not field._calendar.isVisible()

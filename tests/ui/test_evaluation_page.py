"""The evaluation page on real widgets and a real temporary book: keyboard scoring, totals, levels, closing."""
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.evaluation import Level
from desktop.domain.officers import Person, PostHolding, Sex, Term
from desktop.domain.union import UnionProfile
from desktop.services.app_settings import AppSettings
from desktop.services.book import create_book
from desktop.ui.pages import evaluation as evaluation_module
from desktop.ui.pages.evaluation import EvaluationPage
from desktop.ui.session import BookSession

CLOCK = lambda: datetime(2025, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=7)))  # noqa: E731


@pytest.fixture
def evaluation_session(tmp_path: Path):
    profile = UnionProfile("Công đoàn cơ sở Công ty A", "Công đoàn Khu công nghiệp B", "Phường C", Term(2023, 2028))
    services = create_book(tmp_path / "eval.socanbo", profile, clock=CLOCK)
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    for index, name in enumerate(names):
        person_id = services.officers.add_person(Person(name, birth_year=1980 + index, sex=Sex.MALE))
        services.officers.add_post(PostHolding(person_id, "chair" if index == 0 else "committee_member",
                                               Term(2023, 2028), start_date=date(2023, 5, 15)))
    services.close()
    session = BookSession(AppSettings(), tmp_path / "settings.json", clock=CLOCK)
    session.open(tmp_path / "eval.socanbo")
    yield session
    session.close()


@pytest.fixture
def page(qtbot, evaluation_session):
    widget = EvaluationPage(evaluation_session)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    widget.year_box.setCurrentIndex(widget.year_box.findData(2025))
    return widget


def test_starting_the_year_lists_every_committee_member(page):
    assert page.table.rowCount() == 0
    assert page.empty.isVisible()
    page.open_button.click()
    assert page.table.rowCount() == 3
    assert [page.table.item(r, 0).text() for r in range(3)] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    assert page.progress.text().startswith("0/3")


def test_fill_a_whole_form_with_the_keyboard_only(page, qtbot):
    page.open_button.click()
    form = page.form
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    form.focus_first_cell()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.grid.first_cell())
    # Self column, then committee, then conclusion: Enter moves down each column.
    columns = [["13"] * 4 + ["8"] + ["13"] * 2, ["12"] * 4 + ["8"] + ["12"] * 2, ["14"] * 4 + ["9"] + ["14"] * 2]
    for values in columns:
        for value in values:
            qtbot.keyClicks(QApplication.focusWidget(), value)
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    row = page.services.evaluations.get(page.rows[0].person.id, 2025)
    assert [s.self_points for s in row.evaluation.scores] == [13, 13, 13, 13, 8, 13, 13]
    assert [s.committee_points for s in row.evaluation.scores] == [12, 12, 12, 12, 8, 12, 12]
    assert row.total == 93
    assert row.suggested_level == Level.EXCELLENT
    assert "93" in form.grid.total_labels["final_points"].text()
    assert "xuất sắc" in form.suggested_label.text()
    assert page.table.item(0, 2).text() == "93"


def test_totals_and_suggested_level_update_as_you_type(page, qtbot):
    page.open_button.click()
    grid = page.form.grid
    for number in range(1, 8):
        grid.cells[(number, "final_points")].setText("10")
    assert "70" in grid.total_labels["final_points"].text()
    assert "tốt" in page.form.suggested_label.text()
    grid.cells[(1, "final_points")].setText("9,5")
    assert "69,5" in grid.total_labels["final_points"].text()
    assert "Hoàn thành nhiệm vụ" in page.form.suggested_label.text()


def test_out_of_range_value_is_refused_with_its_message(page, qtbot):
    page.open_button.click()
    cell = page.form.grid.cells[(5, "self_points")]
    cell.setFocus()
    qtbot.keyClicks(cell, "11")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    message = page.form.grid.message.text()
    assert "Tiêu chí 5" in message and "0…10" in message
    assert cell.property("invalid") is True
    row = page.services.evaluations.get(page.rows[0].person.id, 2025)
    assert row.evaluation.score(5).self_points is None  # nothing written
    cell.setText("")
    qtbot.keyClicks(cell, "abc")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    assert "nhập số điểm" in page.form.grid.message.text()


def _finalise_everyone(page):
    services = page.services
    for row in services.evaluations.rows(2025):
        scores = tuple(type(s)(s.number, 10, 10, 12 if s.number != 5 else 8) for s in
                       [type(row.evaluation.score(1))(n) for n in range(1, 8)])
        services.evaluations.save(row.evaluation.__class__(**{**row.evaluation.__dict__, "scores": scores}))
        services.evaluations.finalise(row.person.id, 2025)


def test_close_the_year_then_the_form_is_read_only_and_reopen_needs_a_reason(page, qtbot, monkeypatch):
    page.open_button.click()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    shown = []
    monkeypatch.setattr(evaluation_module, "show_error", lambda parent, error: shown.append(error))
    page.close_button.click()  # refused: nothing is finalised
    assert shown and "chưa chốt" in shown[0].render(lambda s: __import__("desktop.i18n", fromlist=["_"])._(s))
    assert not page.services.evaluations.year_closed(2025)

    _finalise_everyone(page)
    page.refresh_year()
    page.close_button.click()
    assert page.services.evaluations.year_closed(2025)
    assert page.reopen_button.isVisible() and not page.close_button.isVisible()
    assert page.form.grid.cells[(1, "final_points")].isReadOnly()
    assert not page.form.finalise_button.isEnabled()
    assert "đã chốt" in page.form.banner.text()

    monkeypatch.setattr(evaluation_module.QInputDialog, "getText", lambda *a, **k: ("", True))
    page.reopen_button.click()  # empty reason: refused
    assert page.services.evaluations.year_closed(2025)
    monkeypatch.setattr(evaluation_module.QInputDialog, "getText",
                        lambda *a, **k: ("Sửa điểm tiêu chí 2 theo biên bản họp", True))
    page.reopen_button.click()
    assert not page.services.evaluations.year_closed(2025)
    entries = page.services.audit.entries(year=2025)
    assert any(e.action == "year.reopen" and e.reason == "Sửa điểm tiêu chí 2 theo biên bản họp" for e in entries)
    page.tabs.setCurrentIndex(3)
    texts = [page.history.item(i).text() for i in range(page.history.count())]
    assert any("Sửa điểm tiêu chí 2 theo biên bản họp" in text for text in texts)


def test_final_level_override_needs_a_reason(page, qtbot):
    page.open_button.click()
    form = page.form
    for number in range(1, 8):
        form.grid.cells[(number, "final_points")].setText("12" if number != 5 else "8")
        form.grid.cells[(number, "final_points")].editingFinished.emit()
    form.final_level.setCurrentIndex(form.final_level.findData(int(Level.EXCELLENT)))
    form._final_level_chosen()
    assert form.override_reason.property("invalid") is True
    form.finalise()  # refused: no reason
    assert not page.services.evaluations.get(page.rows[0].person.id, 2025).evaluation.finalised
    form.override_reason.setText("Thành tích đột xuất trong thương lượng thỏa ước")
    form.override_reason.editingFinished.emit()
    form.finalise()
    row = page.services.evaluations.get(page.rows[0].person.id, 2025)
    assert row.evaluation.finalised and row.evaluation.final_level == Level.EXCELLENT
    assert row.suggested_level == Level.GOOD


def test_summary_shows_the_cap_warning(page):
    page.open_button.click()
    _finalise_everyone(page)  # 82 points each: three 'good', none excellent
    page.tabs.setCurrentIndex(1)
    assert "3/3" in page.summary.progress.text()
    assert page.summary.cap_warning.property("state") == "met"
    assert page.summary.table.rowCount() == 3

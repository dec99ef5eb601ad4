"""Đánh giá: pick a year, see who is to be evaluated and how far the year is, score each person, review the
year, edit its criteria, close it (and reopen it with a reason)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QInputDialog, QLabel,
                               QListWidget, QMessageBox, QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
                               QTabWidget, QVBoxLayout, QWidget)

from desktop.domain.errors import BookError
from desktop.domain.evaluation import STATUS_LABELS, Status
from desktop.domain.officers import Group
from desktop.i18n import _
from desktop.ui.errors import show_error
from desktop.ui.pages.base import Page, page_heading
from desktop.ui.widgets.criteria_editor import CriteriaEditor
from desktop.ui.widgets.evaluation_form import EvaluationForm
from desktop.ui.widgets.score_grid import points_text
from desktop.ui.widgets.year_summary_view import YearSummaryView


class EvaluationPage(Page):
    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("evaluationPage")
        self.rows = []
        layout = QVBoxLayout(self)
        layout.addWidget(page_heading(_("Evaluation")))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Year:")))
        self.year_box = QComboBox()
        self.year_box.setObjectName("yearBox")
        self.year_box.currentIndexChanged.connect(lambda _index: self.refresh_year())
        bar.addWidget(self.year_box)
        self.leaders_box = QCheckBox(_("Include union group leaders"))
        self.leaders_box.setToolTip(_("Also evaluate the leaders of union groups (not only BCH and UBKT)"))
        self.leaders_box.toggled.connect(lambda _checked: self.refresh_year())
        bar.addWidget(self.leaders_box)
        self.progress = QLabel()
        self.progress.setObjectName("evaluationProgress")
        bar.addWidget(self.progress, 1)
        self.open_button = QPushButton(_("Start the year's evaluation"))
        self.open_button.setToolTip(_("Creates an evaluation sheet for everyone who held a BCH or UBKT post "
                                      "in the year"))
        self.open_button.clicked.connect(self.open_year)
        self.close_button = QPushButton(_("Close the year…"))
        self.close_button.setToolTip(_("Finalises the year: its evaluations become read-only"))
        self.close_button.clicked.connect(self.close_year)
        self.reopen_button = QPushButton(_("Reopen the year…"))
        self.reopen_button.setToolTip(_("Makes a closed year editable again; asks for a reason, kept in the history"))
        self.reopen_button.clicked.connect(self.reopen_year)
        self.excel_button = QPushButton(_("Export to Excel…"))
        self.excel_button.setToolTip(_("The year's evaluation table (every criterion, levels, remarks) as an Excel "
                                       "file"))
        self.excel_button.clicked.connect(self.export_excel)
        for button in (self.open_button, self.close_button, self.reopen_button, self.excel_button):
            bar.addWidget(button)
        layout.addLayout(bar)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("evaluationTabs")
        scoring = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("evaluationList")
        self.table.setHorizontalHeaderLabels([_("Full name"), _("Status"), _("Total"), _("Level")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda row, _c, _pr, _pc: self._show_person(row))
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty)
        self.form = EvaluationForm()
        self.form.saved.connect(self._saved)
        self.form.navigate.connect(self._navigate)
        scoring.addWidget(left)
        scoring.addWidget(self.form)
        scoring.setSizes([420, 860])
        scoring.setStretchFactor(1, 1)
        self.tabs.addTab(scoring, _("Scoring"))
        self.summary = YearSummaryView()
        self.tabs.addTab(self.summary, _("Year summary"))
        self.criteria = CriteriaEditor()
        self.criteria.saved.connect(self.refresh_year)
        self.tabs.addTab(self.criteria, _("Criteria"))
        self.history = QListWidget()
        self.history.setObjectName("yearHistory")
        self.tabs.addTab(self.history, _("History"))
        self.tabs.currentChanged.connect(lambda _index: self._refresh_tab())
        layout.addWidget(self.tabs, 1)
        self.refresh()

    # --- years
    def refresh(self) -> None:
        if self.services is None:
            return
        this_year = self.services.officers.today().year
        years = sorted(set(self.services.evaluations.years()) | {this_year})
        current = self.year_box.currentData() or self.services.evaluations.working_year()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in reversed(years):
            self.year_box.addItem(str(year), year)
        self.year_box.setCurrentIndex(max(0, self.year_box.findData(current)))
        self.year_box.blockSignals(False)
        self.refresh_year()

    @property
    def year(self) -> int | None:
        return self.year_box.currentData()

    def refresh_year(self) -> None:
        services = self.services
        if services is None or self.year is None:
            return
        year = self.year
        leaders = {h.person_id for h in services.officers.people.holdings()
                   if h.group == Group.BELOW and h.active_in_year(year)}
        committee = {h.person_id for h in services.officers.people.holdings()
                     if h.group in (Group.BCH, Group.UBKT) and h.active_in_year(year)}
        self.rows = [row for row in services.evaluations.rows(year)
                     if self.leaders_box.isChecked() or row.person.id in committee or row.person.id not in leaders]
        closed = services.evaluations.year_closed(year)
        writable = not services.book.read_only
        done = sum(1 for row in self.rows if row.evaluation.status() == Status.FINAL)
        self.progress.setText(_("{done}/{total} finalised").format(done=done, total=len(self.rows))
                              + (" — " + _("the year is closed") if closed else ""))
        self.open_button.setEnabled(writable and not closed)
        self.close_button.setVisible(not closed)
        self.close_button.setEnabled(writable and bool(self.rows))
        self.reopen_button.setVisible(closed)
        self.reopen_button.setEnabled(writable)
        self._fill_table()
        self._refresh_tab()

    def _fill_table(self) -> None:
        selected = self._selected_person_id()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            level = row.evaluation.effective_level(row.criteria_set)
            values = [row.person.full_name, _(STATUS_LABELS[row.evaluation.status()]), points_text(row.total) or "—",
                      _(level.short_label) if level and row.total is not None else "—"]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row.person.id)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(index, column, item)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        has_rows = bool(self.rows)
        self.empty.setVisible(not has_rows)
        self.empty.setText(_("No evaluations for {year} yet. Click “Start the year's evaluation” to create a sheet "
                             "for every committee member of the year.").format(year=self.year))
        ids = [row.person.id for row in self.rows]
        target = ids.index(selected) if selected in ids else (0 if ids else -1)
        if target >= 0:
            self.table.selectRow(target)
            self._show_person(target)
        else:
            self.form.setEnabled(False)

    def _selected_person_id(self) -> int | None:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _show_person(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.form.load(self.services, self.rows[row].person.id, self.year)

    def _navigate(self, step: int) -> None:
        target = self.table.currentRow() + step
        if 0 <= target < self.table.rowCount():
            self.table.selectRow(target)
            self.form.focus_first_cell()

    def _saved(self) -> None:
        # Update the list in place (status, total, level) without reloading the form being typed in.
        row_index = self.table.currentRow()
        if 0 <= row_index < len(self.rows) and self.form.row is not None:
            self.rows[row_index] = self.form.row
            row = self.form.row
            level = row.evaluation.effective_level(row.criteria_set)
            self.table.item(row_index, 1).setText(_(STATUS_LABELS[row.evaluation.status()]))
            self.table.item(row_index, 2).setText(points_text(row.total) or "—")
            self.table.item(row_index, 3).setText(_(level.short_label) if level and row.total is not None else "—")
            done = sum(1 for r in self.rows if r.evaluation.status() == Status.FINAL)
            self.progress.setText(_("{done}/{total} finalised").format(done=done, total=len(self.rows)))

    def _refresh_tab(self) -> None:
        if self.services is None or self.year is None:
            return
        current = self.tabs.currentIndex()
        if current == 1:
            self.summary.show_summary(self.services.evaluations.summary(self.year))
        elif current == 2:
            self.criteria.load(self.services, self.year)
        elif current == 3:
            self.history.clear()
            entries = self.services.evaluations.year_history(self.year)
            for entry in entries:
                when = entry.at[:16].replace("T", " ")
                if entry.action == "year.close":
                    self.history.addItem(_("{when} — closed").format(when=when))
                else:
                    self.history.addItem(_("{when} — reopened; reason: {reason}").format(when=when, reason=entry.reason))
            if not entries:
                self.history.addItem(_("The year has not been closed yet."))

    # --- actions
    def open_year(self) -> None:
        try:
            created = self.services.evaluations.open_year(self.year, self.leaders_box.isChecked())
        except BookError as error:
            show_error(self, error)
            return
        self.session.notify_changed()
        self.announce(_("{count} evaluation sheet(s) created.").format(count=created))

    def close_year(self) -> None:
        self.form.flush()
        answer = QMessageBox.question(self, _("Close the year"), _(
            "Close {year}? Its evaluations become read-only; reopening later needs a reason.").format(year=self.year))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.evaluations.close_year(self.year)
        except BookError as error:
            show_error(self, error)
            return
        self.session.notify_changed()

    def reopen_year(self) -> None:
        reason, accepted = QInputDialog.getText(self, _("Reopen the year"), _(
            "Why is {year} reopened? The reason is kept in the year's history.").format(year=self.year))
        if not accepted:
            return
        try:
            self.services.evaluations.reopen_year(self.year, reason)
        except BookError as error:
            show_error(self, error)
            return
        self.session.notify_changed()

    def export_excel(self) -> None:
        from pathlib import Path

        from PySide6.QtCore import QStandardPaths
        from PySide6.QtWidgets import QFileDialog

        from desktop.services.reports import ReportService

        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Export to Excel…"), str(
            Path(documents or Path.home()) / f"danh-gia-{self.year}.xlsx"), "Excel (*.xlsx)")
        if not chosen:
            return
        path = Path(chosen) if Path(chosen).suffix else Path(chosen).with_suffix(".xlsx")
        self.form.flush()
        try:
            ReportService(self.services).export_evaluation_table(self.year, path)
        except BookError as error:
            show_error(self, error)
            return
        self.announce(_("The evaluation table was exported to {path}.").format(path=path))

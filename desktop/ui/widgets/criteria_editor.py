"""Bộ tiêu chí: the criteria of one year — short names, full texts, maximum points, thresholds, the cap.

A new year starts as a copy of the previous year's set (the service makes the copy). A set used by a
finalised evaluation, or of a closed year, is shown read-only with the reason.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QAbstractItemView, QDoubleSpinBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from desktop.domain.errors import BookError, ValidationError
from desktop.domain.evaluation import CriteriaSet, Criterion, Thresholds
from desktop.i18n import _
from desktop.ui.errors import show_error
from desktop.ui.widgets.score_grid import N_NOT_A_NUMBER, parse_points, points_text


class CriteriaEditor(QWidget):
    saved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = None
        self.year: int | None = None
        layout = QVBoxLayout(self)
        self.state = QLabel()
        self.state.setObjectName("readOnlyBanner")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("criteriaTable")
        self.table.setHorizontalHeaderLabels([_("Short name"), _("Full text"), _("Max points")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 240)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(lambda _item: self._update_total())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Add a criterion"))
        self.add_button.clicked.connect(self._add_row)
        self.remove_button = QPushButton(_("Remove the selected criterion"))
        self.remove_button.clicked.connect(self._remove_row)
        self.total_label = QLabel()
        self.total_label.setObjectName("criteriaTotal")
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.total_label)
        layout.addLayout(buttons)
        form = QFormLayout()
        self.thresholds = {}
        for key, label in (("excellent", _("Lowest total for 'excellent':")), ("good", _("Lowest total for 'good':")),
                           ("done", _("Lowest total for 'completed':"))):
            spin = QDoubleSpinBox()
            spin.setObjectName(f"threshold_{key}")
            spin.setRange(0, 1000)
            spin.setDecimals(1)
            spin.setMaximumWidth(120)
            self.thresholds[key] = spin
            form.addRow(label, spin)
        self.cap = QDoubleSpinBox()
        self.cap.setObjectName("capPercent")
        self.cap.setRange(1, 100)
        self.cap.setSuffix(" %")
        self.cap.setDecimals(0)
        self.cap.setMaximumWidth(120)
        form.addRow(_("'Excellent' at most this share of 'good':"), self.cap)
        layout.addLayout(form)
        actions = QHBoxLayout()
        self.scale_button = QPushButton(_("Scale the thresholds to the total"))
        self.scale_button.setToolTip(_("Keeps 90/70/50 out of 100 in proportion when the total is not 100"))
        self.scale_button.clicked.connect(self._scale)
        self.save_button = QPushButton(_("Save the criteria"))
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        actions.addWidget(self.message, 1)
        actions.addWidget(self.scale_button)
        actions.addWidget(self.save_button)
        layout.addLayout(actions)

    def load(self, services, year: int) -> None:
        self.services = services
        self.year = year
        editable = not services.book.read_only and services.evaluations.criteria_set_editable(year)
        criteria_set = services.evaluations.criteria_set_if_any(year)
        if criteria_set is None:
            criteria_set = services.evaluations.criteria_set(year) if editable else None
        self._show(criteria_set)
        for widget in (self.table, self.add_button, self.remove_button, self.scale_button, self.save_button,
                       self.cap, *self.thresholds.values()):
            widget.setEnabled(editable and criteria_set is not None)
        if services.evaluations.year_closed(year):
            self.state.setText(_("The year {year} is closed: its criteria cannot change.").format(year=year))
        elif not editable:
            self.state.setText(_("These criteria are used by finalised evaluations; return them to draft to change "
                                 "the criteria."))
        self.state.setVisible(not editable)
        self.message.clear()

    def _show(self, criteria_set: CriteriaSet | None) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        if criteria_set is not None:
            for criterion in criteria_set.criteria:
                self._add_row(criterion)
            self.thresholds["excellent"].setValue(criteria_set.thresholds.excellent)
            self.thresholds["good"].setValue(criteria_set.thresholds.good)
            self.thresholds["done"].setValue(criteria_set.thresholds.done)
            self.cap.setValue(round(criteria_set.cap_ratio * 100))
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self._update_total()

    def _add_row(self, criterion: Criterion | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = (criterion.short_name, criterion.full_text, points_text(criterion.max_points)) if criterion else (
            "", "", "10")
        for column, value in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.setVerticalHeaderItem(row, QTableWidgetItem(str(row + 1)))

    def _remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            for index in range(self.table.rowCount()):
                self.table.setVerticalHeaderItem(index, QTableWidgetItem(str(index + 1)))
            self._update_total()

    def criteria(self) -> tuple[Criterion, ...]:
        found = []
        for row in range(self.table.rowCount()):
            texts = [(self.table.item(row, c).text() if self.table.item(row, c) else "") for c in range(3)]
            try:
                points = parse_points(texts[2]) or 0.0
            except ValueError:
                raise ValidationError(N_NOT_A_NUMBER, field="criteria", number=row + 1) from None
            found.append(Criterion(row + 1, texts[0].strip() or texts[1].strip()[:40], texts[1], points))
        return tuple(found)

    def _update_total(self) -> None:
        try:
            total = sum(c.max_points for c in self.criteria())
            self.total_label.setText(_("Total: {total} points").format(total=points_text(round(total, 1))))
        except ValidationError as error:
            self.total_label.setText(error.render(_))

    def _scale(self) -> None:
        try:
            total = sum(c.max_points for c in self.criteria())
        except ValidationError as error:
            self.message.setText(error.render(_))
            return
        scaled = Thresholds().scaled(100, total) if total else Thresholds()
        self.thresholds["excellent"].setValue(scaled.excellent)
        self.thresholds["good"].setValue(scaled.good)
        self.thresholds["done"].setValue(scaled.done)

    def save(self) -> None:
        try:
            criteria_set = CriteriaSet(self.year, self.criteria(), Thresholds(
                self.thresholds["excellent"].value(), self.thresholds["good"].value(), self.thresholds["done"].value()),
                self.cap.value() / 100)
            self.services.evaluations.save_criteria_set(criteria_set)
        except ValidationError as error:
            self.message.setText(error.render(_))
            return
        except BookError as error:
            show_error(self, error)
            return
        self.message.setText(_("Saved."))
        self.saved.emit()


"""The seven (or however many) criteria with three score columns: self, committee, conclusion.

Keyboard first: Tab and Enter move down a column (self for every criterion, then committee, then the
conclusion), which is how the paper sheets are read out. Values are checked against the criterion's maximum
as they are entered; a refused value keeps its cell red with the reason under the grid.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from desktop.domain.errors import ValidationError
from desktop.domain.evaluation import CriteriaSet, Score, check_points
from desktop.domain.vietnamese import format_number
from desktop.i18n import N_, _

COLUMNS = ("self_points", "committee_points", "final_points")
N_NOT_A_NUMBER = N_("Criterion {number}: enter a number of points, such as 12 or 12,5.")


def parse_points(text: str) -> float | None:
    """"12", "12,5" or "12.5"; empty is None. Raises ValueError for anything else."""
    text = text.strip().replace(",", ".")
    return None if not text else float(text)


def points_text(value: float | None) -> str:
    if value is None:
        return ""
    return format_number(value, 0 if value == int(value) else 1)


class ScoreCell(QLineEdit):
    """A points cell where Enter moves on like Tab."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.editingFinished.emit()
            self.focusNextChild()
            return
        super().keyPressEvent(event)


class ScoreGrid(QWidget):
    """Emits `changed` when a valid value was entered (the form saves), `totals_changed` on every keystroke."""

    changed = Signal()
    totals_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        self.criteria_set: CriteriaSet | None = None
        self.cells: dict[tuple[int, str], ScoreCell] = {}
        self.total_labels: dict[str, QLabel] = {}
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self._invalid: set[tuple[int, str]] = set()

    def build(self, criteria_set: CriteriaSet) -> None:
        """Lay out one row per criterion (rebuilt only when the set changes)."""
        if self.criteria_set is not None and self.criteria_set == criteria_set:
            return
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.cells.clear()
        self.total_labels.clear()
        self.criteria_set = criteria_set
        headers = [_("No."), _("Criterion"), _("Max"), _("Self"), _("Committee"), _("Conclusion")]
        tips = ["", "", _("Maximum points"), _("Points the officer gave themselves (tự chấm)"),
                _("Points of the committee's collective review (tập thể chấm)"),
                _("Points of the conclusion (kết luận); the level is computed from these")]
        for column, (text, tip) in enumerate(zip(headers, tips)):
            label = QLabel(f"<b>{text}</b>")
            label.setToolTip(tip)
            self.grid.addWidget(label, 0, column, alignment=Qt.AlignmentFlag.AlignBottom)
        for row, criterion in enumerate(criteria_set.criteria, start=1):
            self.grid.addWidget(QLabel(str(criterion.number)), row, 0, alignment=Qt.AlignmentFlag.AlignTop)
            text = QLabel(f"<b>{criterion.short_name}</b><br>{criterion.full_text}")
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setObjectName(f"criterionText{criterion.number}")
            self.grid.addWidget(text, row, 1)
            self.grid.addWidget(QLabel(points_text(criterion.max_points)), row, 2, alignment=Qt.AlignmentFlag.AlignTop)
            for offset, column in enumerate(COLUMNS):
                cell = ScoreCell()
                cell.setObjectName(f"score_{column}_{criterion.number}")
                cell.setFixedWidth(64)
                cell.setAlignment(Qt.AlignmentFlag.AlignRight)
                cell.setToolTip(_("0 to {maximum} points; Enter or Tab moves to the next criterion").format(
                    maximum=points_text(criterion.max_points)))
                cell.textChanged.connect(self._typed)
                cell.editingFinished.connect(lambda n=criterion.number, c=column: self._entered(n, c))
                self.cells[(criterion.number, column)] = cell
                self.grid.addWidget(cell, row, 3 + offset, alignment=Qt.AlignmentFlag.AlignTop)
        total_row = len(criteria_set.criteria) + 1
        self.grid.addWidget(QLabel(f"<b>{_('Total')}</b>"), total_row, 1, alignment=Qt.AlignmentFlag.AlignRight)
        self.grid.addWidget(QLabel(f"<b>{points_text(criteria_set.total_points)}</b>"), total_row, 2)
        for offset, column in enumerate(COLUMNS):
            label = QLabel("—")
            label.setObjectName(f"total_{column}")
            label.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.total_labels[column] = label
            self.grid.addWidget(label, total_row, 3 + offset)
        self.grid.addWidget(self.message, total_row + 1, 0, 1, 6)
        self.grid.setColumnStretch(1, 1)
        self._chain_tab_order()

    def _chain_tab_order(self) -> None:
        ordered = [self.cells[(c.number, column)] for column in COLUMNS for c in self.criteria_set.criteria]
        for first, second in zip(ordered, ordered[1:]):
            QWidget.setTabOrder(first, second)

    def first_cell(self) -> ScoreCell | None:
        return self.ordered_cells()[0] if self.cells else None

    def ordered_cells(self) -> list[ScoreCell]:
        return [self.cells[(c.number, column)] for column in COLUMNS for c in self.criteria_set.criteria]

    def show_scores(self, scores: tuple[Score, ...]) -> None:
        by_number = {score.number: score for score in scores}
        for (number, column), cell in self.cells.items():
            score = by_number.get(number)
            cell.blockSignals(True)
            cell.setText(points_text(getattr(score, column)) if score else "")
            cell.blockSignals(False)
            self._mark(cell, False)
        self._invalid.clear()
        self.message.clear()
        self.update_totals()

    def set_editable(self, editable: bool) -> None:
        # Read-only rather than disabled: the points stay readable (disabled text is too faint).
        for cell in self.cells.values():
            cell.setReadOnly(not editable)
            cell.setFocusPolicy(Qt.FocusPolicy.StrongFocus if editable else Qt.FocusPolicy.ClickFocus)

    def _value(self, number: int, column: str) -> float | None:
        criterion = self.criteria_set.criterion(number)
        try:
            return check_points(parse_points(self.cells[(number, column)].text()), criterion)
        except ValueError:
            raise ValidationError(N_NOT_A_NUMBER, field=f"criterion_{number}", number=number) from None

    def _entered(self, number: int, column: str) -> None:
        cell = self.cells[(number, column)]
        try:
            self._value(number, column)
        except ValidationError as error:
            self._invalid.add((number, column))
            self._mark(cell, True)
            self.message.setText(error.render(_))
            return
        if (number, column) in self._invalid:
            self._invalid.discard((number, column))
            self._mark(cell, False)
            if not self._invalid:
                self.message.clear()
        self.changed.emit()

    def _typed(self) -> None:
        self.update_totals()
        self.totals_changed.emit()

    def has_invalid(self) -> bool:
        return bool(self._invalid)

    def scores(self) -> tuple[Score, ...]:
        """The valid scores on screen (a refused cell keeps its last saved value out of the save)."""
        found = []
        for criterion in self.criteria_set.criteria:
            values = {}
            for column in COLUMNS:
                try:
                    values[column] = self._value(criterion.number, column)
                except ValidationError:
                    values[column] = None
            found.append(Score(criterion.number, **values))
        return tuple(found)

    def update_totals(self) -> None:
        if self.criteria_set is None:
            return
        for column in COLUMNS:
            values = []
            for criterion in self.criteria_set.criteria:
                try:
                    values.append(self._value(criterion.number, column))
                except ValidationError:
                    values.append(None)
            filled = [v for v in values if v is not None]
            text = points_text(round(sum(filled), 1)) if filled else "—"
            if filled and len(filled) < len(values):
                text += " " + _("(incomplete)")
            self.total_labels[column].setText(f"<b>{text}</b>" if len(filled) == len(values) else text)

    def copy_column(self, source: str, target: str) -> None:
        for criterion in self.criteria_set.criteria:
            self.cells[(criterion.number, target)].setText(self.cells[(criterion.number, source)].text())
        self.update_totals()
        self.changed.emit()

    @staticmethod
    def _mark(cell: QLineEdit, invalid: bool) -> None:
        cell.setProperty("invalid", invalid)
        cell.style().unpolish(cell)
        cell.style().polish(cell)

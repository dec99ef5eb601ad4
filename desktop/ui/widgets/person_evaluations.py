"""One person across the years: totals and levels by year, as a small table and a bar chart."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop.domain.evaluation import STATUS_LABELS
from desktop.i18n import _
from desktop.ui.widgets.bar_chart import BarChart
from desktop.ui.widgets.score_grid import points_text


class PersonEvaluations(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel(_("No evaluations yet."))
        self.empty.setObjectName("emptyState")
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("personEvaluations")
        self.table.setHorizontalHeaderLabels([_("Year"), _("Total"), _("Level"), _("Status")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.chart = BarChart()
        self.chart.setObjectName("personTotalsChart")
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addWidget(self.chart)

    def show_history(self, rows) -> None:
        """`rows`: EvaluationService.history(person_id) — one EvaluationRow per year."""
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.chart.setVisible(bool(rows))
        self.table.setRowCount(len(rows))
        bars = []
        for index, row in enumerate(rows):
            level = row.evaluation.effective_level(row.criteria_set) if row.total is not None else None
            values = [str(row.evaluation.year), points_text(row.total) or "—",
                      _(level.short_label) if level else "—", _(STATUS_LABELS[row.evaluation.status()])]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(index, column, item)
            if row.total is not None:
                bars.append((str(row.evaluation.year), row.total,
                             points_text(row.total) + (f" — {_(level.short_label)}" if level else "")))
        self.table.resizeColumnsToContents()
        self.chart.set_bars(bars, maximum=max([r.criteria_set.total_points for r in rows] + [100]))

"""Tổng hợp năm: counts and shares per level with a bar chart, the cap warning, who is still missing, and each
person's total next to last year's."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from desktop.domain.evaluation import Level
from desktop.domain.vietnamese import format_number
from desktop.i18n import _
from desktop.ui.widgets.bar_chart import BarChart
from desktop.ui.widgets.score_grid import points_text


def share_text(value: float | None) -> str:
    return "—" if value is None else format_number(value, 1) + "%"


class YearSummaryView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.progress = QLabel()
        self.progress.setObjectName("summaryProgress")
        layout.addWidget(self.progress)
        self.cap_warning = QLabel()
        self.cap_warning.setObjectName("capWarning")
        self.cap_warning.setWordWrap(True)
        layout.addWidget(self.cap_warning)
        top = QHBoxLayout()
        levels_box = QGroupBox(_("Levels (finalised evaluations)"))
        levels_layout = QVBoxLayout(levels_box)
        self.chart = BarChart()
        self.chart.setObjectName("levelChart")
        levels_layout.addWidget(self.chart)
        top.addWidget(levels_box, 3)
        missing_box = QGroupBox(_("Still to finalise"))
        missing_layout = QVBoxLayout(missing_box)
        self.missing = QLabel()
        self.missing.setObjectName("missingList")
        self.missing.setWordWrap(True)
        self.missing.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        missing_layout.addWidget(self.missing)
        top.addWidget(missing_box, 2)
        layout.addLayout(top)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("totalsTable")
        self.table.setHorizontalHeaderLabels([_("Full name"), _("Total"), _("Level"), _("Last year"), _("Change")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

    def show_summary(self, summary) -> None:
        self.progress.setText(_("{done}/{total} evaluations of {year} finalised.").format(
            done=summary.finalised, total=summary.evaluated, year=summary.year)
            + (" " + _("The year is closed.") if summary.closed else ""))
        bars = [(_(level.short_label), summary.counts[level],
                 f"{summary.counts[level]} ({share_text(summary.share(level))})") for level in Level]
        self.chart.set_bars(bars)
        cap = summary.cap
        if cap.exceeded:
            self.cap_warning.setText("⚠ " + _(
                "{excellent} rated 'excellent' is more than {percent} of the {good} rated 'good' (at most {allowed}). "
                "This is a warning, not a block.").format(excellent=cap.excellent, good=cap.good, allowed=cap.allowed,
                                                          percent=share_text(100 * summary.cap_ratio)))
            self.cap_warning.setProperty("state", "unmet")
        else:
            self.cap_warning.setText(_("'Excellent' stays within {percent} of 'good' ({excellent} of at most "
                                       "{allowed}).").format(percent=share_text(100 * summary.cap_ratio),
                                                             excellent=cap.excellent, allowed=cap.allowed))
            self.cap_warning.setProperty("state", "met")
        self.cap_warning.style().unpolish(self.cap_warning)
        self.cap_warning.style().polish(self.cap_warning)
        self.missing.setText("\n".join(person.full_name for person in summary.missing)
                             or _("Nobody: every evaluation is finalised."))
        self.table.setRowCount(len(summary.people))
        for row, entry in enumerate(summary.people):
            change = entry.change
            values = [entry.person.full_name, points_text(entry.total),
                      _(entry.level.short_label) if entry.level else "—", points_text(entry.last_year_total) or "—",
                      "—" if change is None else (("+" if change > 0 else "") + points_text(change))]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (1, 3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        for column in range(1, 5):
            self.table.resizeColumnToContents(column)

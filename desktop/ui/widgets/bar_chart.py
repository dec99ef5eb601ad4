"""A small horizontal bar chart drawn with QPainter (Qt Charts is not in PySide6-Essentials)."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ("#2f855a", "#3182ce", "#d69e2e", "#c53030", "#805ad5", "#718096")


class BarChart(QWidget):
    """Bars with a label on the left and the value (and an optional text) on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, float, str]] = []
        self.maximum = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[tuple[str, float, str]], maximum: float | None = None) -> None:
        """`bars`: (label, value, value text). `maximum` fixes the scale (e.g. 100 for percentages)."""
        self.bars = bars
        self.maximum = maximum if maximum is not None else max([value for _l, value, _t in bars] + [1])
        self.setAccessibleDescription("; ".join(f"{label}: {text}" for label, _v, text in bars))
        self.setMinimumHeight(self.sizeHint().height())
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(420, 12 + 30 * max(1, len(self.bars)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        label_width = max([metrics.horizontalAdvance(label) for label, _v, _t in self.bars] + [40]) + 12
        text_width = max([metrics.horizontalAdvance(text) for _l, _v, text in self.bars] + [30]) + 12
        bar_space = max(20, self.width() - label_width - text_width - 8)
        for index, (label, value, text) in enumerate(self.bars):
            top = 6 + index * 30
            painter.setPen(QColor("#2d3748"))
            painter.drawText(QRectF(0, top, label_width - 8, 22),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            length = 0 if self.maximum <= 0 else bar_space * min(value, self.maximum) / self.maximum
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#edf2f7"))
            painter.drawRoundedRect(QRectF(label_width, top + 3, bar_space, 16), 3, 3)
            painter.setBrush(QColor(PALETTE[index % len(PALETTE)]))
            if length > 0:
                painter.drawRoundedRect(QRectF(label_width, top + 3, length, 16), 3, 3)
            painter.setPen(QColor("#2d3748"))
            painter.drawText(QRectF(label_width + bar_space + 8, top, text_width, 22),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.end()

"""A number at a glance: a big figure, what it counts, and its target when there is one."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class StatCard(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.value = QLabel("—")
        self.value.setObjectName("statValue")
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        self.caption.setObjectName("statCaption")
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setObjectName("statDetail")
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def show_value(self, value: str, detail: str = "", state: str = "") -> None:
        """`state` is "met", "unmet" or "" and colours the figure through the style sheet."""
        self.value.setText(value)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.value.setProperty("state", state)
        self.value.style().unpolish(self.value)
        self.value.style().polish(self.value)

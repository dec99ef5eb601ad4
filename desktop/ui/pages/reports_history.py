"""The reports page's history: every exported report (when, which year, its number, the file, its SHA-256 and
who signed it digitally), newest first. Double-clicking a row opens the file when it is still there."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desktop.i18n import _

SHORT_HASH = 12  # enough to tell two files apart by eye; the tooltip has the full digest


def when_text(exported_at: str) -> str:
    """"2025-11-20T09:00:00+07:00" -> "20/11/2025 09:00" (the time as it was on the exporting PC)."""
    try:
        moment = datetime.fromisoformat(exported_at)
    except ValueError:
        return exported_at
    return moment.strftime("%d/%m/%Y %H:%M")


class ExportHistory(QTableWidget):
    COLUMNS = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, self.COLUMNS, parent)
        self.setObjectName("exportHistory")
        self.setHorizontalHeaderLabels([_("Exported at"), _("Year"), _("Number"), _("File"), _("SHA-256"),
                                        _("Digitally signed by")])
        self.horizontalHeaderItem(4).setToolTip(_("The first characters of the file's SHA-256 fingerprint; "
                                                  "the full fingerprint is in the cell's tooltip"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.setToolTip(_("Double-click a row to open its file"))
        self.cellDoubleClicked.connect(lambda row, _column: self.open_row(row))

    def show_exports(self, exports) -> None:
        self.setRowCount(len(exports))
        for index, export in enumerate(exports):
            path = Path(export.file_name)
            cells = [
                (when_text(export.exported_at), export.exported_at),
                (str(export.year), ""),
                (export.number, ""),
                (path.name, str(path)),
                (export.sha256[:SHORT_HASH], export.sha256),
                (export.signed_by or _("— (not signed)"), ""),
            ]
            for column, (text, tip) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                if tip:
                    item.setToolTip(tip)
                if column in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.setItem(index, column, item)

    def numbers(self) -> list[str]:
        return [self.item(row, 2).text() for row in range(self.rowCount())]

    def open_row(self, row: int) -> None:
        item = self.item(row, 0)
        if item is not None and Path(item.data(Qt.ItemDataRole.UserRole)).is_file():
            QDesktopServices.openUrl(QUrl.fromLocalFile(item.data(Qt.ItemDataRole.UserRole)))
